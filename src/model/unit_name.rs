//! Unit names as clerks write them: `舟山市定海区市场监督管理局`, `岱山县局(盖章)`,
//! `清河县南湖街道办事处`. One reduction, used wherever a written name is matched
//! to a roster ([`crate::model::profile::Profile::resolve`]) or to the plan's
//! units ([`crate::model::plan::Plan::find_unit`]): the written name gives a few
//! spellings, least stripped first, and each is looked up *exactly*; a stripped
//! spelling is never compared loosely, so 普陀山 is never taken for 普陀.

use crate::text::{normalize, role_key};
use crate::vocab;

/// The places a plan is about (浙江省, 舟山市), read from the head of its titles:
/// a written unit name may start with them and still name one of its units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places(Vec<String>);

impl Places {
    /// The places at the head of each title (`2024 年舟山市市场监管…` → 舟山市;
    /// `浙江省舟山市…` → 浙江省, 舟山市), after a leading year.
    pub fn from_titles<'a>(titles: impl IntoIterator<Item = &'a str>) -> Places {
        let mut places = Vec::new();
        for title in titles {
            let n = normalize(title);
            let mut rest = without_year(&n);
            while let Some(place) = place_at_head(rest, vocab::PLACE_ENDINGS) {
                if !places.iter().any(|p| p == place) {
                    places.push(place.to_string());
                }
                rest = &rest[place.len()..];
            }
        }
        Places(places)
    }

    /// The places, in the order found.
    pub fn names(&self) -> &[String] {
        &self.0
    }
}

/// The spellings a written unit name may stand for, each reduced by
/// [`role_key`], least stripped first, none empty: the name without stamps
/// ((盖章)) and trailing punctuation; then without the plan's places (舟山市) or
/// a province at its head; then each of these without an office's ending
/// (市场监督管理局, 分局, 办事处…), and with a bureau's ending written short
/// (定海区市场监督管理局 → 定海区局).
pub fn spellings(written: &str, places: &Places) -> Vec<String> {
    let n = normalize(written);
    let cleaned = without_stamps(&n);
    let cleaned = cleaned.trim_matches(is_loose_punctuation);
    let mut heads = vec![cleaned.to_string()];
    let mut rest = cleaned;
    while let Some(place) = places
        .0
        .iter()
        .map(String::as_str)
        .find(|p| rest.starts_with(p) && rest.len() > p.len())
        .or_else(|| place_at_head(rest, &[vocab::PROVINCE_ENDING]).filter(|p| rest.len() > p.len()))
    {
        rest = &rest[place.len()..];
        heads.push(rest.to_string());
    }
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let key = role_key(s);
        if !key.is_empty() && !out.contains(&key) {
            out.push(key);
        }
    };
    heads.iter().for_each(|h| push(h));
    for head in &heads {
        for suffix in vocab::UNIT_NAME_SUFFIXES {
            let Some(stem) = head.strip_suffix(suffix).filter(|s| !s.is_empty()) else {
                continue;
            };
            push(stem);
            if vocab::BUREAU_SUFFIXES.contains(suffix) {
                push(&format!("{stem}{}", vocab::BUREAU_SHORT));
            }
        }
    }
    out
}

/// A leading year (`2024年`, `2024年度`) removed.
fn without_year(text: &str) -> &str {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits != 4 {
        return text;
    }
    let rest = &text[4..];
    rest.strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
        .unwrap_or(text)
}

/// The shortest head of `text` made of two to four Chinese characters and one
/// of `endings` (舟山市, 浙江省), if it has one.
fn place_at_head<'t>(text: &'t str, endings: &[char]) -> Option<&'t str> {
    let mut len = 0;
    for (i, c) in text.chars().enumerate() {
        len += c.len_utf8();
        if i >= 2 && endings.contains(&c) {
            return Some(&text[..len]);
        }
        if i >= 4 || !is_han(c) {
            return None;
        }
    }
    None
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Punctuation around a name that is no part of it (a closing bracket is kept:
/// it belongs to a bracket the name keeps).
fn is_loose_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !matches!(c, ')' | ']' | '】' | '〕' | '(' | '[' | '【' | '〔')
}

