//! The hidden-sheet contract of a `huizong merge -o` report, both ways: what
//! [`render::merge::xlsx`](crate::render::merge::xlsx) writes and what loading
//! a return reads back, so that a county's report is a return one level up.
//! Nothing else knows the sheet's name or where a key sits.
//!
//! The sheet `_huizong_report` holds `key | value` rows from A1 (format,
//! period, the plan's file and SHA-256, the issuing level and office, the
//! plan's title, the visible sheet the figures are shown on); then a row
//! `[targets]` and one line per target: 序号 | name | measure | completed (an
//! exact decimal, as text) | text answer | progress | the cell showing the
//! figure; then a row `[sources]` and one line per figure behind a total:
//! 序号 | unit | file | sheet | cell | SHA-256.

use crate::grid::{Addr, Grid};
use crate::model::period::Period;
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// The hidden sheet's name.
pub const SHEET: &str = "_huizong_report";

/// The keys, one per row from A1; `period` is in B2.
const KEYS: [&str; 8] = [
    "huizong-report",
    "period",
    "plan_file",
    "plan_sha256",
    "level",
    "issuer",
    "title",
    "sheet",
];

/// The markers of the two tables after the keys.
const TARGETS: &str = "[targets]";
const SOURCES: &str = "[sources]";

/// A figure behind one of the report's totals: a unit's, from its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Behind {
    /// The unit (a town, for a county's report).
    pub unit: String,
    /// Its file, as the report named it.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The cell, A1.
    pub cell: String,
    /// SHA-256 of the file.
    pub sha256: String,
}

/// One target's figure at the report's level.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The target's 序号.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its unit of measure, if the plan says.
    pub measure: Option<String>,
    /// The exact sum of the units' figures, for additive targets.
    pub completed: Option<Decimal>,
    /// The units' answers in words, for a qualitative target.
    pub text: Option<String>,
    /// What the units said otherwise (rates side by side).
    pub progress: Option<String>,
    /// The visible cell showing this target's figure (`汇总!F5`'s F5).
    pub cell: Addr,
    /// The figures the total is made of.
    pub sources: Vec<Behind>,
}

/// What a report says about itself.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportMeta {
    /// The period merged.
    pub period: Option<Period>,
    /// The plan's file (its name, without folders).
    pub plan_file: Option<String>,
    /// SHA-256 of the plan file.
    pub plan_sha256: Option<String>,
    /// The level the plan's total is for (县).
    pub level: Option<String>,
    /// Who issued the plan: its profile's office, else its title.
    pub issuer: Option<String>,
    /// The plan's title.
    pub title: Option<String>,
    /// The visible sheet the lines' cells are on (汇总).
    pub sheet: Option<String>,
    /// One line per target.
    pub lines: Vec<Line>,
}

/// One cell of the hidden sheet as written: always text, so that no figure
/// passes through a floating-point number.
pub type MetaCell = (Addr, String);

impl ReportMeta {
    /// The cell where the period is kept (B2), for findings that cite it.
    pub fn period_addr() -> Addr {
        Addr::new(1, 1)
    }

    /// Every cell of the hidden sheet, in writing order.
    pub fn cells(&self) -> Vec<MetaCell> {
        let mut cells = Vec::new();
        self.each_cell(
            |i| self.lines[i].sources.clone(),
            |addr, text| cells.push((addr, text.to_string())),
        );
        cells
    }

    /// Hand every cell of the hidden sheet to `put`, in writing order (row by
    /// row, left to right), without holding them all: a report of 3,000
    /// units has a source line per figure, so the sources of line `i` are
    /// asked of `sources(i)` one line at a time (the lines' own are not read).
    pub fn each_cell(
        &self,
        mut sources: impl FnMut(usize) -> Vec<Behind>,
        mut put: impl FnMut(Addr, &str),
    ) {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let values = [
            "1".to_string(),
            self.period.map(|p| p.to_string()).unwrap_or_default(),
            text(&self.plan_file),
            text(&self.plan_sha256),
            text(&self.level),
            text(&self.issuer),
            text(&self.title),
            text(&self.sheet),
        ];
        for (r, (key, value)) in KEYS.iter().zip(values).enumerate() {
            put(Addr::new(r as u32, 0), key);
            put(Addr::new(r as u32, 1), &value);
        }
        let mut row = KEYS.len() as u32 + 1;
        let mut line = |row: u32, values: &[&str]| {
            for (c, v) in values.iter().enumerate() {
                put(Addr::new(row, c as u32), v);
            }
        };
        line(
            row,
            &[
                TARGETS,
                "name",
                "measure",
                "completed",
                "text",
                "progress",
                "cell",
            ],
        );
        for l in &self.lines {
            row += 1;
            let completed = l.completed.map(|d| d.normalize().to_string());
            line(
                row,
                &[
                    &l.id,
                    &l.name,
                    l.measure.as_deref().unwrap_or(""),
                    completed.as_deref().unwrap_or(""),
                    l.text.as_deref().unwrap_or(""),
                    l.progress.as_deref().unwrap_or(""),
                    &l.cell.to_string(),
                ],
            );
        }
        row += 2;
        line(row, &[SOURCES, "unit", "file", "sheet", "cell", "sha256"]);
        for (i, l) in self.lines.iter().enumerate() {
            for b in &sources(i) {
                row += 1;
                line(
                    row,
                    &[&l.id, &b.unit, &b.file, &b.sheet, &b.cell, &b.sha256],
                );
            }
        }
    }

