//! The terminal output of `huizong merge`: what was received, what is wrong,
//! and a tally of progress, in Chinese.

use crate::finding::Severity;
use crate::merge::{Consolidation, Fate, Progress};
use crate::render::check::text::fit;

/// Render a consolidation for the terminal (plain text; no colour needed).
pub fn merge(c: &Consolidation) -> String {
    let plan = &c.check.plan;
    let mut out = format!(
        "计划     {}（{} 项目标，{} 个单位）\n报告期   {}（时序进度 {}%）\n\n",
        plan.file,
        plan.targets.len(),
        plan.units.len(),
        c.period,
        (c.period.elapsed() * rust_decimal::Decimal::from(100))
            .round_dp(1)
            .normalize()
    );
    out.push_str("收到的报表\n");
    for r in &c.received {
        let status = r.status.word();
        let unknown = if r.status == Fate::NotAReturn {
            "-"
        } else {
            "（不明）"
        };
        let unit = r.unit.as_deref().unwrap_or(unknown);
        let reason = r
            .reason
            .as_deref()
            .map(|s| format!("  {s}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} {} {}{reason}\n",
            fit(status, 8),
            fit(unit, 8),
            r.file
        ));
    }
    let skipped = c.skipped;
    if skipped.lock_files + skipped.hidden > 0 {
        out.push_str(&format!(
            "  已跳过 Office 临时文件（~$…）{} 个、隐藏文件 {} 个\n",
            skipped.lock_files, skipped.hidden
        ));
    }
    if !c.findings.is_empty() {
        out.push_str("\n发现的问题\n");
    }
    for f in &c.findings {
        let tag = if f.severity == Severity::Error {
            "错误"
        } else {
            "提示"
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
        Progress::Reported,
        Progress::Invalid,
        Progress::NoReturn,
        Progress::NotApplicable,
    ]
    .into_iter()
    .filter(|p| count(*p) > 0)
    .map(|p| format!("{} {}", p.word(), count(p)))
    .collect();
    let accepted = c
        .received
        .iter()
        .filter(|r| r.status == Fate::Accepted)
        .count();
    out.push_str(&format!(
        "\n已汇总 {accepted} 个单位的报表；单位目标 {} 条：{}；问题 {} 个\n",
        c.units.len(),
        parts.join("，"),
        c.findings.len()
    ));
    out
}
