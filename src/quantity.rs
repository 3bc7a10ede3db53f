//! The cell grammar: the one place where a cell becomes a [`Quantity`].
//!
//! Covers every form a task sheet uses: amounts with magnitudes (`0.9 万`),
//! bounds (`85以上`, `15 分钟以内`), rates (`达到 80%`), changes (`下降 10% 以上`),
//! "not assigned" (`/`), uniform requirements (`均达到 80%`), nesting
//! (`按照嵊泗县局要求落实`), qualitative text, and text it cannot classify.
//! Full-width digits, thousands separators and stray spaces read the same.

use crate::grid::Value;
use crate::text::{normalize, percent_of};
use crate::vocab;
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;

/// Whether a figure is exact or a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Exactly this figure.
    Exact,
    /// This figure or more (`85以上`, `不低于 25%`).
    AtLeast,
    /// This figure or less (`15 分钟以内`).
    AtMost,
}

/// A number with its bound and unit of measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The exact value; for rates the fraction (0.8 for 80%).
    pub value: Decimal,
    /// Exact, lower or upper bound.
    pub bound: Bound,
    /// The unit word written after the number (家, 户, 分钟), if any.
    pub unit: Option<Box<str>>,
    /// Written as approximate (`约30`, `30左右`).
    pub approx: bool,
}

impl Measure {
    /// An exact figure with no unit word.
    pub fn exact(value: Decimal) -> Self {
        Measure {
            value,
            bound: Bound::Exact,
            unit: None,
            approx: false,
        }
    }

    /// Whether the unit word is a duration (a time limit is never summed).
    pub fn is_duration(&self) -> bool {
        self.unit
            .as_deref()
            .is_some_and(|u| vocab::DURATION_UNITS.contains(&u))
    }
}

/// What a cell means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quantity {
    /// `/`, `—`, blank: nothing is asked of this unit.
    Unassigned,
    /// An additive amount (`2500`, `0.9 万`, `24以上`).
    Amount(Measure),
    /// A rate or percentage, as a fraction (`达到 80%` → 0.8); never summed.
    Rate(Measure),
    /// A change against last year (`下降 10% 以上`); never summed.
    Change {
        /// +1 for growth, -1 for decline.
        sign: i8,
        /// The size of the change, a rate.
        rate: Measure,
    },
    /// One requirement for every unit (`均达到 80%`).
    Uniform(Box<Quantity>),
    /// This unit's figure is inside another's (`按照嵊泗县局要求落实`);
    /// `None` when the text names no parent (`分别纳入对应县区的统计范围`).
    Within {
        /// The parent as written (`嵊泗县局`).
        parent: Option<String>,
    },
    /// Qualitative text, carried through and never summed.
    Text(String),
    /// Text that looks like a figure but could not be read.
    Unparsed(String),
}

impl Quantity {
    /// The amount, when this is an additive figure.
    pub fn amount(&self) -> Option<&Measure> {
        match self {
            Quantity::Amount(m) => Some(m),
            _ => None,
        }
    }

    /// Whether a unit is asked for anything here: not unassigned, and not
    /// nested inside another unit's figure.
    pub fn is_assigned(&self) -> bool {
        !matches!(self, Quantity::Unassigned | Quantity::Within { .. })
    }

    /// What a uniform requirement asks of each unit (`均达到 80%` → 80%);
    /// any other quantity itself.
    pub fn inner(&self) -> &Quantity {
        match self {
            Quantity::Uniform(q) => q,
            q => q,
        }
    }

    /// Whether figures against this are rates: a rate, or a rate required
    /// of every unit.
    pub fn is_rate_like(&self) -> bool {
        matches!(self.inner(), Quantity::Rate(_))
    }

    /// Whether a figure is asked for against this: an amount or a rate
    /// (a uniform one included); anything else is answered in words.
    pub fn asks_for_figure(&self) -> bool {
        matches!(self, Quantity::Amount(_)) || self.is_rate_like()
    }

    /// The number itself, through a uniform requirement: an amount's, or a
    /// rate's as a fraction.
    pub fn value(&self) -> Option<Decimal> {
        match self.inner() {
            Quantity::Amount(m) | Quantity::Rate(m) => Some(m.value),
            _ => None,
        }
    }

    /// The kind of quantity, as a stable lowercase word.
    pub fn kind(&self) -> &'static str {
        match self {
            Quantity::Unassigned => "unassigned",
            Quantity::Amount(_) => "amount",
            Quantity::Rate(_) => "rate",
            Quantity::Change { .. } => "change",
            Quantity::Uniform(_) => "uniform",
            Quantity::Within { .. } => "within",
            Quantity::Text(_) => "text",
            Quantity::Unparsed(_) => "unparsed",
        }
    }
}

/// Read a cell's value. Numeric cells formatted as percentages are rates.
pub fn from_value(value: &Value) -> Quantity {
    match value {
        Value::Empty => Quantity::Unassigned,
        Value::Text(t) => parse(t),
        Value::Number {
            value,
            percent: true,
        } => Quantity::Rate(Measure::exact(*value)),
        Value::Number {
            value,
            percent: false,
        } => Quantity::Amount(Measure::exact(*value)),
        other => Quantity::Unparsed(other.display()),
    }
}

