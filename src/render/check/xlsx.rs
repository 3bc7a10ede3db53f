//! The checked plan (`check -o`), as bytes: the plan's sheet rebuilt as the
//! clerk knows it (same rows, columns, merged cells and values), with every
//! cell in a finding filled (red for errors, amber for warnings) and a note
//! saying what is wrong, a 校验结果 column at the right, and a 校验问题 sheet.

use crate::finding::{Finding, Severity};
use crate::grid::{Addr, Grid, Value};
use crate::reconcile::{Check, Status};
use crate::render::xlsx::layout::{Canvas, Entry, Style};
use crate::render::xlsx::{Formats, Paper, findings_table, finish};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Workbook, XlsxError};
use std::collections::HashMap;

/// The checked plan's styles: every cell wrapped, as in the plan; a finding's
/// cell filled red (error) or amber (warning).
struct Styles {
    text: [Style; 3],
    number: [Style; 3],
    percent: [Style; 3],
    header: Style,
    shared: Formats,
}

fn styles() -> Styles {
    let plain = Format::new()
        .set_border(FormatBorder::Thin)
        .set_font_name("宋体")
        .set_font_size(10)
        .set_align(FormatAlign::VerticalCenter);
    let fills = [None, Some("#FFC7CE"), Some("#FFEB9C")];
    let fill = |f: Format, i: usize| match fills[i] {
        Some(colour) => f.set_background_color(colour),
        None => f,
    };
    let each = |make: &dyn Fn(usize) -> Style| [make(0), make(1), make(2)];
    Styles {
        text: each(&|i| Style::new(fill(plain.clone(), i), 10.0, true)),
        number: each(&|i| Style::new(fill(plain.clone(), i), 10.0, false)),
        percent: each(&|i| Style::new(fill(plain.clone().set_num_format("0%"), i), 10.0, false)),
        header: Style::new(
            plain.clone().set_bold().set_background_color("#D9E1F2"),
            10.0,
            true,
        ),
        shared: Formats::new(),
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

/// 0 plain, 1 error, 2 warning.
fn mark(found: Option<&Vec<&Finding>>) -> usize {
    match found {
        Some(list) if list.iter().any(|x| x.severity == Severity::Error) => 1,
        Some(_) => 2,
        None => 0,
    }
}

fn entry<'s>(v: &Value, m: usize, s: &'s Styles) -> Entry<'s> {
    match v {
        Value::Number {
            value,
            percent: true,
        } => {
            let shown = format!(
                "{}%",
                (*value * rust_decimal::Decimal::ONE_HUNDRED).round_dp(0)
            );
            Entry::number(value.to_f64().unwrap_or(0.0), shown, &s.percent[m])
        }
        Value::Number { value, .. } => {
            Entry::number(value.to_f64().unwrap_or(0.0), v.display(), &s.number[m])
        }
        Value::Empty => Entry::blank(&s.text[m]),
        other => Entry::text(other.display(), &s.text[m]),
    }
}

/// The plan's sheet, rebuilt as it was written (a plan read across is
/// turned back: findings name the sheet's own cells), with findings marked.
fn plan_sheet(wb: &mut Workbook, read: &Grid, check: &Check, s: &Styles) -> Result<(), XlsxError> {
    let turned;
    let grid = if read.is_transposed() {
        turned = read.transposed();
        &turned
    } else {
        read
    };
    let ws = wb.add_worksheet().set_name(&grid.sheet)?;
    let marks = by_cell(grid, &check.findings);
    let mut canvas = Canvas::new(24.0);
    for (r, row) in grid.rows().iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let addr = Addr::new(r as u32, c as u32);
            if grid.merge_at(addr).is_some_and(|m| m.start != addr) {
                continue;
            }
            canvas.put(
                addr.row,
                addr.col as u16,
                entry(v, mark(marks.get(&addr)), s),
            );
        }
    }
    for m in grid.merges() {
        let v = grid.raw(m.start);
        let e = entry(v, mark(marks.get(&m.start)), s);
        canvas.put(m.start.row, m.start.col as u16, e);
        canvas.merge(m.start.row, m.start.col as u16, m.end.row, m.end.col as u16);
    }
    borders(&mut canvas, read, check, s);
    let plan = &check.plan;
    if !plan.transposed {
        // The units' columns wrap sooner than the names: eleven of them must fit across.
        for u in &plan.units {
            canvas.limit(u.col as u16, 5.0, 12.0);
        }
        if let Some(t) = plan.targets.first() {
            canvas.limit(t.total_addr.col as u16, 6.0, 14.0);
        }
    }
    let header = results(&mut canvas, grid, check, s);
    finish(canvas, ws, Some((header, header)), Paper::ForWidth)?;
    let mut noted: Vec<(&Addr, &Vec<&Finding>)> = marks.iter().collect();
    noted.sort_by_key(|(a, _)| (a.row, a.col));
    for (addr, list) in noted {
        let text: Vec<String> = list.iter().map(|x| x.message.clone()).collect();
        ws.insert_note(
            addr.row,
            addr.col as u16,
            &Note::new(crate::render::fit_note(&text.join("\n"))).set_author("huizong"),
        )?;
    }
    ws.set_freeze_panes(header + 1, 0)?;
    Ok(())
}

/// Where a cell of the grid as read is on the sheet (turned back when the
/// plan was read across).
fn on_sheet(check: &Check, row: u32, col: u32) -> (u32, u16) {
    match check.plan.transposed {
        false => (row, col as u16),
        true => (col, row as u16),
    }
}

/// Every cell of the table has its border, written or not.
fn borders<'s>(canvas: &mut Canvas<'s>, read: &Grid, check: &Check, s: &'s Styles) {
    let range = check.plan.range;
    for row in range.start.row..=range.end.row {
        for col in 0..read.width() {
            let addr = Addr::new(row, col);
            if read.merge_at(addr).is_none_or(|m| m.start == addr) {
                let (r, c) = on_sheet(check, row, col);
                canvas.put_if_absent(r, c, Entry::blank(&s.text[0]));
            }
        }
    }
}

/// The 校验结果 of each target: a column at the right of a table read down,
/// a row under a table read across (its targets are the sheet's columns).
/// Gives the header row, which repeats on every printed page and stays in view.
fn results<'s>(canvas: &mut Canvas<'s>, grid: &Grid, check: &Check, s: &'s Styles) -> u32 {
    let plan = &check.plan;
    let (result_line, header) = match plan.transposed {
        false => (grid.width(), plan.range.start.row),
        true => (grid.height(), first_figure_row(plan).saturating_sub(1)),
    };
    let (r, c) = on_sheet(check, plan.range.start.row, result_line);
    canvas.text(r, c, "校验结果", &s.header);
    for (t, v) in plan.targets.iter().zip(&check.verdicts) {
        let m = match v.status {
            Status::Mismatch => 1,
            Status::RateWarning => 2,
            _ => 0,
        };
        let (r, c) = on_sheet(check, t.row - 1, result_line);
        canvas.text(r, c, v.status.word(), &s.text[m]);
    }
    if !plan.transposed {
        canvas.limit(result_line as u16, 10.0, 16.0);
    }
    header
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

fn problems_sheet(wb: &mut Workbook, check: &Check, s: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("校验问题")?;
    findings_table(ws, &check.findings, &s.shared)
}

/// The checked plan's bytes. Deterministic: fixed document properties.
pub fn checked(grid: &Grid, check: &Check) -> Result<Vec<u8>, XlsxError> {
    let f = styles();
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
