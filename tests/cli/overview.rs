//! 概况 and what it rests on: the group counts and the ranking recomputed here
//! from the merge's own lines (`--json` units and city) by the rules the sheet
//! states, the draft 进展综述 of one group, 进展情况 carried from every return
//! row that has it, 本季新增 with `--previous`, and the year-end evaluation.

use crate::{check_json, huizong, repo};
use calamine::{Data, Reader, open_workbook_auto};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;

const PLAN: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";
const RETURNS: &str = "samples/zhoushan-2024/returns-2024Q3";

fn merged(extra: &[&str]) -> Value {
    let mut args = vec!["merge", "--json", PLAN, RETURNS, "--period", "2024Q3"];
    args.extend_from_slice(extra);
    let run = huizong(&args);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr))
}

fn dec(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| Decimal::from_str(s).unwrap())
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Each target's standing, by 概况's stated rule, from the merge's lines.
fn standings(doc: &Value) -> BTreeMap<String, &'static str> {
    let mut lines: HashMap<&str, Vec<&str>> = HashMap::new();
    for l in doc["units"].as_array().unwrap() {
        lines
            .entry(text(&l["target"]))
            .or_default()
            .push(text(&l["status"]));
    }
    let mut out = BTreeMap::new();
    for city in doc["city"].as_array().unwrap() {
        let id = text(&city["target"]);
        let mine = lines.get(id).cloned().unwrap_or_default();
        let any = |s: &str| mine.contains(&s);
        let standing = match text(&city["status"]) {
            "done" => "done",
            "on_track" => "on_track",
            "lagging" => "lagging",
            // Never summed: the units' lines decide.
            "not_applicable" if any("lagging") => "lagging",
            "not_applicable" if !mine.is_empty() && mine.iter().all(|s| *s == "done") => "done",
            "not_applicable" if any("done") || any("on_track") => "on_track",
            _ if any("reported") => "reported",
            _ => "no_figure",
        };
        out.insert(id.to_string(), standing);
    }
    out
}

#[test]
fn the_group_counts_are_the_targets_standings_counted_per_action_group() {
    let doc = merged(&[]);
    let (_, plan) = check_json(PLAN, &[]);
    let standing = standings(&doc);
    let mut expected: Vec<(String, BTreeMap<&str, u64>)> = Vec::new();
    for t in plan["targets"].as_array().unwrap() {
        let group = text(&t["group"]).to_string();
        if expected.last().is_none_or(|(g, _)| *g != group) {
            expected.push((group.clone(), BTreeMap::new()));
        }
        let counts = &mut expected.last_mut().unwrap().1;
        *counts.entry("targets").or_default() += 1;
        *counts.entry(standing[text(&t["id"])]).or_default() += 1;
    }
    let groups = doc["summary"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), expected.len());
    for (g, (name, counts)) in groups.iter().zip(&expected) {
        assert_eq!(text(&g["name"]), name);
        for key in [
            "targets",
            "done",
            "on_track",
            "lagging",
            "reported",
            "no_figure",
        ] {
            let want = counts.get(key).copied().unwrap_or(0);
            assert_eq!(g[key].as_u64(), Some(want), "{name}: {key}");
        }
        let lagging: Vec<&str> = g["lagging_targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| text(&t["target"]))
            .collect();
        let want: Vec<&str> = plan["targets"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| text(&t["group"]) == name && standing[text(&t["id"])] == "lagging")
            .map(|t| text(&t["id"]))
            .collect();
        assert_eq!(lagging, want, "{name}: the lagging targets named");
    }
    let all = &doc["summary"]["targets"];
    assert_eq!(all["targets"].as_u64(), Some(81));
    let lagging = standing.values().filter(|s| **s == "lagging").count() as u64;
    assert_eq!(all["lagging"].as_u64(), Some(lagging));
}

