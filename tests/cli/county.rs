//! The level below the city (tests/fixtures/county/, made by make_county.py):
//! 岱山县's plan checked against the city's allocation to 岱山, its towns merged
//! into a county report, and that report merged by the city as 岱山's return,
//! with figures equal to the towns' sums computed here and provenance that
//! reaches through the county report to the town files.

use crate::merge::read_grid;
use crate::{fresh_dir, huizong, repo};
use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const CITY: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";
const COUNTY: &str = "tests/fixtures/county/daishan-2024-breakdown.xlsx";
const TOWNS: &str = "tests/fixtures/county/towns-2024Q3";

fn json(args: &[&str]) -> (i32, Value) {
    let run = huizong(args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stderr));
    (run.code, doc)
}

fn findings<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

#[test]
fn a_county_plan_is_checked_against_the_citys_allocation_to_it() {
    let key: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/fixtures/county/expected.json")).unwrap(),
    )
    .unwrap();
    let (code, doc) = json(&[
        "check", COUNTY, "--parent", CITY, "--unit", "岱山", "--json",
    ]);
    assert_eq!(code, 1);
    let ids = |code: &str| -> Vec<Value> {
        findings(&doc, code)
            .iter()
            .map(|f| f["target"].clone())
            .collect()
    };
    for code in ["parent_mismatch", "missing_from_plan", "not_in_parent"] {
        assert_eq!(Value::from(ids(code)), key[code], "{code}");
    }
    let m = findings(&doc, "parent_mismatch")[0];
    assert_eq!(m["severity"], "error");
    assert_eq!(m["cell"], "任务分解表!C23", "the county's total");
    assert_eq!(
        m["other_cell"], "zhoushan-2024-breakdown.xlsx 任务分解表!H33",
        "the city's allocation to 岱山"
    );
    assert_eq!(
        (&m["expected"], &m["actual"]),
        (&"400".into(), &"420".into())
    );
    let message = m["message"].as_str().unwrap();
    assert!(message.contains("任务分解表!C23") && message.contains("任务分解表!H33"));
    assert_eq!(findings(&doc, "not_in_parent")[0]["severity"], "warning");
    assert_eq!(doc["parent"]["unit"], "岱山");
    assert_eq!(doc["parent"]["matched"], 62);
    assert_eq!(doc["parent"]["differ"], 1);
    let others = doc["findings"].as_array().unwrap().len();
    assert_eq!(others, 3, "nothing else: {:#}", doc["findings"]);
}