    /// Read the hidden sheet back. Keys are found by name, not position.
    pub fn from_grid(grid: &Grid) -> ReportMeta {
        let mut meta = ReportMeta::default();
        let mut section = "";
        for row in 0..grid.height() {
            let cell = |c| grid.value(Addr::new(row, c)).display().trim().to_string();
            let (key, value) = (cell(0), cell(1));
            let some = |s: String| Some(s).filter(|s| !s.is_empty());
            match (section, key.as_str()) {
                (_, TARGETS) => section = TARGETS,
                (_, SOURCES) => section = SOURCES,
                (_, "") => {}
                ("", "period") => meta.period = value.parse().ok(),
                ("", "plan_file") => meta.plan_file = some(value),
                ("", "plan_sha256") => meta.plan_sha256 = some(value.to_lowercase()),
                ("", "level") => meta.level = some(value),
                ("", "issuer") => meta.issuer = some(value),
                ("", "title") => meta.title = some(value),
                ("", "sheet") => meta.sheet = some(value),
                (TARGETS, id) => meta.lines.push(Line {
                    id: id.to_string(),
                    name: value,
                    measure: some(cell(2)),
                    completed: Decimal::from_str(&cell(3)).ok(),
                    text: some(cell(4)),
                    progress: some(cell(5)),
                    cell: Addr::parse(&cell(6)).unwrap_or(Addr::new(row, 3)),
                    sources: Vec::new(),
                }),
                (SOURCES, id) => {
                    if let Some(l) = meta.lines.iter_mut().find(|l| l.id == id) {
                        l.sources.push(Behind {
                            unit: value,
                            file: cell(2),
                            sheet: cell(3),
                            cell: cell(4),
                            sha256: cell(5).to_lowercase(),
                        });
                    }
                }
                _ => {}
            }
        }
        meta
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Value;

    fn meta() -> ReportMeta {
        ReportMeta {
            period: "2024Q3".parse().ok(),
            plan_file: Some("岱山县计划.xlsx".into()),
            plan_sha256: Some("ab12".into()),
            level: Some("县".into()),
            issuer: Some("2024年岱山县任务分解表".into()),
            title: Some("2024年岱山县任务分解表".into()),
            sheet: Some("汇总".into()),
            lines: vec![
                Line {
                    id: "4".into(),
                    name: "贷款(亿元)".into(),
                    measure: Some("亿元".into()),
                    completed: Decimal::from_str("0.33").ok(),
                    text: None,
                    progress: None,
                    cell: Addr::new(3, 5),
                    sources: vec![Behind {
                        unit: "高亭".into(),
                        file: "towns/高亭.xlsx".into(),
                        sheet: "进展情况".into(),
                        cell: "E5".into(),
                        sha256: "cd34".into(),
                    }],
                },
                Line {
                    id: "41".into(),
                    name: "触发式监管".into(),
                    measure: None,
                    completed: None,
                    text: Some("高亭：已实施".into()),
                    progress: Some("各乡镇分别报送".into()),
                    cell: Addr::new(4, 5),
                    sources: vec![],
                },
            ],
        }
    }

    fn grid_of(cells: Vec<MetaCell>) -> Grid {
        let mut rows: Vec<Vec<Value>> = Vec::new();
        for (addr, text) in cells {
            let (r, c) = (addr.row as usize, addr.col as usize);
            rows.resize_with(rows.len().max(r + 1), Vec::new);
            let width = rows[r].len().max(c + 1);
            rows[r].resize(width, Value::Empty);
            rows[r][c] = if text.is_empty() {
                Value::Empty
            } else {
                Value::Text(text)
            };
        }
        Grid::new("r.xlsx", SHEET, rows, Vec::new())
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        assert_eq!(ReportMeta::from_grid(&grid_of(meta().cells())), meta());
        assert_eq!(ReportMeta::period_addr().to_string(), "B2");
    }
}
