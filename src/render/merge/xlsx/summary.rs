//! 汇总: per target the city's figure, rate and status in words, each
//! unit's figure coloured by its standing (done green, lagging red, nothing
//! received amber), and 进展情况: what the units wrote, compiled
//! ("定海：已完成；普陀：四季度集中推进"). With last quarter's figures, 本季新增
//! beside the cumulative figure; in the fourth quarter, 综合评价 (完成 / 未完成).

use super::{judged_entry, maybe_number, standing_tone, target_decimals, title, tone, year_end};
use crate::merge::summary::Summary;
use crate::merge::{Consolidation, UnitLine};
use crate::quantity::{Bound, Quantity};
use crate::render::merge::progress_text;
use crate::render::xlsx::layout::{Canvas, Entry};
use crate::render::xlsx::{
    Formats, Paper, Tone, file_name, headers, print_setup, quantity_entry, shown_percent,
};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{Formula, Worksheet, XlsxError};
use std::collections::HashMap;

/// The sheet's name.
pub const SHEET: &str = "汇总";

const HEADER_ROW: u32 = 2;
const FIRST: u32 = 3;

/// The columns, which depend on what is shown (本季新增, 综合评价).
struct Cols {
    completed: u16,
    increase: Option<u16>,
    rate: u16,
    status: u16,
    evaluation: Option<u16>,
    first_unit: u16,
    progress: u16,
}

/// The column of the city's cumulative figure (fixed: the columns that move
/// with what is shown come after it).
const COMPLETED: u16 = 5;

/// The cell showing target `i`'s city-level figure (completed).
pub fn completed_cell(i: usize) -> crate::grid::Addr {
    crate::grid::Addr::new(FIRST + i as u32, u32::from(COMPLETED))
}

impl Cols {
    fn new(c: &Consolidation) -> Self {
        let completed = COMPLETED;
        let increase = c.has_previous.then_some(completed + 1);
        let rate = increase.map_or(completed, |i| i) + 1;
        let status = rate + 1;
        let evaluation = year_end(c).then_some(status + 1);
        let first_unit = evaluation.unwrap_or(status) + 1;
        Cols {
            completed,
            increase,
            rate,
            status,
            evaluation,
            first_unit,
            progress: first_unit + c.check.plan.units.len() as u16,
        }
    }

    fn names(&self, c: &Consolidation) -> Vec<String> {
        // The plan's level names its total (全县目标 in a county's report).
        let mut names: Vec<String> = ["序号", "实事名称", "目标名称", "计量单位"]
            .map(String::from)
            .to_vec();
        names.extend([c.check.plan.total_word(), "累计完成".to_string()]);
        if self.increase.is_some() {
            names.push(c.period.added_words().to_string());
        }
        names.extend(["完成率", "进展"].map(String::from));
        if self.evaluation.is_some() {
            names.push("综合评价".to_string());
        }
        names.extend(c.check.plan.units.iter().map(|u| u.name.clone()));
        names.push("进展情况".to_string());
        names
    }
}

fn info_line(c: &Consolidation, s: &Summary) -> String {
    let r = &s.returns;
    let elapsed = c.period.elapsed() * rust_decimal::Decimal::from(100);
    format!(
        "报告期：{}　　时序进度：{}%　　应报单位 {} 个，收到报表 {} 份，已汇总 {} 个单位　　计划：{}",
        c.period.chinese(),
        elapsed.round_dp(1).normalize(),
        r.expected,
        r.files,
        r.merged,
        file_name(&c.check.plan.file)
    )
}

/// Write the 汇总 sheet.
/// `notes`: put a cell note on every unit figure naming its file, sheet and cell.
pub fn sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    s: &Summary,
    f: &Formats,
    notes: bool,
) -> Result<(), XlsxError> {
    let plan = &c.check.plan;
    ws.set_name(SHEET)?;
    let cols = Cols::new(c);
    let last_col = cols.progress;
    let mut canvas = Canvas::new(24.0);
    // The cells of the columns before and after the units', in every row.
    let units = plan.units.len();
    let others = usize::from(last_col) + 1 - units;
    canvas.reserve((plan.targets.len() + FIRST as usize) * others);
    canvas.text(0, 0, title(c, "汇总"), &f.title);
    canvas.merge(0, 0, 0, last_col);
    canvas.text(1, 0, info_line(c, s), &f.subtitle);
    canvas.merge(1, 0, 1, last_col);
    let names = cols.names(c);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    headers(&mut canvas, HEADER_ROW, &names, f);
    canvas
        .limit(0, 4.0, 5.0)
        .limit(1, 8.0, 10.0)
        .limit(2, 16.0, 24.0)
        .limit(3, 5.0, 6.0)
        .limit(4, 7.0, 10.0)
        .limit(cols.completed, 8.0, 12.0)
        .limit(cols.rate, 7.0, 8.0)
        .limit(cols.status, 6.0, 8.0)
        .limit(cols.progress, 20.0, 40.0);
    for u in 0..plan.units.len() as u16 {
        canvas.limit(cols.first_unit + u, 6.0, 9.0);
    }
    let by_target = crate::merge::summary::lines_by_target(c);
    let decimals = target_decimals(c);
    for i in 0..plan.targets.len() {
        city_cells(&mut canvas, c, s, &cols, i, decimals[i], f);
        let row = FIRST + i as u32;
        canvas.text(row, cols.progress, progress_text(c, &by_target[i]), &f.text);
    }
    // Each unit's figure, made when the sheet is laid out and written: the
    // line of each target and unit (the last, if a unit has two).
    let mut line: Vec<Option<&UnitLine>> = vec![None; plan.targets.len() * units];
    for (i, lines) in by_target.iter().enumerate() {
        lines
            .iter()
            .for_each(|l| line[i * units + l.unit] = Some(*l));
    }
    let first_unit = cols.first_unit;
    let rows = FIRST..FIRST + plan.targets.len() as u32;
    canvas.block(rows, first_unit..cols.progress, move |row, col| {
        let i = (row - FIRST) as usize;
        match line[i * units + usize::from(col - first_unit)] {
            Some(l) => {
                let rate_target = l.target_value(plan).is_rate_like();
                judged_entry(l.completed(), rate_target, decimals[i], tone(l.status), f)
            }
            // A unit with no line for this target: an empty bordered cell.
            None => Entry::text("", &f.text),
        }
    });
    group_merges(&mut canvas, c, f);
    let widths = canvas.finish(ws)?;
    if notes {
        source_notes(ws, c, &cols)?;
    }
    let last_row = FIRST + plan.targets.len().max(1) as u32 - 1;
    ws.set_freeze_panes(FIRST, 4)?;
    ws.autofilter(HEADER_ROW, 0, last_row, last_col)?;
    print_setup(
        ws,
        widths.iter().sum(),
        Some((HEADER_ROW, HEADER_ROW)),
        Paper::ForWidth,
        0,
    )
}

