//! Draw the task table huizong finds in a workbook as an ASCII grid: the
//! header's roles, then the first rows, with A1 addresses. A quick way to see
//! how a clerk's odd sheet is read.
//!
//!     cargo run --example grid -- samples/zhoushan-2024/zhoushan-2024-breakdown.xlsx [ROWS]

use huizong::grid::{Addr, column_letters};
use huizong::read::workbook::Workbook;
use huizong::render::check::text::fit;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: grid WORKBOOK [ROWS]");
    let rows: u32 = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(12);
    let mut wb = match Workbook::open(Path::new(path)) {
        Ok(wb) => wb,
        Err(e) => return eprintln!("{e}"),
    };
    for sheet in wb.visible_sheet_names() {
        let Ok(grid) = wb.grid(&sheet) else { continue };
        let Some(table) = huizong::table::find(&grid) else {
            println!("{sheet}: no task table");
            continue;
        };
        println!(
            "{sheet}: table header {} (score {})",
            table.header, table.score
        );
        let cols: Vec<u32> = table.columns.iter().map(|c| c.col).collect();
        let line = format!("+{}", "--------------+".repeat(cols.len()));
        println!("{line}");
        let cells = |f: &dyn Fn(u32) -> String| {
            cols.iter()
                .map(|&c| format!(" {} |", fit(&f(c), 12)))
                .collect::<String>()
        };
        println!("|{}", cells(&column_letters));
        println!(
            "|{}",
            cells(&|c| {
                let role = table.columns.iter().find(|x| x.col == c).map(|x| x.role);
                role.map_or(String::new(), |r| format!("{r:?}"))
            })
        );
        println!("{line}");
        let first = table.header.start.row;
        for r in first..(first + rows).min(grid.height()) {
            println!(
                "|{} {}",
                cells(&|c| grid.value(Addr::new(r, c)).display()),
                r + 1
            );
        }
        println!("{line}");
    }
}
