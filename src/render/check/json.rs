//! The `--json` document of `huizong check`: stable keys, amounts as decimal strings.

use crate::finding::Finding;
use crate::model::plan::Target;
use crate::reconcile::{Check, Status, Verdict};
use crate::render::decimal;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Document<'a> {
    file: &'a str,
    sheet: &'a str,
    table: String,
    profile: Option<&'a str>,
    units: Vec<&'a str>,
    targets: Vec<TargetJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a crate::reconcile::ParentLink>,
    findings: &'a [Finding],
    tally: BTreeMap<&'static str, usize>,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    id: &'a str,
    row: u32,
    group: Option<&'a str>,
    name: &'a str,
    measure: Option<&'a str>,
    kind: &'static str,
    total: Option<String>,
    total_text: String,
    sum: Option<String>,
    difference: Option<String>,
    status: Status,
    nested: Vec<&'a str>,
}

fn target<'a>(check: &'a Check, t: &'a Target, v: &Verdict) -> TargetJson<'a> {
    TargetJson {
        id: &t.id,
        row: t.row,
        group: t.group.as_deref(),
        name: &t.name,
        measure: t.measure.as_deref(),
        kind: t.total.kind(),
        total: decimal(&t.total),
        total_text: t.total_text.clone(),
        sum: v.sum.map(|s| s.normalize().to_string()),
        difference: v.difference.map(|d| d.normalize().to_string()),
        status: v.status,
        nested: v
            .nested
            .iter()
            .map(|&i| check.plan.units[i].name.as_str())
            .collect(),
    }
}

/// Serialize a check as one pretty-printed JSON document (with a final newline).
pub fn check(check: &Check) -> String {
    let plan = &check.plan;
    let doc = Document {
        file: &plan.file,
        sheet: &plan.sheet,
        table: plan.sheet_range().to_string(),
        profile: plan.profile.as_ref().map(|p| p.name.as_str()),
        units: plan.units.iter().map(|u| u.name.as_str()).collect(),
        targets: plan
            .targets
            .iter()
            .zip(&check.verdicts)
            .map(|(t, v)| target(check, t, v))
            .collect(),
        parent: check.parent.as_ref(),
        findings: &check.findings,
        tally: check
            .tally()
            .into_iter()
            .map(|(s, n)| (s.as_str(), n))
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
