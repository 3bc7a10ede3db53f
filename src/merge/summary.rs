//! 概况: the quarter as leadership reads it in a minute. Pure: from a
//! consolidation, each target's standing, the counts for the city and per
//! action group (实事), the lagging targets, the returns received, the units
//! ranked by a stated score, and a draft 进展综述 paragraph per group
//! ([`super::narrative`]).

use super::matching::Judged;
pub use super::standing::{Counts, Standing};
use super::{Consolidation, Fate, Progress, UnitLine};
use crate::finding::Code;
use crate::quantity::Quantity;
use rust_decimal::Decimal;

/// One action group (实事), in plan order.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// As the plan writes it (`质量提升 强企业行动 (10项)`).
    pub name: String,
    /// For a sentence: spaces and the bracketed count dropped (`质量提升强企业行动`).
    pub short: String,
    /// Its targets (indices into the plan's).
    pub targets: Vec<usize>,
    /// How they stand.
    pub counts: Counts,
    /// Its lagging targets.
    pub lagging: Vec<usize>,
    /// The draft 进展综述 paragraph.
    pub text: String,
}

/// A unit that sent nothing that could be merged, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// Index into the plan's units.
    pub unit: usize,
    /// The finding that says why (missing_return, wrong_period, unreadable_file…).
    pub reason: Code,
}

/// The returns, against the units expected to send one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returns {
    /// Units with at least one allocation.
    pub expected: usize,
    /// Of them, units whose return was merged.
    pub merged: usize,
    /// Files received (a wide file of two units counts once).
    pub files: usize,
    /// Units expected whose return was not merged, with the reason.
    pub missing: Vec<Missing>,
}

/// A unit's place in the ranking (排名).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rank {
    /// Index into the plan's units.
    pub unit: usize,
    /// 1 for the best; units with the same score and lagging count share a
    /// place; `None` for a unit whose return was not merged (listed last).
    pub place: Option<usize>,
    /// The score: see [`SCORE_RULE`].
    pub score: Option<Decimal>,
    /// Its numeric targets (additive, with an allocation above zero).
    pub numeric: usize,
    /// Of them, those it gave a figure for.
    pub with_figure: usize,
    /// Its lines done.
    pub done: usize,
    /// Its lines lagging (a rate short of its requirement included).
    pub lagging: usize,
}

/// How units are ranked, as 概况 states it.
pub const SCORE_RULE: &str = "得分为本单位各项数值目标完成率的平均值（单项超过100%的按100%计，未填报的按0计）；得分相同的，滞后项数少者在前；未汇总报表的单位列于最后，不排名。";

/// How a target's standing is decided, as 概况 states it.
pub const STANDING_RULE: &str = "可累加的目标按全市累计完成数与时序进度比较；比率、时限等不累加的目标，任一单位未达要求即为滞后，各单位均达到为已完成，其余为序时推进。";

/// The quarter told in a minute.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Per target, in plan order.
    pub standings: Vec<Standing>,
    /// Per target, the units lagging on it.
    pub lagging_units: Vec<Vec<usize>>,
    /// City-wide.
    pub counts: Counts,
    /// The returns.
    pub returns: Returns,
    /// Per action group.
    pub groups: Vec<Group>,
    /// Every unit with an allocation: ranked ones first, best first.
    pub ranking: Vec<Rank>,
}

/// The lines of each target, in unit order.
pub(crate) fn lines_by_target(c: &Consolidation) -> Vec<Vec<&UnitLine>> {
    let mut by: Vec<Vec<&UnitLine>> = vec![Vec::new(); c.check.plan.targets.len()];
    c.units.iter().for_each(|l| by[l.target].push(l));
    by.iter_mut().for_each(|v| v.sort_by_key(|l| l.unit));
    by
}

/// A target's standing: the city's for a summed target with a figure,
/// else from its units' lines (see [`STANDING_RULE`]).
fn standing(city: Progress, lines: &[&UnitLine]) -> Standing {
    match city {
        Progress::Done => return Standing::Done,
        Progress::OnTrack => return Standing::OnTrack,
        Progress::Lagging => return Standing::Lagging,
        _ => {}
    }
    let has = |p: Progress| lines.iter().any(|l| l.status == p);
    let figures = city == Progress::NotApplicable;
    if figures && has(Progress::Lagging) {
        Standing::Lagging
    } else if figures && !lines.is_empty() && lines.iter().all(|l| l.status == Progress::Done) {
        Standing::Done
    } else if figures && (has(Progress::Done) || has(Progress::OnTrack)) {
        Standing::OnTrack
    } else if has(Progress::Reported) {
        Standing::Reported
    } else {
        Standing::NoFigure
    }
}

/// Whether a unit's line is against a numeric target: a summed target with
/// an allocation above zero.
pub(crate) fn numeric(c: &Consolidation, l: &UnitLine) -> bool {
    let additive = c.check.verdicts[l.target].sum.is_some();
    let above_zero = matches!(l.target_value(&c.check.plan).inner(), Quantity::Amount(m) if m.value > Decimal::ZERO);
    additive && above_zero
}

fn short_group(name: &str) -> String {
    let cut = name
        .rfind(['(', '（'])
        .filter(|&i| name[i..].contains('项'))
        .map_or(name, |i| &name[..i]);
    cut.chars().filter(|c| !c.is_whitespace()).collect()
}

