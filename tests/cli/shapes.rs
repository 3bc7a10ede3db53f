//! Plans shaped as other offices shape them (tests/fixtures/shapes/, made by
//! make_shapes.py with openpyxl and xlwt): each is checked with `--json` and
//! held to its answer key (Python Decimal): every target's status, total and
//! sum, the sum, rate and formula findings, the units and the tally.

use crate::{check_json, repo};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeSet;
use std::str::FromStr;

/// The finding codes a key lists in full: no more and no fewer may be reported.
const KEYED_CODES: &[&str] = &["sum_mismatch", "rate_below_total", "formula_without_value"];

/// Check one fixture and hold the result to its key.
fn shape(name: &str) {
    let key_path = repo(&format!("tests/fixtures/shapes/{name}.expected.json"));
    let key: Value = serde_json::from_str(&std::fs::read_to_string(key_path).unwrap()).unwrap();
    let file = format!("tests/fixtures/shapes/{}", text(&key["file"]));
    let (_, doc) = check_json(&file, &[]);
    let mut wrong = Vec::new();
    if doc["units"] != key["units"] {
        wrong.push(format!("units {} not {}", doc["units"], key["units"]));
    }
    targets_are_as_keyed(&key, &doc, &mut wrong);
    findings_are_as_keyed(&key, &doc, &mut wrong);
    if doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "value_without_unit")
    {
        wrong.push("a value_without_unit is reported".into());
    }
    if doc["tally"] != key["tally"] {
        wrong.push(format!("tally {} not {}", doc["tally"], key["tally"]));
    }
    explained(&file, &key, &mut wrong);
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

