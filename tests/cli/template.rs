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
    let run = huizong(&[
        "merge",
        PLAN,
        dir.to_str().unwrap(),
        "--period",
        "2024Q3",
        "--json",
    ]);
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
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
    let fill = "import openpyxl,sys,datetime\nwb=openpyxl.load_workbook(sys.argv[1]);ws=wb['进展情况'];ws['B2']=datetime.date(2024,10,8);n=0\nfor r in range(5,ws.max_row+1):\n  for c in range(5,ws.max_column+1,2):\n    d=ws.cell(r,c).value\n    if isinstance(d,(int,float)): ws.cell(r,c+1).value=d;n+=1\nwb.save(sys.argv[1]);print(n)";
    let out = Command::new(python)
        .args(["-c", fill])
        .arg(&form)
        .output()
        .unwrap();
    let filled: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
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
