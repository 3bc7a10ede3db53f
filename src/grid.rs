//! A worksheet as the reader sees it: cells, merged ranges and A1 addresses.
//!
//! The grid is the first pure layer: [`crate::read::workbook`] fills it from a file,
//! everything after it (table recognition, plans, checks) only reads it.
//! Positions are zero-based `(row, col)` internally and always printed as A1.

use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// A cell position, zero-based; displayed in A1 notation (`D59`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Addr {
    /// Zero-based row (row 1 in Excel is 0).
    pub row: u32,
    /// Zero-based column (column A is 0).
    pub col: u32,
}

impl Addr {
    /// A position from zero-based row and column.
    pub fn new(row: u32, col: u32) -> Self {
        Addr { row, col }
    }
}

/// Column letters for a zero-based column index: 0 → `A`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl Addr {
    /// Read an A1 reference, with or without a sheet (`任务分解表!D59`, `'a b'!D59`, `D59`).
    pub fn parse(reference: &str) -> Option<Addr> {
        let a1 = reference.rsplit('!').next()?;
        let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
        let row: u32 = a1[letters.len()..].parse().ok()?;
        let col = letters
            .to_ascii_uppercase()
            .bytes()
            .try_fold(0u32, |acc, b| {
                acc.checked_mul(26)?.checked_add(u32::from(b - b'A' + 1))
            })?;
        (row >= 1 && col >= 1).then(|| Addr::new(row - 1, col - 1))
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.col), self.row + 1)
    }
}

impl Serialize for Addr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A cell reference as Excel writes it: `任务分解表!D59`, or `'任务 分解表'!D59`
/// when the sheet's name has spaces or punctuation.
pub fn sheet_ref(sheet: &str, addr: Addr) -> String {
    let plain = !sheet.is_empty()
        && sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{sheet}!{addr}")
    } else {
        format!("'{}'!{addr}", sheet.replace('\'', "''"))
    }
}

/// A rectangle of cells, inclusive on both ends (`A1:P1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Top-left cell.
    pub start: Addr,
    /// Bottom-right cell.
    pub end: Addr,
}

impl Span {
    /// Whether `addr` lies inside the rectangle.
    pub fn contains(&self, addr: Addr) -> bool {
        (self.start.row..=self.end.row).contains(&addr.row)
            && (self.start.col..=self.end.col).contains(&addr.col)
    }

    /// Number of columns covered.
    pub fn width(&self) -> u32 {
        self.end.col - self.start.col + 1
    }

    /// Number of rows covered.
    pub fn height(&self) -> u32 {
        self.end.row - self.start.row + 1
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}:{}", self.start, self.end)
        }
    }
}

/// What a cell holds, as read from the file, before any interpretation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing in the cell.
    Empty,
    /// Text exactly as typed.
    Text(String),
    /// A numeric cell, converted exactly as Excel shows it (15 significant
    /// digits); `percent` is set when the cell's number format is a percentage.
    Number {
        /// The stored value (0.9 for a cell displayed as 90%).
        value: Decimal,
        /// The cell is formatted as a percentage.
        percent: bool,
    },
    /// TRUE or FALSE.
    Bool(bool),
    /// A date or time, as ISO text.
    Date(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never saved in the file.
    FormulaWithoutValue(String),
}

impl Value {
    /// Whether the cell is empty or holds only whitespace.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as it would be displayed, for labels and messages.
    pub fn display(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Number { value, percent } if *percent => {
                format!("{}%", crate::text::percent_of(*value))
            }
            Value::Number { value, .. } => value.normalize().to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.clone(),
            Value::Error(e) => e.clone(),
            Value::FormulaWithoutValue(f) => format!("={f}"),
        }
    }
}

/// One worksheet: a dense block of values plus its merged ranges.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The file the sheet came from, as given by the user.
    pub file: String,
    /// The sheet's name.
    pub sheet: String,
    rows: Vec<Vec<Value>>,
    merges: Vec<Span>,
    merge_index: HashMap<Addr, usize>,
    transposed: bool,
}

impl Grid {
    /// A grid from rows of values (row 0 is Excel row 1) and merged ranges.
    pub fn new(file: &str, sheet: &str, rows: Vec<Vec<Value>>, merges: Vec<Span>) -> Self {
        let mut merge_index = HashMap::new();
        for (i, m) in merges.iter().enumerate() {
            for row in m.start.row..=m.end.row {
                for col in m.start.col..=m.end.col {
                    merge_index.insert(Addr::new(row, col), i);
                }
            }
        }
        Grid {
            file: file.to_string(),
            sheet: sheet.to_string(),
            rows,
            merges,
            merge_index,
            transposed: false,
        }
    }

