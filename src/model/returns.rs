//! Reading a unit's quarterly return (季度报表): who filed it, when, for which
//! quarter, and the figures it reports, each with its cell.
//!
//! Layout A has one unit per file (填报单位 above the table, columns 本单位目标 |
//! 累计完成); layout B has, per unit, a merged header over 目标 | 完成. Both are
//! found by header words, as the plan is. Pure: [`crate::load::returns`]
//! opens the file and chooses the sheet.

use crate::error::Error;
use crate::grid::{Addr, Grid, Value};
use crate::model::period::Period;
use crate::model::report_meta::{Behind, ReportMeta};
use crate::quantity::{self, Quantity};
use crate::table::{self, Column, Table};
use crate::text::role_key;
use crate::vocab::{self, Role};
use std::time::SystemTime;

/// One row of a return: a target and what the unit says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedRow {
    /// One-based worksheet row.
    pub row: u32,
    /// The 序号 as written.
    pub id: String,
    /// The row's first cell (its 序号, or its name when there is none).
    pub first: Addr,
    /// The target's name as written.
    pub name: String,
    /// The unit's target as the return states it, and where.
    pub target: Option<(Addr, Quantity)>,
    /// The cumulative figure completed, and where.
    pub completed: (Addr, Quantity),
    /// Notes on progress (进展情况).
    pub progress: Option<String>,
    /// When the return is a lower level's report: the figures its total is
    /// made of (the towns' files behind a county's figure); else empty.
    pub behind: Vec<Behind>,
    /// When the return is a lower level's report whose visible cell no longer
    /// shows the figure its hidden sheet holds (edited by hand after it was
    /// made): what the cell shows. Such a figure is not merged.
    pub edited: Option<String>,
}

/// The rows one unit reported in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The unit as a group header names it (layout B); `None` in layout A.
    pub unit_written: Option<String>,
    /// The rows, top to bottom.
    pub rows: Vec<ReportedRow>,
}

/// A text found near the table (填报单位：定海区局) and its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// The value after the label.
    pub value: String,
    /// Where it was found.
    pub addr: Addr,
}

/// A return file, read.
#[derive(Debug, Clone)]
pub struct Return {
    /// The path as given.
    pub file: String,
    /// The file name alone.
    pub file_name: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Last modification time, if the system tells.
    pub modified: Option<SystemTime>,
    /// The sheet read.
    pub sheet: String,
    /// 填报单位, if written.
    pub filer: Option<Labelled>,
    /// 填报日期, if written.
    pub date: Option<Labelled>,
    /// The quarter the title (text above the table) speaks of, and the cell saying it.
    pub title_period: Option<(Period, Addr)>,
    /// The quarter the completed column's header names (一季度完成, 1-9月累计), and its cell.
    pub header_period: Option<(Period, Addr)>,
    /// One block per unit reported.
    pub blocks: Vec<Block>,
    /// The form's own metadata, when it is a `huizong template` form.
    pub meta: Option<crate::model::form_meta::FormMeta>,
    /// What a lower level's report says of itself (its lines are in
    /// `blocks`), when the return is one: `huizong merge -o` of a county.
    pub report: Option<ReportMeta>,
}

/// What a return's sheet says above and in its table.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// 填报单位, if written.
    pub filer: Option<Labelled>,
    /// 填报日期, if written.
    pub date: Option<Labelled>,
    /// The quarter the title speaks of, and the cell saying it.
    pub title_period: Option<(Period, Addr)>,
    /// The quarter the completed column's header names, and its cell.
    pub header_period: Option<(Period, Addr)>,
    /// One block per unit reported.
    pub blocks: Vec<Block>,
}

/// Read a return's sheet whose table has been found: the labels above the
/// table (填报单位, 填报日期, the title's quarter) and every unit's rows.
pub fn recognise(grid: &Grid, table: &Table) -> Recognised {
    let above = |word: &str| labelled(grid, table.header.start.row, word);
    let (filer, date) = (above(vocab::FILER_LABEL), above(vocab::DATE_LABEL));
    let year = date
        .as_ref()
        .and_then(|d| Period::reported_on(&d.value, vocab::Part::Quarter(1)))
        .map(|p| p.year);
    let title_period = title_period(grid, table.header.start.row, year);
    Recognised {
        header_period: header_period(grid, table, title_period.map(|(p, _)| p.year).or(year)),
        title_period,
        blocks: blocks(grid, table),
        filer,
        date,
    }
}

