//! The checked plan (`check -o`), as bytes: the plan's sheet rebuilt as the
//! clerk knows it (same rows, columns, merged cells and values), with every
//! cell in a finding filled (red for errors, amber for warnings) and a note
//! saying what is wrong, a 校验结果 column at the right, and a 校验问题 sheet.

use crate::finding::{Finding, Severity};
use crate::grid::{Addr, Grid, Value};
use crate::reconcile::{Check, Status};
use crate::render::WriteText;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatBorder, Note, Workbook, Worksheet, XlsxError};
use std::collections::HashMap;
use unicode_width::UnicodeWidthStr;

struct Formats {
    plain: Format,
    error: Format,
    warning: Format,
    header: Format,
}

fn formats() -> Formats {
    let plain = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_name("宋体")
        .set_font_size(10)
        .set_text_wrap();
    Formats {
        error: plain.clone().set_background_color("#FFC7CE"),
        warning: plain.clone().set_background_color("#FFEB9C"),
        header: plain.clone().set_bold().set_background_color("#D9E1F2"),
        plain,
    }
}

/// Findings by the cell they point at (the anchor of a merge when inside one).
fn by_cell<'a>(grid: &Grid, findings: &'a [Finding]) -> HashMap<Addr, Vec<&'a Finding>> {
    let mut map: HashMap<Addr, Vec<&Finding>> = HashMap::new();
    for f in findings {
        if let Some(addr) = f.cell.as_deref().and_then(Addr::parse) {
            let anchor = grid.merge_at(addr).map_or(addr, |m| m.start);
            map.entry(anchor).or_default().push(f);
        }
    }
    map
}

fn write_value(
    ws: &mut Worksheet,
    addr: Addr,
    v: &Value,
    format: &Format,
) -> Result<(), XlsxError> {
    let (r, c) = (addr.row, addr.col as u16);
    match v {
        Value::Number {
            value,
            percent: true,
        } => ws.write_number_with_format(
            r,
            c,
            value.to_f64().unwrap_or(0.0),
            &format.clone().set_num_format("0%"),
        )?,
        Value::Number { value, .. } => {
            ws.write_number_with_format(r, c, value.to_f64().unwrap_or(0.0), format)?
        }
        Value::Empty => ws.write_blank(r, c, format)?,
        other => ws.write_text(r, c, other.display(), format)?,
    };
    Ok(())
}

fn format_for<'a>(found: Option<&Vec<&Finding>>, f: &'a Formats) -> &'a Format {
    match found {
        Some(list) if list.iter().any(|x| x.severity == Severity::Error) => &f.error,
        Some(_) => &f.warning,
        None => &f.plain,
    }
}

/// The plan's sheet, rebuilt as it was written (a plan read across is
/// turned back: findings name the sheet's own cells), with findings marked.
fn plan_sheet(wb: &mut Workbook, read: &Grid, check: &Check, f: &Formats) -> Result<(), XlsxError> {
    let turned;
    let grid = if read.is_transposed() {
        turned = read.transposed();
        &turned
    } else {
        read
    };
    let ws = wb.add_worksheet().set_name(&grid.sheet)?;
    let marks = by_cell(grid, &check.findings);
    let mut widths = vec![0usize; grid.width() as usize + 1];
    for (r, row) in grid.rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let addr = Addr::new(r as u32, c as u32);
            if grid.merge_at(addr).is_some_and(|m| m.start != addr) {
                continue;
            }
            let found = marks.get(&addr);
            write_value(ws, addr, v, format_for(found, f))?;
            if grid.merge_at(addr).is_none() {
                widths[c] = widths[c].max(v.display().width());
            }
        }
    }
    for m in grid.merges() {
        let v = grid.raw(m.start);
        let format = format_for(marks.get(&m.start), f);
        ws.merge_range(
            m.start.row,
            m.start.col as u16,
            m.end.row,
            m.end.col as u16,
            "",
            format,
        )?;
        write_value(ws, m.start, v, format)?;
    }
    for (addr, list) in &marks {
        let text: Vec<String> = list.iter().map(|x| x.message.clone()).collect();
        ws.insert_note(
            addr.row,
            addr.col as u16,
            &Note::new(crate::render::fit_note(&text.join("\n"))).set_author("huizong"),
        )?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, ((*w).clamp(4, 30) as f64) * 1.1 + 1.0)?;
    }
    results(ws, grid, check, f)
}

/// The 校验结果 of each target: a column at the right of a table read down,
/// a row under a table read across (its targets are the sheet's columns);
/// the header rows repeat on every printed page and stay in view.
fn results(ws: &mut Worksheet, grid: &Grid, check: &Check, f: &Formats) -> Result<(), XlsxError> {
    let plan = &check.plan;
    // Read across, the grid's rows are the sheet's columns and back.
    let place = |line: u32, across: u32| match plan.transposed {
        false => (line, across as u16),
        true => (across, line as u16),
    };
    let (result_line, header) = match plan.transposed {
        false => (grid.width(), plan.range.start.row),
        true => (grid.height(), first_figure_row(plan).saturating_sub(1)),
    };
    let (r, c) = place(plan.range.start.row, result_line);
    ws.write_text(r, c, "校验结果", &f.header)?;
    for (t, v) in plan.targets.iter().zip(&check.verdicts) {
        let format = match v.status {
            Status::Mismatch => &f.error,
            Status::RateWarning => &f.warning,
            _ => &f.plain,
        };
        let (r, c) = place(t.row - 1, result_line);
        ws.write_text(r, c, v.status.word(), format)?;
    }
    if !plan.transposed {
        ws.set_column_width(result_line as u16, 18)?;
    }
    crate::render::xlsx::print_setup(ws, (header, header))?;
    ws.set_freeze_panes(header + 1, 0)?;
    Ok(())
}

/// Of a plan read across, the sheet's first row of figures: the total's
/// row or the first unit's, whichever is higher.
fn first_figure_row(plan: &crate::model::plan::Plan) -> u32 {
    let total = plan.targets.first().map(|t| t.total_addr.col);
    plan.units
        .iter()
        .map(|u| u.col)
        .chain(total)
        .min()
        .unwrap_or(0)
}

fn problems_sheet(wb: &mut Workbook, check: &Check, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("校验问题")?;
    crate::render::xlsx::findings_table(ws, &check.findings, &f.header, &f.plain)
}

/// The checked plan's bytes. Deterministic: fixed document properties.
pub fn checked(grid: &Grid, check: &Check) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title("校验结果")
        .set_author("huizong")
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);
    plan_sheet(&mut wb, grid, check, &f)?;
    problems_sheet(&mut wb, check, &f)?;
    wb.save_to_buffer()
}
