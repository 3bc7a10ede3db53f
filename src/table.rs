//! Finding the task table on a sheet by its header words, wherever it sits.
//!
//! A header row is recognised by the vocabulary in [`crate::vocab`]: it needs
//! a name column and a total or id column. A merged group header over
//! sub-headers (目标值 over 全市 | 海曙区 | 江北区) makes a two-row header.

use crate::grid::{Addr, Grid, Span, Value};
use crate::text::role_key;
use crate::vocab::{self, Role};

/// How many rows from the top are searched for a header.
pub const HEADER_SEARCH_ROWS: u32 = 60;

/// One column of the table and the role its header gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Zero-based column index.
    pub col: u32,
    /// What the column holds.
    pub role: Role,
    /// The header text as written (empty for an unlabeled column).
    pub label: String,
    /// `label` reduced for matching ([`role_key`]), computed once.
    pub key: String,
    /// In a two-row header, the merged header above this column (目标值, or a
    /// unit's name over its 目标 | 完成 sub-columns).
    pub group: Option<String>,
}

/// The task table found on a sheet.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header rows, from the first to the last labeled column.
    pub header: Span,
    /// Every column of the table with its role, left to right.
    pub columns: Vec<Column>,
    /// How well the header matched the vocabulary (higher is better).
    pub score: u32,
}

impl Table {
    /// The first column with this role.
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// All columns with this role, left to right.
    pub fn columns_with(&self, role: Role) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(move |c| c.role == role)
    }

    /// The first row after the header.
    pub fn first_data_row(&self) -> u32 {
        self.header.end.row + 1
    }

    /// Whether `row` repeats the header (a page break in the original).
    pub fn is_repeated_header(&self, grid: &Grid, row: u32) -> bool {
        let repeats = |c: &Column| {
            let text = grid.value(Addr::new(row, c.col)).display();
            text == c.label || role_key(&text) == c.key
        };
        // A repeated header repeats the name column's header: test it first, so
        // that a data row costs one comparison, not one per column.
        if self.column(Role::Name).is_some_and(|c| !repeats(c)) {
            return false;
        }
        let labeled: Vec<&Column> = self
            .columns
            .iter()
            .filter(|c| !c.label.is_empty())
            .collect();
        let same = labeled.iter().filter(|c| repeats(c)).count();
        same >= 2 && same * 2 >= labeled.len()
    }
}

