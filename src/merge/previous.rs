//! `--previous`: last period's figures, to catch a cumulative figure that went
//! down. Any two periods compare when the previous one ends earlier in the
//! same year (2024Q2 before 2024-09, 2024-08 before 2024Q3); one of another
//! year, or not earlier, is said and not compared (figures restart each year).

use super::matching::{Index, Judged};
use super::{Figure, said_period, unit_of};
use crate::finding::{Code, Finding, quote};
use crate::model::period::Period;
use crate::model::returns::Return;
use crate::reconcile::Check;
use std::collections::HashMap;

/// Last period's figure and period per (target, unit). A previous return of
/// another year, or not earlier, is said (`previous_not_earlier`) and not used.
pub type Before = HashMap<(usize, usize), (rust_decimal::Decimal, Period)>;

/// Read the previous period's figures from its returns (or its report read
/// back as returns).
pub(super) fn previous_figures(
    index: &Index,
    period: Period,
    previous: &[Return],
    findings: &mut Vec<Finding>,
) -> Before {
    let mut before = Before::new();
    for ret in previous {
        let said = said_period(ret, period.before().part).map(|(p, _, _)| p);
        if let Some(p) = said.filter(|p| !p.earlier_in_year(&period)) {
            let why = if p.year == period.year {
                format!("不早于本期 {period}")
            } else {
                "与本期不在同一年（累计数每年从零开始）".to_string()
            };
            let msg = format!(
                "上期报表{}所属期为 {p}，{why}：累计数未与之比较",
                quote(&ret.file_name)
            );
            findings.push(
                Finding::new(Code::PreviousNotEarlier, msg)
                    .file(&ret.file)
                    .values(period, p),
            );
            continue;
        }
        let last = said.unwrap_or_else(|| period.before());
        for block in &ret.blocks {
            let Some(unit) = unit_of(index, ret, block).0 else {
                continue;
            };
            for row in &block.rows {
                if let (Some(t), Some(m)) = (index.target(row), row.completed.1.amount()) {
                    before.insert((t, unit), (m.value, last));
                }
            }
        }
    }
    before
}

/// Compare every figure with the previous period's for the same target and
/// unit; `decreasing_cumulative` where it is lower.
pub(super) fn report_decreases(
    check: &Check,
    figures: &[Vec<Figure>],
    before: &Before,
    findings: &mut Vec<Finding>,
) {
    let plan = &check.plan;
    for f in figures.iter().flatten() {
        let (Judged::Figure(q), Some((last, then))) =
            (&f.reported.value, before.get(&(f.target, f.unit)))
        else {
            continue;
        };
        let Some(now) = q.amount().map(|m| m.value) else {
            continue;
        };
        if now < *last {
            let (t, unit) = (&plan.targets[f.target], &plan.units[f.unit].name);
            let msg = format!("累计完成 {now} 比上期（{then}）的 {last} 还少，累计数不应减少");
            let finding = Finding::new(Code::DecreasingCumulative, msg)
                .target(&t.id)
                .unit(unit)
                .at(
                    f.reported.source.file(),
                    f.reported.source.sheet(),
                    f.reported.source.cell,
                );
            findings.push(finding.values(last, now));
        }
    }
}
