//! Finding the task table on a sheet by its header words, wherever it sits.
//!
//! A header row is recognised by the vocabulary in [`crate::vocab`]: it needs
//! a name column and a total or id column. A merged group header over
//! sub-headers (目标值 over 全市 | 海曙区 | 江北区) makes a two-row header.

use crate::grid::{Addr, Grid, Span, Value};
use crate::text::role_key;
use crate::vocab::{self, Role};

mod labels;
mod layout;

pub use labels::{Reach, Why, reach_at_head, role_and_why, role_of};
pub use layout::{BadLayout, Layout, names_the_unit_axis};

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
    /// What decided the role (shown by `check --explain`).
    pub why: Why,
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

/// At most this many cells are listed when a header is shown in a message.
const LISTED_CELLS: usize = 16;

/// The header's labeled cells as the clerk finds them on the sheet, for a
/// message: `A3 序号、B3 指标名称、C3 全县目标任务…`.
pub fn header_cells(grid: &Grid, table: &Table) -> String {
    let rows = (table.header.start.row, table.header.end.row);
    columns_listed(grid, &table.columns, rows)
}

/// The labeled columns of header rows `rows` (first, last), as
/// [`header_cells`] lists them.
fn columns_listed(grid: &Grid, columns: &[Column], rows: (u32, u32)) -> String {
    let cells: Vec<(Addr, &str)> = columns
        .iter()
        .filter(|c| !c.label.is_empty())
        .map(|c| (label_cell(grid, rows, c), c.label.as_str()))
        .collect();
    listing(grid, &cells)
}

/// Where a column's label is written: the header row holding it (the top
/// of a merge).
fn label_cell(grid: &Grid, (top, bottom): (u32, u32), c: &Column) -> Addr {
    let at = (top..=bottom)
        .rev()
        .map(|r| Addr::new(r, c.col))
        .find(|&a| grid.value(a).display().trim() == c.label)
        .unwrap_or(Addr::new(top, c.col));
    grid.merge_at(at).map_or(at, |m| m.start)
}

/// The row nearest to a header when no table is found: the one (of the
/// first [`HEADER_SEARCH_ROWS`]) with the most words the reader knows, then
/// the most texts; at least two texts. Its row, its cells listed, and how
/// many of them are words the reader knows.
pub fn nearest_header(grid: &Grid) -> Option<(u32, String, usize)> {
    let rank = |row: u32| {
        let labels = labels(grid, row);
        let known = labels.iter().filter(|(_, l)| role_of(l).is_some()).count();
        (known, labels.len(), std::cmp::Reverse(row))
    };
    let row = (0..grid.height().min(HEADER_SEARCH_ROWS))
        .filter(|&row| labels(grid, row).len() >= 2)
        .max_by_key(|&row| rank(row))?;
    let labels = labels(grid, row);
    let cells: Vec<(Addr, &str)> = labels
        .iter()
        .map(|(col, l)| (Addr::new(row, *col), l.as_str()))
        .collect();
    Some((row, listing(grid, &cells), rank(row).0))
}