/// The period a return's sheet speaks of, in its title or its completed
/// column's header; without a year there, `year` is used.
pub fn sheet_period(grid: &Grid, table: &Table, year: Option<u16>) -> Option<Period> {
    title_period(grid, table.header.start.row, year)
        .or_else(|| header_period(grid, table, year))
        .map(|(p, _)| p)
}

/// Whether a table can be a return's: it has a completed column.
pub fn is_return_table(table: &Table) -> bool {
    table.column(Role::Completed).is_some()
}

/// A lower level's report (its hidden sheet, [`ReportMeta`]) as one unit's
/// block of a return: a row per target, the figure at the visible cell
/// showing it, the figures behind it kept. `shown` is the visible sheet: a
/// figure its cell no longer shows is marked [`ReportedRow::edited`].
pub fn report_block(report: &ReportMeta, shown: Option<&Grid>) -> Block {
    let rows = report
        .lines
        .iter()
        .map(|l| {
            let completed = match (&l.completed, &l.text) {
                (Some(d), _) => quantity::parse(&d.normalize().to_string()),
                (None, Some(t)) => quantity::parse(t),
                (None, None) => Quantity::Unassigned,
            };
            ReportedRow {
                row: l.cell.row + 1,
                id: l.id.clone(),
                first: Addr::new(l.cell.row, 0),
                name: l.name.clone(),
                target: None,
                completed: (l.cell, completed),
                progress: l.progress.clone(),
                behind: l.sources.clone(),
                edited: l.completed.and_then(|d| edited(shown?, l.cell, d)),
            }
        })
        .collect();
    Block {
        unit_written: None,
        rows,
    }
}

/// What `cell` shows when it is not `figure` (to 15 significant digits, as
/// the cell stores it): a report edited by hand after it was made.
fn edited(shown: &Grid, cell: Addr, figure: rust_decimal::Decimal) -> Option<String> {
    let value = shown.value(cell);
    if let Value::Number { value: v, .. } = value {
        let tolerance =
            figure.abs().max(rust_decimal::Decimal::ONE) * rust_decimal::Decimal::new(1, 12);
        if (*v - figure).abs() <= tolerance {
            return None;
        }
    }
    let text = value.display();
    Some(if text.trim().is_empty() {
        "空白".to_string()
    } else {
        text
    })
}

/// Why a return could not be read.
#[derive(Debug)]
pub struct Unreadable {
    /// The path as given.
    pub file: String,
    /// The reason, written for the clerk.
    pub error: Box<Error>,
}

/// The first cell above the table that names a period (the title, usually);
/// the form lines (填报单位, 填报日期：2024年10月…) are not titles.
fn title_period(grid: &Grid, header_row: u32, year: Option<u16>) -> Option<(Period, Addr)> {
    (0..header_row)
        .flat_map(|row| (0..grid.width()).map(move |col| Addr::new(row, col)))
        .find_map(|addr| {
            let text = grid.raw(addr).display();
            let n = crate::text::normalize(&text);
            if vocab::FORM_LABELS.iter().any(|l| n.contains(l)) {
                return None;
            }
            Period::in_text(&text, year).map(|p| (p, addr))
        })
}

