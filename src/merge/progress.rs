//! Progress against the time elapsed (时序进度), per unit and for the city.

use super::matching::Judged;
use super::{Figure, Reported, Source};
use crate::model::period::Period;
use crate::quantity::{Bound, Quantity, against};
use crate::reconcile::Check;
use rust_decimal::Decimal;
use serde::Serialize;
use std::iter::Peekable;
use std::vec::IntoIter;

/// How a target stands at the quarter's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Completed (≥ 100 %, or the required rate reached).
    Done,
    /// At or above the share of the year elapsed.
    OnTrack,
    /// Below it (or below the required rate).
    Lagging,
    /// Answered in words only (进展情况, or text for a qualitative target).
    Reported,
    /// A figure was typed but cannot be used (negative, text where a number is needed).
    Invalid,
    /// No figure received.
    NoReturn,
    /// Qualitative or otherwise not measurable.
    NotApplicable,
}

impl Progress {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::Done => "done",
            Progress::OnTrack => "on_track",
            Progress::Lagging => "lagging",
            Progress::Reported => "reported",
            Progress::Invalid => "invalid",
            Progress::NoReturn => "no_return",
            Progress::NotApplicable => "not_applicable",
        }
    }

    /// The word a clerk writes in the summary (已完成 / 序时推进 / 滞后 / 未报送 / —).
    pub fn word(self) -> &'static str {
        match self {
            Progress::Done => "已完成",
            Progress::OnTrack => "序时推进",
            Progress::Lagging => "滞后",
            Progress::Reported => "已报进展",
            Progress::Invalid => "填报有误",
            Progress::NoReturn => "未报送",
            Progress::NotApplicable => "—",
        }
    }
}

/// One unit's standing on one target.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitLine {
    /// Index into the plan's targets.
    pub target: usize,
    /// Index into the plan's units.
    pub unit: usize,
    /// What the unit reported, if anything: its figure, words and cell.
    pub reported: Option<Box<Reported>>,
    /// completed / target, for amounts.
    pub rate: Option<Decimal>,
    /// The standing.
    pub status: Progress,
    /// Last quarter's cumulative figure, when `--previous` gave one (boxed:
    /// without `--previous` it would cost 16 bytes on each of 240,000 lines
    /// at 3,000 units).
    pub previous: Option<Box<Decimal>>,
}

impl UnitLine {
    /// This quarter's increase (本季新增): the figure less last quarter's,
    /// when both are amounts (worked out when asked: a field would cost
    /// 20 bytes on each of 240,000 lines at 3,000 units).
    pub fn increase(&self) -> Option<Decimal> {
        let now = match self.completed()? {
            Judged::Figure(Quantity::Amount(m)) => m.value,
            _ => return None,
        };
        Some((now - *self.previous.as_deref()?).normalize())
    }

    /// The unit's allocation, from the plan (never from the return).
    pub fn target_value<'p>(&self, plan: &'p crate::model::plan::Plan) -> &'p Quantity {
        &plan.targets[self.target].allocations[self.unit].quantity
    }

    /// What the unit reported, judged, if anything.
    pub fn completed(&self) -> Option<&Judged> {
        self.reported.as_ref().map(|r| &r.value)
    }

    /// Where the figure came from.
    pub fn source(&self) -> Option<&Source> {
        self.reported.as_ref().map(|r| &r.source)
    }

    /// What the unit wrote under 进展情况, if anything.
    pub fn progress(&self) -> Option<&str> {
        self.reported.as_ref().and_then(|r| r.progress.as_deref())
    }
}

/// The city's standing on one target.
#[derive(Debug, Clone, PartialEq)]
pub struct CityLine {
    /// Index into the plan's targets.
    pub target: usize,
    /// The sum of the units' figures (nested units once), for additive targets.
    pub completed: Option<Decimal>,
    /// completed / total.
    pub rate: Option<Decimal>,
    /// The standing.
    pub status: Progress,
    /// Units that reported a figure.
    pub reported: usize,
    /// Units with an allocation.
    pub expected: usize,
    /// This quarter's increase (本季新增), when every unit counted in the sum
    /// has one: the sum of the units' increases.
    pub increase: Option<Decimal>,
}

fn by_elapsed(rate: Decimal, period: Period) -> Progress {
    if rate >= Decimal::ONE {
        Progress::Done
    } else if rate >= period.elapsed() {
        Progress::OnTrack
    } else {
        Progress::Lagging
    }
}

fn standing(
    additive: bool,
    allocation: &Quantity,
    figure: &Judged,
    period: Period,
) -> (Option<Decimal>, Progress) {
    let inner = allocation.inner();
    let value = match figure {
        Judged::Figure(Quantity::Amount(m) | Quantity::Rate(m)) => m.value,
        // A text answer, or (Blank) words under 进展情况 and no figure.
        Judged::Note(_) | Judged::Blank => return (None, Progress::Reported),
        Judged::Invalid(_) => return (None, Progress::Invalid),
        _ => return (None, Progress::NotApplicable),
    };
    match inner {
        Quantity::Amount(a) if additive && a.value > Decimal::ZERO => {
            let rate = (value / a.value).round_dp(4);
            (Some(rate), by_elapsed(rate, period))
        }
        Quantity::Amount(a) if additive && a.value.is_zero() => (None, Progress::Done),
        Quantity::Rate(r) | Quantity::Amount(r) => {
            let met = if r.bound == Bound::AtMost {
                value <= r.value
            } else {
                value >= r.value
            };
            (
                None,
                if met {
                    Progress::Done
                } else {
                    Progress::Lagging
                },
            )
        }
        _ => (None, Progress::NotApplicable),
    }
}

