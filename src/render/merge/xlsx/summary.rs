//! 汇总: the front sheet leadership reads. Title, a line on the quarter, the
//! plan's grouping merged down, per target the city's figure, rate and status
//! in words, then each unit's figure; lagging red, done green; print-ready.

use super::{is_rate, judged};
use crate::merge::{Consolidation, Fate, Progress, UnitLine};
use crate::quantity::{Bound, Quantity};
use crate::render::WriteText;
use crate::render::xlsx::{
    Formats, file_name, fit_columns, headers, number, print_setup, quantity, widen,
};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, Format, FormatAlign, Formula, Workbook,
    Worksheet, XlsxError,
};
use std::collections::HashMap;

/// The sheet's name.
pub const SHEET: &str = "汇总";

const HEADER_ROW: u32 = 2;
const FIRST: u32 = 3;

/// The target's own columns, then one per unit from [`FIRST_UNIT`].
const NAME: u16 = 2;
const MEASURE: u16 = 3;
const TOTAL: u16 = 4;
const COMPLETED: u16 = 5;
const RATE: u16 = 6;
const STATUS: u16 = 7;
const FIRST_UNIT: u16 = 8;

/// The cell showing target `i`'s city-level figure (completed).
pub fn completed_cell(i: usize) -> crate::grid::Addr {
    crate::grid::Addr::new(FIRST + i as u32, u32::from(COMPLETED))
}

/// The report's title: the plan's title with 任务分解表 turned into 第N季度进展汇总.
pub fn title(c: &Consolidation) -> String {
    let words = c.period.words();
    let plan = &c.check.plan;
    let base = plan
        .title
        .clone()
        .unwrap_or_else(|| format!("{}年", c.period.year));
    let stem = base
        .trim_end_matches("任务分解表")
        .trim_end_matches("分解表")
        .trim();
    format!("{stem}{words}进展汇总")
}

fn info_line(c: &Consolidation) -> String {
    let plan = &c.check.plan;
    let accepted = c
        .received
        .iter()
        .filter(|r| r.status == Fate::Accepted)
        .count();
    let expected = plan.units.len();
    let elapsed = c.period.elapsed() * rust_decimal::Decimal::from(100);
    format!(
        "报告期：{}　　时序进度：{}%　　收到报表：{accepted} 份（应报 {expected} 个单位）　　计划：{}",
        c.period.chinese(),
        elapsed.round_dp(1).normalize(),
        file_name(&plan.file)
    )
}

fn status_formats(ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
    let colour = |word: &str, fill: &str, font: &str| {
        ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(word.to_string()))
            .set_format(
                Format::new()
                    .set_background_color(fill)
                    .set_font_color(font),
            )
    };
    ws.add_conditional_format(
        FIRST,
        STATUS,
        last_row,
        STATUS,
        &colour(Progress::Lagging.word(), "#FFC7CE", "#9C0006"),
    )?;
    ws.add_conditional_format(
        FIRST,
        STATUS,
        last_row,
        STATUS,
        &colour(Progress::Done.word(), "#C6EFCE", "#006100"),
    )?;
    ws.add_conditional_format(
        FIRST,
        STATUS,
        last_row,
        STATUS,
        &colour(Progress::NoReturn.word(), "#FFEB9C", "#9C5700"),
    )?;
    Ok(())
}

/// Merge the 实事名称 cells of consecutive targets in the same group.
fn group_merges(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    let targets = &c.check.plan.targets;
    let mut start = 0;
    for i in 1..=targets.len() {
        if i == targets.len() || targets[i].group != targets[start].group {
            let text = targets[start].group.as_deref().unwrap_or("");
            let (r0, r1) = (FIRST + start as u32, FIRST + i as u32 - 1);
            if r1 > r0 {
                ws.merge_range(
                    r0,
                    1,
                    r1,
                    1,
                    text,
                    &f.text.clone().set_align(FormatAlign::VerticalCenter),
                )?;
            } else {
                ws.write_text(r0, 1, text, &f.text)?;
            }
            start = i;
        }
    }
    Ok(())
}

/// Rows tall enough for their wrapped text (a name, a total, a unit's note),
/// so that no text is cut or spills over the next row when printed.
fn row_heights(ws: &mut Worksheet, c: &Consolidation, widths: &[usize]) -> Result<(), XlsxError> {
    use unicode_width::UnicodeWidthStr;
    let capacity =
        |col: usize| (widths.get(col).copied().unwrap_or(8).min(36) as f64 * 1.1).max(4.0);
    let lines = |text: &str, col: usize| (text.width() as f64 / capacity(col)).ceil().max(1.0);
    let mut by_target: HashMap<usize, Vec<&UnitLine>> = HashMap::new();
    c.units
        .iter()
        .for_each(|l| by_target.entry(l.target).or_default().push(l));
    for (i, t) in c.check.plan.targets.iter().enumerate() {
        let mut most = lines(&t.name, NAME.into()).max(lines(&t.total_text, TOTAL.into()));
        for l in by_target.get(&i).map_or(&[][..], Vec::as_slice) {
            if let Some(crate::merge::matching::Judged::Note(n)) = &l.completed {
                most = most.max(lines(n, usize::from(FIRST_UNIT) + l.unit));
            }
        }
        if most > 1.0 {
            ws.set_row_height(FIRST + i as u32, 13.5 * most)?;
        }
    }
    Ok(())
}

