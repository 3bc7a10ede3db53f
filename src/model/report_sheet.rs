//! The contract of our report's unit sheet (单位情况), both ways: the
//! renderer writes these columns, and `merge --previous` reads last quarter's
//! report back through [`blocks`] as one return per unit.

use crate::grid::{Addr, Grid};
use crate::model::returns::{Block, ReportedRow};
use crate::quantity;

/// The sheet's name.
pub const SHEET: &str = "单位情况";

/// Its header row, in order: A1 onwards. Read back by header name, never by
/// position, so a column inserted here (计量单位 was) leaves earlier reports readable.
pub const COLUMNS: [&str; 11] = [
    UNIT,
    ID,
    NAME,
    "计量单位",
    "本单位目标",
    COMPLETED,
    "完成率",
    "状态",
    "来源文件",
    "工作表",
    "单元格",
];

const UNIT: &str = "单位";
const ID: &str = "序号";
const NAME: &str = "目标名称";
const COMPLETED: &str = "累计完成";

/// The unit sheet read back: one block per unit, in first-seen order;
/// `None` when a column it needs is missing (the sheet is not ours).
pub fn blocks(grid: &Grid) -> Option<Vec<Block>> {
    let header: Vec<String> = (0..grid.width())
        .map(|c| grid.value(Addr::new(0, c)).display())
        .collect();
    let col = |word: &str| header.iter().position(|h| h == word).map(|c| c as u32);
    let (unit_c, id_c, name_c, done_c) = (col(UNIT)?, col(ID)?, col(NAME)?, col(COMPLETED)?);
    let mut blocks: Vec<Block> = Vec::new();
    for row in 1..grid.height() {
        let text = |c| grid.value(Addr::new(row, c)).display();
        let unit = text(unit_c);
        let completed = (
            Addr::new(row, done_c),
            quantity::from_value(grid.value(Addr::new(row, done_c))),
        );
        let reported = ReportedRow {
            row: row + 1,
            id: text(id_c),
            first: Addr::new(row, id_c),
            name: text(name_c),
            target: None,
            completed,
            progress: None,
            behind: Vec::new(),
        };
        match blocks
            .iter_mut()
            .find(|b| b.unit_written.as_deref() == Some(unit.as_str()))
        {
            Some(b) => b.rows.push(reported),
            None => blocks.push(Block {
                unit_written: Some(unit),
                rows: vec![reported],
            }),
        }
    }
    Some(blocks)
}
