//! The real Zhoushan 2024 sheet, in every format and a second layout,
//! against the independent hand verification in samples/zhoushan-2024/.

use crate::{check_json, findings, huizong, repo, target};

const SAMPLE: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";

/// Every way the same sheet is saved or laid out.
const SAME_SHEET: &[&str] = &[
    SAMPLE,
    "tests/fixtures/sample/zhoushan-2024-breakdown.xls",
    "tests/fixtures/sample/zhoushan-2024-breakdown.ods",
    "tests/fixtures/sample/zhoushan-2024-breakdown.xlsm",
    "tests/fixtures/sample/zhoushan-2024-relaid.xlsx",
    "tests/fixtures/sample/zhoushan-2024-relaid.xls",
    "tests/fixtures/sample/zhoushan-2024-relaid.ods",
];

/// (id, status, sum, difference) from verify_by_hand.py's expected.tsv.
fn oracle() -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(repo("samples/zhoushan-2024/expected.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[3] != "value_without_unit" && f[3] != "unparsed_value")
        .map(|f| {
            (
                f[0].to_string(),
                f[3].to_string(),
                f[5].to_string(),
                f[6].to_string(),
            )
        })
        .collect()
}

#[test]
fn check_agrees_with_the_hand_verification_on_every_target_in_every_format() {
    let expected = oracle();
    assert_eq!(expected.len(), 81);
    for file in SAME_SHEET {
        let (_, doc) = check_json(file, &[]);
        assert_eq!(doc["targets"].as_array().unwrap().len(), 81, "{file}");
        for (id, status, sum, difference) in &expected {
            let t = target(&doc, id);
            assert_eq!(t["status"], status.as_str(), "{file} target {id}");
            if status == "ok" || status == "mismatch" {
                assert_eq!(t["sum"], sum.as_str(), "{file} target {id} sum");
            }
            if status == "mismatch" {
                assert_eq!(
                    t["difference"],
                    difference.as_str(),
                    "{file} target {id} difference"
                );
            }
        }
    }
}

#[test]
fn check_flags_row_whose_units_sum_above_total() {
    let (code, doc) = check_json(SAMPLE, &[]);
    assert_eq!(code, 1);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["target"] == "81" && f["code"] == "sum_mismatch")
        .unwrap();
    assert_eq!(f["cell"], "任务分解表!D100");
    assert_eq!(
        (f["expected"].as_str(), f["actual"].as_str()),
        (Some("100"), Some("108"))
    );
    assert_eq!(f["severity"], "error");
}

#[test]
fn check_flags_row_whose_units_sum_below_total() {
    let (_, doc) = check_json(SAMPLE, &[]);
    let t = target(&doc, "56");
    assert_eq!(
        (
            t["total"].as_str(),
            t["sum"].as_str(),
            t["difference"].as_str()
        ),
        (Some("20"), Some("19"), Some("-1"))
    );
}

#[test]
fn only_the_three_real_mismatches_are_errors() {
    let (_, doc) = check_json(SAMPLE, &[]);
    let errors: Vec<_> = findings(&doc)
        .into_iter()
        .filter(|(c, _)| c == "sum_mismatch")
        .collect();
    let cells: Vec<&str> = errors.iter().map(|(_, cell)| cell.as_str()).collect();
    assert_eq!(
        cells,
        ["任务分解表!D71", "任务分解表!D99", "任务分解表!D100"]
    );
}

#[test]
fn yangshan_rows_are_nested_inside_shengsi() {
    let (_, doc) = check_json(SAMPLE, &[]);
    for id in [
        "20", "21", "23", "24", "25", "26", "32", "33", "34", "35", "36",
    ] {
        assert_eq!(target(&doc, id)["status"], "nested_ok", "target {id}");
    }
    assert_eq!(target(&doc, "23")["nested"], serde_json::json!(["洋山"]));
    assert_eq!(target(&doc, "23")["sum"], "100");
}

#[test]
fn zones_counted_within_their_counties_make_row_4_nested() {
    let (_, doc) = check_json(SAMPLE, &[]);
    assert_eq!(target(&doc, "4")["status"], "nested_ok");
    assert_eq!(target(&doc, "4")["sum"], "2");
}

#[test]
fn rate_exception_is_a_warning_at_the_units_cell() {
    let (_, doc) = check_json(SAMPLE, &[]);
    assert_eq!(target(&doc, "55")["status"], "rate_warning");
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "rate_below_total")
        .unwrap();
    assert_eq!(
        (
            f["cell"].as_str(),
            f["unit"].as_str(),
            f["severity"].as_str()
        ),
        (Some("任务分解表!J70"), Some("高新区"), Some("warning"))
    );
    assert_eq!(
        (f["expected"].as_str(), f["actual"].as_str()),
        (Some("1"), Some("0.5"))
    );
}

