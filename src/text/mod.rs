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
    // ASCII is its own NFKC form, and so is most Chinese text (the quick check
    // says so without the composition tables): skip the tables for both.
    let stable = text.is_ascii()
        || unicode_normalization::is_nfkc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes;
    let nfkc: String = if stable {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .map(simplified)
            .collect()
    } else {
        text.nfkc()
            .filter(|c| !c.is_whitespace())
            .map(simplified)
            .collect()
    };
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
    if c < '\u{3400}' {
        return c;
    }
    traditional::PAIRS
        .binary_search_by_key(&c, |(t, _)| *t)
        .map_or(c, |i| traditional::PAIRS[i].1)
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
