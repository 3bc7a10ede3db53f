//! Layout that fits its text. rust_xlsxwriter does not size rows to wrapped
//! text, and LibreOffice does not grow a row on opening a file, so every
//! width and height is computed here: how wide a text is (in half-ems of the
//! font, from `unicode-width`: a CJK character is two, a digit or letter one,
//! as 宋体 draws them), how many
//! lines it wraps to in a column (or a merged range of columns), and how tall
//! its row must be. [`Canvas`] holds a sheet's cells until its columns and
//! rows can be sized; [`row_height`] sizes one row at a time, for a sheet
//! written in constant-memory mode.

use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::ops::{Deref, Range};
use unicode_width::UnicodeWidthChar;

/// Pixels per column-width unit: the width of `0` in the default 11-pt font.
const PX_PER_UNIT: f64 = 7.0;
/// What a column's width gives beyond its text: the cell's margins.
const PAD: f64 = 1.5;
/// A line of text is this many times the font size tall (CJK fonts have tall
/// ascenders and descenders: Noto Sans CJK is 1.45 em), in points.
const LINE: f64 = 1.45;
/// Points above and below a row's text.
const ROW_PAD: f64 = 3.0;

/// A cell format with what layout needs to know of it (the font size, and
/// whether text wraps), which rust_xlsxwriter's `Format` does not tell.
#[derive(Clone)]
pub(crate) struct Style {
    /// The format itself.
    pub(crate) format: Format,
    /// The font size in points.
    pub(crate) size: f64,
    /// Whether text wraps in the cell.
    pub(crate) wrap: bool,
}

impl Style {
    /// A style of `format` at `size` points, wrapping or not.
    pub(crate) fn new(format: Format, size: f64, wrap: bool) -> Self {
        let format = if wrap { format.set_text_wrap() } else { format };
        Style { format, size, wrap }
    }
}

impl Deref for Style {
    type Target = Format;
    fn deref(&self) -> &Format {
        &self.format
    }
}

fn glyph_px(c: char, size: f64) -> f64 {
    let em = size * 4.0 / 3.0;
    match c.width() {
        Some(2) => em,
        Some(1) => em * 0.5,
        _ => 0.0,
    }
}

/// The width of `text` in column units at `size` points: its widest line.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.split('\n')
        .map(|line| line.chars().map(|c| glyph_px(c, size)).sum::<f64>() / PX_PER_UNIT)
        .fold(0.0, f64::max)
}

/// How many lines `text` takes wrapped in `width` column units at `size`
/// points: CJK characters break anywhere, other words at spaces (a word
/// longer than a line is broken where it must be), `\n` always.
pub(crate) fn line_count(text: &str, width: f64, size: f64) -> usize {
    // A column w units wide is 7w + 5 px in Excel, of which its margins leave
    // the text about 7w + 1; a little slack for the spreadsheet's own rules
    // (punctuation kept off the start of a line).
    let room = ((width * PX_PER_UNIT + 1.0) * 0.98).max(size);
    text.split('\n')
        .map(|p| paragraph_lines(p, room, size))
        .sum()
}

fn paragraph_lines(text: &str, room: f64, size: f64) -> usize {
    let mut lines = 1;
    let mut x = 0.0;
    let mut word = 0.0;
    let mut word_chars: Vec<f64> = Vec::new();
    let place_word = |lines: &mut usize, x: &mut f64, word: f64, chars: &[f64]| {
        if word == 0.0 {
            return;
        }
        if *x + word <= room {
            *x += word;
        } else if word <= room {
            *lines += 1;
            *x = word;
        } else {
            for w in chars {
                if *x + w > room && *x > 0.0 {
                    *lines += 1;
                    *x = 0.0;
                }
                *x += w;
            }
        }
    };
    for c in text.chars() {
        let w = glyph_px(c, size);
        if c == ' ' || c.width() == Some(2) {
            place_word(&mut lines, &mut x, word, &word_chars);
            (word, word_chars) = (0.0, Vec::new());
            if c == ' ' {
                if x > 0.0 {
                    x += w;
                }
            } else {
                place_word(&mut lines, &mut x, w, &[w]);
            }
        } else {
            word += w;
            word_chars.push(w);
        }
    }
    place_word(&mut lines, &mut x, word, &word_chars);
    lines
}

