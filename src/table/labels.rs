//! What one header label says: the role its words give it (序号, 全县目标任务,
//! 一季度完成, 2020年…), and the part of the year a label or a sheet name covers.

use crate::text::role_key;
use crate::vocab::{self, Role};

/// The role a header label names, if it is one of the vocabulary's words.
pub fn role_of(label: &str) -> Option<Role> {
    role_and_why(label).map(|(role, _)| role)
}

/// The role a header label names and what decided it: a word of the
/// vocabulary, or a pattern (a total of any level, a period's completed
/// figure, a baseline or descriptive column).
pub fn role_and_why(label: &str) -> Option<(Role, Why)> {
    let key = role_key(label);
    if key.is_empty() {
        return None;
    }
    let exact = vocab::HEADER_WORDS
        .iter()
        .find(|(_, words)| words.contains(&key.as_str()))
        .map(|(r, _)| (*r, Why::Word));
    exact
        .or_else(|| names_completed_span(&key).then_some((Role::Completed, Why::Period)))
        .or_else(|| is_total_label(&key).then_some((Role::Total, Why::Level)))
        .or_else(|| is_metadata_label(&key).then_some((Role::Metadata, Why::Descriptive)))
}

/// What decided a column's role, for `check --explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Its header is a word of the vocabulary (序号, 目标名称, 全市目标任务).
    Word,
    /// Its header names a total of some level or year (全县目标任务, 2025年目标).
    Level,
    /// Its header names a period's completed figure (一季度完成, 1-9月累计).
    Period,
    /// Its header names a baseline or a descriptive column (2020年, 责任科室).
    Descriptive,
    /// A header in the unit zone (after the total, or between the name and a
    /// total placed at the right).
    UnitZone,
    /// 合计 / 总计 after the units, with no other total.
    SumAfterUnits,
    /// A second column with the role of an earlier one: descriptive.
    Repeated,
    /// Outside the unit zone, with a header: descriptive.
    OutsideZone,
    /// No header but figures under it: a remark.
    Unlabeled,
    /// A group header (重点任务) in a table with no name column: the targets' names.
    GroupAsName,
    /// Set by `--total`, `--units` or a profile's `[table]`.
    Override,
}

impl Why {
    /// In the clerk's words.
    pub fn word(self) -> &'static str {
        match self {
            Why::Word => "表头词",
            Why::Level => "总数列的写法（全市/全县/年度目标…）",
            Why::Period => "写明期间的完成数列",
            Why::Descriptive => "基期、属性、责任单位等说明列",
            Why::UnitZone => "位于单位区",
            Why::SumAfterUnits => "各单位之后的合计列",
            Why::Repeated => "与前一列作用重复，作说明列",
            Why::OutsideZone => "在单位区之外，作说明列",
            Why::Unlabeled => "无表头但有内容，作备注",
            Why::GroupAsName => "无指标名称列，以此列为指标名称",
            Why::Override => "按指定（--total / --units / 配置）",
        }
    }
}

/// Whether a header key names the completed figure over a period or span:
/// 一季度完成, 本年累计, 1-9月累计, 截至9月底完成, 2024年累计完成. A year
/// alone makes it one only with 累计 (2023年完成值 is a base figure).
fn names_completed_span(key: &str) -> bool {
    let Some((reach, rest)) = reach_at_head(key) else {
        return false;
    };
    let completed = vocab::HEADER_WORDS
        .iter()
        .filter(|(r, _)| *r == Role::Completed)
        .any(|(_, words)| words.contains(&rest))
        || vocab::SPAN_COMPLETED_WORDS.contains(&rest);
    completed && (reach.spans || rest.contains(vocab::CUMULATIVE))
}

/// What a header or a sheet name says of the part of the year it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// The year, when written (2024年1-9月).
    pub year: Option<u16>,
    /// The period the span ends with (1-9月 → month 9, 一季度 → quarter 1,
    /// 上半年 → half 1, 本年 → none).
    pub part: Option<vocab::Part>,
    /// Whether a quarter, a span of months or the year so far is named (not a year alone).
    pub spans: bool,
}

