//! The level below: a county's own breakdown held against the city's
//! allocation to it (`huizong check COUNTY_PLAN --parent CITY_PLAN --unit 岱山`).
//!
//! Every county target is matched to the city's by 序号 and name as a return's
//! rows are ([`Index::target_named`]); its total (全县目标任务) must say what the
//! city allocated to the county on that row. A difference is `parent_mismatch`
//! at the county's total, naming the city's cell too; a county target the
//! city plan lacks is `not_in_parent`; a target the city allocates to the
//! county that the county plan lacks is `missing_from_plan`.

use super::matching::{Index, same_target};
use crate::finding::{Code, Finding, quote};
use crate::model::plan::Plan;
use crate::reconcile::{Check, ParentLink};

/// Hold `check`'s plan against `parent`'s allocation to its unit `unit`:
/// the findings are added to the check, and the link said.
pub fn check_against(check: &mut Check, parent: &Plan, unit: usize) {
    let index = Index::new(parent);
    let plan = &check.plan;
    let unit_name = &parent.units[unit].name;
    let parent_file = file_name(&parent.file);
    let level = plan.level.as_deref().unwrap_or("本级");
    let mut link = ParentLink {
        file: parent.file.clone(),
        unit: unit_name.clone(),
        matched: 0,
        differ: 0,
        only_here: Vec::new(),
        only_parent: Vec::new(),
    };
    let mut seen = vec![false; parent.targets.len()];
    let mut findings = Vec::new();
    for t in &plan.targets {
        let total_cell = plan.cell_ref(t.total_addr);
        let Some(pi) = index.target_named(&t.id, &t.name) else {
            let msg = format!(
                "目标{}（序号 {}）在上级计划 {parent_file} 中找不到，未与上级分解数核对",
                quote(&t.name),
                t.id
            );
            findings.push(
                Finding::new(Code::NotInParent, msg)
                    .target(&t.id)
                    .cell(total_cell)
                    .actual(&t.total_text),
            );
            link.only_here.push(t.id.clone());
            continue;
        };
        seen[pi] = true;
        link.matched += 1;
        let pt = &parent.targets[pi];
        let allocation = &pt.allocations[unit];
        // Both cells were read in their target's measure (src/quantity.rs).
        let (ours, theirs) = (t.total.clone(), allocation.quantity.clone());
        if same_target(&theirs, &ours) {
            continue;
        }
        link.differ += 1;
        let parent_cell = format!("{parent_file} {}", parent.cell_ref(allocation.addr));
        let msg = format!(
            "全{level}目标 {}（{total_cell}）与上级计划分解给{unit_name}的 {}（{parent_cell}）不一致",
            quote(&t.total_text),
            quote(&allocation.text)
        );
        findings.push(
            Finding::new(Code::ParentMismatch, msg)
                .target(&t.id)
                .unit(unit_name)
                .cell(total_cell)
                .other_cell(parent_cell)
                .values(&allocation.text, &t.total_text),
        );
    }
    for (pi, pt) in parent.targets.iter().enumerate() {
        let allocation = &pt.allocations[unit];
        if seen[pi] || !allocation.quantity.is_assigned() {
            continue;
        }
        let parent_cell = format!("{parent_file} {}", parent.cell_ref(allocation.addr));
        let msg = format!(
            "上级计划分解给{unit_name}的目标{}（序号 {}，{}，{parent_cell}）在本计划中没有",
            quote(&pt.name),
            pt.id,
            quote(&allocation.text)
        );
        findings.push(
            Finding::new(Code::MissingFromPlan, msg)
                .target(&pt.id)
                .unit(unit_name)
                .other_cell(parent_cell)
                .expected(&allocation.text),
        );
        link.only_parent.push(pt.id.clone());
    }
    check.findings.extend(findings);
    check.parent = Some(link);
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}
