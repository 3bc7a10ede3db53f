//! The draft 进展综述: one paragraph per action group, in the register of a
//! bureau's summary ("截至三季度，……已完成……，完成率……%"), made of the
//! figures alone: counts, targets by name, the city's cumulative figure and
//! completion rate, the units short of a requirement. Nothing is said about
//! causes: the clerk edits the draft.

use super::standing::{Counts, Standing};
use super::{CityLine, Consolidation};
use crate::model::period::Period;
use crate::model::plan::Target;
use rust_decimal::Decimal;

/// How many targets a list names before it says 等 and how many.
const NAMED: usize = 3;

/// "截至三季度", "截至9月底", "截至上半年" (年底 for any period ending in December).
pub fn as_of(period: Period) -> String {
    use crate::model::period::Part;
    match period.part {
        _ if period.end_month() == 12 => "截至年底".to_string(),
        Part::Quarter(_) => format!("截至{}", period.words().trim_start_matches('第')),
        Part::Month(m) => format!("截至{m}月底"),
        _ => format!("截至{}", period.words()),
    }
}

/// A rate as a percentage with one decimal: 77.5%.
pub fn percent(rate: Decimal) -> String {
    format!("{:.1}%", (rate * Decimal::ONE_HUNDRED).round_dp(1))
}

/// A target's name without its bracketed measure: 培育“双碳”认证企业(家) → 培育“双碳”认证企业.
pub fn bare_name(t: &Target) -> String {
    let name = t.name.trim();
    let Some(m) = t.measure.as_deref() else {
        return name.to_string();
    };
    for (open, close) in [("(", ")"), ("（", "）")] {
        if let Some(stem) = name.strip_suffix(&format!("{open}{m}{close}")) {
            return stem.trim_end().to_string();
        }
    }
    name.to_string()
}

/// `name` with the city's figure: 导入先进质量管理方法的规上企业62家.
fn with_figure(t: &Target, city: &CityLine) -> String {
    let name = bare_name(t);
    match (city.completed, t.measure.as_deref()) {
        (Some(d), Some(m)) => format!("{name}{}{m}", d.normalize()),
        (Some(d), None) => format!("{name}为{}", d.normalize()),
        (None, _) => name,
    }
}

/// Up to [`NAMED`] items joined with `sep`, then 等N项 when there are more.
fn listed(items: &[String], sep: &str) -> String {
    let shown = items[..items.len().min(NAMED)].join(sep);
    if items.len() > NAMED {
        format!("{shown}等{}项", items.len())
    } else {
        shown
    }
}

/// The paragraph for the action group called `short`, of `targets` (indices
/// into the plan's), counted `n`.
pub fn paragraph(
    c: &Consolidation,
    short: &str,
    targets: &[usize],
    n: &Counts,
    standings: &[Standing],
    lagging_units: &[Vec<usize>],
) -> String {
    let plan = &c.check.plan;
    let counts: Vec<String> = [
        (n.done, Standing::Done),
        (n.on_track, Standing::OnTrack),
        (n.lagging, Standing::Lagging),
        (n.reported, Standing::Reported),
        (n.no_figure, Standing::NoFigure),
    ]
    .iter()
    .filter(|(k, _)| *k > 0)
    .map(|(k, s)| format!("{}{k}项", s.word()))
    .collect();
    let mut text = format!(
        "{}，{}{}项目标中，{}。",
        as_of(c.period),
        short,
        n.targets,
        counts.join("，")
    );
    let of = |s: Standing| targets.iter().copied().filter(move |&i| standings[i] == s);
    let summed = |i: usize| c.city[i].completed.is_some();
    let done: Vec<String> = of(Standing::Done)
        .map(|i| match summed(i) {
            true => with_figure(&plan.targets[i], &c.city[i]),
            false => format!("{}（各单位均达到要求）", bare_name(&plan.targets[i])),
        })
        .collect();
    if !done.is_empty() {
        text.push_str(&format!("已完成全年目标的有：{}。", listed(&done, "；")));
    }
    let on_track: Vec<String> = of(Standing::OnTrack)
        .map(|i| match c.city[i].rate {
            Some(r) => format!(
                "{}，完成率{}",
                with_figure(&plan.targets[i], &c.city[i]),
                percent(r)
            ),
            None => format!("{}（尚有单位未报或未达到）", bare_name(&plan.targets[i])),
        })
        .collect();
    if !on_track.is_empty() {
        text.push_str(&format!("序时推进的有：{}。", listed(&on_track, "；")));
    }
    let elapsed = percent(c.period.elapsed());
    let lagging: Vec<String> = of(Standing::Lagging)
        .map(|i| match c.city[i].rate {
            Some(r) => format!(
                "{}，完成率{}，低于时序进度{elapsed}",
                with_figure(&plan.targets[i], &c.city[i]),
                percent(r)
            ),
            None => {
                let units: Vec<&str> = lagging_units[i]
                    .iter()
                    .map(|&u| plan.units[u].name.as_str())
                    .collect();
                format!(
                    "{}，{}未达到要求",
                    bare_name(&plan.targets[i]),
                    units.join("、")
                )
            }
        })
        .collect();
    if !lagging.is_empty() {
        text.push_str(&format!("滞后的有：{}。", lagging.join("；")));
    }
    let words: Vec<String> = of(Standing::Reported)
        .map(|i| bare_name(&plan.targets[i]))
        .collect();
    if !words.is_empty() {
        text.push_str(&format!("以文字报告进展的有：{}。", listed(&words, "；")));
    }
    let none: Vec<String> = of(Standing::NoFigure)
        .map(|i| bare_name(&plan.targets[i]))
        .collect();
    if !none.is_empty() {
        text.push_str(&format!("暂无数据的有：{}。", listed(&none, "；")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::as_of;

    #[test]
    fn a_draft_is_dated_by_its_period_and_a_december_end_is_the_years() {
        let said = |p: &str| as_of(p.parse().unwrap());
        assert_eq!(said("2024Q3"), "截至三季度");
        assert_eq!(said("2024-08"), "截至8月底");
        assert_eq!(said("2024H1"), "截至上半年");
        for year_end in ["2024Q4", "2024-12", "2024H2", "2024"] {
            assert_eq!(said(year_end), "截至年底", "{year_end}");
        }
    }
}
