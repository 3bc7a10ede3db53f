//! 概况, the first sheet: the quarter on one page. The headline counts and
//! each action group's (实事) with its lagging targets named, the returns, the
//! units ranked by the score the sheet states, a draft 进展综述 per group for
//! the clerk to edit, and the legend of the colours the report uses.

use super::title;
use crate::merge::Consolidation;
use crate::merge::narrative::{bare_name, percent};
use crate::merge::summary::{Counts, SCORE_RULE, STANDING_RULE, Standing, Summary};
use crate::render::xlsx::layout::{Canvas, Entry};
use crate::render::xlsx::{Formats, Tone, print_setup};
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The last column: 滞后目标 / 说明.
const LAST: u16 = 7;

/// The sheet's name.
pub const SHEET: &str = "概况";

fn count_cells<'f>(
    canvas: &mut Canvas<'f>,
    row: u32,
    label: &str,
    n: &Counts,
    label_style: &'f crate::render::xlsx::layout::Style,
    f: &'f Formats,
) {
    canvas.text(row, 0, label, label_style);
    let cells = [
        (n.targets, Tone::Plain),
        (n.done, Tone::Done),
        (n.on_track, Tone::Plain),
        (n.lagging, Tone::Lagging),
        (n.reported, Tone::Plain),
        (n.no_figure, Tone::Missing),
    ];
    for (i, (k, tone)) in cells.into_iter().enumerate() {
        let tone = if k == 0 { Tone::Plain } else { tone };
        let shown = k.to_string();
        canvas.put(
            row,
            1 + i as u16,
            Entry::number(k as f64, shown, f.number(0, tone)),
        );
    }
}

fn returns_line(c: &Consolidation, s: &Summary) -> String {
    let r = &s.returns;
    let mut line = format!(
        "应报单位 {} 个，收到报表 {} 份，已汇总 {} 个单位",
        r.expected, r.files, r.merged
    );
    if !r.missing.is_empty() {
        let missing: Vec<String> = r
            .missing
            .iter()
            .map(|m| {
                let why = match m.reason {
                    crate::finding::Code::MissingReturn => "未收到报表",
                    other => other.word(),
                };
                format!("{}（{why}）", c.check.plan.units[m.unit].name)
            })
            .collect();
        line.push_str(&format!("；未汇总：{}", missing.join("、")));
    }
    line.push('。');
    line
}

fn heading<'f>(canvas: &mut Canvas<'f>, row: u32, text: &str, f: &'f Formats) {
    canvas.text(row, 0, text, &f.heading);
    canvas.merge(row, 0, row, LAST);
}

fn note<'f>(canvas: &mut Canvas<'f>, row: u32, text: &str, f: &'f Formats) {
    canvas.text(row, 0, text, &f.subtitle);
    canvas.merge(row, 0, row, LAST);
}

/// The headline and the groups; the next free row.
fn standings<'f>(
    canvas: &mut Canvas<'f>,
    c: &Consolidation,
    s: &Summary,
    at: u32,
    f: &'f Formats,
) -> u32 {
    heading(canvas, at, "一、目标完成情况", f);
    let header = [
        "实事名称",
        "目标数",
        "已完成",
        "序时推进",
        "滞后",
        "仅报文字进展",
        "暂无数据",
        "滞后目标",
    ];
    for (col, name) in header.iter().enumerate() {
        canvas.text(at + 1, col as u16, name, &f.header);
    }
    let mut row = at + 2;
    count_cells(canvas, row, "全部目标", &s.counts, &f.header, f);
    let lagging: Vec<String> = s
        .standings
        .iter()
        .enumerate()
        .filter(|(_, st)| **st == Standing::Lagging)
        .map(|(i, _)| c.check.plan.targets[i].id.clone())
        .collect();
    let all = if lagging.is_empty() {
        "无".to_string()
    } else {
        format!("共 {} 项，见下", lagging.len())
    };
    canvas.text(row, LAST, all, &f.text);
    for g in &s.groups {
        row += 1;
        count_cells(canvas, row, &g.name, &g.counts, &f.text, f);
        let names: Vec<String> = g
            .lagging
            .iter()
            .map(|&i| {
                let t = &c.check.plan.targets[i];
                format!("{} {}", t.id, bare_name(t))
            })
            .collect();
        canvas.text(row, LAST, names.join("；"), &f.text);
    }
    row += 1;
    note(canvas, row, &format!("注：{STANDING_RULE}"), f);
    row + 2
}