fn groups(c: &Consolidation, standings: &[Standing], lagging: &[Vec<usize>]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, t) in c.check.plan.targets.iter().enumerate() {
        let name = t.group.clone().unwrap_or_else(|| "其他".to_string());
        let at = match groups.iter().position(|g| g.name == name) {
            Some(at) => at,
            None => {
                groups.push(Group {
                    short: short_group(&name),
                    name,
                    targets: Vec::new(),
                    counts: Counts::default(),
                    lagging: Vec::new(),
                    text: String::new(),
                });
                groups.len() - 1
            }
        };
        let g = &mut groups[at];
        g.targets.push(i);
        g.counts.add(standings[i]);
        if standings[i] == Standing::Lagging {
            g.lagging.push(i);
        }
    }
    for g in &mut groups {
        g.text =
            super::narrative::paragraph(c, &g.short, &g.targets, &g.counts, standings, lagging);
    }
    groups
}

fn returns(c: &Consolidation) -> Returns {
    let plan = &c.check.plan;
    let merged: std::collections::HashSet<&str> = c
        .received
        .iter()
        .filter(|r| r.status == Fate::Accepted)
        .filter_map(|r| r.unit.as_deref())
        .collect();
    let merged_unit = |u: &str| merged.contains(u);
    let expected: Vec<usize> = (0..plan.units.len())
        .filter(|&u| {
            plan.targets
                .iter()
                .any(|t| t.allocations[u].quantity.is_assigned())
        })
        .collect();
    let missing: Vec<Missing> = expected
        .iter()
        .filter(|&&u| !merged_unit(&plan.units[u].name))
        .map(|&u| {
            let name = plan.units[u].name.as_str();
            let reason = c
                .findings
                .iter()
                .find(|f| {
                    f.unit.as_deref() == Some(name)
                        && matches!(
                            f.code,
                            Code::MissingReturn
                                | Code::WrongPeriod
                                | Code::UnreadableFile
                                | Code::ForeignPlan
                        )
                })
                .map_or(Code::MissingReturn, |f| f.code);
            Missing { unit: u, reason }
        })
        .collect();
    let mut files: Vec<&str> = c.received.iter().map(|r| r.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    Returns {
        expected: expected.len(),
        merged: expected.len() - missing.len(),
        files: files.len(),
        missing,
    }
}

/// The units ranked: by score (highest first), then fewer lagging lines,
/// then plan order; units whose return was not merged last, unplaced.
fn ranking(c: &Consolidation, returns: &Returns) -> Vec<Rank> {
    let plan = &c.check.plan;
    let missing_units: std::collections::HashSet<usize> =
        returns.missing.iter().map(|m| m.unit).collect();
    let mut by_unit: Vec<Vec<&UnitLine>> = vec![Vec::new(); plan.units.len()];
    c.units.iter().for_each(|l| by_unit[l.unit].push(l));
    let mut ranks: Vec<Rank> = Vec::new();
    for (u, mine) in by_unit.into_iter().enumerate() {
        if mine.is_empty() {
            continue;
        }
        let numeric: Vec<&&UnitLine> = mine.iter().filter(|l| numeric(c, l)).collect();
        let rates: Vec<Decimal> = numeric
            .iter()
            .map(|l| l.rate.map_or(Decimal::ZERO, |r| r.min(Decimal::ONE)))
            .collect();
        let missing = missing_units.contains(&u);
        let score = (!missing && !rates.is_empty())
            .then(|| rates.iter().sum::<Decimal>() / Decimal::from(rates.len()));
        ranks.push(Rank {
            unit: u,
            place: None,
            score,
            numeric: numeric.len(),
            with_figure: numeric
                .iter()
                .filter(|l| matches!(l.completed(), Some(Judged::Figure(_))))
                .count(),
            done: mine.iter().filter(|l| l.status == Progress::Done).count(),
            lagging: mine
                .iter()
                .filter(|l| l.status == Progress::Lagging)
                .count(),
        });
    }
    let placed = |r: &Rank| !missing_units.contains(&r.unit);
    ranks.sort_by(|a, b| {
        placed(b)
            .cmp(&placed(a))
            .then(b.score.cmp(&a.score))
            .then(a.lagging.cmp(&b.lagging))
            .then(a.unit.cmp(&b.unit))
    });
    let unplaced: Vec<bool> = ranks.iter().map(|r| !placed(r)).collect();
    let mut previous: Option<(Option<Decimal>, usize, usize)> = None;
    for (i, r) in ranks.iter_mut().enumerate() {
        if unplaced[i] {
            continue;
        }
        let key = (r.score, r.lagging);
        let place = match previous {
            Some((s, l, p)) if (s, l) == key => p,
            _ => i + 1,
        };
        r.place = Some(place);
        previous = Some((key.0, key.1, place));
    }
    ranks
}

/// Summarize a consolidation.
pub fn summarize(c: &Consolidation) -> Summary {
    let by_target = lines_by_target(c);
    let standings: Vec<Standing> = c
        .city
        .iter()
        .map(|city| standing(city.status, &by_target[city.target]))
        .collect();
    let lagging_units: Vec<Vec<usize>> = by_target
        .iter()
        .map(|lines| {
            lines
                .iter()
                .filter(|l| l.status == Progress::Lagging)
                .map(|l| l.unit)
                .collect()
        })
        .collect();
    let mut counts = Counts::default();
    standings.iter().for_each(|s| counts.add(*s));
    let returns = returns(c);
    let ranking = ranking(c, &returns);
    Summary {
        groups: groups(c, &standings, &lagging_units),
        standings,
        lagging_units,
        counts,
        returns,
        ranking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_named_without_its_count_or_spaces() {
        assert_eq!(
            short_group("质量提升 强企业行动 (10项)"),
            "质量提升强企业行动"
        );
        assert_eq!(
            short_group("知识产权 兴企 行动 (18 项)"),
            "知识产权兴企行动"
        );
        assert_eq!(short_group("执法亮剑护民行动(1项)"), "执法亮剑护民行动");
        assert_eq!(short_group("其他"), "其他");
    }
}
