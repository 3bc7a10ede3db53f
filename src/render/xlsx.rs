//! What every workbook we write shares: the cell styles and number formats,
//! the layout that fits its text ([`layout`]), the print setup (paper chosen
//! for the sheet's width, one page wide, header rows repeated, 第 &P 页 共 &N 页),
//! a quantity written as a number where it is one, and the findings table
//! (问题清单 and 校验问题).

pub(crate) mod layout;

use crate::finding::Severity;
use crate::quantity::{Bound, Quantity};
use layout::{Canvas, Entry, Style};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

/// A plan's title without its 任务分解表 (or 分解表), the stem of the titles
/// made from it: 2024年…“十件实事” → …第三季度进展情况表 / 进展汇总.
pub fn title_stem(title: &str) -> &str {
    title
        .trim_end_matches("任务分解表")
        .trim_end_matches("分解表")
        .trim()
}

/// The most decimals a figure is shown with.
pub(crate) const MAX_DECIMALS: u32 = 4;

/// How a cell is coloured by what it says of progress: done green, lagging
/// red, nothing received amber (the legend on 概况 says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// No colour.
    Plain,
    /// Done: green.
    Done,
    /// Lagging: red.
    Lagging,
    /// Nothing received: amber.
    Missing,
}

impl Tone {
    const ALL: [Tone; 4] = [Tone::Plain, Tone::Done, Tone::Lagging, Tone::Missing];

    fn index(self) -> usize {
        self as usize
    }

    /// The fill and font colours, if any.
    pub(crate) fn colours(self) -> Option<(&'static str, &'static str)> {
        match self {
            Tone::Plain => None,
            Tone::Done => Some(("#C6EFCE", "#006100")),
            Tone::Lagging => Some(("#FFC7CE", "#9C0006")),
            Tone::Missing => Some(("#FFEB9C", "#9C5700")),
        }
    }

    fn paint(self, f: Format) -> Format {
        match self.colours() {
            Some((fill, font)) => f.set_background_color(fill).set_font_color(font),
            None => f,
        }
    }
}

/// The cell styles every workbook we write shares: 宋体 10 pt with thin
/// borders; headers bold on blue; numbers with thousands separators and the
/// plan's decimals; rates as percentages; each in every [`Tone`].
pub(crate) struct Formats {
    /// The sheet's title: 16 pt bold, centred.
    pub(crate) title: Style,
    /// A line under the title (no border).
    pub(crate) subtitle: Style,
    /// A section heading on 概况 (bold, no border).
    pub(crate) heading: Style,
    /// Header cells.
    pub(crate) header: Style,
    /// Wrapped text with a border.
    pub(crate) text: Style,
    /// Wrapped text, centred.
    pub(crate) center: Style,
    /// A code (`sum_mismatch`): never broken, its column as wide as it.
    pub(crate) code: Style,
    toned_text: Vec<Style>,
    numbers: Vec<Vec<Style>>,
    percents: Vec<Vec<Style>>,
}

impl Formats {
    /// The shared styles, at 10 pt.
    pub(crate) fn new() -> Self {
        Formats::sized(10.0)
    }

    /// The shared styles at `size` points (the forms use 11).
    pub(crate) fn sized(size: f64) -> Self {
        let base = Format::new().set_font_name("宋体").set_font_size(size);
        let cell = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let number = |decimals: u32, percent: bool| {
            let zeros = "0".repeat(decimals as usize);
            let dot = if decimals > 0 { "." } else { "" };
            let pattern = if percent {
                format!("0{dot}{zeros}%")
            } else {
                format!("#,##0{dot}{zeros}")
            };
            let f = cell.clone().set_num_format(pattern);
            Tone::ALL
                .iter()
                .map(|t| Style::new(t.paint(f.clone()), size, false))
                .collect::<Vec<_>>()
        };
        Formats {
            title: Style::new(
                base.clone()
                    .set_bold()
                    .set_font_size(16)
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter),
                16.0,
                true,
            ),
            subtitle: Style::new(
                base.clone().set_align(FormatAlign::VerticalCenter),
                size,
                true,
            ),
            heading: Style::new(
                base.clone()
                    .set_bold()
                    .set_font_size(size + 2.0)
                    .set_align(FormatAlign::VerticalCenter),
                size + 2.0,
                true,
            ),
            header: Style::new(
                cell.clone()
                    .set_bold()
                    .set_background_color("#D9E1F2")
                    .set_align(FormatAlign::Center),
                size,
                true,
            ),
            text: Style::new(cell.clone(), size, true),
            center: Style::new(cell.clone().set_align(FormatAlign::Center), size, true),
            code: Style::new(cell.clone(), size, false),
            toned_text: Tone::ALL
                .iter()
                .map(|t| Style::new(t.paint(cell.clone()), size, true))
                .collect(),
            numbers: (0..=MAX_DECIMALS).map(|d| number(d, false)).collect(),
            percents: (0..=MAX_DECIMALS).map(|d| number(d, true)).collect(),
        }
    }

    /// Every style's format, in a fixed order: for numbering them in a
    /// workbook before sheets written side by side first use them.
    pub(crate) fn every(&self) -> impl Iterator<Item = &Format> {
        let named = [
            &self.title,
            &self.subtitle,
            &self.heading,
            &self.header,
            &self.text,
            &self.center,
            &self.code,
        ];
        named
            .into_iter()
            .chain(&self.toned_text)
            .chain(self.numbers.iter().flatten())
            .chain(self.percents.iter().flatten())
            .map(|s| &s.format)
    }

    /// Wrapped text in a tone.
    pub(crate) fn toned(&self, tone: Tone) -> &Style {
        &self.toned_text[tone.index()]
    }

    /// A number with `decimals` decimals and thousands separators, in a tone.
    pub(crate) fn number(&self, decimals: u32, tone: Tone) -> &Style {
        &self.numbers[decimals.min(MAX_DECIMALS) as usize][tone.index()]
    }

    /// A percentage with `decimals` decimals (of the percentage), in a tone.
    pub(crate) fn percent(&self, decimals: u32, tone: Tone) -> &Style {
        &self.percents[decimals.min(MAX_DECIMALS) as usize][tone.index()]
    }
}

