//! Matching a return's rows to the plan's targets, and judging each figure.
//!
//! A row matches by 序号 plus the normalised name (spaces, full-width forms,
//! brackets and punctuation ignored), so a reordered or slightly reworded
//! return still matches; a row that matches nothing is reported, not dropped.

use crate::finding::quote;
use crate::model::plan::{Plan, UnitFinder};
use crate::model::returns::ReportedRow;
use crate::quantity::Quantity;
use crate::text::role_key;
use crate::text::{id_key, name_key};
use std::collections::HashMap;

/// How alike two names are: the Dice coefficient of their character pairs.
fn similarity(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> { s.chars().zip(s.chars().skip(1)).collect() };
    let (pa, mut pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let total = (pa.len() + pb.len()) as f64;
    let mut shared = 0usize;
    for p in &pa {
        if let Some(i) = pb.iter().position(|q| q == p) {
            pb.swap_remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / total
}

/// The plan's targets and units keyed for matching, built once per merge so
/// that matching a row or a unit costs a lookup, not a scan of the plan.
pub struct Index<'a> {
    plan: &'a Plan,
    keys: Vec<(String, String)>,
    by_id_name: HashMap<(String, String), usize>,
    by_name: HashMap<String, Vec<usize>>,
    units: HashMap<String, usize>,
    finder: UnitFinder<'a>,
    /// Per target, whether its figures are rates ([`Plan`]'s `Target::is_rate`,
    /// decided once, not per row).
    rates: Vec<bool>,
}

impl<'a> Index<'a> {
    /// Whether figures against this target are rates.
    pub fn is_rate(&self, target: usize) -> bool {
        self.rates[target]
    }

    /// Key every target (序号, normalised name) and every unit name and alias.
    pub fn new(plan: &'a Plan) -> Self {
        let keys: Vec<(String, String)> = plan
            .targets
            .iter()
            .map(|t| (id_key(&t.id), name_key(&t.name)))
            .collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_id_name = HashMap::new();
        for (i, k) in keys.iter().enumerate() {
            by_name.entry(k.1.clone()).or_default().push(i);
            by_id_name.entry(k.clone()).or_insert(i);
        }
        let mut units = HashMap::new();
        for (i, u) in plan.units.iter().enumerate() {
            units.entry(role_key(&u.name)).or_insert(i);
            units.entry(role_key(&u.label)).or_insert(i);
        }
        if let Some(p) = &plan.profile {
            for spec in &p.units {
                if let Some(i) = plan.units.iter().position(|u| u.name == spec.name) {
                    spec.aliases.iter().for_each(|a| {
                        units.entry(role_key(a)).or_insert(i);
                    });
                }
            }
        }
        Index {
            plan,
            rates: plan.targets.iter().map(|t| t.is_rate()).collect(),
            keys,
            by_id_name,
            by_name,
            units,
            finder: UnitFinder::new(plan),
        }
    }

    /// The plan's units keyed for [`Plan::find_unit`]'s rules.
    pub fn finder(&self) -> &UnitFinder<'a> {
        &self.finder
    }

    /// The unit a written name means: an exact name or alias, else the plan's
    /// longest-prefix rule (`定海区局-2024Q3.xlsx` → 定海).
    pub fn unit(&self, written: &str) -> Option<usize> {
        self.units
            .get(&role_key(written))
            .copied()
            .or_else(|| self.finder.find(written))
    }

    /// The unit a longer text names (a title: `2024年岱山县助企惠民实事任务分解表`
    /// → 岱山): the longest unit name or alias of two characters or more that
    /// the text contains; the plan's own places (舟山市) never count.
    pub fn unit_in_text(&self, text: &str) -> Option<usize> {
        let mut key = role_key(text);
        for place in self.plan.places().names() {
            key = key.replace(&role_key(place), "|");
        }
        self.units
            .iter()
            .filter(|(k, _)| k.chars().count() >= 2 && key.contains(k.as_str()))
            .max_by_key(|(k, i)| (k.chars().count(), std::cmp::Reverse(**i)))
            .map(|(_, i)| *i)
    }

    /// The plan target a return row reports on, if any: same 序号 and name;
    /// else the one target with that name; else same 序号 and a similar name.
    pub fn target(&self, row: &ReportedRow) -> Option<usize> {
        self.target_named(&row.id, &row.name)
    }

    /// The plan target a 序号 and a name written elsewhere (a return's row, a
    /// county plan's row) stand for, by the same rules as [`Index::target`].
    pub fn target_named(&self, id: &str, name: &str) -> Option<usize> {
        let (id, name) = (id_key(id), name_key(name));
        if let Some(i) = self
            .by_id_name
            .get(&(id.clone(), name.clone()))
            .filter(|_| !id.is_empty())
        {
            return Some(*i);
        }
        if let Some([only]) = self.by_name.get(&name).map(Vec::as_slice) {
            return Some(*only);
        }
        self.keys.iter().position(|(tid, tname)| {
            !id.is_empty()
                && *tid == id
                && (tname.contains(&name)
                    || name.contains(tname.as_str())
                    || similarity(tname, &name) >= 0.6)
        })
    }
}

/// Whether a return's statement of a target says the same as the plan.
pub fn same_target(plan_q: &Quantity, stated: &Quantity) -> bool {
    let (a, b) = (plan_q.inner(), stated.inner());
    match (a, b) {
        (Quantity::Amount(x) | Quantity::Rate(x), Quantity::Amount(y) | Quantity::Rate(y)) => {
            x.value == y.value
        }
        (Quantity::Within { .. }, Quantity::Unassigned)
        | (Quantity::Unassigned, Quantity::Within { .. }) => true,
        _ => a == b || name_key(&a.to_string()) == name_key(&b.to_string()),
    }
}

/// What a completed figure is worth for a target of this kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Judged {
    /// Nothing reported (blank, `/`).
    Blank,
    /// A usable figure (approximate ones flagged by the caller).
    Figure(Quantity),
    /// Text carried through for a qualitative target.
    Note(String),
    /// Not usable: the reason, for the clerk.
    Invalid(String),
}

