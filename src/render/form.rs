//! Return forms (`huizong template`), as bytes: one unit's form, or one wide
//! form for every unit. Pure: the caller writes the files.
//!
//! A form carries its unit, period, plan file and plan SHA-256, and its row →
//! target map, in the hidden sheet `_huizong` that `huizong merge` reads first.

use crate::model::form_meta::{self, FormMeta, MetaCell};
use crate::model::period::Period;
use crate::model::plan::{Allocation, Plan, Target};
use crate::quantity::{Bound, Quantity};
use crate::render::xlsx::layout::{Canvas, Entry, Style};
use crate::render::xlsx::{Paper, finish, title_stem};
use crate::vocab;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet, XlsxError,
};

/// The sheet clerks fill in.
pub const FORM_SHEET: &str = "进展情况";

/// The first worksheet row (1-based) of a one-unit form's data.
const FIRST_ROW: u32 = 5;

/// A one-unit form's columns, left to right: header, least and most width
/// (a name or a target wider than its column wraps). The header words are what
/// `merge` finds the columns by (src/vocab.rs); 计量单位 is a metadata word
/// there, never a unit or a figure. 序号's column is wide enough for the
/// 填报日期 label above it, whose value is the cell to its right.
const COLUMNS: [(&str, f64, f64); 8] = [
    ("序号", 12.5, 12.5),
    ("目标名称", 24.0, 34.0),
    ("计量单位", 8.0, 10.0),
    ("全市目标任务", 14.0, 16.0),
    ("本单位目标", 12.0, 14.0),
    ("累计完成", 14.0, 14.0),
    ("完成率", 9.0, 9.0),
    ("进展情况", 28.0, 28.0),
];

/// Column indices into [`COLUMNS`].
const ID: u16 = 0;
const NAME: u16 = 1;
const MEASURE: u16 = 2;
const TOTAL: u16 = 3;
const TARGET: u16 = 4;
const COMPLETED: u16 = 5;
const RATE: u16 = 6;
const PROGRESS: u16 = 7;

struct Formats {
    title: Style,
    label: Style,
    header: Style,
    locked: Style,
    number: Style,
    input: Style,
    input_percent: Style,
    input_text: Style,
    date: Style,
    percent: Style,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("宋体")
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        let input = cell.clone().set_unlocked().set_background_color("#FFF2CC");
        let at = |f: Format, wrap| Style::new(f, 11.0, wrap);
        Formats {
            title: Style::new(
                Format::new()
                    .set_bold()
                    .set_font_size(16)
                    .set_font_name("宋体")
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter),
                16.0,
                true,
            ),
            label: at(Format::new().set_font_name("宋体").set_font_size(11), false),
            header: at(
                cell.clone()
                    .set_bold()
                    .set_background_color("#D9E1F2")
                    .set_align(FormatAlign::Center),
                true,
            ),
            number: at(cell.clone().set_num_format("#,##0.########"), false),
            percent: at(cell.clone().set_num_format("0.0%"), false),
            input: at(input.clone().set_num_format("#,##0.########"), false),
            input_percent: at(input.clone().set_num_format("0.0%"), false),
            input_text: at(input.clone(), true),
            date: at(
                input
                    .set_num_format("yyyy-mm-dd")
                    .set_border(FormatBorder::Thin),
                false,
            ),
            locked: at(cell, true),
        }
    }
}

/// The targets a unit answers for: those where it has an allocation.
pub fn assigned(plan: &Plan, unit: usize) -> Vec<(&Target, &Allocation)> {
    plan.targets
        .iter()
        .map(|t| (t, &t.allocations[unit]))
        .filter(|(_, a)| a.quantity.is_assigned())
        .collect()
}

