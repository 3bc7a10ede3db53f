//! From an accepted block's rows to figures: each row matched to its target,
//! its completed cell judged against the unit's allocation (the cell grammar of
//! src/quantity.rs), and what cannot be merged said at its cell.

use super::matching::{Index, Judged, judge, same_target};
use super::{Candidate, Figure, Origin, Reported, Source, report_plan_changed, report_rows_moved};
use crate::finding::{Code, Finding, quote};
use crate::model::returns::ReportedRow;
use crate::quantity::{self, Quantity};
use crate::reconcile::Check;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// The figures of one accepted block: each row matched to its target, judged
/// against the unit's allocation, with its findings.
pub(super) fn read_figures(
    check: &Check,
    index: &Index,
    c: &Candidate,
    findings: &mut Vec<Finding>,
) -> Vec<Figure> {
    let plan = &check.plan;
    let origin = Arc::new(Origin {
        file: c.ret.file.clone(),
        sheet: c.ret.sheet.clone(),
        sha256: c.ret.sha256.clone(),
    });
    let unit = &plan.units[c.unit].name;
    // Held until the merge ends: as long as the rows, not a doubling past them.
    let mut figures = Vec::with_capacity(c.block.rows.len());
    let (mut renumbered, mut moved) = (Vec::new(), Vec::new());
    for (row, matched) in c.block.rows.iter().zip(&c.matched) {
        // What the clerk sees (序号 and name) decides; the form's hidden map
        // only confirms it, so an inserted row or a revised plan moves nothing.
        let Some(ti) = *matched else {
            report_unmatched(c, unit, row, findings);
            continue;
        };
        let id = &plan.targets[ti].id;
        if let Some(mapped) = c.ret.meta.as_ref().and_then(|m| m.target_at(row.row))
            && mapped != id
        {
            renumbered.push((mapped.to_string(), id.clone()));
        }
        if c.ret
            .meta
            .as_ref()
            .is_some_and(|m| m.target_at(row.row).is_none_or(|m| m != row.id))
        {
            moved.push((row.row, row.id.clone()));
        }
        if let Some(value) = judge_row(check, c, (ti, index.is_rate(ti)), row, findings) {
            let source = Source {
                origin: Arc::clone(&origin),
                cell: row.completed.0,
                behind: row.behind.as_slice().into(),
            };
            figures.push(Figure {
                target: ti,
                unit: c.unit,
                reported: Box::new(Reported {
                    value,
                    progress: row.progress.as_deref().map(Box::from),
                    source,
                }),
            });
        }
    }
    drop_rows_for_one_target(check, c, &mut figures, findings);
    let same_plan =
        c.ret.meta.as_ref().and_then(|m| m.plan_sha256.as_deref()) == Some(&plan.sha256);
    if same_plan {
        report_rows_moved(c, unit, &moved, findings);
    } else {
        report_plan_changed(check, c.ret, &renumbered, findings);
    }
    figures
}

/// Two rows of one return that match the same target (a row renamed to
/// another's name, a sub-row given its parent's 序号): which one is right
/// cannot be known, so neither is merged, and both are named.
fn drop_rows_for_one_target(
    check: &Check,
    c: &Candidate,
    figures: &mut Vec<Figure>,
    findings: &mut Vec<Finding>,
) {
    let mut count: HashMap<usize, usize> = HashMap::new();
    figures
        .iter()
        .for_each(|f| *count.entry(f.target).or_default() += 1);
    let mut twice: Vec<usize> = count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(t, _)| t)
        .collect();
    twice.sort_unstable();
    for ti in twice {
        let t = &check.plan.targets[ti];
        let cells: Vec<String> = figures
            .iter()
            .filter(|f| f.target == ti)
            .map(|f| f.reported.source.cell.to_string())
            .collect();
        let msg = format!(
            "表中有 {} 行（{}）都对应目标“{} {}”，无法确定哪一行是准的，均未汇总；请核对后只保留一行",
            cells.len(),
            cells.join("、"),
            t.id,
            t.name
        );
        let first = figures
            .iter()
            .find(|f| f.target == ti)
            .map(|f| f.reported.source.cell);
        let unit = &check.plan.units[c.unit].name;
        let f = Finding::new(Code::DuplicateRow, msg)
            .target(&t.id)
            .unit(unit);
        findings.push(match first {
            Some(cell) => f.at(&c.ret.file, &c.ret.sheet, cell),
            None => f.file(&c.ret.file),
        });
        figures.retain(|f| f.target != ti);
    }
}

