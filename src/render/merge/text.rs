//! The terminal output of `huizong merge`: what was received, what is wrong,
//! and a tally of progress.

use crate::finding::Severity;
use crate::merge::{Consolidation, Fate, Progress};
use crate::render::check::text::fit;

/// Render a consolidation for the terminal (plain text; no colour needed).
pub fn merge(c: &Consolidation) -> String {
    let plan = &c.check.plan;
    let mut out = format!(
        "plan     {} ({} targets, {} units)\nperiod   {} (时序进度 {}%)\n\n",
        plan.file,
        plan.targets.len(),
        plan.units.len(),
        c.period,
        (c.period.elapsed() * rust_decimal::Decimal::from(100))
            .round_dp(1)
            .normalize()
    );
    out.push_str("received\n");
    for r in &c.received {
        let status = r.status.as_str();
        let unknown = if r.status == Fate::NotAReturn {
            "-"
        } else {
            "?"
        };
        let unit = r.unit.as_deref().unwrap_or(unknown);
        let reason = r
            .reason
            .as_deref()
            .map(|s| format!("  {s}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {status:<10} {} {}{reason}\n",
            fit(unit, 8),
            r.file
        ));
    }
    let skipped = c.skipped;
    if skipped.lock_files + skipped.hidden > 0 {
        out.push_str(&format!(
            "  skipped    {} Office lock file(s) (~$…), {} hidden file(s)\n",
            skipped.lock_files, skipped.hidden
        ));
    }
    if !c.findings.is_empty() {
        out.push_str("\nfindings\n");
    }
    for f in &c.findings {
        let tag = if f.severity == Severity::Error {
            "error  "
        } else {
            "warning"
        };
        let place = f.cell.as_deref().or(f.file.as_deref()).unwrap_or("-");
        let file = match (&f.file, &f.cell) {
            (Some(file), Some(_)) => format!("{file} "),
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {tag} {} {file}{place}: {}\n",
            f.code.as_str(),
            f.message
        ));
    }
    let count = |p: Progress| c.units.iter().filter(|l| l.status == p).count();
    let parts: Vec<String> = [
        Progress::Done,
        Progress::OnTrack,
        Progress::Lagging,
        Progress::NoReturn,
        Progress::NotApplicable,
    ]
    .into_iter()
    .map(|p| format!("{} {}", count(p), p.as_str()))
    .collect();
    let accepted = c
        .received
        .iter()
        .filter(|r| r.status == Fate::Accepted)
        .count();
    out.push_str(&format!(
        "\n{accepted} returns merged; {} unit-target lines: {}; {} findings\n",
        c.units.len(),
        parts.join(", "),
        c.findings.len()
    ));
    out
}