/// The height in points of a row whose tallest cell takes `lines` lines at `size` points.
pub(crate) fn height(lines: usize, size: f64) -> f64 {
    (lines.max(1) as f64 * size * LINE + ROW_PAD).ceil()
}

/// A row's height when none is set: one line of 10- or 11-pt text fits it.
pub(crate) const DEFAULT_ROW: f64 = 15.0;

/// The height a row of `cells` (column, text, style) needs in columns
/// `widths` wide; `None` when the default height holds it.
pub(crate) fn row_height<'a>(
    widths: &[f64],
    cells: impl IntoIterator<Item = (u16, &'a str, &'a Style)>,
) -> Option<f64> {
    let need = cells
        .into_iter()
        .map(|(col, text, style)| {
            let width = widths.get(usize::from(col)).copied().unwrap_or(8.43);
            cell_height(text, width, style)
        })
        .fold(DEFAULT_ROW, f64::max);
    (need > DEFAULT_ROW).then_some(need)
}

/// The height a cell needs: one line of text no larger than 11 pt fits the
/// default height (LibreOffice and Excel alike); more lines or a larger font
/// ask for their own.
fn cell_height(text: &str, width: f64, style: &Style) -> f64 {
    let lines = if style.wrap {
        line_count(text, width, style.size)
    } else {
        text.split('\n').count()
    };
    if lines <= 1 && style.size <= 11.0 {
        DEFAULT_ROW
    } else {
        height(lines, style.size)
    }
}

/// Column widths from what the columns hold: text that wraps asks for its
/// width up to the column's cap (and wraps beyond it), text that does not
/// wrap and numbers ask for their whole width.
#[derive(Default)]
pub(crate) struct Widths {
    wrapped: Vec<f64>,
    whole: Vec<f64>,
}

impl Widths {
    /// Note that column `col` holds `text` in `style`.
    pub(crate) fn see(&mut self, col: u16, text: &str, style: &Style) {
        let col = usize::from(col);
        if self.wrapped.len() <= col {
            self.wrapped.resize(col + 1, 0.0);
            self.whole.resize(col + 1, 0.0);
        }
        let w = text_width(text, style.size) + PAD;
        let slot = if style.wrap {
            &mut self.wrapped[col]
        } else {
            &mut self.whole[col]
        };
        *slot = slot.max(w);
    }

    /// What two parts of a sheet ask for together (columns seen in parallel).
    pub(crate) fn merge(mut self, other: Widths) -> Widths {
        let n = self.wrapped.len().max(other.wrapped.len());
        self.wrapped.resize(n, 0.0);
        self.whole.resize(n, 0.0);
        for (mine, theirs) in [
            (&mut self.wrapped, &other.wrapped),
            (&mut self.whole, &other.whole),
        ] {
            mine.iter_mut()
                .zip(theirs)
                .for_each(|(m, t)| *m = m.max(*t));
        }
        self
    }

    /// The widths of columns `0..count`: each at least `min(col)`, wrapped
    /// text capped at `cap(col)`, whole text never cut.
    pub(crate) fn widths(
        &self,
        count: usize,
        min: impl Fn(u16) -> f64,
        cap: impl Fn(u16) -> f64,
    ) -> Vec<f64> {
        (0..count)
            .map(|c| {
                let col = c as u16;
                let wrapped = self.wrapped.get(c).copied().unwrap_or(0.0).min(cap(col));
                let whole = self.whole.get(c).copied().unwrap_or(0.0);
                (wrapped.max(whole).max(min(col)) * 4.0).ceil() / 4.0
            })
            .collect()
    }
}

/// What a cell holds.
pub(crate) enum Value {
    /// A string (never a formula, whatever it begins with).
    Text(Box<str>),
    /// A number.
    Number(f64),
    /// A formula with its cached result.
    Formula(Box<Formula>),
    /// Nothing, but a format.
    Blank,
}

/// A cell to write: its value, the text it shows (for its width and
/// height), and its style.
pub(crate) struct Entry<'a> {
    value: Value,
    /// What a number or formula shows; text shows itself (held once).
    shown: Box<str>,
    style: &'a Style,
}

impl<'a> Entry<'a> {
    /// Text (fitted to Excel's cell limit).
    pub(crate) fn text(text: impl AsRef<str>, style: &'a Style) -> Self {
        let text = crate::render::fit_cell(text.as_ref()).into();
        Entry {
            shown: Box::default(),
            value: Value::Text(text),
            style,
        }
    }