/// A row that matches no target: not merged, and said at its first cell
/// (where its 序号 or name is).
fn report_unmatched(c: &Candidate, unit: &str, row: &ReportedRow, findings: &mut Vec<Finding>) {
    let found = format!("{} {}", row.id, row.name);
    let msg = format!(
        "第 {} 行{}与计划中的任何目标都对不上，未汇总",
        row.row,
        quote(found.trim())
    );
    findings.push(
        Finding::new(Code::UnmatchedRow, msg)
            .unit(unit)
            .at(&c.ret.file, &c.ret.sheet, row.first)
            .actual(found.trim()),
    );
}

/// Check one matched row against the plan (its stated target, its figure) and
/// return the figure to merge, if any; every problem becomes a finding.
fn judge_row(
    check: &Check,
    c: &Candidate,
    (ti, rate): (usize, bool),
    row: &ReportedRow,
    findings: &mut Vec<Finding>,
) -> Option<Judged> {
    let (plan, unit) = (&check.plan, &check.plan.units[c.unit].name);
    let (file, sheet) = (c.ret.file.as_str(), c.ret.sheet.as_str());
    let t = &plan.targets[ti];
    let allocation = &t.allocations[c.unit].quantity;
    if let Some((addr, stated)) = &row.target
        && !same_target(allocation, stated)
    {
        let msg = format!(
            "{unit}报表中的目标{}与计划{}不一致（按计划汇总）",
            quote(stated),
            quote(allocation)
        );
        let f = Finding::new(Code::TargetAltered, msg)
            .target(&t.id)
            .unit(unit)
            .at(file, sheet, *addr);
        findings.push(f.values(allocation, stated));
    }
    let (addr, typed) = &row.completed;
    if let Some(shown) = &row.edited {
        let msg = format!(
            "{unit}报送的汇总报告中 {} 显示{}，与报告生成时的 {typed} 不一致：报告生成后被手工改过，未汇总。请报送单位改正下级报表后重新汇总，再报送新生成的报告",
            crate::grid::sheet_ref(sheet, *addr),
            quote(shown)
        );
        let f = Finding::new(Code::ReportEdited, msg)
            .target(&t.id)
            .unit(unit)
            .at(file, sheet, *addr);
        findings.push(f.values(typed, shown));
        return Some(Judged::Invalid(format!(
            "汇总报告被改动（显示{}）",
            quote(shown)
        )));
    }
    let read = |q: &Quantity| quantity::against(q.clone(), t.measure.as_deref(), rate);
    let completed = read(typed);
    let has_allocation = allocation.is_assigned();
    let judged = judge(&read(allocation), &completed);
    let located = |code, msg: String| {
        Finding::new(code, msg)
            .target(&t.id)
            .unit(unit)
            .at(file, sheet, *addr)
    };
    match (&judged, has_allocation) {
        // Words under 进展情况 and no figure: the unit did report, in words.
        (Judged::Blank, true) => return row.progress.as_ref().map(|_| Judged::Blank),
        (Judged::Blank, false) => return None,
        (_, false) => {
            let msg = format!("{unit}在此目标没有分解任务，却填了{}，未汇总", quote(typed));
            findings.push(located(Code::UnexpectedValue, msg).values(allocation, typed));
            return None;
        }
        (Judged::Invalid(why), true) => {
            findings.push(located(Code::InvalidValue, format!("{why}，未汇总")).actual(typed));
        }
        (Judged::Figure(Quantity::Amount(m) | Quantity::Rate(m)), true) if m.approx => {
            let msg = format!(
                "{}是估计数，按 {} 汇总，请核实",
                quote(typed),
                m.value.normalize()
            );
            findings.push(located(Code::ApproximateValue, msg).actual(typed));
        }
        _ => {}
    }
    if let Some(times) = implausible(allocation, &judged) {
        let msg = format!(
            "{}是{unit}目标 {} 的 {times} 倍，请核实是否多填了位数或单位（已按所填汇总）",
            quote(typed),
            allocation
        );
        findings.push(located(Code::Implausible, msg).values(allocation, &completed));
    }
    Some(judged)
}

/// How many times its target an amount is, when more than three times (a
/// figure typed in 元 under (亿元), or an extra zero).
fn implausible(allocation: &Quantity, judged: &Judged) -> Option<Decimal> {
    let (Quantity::Amount(target), Judged::Figure(Quantity::Amount(figure))) = (allocation, judged)
    else {
        return None;
    };
    let three = Decimal::from(3);
    let far = target.value > Decimal::ZERO && figure.value > target.value.checked_mul(three)?;
    far.then(|| (figure.value / target.value).round_dp(1).normalize())
}