/// Read a cell's text.
pub fn parse(text: &str) -> Quantity {
    let n = normalize(text);
    if n.is_empty() || vocab::UNASSIGNED_WORDS.contains(&n.as_str()) {
        return Quantity::Unassigned;
    }
    match n.strip_prefix(vocab::UNIFORM_PREFIX) {
        Some(rest) => match parse_plain(rest) {
            Some(Quantity::Unassigned) | None => qualitative_or_unparsed(text),
            Some(inner) => Quantity::Uniform(Box::new(inner)),
        },
        None => parse_plain(&n).unwrap_or_else(|| qualitative_or_unparsed(text)),
    }
}

/// Everything but the uniform prefix (so `均均…` cannot recurse).
fn parse_plain(n: &str) -> Option<Quantity> {
    if n.is_empty() || vocab::UNASSIGNED_WORDS.contains(&n) {
        return Some(Quantity::Unassigned);
    }
    parse_within(n).or_else(|| parse_change(n)).or_else(|| {
        parse_measure(n).map(|(m, rate)| {
            if rate {
                Quantity::Rate(m)
            } else {
                Quantity::Amount(m)
            }
        })
    })
}

/// A plain number in a rate row as a fraction: a number above 1 (`90` under
/// a (%) measure; a rate of 9000 % is never meant) is a percentage.
pub fn as_fraction(value: Decimal) -> Decimal {
    if value > Decimal::ONE {
        value / Decimal::from(100)
    } else {
        value
    }
}

/// Read a cell under a target measured in `measure`: the one way plans and
/// returns read a figure. A magnitude written bare (`0.2亿` under (亿元),
/// `1億` under (萬元)) takes the measure's word after it, and every magnitude
/// is applied once (`200万元` under (万元) is 200, `9800万元` under (亿元) is
/// 0.98, `1亿` under (万元) is 10000).
pub fn from_cell(value: &Value, measure: Option<&str>) -> Quantity {
    let measure = measure.map(normalize);
    let measure = measure.as_deref();
    let completed = match (value, measure) {
        (Value::Text(t), Some(m)) => {
            let text = normalize(t);
            let bare = vocab::MAGNITUDES.iter().any(|(w, _)| text.ends_with(w));
            vocab::MAGNITUDES
                .iter()
                .find(|(w, _)| bare && m.starts_with(w))
                .map(|(w, _)| parse(&format!("{text}{}", &m[w.len()..])))
        }
        _ => None,
    };
    in_measure(completed.unwrap_or_else(|| from_value(value)), measure)
}

/// A cell's quantity against its target, for plans and returns alike: the
/// target's measure applied once (`0.5亿元` under (亿元) is 0.5), and, in a
/// rate target, a plain number read as a rate (90 → 90 %, 0.9 → 90 %).
pub fn against(q: Quantity, measure: Option<&str>, rate_target: bool) -> Quantity {
    match in_measure(q, measure) {
        Quantity::Amount(m) if rate_target && m.unit.as_deref().is_none_or(|u| u == "%") => {
            Quantity::Rate(Measure {
                value: as_fraction(m.value),
                unit: None,
                ..m
            })
        }
        other => other,
    }
}

/// A quantity restated in the target's unit of measure: `200万元` under a
/// target measured in (万元) is 200, not 2,000,000.
pub fn in_measure(q: Quantity, measure: Option<&str>) -> Quantity {
    let Some(measure) = measure.map(normalize) else {
        return q;
    };
    let restate = |m: Measure| -> Measure {
        let unit = m.unit.as_deref().unwrap_or("");
        match vocab::MAGNITUDES
            .iter()
            .find(|(w, _)| measure.strip_prefix(w) == Some(unit) && !unit.is_empty())
        {
            Some((_, power)) => Measure {
                value: m.value / Decimal::from(10u64.pow(*power)),
                unit: Some(measure.into()),
                ..m
            },
            None => m,
        }
    };
    match q {
        Quantity::Amount(m) => Quantity::Amount(restate(m)),
        other => other,
    }
}

fn qualitative_or_unparsed(original: &str) -> Quantity {
    let han = original.chars().filter(|c| is_han(*c)).count();
    if han >= 4 {
        Quantity::Text(original.trim().to_string())
    } else {
        Quantity::Unparsed(original.trim().to_string())
    }
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

fn parse_within(n: &str) -> Option<Quantity> {
    if vocab::WITHIN_OWN_COUNTY.contains(&n) {
        return Some(Quantity::Within { parent: None });
    }
    vocab::WITHIN_PATTERNS.iter().find_map(|(open, close)| {
        let middle = n.strip_prefix(open)?.strip_suffix(close)?;
        (!middle.is_empty() && !middle.chars().any(|c| c.is_ascii_digit())).then(|| {
            Quantity::Within {
                parent: Some(middle.to_string()),
            }
        })
    })
}

fn parse_change(n: &str) -> Option<Quantity> {
    vocab::CHANGE_WORDS.iter().find_map(|(word, sign)| {
        let rest = n.strip_prefix(word)?;
        match parse_measure(rest)? {
            (rate, true) => Some(Quantity::Change { sign: *sign, rate }),
            (_, false) => None,
        }
    })
}

/// Strip the first word of `words` (longest first) that `s` starts with.
fn strip_any_prefix<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    let mut sorted: Vec<&str> = words.to_vec();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.iter().find_map(|w| s.strip_prefix(w))
}