    /// A number, shown as `shown` (what its format makes of it).
    pub(crate) fn number(value: f64, shown: String, style: &'a Style) -> Self {
        Entry {
            value: Value::Number(value),
            shown: shown.into(),
            style,
        }
    }

    /// A formula, its result shown as `shown`.
    pub(crate) fn formula(formula: Formula, shown: String, style: &'a Style) -> Self {
        Entry {
            value: Value::Formula(Box::new(formula)),
            shown: shown.into(),
            style,
        }
    }

    /// An empty cell with a format (borders, an input's shading).
    pub(crate) fn blank(style: &'a Style) -> Self {
        Entry {
            value: Value::Blank,
            shown: Box::default(),
            style,
        }
    }

    /// The text the cell shows.
    pub(crate) fn shown(&self) -> &str {
        match &self.value {
            Value::Text(t) => t,
            _ => &self.shown,
        }
    }

    /// Its style.
    pub(crate) fn style(&self) -> &'a Style {
        self.style
    }

    /// Write it at `row`, `col`.
    pub(crate) fn write(&self, ws: &mut Worksheet, row: u32, col: u16) -> Result<(), XlsxError> {
        let format = &self.style.format;
        match &self.value {
            Value::Text(t) => ws.write_string_with_format(row, col, &**t, format)?,
            Value::Number(n) => ws.write_number_with_format(row, col, *n, format)?,
            Value::Formula(f) => ws.write_formula_with_format(row, col, &**f, format)?,
            Value::Blank => ws.write_blank(row, col, format)?,
        };
        Ok(())
    }
}

/// A sheet's cells held until the sheet is laid out: then its columns get
/// widths from their content (within limits), its rows heights from their
/// wrapped text, merged ranges included, and everything is written in order,
/// so the same cells always give the same bytes.
pub(crate) struct Canvas<'a> {
    /// Every cell put, in the order put (64 B a cell here; a map would
    /// hold about twice that).
    cells: Vec<Placed<'a>>,
    /// A block whose cells are made when asked, not held (汇总's units).
    block: Option<Block<'a>>,
    merges: Vec<(u32, u16, u32, u16)>,
    min: BTreeMap<u16, f64>,
    cap: BTreeMap<u16, f64>,
    fixed: BTreeMap<u16, f64>,
    heights: BTreeMap<u32, f64>,
    default_cap: f64,
}

/// A rectangle of cells made each time the canvas looks at them (to size
/// the columns, the rows, and to write them), not held: 汇总's 80 targets ×
/// 3,000 units held 19 MB as cells, the peak of the whole report.
struct Block<'a> {
    rows: Range<u32>,
    cols: Range<u16>,
    make: Box<dyn Fn(u32, u16) -> Entry<'a> + 'a>,
}

/// A cell as put: where, its number in the order put, whether only if none
/// is there, and what.
struct Placed<'a> {
    row: u32,
    col: u16,
    if_absent: bool,
    seq: u32,
    entry: Entry<'a>,
}

/// The cells in row order, one per place: the last put there, else the
/// first put there if absent. In place: sorted by place and order put (an
/// unstable sort needs no buffer; a stable one took half the cells' size
/// again, and a copy of them the whole).
fn settle(cells: &mut Vec<Placed<'_>>) {
    cells.sort_unstable_by_key(|p| (p.row, p.col, p.seq));
    // `later` is dropped once `kept` (the earlier at its place) has what wins.
    cells.dedup_by(|later, kept| {
        let same = (later.row, later.col) == (kept.row, kept.col);
        if same && !later.if_absent {
            std::mem::swap(&mut later.entry, &mut kept.entry);
        }
        same
    });
}

impl<'a> Canvas<'a> {
    /// An empty sheet whose wrapped columns are at most `cap` units wide.
    pub(crate) fn new(cap: f64) -> Self {
        Canvas {
            cells: Vec::new(),
            block: None,
            merges: Vec::new(),
            min: BTreeMap::new(),
            cap: BTreeMap::new(),
            fixed: BTreeMap::new(),
            heights: BTreeMap::new(),
            default_cap: cap,
        }
    }

