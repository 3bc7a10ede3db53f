//! The consolidated report workbook (`merge -o`), as bytes: 汇总, 单位情况,
//! 问题清单, 回收情况, 图表, and the hidden `_huizong_report` that makes the
//! report a return one level up. Pure: the caller writes the bytes, atomically.
//!
//! Every string is written as a string (never a formula), so a return's text
//! that begins with `=` cannot become one in the report.

use crate::merge::{Consolidation, matching::Judged};
use crate::model::report_sheet;
use crate::quantity::Quantity;
use crate::render::WriteText;
use crate::render::xlsx::{
    Formats, file_name, findings_table, fit_columns, headers, number, print_setup, quantity, widen,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

mod chart;
mod meta;
mod summary;

/// Whether an allocation is a rate (so its figures are shown as percentages).
pub(crate) fn is_rate(q: &Quantity) -> bool {
    q.is_rate_like()
}

pub(crate) fn judged(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    j: Option<&Judged>,
    rate_target: bool,
    f: &Formats,
) -> Result<(), XlsxError> {
    match j {
        // A figure for a rate target is a rate, however it was typed (0.79 or 79%).
        Some(Judged::Figure(Quantity::Amount(m))) if rate_target && m.value <= Decimal::ONE => ws
            .write_number_with_format(row, col, number(m.value), &f.percent)
            .map(|_| ()),
        Some(Judged::Figure(q)) => quantity(ws, row, col, q, f),
        Some(Judged::Note(n)) => ws.write_text(row, col, n, &f.text).map(|_| ()),
        _ => ws.write_text(row, col, "", &f.text).map(|_| ()),
    }
}

fn by_unit(wb: &mut Workbook, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    let plan = &c.check.plan;
    // Constant memory: 单位情况 has a row per unit and target (240,000 at 3,000 units),
    // written in row order, so rows are flushed as they are finished.
    let ws = wb
        .add_worksheet_with_constant_memory()?
        .set_name(report_sheet::SHEET)?;
    let names = report_sheet::COLUMNS;
    headers(ws, 0, &names, f)?;
    let mut lines: Vec<_> = c.units.iter().collect();
    lines.sort_by_key(|l| {
        (
            u8::from(l.status != crate::merge::Progress::Lagging),
            l.unit,
            l.target,
        )
    });
    // Widths fitted to what is written (the rows cannot be autofitted in
    // constant-memory mode): a wrapped cell would be cut at the default height.
    let mut widths: Vec<usize> = names.iter().map(|n| n.width()).collect();
    for (i, l) in lines.into_iter().enumerate() {
        let row = 1 + i as u32;
        let t = &plan.targets[l.target];
        let s = l.source.as_ref();
        // The file's name; its full path is in 回收情况 (and in --json).
        let file = s.map_or("", |s| file_name(&s.file));
        let cell = s.map(|s| s.cell.to_string()).unwrap_or_default();
        let texts = [
            (0, plan.units[l.unit].name.as_str()),
            (1, t.id.as_str()),
            (2, t.name.as_str()),
            (3, t.measure.as_deref().unwrap_or("")),
            (7, l.status.word()),
            (8, file),
            (9, s.map_or("", |s| &*s.sheet)),
            (10, cell.as_str()),
        ];
        for (col, text) in texts {
            ws.write_text(row, col, text, &f.text)?;
            widen(&mut widths, usize::from(col), text);
        }
        widen(&mut widths, 4, &l.target_value.to_string());
        if let Some(Judged::Note(note)) = &l.completed {
            widen(&mut widths, 5, note);
        }
        quantity(ws, row, 4, &l.target_value, f)?;
        judged(
            ws,
            row,
            5,
            l.completed.as_ref(),
            is_rate(&l.target_value),
            f,
        )?;
        match l.rate {
            Some(r) => ws.write_number_with_format(row, 6, number(r), &f.percent)?,
            None => ws.write_text(row, 6, "", &f.text)?,
        };
    }
    ws.autofilter(0, 0, c.units.len() as u32, (names.len() - 1) as u16)?;
    fit_columns(ws, &widths, 60)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, (0, 0))?;
    Ok(())
}

fn findings(wb: &mut Workbook, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("问题清单")?;
    findings_table(ws, &c.findings, &f.header, &f.text)
}

fn received(wb: &mut Workbook, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("回收情况")?;
    headers(
        ws,
        0,
        &["文件", "单位", "填报日期", "状态", "原因", "SHA-256"],
        f,
    )?;
    let mut row = 1;
    for r in &c.received {
        let status = r.status.word();
        let cells = [
            &r.file,
            r.unit.as_deref().unwrap_or(""),
            r.date.as_deref().unwrap_or(""),
            status,
            r.reason.as_deref().unwrap_or(""),
            r.sha256.as_deref().unwrap_or(""),
        ];
        for (col, text) in cells.iter().enumerate() {
            ws.write_text(row, col as u16, *text, &f.text)?;
        }
        row += 1;
    }
    for x in c
        .findings
        .iter()
        .filter(|x| x.code == crate::finding::Code::MissingReturn)
    {
        let cells = [
            "（未收到）",
            x.unit.as_deref().unwrap_or(""),
            "",
            "未报送",
            x.message.as_str(),
            "",
        ];
        for (col, text) in cells.iter().enumerate() {
            ws.write_text(row, col as u16, *text, &f.text)?;
        }
        row += 1;
    }
    let skipped = c.skipped;
    if skipped.lock_files + skipped.hidden > 0 {
        let why = format!(
            "Office 临时文件（~$…）{} 个、隐藏文件 {} 个，不是报表，未列出",
            skipped.lock_files, skipped.hidden
        );
        let cells = ["（已跳过）", "", "", "跳过", why.as_str(), ""];
        for (col, text) in cells.iter().enumerate() {
            ws.write_text(row, col as u16, *text, &f.text)?;
        }
    }
    ws.set_column_width(0, 40)?;
    ws.set_column_width(4, 50)?;
    print_setup(ws, (0, 0))?;
    Ok(())
}

/// The report workbook's bytes. Deterministic: fixed document properties.
/// `notes`: a cell note on every unit figure in 汇总 giving its source (`--notes`).
pub fn report(c: &Consolidation, notes: bool) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let f = Formats::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(format!("{} 进展汇总", c.period))
        .set_author("huizong")
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);
    summary::sheet(&mut wb, c, &f, notes)?;
    by_unit(&mut wb, c, &f)?;
    findings(&mut wb, c, &f)?;
    received(&mut wb, c, &f)?;
    chart::sheet(&mut wb, c, &f)?;
    meta::sheet(&mut wb, c)?;
    wb.save_to_buffer()
}