fn strip_any_suffix<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    let mut sorted: Vec<&str> = words.to_vec();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted.iter().find_map(|w| s.strip_suffix(w))
}

/// A number with optional approximation, verbs, bound words, magnitude,
/// percent sign and unit word. Returns the measure and whether it is a rate.
fn parse_measure(n: &str) -> Option<(Measure, bool)> {
    let mut s = n;
    let mut approx = false;
    let mut bound = Bound::Exact;
    loop {
        if let Some(rest) = strip_any_prefix(s, vocab::APPROX_PREFIXES) {
            (s, approx) = (rest, true);
        } else if let Some(rest) = strip_any_prefix(s, vocab::LEADING_VERBS) {
            s = rest;
        } else if let Some(rest) = strip_any_prefix(s, vocab::UPPER_BOUND_PREFIXES) {
            (s, bound) = (rest, Bound::AtMost);
        } else if let Some(rest) = strip_any_prefix(s, vocab::LOWER_BOUND_PREFIXES) {
            (s, bound) = (rest, Bound::AtLeast);
        } else {
            break;
        }
    }
    if let Some(rest) = strip_any_suffix(s, vocab::APPROX_SUFFIXES) {
        (s, approx) = (rest, true);
    }
    if let Some(rest) = strip_any_suffix(s, vocab::LOWER_BOUND_SUFFIXES) {
        (s, bound) = (rest, Bound::AtLeast);
    } else if let Some(rest) = strip_any_suffix(s, vocab::UPPER_BOUND_SUFFIXES) {
        (s, bound) = (rest, Bound::AtMost);
    }
    let (value, is_rate, unit) = parse_core(s)?;
    Some((
        Measure {
            value,
            bound,
            unit: unit.map(String::into_boxed_str),
            approx,
        },
        is_rate,
    ))
}

/// `-?digits(.digits)?` then magnitude word, `%`, unit word.
fn parse_core(s: &str) -> Option<(Decimal, bool, Option<String>)> {
    let end = number_end(s)?;
    let mut value = Decimal::from_str(&s[..end]).ok()?;
    let mut rest = &s[end..];
    if let Some((word, power)) = vocab::MAGNITUDES.iter().find(|(w, _)| rest.starts_with(w)) {
        value = value.checked_mul(Decimal::from(10u64.pow(*power)))?;
        rest = &rest[word.len()..];
    }
    let is_rate = if let Some(r) = rest.strip_prefix('%') {
        value /= Decimal::from(100);
        rest = r;
        true
    } else {
        false
    };
    let unit_ok = rest.chars().count() <= 6
        && rest
            .chars()
            .all(|c| is_han(c) || c.is_alphabetic() || c == '/');
    if !unit_ok {
        return None;
    }
    let unit = (!rest.is_empty()).then(|| rest.to_string());
    Some((value.normalize(), is_rate, unit))
}

/// Byte length of a leading decimal number, if `s` starts with one.
fn number_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits_start = i;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j == frac_start {
            return None;
        }
        i = j;
    }
    Some(i)
}

fn write_measure(f: &mut fmt::Formatter<'_>, m: &Measure, percent: bool) -> fmt::Result {
    if m.approx {
        f.write_str("约")?;
    }
    if percent {
        write!(f, "{}%", percent_of(m.value))?;
    } else {
        write!(f, "{}", m.value.normalize())?;
    }
    if let Some(unit) = &m.unit {
        f.write_str(unit)?;
    }
    match m.bound {
        Bound::Exact => Ok(()),
        Bound::AtLeast => f.write_str("以上"),
        Bound::AtMost => f.write_str("以内"),
    }
}

/// The canonical way to write a quantity; parsing it gives the same quantity.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quantity::Unassigned => f.write_str("/"),
            Quantity::Amount(m) => write_measure(f, m, false),
            Quantity::Rate(m) => write_measure(f, m, true),
            Quantity::Change { sign, rate } => {
                f.write_str(if *sign > 0 { "增长" } else { "下降" })?;
                write_measure(f, rate, true)
            }
            Quantity::Uniform(inner) => write!(f, "均{inner}"),
            Quantity::Within { parent: Some(p) } => write!(f, "按照{p}要求落实"),
            Quantity::Within { parent: None } => f.write_str(vocab::WITHIN_OWN_COUNTY[0]),
            Quantity::Text(t) | Quantity::Unparsed(t) => f.write_str(t),
        }
    }
}

#[cfg(test)]
mod tests;
