//! One test per form of the cell grammar.

use super::*;
use rust_decimal_macros::dec;

fn amount(value: Decimal, bound: Bound, unit: Option<&str>) -> Quantity {
    Quantity::Amount(Measure {
        value,
        bound,
        unit: unit.map(Box::from),
        approx: false,
    })
}

fn rate(value: Decimal, bound: Bound) -> Quantity {
    Quantity::Rate(Measure {
        value,
        bound,
        unit: None,
        approx: false,
    })
}

#[test]
fn plain_amounts_are_exact_decimals() {
    assert_eq!(parse("2500"), amount(dec!(2500), Bound::Exact, None));
    assert_eq!(parse("0.45"), amount(dec!(0.45), Bound::Exact, None));
    assert_eq!(parse("3.6"), amount(dec!(3.6), Bound::Exact, None));
}

#[test]
fn wan_and_yi_multiply_exactly() {
    assert_eq!(parse("0.9 万"), amount(dec!(9000), Bound::Exact, None));
    assert_eq!(parse("1.2亿"), amount(dec!(120000000), Bound::Exact, None));
    assert_eq!(
        parse("150万户"),
        amount(dec!(1500000), Bound::Exact, Some("户"))
    );
}

#[test]
fn unit_word_after_a_number_is_kept_apart() {
    assert_eq!(parse("20家"), amount(dec!(20), Bound::Exact, Some("家")));
}

#[test]
fn full_width_digits_separators_and_spaces_read_the_same() {
    assert_eq!(parse("２５００"), parse("2500"));
    assert_eq!(parse("1,000"), amount(dec!(1000), Bound::Exact, None));
    assert_eq!(parse(" 20 "), parse("20"));
    assert_eq!(parse("１，６４１"), amount(dec!(1641), Bound::Exact, None));
}

#[test]
fn lower_bounds_in_every_spelling() {
    assert_eq!(parse("85以上"), amount(dec!(85), Bound::AtLeast, None));
    assert_eq!(parse("不少于 5%"), rate(dec!(0.05), Bound::AtLeast));
    assert_eq!(parse("不低于 25%"), rate(dec!(0.25), Bound::AtLeast));
    assert_eq!(parse("≥95%"), rate(dec!(0.95), Bound::AtLeast));
    assert_eq!(parse("达到95%以上"), rate(dec!(0.95), Bound::AtLeast));
}

#[test]
fn upper_bounds_in_every_spelling() {
    assert_eq!(
        parse("15 分钟以内"),
        amount(dec!(15), Bound::AtMost, Some("分钟"))
    );
    assert_eq!(
        parse("控制在0.22以内"),
        amount(dec!(0.22), Bound::AtMost, None)
    );
    assert_eq!(
        parse("平均压缩至 7 个工作日内"),
        amount(dec!(7), Bound::AtMost, Some("个工作日"))
    );
}

#[test]
fn rates_are_fractions() {
    assert_eq!(parse("90%"), rate(dec!(0.9), Bound::Exact));
    assert_eq!(parse("达到 80%"), rate(dec!(0.8), Bound::AtLeast));
    assert_eq!(parse("99% 以上"), rate(dec!(0.99), Bound::AtLeast));
}

#[test]
fn changes_against_last_year_keep_their_direction() {
    let down = parse("下降 10% 以上");
    assert_eq!(
        down,
        Quantity::Change {
            sign: -1,
            rate: Measure {
                value: dec!(0.1),
                bound: Bound::AtLeast,
                unit: None,
                approx: false
            }
        }
    );
    assert!(matches!(
        parse("增长8%以上"),
        Quantity::Change { sign: 1, .. }
    ));
}

#[test]
fn slash_dash_and_blank_mean_not_assigned() {
    for text in ["/", "／", "—", "", "  ", "－"] {
        assert_eq!(parse(text), Quantity::Unassigned, "{text:?}");
    }
}

#[test]
fn jun_makes_a_uniform_requirement() {
    assert_eq!(
        parse("均达到 80%"),
        Quantity::Uniform(Box::new(rate(dec!(0.8), Bound::AtLeast)))
    );
    assert_eq!(
        parse("均缩短至 15 分钟以内"),
        Quantity::Uniform(Box::new(amount(dec!(15), Bound::AtMost, Some("分钟"))))
    );
    assert_eq!(
        parse("均实现平均 3 个工作日"),
        Quantity::Uniform(Box::new(amount(dec!(3), Bound::Exact, Some("个工作日"))))
    );
}

#[test]
fn free_text_is_qualitative_not_zero() {
    let text = "制定1个以上行业信用建设指引";
    assert_eq!(parse(text), Quantity::Text(text.into()));
    assert!(matches!(
        parse("对1个“三新经济”行业实施触发式监管"),
        Quantity::Text(_)
    ));
}

#[test]
fn reference_to_another_units_allocation_names_the_parent() {
    assert_eq!(
        parse("按照嵊泗县局要求落实"),
        Quantity::Within {
            parent: Some("嵊泗县局".into())
        }
    );
    assert_eq!(
        parse("分别纳入对应县区的统计范围"),
        Quantity::Within { parent: None }
    );
}

#[test]
fn text_that_cannot_be_classified_is_kept_and_marked() {
    assert_eq!(parse("12..5"), Quantity::Unparsed("12..5".into()));
    assert_eq!(parse("abc"), Quantity::Unparsed("abc".into()));
    assert_eq!(parse("待定"), Quantity::Unparsed("待定".into()));
}