/// The units to make forms for: those `written` (names or aliases, as
/// `--unit` gives them), else every unit with an allocation.
pub fn chosen_units(plan: &Plan, written: &[&str]) -> Result<Vec<usize>, crate::error::Error> {
    let mut chosen = Vec::new();
    for w in written.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        let unit = plan
            .find_unit(w)
            .ok_or_else(|| crate::error::Error::UnknownUnitArg {
                unit: w.to_string(),
                units: plan
                    .units
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        chosen.push(unit);
    }
    if chosen.is_empty() {
        chosen = (0..plan.units.len())
            .filter(|&u| !assigned(plan, u).is_empty())
            .collect();
    }
    Ok(chosen)
}

/// The form's title: the plan's title with 任务分解表 turned into the quarter's 进展情况表.
pub fn title(plan: &Plan, period: Period) -> String {
    let words = period.words();
    let base = plan
        .title
        .clone()
        .unwrap_or_else(|| format!("{}年{}", period.year, plan.sheet));
    format!("{}{words}进展情况表", title_stem(&base))
}

fn is_numeric(a: &Allocation) -> bool {
    a.quantity.asks_for_figure()
}

/// The input cell's format: a rate as a percentage (so 85 typed reads 85 %,
/// as the clerk sees it), an amount as a number, anything else as text.
fn input_format<'f>(a: &Allocation, f: &'f Formats) -> &'f Style {
    if a.quantity.is_rate_like() {
        &f.input_percent
    } else if is_numeric(a) {
        &f.input
    } else {
        &f.input_text
    }
}

/// The target's unit of measure as the plan writes it (亿元, 万亩, 人次), or blank.
fn measure(t: &Target) -> &str {
    t.measure.as_deref().unwrap_or("")
}

fn target_value<'f>(a: &Allocation, f: &'f Formats) -> Entry<'f> {
    match &a.quantity {
        Quantity::Amount(m) if m.bound == Bound::Exact && m.unit.is_none() => Entry::number(
            m.value.to_f64().unwrap_or(0.0),
            crate::render::xlsx::shown_number(m.value, crate::render::xlsx::decimals(m.value)),
            &f.number,
        ),
        _ => Entry::text(&a.text, &f.locked),
    }
}

/// What the input cell accepts, with a prompt saying what to type: a rate
/// between 0 % and 100 % (the sample plan asks for none above 100 %), an
/// amount ≥ 0 in the target's unit of measure, or free text.
fn figure_validation(t: &Target, a: &Allocation) -> Result<DataValidation, XlsxError> {
    let v = DataValidation::new().set_input_title("累计完成")?;
    if a.quantity.is_rate_like() {
        v.allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
            .set_input_message("请填写截至本期末达到的百分比，如 85%。")?
            .set_error_message("这里只能填 0% 到 100% 之间的百分比，如 85%。")
    } else if is_numeric(a) {
        let message = match t.measure.as_deref() {
            Some(m) if !m.is_empty() => format!(
                "请填写截至本期末的累计完成数，计量单位为“{m}”：只填数字，不带单位，不能为负数。"
            ),
            _ => "请填写截至本期末的累计完成数：只填数字，不带单位，不能为负数。".to_string(),
        };
        v.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_input_message(message)?
            .set_error_message("这里只能填不小于 0 的数字。")
    } else {
        v.allow_any_value()
            .set_input_message("此项为定性要求：请简要填写完成情况。")
    }
}

fn header<'f>(
    ws: &mut Worksheet,
    canvas: &mut Canvas<'f>,
    plan: &Plan,
    period: Period,
    unit: &str,
    f: &'f Formats,
) -> Result<(), XlsxError> {
    canvas.text(0, 0, title(plan, period), &f.title);
    canvas.merge(0, 0, 0, PROGRESS);
    canvas.text(1, 0, format!("{}：{unit}", vocab::FILER_LABEL), &f.label);
    canvas.text(2, 0, format!("{}：", vocab::DATE_LABEL), &f.label);
    canvas.blank(2, 1, &f.date);
    let dates = DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2099, 12, 31)?,
        ))
        .set_input_message("请填写填报日期，如 2024-10-08。")?;
    ws.add_data_validation(2, 1, 2, 1, &dates)?;
    for (c, (name, min, cap)) in COLUMNS.iter().enumerate() {
        canvas.text(FIRST_ROW - 2, c as u16, *name, &f.header);
        canvas.limit(c as u16, *min, *cap);
    }
    Ok(())
}

