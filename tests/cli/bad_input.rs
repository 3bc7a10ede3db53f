//! Every unusable input: exit 2, one clear paragraph naming the file, nothing on stdout.

use crate::{huizong, refused};

#[test]
fn missing_file_is_refused_with_its_name() {
    refused("tests/fixtures/no-such-plan.xlsx", "no such file");
}

#[test]
fn directory_is_refused() {
    refused("tests/fixtures", "is a folder, not a workbook");
}

#[test]
fn picture_renamed_to_xlsx_is_refused() {
    refused("tests/fixtures/bad/not_a_workbook.xlsx", "a PNG picture");
}

#[test]
fn truncated_workbook_is_refused_as_damaged() {
    refused(
        "tests/fixtures/bad/truncated.xlsx",
        "is damaged or incomplete",
    );
}

#[test]
fn password_protected_workbook_is_refused_with_the_fix() {
    refused(
        "tests/fixtures/bad/encrypted.xlsx",
        "protected by a password",
    );
}

#[test]
fn empty_workbook_is_refused() {
    refused("tests/fixtures/bad/empty.xlsx", "every sheet is empty");
}

#[test]
fn sheet_without_header_says_which_words_were_looked_for() {
    refused("tests/fixtures/bad/no_header.xlsx", "目标名称, 指标名称");
}

#[test]
fn sheet_without_header_shows_its_nearest_row_and_the_options_that_say_where_the_table_is() {
    let run = refused(
        "tests/fixtures/bad/no_header.xlsx",
        "Nearest to a header: sheet \"Sheet1\", row 1: A1 项目、B1 数量、C1 金额、D1 说明.",
    );
    for option in [
        "--header-row",
        "--total",
        "--units",
        "--transposed",
        "--sheet",
    ] {
        assert!(run.stderr.contains(option), "{option}: {}", run.stderr);
    }
}

#[test]
fn a_table_without_a_total_or_units_lists_its_header_cells_and_the_option_to_use() {
    let run = refused(
        "tests/fixtures/review/notitle.xlsx",
        "(header A1 序号、B1 目标名称、C1 甲、D1 乙) has no city-total column",
    );
    assert!(run.stderr.contains("全县目标任务") || run.stderr.contains("全 + 市/省/县"));
    assert!(run.stderr.contains("--total COLUMN"), "{}", run.stderr);
    let run = refused(
        "tests/fixtures/review/totonly.xlsx",
        "(header A1 序号、B1 目标名称、C1 全市目标任务) has no unit columns",
    );
    assert!(run.stderr.contains("--units E:O"), "{}", run.stderr);
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let run = huizong(&[
        "check",
        "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx",
        "--profile",
        "nowhere",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a built-in profile (zhoushan)"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_argument_is_a_usage_error() {
    assert_eq!(huizong(&["check"]).code, 2);
}

#[test]
fn an_xls_that_panicked_the_reader_is_refused_as_damaged() {
    refused(
        "tests/fixtures/crashes/cfb-out-of-range.xls",
        "is damaged or incomplete",
    );
}

#[test]
fn an_xls_whose_dimensions_claim_billions_of_cells_is_refused_not_allocated() {
    refused(
        "tests/fixtures/crashes/dimensions-wrap-oom.xls",
        "far more than a task sheet",
    );
}

#[test]
fn an_xls_with_one_cell_at_the_far_corner_is_refused_not_allocated() {
    // One Number record moved to row 65,536, column 65,536: calamine would
    // reserve the whole rectangle (128 GiB) and abort.
    refused(
        "tests/fixtures/crashes/cell-records-oom.xls",
        "sheet \"任务分解表\" holds more than 2000000 cells, far more than a task sheet",
    );
}