/// `A3 序号、B3 指标名称…`, the first [`LISTED_CELLS`] of them.
fn listing(grid: &Grid, cells: &[(Addr, &str)]) -> String {
    let mut out: Vec<String> = cells
        .iter()
        .take(LISTED_CELLS)
        .map(|(a, l)| format!("{} {}", grid.original(*a), l.replace('\n', " ")))
        .collect();
    if cells.len() > LISTED_CELLS {
        out.push(format!("…（共 {} 格）", cells.len()));
    }
    out.join("、")
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

/// The task table with the clerk's overrides: at the header row given, else
/// where [`find`] finds it; the named total and unit columns take their roles
/// before the rest are settled. `Ok(None)`: no header at all.
pub fn find_with(grid: &Grid, layout: &Layout) -> Result<Option<Table>, BadLayout> {
    if layout.is_default() {
        return Ok(find(grid));
    }
    if layout.header_row == Some(0) {
        return Err(BadLayout {
            asked: "--header-row 0".into(),
            found: "行号从 1 开始（表格第一行是 1）".into(),
        });
    }
    let row = match (layout.header_row, layout.transposed, find(grid)) {
        (Some(r), _, _) => r - 1,
        (None, true, _) => match first_row_naming_a_total(grid) {
            Some(r) => r,
            None => return Ok(None),
        },
        (None, false, Some(t)) => t.header.start.row,
        (None, false, None) => return Ok(None),
    };
    build(grid, row, layout)?
        .map(Some)
        .ok_or_else(|| BadLayout {
            asked: format!("--header-row {}", row + 1),
            found: format!("第 {} 行没有表头文字", row + 1),
        })
}

/// Across a transposed sheet the header is the row of unit names with their
/// total (全区, 合计): the first that also has the sheet's corner (单位, 地区),
/// else the first with a total (a 序号 column with 合计 at its foot is not it).
fn first_row_naming_a_total(grid: &Grid) -> Option<u32> {
    let rows = 0..grid.height().min(HEADER_SEARCH_ROWS);
    let with_total: Vec<(u32, Vec<(u32, String)>)> = rows
        .map(|row| (row, labels(grid, row)))
        .filter(|(_, labels)| {
            labels.iter().any(|(_, l)| {
                role_of(l) == Some(Role::Total)
                    || vocab::TOTAL_AFTER_UNITS.contains(&role_key(l).as_str())
            })
        })
        .collect();
    let cornered = with_total
        .iter()
        .find(|(_, labels)| labels.iter().any(|(_, l)| names_the_unit_axis(l)));
    cornered.or(with_total.first()).map(|(row, _)| *row)
}

fn table_at(grid: &Grid, row: u32) -> Option<Table> {
    let roles: Vec<Role> = labels(grid, row)
        .iter()
        .filter_map(|(_, l)| role_of(l))
        .collect();
    let has = |role| roles.contains(&role);
    let named = has(Role::Name) || has(Role::Group);
    if !named || !(has(Role::Total) || has(Role::Id)) {
        return None;
    }
    build(grid, row, &Layout::default()).ok().flatten()
}

/// The table whose header starts at `row`, its columns' roles settled after
/// the overrides; `Ok(None)` when the row has no label.
fn build(grid: &Grid, row: u32, layout: &Layout) -> Result<Option<Table>, BadLayout> {
    let bottom = header_bottom(grid, row);
    let mut columns = label_columns(grid, row, bottom);
    let layout = layout.on(grid);
    layout.apply(&mut columns, row).map_err(|bad| BadLayout {
        found: columns_listed(grid, &columns, (row, bottom)),
        ..bad
    })?;
    settle(&mut columns, grid, bottom + 1);
    let labeled = |c: &&Column| !c.label.is_empty();
    let (Some(first), Some(last)) = (
        columns.iter().find(labeled).map(|c| c.col),
        columns.iter().rev().find(labeled).map(|c| c.col),
    ) else {
        return Ok(None);
    };
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
        end: Addr::new(bottom, last),
    };
    Ok(Some(Table {
        header,
        columns,
        score,
    }))
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

/// The most rows a header may span (目标值 over 县（区） over the units' names).
const MAX_HEADER_ROWS: u32 = 4;

/// The last row of the header that starts at `row`: each row with a group
/// header merged across columns over sub-headers takes it one row down
/// (目标值 over 全市 | 县（区）, then 县（区） over 吴兴区 | 南浔区…).
fn header_bottom(grid: &Grid, row: u32) -> u32 {
    let mut bottom = row;
    while bottom + 1 < row + MAX_HEADER_ROWS && groups_over_sub_headers(grid, bottom) {
        bottom += 1;
    }
    bottom
}

/// A header cell merged across columns with sub-headers written below it,
/// and no figure anywhere on that row (a data row is not a sub-header row).
fn groups_over_sub_headers(grid: &Grid, row: u32) -> bool {
    let below = |col| grid.value(Addr::new(row + 1, col));
    let looks_like_data = (0..grid.width()).any(|col| match grid.raw(Addr::new(row + 1, col)) {
        Value::Number { .. } => true,
        Value::Text(t) => {
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
                && is_group(m)
                && (m.start.col..=m.end.col)
                    .all(|col| matches!(below(col), Value::Text(t) if !t.trim().is_empty()))
        })
}

/// A merge one row high across two or more columns: a group header.
fn is_group(m: &Span) -> bool {
    m.height() == 1 && m.width() >= 2
}

/// A column's label and the group header nearest above it: the text of
/// the lowest header row that has one (a merge read through), and the
/// nearest other text above it (目标值 over 全市, 县（区） over 吴兴区).
fn label_at(grid: &Grid, row: u32, bottom: u32, col: u32) -> (String, Option<String>) {
    let cell = |r: u32| {
        let at = Addr::new(r, col);
        let anchor = grid.merge_at(at).map_or(at, |m| m.start);
        (anchor, grid.value(at).display().trim().to_string())
    };
    let Some((anchor, label)) = (row..=bottom)
        .rev()
        .map(cell)
        .find(|(_, text)| !text.is_empty())
    else {
        return (String::new(), None);
    };
    let group = (row..anchor.row.max(row))
        .rev()
        .map(cell)
        .find(|(a, text)| *a != anchor && !text.is_empty())
        .map(|(_, text)| text);
    (label, group)
}

/// Every column with the role its label gives it (a unit when it names none).
fn label_columns(grid: &Grid, row: u32, bottom: u32) -> Vec<Column> {
    let covered = |col: u32| {
        bottom == row
            && grid
                .merge_at(Addr::new(row, col))
                .is_some_and(|m| m.start.col != col && m.height() == 1)
    };
    (0..grid.width())
        .filter(|&col| !covered(col))
        .map(|col| {
            let (label, group) = label_at(grid, row, bottom, col);
            let (role, why) = role_and_why(&label).unwrap_or((Role::Unit, Why::UnitZone));
            Column {
                col,
                role,
                key: role_key(&label),
                label,
                group,
                why,
            }
        })
        .collect()
}

/// From the roles each label gives, the table's: one name (a group column
/// when there is none), one total, one id (later ones descriptive), the unit
/// zone ([`unit_zone`]), and what lies outside it. A role set by an override
/// is kept.
fn settle(columns: &mut Vec<Column>, grid: &Grid, data_row: u32) {
    group_names_the_targets(columns);
    keep_first(columns, Role::Name);
    total_after_units(columns);
    keep_first(columns, Role::Total);
    keep_first(columns, Role::Id);
    let name_col = columns
        .iter()
        .find(|c| c.role == Role::Name)
        .map_or(0, |c| c.col);
    let zone = unit_zone(columns, name_col);
    let has_data = grid.columns_with_data(data_row);
    for c in columns
        .iter_mut()
        .filter(|c| c.role == Role::Unit && c.why != Why::Override)
    {
        let in_zone = zone.contains(&c.col) && !c.label.is_empty();
        if !in_zone {
            let unlabeled_right = c.label.is_empty() && c.col > name_col;
            (c.role, c.why) = if unlabeled_right && has_data[c.col as usize] {
                (Role::Remark, Why::Unlabeled)
            } else {
                (Role::Metadata, Why::OutsideZone)
            };
        }
    }
    columns.retain(|c| !(c.label.is_empty() && c.role == Role::Metadata));
}

/// The columns units may be in: after the total (全市 | 定海 | 普陀), or, with
/// the total at the right (定海 | 普陀 | 合计), between the name and the total;
/// from the first column that is not descriptive (属性 or 牵头科室 just before
/// the units are passed over) to the next remark, descriptive or total column.
fn unit_zone(columns: &[Column], name_col: u32) -> std::ops::Range<u32> {
    let total_col = columns
        .iter()
        .find(|c| c.role == Role::Total)
        .map(|c| c.col);
    let units_before_total = total_col.is_some_and(|t| {
        let is_unit = |c: &&Column| c.role == Role::Unit && !c.label.is_empty();
        let before = columns
            .iter()
            .filter(is_unit)
            .any(|c| c.col > name_col && c.col < t);
        let after = columns.iter().filter(is_unit).any(|c| c.col > t);
        before && !after
    });
    let after = match total_col {
        Some(t) if !units_before_total => t,
        _ => name_col,
    };
    let start = columns
        .iter()
        .find(|c| c.col > after && c.role != Role::Metadata)
        .map_or(after + 1, |c| c.col);
    let end = columns
        .iter()
        .find(|c| {
            c.col >= start
                && (matches!(c.role, Role::Remark | Role::Metadata | Role::Total)
                    || c.role.is_return_column())
        })
        .map_or(u32::MAX, |c| c.col);
    start..end
}

/// With no name column, the last group column (重点任务, 实事名称) names the
/// targets: it is the only text each row has.
fn group_names_the_targets(columns: &mut [Column]) {
    if columns.iter().any(|c| c.role == Role::Name) {
        return;
    }
    if let Some(c) = columns.iter_mut().rev().find(|c| c.role == Role::Group) {
        (c.role, c.why) = (Role::Name, Why::GroupAsName);
    }
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
        (c.role, c.why) = (Role::Total, Why::SumAfterUnits);
    }
}

/// A later column with the same role is descriptive, not a second name/total.
fn keep_first(columns: &mut [Column], role: Role) {
    let mut seen = false;
    for c in columns.iter_mut().filter(|c| c.role == role) {
        if seen {
            (c.role, c.why) = (Role::Metadata, Why::Repeated);
        }
        seen = true;
    }
}

#[cfg(test)]
mod tests;
