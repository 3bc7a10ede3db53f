//! The check: does every target's allocation add up? Pure: a plan in, verdicts
//! and findings out.
//!
//! Additive targets must sum exactly (lower bounds add as lower bounds); a
//! unit counted inside its parent is subtracted once when the sheet or the
//! profile says so; rates are compared unit by unit with the city's rate;
//! changes, time limits, qualitative text and uniform requirements are never summed.

use crate::finding::quote;
use crate::finding::{Code, Finding, Severity};
use crate::model::plan::{Allocation, Plan, Target};
use crate::quantity::{Bound, Measure, Quantity};
use crate::text::role_key;
use crate::vocab;
use rust_decimal::Decimal;
use serde::Serialize;

/// The one verdict each target gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The units' amounts add up to the city total.
    Ok,
    /// They do not.
    Mismatch,
    /// They add up once units nested in others are counted inside their parents.
    NestedOk,
    /// A rate target where some unit is below the city's rate.
    RateWarning,
    /// Rates, changes, time limits, text, uniform requirements: never summed.
    NotAdditive,
    /// No unit has a figure.
    Unassigned,
}

impl Status {
    /// The stable snake_case name (`nested_ok`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Mismatch => "mismatch",
            Status::NestedOk => "nested_ok",
            Status::RateWarning => "rate_warning",
            Status::NotAdditive => "not_additive",
            Status::Unassigned => "unassigned",
        }
    }
}

/// The verdict on one target.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The status.
    pub status: Status,
    /// The sum compared with the total (nested units counted once), for additive targets.
    pub sum: Option<Decimal>,
    /// `sum - total`, when they differ.
    pub difference: Option<Decimal>,
    /// Units whose figures were counted inside their parents'.
    pub nested: Vec<usize>,
}

/// A checked plan: the plan, one verdict per target, and every finding.
#[derive(Debug, Clone)]
pub struct Check {
    /// The plan as read.
    pub plan: Plan,
    /// One verdict per target, in the plan's order.
    pub verdicts: Vec<Verdict>,
    /// Reading and checking findings, in sheet order.
    pub findings: Vec<Finding>,
}

impl Check {
    /// Whether any finding is an error (exit code 1).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// How many targets have each status, in [`Status`] order.
    pub fn tally(&self) -> Vec<(Status, usize)> {
        use Status::*;
        [Ok, Mismatch, NestedOk, RateWarning, NotAdditive, Unassigned]
            .into_iter()
            .map(|s| (s, self.verdicts.iter().filter(|v| v.status == s).count()))
            .collect()
    }
}

/// Check every target of the plan.
pub fn check(plan: Plan) -> Check {
    let mut findings = plan.findings.clone();
    let verdicts = plan
        .targets
        .iter()
        .map(|t| verdict(&plan, t, &mut findings))
        .collect();
    findings.sort_by_key(|f| {
        f.cell
            .as_deref()
            .map(cell_order)
            .unwrap_or((u32::MAX, u32::MAX))
    });
    Check {
        plan,
        verdicts,
        findings,
    }
}

fn cell_order(cell: &str) -> (u32, u32) {
    crate::grid::Addr::parse(cell).map_or((u32::MAX, u32::MAX), |a| (a.row, a.col))
}

enum Kind {
    Additive,
    Rate(Measure),
    NotAdditive,
}

fn verdict(plan: &Plan, t: &Target, findings: &mut Vec<Finding>) -> Verdict {
    let plain = |status| Verdict {
        status,
        sum: None,
        difference: None,
        nested: vec![],
    };
    if t.allocations
        .iter()
        .all(|a| a.quantity == Quantity::Unassigned)
    {
        return plain(Status::Unassigned);
    }
    match kind(t) {
        Kind::Additive => additive(plan, t, findings),
        Kind::Rate(city) => plain(rates(plan, t, &city, findings)),
        Kind::NotAdditive => plain(Status::NotAdditive),
    }
}

fn is_ratio(t: &Target) -> bool {
    let name = role_key(&t.name);
    let measure = t.measure.as_deref().unwrap_or("");
    vocab::RATIO_MARKERS
        .iter()
        .any(|m| measure.contains(m) || name.ends_with(m))
}

