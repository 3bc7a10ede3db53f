//! What the clerk says of a sheet the reader would misread: `--header-row`,
//! `--total`, `--units`, `--transposed` on the command line, or the same
//! keys under `[table]` in a profile. An override that names a column that is
//! not there is refused, naming what is there.

use super::{Column, Why};
use crate::grid::{Addr, Grid, column_letters};
use crate::text::role_key;
use crate::vocab::{self, Role};

/// The overrides of the table's reading; all absent by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The header's row, 1-based (the first row of a two-row header).
    pub header_row: Option<u32>,
    /// The total column: its letter (`D`) or its header text (`全县目标任务`).
    pub total: Option<String>,
    /// The unit columns: a range of letters (`E:O`), or header texts separated
    /// by commas (`定海,普陀`).
    pub units: Option<String>,
    /// Units down the rows and targets across the columns.
    #[serde(default)]
    pub transposed: bool,
}

/// An override that cannot be applied: what was asked, and what is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLayout {
    /// The override as given (`--total X`).
    pub asked: String,
    /// The header's cells as found (`A3 序号、B3 指标名称…`).
    pub found: String,
}

impl Layout {
    /// Whether any override is given.
    pub fn is_default(&self) -> bool {
        *self == Layout::default()
    }

    /// These overrides, with `other`'s where these have none (the command
    /// line over a profile's `[table]`).
    pub fn or(self, other: &Layout) -> Layout {
        Layout {
            header_row: self.header_row.or(other.header_row),
            total: self.total.or_else(|| other.total.clone()),
            units: self.units.or_else(|| other.units.clone()),
            transposed: self.transposed || other.transposed,
        }
    }

    /// These overrides as they apply to `grid`: read across, the sheet's
    /// rows are the grid's columns, so a row given by number (`--total 4`,
    /// `--units 5:14`) names the grid's column (D, E:N).
    pub fn on(&self, grid: &Grid) -> Layout {
        if !grid.is_transposed() {
            return self.clone();
        }
        Layout {
            total: self.total.as_deref().map(rows_as_columns),
            units: self.units.as_deref().map(rows_as_columns),
            ..self.clone()
        }
    }

    /// Give the named columns their roles, before the table's own rules
    /// settle the rest (`header_row` is the row the columns were read from).
    pub fn apply(&self, columns: &mut [Column], header_row: u32) -> Result<(), BadLayout> {
        if self.transposed {
            name_the_targets(columns);
        }
        if self.total.is_none() && self.units.is_none() {
            return Ok(());
        }
        let found = listed(columns, header_row);
        if let Some(total) = &self.total {
            let col = pick(columns, total).ok_or_else(|| BadLayout {
                asked: format!("--total {total}"),
                found: found.clone(),
            })?;
            for c in columns.iter_mut() {
                if c.col == col {
                    (c.role, c.why) = (Role::Total, Why::Override);
                } else if c.role == Role::Total {
                    (c.role, c.why) = (Role::Metadata, Why::OutsideZone);
                }
            }
        }
        if let Some(units) = &self.units {
            let cols = unit_columns(columns, units).ok_or_else(|| BadLayout {
                asked: format!("--units {units}"),
                found,
            })?;
            for c in columns.iter_mut() {
                if cols.contains(&c.col) {
                    (c.role, c.why) = (Role::Unit, Why::Override);
                } else if c.role == Role::Unit {
                    (c.role, c.why) = (Role::Metadata, Why::OutsideZone);
                }
            }
        }
        Ok(())
    }
}

/// Across a transposed sheet the targets' names are in the column whose
/// header says what the rows were (单位, 地区: the sheet's corner), else in
/// the first labeled column; a title or a note above the corner is not it.
fn name_the_targets(columns: &mut [Column]) {
    if columns.iter().any(|c| c.role == Role::Name) {
        return;
    }
    let corner = columns
        .iter()
        .position(|c| names_the_unit_axis(&c.label))
        .or_else(|| {
            columns
                .iter()
                .position(|c| !c.label.is_empty() && c.role != Role::Total)
        });
    if let Some(c) = corner.map(|i| &mut columns[i]) {
        (c.role, c.why) = (Role::Name, Why::Override);
    }
}

/// Whether a header says its column lists the units (单位, 地区, 县(市、区)…).
pub fn names_the_unit_axis(label: &str) -> bool {
    vocab::UNIT_AXIS_WORDS.contains(&crate::text::normalize(label).as_str())
}

