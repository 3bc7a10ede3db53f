//! Any reporting period (tests/fixtures/periods/, made by make_periods.py):
//! months, half-years and years end to end, wrong_period between kinds,
//! `--previous` between any two, and forms titled for their period.

use crate::merge::read_grid;
use crate::{fresh_dir, huizong, repo};
use serde_json::Value;

fn key() -> Value {
    let text = std::fs::read_to_string(repo("tests/fixtures/periods/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn merge(args: &[&str]) -> Value {
    let run = huizong(args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stderr))
}

fn command(case: &Value) -> Vec<String> {
    case["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

/// Merge one keyed case and hold every file's fate and every figure to the key.
fn held_to_key(name: &str, elapsed: &str, period: &str) -> Value {
    let key = key();
    let case = &key[name];
    let args = command(case);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let doc = merge(&refs);
    assert_eq!(doc["period"], period);
    assert_eq!(doc["elapsed"], elapsed);
    for k in case["returns"].as_array().unwrap() {
        let r = doc["returns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"] == k["file"])
            .unwrap_or_else(|| panic!("{} not listed", k["file"]));
        assert_eq!(r["status"], k["status"], "{}: {}", k["file"], r["reason"]);
        assert_eq!(r["unit"], k["unit"]);
    }
    for (unit, figures) in case["figures"].as_object().unwrap() {
        for (target, value) in figures.as_object().unwrap() {
            let line = doc["units"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["unit"] == *unit && l["target"] == *target)
                .unwrap();
            assert_eq!(line["completed"], *value, "{unit} {target}");
        }
    }
    doc
}

fn wrong_periods(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "wrong_period")
        .map(|f| {
            (
                f["unit"].as_str().unwrap().to_string(),
                f["actual"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_monthly_merge_reads_september_returns_and_refuses_augusts() {
    let doc = held_to_key("month", "0.75", "2024-09");
    assert_eq!(wrong_periods(&doc), [("岱山".into(), "2024-08".into())]);
    // 120 of 150 in September: on track at 9/12 elapsed (0.8 ≥ 0.75).
    let line = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["unit"] == "定海" && l["target"] == "1")
        .unwrap();
    assert_eq!(line["status"], "on_track");
}

#[test]
fn a_half_year_merge_takes_the_second_quarter_as_the_same_reach() {
    let doc = held_to_key("half", "0.5", "2024H1");
    assert_eq!(wrong_periods(&doc), [("岱山".into(), "2024Q1".into())]);
}

#[test]
fn a_yearly_merge_has_the_whole_year_elapsed() {
    let doc = held_to_key("year", "1", "2024");
    let line = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["unit"] == "定海" && l["target"] == "1")
        .unwrap();
    assert_eq!(line["status"], "done", "157.5 of 150 for the year");
}

#[test]
fn previous_compares_any_earlier_period_of_the_same_year_and_says_when_it_cannot() {
    let base = [
        "merge",
        "tests/fixtures/intake/plan.xlsx",
        "tests/fixtures/periods/month-2024-09",
        "--period",
        "2024-09",
        "--json",
        "--previous",
    ];
    let with = |previous: &str| {
        let mut args = base.to_vec();
        args.push(previous);
        merge(&args)
    };
    let codes = |doc: &Value, code: &str| -> Vec<Value> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == code)
            .cloned()
            .collect()
    };
    let doc = with("tests/fixtures/periods/half-2024H1");
    let down = codes(&doc, "decreasing_cumulative");
    assert_eq!(down.len(), 1, "{down:?}");
    assert_eq!(down[0]["unit"], "定海");
    assert_eq!(down[0]["expected"], "130");
    assert_eq!(down[0]["actual"], "120");
    assert!(codes(&doc, "previous_not_earlier").is_empty());
    let doc = with("tests/fixtures/periods/year-2024");
    assert!(codes(&doc, "decreasing_cumulative").is_empty());
    let not = codes(&doc, "previous_not_earlier");
    assert_eq!(not.len(), 1);
    assert_eq!(not[0]["severity"], "warning");
    assert_eq!(not[0]["actual"], "2024");
}

#[test]
fn forms_are_titled_and_marked_for_their_period_and_merge_back() {
    let dir = fresh_dir("periods-forms");
    for (period, words, file) in [
        ("2024年9月", "9月进展情况表", "定海-2024-09.xlsx"),
        ("2024年上半年", "上半年进展情况表", "定海-2024H1.xlsx"),
        ("2024全年", "全年进展情况表", "定海-2024.xlsx"),
        ("2024Q3", "第三季度进展情况表", "定海-2024Q3.xlsx"),
    ] {
        let out = dir.join(period);
        let run = huizong(&[
            "template",
            "tests/fixtures/intake/plan.xlsx",
            "--period",
            period,
            "--unit",
            "定海",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let form = out.join(file);
        let grid = read_grid(&form, "进展情况");
        assert!(grid.contains(words), "{period}: {grid}");
        let doc = merge(&[
            "merge",
            "tests/fixtures/intake/plan.xlsx",
            form.to_str().unwrap(),
            "--period",
            period,
            "--json",
        ]);
        assert_eq!(doc["returns"][0]["status"], "accepted", "{period}");
        let other = "2024-08";
        let doc = merge(&[
            "merge",
            "tests/fixtures/intake/plan.xlsx",
            form.to_str().unwrap(),
            "--period",
            other,
            "--json",
        ]);
        assert_eq!(
            doc["returns"][0]["status"], "rejected",
            "{period} as {other}"
        );
    }
}
