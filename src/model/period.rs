//! Reporting periods: a year and a month, quarter, half or the whole year
//! (`2024-09`, `2024Q3`, `2024H1`, `2024`), read from the command line, from
//! titles (`第三季度`, `9月`, `上半年`, `全年`) and from filing dates.
//!
//! Figures are cumulative from the start of the year, so what a period says of
//! a figure is how far into the year it reaches: 2024Q3, 2024年1-9月 and
//! 2024-09 all reach the end of September ([`Period::same_reach`]), and the
//! time elapsed (时序进度) is that month's share of the year.

use crate::error::Error;
use crate::table;
use crate::text::normalize;
use crate::vocab;
pub use crate::vocab::Part;
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A reporting period: a year and the part of it reported on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year, e.g. 2024.
    pub year: u16,
    /// The month, quarter, half or the whole year.
    pub part: Part,
}

impl Period {
    /// A quarter of a year (`Period::quarter(2024, 3)` is 2024Q3).
    pub fn quarter(year: u16, quarter: u8) -> Period {
        Period {
            year,
            part: Part::Quarter(quarter),
        }
    }

    /// A month of a year (`Period::month(2024, 9)` is 2024-09).
    pub fn month(year: u16, month: u8) -> Period {
        Period {
            year,
            part: Part::Month(month),
        }
    }

    /// The last month the period covers (2024Q3 → 9).
    pub fn end_month(&self) -> u8 {
        self.part.end_month()
    }

    /// Whether two periods reach the same month of the same year (2024Q3,
    /// 2024年1-9月 and 2024-09 do): the same cumulative figures.
    pub fn same_reach(&self, other: &Period) -> bool {
        self.year == other.year && self.end_month() == other.end_month()
    }

    /// Whether this period ends before `other`, in the same year: its
    /// cumulative figures can only be lower or equal.
    pub fn earlier_in_year(&self, other: &Period) -> bool {
        self.year == other.year && self.end_month() < other.end_month()
    }

    /// The share of the year elapsed at the period's end (时序进度): months / 12,
    /// to 4 places (Q3 → 0.75, September → 0.75, January → 0.0833).
    pub fn elapsed(&self) -> Decimal {
        (Decimal::from(self.end_month()) / Decimal::from(12))
            .round_dp(4)
            .normalize()
    }

    /// The period in a title's words, without the year: 第三季度, 9月, 上半年, 全年.
    pub fn words(&self) -> String {
        match self.part {
            Part::Month(m) => format!("{m}月"),
            Part::Quarter(q) => {
                format!(
                    "第{}季度",
                    ["", "一", "二", "三", "四"][usize::from(q.min(4))]
                )
            }
            Part::Half(1) => "上半年".to_string(),
            Part::Half(_) => "下半年".to_string(),
            Part::Year => "全年".to_string(),
        }
    }

    /// What a column of the figures added since the previous period is
    /// called: 本月新增, 本季新增, 本期新增 (a half or the year).
    pub fn added_words(&self) -> &'static str {
        match self.part {
            Part::Month(_) => "本月新增",
            Part::Quarter(_) => "本季新增",
            Part::Half(_) | Part::Year => "本期新增",
        }
    }

    /// The period in the clerk's words with its year: 2024年第三季度, 2024年9月.
    pub fn chinese(&self) -> String {
        format!("{}年{}", self.year, self.words())
    }

    /// The period a title or note speaks of (`2024年第三季度进展情况`, `9月份`,
    /// `上半年`), if it says; a year alone is not a period. Without a year in
    /// the text, `default_year` is used. A date (`10月8日`) is not a month.
    pub fn in_text(text: &str, default_year: Option<u16>) -> Option<Period> {
        let n = normalize(text);
        let part = vocab::PERIOD_WORDS
            .iter()
            .find(|(w, _)| n.contains(w))
            .map(|(_, p)| *p)
            .or_else(|| lettered(&n))
            .or_else(|| month_in(&n))?;
        let year = year_in(&n).or(default_year)?;
        Some(Period { year, part })
    }

    /// The period a sheet's name speaks of (三季度, 第三季度, 3季度, Q3, 2024Q3,
    /// 9月, 1-9月, 上半年), if it does; without a year in it, `default_year` is used.
    pub fn in_name(name: &str, default_year: Option<u16>) -> Option<Period> {
        Period::in_text(name, default_year).or_else(|| {
            let (reach, _) = table::reach_at_head(&normalize(name))?;
            Some(Period {
                year: reach.year.or(default_year)?,
                part: reach.part?,
            })
        })
    }

    /// The period of the same kind before this one (2024Q1 → 2023Q4,
    /// 2024-01 → 2023-12, 2024H2 → 2024H1, 2024 → 2023).
    pub fn before(&self) -> Period {
        let (year, part) = match self.part {
            Part::Month(1) => (self.year - 1, Part::Month(12)),
            Part::Month(m) => (self.year, Part::Month(m - 1)),
            Part::Quarter(1) => (self.year - 1, Part::Quarter(4)),
            Part::Quarter(q) => (self.year, Part::Quarter(q - 1)),
            Part::Half(1) => (self.year - 1, Part::Half(2)),
            Part::Half(_) => (self.year, Part::Half(1)),
            Part::Year => (self.year - 1, Part::Year),
        };
        Period { year, part }
    }

    /// The period, of the same kind as `like`, that a return filed on this date
    /// reports on: the last one that ended before the month of filing
    /// (2024-10-08 → 2024Q3 for quarters, 2024-09 for months; 2024-07-05 → 2024Q2).
    pub fn reported_on(date: &str, like: Part) -> Option<Period> {
        let n = normalize(date);
        let digits: Vec<u32> = n
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        let (year, month) = match digits.as_slice() {
            [y, m, ..] if (1900..3000).contains(y) && (1..=12).contains(m) => (*y as u16, *m as u8),
            _ => return None,
        };
        // The last month wholly elapsed when the return was filed.
        let (year, ended) = if month == 1 {
            (year - 1, 12)
        } else {
            (year, month - 1)
        };
        let within = |size: u8, make: fn(u8) -> Part, last: u8| match ended / size {
            0 => Period {
                year: year - 1,
                part: make(last),
            },
            k => Period {
                year,
                part: make(k),
            },
        };
        Some(match like {
            Part::Month(_) => Period::month(year, ended),
            Part::Quarter(_) => within(3, Part::Quarter, 4),
            Part::Half(_) => within(6, Part::Half, 2),
            Part::Year => match ended {
                12 => Period {
                    year,
                    part: Part::Year,
                },
                _ => Period {
                    year: year - 1,
                    part: Part::Year,
                },
            },
        })
    }
}

