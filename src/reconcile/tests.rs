//! The checks on small in-memory sheets: grid → table → plan → check, no files.

use super::*;
use crate::grid::{Addr, Grid, Span, Value};
use crate::model::profile::Profile;
use crate::table;

fn cell(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_string())
    }
}

/// A sheet whose first row is `序号 | 目标名称 | 全市目标任务 | 甲 | 乙 | 丙`.
fn sheet(rows: &[&[&str]], merges: Vec<Span>) -> Grid {
    let mut all = vec![
        ["序号", "目标名称", "全市目标任务", "甲", "乙", "丙"]
            .iter()
            .map(|s| cell(s))
            .collect(),
    ];
    all.extend(rows.iter().map(|r| r.iter().map(|s| cell(s)).collect()));
    Grid::new("t.xlsx", "表", all, merges)
}

fn checked(grid: &Grid, profile: Option<Profile>) -> Check {
    let t = table::find(grid).expect("header found");
    check(Plan::read(grid, &t, profile))
}

fn codes(c: &Check) -> Vec<(&'static str, String)> {
    c.findings
        .iter()
        .map(|f| (f.code.as_str(), f.cell.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn check_flags_row_whose_units_sum_above_total() {
    let c = checked(
        &sheet(&[&["1", "培训(人次)", "10", "4", "4", "3"]], vec![]),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::Mismatch);
    assert_eq!(c.verdicts[0].difference, Some(Decimal::ONE));
    assert_eq!(codes(&c), [("sum_mismatch", "表!C2".to_string())]);
    assert_eq!(c.findings[0].expected.as_deref(), Some("10"));
    assert_eq!(c.findings[0].actual.as_deref(), Some("11"));
}

#[test]
fn decimals_that_floats_get_wrong_add_up_exactly() {
    let c = checked(
        &sheet(&[&["1", "金额(亿元)", "0.3", "0.1", "0.2", "/"]], vec![]),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::Ok);
}

#[test]
fn a_number_merged_across_units_is_counted_once_and_reported() {
    let merge = Span {
        start: Addr::new(1, 3),
        end: Addr::new(1, 4),
    };
    let c = checked(
        &sheet(&[&["1", "企业(家)", "7", "5", "", "2"]], vec![merge]),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::Ok, "5 counted once + 2 = 7");
    assert_eq!(codes(&c), [("merged_amount", "表!D2".to_string())]);
}

#[test]
fn a_rate_in_an_amount_row_is_reported_not_summed() {
    let c = checked(
        &sheet(&[&["1", "企业(家)", "7", "5", "2", "90%"]], vec![]),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::Ok);
    assert_eq!(codes(&c), [("non_numeric_allocation", "表!F2".to_string())]);
}

#[test]
fn units_with_amounts_under_a_blank_total_are_an_error() {
    let c = checked(
        &sheet(&[&["1", "企业(家)", "", "5", "2", "/"]], vec![]),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::Mismatch);
    assert_eq!(codes(&c), [("missing_total", "表!C2".to_string())]);
    assert!(c.has_errors());
}

#[test]
fn an_upper_bound_rate_warns_for_units_above_it() {
    let c = checked(
        &sheet(
            &[&["1", "故障率", "控制在0.22以内", "0.2", "0.3", "/"]],
            vec![],
        ),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::RateWarning);
    assert_eq!(codes(&c), [("rate_below_total", "表!E2".to_string())]);
    assert!(
        c.findings[0].message.contains("高于全市目标"),
        "{}",
        c.findings[0].message
    );
}

#[test]
fn time_limits_and_changes_are_never_summed() {
    let c = checked(
        &sheet(
            &[
                &["1", "办结时限", "3个工作日", "3个工作日", "3个工作日", "/"],
                &["2", "故障率", "下降10%以上", "", "", ""],
            ],
            vec![],
        ),
        None,
    );
    assert_eq!(c.verdicts[0].status, Status::NotAdditive);
    assert_eq!(c.verdicts[1].status, Status::Unassigned);
}

#[test]
fn profile_nesting_the_row_does_not_declare_is_a_hint_not_a_pass() {
    let profile = Profile::parse(
        "name='p'\n[[unit]]\nname='甲'\n[[unit]]\nname='乙'\n[[unit]]\nname='丙'\nwithin='甲'\n",
        "p",
    )
    .unwrap();
    let c = checked(
        &sheet(&[&["1", "企业(家)", "10", "6", "4", "2"]], vec![]),
        Some(profile),
    );
    assert_eq!(c.verdicts[0].status, Status::Mismatch);
    assert!(
        c.findings[0]
            .message
            .contains("若丙按单位名册计入上级单位则相符"),
        "{}",
        c.findings[0].message
    );
}

#[test]
fn a_header_unit_the_profile_does_not_know_is_reported() {
    let profile =
        Profile::parse("name='p'\n[[unit]]\nname='甲'\n[[unit]]\nname='乙'\n", "p").unwrap();
    let c = checked(
        &sheet(&[&["1", "企业(家)", "10", "6", "4", "/"]], vec![]),
        Some(profile),
    );
    assert_eq!(codes(&c), [("unknown_unit", "表!F1".to_string())]);
}

#[test]
fn totals_rows_and_repeated_headers_are_skipped() {
    let c = checked(
        &sheet(
            &[
                &["1", "企业(家)", "10", "6", "4", "/"],
                &["序号", "目标名称", "全市目标任务", "甲", "乙", "丙"],
                &["合计", "", "10", "6", "4", ""],
                &["注：单位为家", "", "", "", "", ""],
            ],
            vec![],
        ),
        None,
    );
    assert_eq!(c.plan.targets.len(), 1);
}