/// The quarter the (cumulative) completed column's header names: at its head
/// (一季度完成, 2024年1-9月累计) or in a bracket (累计完成（1-9月）). Without a
/// year in the header, `year` (the title's, else the filing date's) is used.
fn header_period(grid: &Grid, table: &Table, year: Option<u16>) -> Option<(Period, Addr)> {
    let completed: Vec<&Column> = table.columns_with(Role::Completed).collect();
    if completed.is_empty() {
        return None;
    }
    let c = cumulative(&completed);
    let n = crate::text::normalize(&c.label);
    let in_brackets = n
        .split(['(', ')', '[', ']', '【', '】', '〔', '〕'])
        .skip(1)
        .step_by(2)
        .filter_map(|inside| table::reach_at_head(inside).filter(|(_, rest)| rest.is_empty()));
    let (reach, _) = table::reach_at_head(&c.key)
        .filter(|(r, _)| r.part.is_some())
        .into_iter()
        .chain(in_brackets)
        .find(|(r, _)| r.part.is_some())?;
    let period = Period {
        year: reach.year.or(year)?,
        part: reach.part?,
    };
    let bottom = Addr::new(table.header.end.row, c.col);
    let addr = if grid.raw(bottom).is_blank() {
        Addr::new(table.header.start.row, c.col)
    } else {
        bottom
    };
    Some((period, addr))
}

/// The value after `label` (填报单位：X) in the rows above the table, or in the next cell.
fn labelled(grid: &Grid, header_row: u32, label: &str) -> Option<Labelled> {
    (0..header_row).find_map(|row| {
        (0..grid.width()).find_map(|col| {
            let addr = Addr::new(row, col);
            let text = crate::text::normalize(&grid.raw(addr).display());
            let rest = text.split_once(label)?.1.trim_start_matches([':', '：']);
            let cut = vocab::FORM_LABELS
                .iter()
                .filter_map(|l| rest.find(l))
                .min()
                .unwrap_or(rest.len());
            let value = rest[..cut].trim().to_string();
            if !value.is_empty() {
                return Some(Labelled { value, addr });
            }
            let next = (col + 1..grid.width())
                .map(|c| Addr::new(row, c))
                .find(|a| !grid.raw(*a).is_blank())?;
            Some(Labelled {
                value: grid.raw(next).display().trim().to_string(),
                addr: next,
            })
        })
    })
}

/// Layout B: one block per unit group header; layout A: one block.
fn blocks(grid: &Grid, table: &Table) -> Vec<Block> {
    let completed: Vec<&Column> = table.columns_with(Role::Completed).collect();
    let grouped = completed.iter().any(|c| {
        c.group
            .as_deref()
            .is_some_and(|g| table::role_of(g).is_none())
    });
    if !grouped {
        let target = table.column(Role::UnitTarget);
        return vec![Block {
            unit_written: None,
            rows: rows(grid, table, target, cumulative(&completed)),
        }];
    }
    completed
        .iter()
        .map(|c| {
            let target = table
                .columns
                .iter()
                .find(|t| t.group == c.group && t.col < c.col && is_target_label(&t.label));
            Block {
                unit_written: c.group.clone(),
                rows: rows(grid, table, target, c),
            }
        })
        .collect()
}

/// Of a layout-A table's completed columns, the cumulative one: the first
/// that says 累计 (1-9月累计 beside 三季度完成, which may be the quarter's
/// own figure), else the first.
fn cumulative<'t>(completed: &[&'t Column]) -> &'t Column {
    completed
        .iter()
        .find(|c| c.key.contains(vocab::CUMULATIVE))
        .unwrap_or(&completed[0])
}

fn is_target_label(label: &str) -> bool {
    let key = role_key(label);
    key == "目标" || key == "目标值" || table::role_of(&key) == Some(Role::UnitTarget)
}