    /// The same sheet read across: row r, column c of the result is row c,
    /// column r of this one (units down the rows become unit columns).
    /// Addresses it gives out ([`Grid::cell_ref`], [`Grid::original`]) are
    /// the sheet's own.
    pub fn transposed(&self) -> Grid {
        let (height, width) = (self.height() as usize, self.width() as usize);
        let mut rows: Vec<Vec<Value>> = vec![Vec::with_capacity(height); width];
        for (c, row) in rows.iter_mut().enumerate() {
            for r in 0..height {
                row.push(self.raw(Addr::new(r as u32, c as u32)).clone());
            }
            while row.last().is_some_and(|v| *v == Value::Empty) {
                row.pop();
            }
        }
        let swap = |a: Addr| Addr::new(a.col, a.row);
        let merges = self
            .merges
            .iter()
            .map(|m| Span {
                start: swap(m.start),
                end: swap(m.end),
            })
            .collect();
        let mut grid = Grid::new(&self.file, &self.sheet, rows, merges);
        grid.transposed = !self.transposed;
        grid
    }

    /// Whether this grid is a sheet read across ([`Grid::transposed`]).
    pub fn is_transposed(&self) -> bool {
        self.transposed
    }

    /// A cell of this grid as the sheet's own address.
    pub fn original(&self, addr: Addr) -> Addr {
        if self.transposed {
            Addr::new(addr.col, addr.row)
        } else {
            addr
        }
    }

    /// Number of rows (the last used row + 1).
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// Number of columns (the widest row).
    pub fn width(&self) -> u32 {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32
    }

    /// The value stored in this very cell (empty for the covered part of a merge).
    pub fn raw(&self, addr: Addr) -> &Value {
        const EMPTY: &Value = &Value::Empty;
        self.rows
            .get(addr.row as usize)
            .and_then(|r| r.get(addr.col as usize))
            .unwrap_or(EMPTY)
    }

    /// The value a reader sees at this cell: inside a merged range, the value
    /// of the range's top-left cell.
    pub fn value(&self, addr: Addr) -> &Value {
        match self.merge_at(addr) {
            Some(m) => self.raw(m.start),
            None => self.raw(addr),
        }
    }

    /// The merged range covering this cell, if any.
    pub fn merge_at(&self, addr: Addr) -> Option<&Span> {
        self.merge_index.get(&addr).map(|&i| &self.merges[i])
    }

    /// The rows of values, from row 1; each as long as its last used cell.
    pub fn rows(&self) -> &[Vec<Value>] {
        &self.rows
    }

    /// All merged ranges, in file order.
    pub fn merges(&self) -> &[Span] {
        &self.merges
    }

    /// The cell's position as the user writes it: `任务分解表!D59`.
    pub fn cell_ref(&self, addr: Addr) -> String {
        sheet_ref(&self.sheet, self.original(addr))
    }

    /// Whether every cell of the row is blank.
    pub fn row_is_blank(&self, row: u32) -> bool {
        let own = self
            .rows
            .get(row as usize)
            .is_none_or(|r| r.iter().all(Value::is_blank));
        own && !self
            .merges
            .iter()
            .any(|m| (m.start.row..=m.end.row).contains(&row) && !self.raw(m.start).is_blank())
    }

    /// For each column, whether any cell from `from_row` down holds a value of
    /// its own (not the covered part of a merge). One pass over the cells.
    pub fn columns_with_data(&self, from_row: u32) -> Vec<bool> {
        let mut has = vec![false; self.width() as usize];
        for (r, row) in self.rows.iter().enumerate().skip(from_row as usize) {
            for (c, v) in row.iter().enumerate() {
                has[c] |= !v.is_blank() && self.merge_at(Addr::new(r as u32, c as u32)).is_none();
            }
        }
        has
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel_after_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn addresses_print_in_a1_notation() {
        assert_eq!(Addr::new(58, 3).to_string(), "D59");
        let span = Span {
            start: Addr::new(0, 0),
            end: Addr::new(0, 15),
        };
        assert_eq!(span.to_string(), "A1:P1");
    }

    #[test]
    fn a1_references_parse_back_to_addresses() {
        assert_eq!(Addr::parse("任务分解表!D59"), Some(Addr::new(58, 3)));
        assert_eq!(Addr::parse("'a!b'!AA10"), Some(Addr::new(9, 26)));
        assert_eq!(Addr::parse("D0"), None);
        assert_eq!(Addr::parse("59"), None);
    }

    #[test]
    fn sheet_names_with_spaces_or_punctuation_are_quoted() {
        let a = Addr::new(1, 2);
        assert_eq!(sheet_ref("任务分解表", a), "任务分解表!C2");
        assert_eq!(sheet_ref("a!b", a), "'a!b'!C2");
        assert_eq!(sheet_ref("任务 分解表", a), "'任务 分解表'!C2");
        assert_eq!(sheet_ref("it's", a), "'it''s'!C2");
        assert_eq!(sheet_ref("1", a), "'1'!C2");
    }

    #[test]
    fn merged_cell_reads_its_anchor_value_everywhere_it_covers() {
        let rows = vec![vec![Value::Text("均达到 80%".into()), Value::Empty]];
        let merge = Span {
            start: Addr::new(0, 0),
            end: Addr::new(0, 1),
        };
        let grid = Grid::new("f.xlsx", "S", rows, vec![merge]);
        assert_eq!(
            grid.value(Addr::new(0, 1)),
            &Value::Text("均达到 80%".into())
        );
        assert_eq!(grid.raw(Addr::new(0, 1)), &Value::Empty);
    }
}
