//! Renderers: pure functions from results to text or bytes. Only `src/cmd/`
//! writes anything anywhere.

pub mod check;
pub mod form;
pub mod merge;
pub mod xlsx;

use crate::quantity::Quantity;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use std::borrow::Cow;

/// A quantity's number as a decimal string for `--json` (rates as
/// fractions, through a uniform requirement); `None` when it has none.
pub fn decimal(q: &Quantity) -> Option<String> {
    q.value().map(|v| v.normalize().to_string())
}

/// An unusable input (exit 2) as the JSON document `--json` prints instead
/// of a result: `{"error": {code, file, message, detail}}`; the message is
/// the clerk's (Chinese), `detail` the reader's or system's own words.
pub fn error_json(e: &crate::error::Error) -> String {
    let doc = serde_json::json!({
        "error": {
            "code": e.code(),
            "file": e.path(),
            "message": e.to_string(),
            "detail": e.detail(),
        }
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// Excel's limit on one cell's text, in UTF-16 code units.
pub const MAX_CELL_TEXT: usize = 32_767;

/// `text` as a cell can hold it. Excel (and rust_xlsxwriter) refuse a cell
/// over 32,767 characters, which a return saved by another program can hold:
/// such a text is cut, and says so and how long it was, so one long cell
/// never stops a report from being written and never passes for the whole.
pub fn fit_cell(text: &str) -> Cow<'_, str> {
    fit(text, MAX_CELL_TEXT)
}

/// `text` as a cell note can hold it (Excel's limit, less what the note's
/// author line takes).
pub fn fit_note(text: &str) -> Cow<'_, str> {
    fit(text, MAX_CELL_TEXT - 54)
}

fn fit(text: &str, limit: usize) -> Cow<'_, str> {
    let length = text.encode_utf16().count();
    if length <= limit {
        return Cow::Borrowed(text);
    }
    let tail = format!("…（原文 {length} 字，超过 Excel 单元格上限，已截断，全文见源文件）");
    let room = limit - tail.encode_utf16().count();
    let mut used = 0;
    let cut = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(at, _)| at);
    Cow::Owned(format!("{}{tail}", &text[..cut]))
}

/// Writing text that came from a workbook (or quotes it) into a cell.
pub trait WriteText {
    /// `write_string_with_format`, with the text fitted by [`fit_cell`].
    fn write_text(
        &mut self,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError>;
}

impl WriteText for Worksheet {
    fn write_text(
        &mut self,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> Result<&mut Worksheet, XlsxError> {
        self.write_string_with_format(row, col, fit_cell(text.as_ref()), format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_within_the_cell_limit_is_kept_whole() {
        let text = "长".repeat(MAX_CELL_TEXT);
        assert_eq!(fit_cell(&text), text);
    }

    #[test]
    fn text_over_the_cell_limit_is_cut_and_says_how_long_it_was() {
        let text = "进展".repeat(20_000);
        let fitted = fit_cell(&text);
        assert_eq!(fitted.encode_utf16().count(), MAX_CELL_TEXT);
        assert!(fitted.starts_with("进展进展"));
        assert!(fitted.ends_with("（原文 40000 字，超过 Excel 单元格上限，已截断，全文见源文件）"));
    }

    #[test]
    fn a_character_outside_the_basic_plane_is_never_split() {
        let text = "𠀀".repeat(20_000); // two UTF-16 units each
        let fitted = fit_cell(&text);
        assert!(fitted.encode_utf16().count() <= MAX_CELL_TEXT);
        assert!(fitted.contains("原文 40000 字"));
    }
}