/// The role a header label names, if it is one of the vocabulary's words.
pub fn role_of(label: &str) -> Option<Role> {
    let key = role_key(label);
    if key.is_empty() {
        return None;
    }
    let exact = vocab::HEADER_WORDS
        .iter()
        .find(|(_, words)| words.contains(&key.as_str()))
        .map(|(r, _)| *r);
    exact
        .or_else(|| names_completed_span(&key).then_some(Role::Completed))
        .or_else(|| is_total_label(&key).then_some(Role::Total))
        .or_else(|| is_metadata_label(&key).then_some(Role::Metadata))
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

/// A leading `2024年` (or `2024年度`): the year and the rest.
fn year_at_head(text: &str) -> (Option<u16>, &str) {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    let after = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))
        .filter(|_| digits == 4);
    match (after, text[..digits].parse::<u16>()) {
        (Some(after), Ok(y)) if (2000..2100).contains(&y) => (Some(y), after),
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

/// What follows a leading year (`2025年目标` → `目标`), if the label has one.
fn strip_year(key: &str) -> Option<&str> {
    let digits = key
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count();
    (digits == 4).then(|| key[4..].strip_prefix('年')).flatten()
}

/// Baselines and descriptive columns: a year alone (2020年), a year's base
/// (2020年基数), attributes, who is responsible, subtotals (乡镇合计).
fn is_metadata_label(key: &str) -> bool {
    let year_alone = strip_year(key).is_some_and(|rest| !is_total_label(rest) || rest.is_empty());
    let subtotal = vocab::TOTAL_AFTER_UNITS
        .iter()
        .any(|w| key.ends_with(w) && key != *w);
    year_alone || subtotal || vocab::METADATA_CONTAINS.iter().any(|w| key.contains(w))
}

/// The best task table on the sheet, if any row looks like its header.
pub fn find(grid: &Grid) -> Option<Table> {
    (0..grid.height().min(HEADER_SEARCH_ROWS))
        .filter_map(|row| table_at(grid, row))
        .fold(None, |best: Option<Table>, t| match best {
            Some(b) if b.score >= t.score => Some(b),
            _ => Some(t),
        })
}

fn table_at(grid: &Grid, row: u32) -> Option<Table> {
    let roles: Vec<Role> = labels(grid, row)
        .iter()
        .filter_map(|(_, l)| role_of(l))
        .collect();
    let has = |role| roles.contains(&role);
    if !has(Role::Name) || !(has(Role::Total) || has(Role::Id)) {
        return None;
    }
    let sub_row = two_row_header(grid, row).then_some(row + 1);
    let columns = assign_roles(grid, row, sub_row);
    let first = columns.iter().find(|c| !c.label.is_empty())?.col;
    let last = columns.iter().rev().find(|c| !c.label.is_empty())?.col;
    let score = columns
        .iter()
        .map(|c| match c.role {
            Role::Name | Role::Total => 3,
            Role::Id => 2,
            Role::Unit => u32::from(!c.label.is_empty()),
            _ => 1,
        })
        .sum();
    let header = Span {
        start: Addr::new(row, first),
        end: Addr::new(sub_row.unwrap_or(row), last),
    };
    Some(Table {
        header,
        columns,
        score,
    })
}

/// Non-blank header texts of a row, merged cells read through. Only text can
/// name a column: numbers, dates and booleans (most of a data row) are skipped
/// without being formatted.
fn labels(grid: &Grid, row: u32) -> Vec<(u32, String)> {
    (0..grid.width())
        .filter_map(|col| match grid.value(Addr::new(row, col)) {
            Value::Text(t) if !t.trim().is_empty() => Some((col, t.trim().to_string())),
            _ => None,
        })
        .collect()
}

/// A header cell merged across columns with sub-headers written below it,
/// and no figure anywhere on that row (a data row is not a sub-header row).
fn two_row_header(grid: &Grid, row: u32) -> bool {
    let below = |col| grid.value(Addr::new(row + 1, col));
    let looks_like_data = (0..grid.width()).any(|col| match grid.raw(Addr::new(row + 1, col)) {
        crate::grid::Value::Number { .. } => true,
        crate::grid::Value::Text(t) => {
            matches!(
                crate::quantity::parse(t),
                crate::quantity::Quantity::Amount(_) | crate::quantity::Quantity::Rate(_)
            )
        }
        _ => false,
    });
    !looks_like_data
        && grid.merges().iter().any(|m| {
            m.start.row == row
                && m.height() == 1
                && m.width() >= 2
                && (m.start.col..=m.end.col).all(
                    |col| matches!(below(col), crate::grid::Value::Text(t) if !t.trim().is_empty()),
                )
        })
}

fn label_at(grid: &Grid, row: u32, sub_row: Option<u32>, col: u32) -> String {
    let top = Addr::new(row, col);
    let under_group = grid
        .merge_at(top)
        .is_some_and(|m| m.height() == 1 && m.width() >= 2);
    match sub_row {
        Some(sub) if under_group => grid.value(Addr::new(sub, col)).display(),
        Some(sub) if grid.value(top).is_blank() => grid.value(Addr::new(sub, col)).display(),
        _ => grid.value(top).display(),
    }
    .trim()
    .to_string()
}

/// The text of a merged group header above a sub-header, if any.
fn group_at(grid: &Grid, row: u32, sub_row: Option<u32>, col: u32) -> Option<String> {
    let top = Addr::new(row, col);
    let under_group = grid
        .merge_at(top)
        .is_some_and(|m| m.height() == 1 && m.width() >= 2);
    (sub_row.is_some() && under_group).then(|| grid.value(top).display().trim().to_string())
}

/// Give every column a role: vocabulary words first, then the unit zone
/// (after the total, before the first remark/metadata column), then the rest.
fn assign_roles(grid: &Grid, row: u32, sub_row: Option<u32>) -> Vec<Column> {
    let covered = |col: u32| {
        sub_row.is_none()
            && grid
                .merge_at(Addr::new(row, col))
                .is_some_and(|m| m.start.col != col && m.height() == 1)
    };
    let mut columns: Vec<Column> = (0..grid.width())
        .filter(|&col| !covered(col))
        .map(|col| {
            let label = label_at(grid, row, sub_row, col);
            let role = role_of(&label).unwrap_or(Role::Unit);
            let group = group_at(grid, row, sub_row, col);
            Column {
                col,
                role,
                key: role_key(&label),
                label,
                group,
            }
        })
        .collect();
    keep_first(&mut columns, Role::Name);
    total_after_units(&mut columns);
    keep_first(&mut columns, Role::Total);
    keep_first(&mut columns, Role::Id);
    let name_col = columns
        .iter()
        .find(|c| c.role == Role::Name)
        .map_or(0, |c| c.col);
    let total_col = columns
        .iter()
        .find(|c| c.role == Role::Total)
        .map(|c| c.col);
    // Units follow the total (全市 | 定海 | 普陀), or, with the total at the
    // right (定海 | 普陀 | 合计), lie between the name and the total.
    let units_before_total = total_col.is_some_and(|t| {
        let is_unit = |c: &&Column| c.role == Role::Unit && !c.label.is_empty();
        let before = columns
            .iter()
            .filter(is_unit)
            .any(|c| c.col > name_col && c.col < t);
        let after = columns.iter().filter(is_unit).any(|c| c.col > t);
        before && !after
    });
    let zone_start = match total_col {
        Some(t) if !units_before_total => t,
        _ => name_col,
    } + 1;
    let zone_end = columns
        .iter()
        .find(|c| {
            c.col >= zone_start
                && (matches!(c.role, Role::Remark | Role::Metadata | Role::Total)
                    || c.role.is_return_column())
        })
        .map_or(u32::MAX, |c| c.col);
    let has_data = grid.columns_with_data(sub_row.unwrap_or(row) + 1);
    for c in columns.iter_mut().filter(|c| c.role == Role::Unit) {
        let in_zone = (zone_start..zone_end).contains(&c.col) && !c.label.is_empty();
        if !in_zone {
            let unlabeled_right = c.label.is_empty() && c.col > name_col;
            c.role = if unlabeled_right && has_data[c.col as usize] {
                Role::Remark
            } else {
                Role::Metadata
            };
        }
    }
    columns.retain(|c| !(c.label.is_empty() && c.role == Role::Metadata));
    columns
}

/// With no total column, a 合计 / 总计 / 小计 column is the total: the sum
/// placed after the units.
fn total_after_units(columns: &mut [Column]) {
    if columns.iter().any(|c| c.role == Role::Total) {
        return;
    }
    let sum = columns
        .iter_mut()
        .filter(|c| c.role == Role::Unit)
        .find(|c| vocab::TOTAL_AFTER_UNITS.contains(&c.key.as_str()));
    if let Some(c) = sum {
        c.role = Role::Total;
    }
}

/// A later column with the same role is descriptive, not a second name/total.
fn keep_first(columns: &mut [Column], role: Role) {
    let mut seen = false;
    for c in columns.iter_mut().filter(|c| c.role == role) {
        if seen {
            c.role = Role::Metadata;
        }
        seen = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Value;

    fn text(s: &str) -> Value {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s.into())
        }
    }

    fn grid(rows: &[&[&str]], merges: Vec<Span>) -> Grid {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| text(s)).collect())
            .collect();
        Grid::new("t.xlsx", "S", rows, merges)
    }

    #[test]
    fn header_words_ignore_brackets_spaces_and_full_width() {
        assert_eq!(role_of("全市目标任务（2024年）"), Some(Role::Total));
        assert_eq!(role_of(" 序 号 "), Some(Role::Id));
        assert_eq!(role_of("2020年基期"), Some(Role::Metadata));
        assert_eq!(role_of("定海"), None);
    }

    #[test]
    fn a_header_naming_a_period_or_span_is_the_completed_column() {
        for label in [
            "一季度完成",
            "二季度完成",
            "第三季度完成",
            "前三季度完成",
            "上半年完成",
            "本年累计",
            "本年累计完成",
            "今年以来完成",
            "全年完成",
            "1-9月累计",
            "1—9月累计完成",
            "1－9月累计完成",
            "1至9月累计",
            "1~9月完成数",
            "截至9月底完成",
            "截止9月末累计完成",
            "一至九月累计",
            "2024年1-9月累计完成",
            "2024年累计完成",
            "3季度完成",
            " 1-9 月累计 (万元)",
        ] {
            assert_eq!(role_of(label), Some(Role::Completed), "{label}");
        }
        for label in [
            "2023年完成值",
            "2020年基期",
            "一季度目标",
            "9月",
            "本年",
            "十件实事",
        ] {
            assert_ne!(role_of(label), Some(Role::Completed), "{label}");
        }
    }

    #[test]
    fn a_span_says_which_quarter_it_ends_with() {
        let month = |text: &str| {
            reach_at_head(&role_key(text)).and_then(|(r, _)| r.part.map(|p| p.end_month()))
        };
        assert_eq!(month("一季度完成"), Some(3));
        assert_eq!(month("上半年完成"), Some(6));
        assert_eq!(month("前三季度完成"), Some(9));
        assert_eq!(month("1-9月累计"), Some(9));
        assert_eq!(month("1—6月累计完成"), Some(6));
        assert_eq!(month("截至12月底完成"), Some(12));
        assert_eq!(month("一至九月累计"), Some(9));
        assert_eq!(month("1-8月累计"), Some(8), "a month's end is a period too");
        assert_eq!(month("本年累计"), None);
        assert_eq!(
            month("全年完成"),
            None,
            "a header's 全年 is the year so far"
        );
        let (reach, rest) = reach_at_head("2024年1-9月累计").unwrap();
        assert_eq!(
            (reach.year, reach.part, rest),
            (Some(2024), Some(vocab::Part::Month(9)), "累计")
        );
        assert!(reach_at_head("累计完成").is_none());
    }

    #[test]
    fn a_return_whose_completed_header_names_its_quarter_is_read() {
        let g = grid(
            &[
                &["序号", "目标名称", "本单位目标", "一季度完成", "进展情况"],
                &["4", "贷款(亿元)", "0.7", "0.2", ""],
            ],
            vec![],
        );
        let t = find(&g).unwrap();
        assert_eq!(t.column(Role::Completed).unwrap().label, "一季度完成");
    }

    #[test]
    fn table_below_a_title_is_found_with_its_units_and_unlabeled_remark() {
        let g = grid(
            &[
                &["任务分解表", "", "", "", "", ""],
                &["序号", "目标名称", "全市目标任务", "定海", "普陀", ""],
                &["1", "培训(人次)", "10", "4", "6", "按照定海要求落实"],
            ],
            vec![],
        );
        let t = find(&g).unwrap();
        assert_eq!(t.header.to_string(), "A2:E2");
        let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [
                Role::Id,
                Role::Name,
                Role::Total,
                Role::Unit,
                Role::Unit,
                Role::Remark
            ]
        );
    }

    #[test]
    fn a_total_of_any_level_or_year_is_the_total() {
        for label in [
            "全县目标任务",
            "全区合计",
            "全省目标",
            "全街道目标",
            "2025年目标",
            "2025年全省目标",
            "年度目标",
            "目标任务数",
            "全縣目標任務",
        ] {
            assert_eq!(role_of(label), Some(Role::Total), "{label}");
        }
    }

    #[test]
    fn baselines_attributes_and_subtotals_are_never_units() {
        for label in [
            "2020年",
            "基期值",
            "现状值",
            "指标属性",
            "预期性",
            "责任科室",
            "牵头部门",
            "配合单位",
            "乡镇合计",
            "实际值",
        ] {
            assert_eq!(role_of(label), Some(Role::Metadata), "{label}");
        }
    }

    #[test]
    fn a_sum_column_after_the_units_is_the_total_and_not_a_unit() {
        let g = grid(
            &[
                &["序号", "指标名称", "东溪镇", "城关镇", "合计", "备注"],
                &["1", "培训(人次)", "4", "6", "10", ""],
            ],
            vec![],
        );
        let t = find(&g).unwrap();
        let roles: Vec<Role> = t.columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [
                Role::Id,
                Role::Name,
                Role::Unit,
                Role::Unit,
                Role::Total,
                Role::Remark
            ]
        );
    }

    #[test]
    fn a_merged_group_header_takes_its_sub_headers_as_columns() {
        let merge = |c0, c1| Span {
            start: Addr::new(0, c0),
            end: Addr::new(0, c1),
        };
        let down = |c| Span {
            start: Addr::new(0, c),
            end: Addr::new(1, c),
        };
        let g = grid(
            &[
                &["序号", "指标名称", "单位", "目标值", "", "", "备注"],
                &["", "", "", "全市", "海曙区", "江北区", ""],
                &["1", "企业(家)", "家", "10", "4", "6", ""],
            ],
            vec![down(0), down(1), down(2), merge(3, 5), down(6)],
        );
        let t = find(&g).unwrap();
        assert_eq!(t.header.to_string(), "A1:G2");
        let units: Vec<&str> = t
            .columns_with(Role::Unit)
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(units, ["海曙区", "江北区"]);
        assert_eq!(t.column(Role::Total).unwrap().col, 3);
        assert_eq!(t.column(Role::Metadata).unwrap().label, "单位");
    }

    #[test]
    fn a_name_header_merged_over_two_columns_does_not_swallow_the_first_row() {
        let merge = |r, c0, c1| Span {
            start: Addr::new(r, c0),
            end: Addr::new(r, c1),
        };
        let g = grid(
            &[
                &["序号", "目标名称", "", "全市目标任务", "甲"],
                &["1", "企业(家)", "", "10", "10"],
            ],
            vec![merge(0, 1, 2), merge(1, 1, 2)],
        );
        let t = find(&g).unwrap();
        assert_eq!(t.header.to_string(), "A1:E1");
        assert_eq!(t.first_data_row(), 1);
    }

    #[test]
    fn a_sheet_without_header_words_has_no_table() {
        let g = grid(&[&["名单", "数量"], &["甲", "3"]], vec![]);
        assert!(find(&g).is_none());
    }
}