/// Brackets whose text is a stamp or signature note removed (岱山县局(盖章) → 岱山县局).
fn without_stamps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '[', '【', '〔']) {
        let after = &rest[open..];
        let close = after
            .char_indices()
            .skip(1)
            .find(|(_, c)| matches!(c, ')' | ']' | '】' | '〕'))
            .map(|(i, c)| i + c.len_utf8());
        let Some(close) = close else { break };
        let inside = &after[..close];
        out.push_str(&rest[..open]);
        if !vocab::UNIT_STAMP_WORDS.iter().any(|w| inside.contains(w)) {
            out.push_str(inside);
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zhoushan() -> Places {
        Places::from_titles(["2024 年舟山市市场监管助企惠民“十件实事”任务分解表"])
    }

    #[test]
    fn the_places_are_read_from_the_head_of_a_title() {
        assert_eq!(zhoushan().names(), ["舟山市"]);
        let p = Places::from_titles(["浙江省舟山市市场监督管理局", "舟山市市场监督管理局"]);
        assert_eq!(p.names(), ["浙江省", "舟山市"]);
        assert_eq!(
            Places::from_titles(["清河县市场监督管理局2024年"]).names(),
            ["清河县"]
        );
        assert!(
            Places::from_titles(["关于下达2024年目标的通知"])
                .names()
                .is_empty()
        );
        assert!(
            Places::from_titles(["市场监管局十件实事"])
                .names()
                .is_empty()
        );
    }

    #[test]
    fn a_full_bureau_name_gives_its_district() {
        let s = spellings("舟山市定海区市场监督管理局", &zhoushan());
        assert_eq!(s[0], "舟山市定海区市场监督管理局");
        assert!(s.contains(&"定海区".to_string()), "{s:?}");
        assert!(s.contains(&"定海区局".to_string()), "{s:?}");
    }

    #[test]
    fn a_stamp_note_and_trailing_punctuation_are_no_part_of_the_name() {
        for written in [
            "岱山县局(盖章)",
            "岱山县局（盖章）",
            "岱山县局(公章)",
            " 岱山县局：",
            "岱山县局【签章】。",
        ] {
            assert_eq!(spellings(written, &zhoushan())[0], "岱山县局", "{written}");
        }
    }

    #[test]
    fn a_province_and_the_plans_city_are_stripped_from_the_head() {
        let s = spellings("浙江省舟山市普陀区市场监管局", &zhoushan());
        assert!(s.contains(&"舟山市普陀区市场监管局".to_string()), "{s:?}");
        assert!(s.contains(&"普陀区市场监管局".to_string()), "{s:?}");
        assert!(s.contains(&"普陀区".to_string()), "{s:?}");
    }

    #[test]
    fn a_street_office_gives_the_street_and_its_bare_name() {
        let p = Places::from_titles(["清河县2024年民生实事任务分解表"]);
        let s = spellings("清河县南湖街道办事处(盖章)", &p);
        assert!(s.contains(&"南湖街道".to_string()), "{s:?}");
        assert!(s.contains(&"南湖".to_string()), "{s:?}");
    }

    #[test]
    fn the_city_bureau_itself_is_written_short() {
        let s = spellings("舟山市市场监督管理局", &zhoushan());
        assert!(s.contains(&"舟山市局".to_string()), "{s:?}");
        assert!(!s.iter().any(String::is_empty));
    }

    #[test]
    fn a_name_that_is_only_a_place_is_kept_whole() {
        assert_eq!(spellings("舟山市", &zhoushan()), ["舟山市"]);
        assert_eq!(spellings("市局", &zhoushan())[0], "市局");
    }
}
