//! Text keys: the one place where a label, a name or a 序号 is reduced for
//! comparison, and where a fraction is written as a percentage. Imports
//! nothing from the crate, so every stage may use it.
//!
//! [`normalize`] is the one normalisation step: full-width to half-width,
//! no spaces or thousands separators, and traditional characters as their
//! simplified forms (序號 → 序号, 萬 → 万), so every word of the vocabulary
//! matches in either script without a second table.

mod traditional;

use rust_decimal::Decimal;
use unicode_normalization::UnicodeNormalization;

/// Full-width to half-width (NFKC), traditional to simplified, no
/// whitespace, no thousands separators.
pub fn normalize(text: &str) -> String {
    // Most text (ASCII, Chinese characters, “” and 、。) is its own NFKC form:
    // known so from its characters alone, without the normalisation tables.
    let stable = text.chars().all(is_nfkc_stable)
        || unicode_normalization::is_nfkc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes;
    let nfkc: String = if stable {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .map(simplified)
            .collect()
    } else {
        general(text)
    };
    without_thousands_separators(nfkc)
}

/// NFKC through the tables, then as [`normalize`] (also its test's oracle).
fn general(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(simplified)
        .collect()
}

/// Characters that no normalisation form changes and that make up most
/// labels and names: ASCII, CJK unified ideographs (and extension A), the
/// curly quotes, 、。 and the CJK brackets 〈〉《》「」『』【】.
fn is_nfkc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\u{7F}'
        | '\u{2018}'..='\u{201D}'
        | '\u{3001}'..='\u{3002}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// `1,234` → `1234`: a comma between digits in threes is a thousands separator.
fn without_thousands_separators(nfkc: String) -> String {
    if !nfkc.contains(',') {
        return nfkc;
    }
    let chars: Vec<char> = nfkc.chars().collect();
    let mut out = String::with_capacity(nfkc.len());
    for (i, &c) in chars.iter().enumerate() {
        let is_separator = c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(|d| d.is_ascii_digit())
            && chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit());
        if !is_separator {
            out.push(c);
        }
    }
    out
}

/// A traditional character's simplified form; any other character itself.
pub fn simplified(c: char) -> char {
    if c < '\u{3400}' || !may_be_traditional(c) {
        return c;
    }
    traditional::PAIRS
        .binary_search_by_key(&c, |(t, _)| *t)
        .map_or(c, |i| traditional::PAIRS[i].1)
}

/// Whether `c` may have a simplified form: one bit per character of the
/// Basic Multilingual Plane, set for the traditional table's characters,
/// so that a simplified character (most text) costs one lookup, not a
/// search of the table.
fn may_be_traditional(c: char) -> bool {
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for (t, _) in traditional::PAIRS.iter() {
            match usize::try_from(u32::from(*t)) {
                Ok(i) if i < 0x10000 => bits[i / 64] |= 1 << (i % 64),
                _ => {}
            }
        }
        bits
    });
    let i = u32::from(c) as usize;
    i >= 0x10000 || bits[i / 64] & (1 << (i % 64)) != 0
}

/// A fraction as a percentage number (0.9 → 90), without overflowing.
pub fn percent_of(value: Decimal) -> String {
    value
        .checked_mul(Decimal::from(100))
        .map_or_else(|| format!("{value}×100"), |v| v.normalize().to_string())
}

/// Header text reduced for matching: normalized, brackets and colons removed.
pub fn role_key(label: &str) -> String {
    let n = normalize(label);
    let mut out = String::new();
    let mut depth = 0u32;
    for c in n.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            ':' => {}
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A name reduced to its letters, digits and Chinese characters.
pub fn name_key(name: &str) -> String {
    normalize(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A 序号 reduced for matching: normalized, a trailing `.0` dropped.
pub fn id_key(id: &str) -> String {
    let n = normalize(id);
    n.strip_suffix(".0").unwrap_or(&n).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_path_gives_what_the_normalisation_tables_give() {
        let mut samples: Vec<String> = [
            "序號 指標名稱 全市目標",
            "新增电子营业执照“企业码”应用于地方特色业务系统数量",
            "（万元）　１，２３４",
            "1,234,567 户",
            "【重点】《方案》、「说明」。",
            "Ⅻ ㎡ ﬁ ½",
        ]
        .map(String::from)
        .to_vec();
        samples.extend(traditional::PAIRS.iter().map(|(t, s)| format!("{t}{s}")));
        let sample = include_str!("../../samples/zhoushan-2024/zhoushan-2024-breakdown.tsv");
        samples.extend(sample.lines().map(String::from));
        for text in &samples {
            assert_eq!(
                normalize(text),
                without_thousands_separators(general(text)),
                "{text}"
            );
        }
    }

    #[test]
    fn traditional_characters_read_as_their_simplified_forms() {
        assert_eq!(normalize("序號"), "序号");
        assert_eq!(normalize("指標名稱"), "指标名称");
        assert_eq!(normalize("全市目標"), "全市目标");
        assert_eq!(normalize("1.2億元"), "1.2亿元");
        assert_eq!(normalize("海曙區 鄞州區"), "海曙区鄞州区");
    }

    #[test]
    fn the_table_is_sorted_for_its_binary_search() {
        assert!(traditional::PAIRS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn simplified_text_and_ascii_are_untouched() {
        assert_eq!(normalize("舟山市定海区"), "舟山市定海区");
        assert_eq!(normalize("ABC 1,234"), "ABC1234");
    }
}