    /// Column `col` is between `min` and `cap` units wide (whole text may widen it past the cap).
    pub(crate) fn limit(&mut self, col: u16, min: f64, cap: f64) -> &mut Self {
        self.min.insert(col, min);
        self.cap.insert(col, cap);
        self
    }

    /// Column `col` is exactly `width` units wide, whatever it holds.
    pub(crate) fn fix(&mut self, col: u16, width: f64) -> &mut Self {
        self.fixed.insert(col, width);
        self
    }

    /// Room for `more` cells put from now on (汇总 knows how many it puts:
    /// grown by doubling, its 240,000 at 3,000 units held a copy and a half).
    pub(crate) fn reserve(&mut self, more: usize) {
        self.cells.reserve_exact(more);
    }

    /// The cells of `rows` × `cols` are `make(row, col)`, made when they are
    /// laid out and written rather than held; a cell put inside the block
    /// replaces what it makes there. One block to a canvas.
    pub(crate) fn block(
        &mut self,
        rows: Range<u32>,
        cols: Range<u16>,
        make: impl Fn(u32, u16) -> Entry<'a> + 'a,
    ) {
        debug_assert!(self.block.is_none(), "one block to a canvas");
        self.block = Some(Block {
            rows,
            cols,
            make: Box::new(make),
        });
    }

