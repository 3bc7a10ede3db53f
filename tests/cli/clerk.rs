//! Returns filled the way careless clerks fill them (tests/fixtures/clerk/,
//! made by make_clerk.py with openpyxl): every figure must land on its own
//! target with the exact value its answer key (Python Decimal) gives, and
//! every doubtful one must be flagged at its cell. And the property: in random
//! returns filled and then perturbed by perturb.py, no figure is merged onto
//! a target whose name differs from the row it was typed in.

use crate::{huizong, repo};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// Merge one case as its key says, and hold the result to the key.
fn case(name: &str) {
    let key_path = repo(&format!("tests/fixtures/clerk/{name}/expected.json"));
    let key: Value = serde_json::from_str(&std::fs::read_to_string(key_path).unwrap()).unwrap();
    let args: Vec<&str> = key["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let run = huizong(&args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {}", run.stderr));
    let mut wrong = Vec::new();
    figures_are_exact(&key, &doc, &mut wrong);
    nothing_else_is_merged(&key, &doc, &mut wrong);
    findings_are_as_keyed(&key, &doc, &mut wrong);
    returns_are_as_keyed(&key, &doc, &mut wrong);
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn decimal(v: &Value) -> Option<Decimal> {
    v.as_str().and_then(|s| Decimal::from_str(s).ok())
}

fn line<'a>(doc: &'a Value, unit: &str, target: &str) -> Option<&'a Value> {
    doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["unit"] == unit && l["target"] == target)
}

/// A path ends with a file name (our JSON gives the path as given).
fn same_file(path: &str, name: &str) -> bool {
    path == name || path.ends_with(&format!("/{name}"))
}

fn figures_are_exact(key: &Value, doc: &Value, wrong: &mut Vec<String>) {
    for f in key["figures"].as_array().unwrap() {
        let (unit, target) = (text(&f["unit"]), text(&f["target"]));
        let Some(l) = line(doc, unit, target) else {
            wrong.push(format!("{unit} {target}: no unit line"));
            continue;
        };
        let at = format!("{unit} {target} ({})", text(&f["name"]));
        if decimal(&l["completed"]) != decimal(&f["completed"]) {
            wrong.push(format!(
                "{at}: completed {} not {}",
                l["completed"], f["completed"]
            ));
        }
        if l["status"] != f["status"] {
            wrong.push(format!("{at}: status {} not {}", l["status"], f["status"]));
        }
        let kept = |field: &str, note: &str| text(&l[field]).contains(note);
        if let Some(note) = f["note"].as_str()
            && !kept("note", note)
            && !kept("progress", note)
        {
            wrong.push(format!("{at}: note {} lost ({note})", l["progress"]));
        }
        if f["completed"].is_string() {
            let source = &l["source"];
            if !same_file(text(&source["file"]), text(&f["file"])) || source["cell"] != f["cell"] {
                wrong.push(format!(
                    "{at}: taken from {source}, typed at {} {}",
                    f["file"], f["cell"]
                ));
            }
            if f["sheet"].is_string() && source["sheet"] != f["sheet"] {
                wrong.push(format!(
                    "{at}: from sheet {} not {}",
                    source["sheet"], f["sheet"]
                ));
            }
        }
    }
}

