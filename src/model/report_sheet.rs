//! The contract of our report's unit sheet (单位情况), both ways: the
//! renderer writes these columns, and `merge --previous` reads last quarter's
//! report back through [`blocks`] as one return per unit.

use crate::grid::{Addr, Grid};
use crate::model::returns::{Block, ReportedRow};
use crate::quantity;

/// The sheet's name.
pub const SHEET: &str = "单位情况";

/// Its header row, in order: A1 onwards. Read back by header name, never by
/// position, so a column inserted here (计量单位 was, then 进展情况) leaves
/// earlier reports readable. [`columns`] adds [`INCREASE`] and [`EVALUATION`]
/// when they are shown.
pub const COLUMNS: [&str; 12] = [
    UNIT,
    ID,
    NAME,
    "计量单位",
    "本单位目标",
    COMPLETED,
    "完成率",
    "状态",
    "进展情况",
    "来源文件",
    "工作表",
    "单元格",
];

/// This quarter's increase, after 累计完成 (with `merge --previous`).
pub const INCREASE: &str = "本季新增";

/// The year-end evaluation (完成 / 未完成), after 状态 (in the fourth quarter).
pub const EVALUATION: &str = "综合评价";

/// The most columns the sheet has: [`COLUMNS`], [`INCREASE`] and [`EVALUATION`].
pub const MOST_COLUMNS: usize = COLUMNS.len() + 2;

/// The header row as written: [`COLUMNS`], with 本季新增 after 累计完成 when
/// `increase`, and 综合评价 after 状态 when `evaluation`.
pub fn columns(increase: bool, evaluation: bool) -> Vec<&'static str> {
    let mut names = Vec::with_capacity(MOST_COLUMNS);
    for name in COLUMNS {
        names.push(name);
        if name == COMPLETED && increase {
            names.push(INCREASE);
        }
        if name == "状态" && evaluation {
            names.push(EVALUATION);
        }
    }
    names
}

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
            edited: None,
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