#[test]
fn units_are_ranked_by_their_mean_capped_completion_with_missing_figures_as_zero() {
    let doc = merged(&[]);
    let (_, plan) = check_json(PLAN, &[]);
    let additive: Vec<&str> = plan["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !t["sum"].is_null())
        .map(|t| text(&t["id"]))
        .collect();
    let merged_units: Vec<&str> = doc["returns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "accepted")
        .map(|r| text(&r["unit"]))
        .collect();
    // unit → (score, lagging lines), in plan order.
    let mut rows: Vec<(&str, Option<Decimal>, usize)> = Vec::new();
    for unit in plan["units"].as_array().unwrap().iter().map(text) {
        let mine: Vec<&Value> = doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["unit"] == unit)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let rates: Vec<Decimal> = mine
            .iter()
            .filter(|l| additive.contains(&text(&l["target"])))
            .filter(|l| dec(&l["target_value"]).is_some_and(|v| v > Decimal::ZERO))
            .map(|l| dec(&l["rate"]).map_or(Decimal::ZERO, |r| r.min(Decimal::ONE)))
            .collect();
        let lagging = mine.iter().filter(|l| l["status"] == "lagging").count();
        let score = (merged_units.contains(&unit) && !rates.is_empty())
            .then(|| rates.iter().sum::<Decimal>() / Decimal::from(rates.len()));
        rows.push((unit, score, lagging));
    }
    let order: Vec<usize> = (0..rows.len()).collect();
    let mut order = order;
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        rb.1.is_some()
            .cmp(&ra.1.is_some())
            .then(rb.1.cmp(&ra.1))
            .then(ra.2.cmp(&rb.2))
            .then(a.cmp(&b))
    });
    let ranking = doc["ranking"].as_array().unwrap();
    assert_eq!(ranking.len(), rows.len());
    let mut place = 0;
    for (i, (&k, r)) in order.iter().zip(ranking).enumerate() {
        let (unit, score, lagging) = rows[k];
        assert_eq!(text(&r["unit"]), unit, "place {}", i + 1);
        assert_eq!(r["lagging"].as_u64(), Some(lagging as u64), "{unit}");
        match score {
            Some(s) => {
                let tied =
                    i > 0 && rows[order[i - 1]].1 == score && rows[order[i - 1]].2 == lagging;
                if !tied {
                    place = i + 1;
                }
                assert_eq!(r["rank"].as_u64(), Some(place as u64), "{unit}");
                assert_eq!(dec(&r["score"]), Some(s.round_dp(4).normalize()), "{unit}");
            }
            None => {
                assert!(
                    r["rank"].is_null() && !r["reason"].is_null(),
                    "{unit} last, unplaced"
                );
            }
        }
    }
    let last: Vec<&str> = ranking
        .iter()
        .rev()
        .take(3)
        .map(|r| text(&r["unit"]))
        .collect();
    let mut last = last;
    last.sort_unstable();
    assert_eq!(
        last,
        ["六横", "新城", "普陀山"],
        "the units with nothing merged"
    );
}

#[test]
fn the_draft_summary_of_an_action_group_says_its_figures() {
    let doc = merged(&[]);
    let group = doc["summary"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| text(&g["name"]).starts_with("质量提升"))
        .unwrap();
    assert_eq!(group["draft"], true);
    insta::assert_snapshot!("draft_summary_quality_group", text(&group["text"]));
}

/// The 进展情况 column of every sheet of a return, by its header, and the
/// header's row: sheet → (header row, column).
fn progress_columns(file: &str) -> HashMap<String, (usize, usize)> {
    let mut wb = open_workbook_auto(repo(file)).unwrap();
    let mut out = HashMap::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate().take(10) {
            if let Some(c) = row
                .iter()
                .position(|v| matches!(v, Data::String(s) if s == "进展情况"))
            {
                out.insert(name.clone(), (r + r0 as usize, c + c0 as usize));
            }
        }
    }
    out
}