fn nothing_else_is_merged(key: &Value, doc: &Value, wrong: &mut Vec<String>) {
    let keyed = |unit: &Value, target: &Value| {
        key["figures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| &f["unit"] == unit && &f["target"] == target)
    };
    let units = key["units"].as_array().unwrap();
    for l in doc["units"].as_array().unwrap() {
        if units.contains(&l["unit"])
            && !l["completed"].is_null()
            && !keyed(&l["unit"], &l["target"])
        {
            wrong.push(format!(
                "{} {}: got {} and no figure was typed for it",
                l["unit"], l["target"], l["completed"]
            ));
        }
    }
    for n in key["no_figure"].as_array().unwrap() {
        if let Some(l) = line(doc, text(&n["unit"]), text(&n["target"]))
            && !l["completed"].is_null()
        {
            wrong.push(format!(
                "{} {}: got {} ({})",
                n["unit"], n["target"], l["completed"], n["why"]
            ));
        }
    }
    for n in key["not_merged"].as_array().unwrap() {
        for l in doc["units"].as_array().unwrap() {
            let s = &l["source"];
            if same_file(text(&s["file"]), text(&n["file"])) && s["cell"] == n["cell"] {
                wrong.push(format!(
                    "{} {}: merged from {} {}, which must not be",
                    l["unit"], l["target"], n["file"], n["cell"]
                ));
            }
        }
    }
}

/// A finding matches a keyed one when every field the key gives agrees.
fn matches(found: &Value, keyed: &Value) -> bool {
    keyed
        .as_object()
        .unwrap()
        .iter()
        .all(|(field, want)| match field.as_str() {
            "note" => true,
            "file" => same_file(text(&found["file"]), text(want)),
            "cell" => {
                let cell = text(&found["cell"]);
                cell == text(want) || cell.ends_with(&format!("!{}", text(want)))
            }
            _ => &found[field] == want,
        })
}

fn findings_are_as_keyed(key: &Value, doc: &Value, wrong: &mut Vec<String>) {
    let found = doc["findings"].as_array().unwrap();
    for k in key["findings"].as_array().unwrap() {
        if !found.iter().any(|f| matches(f, k)) {
            wrong.push(format!("missing finding {k}"));
        }
    }
    for k in key["absent_findings"].as_array().unwrap() {
        if let Some(f) = found.iter().find(|f| matches(f, k)) {
            wrong.push(format!("finding {f} must not be there ({k})"));
        }
    }
}

fn returns_are_as_keyed(key: &Value, doc: &Value, wrong: &mut Vec<String>) {
    let returns = doc["returns"].as_array().unwrap();
    for k in key["returns_status"].as_array().unwrap() {
        let file = text(&k["file"]);
        let entries: Vec<&Value> = returns
            .iter()
            .filter(|r| same_file(text(&r["file"]), file))
            .collect();
        let agrees = entries
            .iter()
            .any(|r| r["status"] == k["status"] && (k["unit"].is_null() || r["unit"] == k["unit"]));
        if !agrees {
            let got: Vec<String> = entries
                .iter()
                .map(|r| format!("{} {}", r["unit"], r["status"]))
                .collect();
            wrong.push(format!(
                "{file}: {got:?}, not {} {}",
                k["unit"], k["status"]
            ));
        }
    }
}

#[test]
fn a_magnitude_typed_in_the_cell_is_applied_once_against_the_targets_measure() {
    case("magnitude-typed");
    case("magnitude-typed-wan");
}

#[test]
fn a_rate_typed_as_a_plain_number_is_a_percentage() {
    case("rate-as-number");
}

#[test]
fn forms_of_a_revised_plan_land_on_the_targets_of_the_same_name() {
    case("plan-revised");
}

#[test]
fn a_row_a_clerk_inserted_is_listed_and_the_rows_below_it_still_land_right() {
    case("row-inserted");
}

#[test]
fn a_form_of_another_plan_is_rejected() {
    case("foreign-form");
}

#[test]
fn a_file_named_for_one_unit_holding_anothers_figures_replaces_nothing() {
    case("misnamed-file");
}

#[test]
fn an_answer_in_words_is_reported_and_an_unreadable_figure_is_invalid() {
    case("text-only");
}

#[test]
fn a_figure_far_above_its_target_is_flagged_at_its_cell() {
    case("outlier");
}

#[test]
fn the_names_and_headers_clerks_really_write_are_understood() {
    case("real-names");
}

#[test]
fn the_sheet_for_the_requested_quarter_is_read() {
    case("sheet-per-quarter");
}

/// Beside the fixture: a return whose title names no quarter and whose filing
/// date says the third, but whose completed column says 一季度完成, is read
/// (unit 普陀, the header as the completed column) and refused for its quarter,
/// at the header's cell.
#[test]
fn a_return_whose_completed_header_names_another_quarter_is_refused_for_it() {
    use huizong::grid::{Grid, Value as Cell};
    use huizong::model::returns::{self, Return};
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.into())
        }
    };
    let rows = [
        ["2024年十件实事进展情况表", "", "", ""],
        ["填报单位：普陀区局", "", "", ""],
        ["填报日期：2024-10-08", "", "", ""],
        ["序号", "目标名称", "本单位目标", "一季度完成"],
        ["4", "发放个体工商户经营性贷款(亿元)", "0.7", "0.2"],
    ];
    let rows = rows
        .iter()
        .map(|r| r.iter().map(|s| text(s)).collect())
        .collect();
    let grid = Grid::new("q1.xlsx", "Sheet1", rows, vec![]);
    let table = huizong::table::find(&grid).expect("the table is found");
    let said = returns::recognise(&grid, &table);
    let ret = Return {
        file: "q1.xlsx".into(),
        file_name: "q1.xlsx".into(),
        sha256: String::new(),
        modified: None,
        sheet: "Sheet1".into(),
        filer: said.filer,
        date: said.date,
        title_period: said.title_period,
        header_period: said.header_period,
        blocks: said.blocks,
        meta: None,
        report: None,
    };
    let plan = repo("samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx");
    let check =
        huizong::reconcile::check(huizong::load::plan::read_plan(&plan, None, None).unwrap().0);
    let merged =
        huizong::merge::consolidate(check, "2024Q3".parse().unwrap(), vec![Ok(ret)], vec![]);
    let doc: Value = serde_json::from_str(&huizong::render::merge::json::merge(&merged)).unwrap();
    let wrong: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "wrong_period")
        .collect();
    assert_eq!(wrong.len(), 1, "{:#}", doc["findings"]);
    assert_eq!(wrong[0]["unit"], "普陀");
    assert_eq!(wrong[0]["actual"], "2024Q1");
    assert_eq!(wrong[0]["cell"], "Sheet1!D4");
    assert_eq!(doc["returns"][0]["status"], "rejected");
}