/// Judge a completed cell for a target whose allocation is `allocation`.
pub fn judge(allocation: &Quantity, completed: &Quantity) -> Judged {
    let numeric = allocation.asks_for_figure();
    match completed {
        Quantity::Unassigned => Judged::Blank,
        Quantity::Amount(m) | Quantity::Rate(m)
            if m.value.is_sign_negative() && !m.value.is_zero() =>
        {
            Judged::Invalid(format!("完成数为负数 {completed}"))
        }
        Quantity::Rate(_) if matches!(allocation, Quantity::Amount(_)) => {
            Judged::Invalid(format!("目标是数量，填的却是比例 {completed}"))
        }
        Quantity::Amount(_) | Quantity::Rate(_) => Judged::Figure(completed.clone()),
        other if numeric => Judged::Invalid(format!("需要填数值，填的是{}", quote(other))),
        other => Judged::Note(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::parse;

    #[test]
    fn names_match_whatever_the_brackets_spaces_and_punctuation() {
        assert_eq!(
            name_key("发放个体工商户经营性贷款(亿元)"),
            name_key("发放个体工商户经营性贷款 （亿元）")
        );
        assert_eq!(
            name_key("电梯扫码维保率、 检验检测率"),
            name_key("电梯扫码维保率,检验检测率")
        );
    }

    #[test]
    fn reworded_names_are_similar_and_different_ones_are_not() {
        assert!(similarity("知识产权质押融资金额亿元", "知识产权质押融资额亿元") >= 0.6);
        assert!(similarity("知识产权质押融资金额亿元", "放心农贸市场家") < 0.2);
    }

    #[test]
    fn the_plan_uniform_requirement_equals_its_statement_without_jun() {
        assert!(same_target(&parse("均达到 80%"), &parse("达到80%")));
        assert!(same_target(&parse("2500"), &parse("２５００")));
        assert!(!same_target(&parse("13"), &parse("10")));
    }

    #[test]
    fn a_negative_or_textual_figure_is_invalid_for_an_amount() {
        assert!(matches!(
            judge(&parse("20"), &parse("-3")),
            Judged::Invalid(_)
        ));
        assert!(matches!(
            judge(&parse("20"), &parse("未统计")),
            Judged::Invalid(_)
        ));
        assert_eq!(
            judge(&parse("20"), &parse("50家")),
            Judged::Figure(parse("50家"))
        );
        assert_eq!(judge(&parse("20"), &parse("/")), Judged::Blank);
        assert_eq!(
            judge(&parse("制定1个以上行业信用建设指引"), &parse("已制定")),
            Judged::Note("已制定".into())
        );
    }
}
