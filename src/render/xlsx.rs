//! What every workbook we write shares: the cell formats, the print setup,
//! the header row, a quantity written as a number where it is one, column
//! widths from their text, and the findings table (问题清单 and 校验问题).

use crate::finding::Severity;
use crate::quantity::{Bound, Quantity};
use crate::render::WriteText;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatBorder, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// The cell formats every workbook we write shares.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    pub(crate) number: Format,
    pub(crate) percent: Format,
}

impl Formats {
    /// 宋体 10 pt with thin borders; headers bold on blue, wrapped.
    pub(crate) fn new() -> Self {
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

/// A Decimal as the f64 a cell stores (display only; sums stay Decimal).
pub(crate) fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// A row of header cells.
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