/// perturb.py's seeds, with how many cases each makes (about 10 s in all).
/// Seeds 4, 5, 32 and 37 are kept for what they once found: the form's
/// hidden row map vouched for a row renamed in place (seed 5 case 1: 序号 73
/// renamed 码头海塘 kept landing on 73), and a clerk's `其中：` sub-row given
/// its parent's 序号, after a row above was deleted, landed on the parent
/// (seed 37 case 3, 金塘 E18; seed 32 case 4, 六横 E39). Now a row whose name
/// matches nothing is listed, not merged, and two rows for one target are
/// both held back (duplicate_row).
const SEEDS: [(u64, usize); 5] = [(1, 8), (4, 7), (5, 6), (32, 5), (37, 4)];

/// A name reduced to its letters, digits and Chinese characters after NFKC
/// (what the merge compares; written here again so that the test does not
/// take the merge's word for it).
fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc().filter(|c| c.is_alphanumeric()).collect()
}

/// A visible 序号 reduced for comparison: NFKC, no spaces, no trailing `.0`.
fn id_key(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let n: String = id.nfkc().filter(|c| !c.is_whitespace()).collect();
    n.strip_suffix(".0").map_or(n.clone(), str::to_string)
}

/// Slight rewording: one name holds the other, or they share most character
/// pairs (Dice ≥ 0.6), as the merge tolerates for a row with the right 序号.
fn similar(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(b) || b.contains(a) {
        return true;
    }
    let pairs = |s: &str| -> Vec<(char, char)> { s.chars().zip(s.chars().skip(1)).collect() };
    let (pa, mut pb) = (pairs(a), pairs(b));
    let total = pa.len() + pb.len();
    let mut shared = 0;
    for p in &pa {
        if let Some(i) = pb.iter().position(|q| q == p) {
            pb.swap_remove(i);
            shared += 1;
        }
    }
    total > 0 && 5 * 2 * shared >= 3 * total
}