/// The units ranked; the next free row.
fn ranking<'f>(
    canvas: &mut Canvas<'f>,
    c: &Consolidation,
    s: &Summary,
    at: u32,
    f: &'f Formats,
) -> u32 {
    heading(canvas, at, "二、各单位进展排名", f);
    let header = [
        "单位",
        "排名",
        "得分",
        "数值目标",
        "已填报",
        "已完成",
        "滞后",
        "说明",
    ];
    for (col, name) in header.iter().enumerate() {
        canvas.text(at + 1, col as u16, name, &f.header);
    }
    let mut row = at + 1;
    for r in &s.ranking {
        row += 1;
        let name = &c.check.plan.units[r.unit].name;
        canvas.text(row, 0, name, &f.text);
        let missing = s.returns.missing.iter().find(|m| m.unit == r.unit);
        match (r.place, r.score) {
            (Some(place), Some(score)) => {
                canvas.put(
                    row,
                    1,
                    Entry::number(place as f64, place.to_string(), f.number(0, Tone::Plain)),
                );
                let shown = percent(score);
                let value = crate::render::xlsx::number(score.round_dp(4));
                canvas.put(
                    row,
                    2,
                    Entry::number(value, shown, f.percent(1, Tone::Plain)),
                );
            }
            (Some(place), None) => {
                canvas.put(
                    row,
                    1,
                    Entry::number(place as f64, place.to_string(), f.number(0, Tone::Plain)),
                );
                canvas.text(row, 2, "—", &f.center);
            }
            _ => {
                canvas.text(row, 1, "—", f.toned(Tone::Missing));
                canvas.text(row, 2, "—", f.toned(Tone::Missing));
            }
        }
        let counts = [
            (r.numeric, Tone::Plain),
            (r.with_figure, Tone::Plain),
            (r.done, Tone::Done),
            (r.lagging, Tone::Lagging),
        ];
        for (i, (k, tone)) in counts.into_iter().enumerate() {
            let tone = if k == 0 { Tone::Plain } else { tone };
            canvas.put(
                row,
                3 + i as u16,
                Entry::number(k as f64, k.to_string(), f.number(0, tone)),
            );
        }
        let why = match missing {
            Some(m) => match m.reason {
                crate::finding::Code::MissingReturn => "未收到报表，不排名".to_string(),
                other => format!("{}，报表未汇总，不排名", other.word()),
            },
            None => String::new(),
        };
        let tone = if missing.is_some() {
            Tone::Missing
        } else {
            Tone::Plain
        };
        canvas.text(row, LAST, why, f.toned(tone));
    }
    row += 1;
    note(
        canvas,
        row,
        &format!(
            "注：{SCORE_RULE}“数值目标”为可累加、本单位目标大于0的目标；“滞后”含比率未达到要求的目标。"
        ),
        f,
    );
    row + 2
}

/// The draft paragraphs; the next free row.
fn drafts<'f>(canvas: &mut Canvas<'f>, s: &Summary, at: u32, f: &'f Formats) -> u32 {
    heading(
        canvas,
        at,
        "三、进展综述（草稿：由各项数据生成，请核实、修改后使用）",
        f,
    );
    let mut row = at;
    for g in &s.groups {
        row += 1;
        canvas.text(row, 0, &g.short, &f.text);
        canvas.text(row, 1, &g.text, &f.text);
        canvas.merge(row, 1, row, LAST);
    }
    row + 2
}

fn legend<'f>(canvas: &mut Canvas<'f>, row: u32, f: &'f Formats) {
    canvas.text(row, 0, "图例（全表通用）", &f.text);
    let keys = [
        ("已完成", Tone::Done),
        ("滞后", Tone::Lagging),
        ("未报送、暂无数据", Tone::Missing),
        ("序时推进等", Tone::Plain),
    ];
    for (i, (word, tone)) in keys.into_iter().enumerate() {
        let col = 1 + 2 * i as u16;
        canvas.text(row, col, word, f.toned(tone));
        if col < LAST {
            canvas.merge(row, col, row, col + 1);
        }
    }
}

/// Write the 概况 sheet: A3 portrait, on one page for tens of units.
pub fn sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    s: &Summary,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let mut canvas = Canvas::new(60.0);
    canvas.text(0, 0, title(c, "概况"), &f.title);
    canvas.merge(0, 0, 0, LAST);
    let elapsed = percent(c.period.elapsed());
    let info = format!(
        "报告期：{}　　时序进度：{elapsed}　　{}",
        c.period.chinese(),
        returns_line(c, s)
    );
    note(&mut canvas, 1, &info, f);
    legend(&mut canvas, 2, f);
    let next = standings(&mut canvas, c, s, 4, f);
    let next = ranking(&mut canvas, c, s, next, f);
    drafts(&mut canvas, s, next, f);
    canvas.fix(0, 22.0).fix(LAST, 58.0);
    for col in 1..LAST {
        canvas.fix(col, 8.5);
    }
    let widths = canvas.finish(ws)?;
    // One page, as long as a ranking of tens of units fits on it legibly; a
    // province's hundreds of units run on to further pages, one page wide.
    let tall = u16::from(s.ranking.len() <= 40);
    print_setup(
        ws,
        widths.iter().sum(),
        None,
        crate::render::xlsx::Paper::A3Portrait,
        tall,
    )
}
