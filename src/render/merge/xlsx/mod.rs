//! The consolidated report workbook (`merge -o`), as bytes: 概况, 汇总,
//! 单位情况, 问题清单, 回收情况, 图表, and the hidden `_huizong_report` that
//! makes the report a return one level up. Pure: the caller writes the bytes,
//! atomically. Every sheet is laid out to fit its text and set up to print
//! one page wide (src/render/xlsx.rs).
//!
//! Every string is written as a string (never a formula), so a return's text
//! that begins with `=` cannot become one in the report.

use crate::merge::summary::{Standing, Summary, summarize};
use crate::merge::{Consolidation, Fate, Progress, matching::Judged};
use crate::quantity::Quantity;
use crate::render::xlsx::layout::{Canvas, Entry, Style};
use crate::render::xlsx::{
    Formats, Paper, Tone, decimals, decimals_of, findings_table, finish, headers, number_entry,
    percent_decimals, percent_entry, quantity_entry, title_stem,
};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

mod chart;
mod meta;
mod overview;
mod summary;
mod units;

/// The colour of a unit's line by its status.
pub(crate) fn tone(p: Progress) -> Tone {
    match p {
        Progress::Done => Tone::Done,
        Progress::Lagging => Tone::Lagging,
        Progress::NoReturn | Progress::Invalid => Tone::Missing,
        _ => Tone::Plain,
    }
}

/// The colour of a received file's fate in 回收情况.
fn fate_tone(fate: Fate) -> Tone {
    match fate {
        Fate::Accepted => Tone::Done,
        Fate::Superseded => Tone::Plain,
        Fate::Rejected | Fate::NotAReturn => Tone::Lagging,
    }
}

/// The colour of a target's standing.
pub(crate) fn standing_tone(s: Standing) -> Tone {
    match s {
        Standing::Done => Tone::Done,
        Standing::Lagging => Tone::Lagging,
        Standing::NoFigure => Tone::Missing,
        _ => Tone::Plain,
    }
}

/// Per target, the decimals its figures are shown with: as many as the plan
/// writes its total and allocations with, or a unit's figure, whichever is
/// more (of the percentage, for a rate target).
pub(crate) fn target_decimals(c: &Consolidation) -> Vec<u32> {
    let mut d: Vec<u32> = c
        .check
        .plan
        .targets
        .iter()
        .map(|t| {
            t.allocations
                .iter()
                .map(|a| decimals_of(&a.quantity, 0))
                .fold(decimals_of(&t.total, 0), u32::max)
        })
        .collect();
    for l in &c.units {
        if let Some(Judged::Figure(q)) = l.completed() {
            let rate = l.target_value(&c.check.plan).is_rate_like();
            let own = match q {
                Quantity::Amount(m) if rate => percent_decimals(m.value),
                _ => decimals_of(q, 0),
            };
            d[l.target] = d[l.target].max(own);
        }
    }
    d
}

/// A unit's figure (or its words) as a cell: a figure for a rate target is a
/// rate, however it was typed (0.79 or 79%).
pub(crate) fn judged_entry<'f>(
    j: Option<&Judged>,
    rate_target: bool,
    decimals: u32,
    tone: Tone,
    f: &'f Formats,
) -> Entry<'f> {
    match j {
        Some(Judged::Figure(Quantity::Amount(m))) if rate_target && m.value <= Decimal::ONE => {
            percent_entry(m.value, decimals, tone, f)
        }
        Some(Judged::Figure(q)) => quantity_entry(q, decimals, tone, f),
        Some(Judged::Note(n)) => Entry::text(n, f.toned(tone)),
        _ => Entry::text("", f.toned(tone)),
    }
}

/// An amount that may be absent, as a cell.
pub(crate) fn maybe_number<'f>(
    d: Option<Decimal>,
    decimals: u32,
    tone: Tone,
    f: &'f Formats,
) -> Entry<'f> {
    match d {
        Some(d) => number_entry(d, decimals.max(self::decimals(d)), tone, f),
        None => Entry::text("", f.toned(tone)),
    }
}

/// The report's title: the plan's title with 任务分解表 turned into
/// 第N季度进展`what` (汇总, 概况).
pub fn title(c: &Consolidation, what: &str) -> String {
    let words = c.period.words();
    let plan = &c.check.plan;
    let base = plan
        .title
        .clone()
        .unwrap_or_else(|| format!("{}年", c.period.year));
    format!("{}{words}进展{what}", title_stem(&base))
}

/// Whether the year-end evaluation (综合评价: 完成 / 未完成) is shown: the fourth quarter.
pub(crate) fn year_end(c: &Consolidation) -> bool {
    c.period.end_month() == 12
}

/// The words for a unit line's year-end evaluation.
pub(crate) fn evaluation(p: Progress) -> &'static str {
    Standing::of_line(p).evaluation()
}

fn findings(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("问题清单")?;
    findings_table(ws, &c.findings, f)
}

