//! Rate targets: every unit's rate against the city's, never summed.

use super::Status;
use crate::finding::{Code, Finding};
use crate::model::plan::{Plan, Target};
use crate::quantity::{Bound, Measure, Quantity, as_fraction};

/// A rate target's status: `rate_warning` (with a finding per unit) where a
/// unit is asked for less than the city, else `not_additive`.
pub(super) fn rates(
    plan: &Plan,
    t: &Target,
    city: &Measure,
    findings: &mut Vec<Finding>,
) -> Status {
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
                "{unit}的要求 {inner} {side}{} {}",
                plan.total_word(),
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