/// Merge the 实事名称 cells of consecutive targets in the same group.
fn group_merges<'f>(canvas: &mut Canvas<'f>, c: &Consolidation, f: &'f Formats) {
    let targets = &c.check.plan.targets;
    let mut start = 0;
    for i in 1..=targets.len() {
        if i == targets.len() || targets[i].group != targets[start].group {
            let text = targets[start].group.as_deref().unwrap_or("");
            let (r0, r1) = (FIRST + start as u32, FIRST + i as u32 - 1);
            canvas.text(r0, 1, text, &f.center);
            canvas.merge(r0, 1, r1, 1);
            start = i;
        }
    }
}

/// A target's own columns: 序号, name, unit of measure, city target,
/// completed, 本季新增, rate (a formula with its cached result), status in
/// words, 综合评价.
fn city_cells<'f>(
    canvas: &mut Canvas<'f>,
    c: &Consolidation,
    s: &Summary,
    cols: &Cols,
    i: usize,
    decimals: u32,
    f: &'f Formats,
) {
    let (t, line) = (&c.check.plan.targets[i], &c.city[i]);
    let row = FIRST + i as u32;
    canvas.text(row, 0, &t.id, &f.center);
    canvas.text(row, 2, &t.name, &f.text);
    canvas.text(row, 3, t.measure.as_deref().unwrap_or(""), &f.center);
    let total = match &t.total {
        Quantity::Amount(m) | Quantity::Rate(m) if m.bound == Bound::Exact => {
            quantity_entry(&t.total, decimals, Tone::Plain, f)
        }
        _ => Entry::text(&t.total_text, &f.text),
    };
    canvas.put(row, 4, total);
    let standing = s.standings[i];
    let rate_tone = match line.status {
        crate::merge::Progress::Done => Tone::Done,
        crate::merge::Progress::Lagging => Tone::Lagging,
        _ => Tone::Plain,
    };
    canvas.put(
        row,
        cols.completed,
        maybe_number(line.completed, decimals, Tone::Plain, f),
    );
    if let Some(col) = cols.increase {
        canvas.put(
            row,
            col,
            maybe_number(line.increase, decimals, Tone::Plain, f),
        );
    }
    match line.rate {
        Some(rate) => {
            let (done, total) = (
                row_col_to_cell(row, cols.completed),
                row_col_to_cell(row, 4),
            );
            let formula =
                Formula::new(format!("{done}/{total}")).set_result(rate.normalize().to_string());
            let style = f.percent(1, rate_tone);
            canvas.put(
                row,
                cols.rate,
                Entry::formula(formula, shown_percent(rate, 1), style),
            );
        }
        // A target never summed (a rate, a time limit) has its units' figures beside it.
        None => canvas.text(row, cols.rate, "", &f.text),
    }
    canvas.text(
        row,
        cols.status,
        standing.word(),
        f.toned(standing_tone(standing)),
    );
    if let Some(col) = cols.evaluation {
        canvas.text(
            row,
            col,
            standing.evaluation(),
            f.toned(standing_tone(standing)),
        );
    }
}

/// A note on every unit figure naming its source.
fn source_notes(
    ws: &mut rust_xlsxwriter::Worksheet,
    c: &Consolidation,
    cols: &Cols,
) -> Result<(), XlsxError> {
    let lines: HashMap<(usize, usize), &UnitLine> =
        c.units.iter().map(|l| ((l.target, l.unit), l)).collect();
    let mut keys: Vec<&(usize, usize)> = lines.keys().collect();
    keys.sort();
    for key in keys {
        let l = lines[key];
        let Some(src) = l.source() else {
            continue;
        };
        let name = file_name(src.file());
        let hash = &src.sha256()[..src.sha256().len().min(12)];
        let text = format!("来源：{name}\n{}\nSHA-256 {hash}", src.place());
        ws.insert_note(
            FIRST + l.target as u32,
            cols.first_unit + l.unit as u16,
            &rust_xlsxwriter::Note::new(crate::render::fit_note(&text)).set_author("huizong"),
        )?;
    }
    Ok(())
}
