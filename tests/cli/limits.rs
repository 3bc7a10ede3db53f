//! Inputs at the limits (tests/fixtures/limits, made by make_limits.py): each is
//! read within bounded memory and time, or refused with a clear error.

use crate::{check_json, huizong, refused};

/// Run huizong with one environment variable set.
fn huizong_with(var: &str, value: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(var, value)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_zip_bomb_of_cells_is_refused_at_the_cell_limit() {
    // 3,000,000 cells in 240 KB. The default limit (2,000,000) is reached in
    // about 2 s in a release build; a lower one keeps this debug-built test quick.
    let (code, stderr) = huizong_with(
        "HUIZONG_MAX_CELLS",
        "200000",
        &["check", "tests/fixtures/limits/rows_bomb.xlsx"],
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("的单元格超过 200000 个"), "{stderr}");
}

#[test]
fn the_cell_limit_can_be_set() {
    let (code, stderr) = huizong_with(
        "HUIZONG_MAX_CELLS",
        "5",
        &["check", "tests/fixtures/limits/many_merges.xlsx"],
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("超过 5 个"), "{stderr}");
}

#[test]
fn an_xml_entity_bomb_is_refused_without_expanding_it() {
    // In the shared strings, in the sheet itself, and in an .ods's content.xml.
    for file in [
        "entity_bomb.xlsx",
        "entity_bomb_sheet.xlsx",
        "entity_bomb.ods",
    ] {
        let path = format!("tests/fixtures/limits/{file}");
        refused(&path, &format!("{file}: 文件已损坏或不完整"));
        // The reader's own words are for programs: in --json's error document.
        let run = huizong(&["check", "--json", &path]);
        assert_eq!(run.code, 2);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(doc["error"]["code"], "corrupt");
        let detail = doc["error"]["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("unrecognized entity `&lol9;`"), "{detail}");
    }
}

#[test]
fn thousands_of_merged_ranges_are_read() {
    let (code, doc) = check_json("tests/fixtures/limits/many_merges.xlsx", &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["targets"][0]["status"], "ok");
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = crate::fresh_dir("big");
    let big = dir.join("大文件.xlsx");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(101 * 1024 * 1024).unwrap(); // sparse: no 101 MB written
    let run = huizong(&["check", big.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("文件有 101 MB，超过了允许的 100 MB"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn chinese_names_brackets_and_very_long_paths_are_fine() {
    let mut dir = crate::fresh_dir("long");
    for i in 0..12 {
        dir = dir.join(format!("第{i}季度 汇总材料（修改）"));
    }
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("岱山县局-2024Q3(修改).xlsx");
    std::fs::copy(
        crate::repo("samples/zhoushan-2024/returns-2024Q3/岱山县局-2024Q3.xlsx"),
        &file,
    )
    .unwrap();
    assert!(
        file.to_str().unwrap().len() > 300,
        "a path longer than Windows' old 260"
    );
    let run = huizong(&[
        "merge",
        "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx",
        file.to_str().unwrap(),
        "--period",
        "2024Q3",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["returns"][0]["status"], "accepted");
    assert_eq!(doc["returns"][0]["unit"], "岱山");
}

#[test]
fn template_and_check_leave_the_plan_byte_identical() {
    let plan = crate::repo("samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx");
    let before = std::fs::read(&plan).unwrap();
    let dir = crate::fresh_dir("untouched");
    huizong(&[
        "template",
        plan.to_str().unwrap(),
        "--period",
        "2024Q3",
        "-o",
        dir.to_str().unwrap(),
    ]);
    huizong(&[
        "check",
        plan.to_str().unwrap(),
        "-o",
        dir.join("c.xlsx").to_str().unwrap(),
    ]);
    assert!(std::fs::read(&plan).unwrap() == before);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every text cell of `sheet` in the workbook at `path`, read with calamine.
fn texts(path: &std::path::Path, sheet: &str) -> Vec<String> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .used_cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn text_longer_than_a_cell_can_hold_is_read_whole_and_every_report_is_still_written() {
    let plan = "tests/fixtures/limits/long_text.xlsx";
    let (_, doc) = check_json(plan, &[]);
    let total = doc["targets"][1]["total_text"].as_str().unwrap();
    assert_eq!(
        total.chars().count(),
        40_000,
        "the plan's cell is read whole"
    );

    let dir = crate::fresh_dir("long-text");
    let checked = dir.join("checked.xlsx");
    let run = huizong(&["check", plan, "-o", checked.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let cut = "…（原文 40000 字，超过 Excel 单元格上限，已截断，全文见源文件）";
    assert!(
        texts(&checked, "S")
            .iter()
            .any(|t| t.starts_with("长长") && t.ends_with(cut))
    );

    let report = dir.join("report.xlsx");
    let returns = "tests/fixtures/limits/long_text_return";
    let run = huizong(&[
        "merge",
        plan,
        returns,
        "--period",
        "2024Q3",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("需要填数值，填的是“很多很多"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("…”（共 32000 字）"),
        "quoted short in the message"
    );
    assert!(texts(&report, "汇总").iter().any(|t| t.ends_with(cut)));
    let listed = texts(&report, "问题清单");
    assert!(
        listed.iter().any(|t| t.chars().count() == 32_000),
        "the figure's text, within the limit, is listed whole"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_ods_with_one_value_a_million_rows_down_is_refused_before_it_is_allocated() {
    // 27 KB that made calamine reserve 81 million cells (5 GB) before the check.
    refused(
        "tests/fixtures/limits/far_cell.ods",
        "far_cell.ods: 工作表“任务分解表”的单元格超过 2000000 个",
    );
}

#[test]
fn a_zip_bomb_of_shared_strings_is_refused_at_the_cell_limit() {
    // 3,000,000 one-letter texts in 127 KB: calamine would keep every one.
    refused(
        "tests/fixtures/limits/strings_bomb.xlsx",
        "strings_bomb.xlsx: 其中不同的文字超过 2000000 条",
    );
}

#[test]
fn an_ods_whose_content_unpacks_past_the_size_limit_is_refused_unread() {
    // 181 KB whose content.xml inflates to 150 MB: calamine holds it whole.
    refused(
        "tests/fixtures/limits/padded_content.ods",
        "padded_content.ods: 其中的 content.xml 解压后超过 100 MB",
    );
}