/// `Q3` or `H1` (after a year or alone), as in 2024Q3 or 2024-H1.
fn lettered(n: &str) -> Option<Part> {
    let upper = n.to_uppercase();
    let bytes = upper.as_bytes();
    bytes.windows(2).enumerate().find_map(|(i, w)| {
        let before_ok = i == 0 || !bytes[i - 1].is_ascii_alphabetic();
        let after_ok = bytes.get(i + 2).is_none_or(|b| !b.is_ascii_digit());
        let digit = (w[1] as char).to_digit(10)? as u8;
        match w[0] {
            b'Q' if before_ok && after_ok && (1..=4).contains(&digit) => Some(Part::Quarter(digit)),
            b'H' if before_ok && after_ok && (1..=2).contains(&digit) => Some(Part::Half(digit)),
            _ => None,
        }
    })
}

/// A month named in running text (`2024年9月进展`, `1-9月`, `九月份`), not a
/// date (`10月8日`), and not a count of months (`12个月`).
fn month_in(n: &str) -> Option<Part> {
    n.match_indices('月').find_map(|(i, _)| {
        let after = &n[i + '月'.len_utf8()..];
        let is_date = after.starts_with(|c: char| c.is_ascii_digit() || c == '日' || c == '号');
        if is_date {
            return None;
        }
        let before = &n[..i];
        let digits: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let month = if !digits.is_empty() && digits.len() <= 2 {
            digits.parse::<u8>().ok()
        } else if digits.is_empty() {
            vocab::CHINESE_MONTHS
                .iter()
                .find(|(w, _)| before.ends_with(w))
                .map(|(_, m)| *m)
        } else {
            None
        };
        month.filter(|m| (1..=12).contains(m)).map(Part::Month)
    })
}

fn year_in(n: &str) -> Option<u16> {
    let chars: Vec<char> = n.chars().collect();
    chars.windows(4).enumerate().find_map(|(i, w)| {
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        let after_ok = chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        let s: String = w.iter().collect();
        (before_ok && after_ok && w.iter().all(char::is_ascii_digit))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| (2000..2100).contains(y))
    })
}

/// A whole command-line period: `2024`, `2024年`, `2024年全年`; `2024-09`,
/// `2024年9月`; `2024H1`, `2024年上半年`; `2024Q3`, `2024年第三季度`.
fn parse_period(s: &str) -> Option<Period> {
    let n = normalize(s).to_uppercase();
    let digits = n.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let year: u16 = n[..4].parse().ok().filter(|y| (2000..2100).contains(y))?;
    let rest = n[4..]
        .trim_start_matches(['-', '/', '.', '_', ' '])
        .trim_start_matches("年度")
        .trim_start_matches('年');
    let rest = rest.trim_end_matches("报");
    let part = match rest {
        "" | "全年" | "度" => Part::Year,
        _ => {
            let month = rest
                .strip_suffix("月份")
                .or_else(|| rest.strip_suffix('月'))
                .unwrap_or(rest);
            let by_number = (month.len() <= 2 && !month.is_empty())
                .then(|| month.parse::<u8>().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m));
            let by_word = vocab::CHINESE_MONTHS
                .iter()
                .find(|(w, _)| *w == month && rest != month)
                .map(|(_, m)| *m);
            match by_number.or(by_word) {
                Some(m) => Part::Month(m),
                None => {
                    let said = Period::in_text(&n, Some(year))?;
                    if said.year != year {
                        return None;
                    }
                    said.part
                }
            }
        }
    };
    let valid = match part {
        Part::Quarter(q) => (1..=4).contains(&q),
        Part::Half(h) => (1..=2).contains(&h),
        Part::Month(m) => (1..=12).contains(&m),
        Part::Year => true,
    };
    valid.then_some(Period { year, part })
}

impl FromStr for Period {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_period(s).ok_or_else(|| Error::Period(s.to_string()))
    }
}

impl fmt::Display for Period {
    /// `2024Q3`, `2024-09`, `2024H1`, `2024`: what `--json` and the forms'
    /// hidden sheet say, and what the command line reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Part::Month(m) => write!(f, "{}-{m:02}", self.year),
            Part::Quarter(q) => write!(f, "{}Q{q}", self.year),
            Part::Half(h) => write!(f, "{}H{h}", self.year),
            Part::Year => write!(f, "{}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests;