/// `--explain` reads the same table: the total where the key has it (its
/// column, or its row when transposed), and every unit.
fn explained(file: &str, key: &Value, wrong: &mut Vec<String>) {
    let run = crate::huizong(&["check", file, "--explain"]);
    if run.code != 0 {
        wrong.push(format!("--explain exits {}: {}", run.code, run.stderr));
        return;
    }
    let total = &key["total"];
    let place = match total["row"].as_u64() {
        Some(row) => format!("第{row}行"),
        None => text(&total["column"]).to_string(),
    };
    let line = format!("总数    {place} {}", text(&total["header"]));
    if !run.stdout.contains(&line) {
        wrong.push(format!("--explain does not say {line}:\n{}", run.stdout));
    }
    let units: Vec<&str> = key["units"].as_array().unwrap().iter().map(text).collect();
    let listed = format!("单位    {} 个：{}", units.len(), units.join(" "));
    if !run.stdout.contains(&listed) {
        wrong.push(format!("--explain does not say {listed}"));
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn decimal(v: &Value) -> Option<Decimal> {
    v.as_str().and_then(|s| Decimal::from_str(s).ok())
}

/// What the key matches targets by: `id` (the 序号) or `name`.
fn by(key: &Value) -> &str {
    match text(&key["target_key"]) {
        "name" => "name",
        _ => "id",
    }
}

fn targets_are_as_keyed(key: &Value, doc: &Value, wrong: &mut Vec<String>) {
    let field = by(key);
    let read = doc["targets"].as_array().unwrap();
    let keyed = key["targets"].as_array().unwrap();
    for t in keyed {
        let at = text(&t[field]);
        let Some(got) = read.iter().find(|r| r[field] == t[field]) else {
            wrong.push(format!("{at}: not read as a target"));
            continue;
        };
        if got["status"] != t["status"] {
            wrong.push(format!(
                "{at}: status {} not {}",
                got["status"], t["status"]
            ));
        }
        for part in ["total", "sum"] {
            if t[part].is_string() && decimal(&got[part]) != decimal(&t[part]) {
                wrong.push(format!("{at}: {part} {} not {}", got[part], t[part]));
            }
        }
    }
    let expected: BTreeSet<&str> = keyed.iter().map(|t| text(&t[field])).collect();
    for r in read.iter().filter(|r| !expected.contains(text(&r[field]))) {
        wrong.push(format!("row {} ({}) read as a target", r["row"], r["name"]));
    }
}

/// `(code, cell, target, unit, expected, actual)` of a finding, the target
/// as the key names it and the figures as decimals.
type Keyed = (
    String,
    String,
    String,
    String,
    Option<Decimal>,
    Option<Decimal>,
);

fn findings_are_as_keyed(key: &Value, doc: &Value, wrong: &mut Vec<String>) {
    let name_of = |id: &Value| -> String {
        let t = doc["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == *id);
        match (by(key), t) {
            ("name", Some(t)) => text(&t["name"]).to_string(),
            _ => text(id).to_string(),
        }
    };
    let keyed = |f: &Value, target: String| -> Keyed {
        (
            text(&f["code"]).to_string(),
            text(&f["cell"]).to_string(),
            target,
            text(&f["unit"]).to_string(),
            decimal(&f["expected"]),
            decimal(&f["actual"]),
        )
    };
    let got: BTreeSet<Keyed> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| KEYED_CODES.contains(&text(&f["code"])))
        .map(|f| keyed(f, name_of(&f["target"])))
        .collect();
    let want: BTreeSet<Keyed> = key["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| keyed(f, text(&f["target"]).to_string()))
        .collect();
    for f in got.difference(&want) {
        wrong.push(format!("reported but not keyed: {f:?}"));
    }
    for f in want.difference(&got) {
        wrong.push(format!("keyed but not reported: {f:?}"));
    }
}

/// The fixtures tested below, one test each.
const SHAPES: &[&str] = &[
    "county-towns",
    "city-2025-target",
    "ningbo-traditional",
    "province-cities",
    "total-at-right",
    "grouped-headers",
    "transposed-total-top",
    "transposed-total-bottom",
    "two-sheets-notes",
    "total-row-subtotal-col",
    "non-additive",
    "formula-no-cache",
    "metadata-columns",
    "town-villages",
];

#[test]
fn every_shape_in_the_folder_has_its_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(repo("tests/fixtures/shapes"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".expected.json").map(str::to_string)
        })
        .collect();
    on_disk.sort();
    let mut tested: Vec<String> = SHAPES.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(on_disk, tested);
}

#[test]
fn a_county_plan_with_towns_is_read_and_checked() {
    shape("county-towns");
}

#[test]
fn a_city_plan_whose_total_is_the_2025_target_beside_a_2020_base_is_read_and_checked() {
    shape("city-2025-target");
}

#[test]
fn a_plan_in_traditional_characters_is_read_and_checked() {
    shape("ningbo-traditional");
}

#[test]
fn a_province_plan_with_base_years_and_attributes_is_read_and_checked() {
    shape("province-cities");
}

#[test]
fn a_plan_with_its_total_at_the_right_is_read_and_checked() {
    shape("total-at-right");
}

#[test]
fn a_plan_whose_units_are_grouped_under_three_header_rows_is_read_and_checked() {
    shape("grouped-headers");
}

#[test]
fn a_transposed_plan_with_its_total_row_at_the_top_is_read_and_checked() {
    shape("transposed-total-top");
}

#[test]
fn a_transposed_plan_with_its_total_row_at_the_bottom_is_read_and_checked() {
    shape("transposed-total-bottom");
}

#[test]
fn an_old_xls_plan_after_a_notes_sheet_is_read_and_checked() {
    shape("two-sheets-notes");
}

#[test]
fn a_plan_with_a_subtotal_column_and_a_sum_row_is_read_and_checked() {
    shape("total-row-subtotal-col");
}

#[test]
fn per_capita_index_and_average_measures_are_never_summed() {
    shape("non-additive");
}

#[test]
fn formulas_without_saved_values_make_their_targets_unverifiable() {
    shape("formula-no-cache");
}

#[test]
fn a_plan_with_measure_and_responsibility_columns_is_read_and_checked() {
    shape("metadata-columns");
}

#[test]
fn a_town_plan_with_its_villages_is_read_and_checked() {
    shape("town-villages");
}

#[test]
fn a_transposed_plan_checked_to_a_file_is_marked_on_the_sheet_as_written() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let plan = "tests/fixtures/shapes/transposed-total-top.xlsx";
    let out = crate::fresh_dir("shapes-checked").join("checked.xlsx");
    let run = crate::huizong(&["check", plan, "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut ours: Xlsx<_> = open_workbook(&out).unwrap();
    let mut original: Xlsx<_> = open_workbook(repo(plan)).unwrap();
    let (a, b) = (
        ours.worksheet_range("分解表").unwrap(),
        original.worksheet_range("分解表").unwrap(),
    );
    for (r, c, v) in b.used_cells() {
        let pos = (r as u32, c as u32);
        assert_eq!(a.get_value(pos), Some(v), "cell {pos:?} kept where it was");
    }
    let below = b.height() as u32;
    assert_eq!(
        a.get_value((below, 0)),
        Some(&Data::String("校验结果".into()))
    );
    assert_eq!(
        a.get_value((below, 2)),
        Some(&Data::String("不符".into())),
        "C15, under 新增企业（家）"
    );
    let styles = ours.worksheet_style("分解表").unwrap();
    let fill = |cell: &str| {
        let (row, col) = cell_at(cell);
        styles
            .get((row, col))
            .and_then(|s| s.fill.as_ref())
            .and_then(|f| f.get_color())
            .map(|c| c.to_argb())
    };
    let (red, amber) = (Some(0xFFFFC7CE), Some(0xFFFFEB9C));
    assert_eq!(
        fill("C4"),
        red,
        "the total of 新增企业, which does not add up"
    );
    assert_eq!(fill("G4"), red, "the total of 食品抽检");
    assert_eq!(fill("H12"), amber, "百丈街道's rate, below the district's");
    assert_eq!(fill("D3"), None, "no cell of the turned grid is marked");
    assert_eq!(fill("L8"), None);
}

/// `C4` as (row, column), zero-based.
fn cell_at(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .bytes()
        .fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    (cell[letters.len()..].parse::<u32>().unwrap() - 1, col)
}

#[test]
fn on_a_transposed_plan_the_total_and_units_are_given_by_the_sheets_row_numbers() {
    let plan = "tests/fixtures/shapes/transposed-total-top.xlsx";
    let (_, doc) = check_json(plan, &["--transposed", "--total", "4", "--units", "5:8"]);
    assert_eq!(
        doc["units"],
        serde_json::json!(["中河街道", "钟公庙街道", "首南街道", "下应街道"])
    );
    let run = crate::huizong(&["check", plan, "--transposed", "--total", "全县"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("表头是：A1 鄞州区")
            && run.stderr.contains("A3 地区、A4 全区、A5 中河街道"),
        "the sheet's own cells: {}",
        run.stderr
    );
}

#[test]
fn an_override_on_a_plan_with_three_header_rows_lists_each_label_where_it_is_written() {
    let run = crate::huizong(&[
        "check",
        "tests/fixtures/shapes/grouped-headers.xlsx",
        "--total",
        "全县",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("A2 序号、B2 目标名称、C3 全市、D4 吴兴区"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mismatch_names_the_total_by_the_plans_own_level() {
    let said = |file: &str| -> Vec<String> {
        let (_, doc) = crate::check_json(&format!("tests/fixtures/shapes/{file}"), &[]);
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "sum_mismatch")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect()
    };
    let county = said("county-towns.xlsx");
    assert!(
        !county.is_empty() && county.iter().all(|m| m.contains("，全县目标 ")),
        "{county:?}"
    );
    let province = said("province-cities.xlsx");
    assert!(
        province.iter().all(|m| m.contains("，全省目标 ")),
        "{province:?}"
    );
    let by_year = said("city-2025-target.xlsx");
    assert!(
        by_year.iter().all(|m| m.contains("，总目标 ")),
        "{by_year:?}"
    );
}
