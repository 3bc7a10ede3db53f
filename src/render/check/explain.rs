//! `huizong check PLAN --explain`: the table as it was read — the header,
//! each column's role and what decided it, the units, the total, and the
//! first rows drawn as a small grid. The first thing to look at when a
//! result seems wrong.

use crate::grid::{Addr, Grid, column_letters};
use crate::load::plan::Loaded;
use crate::render::check::text::fit;
use crate::table::Table;
use crate::vocab::Role;

/// How many data rows the grid shows.
const ROWS: u32 = 8;
/// How many columns the grid shows, at most.
const COLUMNS: usize = 8;
/// Each grid cell's width, in terminal columns.
const CELL: usize = 10;

/// The explanation, as text for the terminal.
pub fn explain(loaded: &Loaded) -> String {
    let (plan, grid, table) = (&loaded.plan, &loaded.grid, &loaded.table);
    let mut out = String::new();
    out.push_str(&format!("文件    {}\n", plan.file));
    out.push_str(&format!(
        "工作表  {}（表格 {}）\n",
        plan.sheet,
        plan.sheet_range()
    ));
    if grid.is_transposed() {
        out.push_str("方向    各单位在行、指标在列：按转置读取（--transposed）\n");
    }
    let (first, last) = (table.header.start.row, table.header.end.row);
    // Read across, the header's rows are the sheet's columns.
    let (name, word) = match grid.is_transposed() {
        true => (column_letters as fn(u32) -> String, "列"),
        false => ((|r: u32| (r + 1).to_string()) as fn(u32) -> String, "行"),
    };
    let rows = if first == last {
        format!("第 {} {word}", name(first))
    } else {
        format!("第 {} 至 {} {word}", name(first), name(last))
    };
    out.push_str(&format!("表头    {rows}\n\n"));
    out.push_str(&columns(grid, table));
    let units: Vec<&str> = plan.units.iter().map(|u| u.name.as_str()).collect();
    out.push_str(&format!(
        "\n单位    {} 个：{}\n",
        units.len(),
        units.join(" ")
    ));
    if let Some(c) = table.column(Role::Total) {
        out.push_str(&format!("总数    {} {}\n", place(grid, c.col), c.label));
    }
    out.push_str(&format!(
        "指标    {} 项；下面是表头和前 {ROWS} 行\n\n",
        plan.targets.len()
    ));
    out.push_str(&drawn(grid, table));
    out.push_str(
        "\n读错时可指定：--header-row 行号，--total 列字母或表头文字，--units E:O 或单位名（逗号分隔），--transposed\n",
    );
    out
}

/// Where a column of the grid is on the sheet: its letter, or, read across,
/// the sheet's row.
fn place(grid: &Grid, col: u32) -> String {
    if grid.is_transposed() {
        format!("第{}行", col + 1)
    } else {
        column_letters(col)
    }
}

/// One line per column: where, the header, the role, what decided it.
fn columns(grid: &Grid, table: &Table) -> String {
    let mut out = format!(
        "{} {} {} 依据\n",
        fit("列", 7),
        fit("表头", 24),
        fit("作用", 12)
    );
    for c in &table.columns {
        let label = match &c.group {
            Some(g) if !g.is_empty() => format!("{g} / {}", c.label),
            _ => c.label.clone(),
        };
        out.push_str(&format!(
            "{} {} {} {}\n",
            fit(&place(grid, c.col), 7),
            fit(&label, 24),
            fit(c.role.word(), 12),
            c.why.word()
        ));
    }
    out
}

/// The header and the first rows as an ASCII grid, as the reader sees them.
fn drawn(grid: &Grid, table: &Table) -> String {
    let cols: Vec<u32> = table.columns.iter().take(COLUMNS).map(|c| c.col).collect();
    let line = format!(
        "+{}\n",
        format!("{}+", "-".repeat(CELL + 2)).repeat(cols.len())
    );
    let row_of = |text: &dyn Fn(u32) -> String, tail: String| {
        let cells: String = cols
            .iter()
            .map(|&c| format!(" {} |", fit(&text(c), CELL)))
            .collect();
        format!("|{cells} {tail}\n")
    };
    let mut out = line.clone();
    out.push_str(&row_of(&|c| place(grid, c), String::new()));
    out.push_str(&row_of(
        &|c| {
            table
                .columns
                .iter()
                .find(|x| x.col == c)
                .map_or(String::new(), |x| x.role.word().to_string())
        },
        String::new(),
    ));
    out.push_str(&line);
    let first = table.header.start.row;
    let end = (table.first_data_row() + ROWS).min(grid.height());
    for r in first..end {
        let shown = grid.original(Addr::new(r, 0));
        let tail = if grid.is_transposed() {
            format!("{}列", column_letters(shown.col))
        } else {
            format!("{}", shown.row + 1)
        };
        out.push_str(&row_of(&|c| grid.value(Addr::new(r, c)).display(), tail));
    }
    if table.columns.len() > COLUMNS {
        out.push_str(&format!(
            "（另有 {} 列未画出）\n",
            table.columns.len() - COLUMNS
        ));
    }
    out.push_str(&line);
    out
}