/// The period or span at the head of a normalized text (`1-9月累计` →
/// months 1 to 9, rest `累计`), and what follows it.
pub fn reach_at_head(text: &str) -> Option<(Reach, &str)> {
    let (year, rest) = year_at_head(text);
    let reach = |part| Reach {
        year,
        part,
        spans: true,
    };
    if let Some(rest) = vocab::YEAR_TO_DATE_WORDS
        .iter()
        .find_map(|w| rest.strip_prefix(w))
    {
        return Some((reach(None), rest));
    }
    if let Some((p, rest)) = vocab::PERIOD_WORDS
        .iter()
        .find_map(|(w, p)| rest.strip_prefix(w).map(|r| (*p, r)))
    {
        return Some((reach(Some(p)), rest));
    }
    if let Some((month, rest)) = months_at_head(rest) {
        return Some((reach(Some(vocab::Part::Month(month))), rest));
    }
    let year_alone = Reach {
        spans: false,
        ..reach(None)
    };
    year.map(|_| (year_alone, rest))
}

/// A leading `2024年` (or `2024年度`) naming a year of this century: the
/// year and the rest.
fn year_at_head(text: &str) -> (Option<u16>, &str) {
    let year = text.get(..4).and_then(|y| y.parse::<u16>().ok());
    match (strip_year(text), year) {
        (Some(after), Some(y)) if (2000..2100).contains(&y) => (Some(y), after),
        _ => (None, text),
    }
}

/// A span of months at the head (1-9月, 1至9月, 截至9月底, 9月份): its last month and the rest.
fn months_at_head(text: &str) -> Option<(u8, &str)> {
    let (until, rest) = match vocab::UNTIL_WORDS.iter().find_map(|w| text.strip_prefix(w)) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let spanned = month_at_head(rest).and_then(|(_, r)| {
        let r = vocab::MONTH_SPAN_SEPARATORS
            .iter()
            .find_map(|s| r.strip_prefix(s))?;
        let (last, r) = month_at_head(r)?;
        Some((last, r))
    });
    let (month, rest) = match spanned {
        Some(found) if !until => found,
        _ => month_at_head(rest)?,
    };
    let rest = vocab::MONTH_ENDINGS
        .iter()
        .find_map(|e| rest.strip_prefix(e))?;
    Some((month, rest))
}

/// A month's number at the head (9, 09, 九, 十二) and the rest.
fn month_at_head(text: &str) -> Option<(u8, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let number = if digits > 0 && digits <= 2 {
        text[..digits]
            .parse::<u8>()
            .ok()
            .map(|m| (m, &text[digits..]))
    } else if digits == 0 {
        vocab::CHINESE_MONTHS
            .iter()
            .find_map(|(w, m)| text.strip_prefix(w).map(|r| (*m, r)))
    } else {
        None
    };
    number.filter(|(m, _)| (1..=12).contains(m))
}

/// A total named for any level (全县目标任务, 全区合计, 全省), for the year
/// (年度目标, 2025年目标, 2025年全省目标) or for the plan (目标任务数).
fn is_total_label(key: &str) -> bool {
    let key = strip_year(key).unwrap_or(key);
    let by_level = key.strip_prefix('全').is_some_and(|rest| {
        vocab::TOTAL_LEVELS.iter().any(|level| {
            rest.strip_prefix(level)
                .is_some_and(|suffix| vocab::TOTAL_SUFFIXES.contains(&suffix))
        })
    });
    by_level || vocab::TOTAL_PLAIN.contains(&key)
}

/// What follows a leading year of four digits (`2025年目标`, `2025年度目标`
/// → `目标`), if the text has one.
fn strip_year(key: &str) -> Option<&str> {
    let digits = key.bytes().take_while(u8::is_ascii_digit).count();
    let rest = key.get(4..).filter(|_| digits == 4)?;
    rest.strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
}

/// Baselines and descriptive columns: a year alone (2020年), a year's base
/// (2020年基数), attributes, who is responsible, subtotals (乡镇合计).
fn is_metadata_label(key: &str) -> bool {
    let year_alone = strip_year(key).is_some_and(|rest| !is_total_label(rest));
    let subtotal = vocab::TOTAL_AFTER_UNITS
        .iter()
        .any(|w| key.ends_with(w) && key != *w);
    year_alone || subtotal || vocab::METADATA_CONTAINS.iter().any(|w| key.contains(w))
}
