//! Reporting periods: a year and a quarter (`2024Q3`), read from the command
//! line, from titles (`第三季度`) and from dates (`2024-10-08`).

use crate::error::Error;
use crate::table;
use crate::text::normalize;
use crate::vocab;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A quarter of a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year, e.g. 2024.
    pub year: u16,
    /// The quarter, 1 to 4.
    pub quarter: u8,
}

impl Period {
    /// The share of the year elapsed at the quarter's end (时序进度): Q3 → 0.75.
    pub fn elapsed(&self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::from(self.quarter) / rust_decimal::Decimal::from(4)
    }

    /// The period a title or note speaks of (`2024年第三季度进展情况`), if it says.
    /// Without a year in the text, `default_year` is used.
    pub fn in_text(text: &str, default_year: Option<u16>) -> Option<Period> {
        let n = normalize(text);
        let quarter = vocab::QUARTER_WORDS
            .iter()
            .find(|(w, _)| n.contains(w))
            .map(|(_, q)| *q)
            .or_else(|| {
                let i = n.find('Q').or_else(|| n.find('q'))?;
                n[i + 1..]
                    .chars()
                    .next()?
                    .to_digit(10)
                    .filter(|q| (1..=4).contains(q))
                    .map(|q| q as u8)
            })?;
        let year = year_in(&n).or(default_year)?;
        Some(Period { year, quarter })
    }

    /// The period a sheet's name speaks of (三季度, 第三季度, 3季度, Q3, 2024Q3,
    /// 9月, 1-9月), if it does; without a year in it, `default_year` is used.
    pub fn in_name(name: &str, default_year: Option<u16>) -> Option<Period> {
        Period::in_text(name, default_year).or_else(|| {
            let (reach, _) = table::reach_at_head(&normalize(name))?;
            Some(Period {
                year: reach.year.or(default_year)?,
                quarter: reach.quarter?,
            })
        })
    }

    /// The quarter before this one (2024Q1 → 2023Q4).
    pub fn before(&self) -> Period {
        match self.quarter {
            1 => Period {
                year: self.year - 1,
                quarter: 4,
            },
            q => Period {
                year: self.year,
                quarter: q - 1,
            },
        }
    }

    /// The quarter a return filed on this date reports on: a return is filed in
    /// the month after its quarter (2024-10-08 → 2024Q3; 2024-07-05 → 2024Q2).
    pub fn reported_on(date: &str) -> Option<Period> {
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
        let filed_in = (month - 1) / 3 + 1;
        Some(if filed_in == 1 {
            Period {
                year: year - 1,
                quarter: 4,
            }
        } else {
            Period {
                year,
                quarter: filed_in - 1,
            }
        })
    }
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

impl FromStr for Period {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = normalize(s).to_uppercase();
        // A year alone (2024, 2024年, 2024年度, 2024全年) is its fourth quarter:
        // the figures are cumulative, so the year's end is the year.
        let year = n
            .trim_end_matches("全年")
            .trim_end_matches('度')
            .trim_end_matches('年');
        if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && year_in(year).is_some() {
            return Ok(Period {
                year: year_in(year).unwrap_or_default(),
                quarter: 4,
            });
        }
        let quarter_only = n.len() > 4 && n.as_bytes()[..4].iter().all(u8::is_ascii_digit);
        let parsed = quarter_only.then(|| Period::in_text(&n, None)).flatten();
        parsed.ok_or_else(|| Error::Period(s.to_string()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.quarter)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q3() -> Period {
        Period {
            year: 2024,
            quarter: 3,
        }
    }

    #[test]
    fn the_command_line_accepts_every_usual_spelling() {
        for s in [
            "2024Q3",
            "2024-Q3",
            "2024q3",
            "2024年第三季度",
            "2024年三季度",
            "２０２４Ｑ３",
        ] {
            assert_eq!(s.parse::<Period>().ok(), Some(q3()), "{s}");
        }
        assert!("Q3".parse::<Period>().is_err());
        assert!("2024Q5".parse::<Period>().is_err());
        assert_eq!(
            "三季度".parse::<Period>().unwrap_err().to_string(),
            "“三季度”不是报告期。请写明年份和季度，如 2024Q3、2024-Q3 或 2024年第三季度（全年写 2024 或 2024年度）。"
        );
    }

    #[test]
    fn a_year_alone_is_its_fourth_quarter() {
        let q4 = Period {
            year: 2024,
            quarter: 4,
        };
        for s in ["2024", "2024年", "2024年度", "2024全年", "２０２４年度"] {
            assert_eq!(s.parse::<Period>().ok(), Some(q4), "{s}");
        }
        assert!("1999".parse::<Period>().is_err());
    }

    #[test]
    fn a_title_names_its_quarter_and_borrows_the_year_when_silent() {
        assert_eq!(
            Period::in_text("2024年舟山市…第三季度进展情况表", None),
            Some(q3())
        );
        assert_eq!(
            Period::in_text("第二季度进展", Some(2024)),
            Some(Period {
                year: 2024,
                quarter: 2
            })
        );
        assert_eq!(Period::in_text("进展情况表", Some(2024)), None);
    }

    #[test]
    fn a_sheet_named_for_a_quarter_or_its_last_month_names_it() {
        for name in [
            "三季度",
            "第三季度",
            "3季度",
            "Q3",
            "2024Q3",
            "9月",
            "1-9月",
            "2024年9月",
            "前三季度",
        ] {
            assert_eq!(Period::in_name(name, Some(2024)), Some(q3()), "{name}");
        }
        assert_eq!(
            Period::in_name("一季度", Some(2024)),
            Some(Period {
                year: 2024,
                quarter: 1
            })
        );
        assert_eq!(
            Period::in_name("2023Q3", Some(2024)).map(|p| p.year),
            Some(2023)
        );
        for name in ["Sheet1", "汇总", "8月", "进展情况", "本年"] {
            assert_eq!(Period::in_name(name, Some(2024)), None, "{name}");
        }
    }

    #[test]
    fn the_quarter_before_the_first_is_last_years_fourth() {
        assert_eq!(q3().before().to_string(), "2024Q2");
        assert_eq!(
            "2024Q1".parse::<Period>().unwrap().before().to_string(),
            "2023Q4"
        );
    }

    #[test]
    fn a_return_filed_in_october_reports_on_the_third_quarter() {
        assert_eq!(Period::reported_on("2024-10-08"), Some(q3()));
        assert_eq!(
            Period::reported_on("2024年7月5日"),
            Some(Period {
                year: 2024,
                quarter: 2
            })
        );
        assert_eq!(
            Period::reported_on("2025-01-06"),
            Some(Period {
                year: 2024,
                quarter: 4
            })
        );
        assert_eq!(Period::reported_on("不详"), None);
    }

    #[test]
    fn elapsed_time_is_a_quarter_per_quarter() {
        assert_eq!(q3().elapsed().to_string(), "0.75");
    }
}