/// A Decimal as the f64 a cell stores (display only; sums stay Decimal).
pub(crate) fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// How many decimals `d` is written with (0.45 → 2, 20 → 0).
pub(crate) fn decimals(d: Decimal) -> u32 {
    d.normalize().scale().min(MAX_DECIMALS)
}

/// How many decimals of a percentage a rate `d` is written with (0.795 → 1).
pub(crate) fn percent_decimals(d: Decimal) -> u32 {
    decimals(d * Decimal::ONE_HUNDRED)
}

/// `d` as a cell formatted `#,##0.00` shows it: 1,234.50.
pub(crate) fn shown_number(d: Decimal, decimals: u32) -> String {
    let rounded = d.round_dp(decimals);
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}{grouped}{frac}")
}

/// A rate as a cell formatted `0.0%` shows it: 77.5%.
pub(crate) fn shown_percent(rate: Decimal, decimals: u32) -> String {
    let p = (rate * Decimal::ONE_HUNDRED).round_dp(decimals);
    format!("{:.*}%", decimals as usize, p)
}

/// A number cell with the text its format shows, so its column is wide enough.
pub(crate) fn number_entry(d: Decimal, decimals: u32, tone: Tone, f: &Formats) -> Entry<'_> {
    Entry::number(
        number(d),
        shown_number(d, decimals),
        f.number(decimals, tone),
    )
}

/// A rate cell: a fraction shown as a percentage.
pub(crate) fn percent_entry(rate: Decimal, decimals: u32, tone: Tone, f: &Formats) -> Entry<'_> {
    Entry::number(
        number(rate),
        shown_percent(rate, decimals),
        f.percent(decimals, tone),
    )
}

/// The decimals a quantity is shown with: its own, at least `at_least`.
pub(crate) fn decimals_of(q: &Quantity, at_least: u32) -> u32 {
    match q.inner() {
        Quantity::Amount(m) => decimals(m.value).max(at_least),
        Quantity::Rate(m) => percent_decimals(m.value).max(at_least),
        _ => at_least,
    }
}

/// A quantity as a number where it is one (with `decimals` decimals), else as its text.
pub(crate) fn quantity_entry<'f>(
    q: &Quantity,
    decimals: u32,
    tone: Tone,
    f: &'f Formats,
) -> Entry<'f> {
    match q {
        Quantity::Amount(m) if m.bound == Bound::Exact => number_entry(m.value, decimals, tone, f),
        Quantity::Rate(m) if m.bound == Bound::Exact => percent_entry(m.value, decimals, tone, f),
        other => Entry::text(other.to_string(), f.toned(tone)),
    }
}

/// A row of header cells.
pub(crate) fn headers<'f>(canvas: &mut Canvas<'f>, row: u32, names: &[&str], f: &'f Formats) {
    for (c, name) in names.iter().enumerate() {
        canvas.text(row, c as u16, name, &f.header);
    }
}

/// What paper a sheet is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paper {
    /// Chosen for the sheet's width: A4 portrait, A4 landscape, else A3 landscape.
    ForWidth,
    /// A4 landscape, whatever the width (the return forms).
    A4Landscape,
    /// A3 portrait (概况: one page of tables and paragraphs).
    A3Portrait,
}

