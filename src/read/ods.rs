//! What calamine does not tell us about an .ods sheet: its merged ranges and
//! which numeric cells are percentages. Read from `content.xml` directly.

use crate::grid::{Addr, Span};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::Cursor;

/// Merged ranges and percentage cells of one sheet.
#[derive(Debug, Default)]
pub struct OdsExtras {
    /// Cells spanning several rows or columns.
    pub merges: Vec<Span>,
    /// Cells whose value type is `percentage`.
    pub percent: HashSet<Addr>,
}

/// Scan `content.xml` of the .ods in `bytes` for the sheet named `sheet`.
pub fn sheet_extras(bytes: &[u8], sheet: &str) -> Result<OdsExtras, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let content = archive.by_name("content.xml").map_err(|e| e.to_string())?;
    // Streamed: content.xml is never held whole (it may inflate to gigabytes).
    let reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    scan(reader, sheet).map_err(|e| e.to_string())
}

/// Where a cell element of content.xml sits: its sheet, first row and column
/// (zero-based, repeats counted), and how many rows and columns it repeats over.
struct At<'a> {
    sheet: &'a str,
    row: u64,
    col: u64,
    rows: u64,
    cols: u64,
}

/// Walk content.xml's tables, calling `on_cell` for every cell element (empty
/// or not) with its position; row and column repeats are counted, as the
/// position of every later cell depends on them. `on_cell` returns `true` to
/// stop. Shared by the size check and the per-sheet extras.
fn walk(
    mut reader: quick_xml::Reader<impl std::io::BufRead>,
    mut on_cell: impl FnMut(&At, &BytesStart, bool) -> bool,
) -> Result<(), quick_xml::Error> {
    let mut buf = Vec::new();
    let (mut sheet, mut row, mut col, mut rows) = (String::new(), 0u64, 0u64, 1u64);
    loop {
        buf.clear();
        let (e, is_empty) = match reader.read_event_into(&mut buf)? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row += rows;
                continue;
            }
            Event::Eof => return Ok(()),
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => (sheet, row) = (attr_text(&e, "table:name"), 0),
            "table:table-row" => {
                (col, rows) = (0, u64::from(attr_u32(&e, "table:number-rows-repeated")));
                if is_empty {
                    row += rows;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let cols = u64::from(attr_u32(&e, "table:number-columns-repeated"));
                let at = At {
                    sheet: &sheet,
                    row,
                    col,
                    rows,
                    cols,
                };
                if on_cell(&at, &e, is_empty) {
                    return Ok(());
                }
                col += cols;
            }
            _ => {}
        }
    }
}

fn attr_u32(e: &BytesStart, name: &str) -> u32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(1)
}

fn attr_is(e: &BytesStart, name: &str, value: &str) -> bool {
    e.attributes()
        .flatten()
        .any(|a| a.key.as_ref() == name && a.value == value)
}

fn scan(
    reader: quick_xml::Reader<impl std::io::BufRead>,
    sheet: &str,
) -> Result<OdsExtras, quick_xml::Error> {
    let mut out = OdsExtras::default();
    walk(reader, |at, e, _| {
        if at.sheet == sheet {
            record_cell(e, at, &mut out);
        }
        false
    })?;
    Ok(out)
}

/// Zero-based index as an [`Addr`] coordinate (a position past u32 is absurd
/// in a sheet and is clamped).
fn index(i: u64) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn record_cell(e: &BytesStart, at: &At, out: &mut OdsExtras) {
    let (row, col) = (index(at.row), index(at.col));
    let here = Addr::new(row, col);
    let cols = attr_u32(e, "table:number-columns-spanned");
    let rows = attr_u32(e, "table:number-rows-spanned");
    if cols > 1 || rows > 1 {
        let end = Addr::new(row + rows - 1, col + cols - 1);
        out.merges.push(Span { start: here, end });
    }
    if attr_is(e, "office:value-type", "percentage") {
        // A run of identical cells is written once with a repeat count (capped:
        // a repeated empty tail can claim the whole sheet).
        let rows = row..row.saturating_add(index(at.rows.min(1024)));
        for r in rows {
            for c in col..col.saturating_add(index(at.cols.min(1024))) {
                out.percent.insert(Addr::new(r, c));
            }
        }
    }
}

/// The first sheet whose cells with content span more than `limit` positions
/// (rows × columns from A1, counting repeats), with that count. calamine
/// reserves the whole rectangle, so a 27 KB file with one value after a
/// million repeated rows asks for gigabytes. `content.xml` is streamed, never
/// held whole; a document that cannot be followed is left to calamine.
pub fn oversized_sheet(bytes: &[u8], limit: u64) -> Option<(String, u64)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = std::io::BufReader::new(archive.by_name("content.xml").ok()?);
    let (mut name, mut far, mut found) = (String::new(), (0u64, 0u64), None);
    let _ = walk(
        quick_xml::Reader::from_reader(content),
        |at, e, is_empty| {
            if at.sheet != name {
                (name, far) = (at.sheet.to_string(), (0, 0));
            }
            let content = !is_empty
                || e.attributes()
                    .flatten()
                    .any(|a| a.key.as_ref() == "office:value-type");
            if content {
                far = (far.0.max(at.row + at.rows), far.1.max(at.col + at.cols));
                if far.0 * far.1 > limit {
                    found = Some((name.clone(), far.0 * far.1));
                }
            }
            found.is_some()
        },
    );
    found
}

fn attr_text(e: &BytesStart, name: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            quick_xml::escape::unescape(&a.value)
                .ok()
                .map(|v| v.into_owned())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_percentages_are_found_at_their_a1_cells() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="Other"><table:table-row><table:table-cell table:number-columns-spanned="3"/></table:table-row></table:table>
            <table:table table:name="任务分解表">
              <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="4"/>
                <table:table-cell table:number-columns-spanned="11" table:number-rows-spanned="2"><text:p>均达到 80%</text:p></table:table-cell>
                <table:covered-table-cell table:number-columns-repeated="10"/>
                <table:table-cell office:value-type="percentage" office:value="0.9"/>
              </table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        let extras = scan(quick_xml::Reader::from_str(xml), "任务分解表").unwrap();
        assert_eq!(extras.merges.len(), 1);
        assert_eq!(extras.merges[0].to_string(), "E3:O4");
        assert!(extras.percent.contains(&Addr::new(2, 15)));
        let repeated = r#"<table:table table:name="S"><table:table-row>
            <table:table-cell office:value-type="percentage" table:number-columns-repeated="3"/>
            </table:table-row></table:table>"#;
        let extras = scan(quick_xml::Reader::from_str(repeated), "S").unwrap();
        assert_eq!(
            extras.percent.len(),
            3,
            "every repeated cell is a percentage"
        );
    }

    fn ods(content: &str) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
        zip.finish().unwrap();
        bytes
    }

    #[test]
    fn one_value_after_a_million_repeated_rows_is_an_oversized_sheet() {
        let far = ods(r#"<table:table table:name="S">
            <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="80"/>
            <table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>
            </table:table-row></table:table>"#);
        assert_eq!(
            oversized_sheet(&far, 16_000_000),
            Some(("S".to_string(), 1_000_001 * 81))
        );
    }

    #[test]
    fn a_repeated_empty_tail_as_libreoffice_writes_it_is_not_oversized() {
        let tail = ods(r#"<table:table table:name="S">
            <table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>
            <table:table-cell table:number-columns-repeated="16383"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            </table:table>"#);
        assert_eq!(oversized_sheet(&tail, 16_000_000), None);
    }
}
