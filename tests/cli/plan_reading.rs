//! Plans laid out in ways the sample is not (tests/fixtures/review/): none may
//! crash, and the ones that once gave wrong answers give the right ones.

use crate::{check_json, findings, huizong, repo, statuses};

#[test]
fn no_review_fixture_crashes_or_hangs() {
    let dir = repo("tests/fixtures/review");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xls"));
    files.sort();
    assert!(files.len() > 30);
    for f in files {
        let run = huizong(&["check", "--json", f.to_str().unwrap()]);
        assert!(
            [0, 1, 2].contains(&run.code),
            "{}: exit {} {}",
            f.display(),
            run.code,
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{}: {}",
            f.display(),
            run.stderr
        );
        if run.code != 2 {
            serde_json::from_str::<serde_json::Value>(&run.stdout)
                .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        }
    }
}

#[test]
fn a_merged_name_header_keeps_the_first_target() {
    let (_, doc) = check_json("tests/fixtures/review/A_mergedname.xlsx", &[]);
    assert_eq!(doc["targets"].as_array().unwrap().len(), 2);
}

#[test]
fn a_total_header_merged_over_two_columns_leaves_the_units_alone() {
    let (_, doc) = check_json("tests/fixtures/review/A2_mergedtotal.xlsx", &[]);
    assert_eq!(doc["units"], serde_json::json!(["甲", "乙"]));
    assert!(!findings(&doc).iter().any(|(c, _)| c == "missing_total"));
}

#[test]
fn a_merged_note_under_the_table_is_not_a_target() {
    let (_, doc) = check_json("tests/fixtures/review/B_note.xlsx", &[]);
    assert_eq!(statuses(&doc).len(), 1);
}

#[test]
fn rates_written_as_numbers_and_as_percentages_compare_on_one_scale() {
    let (_, doc) = check_json("tests/fixtures/review/E_scale.xlsx", &[]);
    assert_eq!(
        statuses(&doc),
        [
            (2, "not_additive".to_string()),
            (3, "rate_warning".to_string())
        ]
    );
    assert_eq!(
        findings(&doc),
        [("rate_below_total".to_string(), "S!D3".to_string())]
    );
}

#[test]
fn a_magnitude_in_the_measure_is_not_applied_twice() {
    let (code, doc) = check_json("tests/fixtures/review/D_wan.xlsx", &[]);
    assert_eq!(code, 0);
    assert!(
        statuses(&doc).iter().all(|(_, s)| s == "ok"),
        "{:?}",
        statuses(&doc)
    );
}

#[test]
fn subtotal_rows_spelled_with_a_prefix_are_not_targets() {
    let (_, doc) = check_json("tests/fixtures/review/G_total.xlsx", &[]);
    assert_eq!(statuses(&doc).len(), 1);
}

#[test]
fn hidden_sheets_are_not_chosen() {
    let (_, doc) = check_json("tests/fixtures/review/hidden.xlsx", &[]);
    assert_eq!(doc["sheet"], "S");
}

#[test]
fn an_unreadable_total_does_not_turn_the_check_off() {
    let (code, _) = check_json("tests/fixtures/review/n4.xlsx", &[]);
    assert_eq!(code, 1);
}

#[test]
fn cell_ranges_survive_a_sheet_named_like_a_cell() {
    let run = huizong(&["check", "tests/fixtures/review/C_one.xlsx"]);
    assert!(
        run.stdout.contains("'1'!C11") && run.stdout.contains("涉及 D11:F11"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_table_without_a_total_or_units_is_refused_with_the_reason() {
    let run = huizong(&["check", "tests/fixtures/review/notitle.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("没有总数列"), "{}", run.stderr);
    let run = huizong(&["check", "tests/fixtures/review/totonly.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("没有单位列"), "{}", run.stderr);
}

#[test]
fn a_stray_cell_at_the_last_cell_of_the_sheet_costs_nothing() {
    for f in ["I_far.xlsx", "I_far2.xlsx", "I_far3.xlsx"] {
        let (code, doc) = check_json(&format!("tests/fixtures/review/{f}"), &[]);
        assert_eq!(code, 0, "{f}");
        assert_eq!(doc["targets"].as_array().unwrap().len(), 1, "{f}");
    }
}

#[test]
fn a_unit_twice_and_a_negative_share_are_errors() {
    let (code, doc) = check_json("tests/fixtures/review/dupunits.xlsx", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc),
        [("duplicate_unit".to_string(), "S!E1".to_string())]
    );
    let (code, doc) = check_json("tests/fixtures/review/n7.xlsx", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&doc),
        [("negative_allocation".to_string(), "S!D2".to_string())]
    );
}
