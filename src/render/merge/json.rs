//! The `--json` document of `huizong merge`: stable keys, decimal strings.

use crate::finding::Finding;
use crate::merge::{Consolidation, Received, Source, matching::Judged};
use crate::model::period::Period;
use crate::render::decimal;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    period: Period,
    elapsed: String,
    plan: PlanJson<'a>,
    returns: &'a [Received],
    skipped: crate::read::intake::Skipped,
    findings: &'a [Finding],
    units: Vec<UnitJson<'a>>,
    city: Vec<CityJson<'a>>,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    file: &'a str,
    sheet: &'a str,
    units: Vec<&'a str>,
    targets: usize,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    target: &'a str,
    unit: &'a str,
    /// The target's unit of measure (亿元, 人次), as the plan writes it.
    measure: Option<&'a str>,
    target_value: Option<String>,
    target_text: String,
    completed: Option<String>,
    note: Option<String>,
    progress: Option<&'a str>,
    rate: Option<String>,
    status: &'static str,
    source: Option<&'a Source>,
}

#[derive(Serialize)]
struct CityJson<'a> {
    target: &'a str,
    name: &'a str,
    measure: Option<&'a str>,
    total: Option<String>,
    total_text: &'a str,
    completed: Option<String>,
    rate: Option<String>,
    status: &'static str,
    reported: usize,
    expected: usize,
}

/// Serialize a consolidation as one pretty-printed JSON document.
pub fn merge(c: &Consolidation) -> String {
    let plan = &c.check.plan;
    let units = c
        .units
        .iter()
        .map(|l| UnitJson {
            target: &plan.targets[l.target].id,
            unit: &plan.units[l.unit].name,
            measure: plan.targets[l.target].measure.as_deref(),
            target_value: decimal(&l.target_value),
            target_text: l.target_value.to_string(),
            completed: match &l.completed {
                Some(Judged::Figure(q)) => decimal(q),
                _ => None,
            },
            note: match &l.completed {
                Some(Judged::Note(n)) => Some(n.clone()),
                _ => None,
            },
            progress: l.progress.as_deref(),
            rate: l.rate.map(|r| r.normalize().to_string()),
            status: l.status.as_str(),
            source: l.source.as_ref(),
        })
        .collect();
    let city = c
        .city
        .iter()
        .map(|l| {
            let t = &plan.targets[l.target];
            CityJson {
                target: &t.id,
                name: &t.name,
                measure: t.measure.as_deref(),
                total: decimal(&t.total),
                total_text: &t.total_text,
                completed: l.completed.map(|d| d.normalize().to_string()),
                rate: l.rate.map(|r| r.normalize().to_string()),
                status: l.status.as_str(),
                reported: l.reported,
                expected: l.expected,
            }
        })
        .collect();
    let doc = Document {
        period: c.period,
        elapsed: c.period.elapsed().normalize().to_string(),
        plan: PlanJson {
            file: &plan.file,
            sheet: &plan.sheet,
            units: plan.units.iter().map(|u| u.name.as_str()).collect(),
            targets: plan.targets.len(),
        },
        returns: &c.received,
        skipped: c.skipped,
        findings: &c.findings,
        units,
        city,
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
