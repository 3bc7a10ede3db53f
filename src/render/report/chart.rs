//! 图表: completion by unit against the time elapsed (时序进度).
//!
//! A unit's completion is the mean, over its additive targets with a figure,
//! of completed / target capped at 100 % (amounts of different measures cannot
//! be summed, so their rates are averaged).

use super::{Formats, number, print_setup};
use crate::merge::Consolidation;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

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

/// Write the 图表 sheet: the data table and a column chart with the 时序进度 line.
pub fn sheet(wb: &mut Workbook, c: &Consolidation, f: &Formats) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet().set_name("图表")?;
    super::headers(ws, 0, &["单位", "平均完成率", "时序进度"], f)?;
    let rates = unit_rates(c);
    let elapsed = number(c.period.elapsed());
    for (i, (unit, rate)) in rates.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, unit, &f.text)?;
        match rate {
            Some(r) => ws.write_number_with_format(row, 1, number(*r), &f.percent)?,
            None => ws.write_string_with_format(row, 1, "未报送", &f.text)?,
        };
        ws.write_number_with_format(row, 2, elapsed, &f.percent)?;
    }
    let last = rates.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .title()
        .set_name(&format!("{} 各单位平均完成率与时序进度", c.period));
    chart
        .add_series()
        .set_name("平均完成率")
        .set_categories(("图表", 1, 0, last, 0))
        .set_values(("图表", 1, 1, last, 1));
    chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
    let mut line = Chart::new(ChartType::Line);
    line.add_series()
        .set_name("时序进度")
        .set_categories(("图表", 1, 0, last, 0))
        .set_values(("图表", 1, 2, last, 2));
    chart.combine(&line);
    ws.insert_chart(1, 4, &chart)?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 12)?;
    print_setup(ws, (0, 0))?;
    Ok(())
}