#[test]
fn the_parents_unit_is_found_from_the_title_or_an_alias_and_an_unknown_one_is_refused() {
    let (_, by_title) = json(&["check", COUNTY, "--parent", CITY, "--json"]);
    assert_eq!(by_title["parent"]["unit"], "岱山");
    let (_, by_alias) = json(&[
        "check",
        COUNTY,
        "--parent",
        CITY,
        "--unit",
        "岱山县局",
        "--json",
    ]);
    assert_eq!(by_alias["parent"]["unit"], "岱山");
    let run = huizong(&["check", COUNTY, "--parent", CITY, "--unit", "宁波"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("定海"), "{}", run.stderr);
}

/// The county's report of its towns, written once per test into `dir`.
fn county_report(dir: &Path) -> PathBuf {
    let out = dir.join("岱山县汇总-2024Q3.xlsx");
    let run = huizong(&[
        "merge",
        COUNTY,
        TOWNS,
        "--period",
        "2024Q3",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    out
}

/// The city's returns folder with the county's report in place of 岱山's return.
fn city_folder(dir: &Path, report: &Path) -> PathBuf {
    let folder = dir.join("returns");
    std::fs::create_dir_all(&folder).unwrap();
    for e in std::fs::read_dir(repo("samples/zhoushan-2024/returns-2024Q3")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("岱山") {
            std::fs::copy(e.path(), folder.join(&name)).unwrap();
        }
    }
    std::fs::copy(report, folder.join("岱山县汇总-2024Q3.xlsx")).unwrap();
    folder
}

/// The city's merge of that folder, as JSON.
fn city_merge(folder: &Path) -> (i32, Value) {
    crate::merge_json(CITY, folder, "2024Q3")
}

/// The towns' figures as make_county.py recorded them: target → town → (figure, row).
fn towns() -> BTreeMap<String, Vec<(String, String, String, u32)>> {
    let text = std::fs::read_to_string(repo("tests/fixtures/county/expected-towns.tsv")).unwrap();
    let mut by_target: BTreeMap<String, Vec<_>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        by_target.entry(f[1].to_string()).or_default().push((
            f[0].to_string(),
            f[2].to_string(),
            f[3].to_string(),
            f[4].parse().unwrap(),
        ));
    }
    by_target
}

#[test]
fn the_county_report_carries_a_hidden_machine_readable_sheet() {
    let dir = fresh_dir("county-report");
    let report = county_report(&dir);
    let wb = open_workbook_auto(&report).unwrap();
    let hidden = wb
        .sheets_metadata()
        .iter()
        .find(|s| s.name == "_huizong_report")
        .expect("the hidden sheet is there");
    assert_ne!(hidden.visible, calamine::SheetVisible::Visible);
    let grid = read_grid(&report, "_huizong_report");
    for needle in [
        "huizong-report | 1",
        "period | 2024Q3",
        "plan_file | daishan-2024-breakdown.xlsx",
        "level | 县",
        "issuer | 2024年岱山县市场监管助企惠民“十件实事”任务分解表",
    ] {
        assert!(grid.contains(needle), "{needle} in\n{grid}");
    }
    let summary = read_grid(&report, "汇总");
    assert!(summary.contains("第三季度进展汇总"), "{summary}");
}

#[test]
fn the_city_merges_the_county_report_as_daishans_return_with_the_towns_sums() {
    let dir = fresh_dir("county-city");
    let report = county_report(&dir);
    let folder = city_folder(&dir, &report);
    let (_, doc) = city_merge(&folder);
    let shown = format!("{}/岱山县汇总-2024Q3.xlsx", folder.display());
    let fate = doc["returns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"] == shown.as_str())
        .unwrap();
    assert_eq!(
        (&fate["unit"], &fate["status"]),
        (&"岱山".into(), &"accepted".into())
    );
    // The figures the report shows, at the cells its provenance names.
    let mut wb = open_workbook_auto(&report).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let mut checked = 0;
    for (target, figures) in towns() {
        let line = doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["unit"] == "岱山" && l["target"] == target.as_str());
        let Some(line) = line else {
            assert_eq!(
                target, "82",
                "only the county's own target is not the city's"
            );
            continue;
        };
        if figures.iter().any(|(_, _, kind, _)| kind != "amount") {
            continue;
        }
        let sum: Decimal = figures
            .iter()
            .map(|(_, f, _, _)| Decimal::from_str(f).unwrap())
            .sum();
        assert_eq!(
            line["completed"],
            sum.normalize().to_string().as_str(),
            "岱山 {target}: the towns' sum"
        );
        let source = &line["source"];
        assert_eq!(source["file"], shown.as_str());
        assert_eq!(source["sheet"], "汇总");
        let cell = source["cell"].as_str().unwrap();
        let at = huizong::grid::Addr::parse(cell).unwrap();
        match summary.get_value((at.row, at.col)) {
            Some(Data::Float(f)) => {
                let shown = Decimal::from_str(&format!("{f}")).unwrap();
                assert_eq!(shown, sum, "汇总!{cell} shows the figure");
            }
            other => panic!("汇总!{cell}: {other:?}"),
        }
        let behind: Vec<(String, String, String)> = source["behind"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let file = b["file"].as_str().unwrap();
                assert!(file.starts_with(TOWNS), "{file}");
                assert_eq!(b["sha256"].as_str().unwrap().len(), 64);
                (
                    b["unit"].as_str().unwrap().to_string(),
                    b["sheet"].as_str().unwrap().to_string(),
                    b["cell"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let towns: Vec<(String, String, String)> = figures
            .iter()
            .map(|(town, _, _, row)| (town.clone(), "进展情况".to_string(), format!("E{row}")))
            .collect();
        let (mut a, mut b) = (behind, towns);
        a.sort();
        b.sort();
        assert_eq!(a, b, "岱山 {target}: the town cells behind the figure");
        checked += 1;
    }
    assert!(checked >= 40, "{checked} amount targets checked");
    // The city's target is the plan's (400), whatever the county made of it (420).
    let l26 = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["unit"] == "岱山" && l["target"] == "26")
        .unwrap();
    assert_eq!(l26["target_value"], "400");
    let unmatched: Vec<&Value> = findings(&doc, "unmatched_row")
        .into_iter()
        .filter(|f| f["unit"] == "岱山")
        .collect();
    assert_eq!(unmatched.len(), 1, "the county's own 序号 82");
    assert!(
        findings(&doc, "missing_return")
            .iter()
            .all(|f| f["unit"] != "岱山")
    );
}

/// A county clerk "corrects" one figure of the county report by hand in Excel
/// (here openpyxl) before sending it up.
const EDIT_ONE_FIGURE: &str = r#"
import sys, openpyxl
src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
ws = wb["汇总"]
for row in range(4, ws.max_row + 1):
    cell = ws.cell(row=row, column=6)
    if isinstance(cell.value, (int, float)) and cell.value > 0:
        cell.value = cell.value + 1
        print(f"F{row}")
        break
wb.save(dst)
"#;

#[test]
fn a_county_report_edited_by_hand_after_it_was_made_is_not_merged_at_that_figure() {
    let Some(python) = crate::template::python_with_openpyxl() else {
        eprintln!("SKIPPED: editing the report needs python3 with openpyxl");
        return;
    };
    let dir = fresh_dir("county-edited");
    let report = county_report(&dir);
    let edited = dir.join("edited.xlsx");
    let out = std::process::Command::new(python)
        .args(["-c", EDIT_ONE_FIGURE])
        .arg(&report)
        .arg(&edited)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cell = String::from_utf8(out.stdout).unwrap().trim().to_string();
    std::fs::copy(&edited, &report).unwrap();
    let folder = city_folder(&dir, &report);
    let (code, doc) = city_merge(&folder);
    assert_eq!(code, 1);
    let edits = findings(&doc, "report_edited");
    assert_eq!(edits.len(), 1, "{edits:?}");
    let e = edits[0];
    assert_eq!(
        (&e["unit"], &e["severity"], &e["cell"]),
        (
            &"岱山".into(),
            &"error".into(),
            &format!("汇总!{cell}").into()
        )
    );
    assert!(e["message"].as_str().unwrap().contains("未汇总"), "{e}");
    let target = e["target"].as_str().unwrap();
    let lines: Vec<&Value> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["unit"] == "岱山")
        .collect();
    let at_edit = lines.iter().find(|l| l["target"] == target).unwrap();
    assert_eq!(at_edit["status"], "invalid", "{at_edit}");
    assert!(at_edit["completed"].is_null() || at_edit["completed"].is_string());
    let merged = lines.iter().filter(|l| l["completed"].is_string()).count();
    assert!(
        merged > 10,
        "the report's other figures still merge: {merged}"
    );
}