fn received(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("回收情况")?;
    // The hash is for checking a file, not for reading: small, on two lines.
    let hash = Style::new(
        f.text
            .format
            .clone()
            .set_font_size(7)
            .set_font_name("Courier New"),
        7.0,
        true,
    );
    let mut canvas = Canvas::new(30.0);
    headers(
        &mut canvas,
        0,
        &["文件", "单位", "填报日期", "状态", "原因", "SHA-256"],
        f,
    );
    canvas
        .limit(0, 20.0, 30.0)
        .limit(4, 24.0, 44.0)
        .fix(5, 24.0);
    let mut row = 1;
    for r in &c.received {
        let (status, tone) = (r.status.word(), fate_tone(r.status));
        let cells = [
            &r.file,
            r.unit.as_deref().unwrap_or(""),
            r.date.as_deref().unwrap_or(""),
        ];
        for (col, text) in cells.iter().enumerate() {
            canvas.text(row, col as u16, *text, &f.text);
        }
        canvas.text(row, 3, status, f.toned(tone));
        canvas.text(row, 4, r.reason.as_deref().unwrap_or(""), &f.text);
        canvas.text(row, 5, r.sha256.as_deref().unwrap_or(""), &hash);
        row += 1;
    }
    for x in c
        .findings
        .iter()
        .filter(|x| x.code == crate::finding::Code::MissingReturn)
    {
        let cells = ["（未收到）", x.unit.as_deref().unwrap_or(""), ""];
        for (col, text) in cells.iter().enumerate() {
            canvas.text(row, col as u16, *text, &f.text);
        }
        canvas.text(row, 3, "未报送", f.toned(Tone::Missing));
        canvas.text(row, 4, x.message.as_str(), &f.text);
        canvas.blank(row, 5, &f.text);
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
            canvas.text(row, col as u16, *text, &f.text);
        }
    }
    ws.set_freeze_panes(1, 0)?;
    finish(canvas, ws, Some((0, 0)), Paper::ForWidth)
}

/// The report workbook's bytes. Deterministic: fixed document properties.
/// `notes`: a cell note on every unit figure in 汇总 giving its source (`--notes`).
pub fn report(c: &Consolidation, notes: bool) -> Result<Vec<u8>, XlsxError> {
    workbook(c, notes)?.save_to_buffer()
}

/// The report written to `out` as it is zipped, the same bytes as
/// [`report`]'s, never held whole (22 MB at 3,000 units).
pub fn write_report(
    c: &Consolidation,
    notes: bool,
    out: impl std::io::Write + Send,
) -> Result<(), XlsxError> {
    workbook(c, notes)?.save_to_writer(out)
}

/// The report's workbook, every sheet written, not yet saved.
fn workbook(c: &Consolidation, notes: bool) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // Excel's own level: at 3,000 units a fifth faster to write than the
    // crate's default 6, for a file a few per cent larger.
    wb.set_zip_compression_level(3);
    let f = Formats::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(format!("{} 进展汇总", c.period))
        .set_author("huizong")
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);
    let s: Summary = summarize(c);
    // 单位情况 and 汇总 are written side by side into the workbook's one
    // table of formats; numbered here first, in a fixed order, a format has
    // the same number whichever sheet reaches it first. (`register_format`
    // is documented for this, pre-numbering formats for sheets written on
    // several threads, though hidden from the crate's docs.)
    for format in f.every() {
        wb.register_format(format);
    }
    // The sheets in their order; 单位情况 (240,000 rows at 3,000 units) is
    // written on one core while the other sheets are on the other, then the
    // hidden sheet. Deterministic: 单位情况 and then the hidden sheet number
    // the shared strings as they write, one after the other (汇总's strings
    // are inline); the small sheets' are numbered when the workbook is
    // saved. (The hidden sheet alongside 单位情况, with inline strings, made
    // a file half as large again and was no faster.)
    wb.add_worksheet();
    // 汇总 (80 rows × 3,000 unit columns) goes out row by row as it is
    // written, its strings inline, so it neither stays in memory until the
    // save nor races 单位情况 for the shared strings. Not with cell notes: the
    // crate places a note's box by its rows' heights, which a sheet written
    // row by row no longer holds.
    if notes {
        wb.add_worksheet();
    } else {
        wb.add_worksheet_with_constant_memory()?;
    }
    wb.add_worksheet_with_low_memory()?;
    for _ in 0..3 {
        wb.add_worksheet();
    }
    wb.add_worksheet_with_low_memory()?;
    let sheets: &mut [Worksheet; 7] = wb
        .worksheets_mut()
        .as_mut_slice()
        .try_into()
        .map_err(|_| XlsxError::ParameterError("报告应有 7 张工作表".to_string()))?;
    let [
        overview_ws,
        summary_ws,
        units_ws,
        findings_ws,
        received_ws,
        chart_ws,
        meta_ws,
    ] = sheets;
    let (units_written, others) = rayon::join(
        || units::sheet(units_ws, c, &f),
        || -> Result<(), XlsxError> {
            overview::sheet(overview_ws, c, &s, &f)?;
            summary::sheet(summary_ws, c, &s, &f, notes)?;
            findings(findings_ws, c, &f)?;
            received(received_ws, c, &f)?;
            chart::sheet(chart_ws, c, &f)
        },
    );
    units_written?;
    others?;
    meta::sheet(meta_ws, c)?;
    Ok(wb)
}
