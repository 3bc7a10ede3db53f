//! 图表: completion by unit against the time elapsed (时序进度).
//!
//! A unit's completion is the mean, over its additive targets with a figure,
//! of completed / target capped at 100 % (amounts of different measures cannot
//! be summed, so their rates are averaged).

use crate::merge::Consolidation;
use crate::render::xlsx::layout::Canvas;
use crate::render::xlsx::{Formats, Paper, Tone, finish, headers, percent_entry};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

/// Each unit's mean capped completion rate, or `None` when it reported no amount.
pub fn unit_rates(c: &Consolidation) -> Vec<(String, Option<Decimal>)> {
    let mut by_unit: std::collections::HashMap<usize, Vec<&crate::merge::UnitLine>> =
        std::collections::HashMap::new();
    c.units
        .iter()
        .for_each(|l| by_unit.entry(l.unit).or_default().push(l));
    c.check
        .plan
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| {
            let rates: Vec<Decimal> = by_unit
                .get(&u)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .filter_map(|l| l.rate)
                .map(|r| r.min(Decimal::ONE))
                .collect();
            let mean = (!rates.is_empty())
                .then(|| (rates.iter().sum::<Decimal>() / Decimal::from(rates.len())).round_dp(4));
            (unit.name.clone(), mean)
        })
        .collect()
}

/// Each action group's (实事名称) mean city completion rate, capped at 100 %,
/// over its additive targets with a city figure, in plan order.
pub fn group_rates(c: &Consolidation) -> Vec<(String, Option<Decimal>)> {
    let mut groups: Vec<(String, Vec<Decimal>)> = Vec::new();
    for (t, line) in c.check.plan.targets.iter().zip(&c.city) {
        let name = t.group.clone().unwrap_or_default();
        if groups.last().is_none_or(|(g, _)| *g != name) && !groups.iter().any(|(g, _)| *g == name)
        {
            groups.push((name.clone(), Vec::new()));
        }
        if let (Some(rate), Some(g)) = (line.rate, groups.iter_mut().find(|(g, _)| *g == name)) {
            g.1.push(rate.min(Decimal::ONE));
        }
    }
    groups
        .into_iter()
        .map(|(g, rates)| {
            let mean = (!rates.is_empty())
                .then(|| (rates.iter().sum::<Decimal>() / Decimal::from(rates.len())).round_dp(4));
            (g, mean)
        })
        .collect()
}

/// One data block (name | rate | 时序进度) at `first_row` and its chart beside it.
#[allow(clippy::too_many_arguments)]
fn block<'f>(
    ws: &mut rust_xlsxwriter::Worksheet,
    canvas: &mut Canvas<'f>,
    c: &Consolidation,
    f: &'f Formats,
    first_row: u32,
    label: &str,
    rates: &[(String, Option<Decimal>)],
    missing: &str,
) -> Result<u32, XlsxError> {
    headers(canvas, first_row, &[label, "平均完成率", "时序进度"], f);
    for (i, (name, rate)) in rates.iter().enumerate() {
        let row = first_row + 1 + i as u32;
        canvas.text(row, 0, name, &f.text);
        match rate {
            Some(r) => canvas.put(row, 1, percent_entry(*r, 1, Tone::Plain, f)),
            None => canvas.text(row, 1, missing, &f.text),
        };
        canvas.put(row, 2, percent_entry(c.period.elapsed(), 0, Tone::Plain, f));
    }
    let (top, last) = (first_row + 1, first_row + rates.len().max(1) as u32);
    let mut chart = Chart::new(ChartType::Column);
    chart
        .title()
        .set_name(&format!("{} 各{label}平均完成率与时序进度", c.period));
    chart
        .add_series()
        .set_name("平均完成率")
        .set_categories(("图表", top, 0, last, 0))
        .set_values(("图表", top, 1, last, 1));
    chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name("时序进度")
        .set_categories(("图表", top, 0, last, 0))
        .set_values(("图表", top, 2, last, 2));
    chart.combine(&line);
    chart.set_width(640).set_height(420);
    ws.insert_chart(first_row, 4, &chart)?;
    // The chart is about 21 rows tall: leave room before the next block.
    Ok(last.max(first_row + 22) + 2)
}

/// Write the 图表 sheet: completion by unit, then by action group, each against 时序进度.
pub fn sheet(ws: &mut Worksheet, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("图表")?;
    let mut canvas = Canvas::new(24.0);
    canvas
        .limit(0, 12.0, 24.0)
        .limit(1, 10.0, 12.0)
        .limit(2, 8.0, 10.0);
    // The charts sit in columns E onwards: those columns are only room for them.
    canvas.fix(3, 2.0);
    for col in 4..14 {
        canvas.fix(col, 8.43);
    }
    let next = block(ws, &mut canvas, c, f, 0, "单位", &unit_rates(c), "未报送")?;
    // Each chart on its own page, never cut in two.
    ws.set_page_breaks(&[next])?;
    // A group of rate or qualitative targets only has no completion rate to show.
    block(ws, &mut canvas, c, f, next, "实事", &group_rates(c), "—")?;
    finish(canvas, ws, None, Paper::ForWidth)
}