fn meta_sheet(
    wb: &mut Workbook,
    plan: &Plan,
    period: Period,
    unit: &str,
    rows: &[(u32, String)],
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name(form_meta::SHEET)?;
    let plan_file = std::path::Path::new(&plan.file)
        .file_name()
        .map_or(plan.file.clone(), |n| n.to_string_lossy().into_owned());
    let meta = FormMeta {
        unit: Some(unit.to_string()),
        period: Some(period),
        plan_file: Some(plan_file),
        plan_sha256: Some(plan.sha256.clone()),
        rows: rows.to_vec(),
    };
    for (addr, cell) in meta.cells() {
        match cell {
            MetaCell::Text(t) => ws.write_string(addr.row, addr.col as u16, t)?,
            MetaCell::Row(r) => ws.write_number(addr.row, addr.col as u16, f64::from(r))?,
        };
    }
    ws.set_hidden(true);
    Ok(())
}

fn properties(wb: &mut Workbook, title: &str) -> Result<(), XlsxError> {
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(title)
        .set_author("huizong")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);
    Ok(())
}

/// One unit's form: only the targets it answers for; A4 landscape, one page wide.
pub fn unit_form(plan: &Plan, unit: usize, period: Period) -> Result<Vec<u8>, XlsxError> {
    let name = plan.units[unit].name.clone();
    let f = Formats::new();
    let mut wb = Workbook::new();
    properties(&mut wb, &title(plan, period))?;
    let ws = wb.add_worksheet().set_name(FORM_SHEET)?;
    // 完成率 shows nothing until 累计完成 is typed, in a program that does not
    // recalculate on opening (LibreOffice) as well.
    ws.set_formula_result_default("");
    let mut canvas = Canvas::new(30.0);
    header(ws, &mut canvas, plan, period, &name, &f)?;
    let mut map = Vec::new();
    for (i, (t, a)) in assigned(plan, unit).into_iter().enumerate() {
        let r = FIRST_ROW - 1 + i as u32;
        canvas.text(r, ID, &t.id, &f.locked);
        canvas.text(r, NAME, &t.name, &f.locked);
        canvas.text(r, MEASURE, measure(t), &f.locked);
        canvas.text(r, TOTAL, &t.total_text, &f.locked);
        canvas.put(r, TARGET, target_value(a, &f));
        canvas.blank(r, COMPLETED, input_format(a, &f));
        ws.add_data_validation(r, COMPLETED, r, COMPLETED, &figure_validation(t, a)?)?;
        let (e, d) = (row_col_to_cell(r, COMPLETED), row_col_to_cell(r, TARGET));
        let formula = Formula::new(format!(
            "IF(AND(ISNUMBER({e}),ISNUMBER({d}),{d}>0),{e}/{d},\"\")"
        ))
        .set_result("");
        canvas.put(r, RATE, Entry::formula(formula, String::new(), &f.percent));
        canvas.blank(r, PROGRESS, &f.input_text);
        map.push((r + 1, t.id.clone()));
    }
    finish(
        canvas,
        ws,
        Some((FIRST_ROW - 2, FIRST_ROW - 2)),
        Paper::A4Landscape,
    )?;
    ws.protect();
    ws.set_freeze_panes(FIRST_ROW - 1, MEASURE + 1)?;
    meta_sheet(&mut wb, plan, period, &name, &map)?;
    wb.save_to_buffer()
}