/// Each unit's figures in target order, from the files' figures: a file's
/// vector is kept whole when it is one unit's (a return is), else split.
fn by_unit(units: usize, figures: Vec<Vec<Figure>>) -> Vec<Peekable<IntoIter<Figure>>> {
    let mut mine: Vec<Vec<Figure>> = (0..units).map(|_| Vec::new()).collect();
    for fs in figures {
        match fs.first().map(|f| f.unit) {
            Some(u) if mine[u].is_empty() && fs.iter().all(|f| f.unit == u) => mine[u] = fs,
            _ => fs.into_iter().for_each(|f| mine[f.unit].push(f)),
        }
    }
    mine.into_iter()
        .map(|mut fs| {
            fs.sort_by_key(|f| f.target);
            fs.into_iter().peekable()
        })
        .collect()
}

/// One line per target and unit with an allocation. A unit that sent no
/// return, or left the figure blank, is `no_return`. `before` holds the
/// previous period's cumulative figures by (target, unit), when given.
/// `figures` are the accepted files' figures, a vector per file.
pub fn unit_lines(
    check: &Check,
    period: Period,
    figures: Vec<Vec<Figure>>,
    before: &super::previous::Before,
) -> Vec<UnitLine> {
    let plan = &check.plan;
    // Each figure moves into its line, in target order per unit: the merge
    // keeps every figure once, and no map of them is built.
    let mut by_unit = by_unit(plan.units.len(), figures);
    // A unit with an allocation it reports on (not one nested in another's).
    let counted = |a: &&crate::model::plan::Allocation| a.quantity.is_assigned();
    let count = plan
        .targets
        .iter()
        .map(|t| t.allocations.iter().filter(counted).count());
    let mut lines = Vec::with_capacity(count.sum());
    for (ti, t) in plan.targets.iter().enumerate() {
        let additive = check.verdicts[ti].sum.is_some();
        let rate = t.is_rate();
        for a in t.allocations.iter().filter(counted) {
            // Figures for a target the unit has no line on are passed over.
            let figures = &mut by_unit[a.unit];
            while figures.next_if(|f| f.target < ti).is_some() {}
            let figure = figures.next_if(|f| f.target == ti);
            let (rate, status) = match &figure {
                None => (None, Progress::NoReturn),
                Some(f) => {
                    let target = against(a.quantity.clone(), t.measure.as_deref(), rate);
                    standing(additive, &target, &f.reported.value, period)
                }
            };
            let previous = before
                .get(&(ti, a.unit))
                .map(|(figure, _)| Box::new(*figure));
            lines.push(UnitLine {
                previous,
                target: ti,
                unit: a.unit,
                reported: figure.map(|f| f.reported),
                rate,
                status,
            });
        }
    }
    lines
}

/// One line per target: the city's sum for additive targets, else not applicable.
pub fn city_lines(check: &Check, period: Period, units: &[UnitLine]) -> Vec<CityLine> {
    let plan = &check.plan;
    let mut by_target: std::collections::HashMap<usize, Vec<&UnitLine>> =
        std::collections::HashMap::new();
    units
        .iter()
        .for_each(|l| by_target.entry(l.target).or_default().push(l));
    plan.targets
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let mine: &[&UnitLine] = by_target.get(&ti).map_or(&[], Vec::as_slice);
            let verdict = &check.verdicts[ti];
            let counted = |l: &&&UnitLine| !verdict.nested.contains(&l.unit);
            let amounts: Vec<Decimal> = mine
                .iter()
                .filter(counted)
                .filter_map(|l| match l.completed() {
                    Some(Judged::Figure(Quantity::Amount(m))) => Some(m.value),
                    _ => None,
                })
                .collect();
            // The city's increase only when every unit summed has one.
            let summed: Vec<&&UnitLine> = mine
                .iter()
                .filter(counted)
                .filter(|l| matches!(l.completed(), Some(Judged::Figure(Quantity::Amount(_)))))
                .collect();
            let increase = (!summed.is_empty() && summed.iter().all(|l| l.increase().is_some()))
                .then(|| {
                    summed
                        .iter()
                        .filter_map(|l| l.increase())
                        .sum::<Decimal>()
                        .normalize()
                });
            let reported = mine
                .iter()
                .filter(|l| matches!(l.completed(), Some(Judged::Figure(_) | Judged::Note(_))))
                .count();
            let total = t
                .total
                .amount()
                .map(|m| m.value)
                .filter(|v| *v > Decimal::ZERO);
            let (completed, rate, status) = match (verdict.sum.is_some(), total) {
                (true, Some(total)) if !amounts.is_empty() => {
                    let sum: Decimal = amounts.iter().sum();
                    let rate = (sum / total).round_dp(4);
                    (Some(sum.normalize()), Some(rate), by_elapsed(rate, period))
                }
                (true, Some(_)) => (None, None, Progress::NoReturn),
                _ => (None, None, Progress::NotApplicable),
            };
            let increase = completed.and(increase);
            CityLine {
                target: ti,
                completed,
                rate,
                status,
                reported,
                expected: mine.len(),
                increase,
            }
        })
        .collect()
}
