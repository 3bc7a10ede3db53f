//! The one integration test binary: runs the real `huizong` on fixtures made
//! by openpyxl and LibreOffice (never by our own writer).

mod bad_input;
mod clerk;
mod county;
mod features;
mod intake;
mod limits;
mod merge;
mod overview;
mod periods;
mod plan_reading;
mod properties;
mod sample;
mod serve;
mod shapes;
mod template;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the binary gave back.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// An empty scratch folder for one test, named after it and this process.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huizong-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Run `huizong` with these arguments from the repository root.
pub fn huizong(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_huizong"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the huizong binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `huizong check PATH` must refuse the file: exit 2, nothing on stdout, one
/// message that starts with the path and says `says`, no panic. The run is
/// given back for further checks.
pub fn refused(path: &str, says: &str) -> Run {
    let run = huizong(&["check", path]);
    assert_eq!(run.code, 2, "{path}: {}", run.stderr);
    assert!(run.stdout.is_empty(), "{path}: no partial output");
    assert!(
        run.stderr.starts_with(&format!("huizong: {path}: ")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(says), "{path}: {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// `huizong check --json FILE [extra]`, parsed.
pub fn check_json(file: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--json", file];
    args.extend_from_slice(extra);
    let run = huizong(&args);
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{file}: stdout is not JSON ({e}); stderr: {}", run.stderr));
    (run.code, doc)
}

/// `huizong merge PLAN RETURNS --period PERIOD --json`, parsed.
pub fn merge_json(plan: &str, returns: &Path, period: &str) -> (i32, Value) {
    let returns = returns.to_str().unwrap();
    let run = huizong(&["merge", plan, returns, "--period", period, "--json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let doc = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{returns}: stdout is not JSON ({e}); stderr: {}",
            run.stderr
        )
    });
    (run.code, doc)
}

/// The target with this 序号.
pub fn target<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no target {id}"))
}

/// `(code, cell)` of every finding, in output order.
pub fn findings(doc: &Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// `(row, status)` of every target.
pub fn statuses(doc: &Value) -> Vec<(u64, String)> {
    doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["row"].as_u64().unwrap(),
                t["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}
