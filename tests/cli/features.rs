//! One fixture per reader feature (see tests/fixtures/README.md).

use crate::{check_json, findings, statuses};

fn rows(pairs: &[(u64, &str)]) -> Vec<(u64, String)> {
    pairs.iter().map(|(r, s)| (*r, s.to_string())).collect()
}

fn codes_at(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(c, a)| (c.to_string(), a.to_string()))
        .collect()
}

#[test]
fn table_below_titles_on_a_later_sheet_with_renamed_headers_is_found() {
    let (code, doc) = check_json("tests/fixtures/shifted.xlsx", &[]);
    assert_eq!(code, 1);
    assert_eq!(doc["sheet"], "数据");
    assert_eq!(doc["units"], serde_json::json!(["甲区", "乙区", "丙县"]));
    assert_eq!(
        statuses(&doc),
        rows(&[
            (7, "ok"),
            (8, "ok"),
            (9, "ok"),
            (10, "mismatch"),
            (11, "rate_warning")
        ])
    );
    assert_eq!(
        findings(&doc),
        codes_at(&[
            ("sum_mismatch", "数据!F10"),
            ("rate_below_total", "数据!I11")
        ])
    );
}

#[test]
fn two_header_rows_with_a_merged_group_header_read_the_same_in_xlsx_xls_and_ods() {
    for file in [
        "tests/fixtures/two_header_rows.xlsx",
        "tests/fixtures/two_header_rows.xls",
        "tests/fixtures/two_header_rows.ods",
    ] {
        let (_, doc) = check_json(file, &[]);
        assert_eq!(
            doc["units"],
            serde_json::json!(["海曙区", "江北区", "镇海区"]),
            "{file}"
        );
        assert_eq!(
            statuses(&doc),
            rows(&[
                (4, "ok"),
                (5, "ok"),
                (6, "mismatch"),
                (7, "not_additive"),
                (8, "ok")
            ]),
            "{file}"
        );
        assert_eq!(
            findings(&doc),
            codes_at(&[("sum_mismatch", "指标!G6")]),
            "{file}"
        );
        assert_eq!(doc["findings"][0]["actual"], "29", "{file}");
    }
}

#[test]
fn repeated_headers_blank_rows_and_subtotals_are_not_targets() {
    let (_, doc) = check_json("tests/fixtures/repeated_headers.xlsx", &[]);
    assert_eq!(
        statuses(&doc),
        rows(&[
            (4, "ok"),
            (5, "mismatch"),
            (9, "ok"),
            (10, "ok"),
            (13, "not_additive"),
            (14, "ok")
        ])
    );
    assert_eq!(findings(&doc), codes_at(&[("sum_mismatch", "分解表!D5")]));
}

#[test]
fn numbers_typed_as_text_sum_exactly_like_numbers() {
    let (code, doc) = check_json("tests/fixtures/text_numbers.xlsx", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        statuses(&doc),
        rows(&[
            (3, "ok"),
            (4, "ok"),
            (5, "ok"),
            (6, "ok"),
            (7, "not_additive"),
            (8, "not_additive"),
            (9, "ok"),
            (10, "ok")
        ])
    );
    assert!(findings(&doc).is_empty());
}

#[test]
fn percent_as_text_and_percent_format_give_the_same_rate() {
    let (_, doc) = check_json("tests/fixtures/text_numbers.xlsx", &[]);
    let t = doc["targets"].as_array().unwrap();
    assert_eq!(
        (t[4]["kind"].as_str(), t[4]["total"].as_str()),
        (Some("rate"), Some("0.9"))
    );
    assert_eq!(
        (t[5]["kind"].as_str(), t[5]["total"].as_str()),
        (Some("rate"), Some("0.9"))
    );
}

#[test]
fn nesting_declared_on_the_row_and_in_the_profile_adds_up_once() {
    let (code, doc) = check_json(
        "tests/fixtures/nesting.xlsx",
        &["--profile", "tests/fixtures/nesting-profile.toml"],
    );
    assert_eq!(code, 1, "the nested figure above its parent is an error");
    assert_eq!(
        statuses(&doc),
        rows(&[
            (3, "nested_ok"),
            (4, "nested_ok"),
            (5, "nested_ok"),
            (6, "ok")
        ])
    );
    assert_eq!(
        findings(&doc),
        codes_at(&[("nested_exceeds_parent", "Sheet1!G5")])
    );
}

#[test]
fn without_a_profile_the_nested_rows_do_not_add_up() {
    let (_, doc) = check_json("tests/fixtures/nesting.xlsx", &["--profile", "none"]);
    assert_eq!(
        findings(&doc),
        codes_at(&[("sum_mismatch", "Sheet1!C4"), ("sum_mismatch", "Sheet1!C5")])
    );
}

#[test]
fn number_in_a_column_without_header_is_reported() {
    let (code, doc) = check_json("tests/fixtures/remark_number.xlsx", &[]);
    assert_eq!(code, 0, "a warning is not an error");
    assert_eq!(statuses(&doc), rows(&[(3, "ok"), (4, "ok"), (5, "ok")]));
    assert_eq!(
        findings(&doc),
        codes_at(&[("value_without_unit", "Sheet1!G4")])
    );
}

#[test]
fn formulas_are_read_by_their_cached_value() {
    let (code, doc) = check_json("tests/fixtures/formulas.xlsx", &[]);
    assert_eq!(code, 0);
    assert_eq!(statuses(&doc), rows(&[(4, "ok"), (5, "ok"), (6, "ok")]));
    assert_eq!(doc["targets"][0]["total"], "15");
}

#[test]
fn formula_without_cached_value_is_a_finding_not_a_zero() {
    let (code, doc) = check_json("tests/fixtures/formula_no_cache.xlsx", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc),
        codes_at(&[
            ("formula_without_value", "Sheet1!D4"),
            ("formula_without_value", "Sheet1!F4")
        ])
    );
    assert!(doc["targets"][0]["sum"].is_null(), "no sum is made up");
}

#[test]
fn unreadable_text_makes_its_row_unverifiable_and_qualitative_text_does_not() {
    let (code, doc) = check_json("tests/fixtures/unparsed.xlsx", &[]);
    assert_eq!(
        code, 1,
        "a sum with a part that cannot be read is not proven"
    );
    assert_eq!(
        findings(&doc),
        codes_at(&[
            ("unparsed_value", "Sheet1!D3"),
            ("unparsed_value", "Sheet1!E4")
        ])
    );
    assert_eq!(doc["findings"][0]["actual"], "12..5");
    assert_eq!(doc["targets"][0]["status"], "unverifiable");
    assert_eq!(doc["targets"][1]["status"], "unverifiable");
    assert!(doc["targets"][0]["sum"].is_null(), "no sum is made up");
    assert_eq!(doc["targets"][2]["status"], "not_additive");
}

#[test]
fn a_row_with_no_figure_for_any_unit_is_unassigned() {
    let (_, doc) = check_json("tests/fixtures/unassigned.xlsx", &[]);
    assert_eq!(
        statuses(&doc),
        rows(&[(3, "unassigned"), (4, "ok"), (5, "ok")])
    );
}

#[test]
fn sheet_option_overrides_the_choice_and_names_missing_sheets() {
    let (_, doc) = check_json("tests/fixtures/shifted.xlsx", &["--sheet", "数据"]);
    assert_eq!(doc["sheet"], "数据");
    let run = crate::huizong(&["check", "tests/fixtures/shifted.xlsx", "--sheet", "汇总"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("没有名为“汇总”的工作表。它有这些工作表：封面, 数据。"),
        "{}",
        run.stderr
    );
}