#[test]
fn every_unit_line_carries_the_progress_its_return_row_has() {
    let doc = merged(&[]);
    let mut checked = 0;
    let mut books: HashMap<String, _> = HashMap::new();
    for l in doc["units"].as_array().unwrap() {
        let Some(src) = l["source"].as_object() else {
            assert!(l["progress"].is_null(), "no source, no progress: {l}");
            continue;
        };
        let file = text(&src["file"]).to_string();
        let sheet = text(&src["sheet"]).to_string();
        let cell = text(&src["cell"]);
        let row: usize = cell
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .unwrap();
        let columns = books
            .entry(file.clone())
            .or_insert_with(|| progress_columns(&file));
        let written = match columns.get(&sheet) {
            Some(&(_, col)) => {
                let mut wb = open_workbook_auto(repo(&file)).unwrap();
                let range = wb.worksheet_range(&sheet).unwrap();
                match range.get_value(((row - 1) as u32, col as u32)) {
                    Some(Data::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                    _ => None,
                }
            }
            None => None,
        };
        assert_eq!(
            l["progress"].as_str().map(str::trim),
            written.as_deref(),
            "{} {} at {file} {sheet}!{cell}",
            text(&l["unit"]),
            text(&l["target"])
        );
        checked += usize::from(written.is_some());
    }
    assert!(
        checked > 300,
        "the sample's returns say how they progress: {checked}"
    );
    // 汇总's 进展情况 compiles them per target: every unit's words are there.
    for city in doc["city"].as_array().unwrap() {
        let compiled = text(&city["progress"]);
        for l in doc["units"].as_array().unwrap() {
            if l["target"] == city["target"]
                && let Some(p) = l["progress"].as_str()
            {
                assert!(compiled.contains(p.trim()), "{compiled} lacks {p}");
                assert!(compiled.contains(text(&l["unit"])), "{compiled}");
            }
        }
    }
}

#[test]
fn the_report_shows_progress_in_both_sheets_and_opens_with_the_overview() {
    let dir = crate::fresh_dir("overview");
    let out = dir.join("r.xlsx");
    let run = huizong(&[
        "merge",
        PLAN,
        RETURNS,
        "--period",
        "2024Q3",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names()[0], "概况");
    let units = wb.worksheet_range("单位情况").unwrap();
    let header: Vec<String> = units
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header.iter().position(|h| h == "进展情况").unwrap();
    let said = units
        .rows()
        .skip(1)
        .filter(|r| !r[col].to_string().is_empty())
        .count();
    assert!(said > 300, "单位情况 shows each unit's words: {said}");
    let summary = wb.worksheet_range("汇总").unwrap();
    let last = summary.rows().nth(2).unwrap().last().unwrap().to_string();
    assert_eq!(last, "进展情况", "汇总's last column");
    let overview = wb.worksheet_range("概况").unwrap();
    let cells: Vec<String> = overview.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(
        cells.iter().any(|c| c.contains("草稿")),
        "the draft is marked"
    );
    assert!(cells.iter().any(|c| c.starts_with("截至三季度，")));
    assert!(
        cells
            .iter()
            .any(|c| c.contains("得分为本单位各项数值目标完成率的平均值"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_last_quarter_each_line_says_what_this_quarter_added() {
    let doc = merged(&["--previous", "samples/zhoushan-2024/returns-2024Q2"]);
    let mut seen = 0;
    for l in doc["units"].as_array().unwrap() {
        match (dec(&l["completed"]), dec(&l["previous"])) {
            (Some(now), Some(before)) => {
                assert_eq!(dec(&l["increase"]), Some((now - before).normalize()), "{l}");
                seen += 1;
            }
            _ => assert!(l["increase"].is_null(), "{l}"),
        }
    }
    assert!(seen > 30, "定海's Q2 figures: {seen}");
    let dir = crate::fresh_dir("increase");
    let out = dir.join("r.xlsx");
    huizong(&[
        "merge",
        PLAN,
        RETURNS,
        "--period",
        "2024Q3",
        "--previous",
        "samples/zhoushan-2024/returns-2024Q2",
        "-o",
        out.to_str().unwrap(),
    ]);
    let mut wb = open_workbook_auto(&out).unwrap();
    for (sheet, row) in [("汇总", 2), ("单位情况", 0)] {
        let range = wb.worksheet_range(sheet).unwrap();
        let header: Vec<String> = range
            .rows()
            .nth(row)
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        let at = |h: &str| header.iter().position(|x| x == h).unwrap();
        assert_eq!(
            at("本季新增"),
            at("累计完成") + 1,
            "{sheet}: beside the cumulative figure"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn at_the_year_end_every_target_and_line_is_evaluated_done_or_not() {
    let Some(python) = crate::template::python_with_openpyxl() else {
        eprintln!("SKIPPED: needs python3 with openpyxl");
        return;
    };
    let dir = crate::fresh_dir("year-end");
    let forms = dir.join("forms");
    std::fs::create_dir(&forms).unwrap();
    let f = forms.to_str().unwrap();
    assert_eq!(
        huizong(&["template", PLAN, "--period", "2024Q4", "-o", f]).code,
        0
    );
    let filled = std::process::Command::new(python)
        .arg(repo("tests/fixtures/forms/fill_forms.py"))
        .arg(&forms)
        .arg(dir.join("expected.tsv"))
        .status()
        .unwrap();
    assert!(filled.success());
    // The year reaches as far as its fourth quarter: Q4's forms are the year's.
    let out = dir.join("r.xlsx");
    let run = huizong(&[
        "merge",
        "--json",
        PLAN,
        f,
        "--period",
        "2024年度",
        "-o",
        out.to_str().unwrap(),
    ]);
    let doc: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
    assert_eq!(doc["period"], "2024");
    for l in doc["units"].as_array().unwrap() {
        let want = match text(&l["status"]) {
            "done" => "met",
            "on_track" | "lagging" => "not_met",
            "reported" => "to_review",
            _ => "no_figure",
        };
        assert_eq!(text(&l["evaluation"]), want, "{l}");
    }
    for c in doc["city"].as_array().unwrap() {
        let want = match text(&c["standing"]) {
            "done" => "met",
            "on_track" | "lagging" => "not_met",
            "reported" => "to_review",
            _ => "no_figure",
        };
        assert_eq!(text(&c["evaluation"]), want, "{c}");
    }
    let mut wb = open_workbook_auto(&out).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let header: Vec<String> = summary
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = header
        .iter()
        .position(|h| h == "综合评价")
        .expect("汇总 has 综合评价");
    let words: Vec<String> = summary.rows().skip(3).map(|r| r[col].to_string()).collect();
    assert!(
        words
            .iter()
            .all(|w| ["完成", "未完成", "待评定（文字进展）", "无数据"].contains(&w.as_str()))
    );
    assert!(words.iter().any(|w| w == "未完成"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn before_the_year_end_nothing_is_evaluated() {
    let doc = merged(&[]);
    assert!(
        doc["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["evaluation"].is_null())
    );
}
