//! The check: does every target's allocation add up? Pure: a plan in, verdicts
//! and findings out.
//!
//! Additive targets must sum exactly (lower bounds add as lower bounds); a
//! unit counted inside its parent is subtracted once when the sheet or the
//! profile says so; rates are compared unit by unit with the city's rate;
//! changes, time limits, qualitative text and uniform requirements are never summed.

use crate::finding::{Finding, Severity};
use crate::model::plan::{Plan, Target};
use crate::quantity::{Measure, Quantity, as_fraction};
use rust_decimal::Decimal;
use serde::Serialize;

mod additive;
mod rates;

pub use additive::unit_cells;

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
    /// A part of the sum cannot be read (a formula without a saved value,
    /// unreadable text): the sum is not made, so it is neither ok nor mismatch.
    Unverifiable,
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
            Status::Unverifiable => "unverifiable",
        }
    }

    /// The status in the clerk's words (the checked plan's 校验结果 column).
    pub fn word(self) -> &'static str {
        match self {
            Status::Ok => "相符",
            Status::Mismatch => "不符",
            Status::NestedOk => "相符（含下级单位）",
            Status::RateWarning => "单位要求低于全市",
            Status::NotAdditive => "不汇总",
            Status::Unassigned => "未分解",
            Status::Unverifiable => "无法核对",
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

impl Verdict {
    /// A verdict with nothing summed.
    pub fn of(status: Status) -> Self {
        Verdict {
            status,
            sum: None,
            difference: None,
            nested: vec![],
        }
    }

    /// A verdict on a sum.
    pub fn summed(status: Status, sum: Decimal) -> Self {
        Verdict {
            sum: Some(sum),
            ..Verdict::of(status)
        }
    }
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
    /// How the plan was held against its parent's (`check --parent`), if it was.
    pub parent: Option<ParentLink>,
}

/// A plan held against the allocation its parent plan gives its unit
/// (`check --parent CITY_PLAN --unit 岱山`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParentLink {
    /// The parent plan's file.
    pub file: String,
    /// The unit of the parent plan this plan breaks down.
    pub unit: String,
    /// Targets found in both plans.
    pub matched: usize,
    /// Of those, targets whose total differs from the parent's allocation.
    pub differ: usize,
    /// 序号 of this plan's targets the parent plan lacks.
    pub only_here: Vec<String>,
    /// 序号 of the parent's targets allocated to the unit that this plan lacks.
    pub only_parent: Vec<String>,
}

impl Check {
    /// Whether the check fails (exit code 1): an error finding, or a target
    /// whose sum cannot be verified.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
            || self
                .verdicts
                .iter()
                .any(|v| v.status == Status::Unverifiable)
    }

    /// How many targets have each status, in [`Status`] order.
    pub fn tally(&self) -> Vec<(Status, usize)> {
        use Status::*;
        [
            Ok,
            Mismatch,
            NestedOk,
            RateWarning,
            NotAdditive,
            Unassigned,
            Unverifiable,
        ]
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
        parent: None,
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
    let plain = Verdict::of;
    if t.allocations
        .iter()
        .all(|a| a.quantity == Quantity::Unassigned)
    {
        return plain(Status::Unassigned);
    }
    match kind(t) {
        Kind::Additive => additive::additive(plan, t, findings),
        Kind::Rate(city) => plain(rates::rates(plan, t, &city, findings)),
        Kind::NotAdditive => plain(Status::NotAdditive),
    }
}

fn kind(t: &Target) -> Kind {
    let uniform = t
        .allocations
        .iter()
        .any(|a| matches!(a.quantity, Quantity::Uniform(_)));
    if t.is_per_capita() {
        return Kind::NotAdditive;
    }
    match &t.total {
        Quantity::Rate(m) => Kind::Rate(m.clone()),
        Quantity::Amount(m) if m.is_duration() || uniform => Kind::NotAdditive,
        Quantity::Amount(m) if t.names_a_ratio() => Kind::Rate(Measure {
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

#[cfg(test)]
mod tests;
