//! The report's hidden sheet (`_huizong_report`, [`report_meta`]): the period,
//! the plan's fingerprint, the issuing level and office, and per target the
//! exact figure shown in 汇总 with the figures behind it, so that this report
//! is a return one level up (a county's report merged by the city).

use super::summary;
use crate::merge::{Consolidation, Progress, UnitLine, matching::Judged};
use crate::model::report_meta::{self, Behind, Line, ReportMeta};
use crate::render::xlsx::file_name;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The unit lines of each target.
fn by_target(c: &Consolidation) -> Vec<Vec<&UnitLine>> {
    let mut by_target: Vec<Vec<&UnitLine>> = vec![Vec::new(); c.check.plan.targets.len()];
    for l in &c.units {
        by_target[l.target].push(l);
    }
    by_target
}

/// The figures behind one target's total: each unit's, where it came from.
fn sources(c: &Consolidation, lines: &[&UnitLine]) -> Vec<Behind> {
    lines
        .iter()
        .filter_map(|l| {
            let s = l.source()?;
            Some(Behind {
                unit: c.check.plan.units[l.unit].name.clone(),
                file: s.file().to_string(),
                sheet: s.sheet().to_string(),
                cell: s.cell.to_string(),
                sha256: s.sha256().to_string(),
            })
        })
        .collect()
}

/// What the report says about itself, from the consolidation it shows; the
/// lines' sources are left empty (the sheet asks for them line by line).
pub fn meta(c: &Consolidation) -> ReportMeta {
    let plan = &c.check.plan;
    let by_target = by_target(c);
    let lines = plan
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mine = &by_target[i];
            let completed = c.city.get(i).and_then(|l| l.completed);
            let notes: Vec<String> = mine
                .iter()
                .filter_map(|l| match l.completed() {
                    Some(Judged::Note(n)) => Some(format!("{}：{n}", plan.units[l.unit].name)),
                    _ => None,
                })
                .collect();
            // Not summed (rates side by side): each unit's figure, in words.
            let side_by_side: Vec<String> = mine
                .iter()
                .filter(|l| completed.is_none() && l.status != Progress::NoReturn)
                .filter_map(|l| {
                    let said = match l.completed() {
                        Some(Judged::Figure(q)) => q.to_string(),
                        _ => l.progress()?.to_string(),
                    };
                    Some(format!("{} {said}", plan.units[l.unit].name))
                })
                .collect();
            Line {
                id: t.id.clone(),
                name: t.name.clone(),
                measure: t.measure.clone(),
                completed,
                text: (!notes.is_empty()).then(|| notes.join("；")),
                progress: (!side_by_side.is_empty() && notes.is_empty())
                    .then(|| format!("各单位分别为：{}", side_by_side.join("；"))),
                cell: summary::completed_cell(i),
                sources: Vec::new(),
            }
        })
        .collect();
    ReportMeta {
        period: Some(c.period),
        plan_file: Some(file_name(&plan.file).to_string()),
        plan_sha256: Some(plan.sha256.clone()),
        level: plan.level.clone(),
        issuer: plan
            .profile
            .as_ref()
            .and_then(|p| p.title.clone())
            .or_else(|| plan.title.clone()),
        title: plan.title.clone(),
        sheet: Some(summary::SHEET.to_string()),
        lines,
    }
}

/// Write the hidden sheet.
/// `ws` is a low-memory sheet: a line per figure behind a total (240,000 at
/// 3,000 units), written in row order.
pub fn sheet(ws: &mut Worksheet, c: &Consolidation) -> Result<(), XlsxError> {
    ws.set_name(report_meta::SHEET)?;
    let mut written = Ok(());
    let by_target = by_target(c);
    meta(c).each_cell(
        |i| sources(c, &by_target[i]),
        |addr, text| {
            if written.is_ok() && !text.is_empty() {
                // A unit's note longer than a cell holds is cut, and says so.
                let fitted = crate::render::fit_cell(text);
                written = ws
                    .write_string(addr.row, addr.col as u16, fitted)
                    .map(|_| ());
            }
        },
    );
    written?;
    ws.set_hidden(true);
    Ok(())
}