/// One workbook for every unit (layout B): the plan's columns, then per unit a
/// merged header over 目标 | 完成. Input cells only where the unit has a target.
/// Printed one page wide on the paper its width asks for (A3 landscape for
/// a plan of eleven units).
pub fn wide_form(plan: &Plan, period: Period) -> Result<Vec<u8>, XlsxError> {
    const PLAN_COLUMNS: [&str; 5] = ["序号", "实事名称", "目标名称", "计量单位", "全市目标任务"];
    let first_unit = PLAN_COLUMNS.len() as u16;
    let f = Formats::new();
    let mut wb = Workbook::new();
    properties(&mut wb, &title(plan, period))?;
    let ws = wb.add_worksheet().set_name(FORM_SHEET)?;
    let mut canvas = Canvas::new(12.0);
    let last_col = first_unit - 1 + 2 * plan.units.len() as u16;
    canvas.text(0, 0, title(plan, period), &f.title);
    canvas.merge(0, 0, 0, last_col);
    canvas.text(1, 0, format!("{}：", vocab::DATE_LABEL), &f.label);
    canvas.blank(1, 1, &f.date);
    for (c, name) in PLAN_COLUMNS.iter().enumerate() {
        canvas.text(2, c as u16, *name, &f.header);
        canvas.blank(3, c as u16, &f.header);
        canvas.merge(2, c as u16, 3, c as u16);
    }
    for (u, unit) in plan.units.iter().enumerate() {
        let col = first_unit + 2 * u as u16;
        canvas.text(2, col, &unit.name, &f.header);
        canvas.blank(2, col + 1, &f.header);
        canvas.merge(2, col, 2, col + 1);
        canvas.text(3, col, "目标", &f.header);
        canvas.text(3, col + 1, "完成", &f.header);
    }
    let mut map = Vec::new();
    for (i, t) in plan.targets.iter().enumerate() {
        let r = 4 + i as u32;
        canvas.text(r, 0, &t.id, &f.locked);
        canvas.text(r, 1, t.group.as_deref().unwrap_or(""), &f.locked);
        canvas.text(r, 2, &t.name, &f.locked);
        canvas.text(r, 3, measure(t), &f.locked);
        canvas.text(r, 4, &t.total_text, &f.locked);
        for (u, a) in t.allocations.iter().enumerate() {
            let col = first_unit + 2 * u as u16;
            if !a.quantity.is_assigned() {
                canvas.text(r, col, &a.text, &f.locked);
                canvas.blank(r, col + 1, &f.locked);
                continue;
            }
            canvas.put(r, col, target_value(a, &f));
            canvas.blank(r, col + 1, input_format(a, &f));
            ws.add_data_validation(r, col + 1, r, col + 1, &figure_validation(t, a)?)?;
        }
        map.push((r + 1, t.id.clone()));
    }
    canvas
        .limit(0, 10.5, 10.5)
        .limit(1, 10.0, 14.0)
        .limit(2, 20.0, 30.0)
        .limit(3, 6.0, 8.0);
    for col in first_unit..=last_col {
        canvas.limit(col, 7.0, 10.0);
    }
    finish(canvas, ws, Some((2, 3)), Paper::ForWidth)?;
    ws.protect();
    ws.set_freeze_panes(4, 4)?;
    meta_sheet(&mut wb, plan, period, "", &map)?;
    wb.save_to_buffer()
}

/// A file name for a unit's form, safe on Windows: `定海-2024Q3.xlsx`.
pub fn file_name(unit: &str, period: Period) -> String {
    let safe: String = unit
        .chars()
        .map(|c| {
            if "<>:\"/\\|?*".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim_end_matches(['.', ' ']);
    let reserved = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "LPT1", "LPT2", "LPT3",
    ];
    let stem = if safe.is_empty() || reserved.contains(&safe.to_uppercase().as_str()) {
        format!("_{safe}")
    } else {
        safe.to_string()
    };
    format!("{stem}-{period}.xlsx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_on_windows() {
        let q3 = Period::quarter(2024, 3);
        assert_eq!(file_name("定海", q3), "定海-2024Q3.xlsx");
        assert_eq!(file_name("a/b:c", q3), "a_b_c-2024Q3.xlsx");
        assert_eq!(file_name("CON", q3), "_CON-2024Q3.xlsx");
        assert_eq!(file_name("洋山.", q3), "洋山-2024Q3.xlsx");
    }
}