/// Row numbers as the letters of the same columns read across (`4` → `D`,
/// `5:14` → `E:N`, `5,7` → `E,G`); text is kept as it is.
fn rows_as_columns(given: &str) -> String {
    let one = |part: &str| match part.trim().parse::<u32>() {
        Ok(n) if n > 0 => column_letters(n - 1),
        _ => part.to_string(),
    };
    let range = |part: &str| match part.split_once(':') {
        Some((a, b)) => format!("{}:{}", one(a), one(b)),
        None => one(part),
    };
    given.split(',').map(range).collect::<Vec<_>>().join(",")
}

/// A column named by its letter or its header text.
fn pick(columns: &[Column], named: &str) -> Option<u32> {
    let named = named.trim();
    if let Some(col) = column_index(named) {
        return columns.iter().find(|c| c.col == col).map(|c| c.col);
    }
    let key = role_key(named);
    columns
        .iter()
        .find(|c| c.label == named || (!key.is_empty() && c.key == key))
        .map(|c| c.col)
}

/// The columns of `E:O`, or of each comma-separated header text; `None` when
/// one of them is not there.
fn unit_columns(columns: &[Column], units: &str) -> Option<Vec<u32>> {
    if let Some((from, to)) = units.split_once(':')
        && let (Some(a), Some(b)) = (column_index(from.trim()), column_index(to.trim()))
    {
        let cols: Vec<u32> = columns
            .iter()
            .map(|c| c.col)
            .filter(|c| (a.min(b)..=a.max(b)).contains(c))
            .collect();
        return (!cols.is_empty()).then_some(cols);
    }
    units
        .split([',', '，', '、'])
        .filter(|u| !u.trim().is_empty())
        .map(|u| pick(columns, u))
        .collect()
}

/// A column's index from its letters (`D` → 3); `None` for anything else.
fn column_index(letters: &str) -> Option<u32> {
    let ascii = !letters.is_empty()
        && letters.len() <= 3
        && letters.chars().all(|c| c.is_ascii_alphabetic());
    ascii.then(|| Addr::parse(&format!("{letters}1")).map(|a| a.col))?
}

/// The header's labeled cells, for an error: `A3 序号、B3 指标名称…`.
fn listed(columns: &[Column], header_row: u32) -> String {
    columns
        .iter()
        .filter(|c| !c.label.is_empty())
        .map(|c| format!("{}{} {}", column_letters(c.col), header_row + 1, c.label))
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(labels: &[&str]) -> Vec<Column> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| Column {
                col: i as u32,
                role: super::super::role_of(l).unwrap_or(Role::Unit),
                label: l.to_string(),
                key: role_key(l),
                group: None,
                why: Why::Word,
            })
            .collect()
    }

    #[test]
    fn a_total_named_by_letter_or_text_becomes_the_total() {
        let mut c = columns(&["序号", "指标", "甲", "乙", "总数"]);
        let by_letter = Layout {
            total: Some("E".into()),
            ..Layout::default()
        };
        by_letter.apply(&mut c, 2).unwrap();
        assert_eq!(c[4].role, Role::Total);
        assert_eq!(c[4].why, Why::Override);
        let mut c = columns(&["序号", "指标", "甲", "乙", "总数"]);
        let by_text = Layout {
            total: Some("总数".into()),
            ..Layout::default()
        };
        by_text.apply(&mut c, 2).unwrap();
        assert_eq!(c[4].role, Role::Total);
    }

    #[test]
    fn units_by_range_or_names_and_the_rest_are_not_units() {
        let mut c = columns(&["序号", "指标", "全市", "甲", "乙", "丙"]);
        let layout = Layout {
            units: Some("D:E".into()),
            ..Layout::default()
        };
        layout.apply(&mut c, 0).unwrap();
        let roles: Vec<Role> = c.iter().map(|c| c.role).collect();
        assert_eq!(roles[3..], [Role::Unit, Role::Unit, Role::Metadata]);
        let mut c = columns(&["序号", "指标", "全市", "甲", "乙", "丙"]);
        let by_name = Layout {
            units: Some("甲，丙".into()),
            ..Layout::default()
        };
        by_name.apply(&mut c, 0).unwrap();
        assert_eq!(c[4].role, Role::Metadata);
        assert_eq!(c[5].role, Role::Unit);
    }

    #[test]
    fn an_override_naming_what_is_not_there_says_what_is() {
        let mut c = columns(&["序号", "指标", "全市"]);
        let layout = Layout {
            total: Some("全县".into()),
            ..Layout::default()
        };
        let e = layout.apply(&mut c, 2).unwrap_err();
        assert_eq!(e.asked, "--total 全县");
        assert_eq!(e.found, "A3 序号、B3 指标、C3 全市");
    }
}
