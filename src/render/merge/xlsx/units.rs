//! 单位情况: one row per unit and target, lagging lines first, with the
//! unit's 进展情况 and where each figure came from. Written in constant-memory
//! mode (240,000 rows at 3,000 units): the column widths are measured in a
//! first pass over the lines, then each row's height is set just before the
//! row is written, since a row once left cannot be changed.

use super::{evaluation, judged_entry, target_decimals, tone, year_end};
use crate::merge::{Consolidation, Progress, UnitLine};
use crate::model::report_sheet;
use crate::render::xlsx::layout::{Entry, Widths, row_height};
use crate::render::xlsx::{
    Formats, Paper, Tone, file_name, number_entry, percent_entry, print_setup, quantity_entry,
};
use rust_xlsxwriter::{Workbook, XlsxError};

/// The cells of one line, in column order.
fn cells<'f>(c: &Consolidation, l: &UnitLine, decimals: u32, f: &'f Formats) -> Vec<Entry<'f>> {
    let plan = &c.check.plan;
    let t = &plan.targets[l.target];
    let s = l.source();
    let rate_target = l.target_value(&c.check.plan).is_rate_like();
    let mut row = vec![
        Entry::text(&plan.units[l.unit].name, &f.text),
        Entry::text(&t.id, &f.center),
        Entry::text(&t.name, &f.text),
        Entry::text(t.measure.as_deref().unwrap_or(""), &f.center),
        quantity_entry(l.target_value(&c.check.plan), decimals, Tone::Plain, f),
        judged_entry(l.completed(), rate_target, decimals, Tone::Plain, f),
    ];
    if c.has_previous {
        row.push(match l.increase {
            Some(d) => number_entry(d, decimals, Tone::Plain, f),
            None => Entry::text("", &f.text),
        });
    }
    row.push(match l.rate {
        Some(r) => percent_entry(r, 1, tone(l.status), f),
        None => Entry::text("", &f.text),
    });
    row.push(Entry::text(l.status.word(), f.toned(tone(l.status))));
    if year_end(c) {
        row.push(Entry::text(evaluation(l.status), f.toned(tone(l.status))));
    }
    row.push(Entry::text(l.progress().unwrap_or(""), &f.text));
    // The file's name; its full path is in 回收情况 (and in --json).
    row.push(Entry::text(s.map_or("", |s| file_name(&s.file)), &f.text));
    row.push(Entry::text(s.map_or("", |s| &*s.sheet), &f.text));
    row.push(Entry::text(
        s.map(|s| s.cell.to_string()).unwrap_or_default(),
        &f.text,
    ));
    row
}

/// Write the 单位情况 sheet.
pub fn sheet(wb: &mut Workbook, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb
        .add_worksheet_with_low_memory()?
        .set_name(report_sheet::SHEET)?;
    let names = report_sheet::columns(c.has_previous, year_end(c));
    let mut lines: Vec<&UnitLine> = c.units.iter().collect();
    lines.sort_by_key(|l| (u8::from(l.status != Progress::Lagging), l.unit, l.target));
    let decimals = target_decimals(c);
    // First pass: what each column holds, for its width.
    let mut seen = Widths::default();
    for (col, name) in names.iter().enumerate() {
        seen.see(col as u16, name, &f.header);
    }
    for l in &lines {
        for (col, e) in cells(c, l, decimals[l.target], f).iter().enumerate() {
            seen.see(col as u16, e.shown(), e.style());
        }
    }
    let at = |name: &str| names.iter().position(|n| *n == name).map(|c| c as u16);
    let (name_col, progress_col, file_col) = (at("目标名称"), at("进展情况"), at("来源文件"));
    let widths = seen.widths(
        names.len(),
        |col| match Some(col) {
            n if n == name_col || n == progress_col => 16.0,
            _ => 5.0,
        },
        |col| match Some(col) {
            n if n == name_col => 26.0,
            n if n == progress_col => 30.0,
            n if n == file_col => 24.0,
            _ => 11.0,
        },
    );
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    // Second pass, in row order: each row's height, then its cells.
    let header: Vec<Entry> = names.iter().map(|n| Entry::text(n, &f.header)).collect();
    let rows =
        std::iter::once(header).chain(lines.iter().map(|l| cells(c, l, decimals[l.target], f)));
    for (row, entries) in rows.enumerate() {
        let row = row as u32;
        let sized = entries
            .iter()
            .enumerate()
            .map(|(col, e)| (col as u16, e.shown(), e.style()));
        if let Some(h) = row_height(&widths, sized) {
            ws.set_row_height(row, h)?;
        }
        for (col, e) in entries.into_iter().enumerate() {
            e.write(ws, row, col as u16)?;
        }
    }
    ws.autofilter(0, 0, c.units.len() as u32, (names.len() - 1) as u16)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, widths.iter().sum(), Some((0, 0)), Paper::ForWidth, 0)
}
