//! Property tests: random allocation tables and random quantities.

use huizong::grid::{Grid, Value};
use huizong::model::plan::Plan;
use huizong::quantity::{Bound, Measure, Quantity, parse};
use huizong::reconcile::{Status, check};
use huizong::table;
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A decimal with up to 4 places, from -1e6 to 1e6.
fn decimal() -> impl Strategy<Value = Decimal> {
    (0i64..100_000_000, 0u32..=4).prop_map(|(n, scale)| Decimal::new(n, scale))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_checks_verdict_equals_an_independent_sum(units in prop::collection::vec(decimal(), 1..12), off in 0i64..3) {
        let sum: Decimal = units.iter().sum();
        let total = sum + Decimal::from(off);
        let mut header = vec![text("序号"), text("目标名称"), text("全市目标任务")];
        header.extend((0..units.len()).map(|i| text(&format!("单位{i}"))));
        let mut row = vec![text("1"), text("企业(家)"), Value::Number { value: total, percent: false }];
        row.extend(units.iter().map(|v| text(&v.to_string())));
        let grid = Grid::new("p.xlsx", "S", vec![header, row], vec![]);
        let t = table::find(&grid).expect("header");
        let c = check(Plan::read(&grid, &t, None));
        let expected = if off == 0 { Status::Ok } else { Status::Mismatch };
        prop_assert_eq!(c.verdicts[0].status, expected);
        prop_assert_eq!(c.verdicts[0].sum, Some(sum.normalize()));
    }

    #[test]
    fn parsing_the_rendering_of_a_quantity_gives_it_back(value in decimal(), bound in 0u8..3, rate in any::<bool>(), unit in prop::option::of(prop::sample::select(vec!["家", "件", "人次", "户"]))) {
        let bound = [Bound::Exact, Bound::AtLeast, Bound::AtMost][bound as usize];
        let q = if rate {
            Quantity::Rate(Measure { value: value / Decimal::from(100), bound, unit: None, approx: false })
        } else {
            Quantity::Amount(Measure { value, bound, unit: unit.map(Box::from), approx: false })
        };
        let back = parse(&q.to_string());
        let same_value = match (&q, &back) {
            (Quantity::Amount(a), Quantity::Amount(b)) | (Quantity::Rate(a), Quantity::Rate(b)) => {
                a.value == b.value && a.bound == b.bound && a.unit == b.unit
            }
            _ => false,
        };
        prop_assert!(same_value, "{} parsed as {:?}", q, back);
    }

    #[test]
    fn full_width_and_separated_numbers_read_as_the_plain_number(n in 0u64..10_000_000) {
        let plain = n.to_string();
        let full: String = plain.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect();
        let separated = plain.as_bytes().rchunks(3).rev().map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(",");
        prop_assert_eq!(parse(&full), parse(&plain));
        prop_assert_eq!(parse(&separated), parse(&plain));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_at_all_parses_without_panicking(s in "\\PC{0,60}") {
        let _ = parse(&s);
    }
}

/// A bounded mutation loop (the stable-Rust stand-in for a fuzzer): flip,
/// insert and truncate bytes of real workbooks, read each result as a plan
/// (then check it and render its JSON) and as a return (then merge it against
/// the sample plan, render the JSON and, now and then, the report), and
/// require an answer or an error, never a panic.
///
/// By default it runs a fixed 3,000 mutations (the same ones on every machine,
/// so CI is deterministic); HUIZONG_FUZZ_SECONDS=N instead runs for N seconds,
/// as far as the seeded sequence goes in that time.
#[test]
fn mutated_workbooks_never_panic_the_reader() {
    let seconds: Option<u64> = std::env::var("HUIZONG_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let seeds = [
        "samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx",
        "tests/fixtures/sample/zhoushan-2024-breakdown.xls",
        "tests/fixtures/sample/zhoushan-2024-breakdown.ods",
        "samples/zhoushan-2024/returns-2024Q3/定海区局-2024Q3.xlsx",
        "samples/zhoushan-2024/returns-2024Q3/普陀区局-2024Q3.xls",
        "tests/fixtures/forms/form-ok.xlsx",
    ];
    let originals: Vec<Vec<u8>> = seeds
        .iter()
        .map(|s| std::fs::read(crate::repo(s)).unwrap())
        .collect();
    let dir = crate::fresh_dir("mutate");
    let plan = crate::repo("samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx");
    let sample =
        huizong::reconcile::check(huizong::load::plan::read_plan(&plan, None, None).unwrap().0);
    let period: huizong::model::period::Period = "2024Q3".parse().unwrap();
    let consolidate =
        |check, inputs, previous| huizong::merge::consolidate(check, period, inputs, previous);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let start = std::time::Instant::now();
    let mut runs = 0u64;
    let more = |runs: u64| match seconds {
        Some(s) => start.elapsed() < std::time::Duration::from_secs(s),
        None => runs < 3_000,
    };
    while more(runs) {
        let which = (next() % originals.len() as u64) as usize;
        let mut bytes = originals[which].clone();
        for _ in 0..1 + next() % 8 {
            let at = (next() % bytes.len() as u64) as usize;
            match next() % 3 {
                0 => bytes[at] ^= 1 << (next() % 8),
                1 => bytes.insert(at, next() as u8),
                _ => bytes.truncate(at.max(1)),
            }
        }
        let ext = std::path::Path::new(seeds[which])
            .extension()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let path = dir.join(format!("m.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let outcome = std::panic::catch_unwind(|| {
            // Bytes → plan → findings, and bytes → return → a merge against the
            // sample plan (matching, judging, lines, report and JSON).
            if let Ok((plan, _)) = huizong::load::plan::read_plan(&path, None, None) {
                let _ = huizong::render::check::json::check(&huizong::reconcile::check(plan));
            }
            let ret = huizong::load::returns::read(&path, Some(period));
            // A debug build merges every 10th (CI stays near 20 s); a timed run, all.
            if seconds.is_some() || runs.is_multiple_of(10) {
                let merged = consolidate(sample.clone(), vec![ret], Vec::new());
                let _ = huizong::render::merge::json::merge(&merged);
                if runs.is_multiple_of(100) {
                    let _ = huizong::render::merge::xlsx::report(&merged, true);
                }
            }
        });
        if outcome.is_err() {
            let keep = crate::repo(&format!("tests/fixtures/crashes/crash-{runs}.{ext}"));
            let _ = std::fs::create_dir_all(keep.parent().unwrap());
            let _ = std::fs::write(&keep, &bytes);
            panic!(
                "a mutated {} panicked the reader; kept as {}",
                seeds[which],
                keep.display()
            );
        }
        runs += 1;
        if seconds.is_some() && runs.is_multiple_of(20_000) {
            // A heartbeat: an abort (out of memory) cannot be caught, and the
            // input that caused it is left at `path` for the fixture.
            eprintln!("{runs} mutations, {:.0} s", start.elapsed().as_secs_f64());
        }
    }
    eprintln!(
        "{runs} mutated workbooks read without a panic in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
