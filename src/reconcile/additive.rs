//! Additive targets: the units' amounts must add up to the total.

use super::{Status, Verdict};
use crate::finding::{Code, Finding, quote};
use crate::model::plan::{Allocation, Plan, Target};
use crate::quantity::Quantity;
use rust_decimal::Decimal;

/// An additive target's verdict: the units' amounts summed and compared with
/// the total, units nested in their parents counted once.
pub(super) fn additive(plan: &Plan, t: &Target, findings: &mut Vec<Finding>) -> Verdict {
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
        return Verdict::of(Status::Mismatch);
    };
    let full = full.normalize();
    if unreadable(t) {
        // formula_without_value / unparsed_value are reported at their cells;
        // a sum with a part missing proves nothing either way.
        return Verdict::of(Status::Unverifiable);
    }
    let Some(total) = t.total.amount().map(|m| m.value.normalize()) else {
        let msg = format!("各单位合计 {full}，但{}为空", plan.total_word());
        findings.push(
            Finding::new(Code::MissingTotal, msg)
                .target(&t.id)
                .cell(plan.cell_ref(t.total_addr))
                .actual(full),
        );
        return Verdict::summed(Status::Mismatch, full);
    };
    if full == total {
        let status = if declares_nesting(t) {
            Status::NestedOk
        } else {
            Status::Ok
        };
        return Verdict::summed(status, full);
    }
    nested_or_mismatch(plan, t, &amounts, (full, total), findings)
}

/// Whether a part of the sum cannot be read: the total or an allocation is a
/// formula without a saved value or text that is not a figure.
fn unreadable(t: &Target) -> bool {
    let unparsed = |q: &Quantity| matches!(q, Quantity::Unparsed(_));
    unparsed(&t.total) || t.allocations.iter().any(|a| unparsed(&a.quantity))
}

/// Whether the row itself says a unit's figure is inside another's.
fn declares_nesting(t: &Target) -> bool {
    let within = |q: &Quantity| matches!(q, Quantity::Within { .. });
    t.allocations.iter().any(|a| within(&a.quantity)) || t.remarks.iter().any(|(_, q)| within(q))
}

/// A sum that differs from its total: `nested_ok` when the units the row
/// declares nested account for the difference, else `mismatch` with a finding
/// (and a hint when the profile's nesting would account for it).
fn nested_or_mismatch(
    plan: &Plan,
    t: &Target,
    amounts: &[(&Allocation, Decimal)],
    (full, total): (Decimal, Decimal),
    findings: &mut Vec<Finding>,
) -> Verdict {
    let (declared_sets, profile_sets) = nesting_candidates(plan, t, amounts);
    let adds_up_without = |set: &Vec<usize>| {
        let nested = amounts
            .iter()
            .filter(|(a, _)| set.contains(&a.unit))
            .try_fold(Decimal::ZERO, |acc, (_, v)| acc.checked_add(*v));
        nested.and_then(|n| full.checked_sub(n)) == Some(total)
    };
    if let Some(set) = declared_sets.into_iter().find(adds_up_without) {
        check_nested_within_parent(plan, t, &set, amounts, findings);
        return Verdict {
            nested: set,
            ..Verdict::summed(Status::NestedOk, total)
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
    let msg = format!(
        "各单位合计 {full}，{} {total}，差 {difference}",
        plan.total_word()
    );
    let cells = unit_cells(plan, t);
    let f = Finding::new(Code::SumMismatch, msg)
        .target(&t.id)
        .cell(plan.cell_ref(t.total_addr))
        .values(total, full);
    let message = format!("{}（涉及 {cells}）{}", f.message, hint.unwrap_or_default());
    findings.push(Finding { message, ..f });
    Verdict {
        difference: Some(difference),
        ..Verdict::summed(Status::Mismatch, full)
    }
}

/// The unit cells of a target's row, as an A1 range (`E59:O59`).
pub fn unit_cells(plan: &Plan, t: &Target) -> String {
    match (t.allocations.first(), t.allocations.last()) {
        (Some(a), Some(b)) if a.addr != b.addr => {
            format!("{}:{}", plan.a1(a.addr), plan.a1(b.addr))
        }
        (Some(a), _) => plan.a1(a.addr).to_string(),
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
