//! The consolidated report workbook (`merge -o`), as bytes: 汇总, 单位情况,
//! 问题清单, 回收情况. Pure: the caller writes the bytes, atomically.
//!
//! Every string is written as a string (never a formula), so a return's text
//! that begins with `=` cannot become one in the report.

use crate::finding::Severity;
use crate::merge::{Consolidation, Fate, matching::Judged};
use crate::quantity::{Bound, Quantity};
use crate::render::WriteText;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

mod chart;
mod summary;

pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) number: Format,
    pub(crate) percent: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("宋体")
            .set_font_size(10);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_name("宋体"),
            header: cell
                .clone()
                .set_bold()
                .set_background_color("#D9E1F2")
                .set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            number: cell.clone().set_num_format("#,##0.########"),
            percent: cell.set_num_format("0.0%"),
        }
    }
}

pub(crate) fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

pub(crate) fn headers(
    ws: &mut Worksheet,
    row: u32,
    names: &[&str],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        ws.write_text(row, c as u16, *name, &f.header)?;
    }
    Ok(())
}

/// Write a quantity as a number where it is one, else as its text.
pub(crate) fn quantity(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    q: &Quantity,
    f: &Formats,
) -> Result<(), XlsxError> {
    match q {
        Quantity::Amount(m) if m.bound == Bound::Exact => {
            ws.write_number_with_format(row, col, number(m.value), &f.number)?;
        }
        Quantity::Rate(m) if m.bound == Bound::Exact => {
            ws.write_number_with_format(row, col, number(m.value), &f.percent)?;
        }
        other => {
            ws.write_text(row, col, other.to_string(), &f.text)?;
        }
    }
    Ok(())
}

/// Whether an allocation is a rate (so its figures are shown as percentages).
pub(crate) fn is_rate(q: &Quantity) -> bool {
    matches!(q, Quantity::Rate(_))
        || matches!(q, Quantity::Uniform(inner) if matches!(inner.as_ref(), Quantity::Rate(_)))
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
        .set_name("单位情况")?;
    let names = [
        "单位",
        "序号",
        "目标名称",
        "本单位目标",
        "累计完成",
        "完成率",
        "状态",
        "来源文件",
        "工作表",
        "单元格",
    ];
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
        let texts = [
            (0, plan.units[l.unit].name.as_str()),
            (1, t.id.as_str()),
            (2, t.name.as_str()),
            (6, l.status.word()),
            (7, file),
            (8, s.map_or("", |s| &*s.sheet)),
            (9, s.map_or("", |s| s.cell.as_str())),
        ];
        for (col, text) in texts {
            ws.write_text(row, col, text, &f.text)?;
            widen(&mut widths, usize::from(col), text);
        }
        widen(&mut widths, 3, &l.target_value.to_string());
        if let Some(Judged::Note(note)) = &l.completed {
            widen(&mut widths, 4, note);
        }
        quantity(ws, row, 3, &l.target_value, f)?;
        judged(
            ws,
            row,
            4,
            l.completed.as_ref(),
            is_rate(&l.target_value),
            f,
        )?;
        match l.rate {
            Some(r) => ws.write_number_with_format(row, 5, number(r), &f.percent)?,
            None => ws.write_text(row, 5, "", &f.text)?,
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

/// A sheet listing findings, errors first: the problem in words, its code,
/// unit, 序号, file, cell, expected, actual and the message. Shared by the
/// report's 问题清单 and the checked plan's 校验问题.
pub(crate) fn findings_table(
    ws: &mut Worksheet,
    findings: &[crate::finding::Finding],
    header: &Format,
    text: &Format,
) -> Result<(), XlsxError> {
    let names = [
        "严重程度",
        "问题",
        "代码",
        "单位",
        "序号",
        "文件",
        "位置（文件!工作表!单元格）",
        "应为",
        "实际",
        "说明",
    ];
    for (col, name) in names.iter().enumerate() {
        ws.write_text(0, col as u16, *name, header)?;
    }
    let mut sorted: Vec<_> = findings.iter().collect();
    sorted.sort_by_key(|x| x.severity);
    for (i, x) in sorted.iter().enumerate() {
        let severity = if x.severity == Severity::Error {
            "错误"
        } else {
            "提示"
        };
        let place = match (x.file.as_deref(), x.cell.as_deref()) {
            (Some(file), Some(cell)) => format!("{}!{cell}", file_name(file)),
            (_, cell) => cell.unwrap_or("").to_string(),
        };
        let cells = [
            severity,
            x.code.word(),
            x.code.as_str(),
            x.unit.as_deref().unwrap_or(""),
            x.target.as_deref().unwrap_or(""),
            x.file.as_deref().unwrap_or(""),
            place.as_str(),
            x.expected.as_deref().unwrap_or(""),
            x.actual.as_deref().unwrap_or(""),
            x.message.as_str(),
        ];
        for (col, t) in cells.iter().enumerate() {
            ws.write_text(1 + i as u32, col as u16, *t, text)?;
        }
    }
    ws.set_column_width(1, 22)?;
    ws.set_column_width(5, 30)?;
    ws.set_column_width(6, 18)?;
    ws.set_column_width(9, 60)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, (0, 0))
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
        let status = match r.status {
            Fate::Accepted => "已汇总",
            Fate::Superseded => "被替代",
            Fate::Rejected => "未汇总",
        };
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
    ws.set_column_width(0, 40)?;
    ws.set_column_width(4, 50)?;
    print_setup(ws, (0, 0))?;
    Ok(())
}

/// Print setup shared by every sheet: A3 landscape, one page wide, the header
/// rows repeated on every page, page numbers in the footer.
pub(crate) fn print_setup(ws: &mut Worksheet, header_rows: (u32, u32)) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(8);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_rows.0, header_rows.1)?;
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// Column widths from the widest text per column, a CJK character counting as
/// two (capped, so long names wrap instead).
pub(crate) fn fit_columns(
    ws: &mut Worksheet,
    widths: &[usize],
    cap: usize,
) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, (*w.min(&cap) as f64) * 1.1 + 2.0)?;
    }
    Ok(())
}

/// A file's name without its folders, for a cell (the whole path is in
/// 回收情况 and --json); the path itself when it has no name part.
pub(crate) fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(std::ffi::OsStr::to_str)
        .unwrap_or(path)
}

/// Track the widest display width per column.
pub(crate) fn widen(widths: &mut Vec<usize>, col: usize, text: &str) {
    if widths.len() <= col {
        widths.resize(col + 1, 0);
    }
    widths[col] = widths[col].max(text.width());
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
    wb.save_to_buffer()
}
