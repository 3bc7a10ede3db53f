//! Every unusable input: exit 2, one clear paragraph naming the file, nothing on stdout.

use crate::{huizong, refused};

#[test]
fn missing_file_is_refused_with_its_name() {
    refused("tests/fixtures/no-such-plan.xlsx", "找不到这个文件");
}

#[test]
fn directory_is_refused() {
    refused("tests/fixtures", "这是一个文件夹，不是工作簿");
}

#[test]
fn picture_renamed_to_xlsx_is_refused() {
    refused("tests/fixtures/bad/not_a_workbook.xlsx", "PNG 图片");
}

#[test]
fn truncated_workbook_is_refused_as_damaged() {
    refused("tests/fixtures/bad/truncated.xlsx", "文件已损坏或不完整");
}

#[test]
fn password_protected_workbook_is_refused_with_the_fix() {
    refused("tests/fixtures/bad/encrypted.xlsx", "设有打开密码");
}

#[test]
fn empty_workbook_is_refused() {
    refused("tests/fixtures/bad/empty.xlsx", "所有工作表都是空的");
}

#[test]
fn sheet_without_header_says_which_words_were_looked_for() {
    refused("tests/fixtures/bad/no_header.xlsx", "目标名称, 指标名称");
}

#[test]
fn sheet_without_header_shows_its_nearest_row_and_the_options_that_say_where_the_table_is() {
    let run = refused(
        "tests/fixtures/bad/no_header.xlsx",
        "最像表头的是：工作表“Sheet1”第 1 行：A1 项目、B1 数量、C1 金额、D1 说明。",
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
        "（表头 A1 序号、B1 目标名称、C1 甲、D1 乙）没有总数列",
    );
    assert!(run.stderr.contains("全县目标任务") || run.stderr.contains("全 + 市/省/县"));
    assert!(run.stderr.contains("或用 --total 指定"), "{}", run.stderr);
    let run = refused(
        "tests/fixtures/review/totonly.xlsx",
        "（表头 A1 序号、B1 目标名称、C1 全市目标任务）在总数列之后没有单位列",
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
        run.stderr.contains("既不是内置名册（zhoushan）"),
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
        "文件已损坏或不完整",
    );
}

#[test]
fn an_xls_whose_dimensions_claim_billions_of_cells_is_refused_not_allocated() {
    refused(
        "tests/fixtures/crashes/dimensions-wrap-oom.xls",
        "远多于任何任务表",
    );
}

#[test]
fn an_xls_with_one_cell_at_the_far_corner_is_refused_not_allocated() {
    // One Number record moved to row 65,536, column 65,536: calamine would
    // reserve the whole rectangle (128 GiB) and abort.
    refused(
        "tests/fixtures/crashes/cell-records-oom.xls",
        "工作表“任务分解表”的单元格超过 2000000 个，远多于任何任务表",
    );
}