fn kind(t: &Target) -> Kind {
    let uniform = t
        .allocations
        .iter()
        .any(|a| matches!(a.quantity, Quantity::Uniform(_)));
    match &t.total {
        Quantity::Rate(m) => Kind::Rate(m.clone()),
        Quantity::Amount(m) if m.is_duration() || uniform => Kind::NotAdditive,
        Quantity::Amount(m) if is_ratio(t) => Kind::Rate(Measure {
            value: as_fraction(m.value),
            ..m.clone()
        }),
        Quantity::Amount(_) => Kind::Additive,
        Quantity::Unassigned | Quantity::Unparsed(_)
            if t.allocations.iter().any(|a| a.quantity.amount().is_some()) =>
        {
            Kind::Additive
        }
        _ => Kind::NotAdditive,
    }
}

/// A plain number in a rate row as a fraction: a number above 1 (`90` under
/// a (%) measure; a rate of 9000 % is never meant) is a percentage.
fn as_fraction(value: Decimal) -> Decimal {
    if value > Decimal::ONE {
        value / Decimal::from(100)
    } else {
        value
    }
}

fn rates(plan: &Plan, t: &Target, city: &Measure, findings: &mut Vec<Finding>) -> Status {
    let mut status = Status::NotAdditive;
    for a in &t.allocations {
        let inner = a.quantity.inner();
        let value = match inner {
            Quantity::Rate(m) => m.value,
            Quantity::Amount(m) => as_fraction(m.value),
            _ => continue,
        };
        let short = if city.bound == Bound::AtMost {
            value > city.value
        } else {
            value < city.value
        };
        if short {
            status = Status::RateWarning;
            let unit = &plan.units[a.unit].name;
            let side = if city.bound == Bound::AtMost {
                "高于"
            } else {
                "低于"
            };
            let msg = format!(
                "{unit}的要求 {inner} {side}全市目标 {}",
                Quantity::Rate(city.clone())
            );
            let f = Finding::new(Code::RateBelowTotal, msg)
                .target(&t.id)
                .unit(unit)
                .cell(plan.cell_ref(a.addr));
            findings.push(f.values(city.value.normalize(), value.normalize()));
        }
    }
    status
}

fn additive(plan: &Plan, t: &Target, findings: &mut Vec<Finding>) -> Verdict {
    let amounts: Vec<(&Allocation, Decimal)> = t
        .allocations
        .iter()
        .filter_map(|a| a.quantity.amount().map(|m| (a, m.value)))
        .collect();
    report_non_numeric(plan, t, findings);
    let Some(full) = amounts
        .iter()
        .try_fold(Decimal::ZERO, |acc, (_, v)| acc.checked_add(*v))
    else {
        let msg = "各单位数值之和超出可计算范围，请检查是否有异常大的数".to_string();
        findings.push(
            Finding::new(Code::UnparsedValue, msg)
                .target(&t.id)
                .cell(plan.cell_ref(t.total_addr)),
        );
        return Verdict {
            status: Status::Mismatch,
            sum: None,
            difference: None,
            nested: vec![],
        };
    };
    let full = full.normalize();
    let declared = t
        .allocations
        .iter()
        .any(|a| matches!(a.quantity, Quantity::Within { .. }))
        || t.remarks
            .iter()
            .any(|(_, q)| matches!(q, Quantity::Within { .. }));
    if matches!(&t.total, Quantity::Unparsed(s) if s.starts_with('=')) {
        // formula_without_value is already reported at the total's cell.
        return Verdict {
            status: Status::Mismatch,
            sum: None,
            difference: None,
            nested: vec![],
        };
    }
    let Some(total) = t.total.amount().map(|m| m.value.normalize()) else {
        let msg = format!("各单位合计 {full}，但全市目标为空");
        findings.push(
            Finding::new(Code::MissingTotal, msg)
                .target(&t.id)
                .cell(plan.cell_ref(t.total_addr))
                .actual(full),
        );
        return Verdict {
            status: Status::Mismatch,
            sum: Some(full),
            difference: None,
            nested: vec![],
        };
    };
    if full == total {
        let status = if declared {
            Status::NestedOk
        } else {
            Status::Ok
        };
        return Verdict {
            status,
            sum: Some(full),
            difference: None,
            nested: vec![],
        };
    }
    let (declared_sets, profile_sets) = nesting_candidates(plan, t, &amounts);
    let adds_up_without = |set: &Vec<usize>| {
        let nested = amounts
            .iter()
            .filter(|(a, _)| set.contains(&a.unit))
            .try_fold(Decimal::ZERO, |acc, (_, v)| acc.checked_add(*v));
        nested.and_then(|n| full.checked_sub(n)) == Some(total)
    };
    if let Some(set) = declared_sets.into_iter().find(adds_up_without) {
        check_nested_within_parent(plan, t, &set, &amounts, findings);
        return Verdict {
            status: Status::NestedOk,
            sum: Some(total),
            difference: None,
            nested: set,
        };
    }
    let hint = profile_sets.into_iter().find(adds_up_without).map(|set| {
        let names: Vec<&str> = set.iter().map(|&i| plan.units[i].name.as_str()).collect();
        format!(
            "；若{}按单位名册计入上级单位则相符，但本行未注明",
            names.join("、")
        )
    });
    let difference = full.checked_sub(total).unwrap_or(Decimal::MAX).normalize();
    let msg = format!("各单位合计 {full}，全市目标 {total}，差 {difference}");
    let cells = unit_cells(t);
    let f = Finding::new(Code::SumMismatch, msg)
        .target(&t.id)
        .cell(plan.cell_ref(t.total_addr))
        .values(total, full);
    let message = format!("{}（涉及 {cells}）{}", f.message, hint.unwrap_or_default());
    findings.push(Finding { message, ..f });
    Verdict {
        status: Status::Mismatch,
        sum: Some(full),
        difference: Some(difference),
        nested: vec![],
    }
}