/// What the clerk did to a file, in one line per step, for a failure message.
fn ops_on(key: &Value, file: &str) -> String {
    let at = |v: &Value| {
        format!(
            "row {} (序号 {} {})",
            v["row"],
            text(&v["id"]),
            text(&v["name"])
        )
    };
    key["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["file"] == file)
        .map(|o| match text(&o["op"]) {
            "insert" => format!(
                "inserted below {}: 序号 {} {} = {}",
                at(&o["below"]),
                o["id"],
                text(&o["name"]),
                o["typed"]
            ),
            "delete" => format!("deleted {}", at(&o["at"])),
            "swap" => format!("swapped {} and {}", at(&o["a"]), at(&o["b"])),
            "rename" => format!("renamed {} to {}", at(&o["at"]), text(&o["to"])),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Hold one merged case to its key: every unit line taken from a cell must
/// come from a typed row that is not a clerk's `其中：` row and whose visible
/// name is the target's (or, with the target's 序号, a slight rewording of
/// it). Gives the number of lines checked.
fn perturbed_case(seed: u64, key: &Value, doc: &Value, wrong: &mut Vec<String>) -> usize {
    let case = format!("seed {seed} case-{}", key["case"]);
    let plan = text(&key["plan"]);
    let cells: Vec<&Value> = key["cells"].as_array().unwrap().iter().collect();
    let mut checked = 0;
    for l in doc["units"].as_array().unwrap() {
        let source = &l["source"];
        if source.is_null() {
            continue;
        }
        checked += 1;
        let file = std::path::Path::new(text(&source["file"]))
            .file_name()
            .map_or(String::new(), |f| f.to_string_lossy().into_owned());
        let cell = text(&source["cell"]);
        let tid = text(&l["target"]);
        let tname = text(&key["targets"][tid]);
        let merged = format!(
            "{}'s {} (completed {}, status {}) merged onto {tid} {tname}",
            text(&l["unit"]),
            if l["progress"].is_string() {
                "answer"
            } else {
                "figure"
            },
            l["completed"],
            text(&l["status"])
        );
        let Some(row) = cells
            .iter()
            .find(|c| text(&c["file"]) == file && text(&c["cell"]) == cell)
        else {
            wrong.push(format!(
                "{case} {file} {cell}: {merged}, from a cell where nothing was typed"
            ));
            continue;
        };
        let (id, name) = (text(&row["id"]), text(&row["name"]));
        let shown = format!(
            "{case} {file} {cell} (row {}, typed {}): {merged}; the row shows 序号 {id} {name}",
            row["row"], row["typed"]
        );
        let origin = &row["origin"];
        let how = format!(
            "{}; plan {}; the clerk {}",
            if origin.is_null() {
                "typed in a row the clerk inserted".to_string()
            } else {
                format!(
                    "typed on the form's row for {} {}",
                    text(&origin["id"]),
                    text(&origin["name"])
                )
            },
            plan.rsplit('/').next().unwrap_or(plan),
            ops_on(key, &file)
        );
        let same_id = id_key(id) == id_key(tid);
        let (seen, wanted) = (name_key(name), name_key(tname));
        let why = if row["inserted"] == true {
            "an inserted 其中 row merged"
        } else if seen == wanted || (same_id && similar(&seen, &wanted)) {
            continue;
        } else if same_id {
            "same 序号, another name"
        } else {
            "another 序号 AND another name"
        };
        wrong.push(format!("{shown}: {why} ({how})"));
    }
    checked
}

#[test]
fn no_figure_lands_on_a_target_whose_name_differs_from_its_row() {
    let Some(python) = crate::template::python_with_openpyxl() else {
        eprintln!(
            "SKIPPED: the perturbed returns need python3 with openpyxl (pip install openpyxl)"
        );
        return;
    };
    let dir = crate::fresh_dir("perturbed");
    let mut wrong = Vec::new();
    let (mut cases, mut rows, mut inserted, mut lines) = (0, 0, 0, 0);
    for (seed, count) in SEEDS {
        let out = dir.join(format!("seed-{seed}"));
        std::fs::create_dir_all(&out).unwrap();
        let made = std::process::Command::new(python)
            .arg(repo("tests/fixtures/clerk/perturb.py"))
            .args(["--huizong", env!("CARGO_BIN_EXE_huizong")])
            .args(["--seed", &seed.to_string(), "--count", &count.to_string()])
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            made.status.success(),
            "perturb.py --seed {seed}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        for k in 0..count {
            let case = out.join(format!("case-{k}"));
            let key: Value =
                serde_json::from_str(&std::fs::read_to_string(case.join("key.json")).unwrap())
                    .unwrap();
            let run = huizong(&[
                "merge",
                text(&key["plan"]),
                text(&key["returns"]),
                "--period",
                "2024Q3",
                "--json",
            ]);
            assert!(
                run.code != 101 && !run.stderr.contains("panicked"),
                "seed {seed} case-{k}: {}",
                run.stderr
            );
            let doc: Value = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|e| panic!("seed {seed} case-{k}: not JSON ({e}): {}", run.stderr));
            let typed = key["cells"].as_array().unwrap();
            cases += 1;
            rows += typed.len();
            inserted += typed.iter().filter(|c| c["inserted"] == true).count();
            lines += perturbed_case(seed, &key, &doc, &mut wrong);
        }
    }
    eprintln!(
        "{cases} cases, {rows} typed rows ({inserted} inserted), {lines} merged lines checked"
    );
    assert!(
        inserted > 0,
        "no 其中 row was inserted: the property saw none"
    );
    assert!(
        wrong.is_empty(),
        "{} figure(s) merged onto a target whose name the row does not show (cases in {}):\n{}",
        wrong.len(),
        dir.display(),
        wrong.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