/// Write the 汇总 sheet.
/// `notes`: put a cell note on every unit figure naming its file, sheet and cell.
pub fn sheet(
    wb: &mut Workbook,
    c: &Consolidation,
    f: &Formats,
    notes: bool,
) -> Result<(), XlsxError> {
    let plan = &c.check.plan;
    let ws = wb.add_worksheet().set_name(SHEET)?;
    let last_col = FIRST_UNIT - 1 + plan.units.len() as u16;
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &title(c),
        &f.title.clone().set_align(FormatAlign::Center),
    )?;
    ws.merge_range(
        1,
        0,
        1,
        last_col,
        &info_line(c),
        &Format::new().set_font_name("宋体").set_font_size(10),
    )?;
    // The plan's level names its total (全县目标 in a county's report).
    let total = format!("全{}目标", plan.level.as_deref().unwrap_or("市"));
    let mut names = vec![
        "序号",
        "实事名称",
        "目标名称",
        "计量单位",
        total.as_str(),
        "累计完成",
        "完成率",
        "进展",
    ];
    names.extend(plan.units.iter().map(|u| u.name.as_str()));
    headers(ws, HEADER_ROW, &names, f)?;
    let lines: HashMap<(usize, usize), &UnitLine> =
        c.units.iter().map(|l| ((l.target, l.unit), l)).collect();
    let mut widths: Vec<usize> = Vec::new();
    names
        .iter()
        .enumerate()
        .for_each(|(i, n)| widen(&mut widths, i, n));
    for i in 0..plan.targets.len() {
        city_cells(ws, c, i, f, &mut widths)?;
        unit_cells(ws, c, i, &lines, f, notes)?;
    }
    let last_row = FIRST + plan.targets.len().max(1) as u32 - 1;
    group_merges(ws, c, f)?;
    status_formats(ws, last_row)?;
    widths[1] = widths[1].clamp(14, 16);
    widths
        .iter_mut()
        .skip(FIRST_UNIT.into())
        .for_each(|w| *w = (*w).max(8));
    fit_columns(ws, &widths, 36)?;
    row_heights(ws, c, &widths)?;
    ws.set_column_width(COMPLETED, 12)?;
    ws.set_column_width(RATE, 9)?;
    ws.set_freeze_panes(FIRST, MEASURE + 1)?;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    print_setup(ws, (HEADER_ROW, HEADER_ROW))
}

/// A target's own columns: 序号, name, unit of measure, city target,
/// completed, rate (a formula with its cached result), status in words.
fn city_cells(
    ws: &mut Worksheet,
    c: &Consolidation,
    i: usize,
    f: &Formats,
    widths: &mut Vec<usize>,
) -> Result<(), XlsxError> {
    let (t, line) = (&c.check.plan.targets[i], &c.city[i]);
    let row = FIRST + i as u32;
    ws.write_text(row, 0, &t.id, &f.text)?;
    ws.write_text(row, NAME, &t.name, &f.text)?;
    widen(widths, NAME.into(), &t.name);
    let measure = t.measure.as_deref().unwrap_or("");
    ws.write_text(row, MEASURE, measure, &f.text)?;
    widen(widths, MEASURE.into(), measure);
    match &t.total {
        Quantity::Amount(m) | Quantity::Rate(m) if m.bound == Bound::Exact => {
            quantity(ws, row, TOTAL, &t.total, f)?
        }
        _ => ws
            .write_text(row, TOTAL, &t.total_text, &f.text)
            .map(|_| ())?,
    }
    widen(widths, TOTAL.into(), &t.total_text);
    match line.completed {
        Some(d) => ws.write_number_with_format(row, COMPLETED, number(d), &f.number)?,
        None => ws.write_text(row, COMPLETED, "", &f.text)?,
    };
    match line.rate {
        Some(rate) => {
            let (done, total) = (row_col_to_cell(row, COMPLETED), row_col_to_cell(row, TOTAL));
            let formula =
                Formula::new(format!("{done}/{total}")).set_result(rate.normalize().to_string());
            ws.write_formula_with_format(row, RATE, formula, &f.percent)?
        }
        None => ws.write_text(row, RATE, "", &f.text)?,
    };
    ws.write_text(row, STATUS, line.status.word(), &f.text)?;
    Ok(())
}

/// Each unit's figure for target `i`, with its source as a note when asked.
fn unit_cells(
    ws: &mut Worksheet,
    c: &Consolidation,
    i: usize,
    lines: &HashMap<(usize, usize), &UnitLine>,
    f: &Formats,
    notes: bool,
) -> Result<(), XlsxError> {
    let row = FIRST + i as u32;
    for u in 0..c.check.plan.units.len() {
        let col = FIRST_UNIT + u as u16;
        let l = lines.get(&(i, u)).copied();
        judged(
            ws,
            row,
            col,
            l.and_then(|l| l.completed.as_ref()),
            l.is_some_and(|l| is_rate(&l.target_value)),
            f,
        )?;
        if let (true, Some(src)) = (notes, l.and_then(|l| l.source.as_ref())) {
            let name = file_name(&src.file);
            let hash = &src.sha256[..src.sha256.len().min(12)];
            let text = format!("来源：{name}\n{}\nSHA-256 {hash}", src.place());
            ws.insert_note(
                row,
                col,
                &rust_xlsxwriter::Note::new(crate::render::fit_note(&text)).set_author("huizong"),
            )?;
        }
    }
    Ok(())
}