/// The unit cells of a target's row, as an A1 range (`E59:O59`).
pub fn unit_cells(t: &Target) -> String {
    match (t.allocations.first(), t.allocations.last()) {
        (Some(a), Some(b)) if a.addr != b.addr => format!("{}:{}", a.addr, b.addr),
        (Some(a), _) => a.addr.to_string(),
        _ => String::new(),
    }
}

fn report_non_numeric(plan: &Plan, t: &Target, findings: &mut Vec<Finding>) {
    for a in &t.allocations {
        if matches!(
            a.quantity,
            Quantity::Rate(_) | Quantity::Change { .. } | Quantity::Text(_) | Quantity::Uniform(_)
        ) {
            let unit = &plan.units[a.unit].name;
            let msg = format!("{unit}填的是{}，不是数量，未计入合计", quote(&a.quantity));
            let f = Finding::new(Code::NonNumericAllocation, msg)
                .target(&t.id)
                .unit(unit)
                .cell(plan.cell_ref(a.addr));
            findings.push(f.actual(&a.quantity));
        }
    }
}

/// Sets of units that may be counted inside their parents on this row:
/// first those the row itself declares (a remark 按照嵊泗县局要求落实 names the
/// parent; the profile says whose parent it is), then, as a hint only, each
/// profile parent's children and all nested units together.
fn nesting_candidates(
    plan: &Plan,
    t: &Target,
    amounts: &[(&Allocation, Decimal)],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let parent_of = |i: usize| plan.units[i].parent.clone();
    let children_of = |parent: &str| -> Vec<usize> {
        amounts
            .iter()
            .map(|(a, _)| a.unit)
            .filter(|&i| parent_of(i).as_deref() == Some(parent))
            .collect()
    };
    let declared: Vec<Vec<usize>> = t
        .remarks
        .iter()
        .filter_map(|(_, q)| match q {
            Quantity::Within { parent: Some(p) } => {
                plan.find_unit(p).map(|i| children_of(&plan.units[i].name))
            }
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect();
    let mut hints: Vec<Vec<usize>> = plan
        .units
        .iter()
        .filter_map(|u| u.parent.as_deref())
        .map(children_of)
        .collect();
    hints.push(
        amounts
            .iter()
            .map(|(a, _)| a.unit)
            .filter(|&i| parent_of(i).is_some())
            .collect(),
    );
    hints.retain(|s| !s.is_empty());
    hints.dedup();
    (declared, hints)
}

fn check_nested_within_parent(
    plan: &Plan,
    t: &Target,
    nested: &[usize],
    amounts: &[(&Allocation, Decimal)],
    findings: &mut Vec<Finding>,
) {
    let figure = |name: &str| {
        amounts
            .iter()
            .find(|(a, _)| plan.units[a.unit].name == name)
            .map(|(a, v)| (*a, *v))
    };
    for &i in nested {
        let unit = &plan.units[i];
        let (Some((child, own)), Some(parent)) = (figure(&unit.name), unit.parent.as_deref())
        else {
            continue;
        };
        let parent_figure = figure(parent).map_or(Decimal::ZERO, |(_, v)| v);
        if own > parent_figure {
            let msg = format!(
                "{}的 {own} 计入{parent}，但{parent}只有 {parent_figure}",
                unit.name
            );
            let f = Finding::new(Code::NestedExceedsParent, msg)
                .target(&t.id)
                .unit(&unit.name)
                .cell(plan.cell_ref(child.addr));
            findings.push(f.values(format!("≤ {parent_figure}"), own));
        }
    }
}

#[cfg(test)]
mod tests;
