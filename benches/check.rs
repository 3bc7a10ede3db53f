//! `cargo bench --bench check`: `huizong check` of the 81-row sample, end to
//! end, against the floor of calamine merely opening the same file and
//! reading every cell of every sheet, measured in the same run.
//!
//! Plain `harness = false` timing (median of many runs); figures are reported
//! as a ratio to the floor so they mean the same on any machine.

use calamine::{Data, Reader, open_workbook_auto};
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const SAMPLE: &str = "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx";
const RUNS: usize = 60;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and the allocator
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

/// The floor: open the workbook and touch every cell of every sheet.
fn calamine_floor(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).expect("sample opens");
    let mut cells = 0;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).expect("sheet reads");
        cells += range
            .used_cells()
            .filter(|(_, _, v)| !matches!(v, Data::Empty))
            .count();
    }
    cells
}

/// The library end to end: read, check, render JSON.
fn huizong_in_process(path: &Path) -> usize {
    let (plan, _) = huizong::load::plan::read_plan(path, None, None).expect("sample reads");
    let check = huizong::reconcile::check(plan);
    huizong::render::check::json::check(&check).len()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(SAMPLE);
    let binary = root.join("target/release/huizong");
    let floor = time(RUNS, || {
        black_box(calamine_floor(&path));
    });
    let library = time(RUNS, || {
        black_box(huizong_in_process(&path));
    });
    println!("check of {SAMPLE} (median of {RUNS} runs)");
    println!(
        "  floor: calamine open + read every cell   {:>8.2} ms   1.00×",
        ms(floor)
    );
    println!(
        "  huizong read + check + JSON (in process)  {:>8.2} ms   {:.2}× floor",
        ms(library),
        ratio(library, floor)
    );
    if binary.exists() {
        let process = time(RUNS / 2, || {
            let out = Command::new(&binary)
                .args(["check", "--json"])
                .arg(&path)
                .output()
                .expect("binary runs");
            black_box(out.stdout.len());
        });
        println!(
            "  huizong check --json (process, end to end) {:>7.2} ms   {:.2}× floor   goal < 50 ms: {}",
            ms(process),
            ratio(process, floor),
            if process < Duration::from_millis(50) {
                "met"
            } else {
                "NOT met"
            }
        );
    } else {
        println!(
            "  (build target/release/huizong with `cargo build --release` to time the process end to end)"
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