fn rows(
    grid: &Grid,
    table: &Table,
    target: Option<&Column>,
    completed: &Column,
) -> Vec<ReportedRow> {
    let text = |row, role| {
        table
            .column(role)
            .map(|c| {
                grid.value(Addr::new(row, c.col))
                    .display()
                    .trim()
                    .to_string()
            })
            .unwrap_or_default()
    };
    let mut rows = (table.first_data_row()..grid.height())
        .filter(|&row| !grid.row_is_blank(row) && !table.is_repeated_header(grid, row))
        .filter_map(|row| {
            let (id, name) = (text(row, Role::Id), text(row, Role::Name));
            let skip = id.is_empty() && name.is_empty() || vocab::is_total_row(&role_key(&name));
            if skip || vocab::is_total_row(&role_key(&id)) {
                return None;
            }
            let at = |col| Addr::new(row, col);
            let progress = Some(text(row, Role::Progress)).filter(|p| !p.is_empty());
            let measure = crate::model::plan::measure_from_name(&name);
            let first_col = table
                .column(Role::Id)
                .or(table.column(Role::Name))
                .map_or(0, |c| c.col);
            Some(ReportedRow {
                row: row + 1,
                id,
                first: at(first_col),
                name,
                target: target.map(|c| (at(c.col), quantity::from_value(grid.value(at(c.col))))),
                completed: (
                    at(completed.col),
                    quantity::from_cell(grid.value(at(completed.col)), measure.as_deref()),
                ),
                progress,
                behind: Vec::new(),
                edited: None,
            })
        })
        .collect::<Vec<_>>();
    // Kept until the merge takes the figures, for every return at once: no slack.
    rows.shrink_to_fit();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Value;

    fn return_grid(header: &str, date: &str) -> Grid {
        let text = |s: &str| {
            if s.is_empty() {
                Value::Empty
            } else {
                Value::Text(s.into())
            }
        };
        let rows = [
            ["进展情况表", "", "", ""],
            ["填报单位：普陀区局", "", "", ""],
            [date, "", "", ""],
            ["序号", "目标名称", "本单位目标", header],
            ["4", "贷款(亿元)", "0.7", "0.2"],
        ];
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|s| text(s)).collect())
            .collect();
        Grid::new("r.xlsx", "Sheet1", rows, vec![])
    }

    fn header_period_of(header: &str, date: &str) -> Option<(String, String)> {
        let g = return_grid(header, date);
        let t = table::find(&g).unwrap();
        recognise(&g, &t)
            .header_period
            .map(|(p, a)| (p.to_string(), a.to_string()))
    }

    #[test]
    fn the_completed_header_names_its_period_at_its_cell() {
        let said = |h| header_period_of(h, "填报日期：2024-04-08");
        assert_eq!(said("一季度完成"), Some(("2024Q1".into(), "D4".into())));
        assert_eq!(said("上半年完成"), Some(("2024H1".into(), "D4".into())));
        assert_eq!(said("1-9月累计"), Some(("2024-09".into(), "D4".into())));
        assert_eq!(said("1-8月累计"), Some(("2024-08".into(), "D4".into())));
        assert_eq!(
            said("累计完成（1-6月）"),
            Some(("2024-06".into(), "D4".into()))
        );
        assert_eq!(
            said("2023年1-12月累计"),
            Some(("2023-12".into(), "D4".into()))
        );
        assert_eq!(said("本年累计"), None);
        assert_eq!(said("累计完成"), None);
        assert_eq!(header_period_of("一季度完成", ""), None, "no year anywhere");
    }

    #[test]
    fn a_reports_lines_read_as_one_units_rows_at_their_visible_cells() {
        use crate::model::report_meta::Line;
        let report = ReportMeta {
            lines: vec![Line {
                id: "4".into(),
                name: "贷款(亿元)".into(),
                measure: None,
                completed: "0.33".parse().ok(),
                text: None,
                progress: None,
                cell: Addr::new(5, 5),
                sources: vec![],
            }],
            ..ReportMeta::default()
        };
        let block = report_block(&report, None);
        let row = &block.rows[0];
        assert_eq!(row.completed.0.to_string(), "F6");
        assert_eq!(
            row.completed.1.amount().map(|m| m.value.to_string()),
            Some("0.33".into())
        );
    }

    #[test]
    fn beside_a_quarters_own_figure_the_cumulative_column_is_read() {
        let text = |s: &str| Value::Text(s.into());
        let rows = vec![
            ["序号", "目标名称", "三季度完成", "1-9月累计"]
                .map(text)
                .to_vec(),
            ["4", "贷款(亿元)", "0.1", "0.4"].map(text).to_vec(),
        ];
        let g = Grid::new("r.xlsx", "Sheet1", rows, vec![]);
        let t = table::find(&g).unwrap();
        let said = recognise(&g, &t);
        let row = &said.blocks[0].rows[0];
        assert_eq!(row.completed.0.to_string(), "D2");
    }
}
