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
        (c.period.elapsed() * rust_decimal::Decimal::from(100)).normalize()
    );
    out.push_str("received\n");
    for r in &c.received {
        let status = match r.status {
            Fate::Accepted => "accepted",
            Fate::Superseded => "superseded",
            Fate::Rejected => "rejected",
        };
        let unit = r.unit.as_deref().unwrap_or("?");
        let reason = r
            .reason
            .as_deref()
            .map(|s| format!("  {s}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} {} {}{reason}\n",
            fit(status, 10),
            fit(unit, 8),
            r.file
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