#[test]
fn number_in_the_unlabeled_column_is_reported_not_summed() {
    let (_, doc) = check_json(SAMPLE, &[]);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "value_without_unit")
        .unwrap();
    assert_eq!(
        (f["cell"].as_str(), f["actual"].as_str()),
        (Some("任务分解表!P100"), Some("1"))
    );
    assert_eq!(target(&doc, "81")["sum"], "108");
}

#[test]
fn uniform_requirements_and_changes_are_never_summed() {
    let (_, doc) = check_json(SAMPLE, &[]);
    for id in ["2", "3", "8", "39", "43", "64", "65", "67", "68"] {
        assert_eq!(target(&doc, id)["status"], "not_additive", "target {id}");
        assert!(target(&doc, id)["sum"].is_null(), "target {id}");
    }
}

#[test]
fn magnitudes_and_lower_bounds_add_exactly() {
    let (_, doc) = check_json(SAMPLE, &[]);
    assert_eq!(target(&doc, "5")["total"], "9000");
    assert_eq!(target(&doc, "5")["total_text"], "0.9 万");
    assert_eq!(target(&doc, "42")["sum"], "85");
    assert_eq!(target(&doc, "24")["sum"], "1");
}

#[test]
fn merged_group_name_belongs_to_every_row_it_covers() {
    let (_, doc) = check_json(SAMPLE, &[]);
    assert_eq!(target(&doc, "9")["group"], "公平竞争 护企行动 (4项)");
    assert_eq!(target(&doc, "68")["name"], target(&doc, "67")["name"]);
}

#[test]
fn the_profile_is_detected_from_the_header_units() {
    let (_, doc) = check_json(SAMPLE, &[]);
    assert_eq!(doc["profile"], "zhoushan");
    assert_eq!(doc["units"].as_array().unwrap().len(), 11);
    let (_, doc) = check_json("tests/fixtures/sample/zhoushan-2024-relaid.xlsx", &[]);
    assert_eq!(
        doc["units"][1], "定海",
        "定海区 is resolved to the profile's name"
    );
}

#[test]
fn json_of_the_sample_is_stable() {
    let run = huizong(&["check", "--json", SAMPLE]);
    insta::assert_snapshot!("sample_check_json", run.stdout);
}

#[test]
fn terminal_output_of_the_sample_is_plain_and_aligned_when_piped() {
    let run = huizong(&["check", SAMPLE]);
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour codes when stdout is not a terminal"
    );
    insta::assert_snapshot!("sample_check_text", run.stdout);
}

#[test]
fn the_checked_plan_is_the_plan_with_its_problem_cells_marked() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let out = std::env::temp_dir().join(format!("huizong-checked-{}.xlsx", std::process::id()));
    let run = huizong(&["check", SAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut ours: Xlsx<_> = open_workbook(&out).unwrap();
    let mut original: Xlsx<_> = open_workbook(repo(SAMPLE)).unwrap();
    assert_eq!(ours.sheet_names(), ["任务分解表", "校验问题"]);
    let (a, b) = (
        ours.worksheet_range("任务分解表").unwrap(),
        original.worksheet_range("任务分解表").unwrap(),
    );
    for (r, c, v) in b.used_cells() {
        let pos = (
            r as u32 + b.start().unwrap().0,
            c as u32 + b.start().unwrap().1,
        );
        assert_eq!(a.get_value(pos), Some(v), "cell {pos:?} kept as it was");
    }
    assert_eq!(
        ours.merge_cells_by_sheet_name("任务分解表").unwrap().len(),
        original
            .merge_cells_by_sheet_name("任务分解表")
            .unwrap()
            .len()
    );
    assert_eq!(
        a.get_value((70, 16)),
        Some(&Data::String("不符".into())),
        "Q71, the 校验结果 of target 56"
    );
    let styles = ours.worksheet_style("任务分解表").unwrap();
    let fill = |row, col| {
        styles
            .get((row, col))
            .and_then(|s| s.fill.as_ref())
            .and_then(|f| f.get_color())
            .map(|c| c.to_argb())
    };
    assert_eq!(
        fill(70, 3),
        Some(0xFFFFC7CE),
        "D71 (sum mismatch) filled red"
    );
    assert_eq!(
        fill(69, 9),
        Some(0xFFFFEB9C),
        "J70 (rate below total) filled amber"
    );
    assert_eq!(fill(3, 3), None, "D4 (adds up) left plain");
    insta::assert_snapshot!(
        "checked_plan_grid",
        crate::merge::read_grid(&out, "任务分解表")
    );
    insta::assert_snapshot!(
        "checked_problems_grid",
        crate::merge::read_grid(&out, "校验问题")
    );
    let problems = ours.worksheet_range("校验问题").unwrap();
    assert_eq!(problems.height(), 1 + 5, "a header and the five findings");
    let original_bytes = std::fs::read(repo(SAMPLE)).unwrap();
    let _ = std::fs::remove_file(&out);
    assert_eq!(
        std::fs::read(repo(SAMPLE)).unwrap(),
        original_bytes,
        "the plan itself untouched"
    );
}
