//! The round trip: forms made by `huizong template`, filled by openpyxl the way
//! clerks would (tests/fixtures/forms/fill_forms.py), merged back.

use crate::{huizong, repo};
use std::collections::BTreeMap;
use std::process::Command;

const PLAN: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";

/// Forms for the sample plan in `dir` (extra arguments: `--wide`, `--unit X`).
fn make_forms(dir: &std::path::Path, extra: &[&str]) {
    let mut args = vec![
        "template",
        PLAN,
        "--period",
        "2024Q3",
        "-o",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = huizong(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Python with openpyxl, or None (then the test says so; CI requires it).
pub fn python_with_openpyxl() -> Option<&'static str> {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var_os("HUIZONG_REQUIRE_PYTHON").is_some() {
        panic!("python3 with openpyxl is required (pip install openpyxl)");
    }
    ok.then_some("python3")
}

#[test]
fn forms_filled_by_another_program_merge_back_exactly() {
    let Some(python) = python_with_openpyxl() else {
        eprintln!("SKIPPED: the round trip needs python3 with openpyxl (pip install openpyxl)");
        return;
    };
    let dir = crate::fresh_dir("forms");
    make_forms(&dir, &[]);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        11,
        "one form per unit"
    );
    let expected = dir.join("expected.tsv");
    let fill = Command::new(python)
        .arg(repo("tests/fixtures/forms/fill_forms.py"))
        .args([&dir, &expected])
        .status()
        .unwrap();
    assert!(fill.success());
    let (_, doc) = crate::merge_json(PLAN, &dir, "2024Q3");
    let merged: BTreeMap<(String, String), (String, String)> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| !l["completed"].is_null())
        .map(|l| {
            let key = (
                l["unit"].as_str().unwrap().to_string(),
                l["target"].as_str().unwrap().to_string(),
            );
            (
                key,
                (
                    l["completed"].as_str().unwrap().to_string(),
                    l["source"]["cell"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    let text = std::fs::read_to_string(&expected).unwrap();
    let want: BTreeMap<(String, String), (String, String)> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>())
        .map(|f| ((f[0].clone(), f[1].clone()), (f[2].clone(), f[3].clone())))
        .collect();
    let missing: Vec<_> = want
        .iter()
        .filter(|(k, v)| merged.get(*k) != Some(*v))
        .collect();
    let extra: Vec<_> = merged
        .iter()
        .filter(|(k, _)| !want.contains_key(*k))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not merged as typed: {missing:?}; merged but not typed: {extra:?}"
    );
    let codes: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["unit"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(codes, [("target_altered".to_string(), "普陀".to_string())]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// LibreOffice, or None (then the test says so; set HUIZONG_REQUIRE_SOFFICE to require it).
fn soffice() -> Option<&'static str> {
    let ok = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("HUIZONG_REQUIRE_SOFFICE").is_some() {
        panic!("LibreOffice (soffice) is required");
    }
    ok.then_some("soffice")
}

#[test]
fn a_form_filled_then_resaved_by_libreoffice_still_merges_exactly() {
    let (Some(python), Some(soffice)) = (python_with_openpyxl(), soffice()) else {
        eprintln!("SKIPPED: needs python3 with openpyxl and LibreOffice");
        return;
    };
    let dir = std::env::temp_dir().join(format!("huizong-lo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (forms, saved) = (dir.join("forms"), dir.join("saved"));
    std::fs::create_dir_all(&forms).unwrap();
    std::fs::create_dir_all(&saved).unwrap();
    let run = huizong(&[
        "template",
        PLAN,
        "--period",
        "2024Q3",
        "-o",
        forms.to_str().unwrap(),
        "--unit",
        "定海",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = dir.join("expected.tsv");
    assert!(
        Command::new(python)
            .arg(repo("tests/fixtures/forms/fill_forms.py"))
            .args([&forms, &expected])
            .status()
            .unwrap()
            .success()
    );
    let converted = Command::new(soffice)
        .args([
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&saved)
        .arg(forms.join("定海-2024Q3.xlsx"))
        .output()
        .unwrap();
    assert!(
        saved.join("定海-2024Q3.xlsx").exists(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let run = huizong(&[
        "merge",
        PLAN,
        saved.to_str().unwrap(),
        "--period",
        "2024Q3",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["returns"][0]["status"], "accepted");
    let figures = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| !l["completed"].is_null())
        .count();
    let typed = std::fs::read_to_string(&expected).unwrap().lines().count() - 1;
    assert_eq!(figures, typed);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_wide_form_for_every_unit_filled_by_openpyxl_merges_every_unit() {
    let Some(python) = python_with_openpyxl() else {
        eprintln!("SKIPPED: needs python3 with openpyxl");
        return;
    };
    let dir = crate::fresh_dir("wide");
    make_forms(&dir, &["--wide"]);
    let form = dir.join("全部单位-2024Q3.xlsx");
    // Fill every numeric target with its own value: every unit is then done.
    // Each unit's 目标 column is found by its sub-header (row 4), the 完成 beside it.
    let fill = "import openpyxl,sys,datetime\nwb=openpyxl.load_workbook(sys.argv[1]);ws=wb['进展情况'];ws['B2']=datetime.date(2024,10,8);n=0\ncols=[c for c in range(1,ws.max_column+1) if ws.cell(4,c).value=='目标']\nfor r in range(5,ws.max_row+1):\n  for c in cols:\n    d=ws.cell(r,c).value\n    if isinstance(d,(int,float)): ws.cell(r,c+1).value=d;n+=1\nwb.save(sys.argv[1]);print(n)";
    let out = Command::new(python)
        .args(["-c", fill])
        .arg(&form)
        .output()
        .unwrap();
    let filled: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!(
        filled > 100,
        "every unit's numeric targets filled: {filled}"
    );
    let run = huizong(&[
        "merge",
        PLAN,
        form.to_str().unwrap(),
        "--period",
        "2024Q3",
        "--json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(run.code, 0, "no findings: {}", run.stdout.len());
    assert_eq!(
        doc["returns"].as_array().unwrap().len(),
        11,
        "one accepted block per unit"
    );
    let done = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["status"] == "done")
        .count();
    assert_eq!(done, filled);
    let _ = std::fs::remove_dir_all(&dir);
}

/// What openpyxl (not our writer) sees on a form: the header row, and per
/// target 序号 its 计量单位 cell and its input cell's number format and validation.
const READ_FORM: &str = r#"
import json, sys
import openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["进展情况"]
head = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
rules = {}
for d in ws.data_validations.dataValidation:
    for rng in d.sqref.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                rules[(r, c)] = d
measure, done = head.index("计量单位") + 1, head.index("累计完成") + 1
rows = {}
for r in range(5, ws.max_row + 1):
    d = rules.get((r, done))
    rows[str(ws.cell(r, 1).value)] = {
        "measure": ws.cell(r, measure).value,
        "measure_locked": ws.cell(r, measure).protection.locked,
        "format": ws.cell(r, done).number_format,
        "validation": None if d is None else {
            "type": d.type, "operator": d.operator or "between",
            "min": d.formula1, "max": d.formula2, "prompt": d.prompt, "error": d.error,
        },
    }
print(json.dumps({"header": head, "rows": rows}, ensure_ascii=False))
"#;

#[test]
fn a_form_shows_each_targets_measure_and_asks_for_rates_as_percentages() {
    let Some(python) = python_with_openpyxl() else {
        eprintln!("SKIPPED: needs python3 with openpyxl");
        return;
    };
    let dir = crate::fresh_dir("measure");
    make_forms(&dir, &["--unit", "定海"]);
    let form = dir.join("定海-2024Q3.xlsx");
    let out = Command::new(python)
        .args(["-c", READ_FORM])
        .arg(&form)
        .output()
        .unwrap();
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let header: Vec<&str> = seen["header"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    let name = header.iter().position(|h| *h == "目标名称").unwrap();
    assert_eq!(
        header[name + 1],
        "计量单位",
        "right after the name: {header:?}"
    );
    let row = |id: &str| &seen["rows"][id];
    // Target 4 is 发放个体工商户经营性贷款(亿元): the clerk types 0.5, not 50000000.
    assert_eq!(row("4")["measure"], "亿元");
    assert_eq!(row("4")["measure_locked"], true);
    assert_eq!(row("5")["measure"], "人次");
    // An amount keeps its number format and its validation: a decimal ≥ 0.
    assert_eq!(row("4")["format"], "#,##0.########");
    assert_eq!(row("4")["validation"]["type"], "decimal");
    assert_eq!(row("4")["validation"]["operator"], "greaterThanOrEqual");
    assert_eq!(row("4")["validation"]["min"], "0");
    assert!(
        row("4")["validation"]["prompt"]
            .as_str()
            .unwrap()
            .contains("亿元")
    );
    // Rates, uniform (均达到 80%) or not (100%), are typed as percentages 0 %–100 %.
    for id in ["2", "39", "55", "62"] {
        let r = row(id);
        assert_eq!(r["format"], "0.0%", "target {id}: {r}");
        let v = &r["validation"];
        assert_eq!(
            (&v["type"], &v["operator"], &v["min"], &v["max"]),
            (
                &"decimal".into(),
                &"between".into(),
                &"0".into(),
                &"1".into()
            ),
            "target {id}: {v}"
        );
        assert!(v["prompt"].as_str().unwrap().contains("85%"), "{v}");
    }
    // A qualitative target is answered in words: any value, no number format.
    assert_eq!(row("3")["validation"]["type"], serde_json::Value::Null);

    // Filled by openpyxl as a clerk fills them, the figures merge back as typed.
    let fill = r#"
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["进展情况"]
ws["B3"] = datetime.date(2024, 10, 8)
done = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)].index("累计完成") + 1
for r in range(5, ws.max_row + 1):
    figure = {"4": 0.5, "2": 0.85}.get(str(ws.cell(r, 1).value))
    if figure is not None:
        ws.cell(r, done).value = figure
wb.save(sys.argv[1])
"#;
    let filled = Command::new(python)
        .args(["-c", fill])
        .arg(&form)
        .status()
        .unwrap();
    assert!(filled.success());
    let (_, doc) = crate::merge_json(PLAN, &form, "2024Q3");
    let line = |id: &str| {
        doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["unit"] == "定海" && l["target"] == id)
            .unwrap_or_else(|| panic!("no unit line for target {id}"))
    };
    assert_eq!(line("4")["completed"], "0.5");
    assert_eq!(line("4")["measure"], "亿元");
    assert_eq!(line("2")["completed"], "0.85");
    let _ = std::fs::remove_dir_all(&dir);
}