/// Column units a page holds across (default margins), by paper and orientation.
const A4_PORTRAIT: f64 = 92.0;
const A4_LANDSCAPE: f64 = 136.0;

/// Print setup shared by every sheet: the paper (`paper`, for a sheet
/// `width` column units wide), one page wide (`tall` pages tall, 0 for as
/// many as it takes), the header rows repeated on every page, centred, page
/// numbers in the footer.
pub(crate) fn print_setup(
    ws: &mut Worksheet,
    width: f64,
    header_rows: Option<(u32, u32)>,
    paper: Paper,
    tall: u16,
) -> Result<(), XlsxError> {
    let (size, landscape) = match paper {
        Paper::A4Landscape => (9, true),
        Paper::A3Portrait => (8, false),
        Paper::ForWidth if width <= A4_PORTRAIT => (9, false),
        Paper::ForWidth if width <= A4_LANDSCAPE => (9, true),
        Paper::ForWidth => (8, true),
    };
    ws.set_paper_size(size);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, tall);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    if let Some((first, last)) = header_rows {
        ws.set_repeat_rows(first, last)?;
    }
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// Lay out `canvas` on `ws` and set up its printing: the paper chosen for its width.
pub(crate) fn finish(
    canvas: Canvas<'_>,
    ws: &mut Worksheet,
    header_rows: Option<(u32, u32)>,
    paper: Paper,
) -> Result<(), XlsxError> {
    let widths = canvas.finish(ws)?;
    print_setup(ws, widths.iter().sum(), header_rows, paper, 0)
}

/// A sheet listing findings, errors first: the problem in words, its code,
/// unit, 序号, file, cell, expected, actual and the message. Shared by the
/// report's 问题清单 and the checked plan's 校验问题.
pub(crate) fn findings_table(
    ws: &mut Worksheet,
    findings: &[crate::finding::Finding],
    f: &Formats,
) -> Result<(), XlsxError> {
    let names = [
        "严重程度",
        "问题",
        "代码",
        "单位",
        "序号",
        "文件",
        "位置（工作表!单元格）",
        "应为",
        "实际",
        "说明",
    ];
    let mut canvas = Canvas::new(16.0);
    headers(&mut canvas, 0, &names, f);
    canvas
        .limit(0, 6.0, 6.0)
        .limit(2, 10.0, 10.0)
        .limit(4, 5.0, 6.0)
        .limit(5, 12.0, 18.0)
        .limit(6, 12.0, 20.0)
        .limit(9, 30.0, 44.0);
    let mut sorted: Vec<_> = findings.iter().collect();
    sorted.sort_by_key(|x| x.severity);
    for (i, x) in sorted.iter().enumerate() {
        let (severity, tone) = if x.severity == Severity::Error {
            ("错误", Tone::Lagging)
        } else {
            ("提示", Tone::Missing)
        };
        let row = 1 + i as u32;
        canvas.text(row, 0, severity, f.toned(tone));
        let cells = [
            x.code.word(),
            x.code.as_str(),
            x.unit.as_deref().unwrap_or(""),
            x.target.as_deref().unwrap_or(""),
            x.file.as_deref().map_or("", file_name),
            x.cell.as_deref().unwrap_or(""),
            x.expected.as_deref().unwrap_or(""),
            x.actual.as_deref().unwrap_or(""),
            x.message.as_str(),
        ];
        for (col, t) in cells.iter().enumerate() {
            let style = if col == 1 { &f.code } else { &f.text };
            canvas.text(row, 1 + col as u16, *t, style);
        }
    }
    ws.set_freeze_panes(1, 0)?;
    finish(canvas, ws, Some((0, 0)), Paper::ForWidth)
}

/// A file's name without its folders, for a cell (the whole path is in
/// 回收情况 and --json); the path itself when it has no name part.
pub(crate) fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(std::ffi::OsStr::to_str)
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_are_shown_as_their_format_shows_them() {
        assert_eq!(shown_number(dec!(1234.5), 2), "1,234.50");
        assert_eq!(shown_number(dec!(1641), 0), "1,641");
        assert_eq!(shown_number(dec!(0.45), 2), "0.45");
        assert_eq!(shown_number(dec!(-5), 0), "-5");
        assert_eq!(shown_number(dec!(123456789), 0), "123,456,789");
        assert_eq!(shown_percent(dec!(0.775), 1), "77.5%");
        assert_eq!(shown_percent(dec!(0.8), 0), "80%");
        assert_eq!(decimals(dec!(0.450)), 2);
        assert_eq!(percent_decimals(dec!(0.795)), 1);
    }
}
