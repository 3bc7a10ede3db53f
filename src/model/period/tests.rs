use super::*;

fn q3() -> Period {
    Period::quarter(2024, 3)
}

fn p(s: &str) -> Period {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn the_command_line_accepts_every_usual_spelling_of_a_quarter() {
    for s in [
        "2024Q3",
        "2024-Q3",
        "2024q3",
        "2024年第三季度",
        "2024年三季度",
        "２０２４Ｑ３",
    ] {
        assert_eq!(s.parse::<Period>().ok(), Some(q3()), "{s}");
    }
    assert!("Q3".parse::<Period>().is_err());
    assert!("2024Q5".parse::<Period>().is_err());
    assert!(
        "三季度"
            .parse::<Period>()
            .unwrap_err()
            .to_string()
            .contains("2024-09")
    );
}

#[test]
fn months_halves_and_years_are_periods_too() {
    for s in [
        "2024-09",
        "2024年9月",
        "2024年09月",
        "2024/9",
        "2024.09",
        "2024年九月",
        "2024年1-9月",
    ] {
        assert_eq!(p(s), Period::month(2024, 9), "{s}");
    }
    for s in ["2024H1", "2024-H1", "2024年上半年", "2024上半年"] {
        assert_eq!(
            p(s),
            Period {
                year: 2024,
                part: Part::Half(1)
            },
            "{s}"
        );
    }
    assert_eq!(p("2024年下半年").part, Part::Half(2));
    for s in ["2024", "2024年", "2024年全年", "2024全年", "2024年度"] {
        assert_eq!(
            p(s),
            Period {
                year: 2024,
                part: Part::Year
            },
            "{s}"
        );
    }
    for bad in ["2024-13", "2024H3", "全年", "9月", "24Q3"] {
        assert!(bad.parse::<Period>().is_err(), "{bad}");
    }
}

#[test]
fn a_period_prints_as_it_is_read_back() {
    for s in ["2024Q3", "2024-09", "2024-01", "2024H1", "2024"] {
        assert_eq!(p(s).to_string(), s);
        assert_eq!(p(&p(s).to_string()), p(s));
    }
}

#[test]
fn elapsed_time_is_the_share_of_the_year_gone() {
    assert_eq!(q3().elapsed().to_string(), "0.75");
    assert_eq!(p("2024-09").elapsed().to_string(), "0.75");
    assert_eq!(p("2024-01").elapsed().to_string(), "0.0833");
    assert_eq!(p("2024H1").elapsed().to_string(), "0.5");
    assert_eq!(p("2024").elapsed().to_string(), "1");
}

#[test]
fn periods_reaching_the_same_month_are_the_same_figures() {
    assert!(q3().same_reach(&p("2024-09")));
    assert!(p("2024H1").same_reach(&p("2024Q2")));
    assert!(!q3().same_reach(&p("2024-08")));
    assert!(p("2024Q2").earlier_in_year(&p("2024-09")));
    assert!(!p("2023Q4").earlier_in_year(&p("2024-01")));
}

#[test]
fn a_title_names_its_period_and_borrows_the_year_when_silent() {
    assert_eq!(
        Period::in_text("2024年舟山市…第三季度进展情况表", None),
        Some(q3())
    );
    assert_eq!(
        Period::in_text("第二季度进展", Some(2024)),
        Some(Period::quarter(2024, 2))
    );
    assert_eq!(
        Period::in_text("2024年舟山市…9月进展情况表", None),
        Some(p("2024-09"))
    );
    assert_eq!(
        Period::in_text("…上半年进展情况表", Some(2024)),
        Some(p("2024H1"))
    );
    assert_eq!(
        Period::in_text("…全年进展情况表", Some(2024)),
        Some(p("2024"))
    );
    assert_eq!(Period::in_text("进展情况表", Some(2024)), None);
    assert_eq!(
        Period::in_text("2024年任务分解表", None),
        None,
        "a year alone"
    );
    assert_eq!(Period::in_text("2024年10月8日", None), None, "a date");
    assert_eq!(Period::in_text("每月10日前报送，12个月", Some(2024)), None);
}

#[test]
fn a_sheet_named_for_a_period_or_its_last_month_names_it() {
    for name in ["三季度", "第三季度", "3季度", "Q3", "2024Q3", "前三季度"] {
        assert_eq!(Period::in_name(name, Some(2024)), Some(q3()), "{name}");
    }
    for name in ["9月", "1-9月", "2024年9月"] {
        let said = Period::in_name(name, Some(2024)).unwrap();
        assert!(said.same_reach(&q3()), "{name}");
    }
    assert_eq!(
        Period::in_name("一季度", Some(2024)),
        Some(Period::quarter(2024, 1))
    );
    assert_eq!(
        Period::in_name("2023Q3", Some(2024)).map(|p| p.year),
        Some(2023)
    );
    assert_eq!(Period::in_name("8月", Some(2024)), Some(p("2024-08")));
    for name in ["Sheet1", "汇总", "进展情况", "本年"] {
        assert_eq!(Period::in_name(name, Some(2024)), None, "{name}");
    }
}

#[test]
fn the_period_before_is_of_the_same_kind() {
    assert_eq!(q3().before().to_string(), "2024Q2");
    assert_eq!(p("2024Q1").before().to_string(), "2023Q4");
    assert_eq!(p("2024-01").before().to_string(), "2023-12");
    assert_eq!(p("2024H2").before().to_string(), "2024H1");
    assert_eq!(p("2024").before().to_string(), "2023");
}

#[test]
fn a_return_reports_on_the_last_period_ended_before_its_filing() {
    let q = Part::Quarter(1);
    assert_eq!(Period::reported_on("2024-10-08", q), Some(q3()));
    assert_eq!(
        Period::reported_on("2024年7月5日", q),
        Some(Period::quarter(2024, 2))
    );
    assert_eq!(
        Period::reported_on("2025-01-06", q),
        Some(Period::quarter(2024, 4))
    );
    assert_eq!(
        Period::reported_on("2024-03-02", q),
        Some(Period::quarter(2023, 4))
    );
    assert_eq!(Period::reported_on("不详", q), None);
    let m = Part::Month(1);
    assert_eq!(Period::reported_on("2024-11-05", m), Some(p("2024-10")));
    assert_eq!(Period::reported_on("2024-01-05", m), Some(p("2023-12")));
    let h = Part::Half(1);
    assert_eq!(Period::reported_on("2024-07-05", h), Some(p("2024H1")));
    assert_eq!(Period::reported_on("2024-05-05", h), Some(p("2023H2")));
    assert_eq!(
        Period::reported_on("2025-01-10", Part::Year),
        Some(p("2024"))
    );
}

#[test]
fn a_period_is_said_in_the_clerks_words() {
    assert_eq!(q3().words(), "第三季度");
    assert_eq!(p("2024-09").chinese(), "2024年9月");
    assert_eq!(p("2024H1").words(), "上半年");
    assert_eq!(p("2024").chinese(), "2024年全年");
}

#[test]
fn what_a_period_added_is_named_for_its_kind() {
    assert_eq!(q3().added_words(), "本季新增");
    assert_eq!(p("2024-09").added_words(), "本月新增");
    assert_eq!(p("2024H1").added_words(), "本期新增");
    assert_eq!(p("2024").added_words(), "本期新增");
}