    /// Every cell, settled `cells` and the block's, in row order.
    fn walk<E>(
        &self,
        cells: &[Placed<'a>],
        mut visit: impl FnMut(u32, u16, &Entry<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut put = cells.iter().peekable();
        if let Some(block) = &self.block {
            for row in block.rows.clone() {
                for col in block.cols.clone() {
                    while let Some(p) = put.next_if(|p| (p.row, p.col) < (row, col)) {
                        visit(p.row, p.col, &p.entry)?;
                    }
                    match put.next_if(|p| (p.row, p.col) == (row, col)) {
                        Some(p) => visit(row, col, &p.entry)?,
                        None => visit(row, col, &(block.make)(row, col))?,
                    }
                }
            }
        }
        put.try_for_each(|p| visit(p.row, p.col, &p.entry))
    }

    /// [`walk`](Self::walk) with a visit that cannot fail.
    fn each(&self, cells: &[Placed<'a>], mut visit: impl FnMut(u32, u16, &Entry<'a>)) {
        let Ok(()) = self.walk(cells, |row, col, cell| {
            visit(row, col, cell);
            Ok::<(), Infallible>(())
        });
    }

    /// Put a cell (replacing what was there).
    pub(crate) fn put(&mut self, row: u32, col: u16, entry: Entry<'a>) {
        self.place(row, col, false, entry);
    }

    /// Put a cell where there is none yet.
    pub(crate) fn put_if_absent(&mut self, row: u32, col: u16, entry: Entry<'a>) {
        self.place(row, col, true, entry);
    }

    fn place(&mut self, row: u32, col: u16, if_absent: bool, entry: Entry<'a>) {
        let seq = self.cells.len() as u32;
        self.cells.push(Placed {
            row,
            col,
            if_absent,
            seq,
            entry,
        });
    }

    /// Put text.
    pub(crate) fn text(&mut self, row: u32, col: u16, text: impl AsRef<str>, style: &'a Style) {
        self.put(row, col, Entry::text(text, style));
    }

    /// Put an empty cell with a format.
    pub(crate) fn blank(&mut self, row: u32, col: u16, style: &'a Style) {
        self.put(row, col, Entry::blank(style));
    }

    /// Merge a range; its content is the cell written at its top left.
    pub(crate) fn merge(&mut self, first_row: u32, first_col: u16, last_row: u32, last_col: u16) {
        if (first_row, first_col) != (last_row, last_col) {
            self.merges.push((first_row, first_col, last_row, last_col));
        }
    }

    fn span(&self, row: u32, col: u16) -> Option<(u32, u16, u32, u16)> {
        self.merges
            .iter()
            .copied()
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }

    /// The column widths the cells ask for.
    fn widths(&self, cells: &[Placed<'a>]) -> Vec<f64> {
        let mut seen = Widths::default();
        let mut count = self.fixed.keys().last().map_or(0, |c| usize::from(*c) + 1);
        self.each(cells, |row, col, cell| {
            count = count.max(usize::from(col) + 1);
            let wide = self.span(row, col).is_some_and(|(_, c0, _, c1)| c0 != c1);
            if !wide {
                seen.see(col, cell.shown(), cell.style);
            }
        });
        let min = |c| self.min.get(&c).copied().unwrap_or(4.0);
        let cap = |c| self.cap.get(&c).copied().unwrap_or(self.default_cap);
        let mut widths = seen.widths(count, min, cap);
        for (&c, &w) in &self.fixed {
            widths[usize::from(c)] = w;
        }
        widths
    }

    /// The format of the cell at `row`, `col` (a merged range's is its first
    /// cell's), or the default.
    fn format_at(&self, cells: &[Placed<'a>], row: u32, col: u16) -> Format {
        if let Ok(i) = cells.binary_search_by_key(&(row, col), |p| (p.row, p.col)) {
            return cells[i].entry.style.format.clone();
        }
        match &self.block {
            Some(b) if b.rows.contains(&row) && b.cols.contains(&col) => {
                (b.make)(row, col).style.format.clone()
            }
            _ => Format::default(),
        }
    }

    /// Size the columns and rows, write every cell, and give back the
    /// column widths (for the page setup).
    pub(crate) fn finish(mut self, ws: &mut Worksheet) -> Result<Vec<f64>, XlsxError> {
        let mut cells = std::mem::take(&mut self.cells);
        settle(&mut cells);
        let widths = self.widths(&cells);
        let mut heights = self.heights.clone();
        let mut tall = Vec::new();
        self.each(&cells, |row, col, cell| {
            let (r0, c0, r1, c1) = self.span(row, col).unwrap_or((row, col, row, col));
            if (r0, c0) != (row, col) {
                return;
            }
            let width: f64 = widths[usize::from(c0)..=usize::from(c1)].iter().sum();
            let need = cell_height(cell.shown(), width, cell.style);
            if r0 == r1 {
                let h = heights.entry(row).or_insert(0.0);
                *h = h.max(need);
            } else {
                tall.push((r0, r1, need));
            }
        });
        // A range merged down gets the height its text needs, spread over its rows.
        for (r0, r1, need) in tall {
            let rows = r1 - r0 + 1;
            let have: f64 = (r0..=r1)
                .map(|r| heights.get(&r).copied().unwrap_or(DEFAULT_ROW))
                .sum();
            if need > have {
                let more = ((need - have) / f64::from(rows)).ceil();
                for r in r0..=r1 {
                    let h = heights.entry(r).or_insert(DEFAULT_ROW);
                    *h += more;
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (row, h) in heights.iter().filter(|(_, h)| **h > DEFAULT_ROW) {
            ws.set_row_height(*row, *h)?;
        }
        // Merged ranges are written row by row with the cells, each before
        // its row's cells, so that a sheet in constant-memory mode (written
        // out row by row) gets them too; a range's format is its first cell's.
        let mut merges: Vec<_> = self
            .merges
            .iter()
            .map(|&(r0, c0, r1, c1)| ((r0, c0, r1, c1), self.format_at(&cells, r0, c0)))
            .collect();
        merges.sort_by_key(|((r0, ..), _)| *r0);
        let mut merges = merges.into_iter().peekable();
        let inside = |row: u32, col: u16| {
            self.span(row, col)
                .is_some_and(|(r0, c0, ..)| (r0, c0) != (row, col))
        };
        self.walk(&cells, |row, col, cell| {
            if inside(row, col) {
                return Ok(());
            }
            while let Some(((r0, c0, r1, c1), format)) = merges.next_if(|((r0, ..), _)| *r0 <= row)
            {
                ws.merge_range(r0, c0, r1, c1, "", &format)?;
            }
            cell.write(ws, row, col)
        })?;
        for ((r0, c0, r1, c1), format) in merges {
            ws.merge_range(r0, c0, r1, c1, "", &format)?;
        }
        Ok(widths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cjk_character_is_twice_as_wide_as_a_digit() {
        let (cjk, digit) = (text_width("数", 10.0), text_width("1", 10.0));
        assert!((cjk / digit - 2.0).abs() < 1e-9);
        assert!((text_width("数量", 11.0) / text_width("数量", 10.0) - 1.1).abs() < 1e-9);
    }

    #[test]
    fn text_wraps_by_character_in_chinese_and_by_word_otherwise() {
        let name = "新增电子营业执照“企业码”应用于地方特色业务系统数量";
        let one = text_width(name, 10.0);
        assert_eq!(line_count(name, one + 2.0, 10.0), 1);
        assert_eq!(line_count(name, one / 2.0 + 3.0, 10.0), 2);
        assert_eq!(line_count(name, one / 3.0 + 3.0, 10.0), 3);
        assert_eq!(line_count("第一行\n第二行", 40.0, 10.0), 2);
        // A path without spaces is one word, broken only where it must be.
        let path = "samples/zhoushan-2024/returns-2024Q3/x.xlsx";
        assert_eq!(
            line_count(path, text_width(path, 10.0) / 2.0 + 3.0, 10.0),
            2
        );
        // A word that does not fit the rest of a line starts the next one.
        assert_eq!(
            line_count("see samples", text_width("see sample", 10.0), 10.0),
            2
        );
    }

    #[test]
    fn a_row_is_as_tall_as_its_tallest_wrapped_cell() {
        let text = Style::new(Format::new(), 10.0, true);
        let plain = Style::new(Format::new(), 10.0, false);
        let widths = [10.0, 10.0];
        let long = "知识产权质押融资金额知识产权质押融资金额";
        assert_eq!(row_height(&widths, [(0, "短", &text)]), None);
        let two = row_height(&widths, [(0, "短", &text), (1, long, &text)]).unwrap();
        assert!(two > height(2, 10.0));
        assert_eq!(row_height(&widths, [(1, long, &plain)]), None);
    }

    #[test]
    fn columns_fit_numbers_whole_and_wrap_text_at_the_cap() {
        let text = Style::new(Format::new(), 10.0, true);
        let plain = Style::new(Format::new(), 10.0, false);
        let mut w = Widths::default();
        w.see(0, &"长".repeat(40), &text);
        w.see(1, "1,234,567,890.12", &plain);
        let widths = w.widths(2, |_| 4.0, |_| 20.0);
        assert_eq!(widths[0], 20.0);
        assert!(widths[1] >= text_width("1,234,567,890.12", 10.0));
    }

    #[test]
    fn the_last_cell_put_at_a_place_wins_and_one_put_if_absent_only_where_none_was() {
        let style = Style::new(Format::new(), 10.0, false);
        let mut canvas = Canvas::new(20.0);
        canvas.put(2, 1, Entry::text("旧", &style));
        canvas.put_if_absent(0, 0, Entry::text("先", &style));
        canvas.put(2, 1, Entry::text("新", &style));
        canvas.put_if_absent(2, 1, Entry::text("不要", &style));
        canvas.put_if_absent(0, 0, Entry::text("后", &style));
        canvas.put(1, 3, Entry::text("甲", &style));
        canvas.put_if_absent(1, 0, Entry::text("乙", &style));
        canvas.put(1, 0, Entry::text("丙", &style));
        let mut cells = std::mem::take(&mut canvas.cells);
        settle(&mut cells);
        let settled: Vec<(u32, u16, &str)> = cells
            .iter()
            .map(|p| (p.row, p.col, p.entry.shown()))
            .collect();
        assert_eq!(
            settled,
            [(0, 0, "先"), (1, 0, "丙"), (1, 3, "甲"), (2, 1, "新")]
        );
    }

    #[test]
    fn a_block_is_made_in_row_order_among_the_cells_put_and_a_cell_put_in_it_wins() {
        let style = Style::new(Format::new(), 10.0, false);
        let mut canvas = Canvas::new(20.0);
        canvas.text(3, 0, "后", &style);
        canvas.text(1, 2, "放", &style);
        canvas.text(0, 5, "前", &style);
        canvas.text(2, 0, "左", &style);
        canvas.block(1..3, 1..3, |row, col| {
            Entry::number(0.0, format!("{row}{col}"), &style)
        });
        let mut cells = std::mem::take(&mut canvas.cells);
        settle(&mut cells);
        let mut seen = Vec::new();
        canvas.each(&cells, |row, col, e| {
            seen.push((row, col, e.shown().to_string()));
        });
        let seen: Vec<(u32, u16, &str)> =
            seen.iter().map(|(r, c, t)| (*r, *c, t.as_str())).collect();
        assert_eq!(
            seen,
            [
                (0, 5, "前"),
                (1, 1, "11"),
                (1, 2, "放"),
                (2, 0, "左"),
                (2, 1, "21"),
                (2, 2, "22"),
                (3, 0, "后"),
            ]
        );
    }
}
