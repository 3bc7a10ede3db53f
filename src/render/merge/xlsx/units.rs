//! 单位情况: one row per unit and target, lagging lines first, with the
//! unit's 进展情况 and where each figure came from. Written in constant-memory
//! mode (240,000 rows at 3,000 units): the column widths are measured in a
//! first pass over the lines, then each row's height is set just before the
//! row is written, since a row once left cannot be changed. Both passes make
//! the cells on every core; only the writing, in row order, is on one.

use super::{evaluation, judged_entry, target_decimals, tone, year_end};
use crate::merge::{Consolidation, Progress, UnitLine};
use crate::model::report_sheet;
use crate::render::xlsx::layout::{Entry, Widths, row_height};
use crate::render::xlsx::{
    Formats, Paper, Tone, file_name, number_entry, percent_entry, print_setup, quantity_entry,
};
use rayon::prelude::*;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The cells of one line, in column order.
fn cells<'f>(c: &Consolidation, l: &UnitLine, decimals: u32, f: &'f Formats) -> Vec<Entry<'f>> {
    let plan = &c.check.plan;
    let t = &plan.targets[l.target];
    let s = l.source();
    let rate_target = l.target_value(&c.check.plan).is_rate_like();
    // Room for every column (a `vec!` of the first six grew to 24 for 13:
    // 8,192 rows are held at a time).
    let mut row = Vec::with_capacity(report_sheet::MOST_COLUMNS);
    row.extend([
        Entry::text(&plan.units[l.unit].name, &f.text),
        Entry::text(&t.id, &f.center),
        Entry::text(&t.name, &f.text),
        Entry::text(t.measure.as_deref().unwrap_or(""), &f.center),
        quantity_entry(l.target_value(&c.check.plan), decimals, Tone::Plain, f),
        judged_entry(l.completed(), rate_target, decimals, Tone::Plain, f),
    ]);
    if c.has_previous {
        row.push(match l.increase() {
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
    row.push(Entry::text(s.map_or("", |s| file_name(s.file())), &f.text));
    row.push(Entry::text(s.map_or("", |s| s.sheet()), &f.text));
    row.push(Entry::text(
        s.map(|s| s.cell.to_string()).unwrap_or_default(),
        &f.text,
    ));
    row
}

/// Lines laid out and written per batch: the next batch's cells and heights
/// are made on one core while the other writes this one.
const BATCH: usize = 4096;

/// What a batch of lines writes: each row's height (when not the default)
/// and its cells.
type Rows<'f> = Vec<(Option<f64>, Vec<Entry<'f>>)>;

/// Write the 单位情况 sheet.
/// `ws` is a low-memory sheet (its cells go to disk as each row is left).
pub fn sheet(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(report_sheet::SHEET)?;
    let names = report_sheet::columns(c.has_previous, year_end(c));
    let mut lines: Vec<&UnitLine> = c.units.iter().collect();
    lines.sort_by_key(|l| (u8::from(l.status != Progress::Lagging), l.unit, l.target));
    let decimals = target_decimals(c);
    let widths = column_widths(c, &names, &lines, &decimals, f);
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    // Second pass, in row order: each row's height, then its cells.
    let layout = |batch: &[&UnitLine]| -> Rows<'_> {
        let rows = batch.iter().map(|l| cells(c, l, decimals[l.target], f));
        rows.map(|entries| (height(&widths, &entries), entries))
            .collect()
    };
    let header: Vec<Entry> = names.iter().map(|n| Entry::text(n, &f.header)).collect();
    let mut ready: Rows = vec![(height(&widths, &header), header)];
    let mut row = 0u32;
    for batch in lines.chunks(BATCH) {
        let (written, next) = rayon::join(|| write_rows(ws, row, ready), || layout(batch));
        row = written?;
        ready = next;
    }
    write_rows(ws, row, ready)?;
    ws.autofilter(0, 0, c.units.len() as u32, (names.len() - 1) as u16)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, widths.iter().sum(), Some((0, 0)), Paper::ForWidth, 0)
}

/// The columns' widths from what they hold, the lines seen on every core.
fn column_widths(
    c: &Consolidation,
    names: &[&str],
    lines: &[&UnitLine],
    decimals: &[u32],
    f: &Formats,
) -> Vec<f64> {
    let mut seen = Widths::default();
    for (col, name) in names.iter().enumerate() {
        seen.see(col as u16, name, &f.header);
    }
    let seen = lines
        .par_chunks(BATCH)
        .map(|batch| {
            let mut seen = Widths::default();
            for l in batch {
                for (col, e) in cells(c, l, decimals[l.target], f).iter().enumerate() {
                    seen.see(col as u16, e.shown(), e.style());
                }
            }
            seen
        })
        .reduce(Widths::default, Widths::merge)
        .merge(seen);
    let at = |name: &str| names.iter().position(|n| *n == name).map(|c| c as u16);
    let (name_col, progress_col, file_col) = (at("目标名称"), at("进展情况"), at("来源文件"));
    seen.widths(
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
    )
}

/// The height a row of `entries` needs, when not the default.
fn height(widths: &[f64], entries: &[Entry]) -> Option<f64> {
    let sized = entries
        .iter()
        .enumerate()
        .map(|(col, e)| (col as u16, e.shown(), e.style()));
    row_height(widths, sized)
}

/// Write `rows` from worksheet row `first` on; the row after them.
fn write_rows(ws: &mut Worksheet, first: u32, rows: Rows) -> Result<u32, XlsxError> {
    let mut row = first;
    for (h, entries) in rows {
        if let Some(h) = h {
            ws.set_row_height(row, h)?;
        }
        for (col, e) in entries.into_iter().enumerate() {
            e.write(ws, row, col as u16)?;
        }
        row += 1;
    }
    Ok(row)
}