#[test]
fn approximate_figures_are_read_and_marked_approximate() {
    let Quantity::Amount(m) = parse("约30") else {
        panic!()
    };
    assert_eq!((m.value, m.approx), (dec!(30), true));
    let Quantity::Amount(m) = parse("30左右") else {
        panic!()
    };
    assert_eq!((m.value, m.approx), (dec!(30), true));
}

#[test]
fn numeric_cells_with_percent_format_are_rates() {
    let cell = Value::Number {
        value: dec!(0.9),
        percent: true,
    };
    assert_eq!(from_value(&cell), rate(dec!(0.9), Bound::Exact));
    assert_eq!(from_value(&cell), parse("90%"));
    let plain = Value::Number {
        value: dec!(2500),
        percent: false,
    };
    assert_eq!(from_value(&plain), parse("2500"));
}

#[test]
fn numbers_too_large_for_a_decimal_are_unparsed_not_a_panic() {
    assert!(matches!(
        parse("99999999999999999999999999999999999"),
        Quantity::Unparsed(_)
    ));
    assert!(matches!(
        parse("9999999999999999999999999亿"),
        Quantity::Unparsed(_)
    ));
}

#[test]
fn rendering_a_quantity_parses_back_to_it() {
    for text in [
        "2500",
        "0.9万",
        "85以上",
        "15分钟以内",
        "达到80%",
        "下降10%以上",
        "均达到80%",
        "按照嵊泗县局要求落实",
        "分别纳入对应县区的统计范围",
        "/",
        "20家",
        "约30",
        "制定1个以上行业信用建设指引",
    ] {
        let q = parse(text);
        assert_eq!(parse(&q.to_string()), q, "{text} rendered as {q}");
    }
}

#[test]
fn a_long_run_of_jun_is_unparsed_quickly_not_a_stack_overflow() {
    let text = "均".repeat(30_000);
    assert!(matches!(parse(&text), Quantity::Text(_)));
}

#[test]
fn a_magnitude_that_is_part_of_the_measure_is_not_applied_twice() {
    let q = in_measure(parse("200万元"), Some("万元"));
    assert_eq!(q.amount().map(|m| m.value), Some(dec!(200)));
    let q = in_measure(parse("3亿元"), Some("亿元"));
    assert_eq!(q.amount().map(|m| m.value), Some(dec!(3)));
    let q = in_measure(parse("0.9 万"), Some("人次"));
    assert_eq!(q.amount().map(|m| m.value), Some(dec!(9000)));
}

#[test]
fn qian_before_a_unit_word_is_not_a_thousand() {
    assert_eq!(parse("2千克"), amount(dec!(2), Bound::Exact, Some("千克")));
}

#[test]
fn huge_percentages_render_without_overflow() {
    let q = Quantity::Rate(Measure::exact(Decimal::MAX));
    assert!(q.to_string().contains('%'));
}

#[test]
fn a_unit_is_assigned_unless_blank_or_nested_in_another() {
    assert!(parse("2500").is_assigned());
    assert!(parse("均达到80%").is_assigned());
    assert!(!parse("/").is_assigned());
    assert!(!parse("按照嵊泗县局要求落实").is_assigned());
}

#[test]
fn a_uniform_rate_is_rate_like_and_asks_for_a_figure() {
    let uniform = parse("均达到95%以上");
    assert_eq!(uniform.inner(), &parse("达到95%以上"));
    assert!(uniform.is_rate_like());
    assert!(uniform.asks_for_figure());
    assert_eq!(uniform.value(), Some(dec!(0.95)));
    assert!(!parse("2500").is_rate_like());
    assert!(parse("2500").asks_for_figure());
    assert!(!parse("完成年度建设任务").asks_for_figure());
    assert_eq!(parse("完成年度建设任务").value(), None);
}

#[test]
fn a_bare_magnitude_under_a_measure_that_has_it_is_the_measures_own() {
    let text = |t: &str| Value::Text(t.into());
    let value = |q: Quantity| q.amount().map(|m| m.value);
    assert_eq!(
        value(from_cell(&text("0.2亿"), Some("亿元"))),
        Some(dec!(0.2))
    );
    assert_eq!(
        value(from_cell(&text("1.6万亩"), Some("万亩"))),
        Some(dec!(1.6))
    );
    assert_eq!(
        value(from_cell(&text("9800万元"), Some("亿元"))),
        Some(dec!(0.98))
    );
    assert_eq!(
        value(from_cell(&text("0.2万"), Some("人次"))),
        Some(dec!(2000))
    );
    assert_eq!(
        value(from_cell(&text("2500"), Some("万元"))),
        Some(dec!(2500))
    );
}

#[test]
fn in_a_rate_target_a_plain_number_is_a_percentage() {
    let rate = |q: Quantity| match q {
        Quantity::Rate(m) => Some(m.value),
        _ => None,
    };
    assert_eq!(rate(against(parse("90"), None, true)), Some(dec!(0.9)));
    assert_eq!(rate(against(parse("0.85"), None, true)), Some(dec!(0.85)));
    assert_eq!(
        rate(against(parse("88"), Some("%"), true)),
        Some(dec!(0.88))
    );
    assert_eq!(rate(against(parse("90"), None, false)), None);
}
