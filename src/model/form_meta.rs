//! The hidden-sheet contract of a `huizong template` form, both ways: what
//! [`render::form`](crate::render::form) writes and what loading a return
//! reads back. Nothing else knows the sheet's name or where a key sits.
//!
//! The sheet `_huizong` holds `key | value` rows (A1:B5), then from row 7 a
//! `row | target` map: the worksheet row (1-based) of every target on the form.

use crate::grid::{Addr, Grid};
use crate::model::period::Period;

/// The hidden sheet's name.
pub const SHEET: &str = "_huizong";

/// The keys, one per row from A1; `period` is in B3.
const KEYS: [&str; 5] = ["huizong-form", "unit", "period", "plan_file", "plan_sha256"];

/// The row holding the map's `row | target` header; the map follows it.
const MAP_HEADER_ROW: u32 = 6;

/// What a form says about itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormMeta {
    /// The unit the form was made for.
    pub unit: Option<String>,
    /// The quarter it was made for.
    pub period: Option<Period>,
    /// The plan file it was made from (its name, without folders).
    pub plan_file: Option<String>,
    /// SHA-256 of that plan file, lowercase hex.
    pub plan_sha256: Option<String>,
    /// Worksheet row (1-based) → target 序号.
    pub rows: Vec<(u32, String)>,
}

/// One cell of the hidden sheet as written: its text, or a row number.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaCell {
    /// A text cell.
    Text(String),
    /// A number cell (the map's worksheet rows).
    Row(u32),
}

impl FormMeta {
    /// The cell where the period is kept (B3), for findings that cite it.
    pub fn period_addr() -> Addr {
        Addr::new(key_row("period"), 1)
    }

    /// Every cell of the hidden sheet, in writing order.
    pub fn cells(&self) -> Vec<(Addr, MetaCell)> {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let values = [
            "1".to_string(),
            text(&self.unit),
            self.period.map(|p| p.to_string()).unwrap_or_default(),
            text(&self.plan_file),
            text(&self.plan_sha256),
        ];
        let mut cells = Vec::with_capacity(12 + 2 * self.rows.len());
        for (r, (key, value)) in KEYS.iter().zip(values).enumerate() {
            cells.push((Addr::new(r as u32, 0), MetaCell::Text(key.to_string())));
            cells.push((Addr::new(r as u32, 1), MetaCell::Text(value)));
        }
        cells.push((Addr::new(MAP_HEADER_ROW, 0), MetaCell::Text("row".into())));
        cells.push((
            Addr::new(MAP_HEADER_ROW, 1),
            MetaCell::Text("target".into()),
        ));
        for (i, (row, id)) in self.rows.iter().enumerate() {
            let r = MAP_HEADER_ROW + 1 + i as u32;
            cells.push((Addr::new(r, 0), MetaCell::Row(*row)));
            cells.push((Addr::new(r, 1), MetaCell::Text(id.clone())));
        }
        cells
    }

    /// Read the hidden sheet back. Keys are found by name, not position, so
    /// forms from earlier versions still read.
    pub fn from_grid(grid: &Grid) -> FormMeta {
        let mut meta = FormMeta::default();
        let mut in_rows = false;
        for row in 0..grid.height() {
            let cell = |c| grid.value(Addr::new(row, c)).display().trim().to_string();
            let (key, value) = (cell(0), cell(1));
            match key.as_str() {
                "unit" => meta.unit = Some(value),
                "period" => meta.period = value.parse().ok(),
                "plan_file" => meta.plan_file = Some(value),
                "plan_sha256" => meta.plan_sha256 = Some(value.to_lowercase()),
                "row" => in_rows = true,
                k if in_rows => {
                    if let Ok(r) = k.parse() {
                        meta.rows.push((r, value));
                    }
                }
                _ => {}
            }
        }
        meta
    }

    /// The target 序号 the map assigns to a worksheet row (1-based).
    pub fn target_at(&self, row: u32) -> Option<&str> {
        self.rows
            .iter()
            .find(|(r, _)| *r == row)
            .map(|(_, id)| id.as_str())
    }
}

fn key_row(key: &str) -> u32 {
    KEYS.iter().position(|k| *k == key).unwrap_or(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> FormMeta {
        FormMeta {
            unit: Some("定海".into()),
            period: "2024Q3".parse().ok(),
            plan_file: Some("plan.xlsx".into()),
            plan_sha256: Some("ab12".into()),
            rows: vec![(5, "1".into()), (6, "2".into())],
        }
    }

    #[test]
    fn the_period_is_kept_in_b3() {
        assert_eq!(FormMeta::period_addr().to_string(), "B3");
        let b3 = meta()
            .cells()
            .into_iter()
            .find(|(a, _)| *a == FormMeta::period_addr());
        assert_eq!(b3.map(|(_, c)| c), Some(MetaCell::Text("2024Q3".into())));
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut rows: Vec<Vec<crate::grid::Value>> = Vec::new();
        for (addr, cell) in meta().cells() {
            let value = match cell {
                MetaCell::Text(t) => crate::grid::Value::Text(t),
                MetaCell::Row(r) => crate::grid::Value::Number {
                    value: r.into(),
                    percent: false,
                },
            };
            let (r, c) = (addr.row as usize, addr.col as usize);
            rows.resize_with(rows.len().max(r + 1), Vec::new);
            let width = rows[r].len().max(c + 1);
            rows[r].resize(width, crate::grid::Value::Empty);
            rows[r][c] = value;
        }
        let grid = Grid::new("form.xlsx", SHEET, rows, Vec::new());
        assert_eq!(FormMeta::from_grid(&grid), meta());
        assert_eq!(meta().target_at(6), Some("2"));
        assert_eq!(meta().target_at(7), None);
    }
}
