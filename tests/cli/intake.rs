//! The quarter's folder as a clerk saves it (tests/fixtures/intake/, made by
//! make_intake.py): subfolders, an .xlsb, WPS .et files, a .zip with GBK member
//! names, and files that are not returns. Every file is merged or named with
//! its reason; only lock files and hidden files are skipped, and counted.

use crate::merge::read_grid;
use crate::{fresh_dir, huizong, repo};
use serde_json::Value;
use std::process::Command;

fn key() -> Value {
    let text = std::fs::read_to_string(repo("tests/fixtures/intake/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn args(key: &Value) -> Vec<String> {
    key["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

fn run_json(args: &[String]) -> Value {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = huizong(&refs);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stderr))
}

#[test]
fn every_file_of_a_messy_folder_is_merged_or_named_with_its_reason() {
    let key = key();
    let doc = run_json(&args(&key));
    let returns = doc["returns"].as_array().unwrap();
    let expected = key["returns"].as_array().unwrap();
    let listed: Vec<&str> = returns
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    let keyed: Vec<&str> = expected
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    let (mut a, mut b) = (listed.clone(), keyed.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "every file once, nothing else");
    for k in expected {
        let r = returns.iter().find(|r| r["file"] == k["file"]).unwrap();
        assert_eq!(r["status"], k["status"], "{}", k["file"]);
        assert_eq!(r["unit"], k["unit"], "{}", k["file"]);
        if let Some(has) = k["reason_has"].as_str() {
            let reason = r["reason"].as_str().unwrap_or("");
            assert!(reason.contains(has), "{}: {reason}", k["file"]);
        }
    }
    assert_eq!(doc["skipped"], key["skipped"]);
}

#[test]
fn returns_in_subfolders_xlsb_wps_and_zip_members_merge_exactly() {
    let key = key();
    let doc = run_json(&args(&key));
    for (unit, figures) in key["figures"].as_object().unwrap() {
        for (target, value) in figures.as_object().unwrap() {
            let line = doc["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["unit"] == *unit && l["target"] == *target)
                .unwrap_or_else(|| panic!("{unit} {target}"));
            assert_eq!(line["completed"], *value, "{unit} {target}");
            let file = line["source"]["file"].as_str().unwrap();
            assert!(!file.contains('╖'), "member names are not mojibake: {file}");
        }
    }
    let line = |unit: &str| {
        doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["unit"] == unit)
            .unwrap()
            .clone()
    };
    assert_eq!(
        line("岱山")["source"]["file"],
        "tests/fixtures/intake/messy/附件.zip!岱山县局-2024Q3.xlsx"
    );
    assert_eq!(line("金塘")["status"], "no_return");
    let findings: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(findings, ["unreadable_file"], "only 金塘's WPS file");
}

#[test]
fn the_reports_received_sheet_lists_every_file_and_what_was_skipped() {
    let dir = fresh_dir("intake-report");
    let out = dir.join("汇总.xlsx");
    let mut a = args(&key());
    a.pop();
    a.extend(["-o".to_string(), out.display().to_string()]);
    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
    let run = huizong(&refs);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("不是报表 -        "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("已跳过 Office 临时文件（~$…）1 个、隐藏文件 3 个")
    );
    let grid = read_grid(&out, "回收情况");
    for needle in [
        "附件.zip!报表/嵊泗县局-2024Q3.xlsx | 嵊泗",
        "现场照片.jpg |  |  | 不是报表 | 图片",
        "WPS 格式，请另存为 .xlsx",
        "（已跳过） |  |  | 跳过 | Office 临时文件（~$…）1 个、隐藏文件 3 个",
    ] {
        assert!(grid.contains(needle), "{needle} in\n{grid}");
    }
}

/// A zip whose one member inflates past the file-size limit.
fn bomb(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("附件.zip");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("定海区局-2024Q3.xlsx", options).unwrap();
    zip.write_all(&vec![0u8; 3 * 1024 * 1024]).unwrap();
    zip.finish().unwrap();
    path
}

#[test]
fn a_zip_member_inflating_past_the_limit_is_refused_not_read() {
    let dir = fresh_dir("intake-bomb");
    let zip = bomb(&dir);
    assert!(std::fs::metadata(&zip).unwrap().len() < 100_000);
    let out = Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(["merge", "tests/fixtures/intake/plan.xlsx"])
        .arg(&dir)
        .args(["--period", "2024Q3", "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("HUIZONG_MAX_FILE_MB", "1")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &doc["returns"][0];
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["unit"], "定海", "named from the member's file name");
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("定海区局-2024Q3.xlsx 解压后超过 1 MB"),
        "{reason}"
    );
}

#[test]
fn template_makes_its_missing_folder_and_speaks_of_forms() {
    let dir = fresh_dir("intake-template");
    let forms = dir.join("forms").join("2024Q3");
    let run = huizong(&[
        "template",
        "tests/fixtures/intake/plan.xlsx",
        "--period",
        "2024Q3",
        "-o",
        forms.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(forms.join("定海-2024Q3.xlsx").is_file());
    let blocked = dir.join("a-file");
    std::fs::write(&blocked, "x").unwrap();
    let run = huizong(&[
        "template",
        "tests/fixtures/intake/plan.xlsx",
        "--period",
        "2024Q3",
        "-o",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("无法写入填报表"), "{}", run.stderr);
    assert!(!run.stderr.contains("report"), "{}", run.stderr);
}
