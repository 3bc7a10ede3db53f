//! The `--json` document of `huizong merge`: stable keys, decimal strings.

use crate::finding::Finding;
use crate::merge::summary::{Counts, SCORE_RULE, STANDING_RULE, Standing, Summary, summarize};
use crate::merge::{Consolidation, Received, Source, UnitLine, matching::Judged};
use crate::model::period::Period;
use crate::render::decimal;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Document<'a> {
    period: Period,
    elapsed: String,
    plan: PlanJson<'a>,
    returns: &'a [Received],
    skipped: crate::read::intake::Skipped,
    findings: &'a [Finding],
    units: Units<'a>,
    city: Vec<CityJson<'a>>,
    summary: SummaryJson<'a>,
    ranking: Vec<RankJson<'a>>,
}

/// 概况 as a program reads it.
#[derive(Serialize)]
struct SummaryJson<'a> {
    /// How a target's standing is decided, in words.
    standing_rule: &'static str,
    /// How units are ranked, in words.
    score_rule: &'static str,
    targets: Counts,
    returns: ReturnsJson<'a>,
    groups: Vec<GroupJson<'a>>,
}

#[derive(Serialize)]
struct ReturnsJson<'a> {
    expected: usize,
    merged: usize,
    files: usize,
    missing: Vec<MissingJson<'a>>,
}

#[derive(Serialize)]
struct MissingJson<'a> {
    unit: &'a str,
    reason: &'static str,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    name: &'a str,
    #[serde(flatten)]
    counts: Counts,
    lagging_targets: Vec<TargetRef<'a>>,
    /// The draft 进展综述, for the clerk to edit.
    text: &'a str,
    draft: bool,
}

#[derive(Serialize)]
struct TargetRef<'a> {
    target: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct RankJson<'a> {
    rank: Option<usize>,
    unit: &'a str,
    score: Option<String>,
    numeric_targets: usize,
    with_figure: usize,
    done: usize,
    lagging: usize,
    /// Why the unit is not ranked (missing_return, wrong_period…), else null.
    reason: Option<&'static str>,
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
    /// Last quarter's figure and this quarter's increase (with `--previous`).
    previous: Option<String>,
    increase: Option<String>,
    /// The year-end evaluation (fourth quarter): met, not_met, to_review, no_figure.
    evaluation: Option<&'static str>,
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
    /// The target's standing on 概况: done, on_track, lagging, reported, no_figure.
    standing: &'static str,
    increase: Option<String>,
    evaluation: Option<&'static str>,
    /// What the units wrote under 进展情况, compiled (定海：…；普陀：…).
    progress: String,
    reported: usize,
    expected: usize,
}

/// The year-end evaluation's code: met, not_met, to_review, no_figure.
fn evaluation(s: Standing) -> &'static str {
    match s {
        Standing::Done => "met",
        Standing::OnTrack | Standing::Lagging => "not_met",
        Standing::Reported => "to_review",
        Standing::NoFigure => "no_figure",
    }
}

fn summary_json<'a>(c: &'a Consolidation, s: &'a Summary) -> SummaryJson<'a> {
    let plan = &c.check.plan;
    SummaryJson {
        standing_rule: STANDING_RULE,
        score_rule: SCORE_RULE,
        targets: s.counts,
        returns: ReturnsJson {
            expected: s.returns.expected,
            merged: s.returns.merged,
            files: s.returns.files,
            missing: s
                .returns
                .missing
                .iter()
                .map(|m| MissingJson {
                    unit: &plan.units[m.unit].name,
                    reason: m.reason.as_str(),
                })
                .collect(),
        },
        groups: s
            .groups
            .iter()
            .map(|g| GroupJson {
                name: &g.name,
                counts: g.counts,
                lagging_targets: g
                    .lagging
                    .iter()
                    .map(|&i| TargetRef {
                        target: &plan.targets[i].id,
                        name: &plan.targets[i].name,
                    })
                    .collect(),
                text: &g.text,
                draft: true,
            })
            .collect(),
    }
}

fn ranking_json<'a>(c: &'a Consolidation, s: &'a Summary) -> Vec<RankJson<'a>> {
    s.ranking
        .iter()
        .map(|r| RankJson {
            rank: r.place,
            unit: &c.check.plan.units[r.unit].name,
            score: r.score.map(|d| d.round_dp(4).normalize().to_string()),
            numeric_targets: r.numeric,
            with_figure: r.with_figure,
            done: r.done,
            lagging: r.lagging,
            reason: s
                .returns
                .missing
                .iter()
                .find(|m| m.unit == r.unit)
                .map(|m| m.reason.as_str()),
        })
        .collect()
}

/// The unit lines, each made as it is serialized (240,000 at 3,000 units:
/// held all at once they were most of a `--json` run's memory).
struct Units<'a>(&'a Consolidation);

impl Serialize for Units<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let year_end = c.period.end_month() == 12;
        serializer.collect_seq(c.units.iter().map(|l| unit_json(c, l, year_end)))
    }
}

/// One unit line as a program reads it.
fn unit_json<'a>(c: &'a Consolidation, l: &'a UnitLine, year_end: bool) -> UnitJson<'a> {
    let plan = &c.check.plan;
    UnitJson {
        target: &plan.targets[l.target].id,
        unit: &plan.units[l.unit].name,
        measure: plan.targets[l.target].measure.as_deref(),
        target_value: decimal(l.target_value(plan)),
        target_text: l.target_value(plan).to_string(),
        completed: match l.completed() {
            Some(Judged::Figure(q)) => decimal(q),
            _ => None,
        },
        note: match l.completed() {
            Some(Judged::Note(n)) => Some(n.clone()),
            _ => None,
        },
        progress: l.progress(),
        rate: l.rate.map(|r| r.normalize().to_string()),
        status: l.status.as_str(),
        previous: l.previous.as_deref().map(|d| d.normalize().to_string()),
        increase: l.increase().map(|d| d.normalize().to_string()),
        evaluation: year_end.then(|| evaluation(Standing::of_line(l.status))),
        source: l.source(),
    }
}

/// Serialize a consolidation as one pretty-printed JSON document.
pub fn merge(c: &Consolidation) -> String {
    let mut out = Vec::new();
    // Writing to memory fails only on a value serde_json cannot write, and
    // the document holds none (strings, numbers, booleans, null).
    let _ = write(c, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Write the document of [`merge`] to `out` as it is made, followed by a
/// newline (at 3,000 units it is 145 MB: never held whole).
pub fn write(c: &Consolidation, out: &mut impl Write) -> std::io::Result<()> {
    let plan = &c.check.plan;
    let s = summarize(c);
    let year_end = c.period.end_month() == 12;
    let by_target = crate::merge::summary::lines_by_target(c);
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
                standing: s.standings[l.target].as_str(),
                increase: l.increase.map(|d| d.normalize().to_string()),
                evaluation: year_end.then(|| evaluation(s.standings[l.target])),
                progress: crate::render::merge::progress_text(c, &by_target[l.target]),
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
        units: Units(c),
        city,
        summary: summary_json(c, &s),
        ranking: ranking_json(c, &s),
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.flush()
}
