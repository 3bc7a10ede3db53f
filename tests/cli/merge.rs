//! `huizong merge` on the sample returns (made by make_returns.py with openpyxl
//! and xlwt), against the values that script wrote, computed independently.

use crate::{huizong, repo};
use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const PLAN: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";
const RETURNS: &str = "samples/zhoushan-2024/returns-2024Q3";
const PREVIOUS: &str = "samples/zhoushan-2024/returns-2024Q2";

/// `huizong merge PLAN RETURNS --period 2024Q3 --json EXTRA…`: exit code and document.
fn merged(extra: &[&str]) -> (i32, Value) {
    merged_from(RETURNS, extra)
}

/// `huizong merge PLAN returns --period 2024Q3 --json EXTRA…`: exit code and document.
fn merged_from(returns: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["merge", PLAN, returns, "--period", "2024Q3", "--json"];
    args.extend_from_slice(extra);
    let run = huizong(&args);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stderr));
    (run.code, doc)
}

/// A unit line that took an answer from a return: a figure or a text, not
/// only words under 进展情况 and not an unusable figure.
fn answered(line: &Value) -> bool {
    let taken = !line["completed"].is_null() || !line["note"].is_null();
    !line["source"].is_null() && taken
}

fn tsv(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(repo(&format!("samples/zhoushan-2024/{name}"))).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            head.iter()
                .map(|h| h.to_string())
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

#[test]
fn merge_reports_every_finding_the_sample_was_built_to_contain_and_no_others() {
    let (code, doc) = merged(&["--previous", PREVIOUS]);
    assert_eq!(code, 1);
    let got: BTreeSet<(String, String, String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                s("code"),
                s("unit"),
                s("target"),
                file_name(&s("file")),
                s("cell").rsplit('!').next().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<_> = tsv("expected-findings-2024Q3.tsv")
        .into_iter()
        .map(|r| {
            (
                r["code"].clone(),
                r["unit"].clone(),
                r["target"].clone(),
                r["file"].clone(),
                r["cell"].clone(),
            )
        })
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn merged_figures_equal_the_values_written_into_the_returns_with_their_cells() {
    let (_, doc) = merged(&[]);
    let lines: BTreeMap<(String, String), &Value> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| answered(l))
        .map(|l| {
            (
                (
                    l["unit"].as_str().unwrap().to_string(),
                    l["target"].as_str().unwrap().to_string(),
                ),
                l,
            )
        })
        .collect();
    let expected = tsv("expected-merge-2024Q3.tsv");
    assert_eq!(
        lines.len(),
        expected.len(),
        "one merged line per expected figure, no more"
    );
    for r in &expected {
        let l = lines[&(r["unit"].clone(), r["target"].clone())];
        let value = l["completed"].as_str().or(l["note"].as_str()).unwrap();
        assert_eq!(value, r["completed"], "{} {}", r["unit"], r["target"]);
        assert_eq!(file_name(l["source"]["file"].as_str().unwrap()), r["file"]);
        assert_eq!(
            (l["source"]["sheet"].as_str(), l["source"]["cell"].as_str()),
            (Some(r["sheet"].as_str()), Some(r["cell"].as_str()))
        );
        assert_eq!(l["source"]["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn city_totals_are_the_exact_sum_of_units_with_nested_units_counted_once() {
    let (_, doc) = merged(&[]);
    let mut sums: BTreeMap<String, rust_decimal::Decimal> = BTreeMap::new();
    for r in tsv("expected-merge-2024Q3.tsv")
        .iter()
        .filter(|r| r["in_city_sum"] == "1")
    {
        *sums.entry(r["target"].clone()).or_default() +=
            r["completed"].parse::<rust_decimal::Decimal>().unwrap();
    }
    for c in doc["city"].as_array().unwrap() {
        let id = c["target"].as_str().unwrap();
        if let Some(sum) = sums.get(id) {
            assert_eq!(
                c["completed"].as_str(),
                Some(sum.normalize().to_string().as_str()),
                "target {id}"
            );
        }
    }
    assert!(sums.len() > 40, "most additive targets have a city sum");
}

#[test]
fn every_file_received_is_listed_once_per_unit_and_the_lock_file_is_skipped() {
    let (_, doc) = merged(&[]);
    let listed: BTreeSet<String> = doc["returns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| file_name(r["file"].as_str().unwrap()))
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(repo(RETURNS))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("~$") && !n.ends_with(".tsv"))
        .collect();
    assert_eq!(listed, on_disk);
    let status = |f: &str| -> Vec<String> {
        doc["returns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| file_name(r["file"].as_str().unwrap()) == f)
            .map(|r| r["status"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(status("高新区分局-2024Q3.xlsx"), ["superseded"]);
    assert_eq!(status("高新区分局-2024Q3(修改).xlsx"), ["accepted"]);
    assert_eq!(status("市局及洋山-2024Q3.xlsx"), ["accepted", "accepted"]);
    assert_eq!(status("新城分局-2024Q3.xlsx"), ["rejected"]);
}

#[test]
fn a_bad_period_is_a_usage_error() {
    let run = huizong(&["merge", PLAN, RETURNS, "--period", "三季度"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("不是报告期"), "{}", run.stderr);
}

fn sha(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A sheet as a text grid (` | ` between cells), read with calamine.
pub fn read_grid(path: &std::path::Path, sheet: &str) -> String {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_report_is_written_whole_reads_back_and_leaves_inputs_untouched() {
    let dir = crate::fresh_dir("merge");
    let out = dir.join("汇总-2024Q3.xlsx");
    let inputs: Vec<_> = std::fs::read_dir(repo(RETURNS))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    let before: Vec<_> = inputs.iter().map(|p| sha(p)).collect();
    let run = merge_into(RETURNS, "2024Q3", &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let after: Vec<_> = inputs.iter().map(|p| sha(p)).collect();
    assert!(before == after, "no input file changed");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    let wb = open_workbook_auto(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "概况",
            "汇总",
            "单位情况",
            "问题清单",
            "回收情况",
            "图表",
            "_huizong_report"
        ]
    );
    insta::assert_snapshot!("report_summary_grid", read_grid(&out, "汇总"));
    insta::assert_snapshot!("report_findings_grid", read_grid(&out, "问题清单"));
    insta::assert_snapshot!("report_received_grid", read_grid(&out, "回收情况"));
    insta::assert_snapshot!("report_chart_grid", read_grid(&out, "图表"));
    insta::assert_snapshot!("report_units_grid", read_grid(&out, "单位情况"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_is_never_written_over_an_input_or_into_a_missing_folder() {
    let (code, stderr) = merge_to(PLAN);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("{PLAN}: 这是本次的输入文件（计划）")),
        "{stderr}"
    );
    let (code, stderr) = merge_to("no-such-folder/r.xlsx");
    assert_eq!(code, 2);
    assert!(stderr.contains("这个文件夹不存在"), "{stderr}");
}

/// `-o` naming last quarter's report, a return or the plan: refused (exit 2)
/// in Chinese, naming the file and saying to choose another name, before
/// anything is read or written; every input is left as it was.
#[test]
fn an_output_that_is_any_input_is_refused_before_anything_is_written() {
    let dir = crate::fresh_dir("out-over-input");
    let (returns, previous) = (dir.join("returns"), dir.join("汇总-2024Q2.xlsx"));
    std::fs::create_dir(&returns).unwrap();
    let ret = returns.join("定海区局-2024Q3.xlsx");
    std::fs::copy(repo(&format!("{RETURNS}/定海区局-2024Q3.xlsx")), &ret).unwrap();
    let run = merge_into(PREVIOUS, "2024Q2", &previous, &[]);
    assert!(
        previous.is_file(),
        "last quarter's report is made: {}",
        run.stderr
    );
    let plan = dir.join("计划.xlsx");
    std::fs::copy(repo(PLAN), &plan).unwrap();
    let before = |p: &std::path::Path| std::fs::read(p).unwrap();
    let (report_bytes, return_bytes, plan_bytes) = (before(&previous), before(&ret), before(&plan));
    let (r, p) = (returns.to_str().unwrap(), previous.to_str().unwrap());
    let cases: [(&std::path::Path, &str, Vec<&str>); 4] = [
        (&previous, "上期报表 (--previous)", vec!["--previous", p]),
        (&ret, "单位报表", vec![]),
        (&ret, "单位报表", vec!["--previous", p]),
        (&plan, "计划", vec![]),
    ];
    for (out, what, extra) in cases {
        let o = out.to_str().unwrap();
        let mut args = vec![
            "merge",
            plan.to_str().unwrap(),
            r,
            "--period",
            "2024Q3",
            "-o",
            o,
        ];
        args.extend(extra);
        let run = huizong(&args);
        assert_eq!(run.code, 2, "{o}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{o}: nothing merged: {}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("{o}: 这是本次的输入文件（{what}）"))
                && run.stderr.contains("请用 -o 另选一个输出文件名"),
            "{}",
            run.stderr
        );
    }
    assert!(
        before(&previous) == report_bytes,
        "last quarter's report is untouched"
    );
    assert!(before(&ret) == return_bytes, "the return is untouched");
    assert!(before(&plan) == plan_bytes, "the plan is untouched");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `merge -o OUT` of the sample; the run's stderr and exit code.
/// `huizong merge PLAN RETURNS --period PERIOD -o OUT EXTRA…`.
fn merge_into(returns: &str, period: &str, out: &std::path::Path, extra: &[&str]) -> crate::Run {
    let mut args = vec![
        "merge",
        PLAN,
        returns,
        "--period",
        period,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    huizong(&args)
}

fn merge_to(out: &str) -> (i32, String) {
    let run = merge_into(RETURNS, "2024Q3", std::path::Path::new(out), &[]);
    (run.code, run.stderr)
}

#[test]
fn an_output_that_is_a_folder_or_under_a_file_is_refused_with_the_reason() {
    let dir = crate::fresh_dir("out-kinds");
    let (code, stderr) = merge_to(dir.to_str().unwrap());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("这是一个文件夹；请给出文件夹里的一个文件名"),
        "{stderr}"
    );
    let file = dir.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let (code, stderr) = merge_to(file.join("r.xlsx").to_str().unwrap());
    assert_eq!(code, 2);
    assert!(stderr.contains("a-file 是一个文件，不是文件夹"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(target_os = "linux")]
#[test]
fn a_folder_that_cannot_be_written_is_refused_with_what_to_do() {
    // /sys refuses new files even to root (tests may run as root, for whom a
    // chmod'ed folder is still writable).
    let (code, stderr) = merge_to("/sys/huizong-report.xlsx");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("/sys/huizong-report.xlsx: 无法写入")
            && stderr.contains("文件夹 /sys 不允许写入")
            && stderr.contains("用 -o 另选一个文件夹"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_mid_run_leaves_no_report_and_no_temporary_file() {
    let dir = crate::fresh_dir("interrupt");
    let returns = dir.join("returns");
    std::fs::create_dir(&returns).unwrap();
    // A return that takes seconds to read (3,000,000 cells) keeps the run busy.
    for i in 0..4 {
        std::fs::copy(
            crate::repo("tests/fixtures/limits/rows_bomb.xlsx"),
            returns.join(format!("单位{i}-2024Q3.xlsx")),
        )
        .unwrap();
    }
    let out = dir.join("汇总.xlsx");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args([
            "merge",
            PLAN,
            returns.to_str().unwrap(),
            "--period",
            "2024Q3",
        ])
        .args(["-o", out.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("已中断，没有写出任何文件"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["returns"], "no report and no temporary file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn last_quarters_report_serves_as_previous_as_well_as_its_returns() {
    let dir = crate::fresh_dir("prev");
    let q2 = dir.join("汇总-2024Q2.xlsx");
    let run = merge_into(PREVIOUS, "2024Q2", &q2, &[]);
    assert!(q2.exists(), "{}", run.stderr);
    let (_, doc) = merged(&["--previous", q2.to_str().unwrap()]);
    assert_eq!(
        decreases(&doc),
        [("定海".to_string(), "10".to_string(), "14".to_string())]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// (unit, 序号, last quarter's figure) of every `decreasing_cumulative` finding.
fn decreases(doc: &Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "decreasing_cumulative")
        .map(|f| {
            (
                f["unit"].as_str().unwrap().to_string(),
                f["target"].as_str().unwrap().to_string(),
                f["expected"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_report_from_before_the_measure_column_still_serves_as_previous() {
    let Some(python) = crate::template::python_with_openpyxl() else {
        eprintln!("SKIPPED: needs python3 with openpyxl");
        return;
    };
    let dir = crate::fresh_dir("prev-old");
    let q2 = dir.join("汇总-2024Q2.xlsx");
    let run = merge_into(PREVIOUS, "2024Q2", &q2, &[]);
    assert!(q2.exists(), "{}", run.stderr);
    // 单位情况 as reports were written before 计量单位 (column D) was added.
    let drop = "import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1]);ws=wb['单位情况']\nassert ws['D1'].value=='计量单位'\nws.delete_cols(4);wb.save(sys.argv[1])";
    let dropped = std::process::Command::new(python)
        .args(["-c", drop])
        .arg(&q2)
        .status()
        .unwrap();
    assert!(dropped.success());
    let (_, doc) = merged(&["--previous", q2.to_str().unwrap()]);
    assert_eq!(
        decreases(&doc),
        [("定海".to_string(), "10".to_string(), "14".to_string())]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn form(name: &str) -> (i32, Value) {
    merged_from(&format!("tests/fixtures/forms/{name}"), &[])
}

fn codes_except_missing(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] != "missing_return")
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_template_forms_hidden_sheet_names_its_unit_and_a_renamed_row_is_not_merged() {
    let (_, doc) = form("form-ok.xlsx");
    assert_eq!(
        doc["returns"][0]["unit"], "定海",
        "the visible 填报单位 only says 本单位"
    );
    assert_eq!(doc["returns"][0]["status"], "accepted");
    // Row 5's name was replaced: the hidden map no longer vouches for a row
    // whose name disagrees with the plan (it could be any target renamed).
    assert_eq!(
        codes_except_missing(&doc),
        [("unmatched_row".to_string(), "进展情况!A5".to_string())]
    );
    let first = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["unit"] == "定海" && l["source"]["cell"] == "E5");
    assert!(first.is_none(), "row 5 (name replaced) is not merged");
}

#[test]
fn a_form_for_another_quarter_is_refused_at_its_hidden_period_cell() {
    let (_, doc) = form("form-q2.xlsx");
    assert_eq!(
        codes_except_missing(&doc),
        [("wrong_period".to_string(), "_huizong!B3".to_string())]
    );
    assert_eq!(doc["returns"][0]["status"], "rejected");
}

#[test]
fn a_form_made_from_another_plan_version_is_merged_by_what_its_rows_say_and_reported() {
    let (_, doc) = form("form-oldplan.xlsx");
    // Row 5's name was garbled: in a form of this very plan its hidden map
    // would vouch for it, in one of another version nothing does.
    assert_eq!(
        codes_except_missing(&doc),
        [
            ("unmatched_row".to_string(), "进展情况!A5".to_string()),
            ("plan_changed".to_string(), String::new())
        ]
    );
    assert_eq!(doc["returns"][0]["status"], "accepted");
}

#[test]
fn the_same_inputs_give_a_byte_identical_report() {
    let dir = crate::fresh_dir("det");
    let (a, b) = (dir.join("a.xlsx"), dir.join("b.xlsx"));
    for out in [&a, &b] {
        merge_into(RETURNS, "2024Q3", out, &[]);
    }
    assert!(
        std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
        "two runs, two different files"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_is_the_same_bytes_on_one_core_as_on_several() {
    // 单位情况 and 汇总 are written side by side; which reaches a format
    // first must not change how formats are numbered.
    let dir = crate::fresh_dir("det-threads");
    let report = |threads: &str| {
        let out = dir.join(format!("r{threads}.xlsx"));
        let run = Command::new(env!("CARGO_BIN_EXE_huizong"))
            .args(["merge", PLAN, RETURNS, "--period", "2024Q3", "-o"])
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            run.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        std::fs::read(&out).unwrap()
    };
    assert!(report("1") == report("4"), "one thread and four, two files");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_notes_every_unit_figure_names_its_source_cell() {
    use std::io::Read;
    let dir = crate::fresh_dir("notes");
    let out = dir.join("r.xlsx");
    merge_into(RETURNS, "2024Q3", &out, &["--notes"]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/comments1.xml")
        .expect("汇总 carries notes")
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("来源：定海区局-2024Q3.xlsx") && xml.contains("进展情况!E8"),
        "{}",
        &xml[..400.min(xml.len())]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_that_looks_like_a_formula_reaches_the_report_as_text() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = crate::fresh_dir("inject");
    let out = dir.join("r.xlsx");
    let hostile = "tests/fixtures/hostile/injection";
    merge_into(hostile, "2024Q3", &out, &[]);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let values = wb.worksheet_range("汇总").unwrap();
    let formulas = wb.worksheet_formula("汇总").unwrap();
    let texts: Vec<String> = values.used_cells().map(|(_, _, v)| v.to_string()).collect();
    for text in ["=1+1", "+SUM(1,2)", "@HYPERLINK(\"http://x\")"] {
        assert!(
            texts.iter().any(|t| t == text),
            "{text} is in the report as text"
        );
        assert!(
            !formulas
                .used_cells()
                .any(|(_, _, f)| f.contains("SUM(1,2)") || f.contains("HYPERLINK") || f == "1+1"),
            "no formula made of {text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_macro_an_external_link_and_an_embedded_object_are_never_followed_or_copied() {
    let active = "tests/fixtures/hostile/active";
    let input = repo(&format!("{active}/定海区局-2024Q3.xlsm"));
    let before = sha(&input);
    let dir = crate::fresh_dir("active");
    let out = dir.join("r.xlsx");
    let (_, doc) = merged_from(active, &[]);
    let figures: BTreeMap<String, String> = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| answered(l))
        .map(|l| {
            let value = l["completed"].as_str().or(l["note"].as_str()).unwrap();
            (l["target"].as_str().unwrap().into(), value.into())
        })
        .collect();
    let expected: BTreeMap<String, String> = tsv("expected-merge-2024Q3.tsv")
        .into_iter()
        .filter(|r| r["unit"] == "定海")
        .map(|r| (r["target"].clone(), r["completed"].clone()))
        .collect();
    assert_eq!(
        figures, expected,
        "the cached values, as in the clean return"
    );
    assert_eq!(figures["5"], "1300", "E8, a formula on the external link");
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .filter(|c| *c != "missing_return")
        .collect();
    assert!(codes.is_empty(), "{codes:?}");

    merge_into(active, "2024Q3", &out, &[]);
    let report = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let parts: Vec<String> = report
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    for active_part in ["vbaProject", "externalLink", "embeddings", "oleObject"] {
        assert!(!parts.iter().any(|p| p.contains(active_part)), "{parts:?}");
    }
    assert_eq!(sha(&input), before, "the return is byte-identical");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_summary_sheet_holds_the_independently_computed_city_sums() {
    use calamine::{Data, Reader, open_workbook_auto};
    let dir = crate::fresh_dir("sums");
    let out = dir.join("r.xlsx");
    merge_into(RETURNS, "2024Q3", &out, &[]);
    let mut sums: BTreeMap<String, rust_decimal::Decimal> = BTreeMap::new();
    for r in tsv("expected-merge-2024Q3.tsv")
        .iter()
        .filter(|r| r["in_city_sum"] == "1")
    {
        *sums.entry(r["target"].clone()).or_default() +=
            r["completed"].parse::<rust_decimal::Decimal>().unwrap();
    }
    let mut wb = open_workbook_auto(&out).unwrap();
    let sheet = wb.worksheet_range("汇总").unwrap();
    // The column by its header (row 3), as a reader of the report finds it.
    let done = sheet
        .rows()
        .nth(2)
        .and_then(|h| h.iter().position(|c| *c == Data::String("累计完成".into())))
        .expect("a 累计完成 column");
    let mut checked = 0;
    for row in sheet.rows().skip(3) {
        let id = row[0].to_string();
        let Some(expected) = sums.get(&id) else {
            continue;
        };
        let Data::Float(shown) = row[done] else {
            panic!("target {id}: 累计完成 is not a number: {:?}", row[done])
        };
        let shown = huizong::read::workbook::excel_decimal(shown).unwrap();
        assert_eq!(shown, expected.normalize(), "target {id}");
        checked += 1;
    }
    assert_eq!(checked, sums.len(), "every summed target has its row");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_merge_is_the_same_in_any_file_order() {
    let mut files: Vec<String> = std::fs::read_dir(repo(RETURNS))
        .unwrap()
        .flatten()
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".xlsx") || p.ends_with(".xls"))
        .collect();
    files.sort();
    let run = |order: &[String]| -> Value {
        let mut args = vec!["merge", PLAN];
        args.extend(order.iter().map(String::as_str));
        args.extend(["--period", "2024Q3", "--json"]);
        serde_json::from_str(&huizong(&args).stdout).unwrap()
    };
    let first = run(&files);
    let mut state = 7u64;
    for _ in 0..5 {
        for i in (1..files.len()).rev() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            files.swap(i, (state >> 33) as usize % (i + 1));
        }
        let again = run(&files);
        assert_eq!(again["units"], first["units"], "order {files:?}");
        assert_eq!(again["city"], first["city"]);
        let codes = |d: &Value| -> BTreeSet<String> {
            d["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.to_string())
                .collect()
        };
        assert_eq!(codes(&again), codes(&first));
    }
}

#[test]
fn the_scale_generator_makes_returns_that_merge_to_its_own_sums() {
    // A smoke run of the benchmark's generator (bench/scale), N = 20: its
    // returns are written by openpyxl and its expected sums by Python's Decimal.
    let Some(python) = crate::template::python_with_openpyxl() else {
        eprintln!("SKIPPED: needs python3 with openpyxl (pip install openpyxl)");
        return;
    };
    let dir = crate::fresh_dir("scale");
    let run = |args: &[&str]| {
        std::process::Command::new(python)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap()
    };
    let made = run(&["bench/scale/make_scale.py", "20", dir.to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(std::fs::read_dir(dir.join("returns")).unwrap().count(), 20);
    let bin = env!("CARGO_BIN_EXE_huizong");
    let verified = run(&[
        "bench/scale/verify.py",
        dir.to_str().unwrap(),
        "--huizong",
        bin,
    ]);
    assert!(
        verified.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verified.stdout),
        String::from_utf8_lossy(&verified.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_report_zipped_as_it_is_written_is_the_report_made_whole() {
    let plan = huizong::load::plan::read_plan(&repo(PLAN), None, None)
        .unwrap()
        .0;
    let period: huizong::model::period::Period = "2024Q3".parse().unwrap();
    let returns: Vec<_> = std::fs::read_dir(repo(RETURNS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('~'))
        .map(|p| huizong::load::returns::read(&p, Some(period)))
        .collect();
    let merged =
        huizong::merge::consolidate(huizong::reconcile::check(plan), period, returns, Vec::new());
    let whole = huizong::render::merge::xlsx::report(&merged, true).unwrap();
    let mut streamed = Vec::new();
    huizong::render::merge::xlsx::write_report(&merged, true, &mut streamed).unwrap();
    assert!(whole.len() > 10_000, "a report, {} bytes", whole.len());
    assert!(
        streamed == whole,
        "the file the CLI writes is the page's download"
    );
}
