//! The merged ranges of an .xlsx sheet, found by scanning the sheet's XML for
//! `<mergeCell ref="…"/>` instead of tokenizing it again (calamine's own
//! lookup parses the whole sheet a second time: 18 % of a large merge).

use crate::grid::{Addr, Span};
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// Merged ranges of `sheet`, or `None` when the package cannot be followed
/// (the caller then asks calamine).
pub fn merges(bytes: &[u8], sheet: &str) -> Option<Vec<Span>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let rel_id = sheet_rel_id(&read(&mut zip, "xl/workbook.xml")?, sheet)?;
    let target = rel_target(&read(&mut zip, "xl/_rels/workbook.xml.rels")?, &rel_id)?;
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let entry = zip.by_name(&part).ok()?;
    scan_stream(entry)
}

/// Scan a sheet part in chunks, so a sheet that inflates to gigabytes (a zip
/// bomb) is never held whole: only the merged ranges found are kept.
fn scan_stream(mut part: impl Read) -> Option<Vec<Span>> {
    const CHUNK: usize = 1 << 16;
    // Longer than the longest `mergeCell ref="XFD1048576:XFD1048576"`.
    const KEEP: usize = 64;
    let mut spans = Vec::new();
    let mut window: Vec<u8> = Vec::with_capacity(CHUNK + KEEP);
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = part.read(&mut buf).ok()?;
        window.extend_from_slice(&buf[..n]);
        // Scan up to the last complete tag; keep the rest for the next chunk.
        let done = match window.iter().rposition(|&b| b == b'>') {
            _ if n == 0 => window.len(),
            Some(at) => at + 1,
            None => window.len().saturating_sub(KEEP),
        };
        spans.extend(scan(&window[..done]));
        if n == 0 {
            return Some(spans);
        }
        window.drain(..done);
    }
}

fn read(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut text = String::new();
    zip.by_name(name).ok()?.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Attributes of every start/empty element called `local` (any prefix).
fn elements(xml: &str, local: &str) -> Vec<Vec<(String, String)>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                let attrs = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        (
                            String::from(a.key.local_name().as_ref()),
                            quick_xml::escape::unescape(&a.value)
                                .map(|v| v.into_owned())
                                .unwrap_or_default(),
                        )
                    })
                    .collect();
                found.push(attrs);
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn sheet_rel_id(workbook: &str, sheet: &str) -> Option<String> {
    elements(workbook, "sheet")
        .into_iter()
        .find(|a| attr(a, "name") == Some(sheet))
        .and_then(|a| attr(&a, "id").map(str::to_string))
}

fn rel_target(rels: &str, id: &str) -> Option<String> {
    elements(rels, "Relationship")
        .into_iter()
        .find(|a| attr(a, "Id") == Some(id))
        .and_then(|a| attr(&a, "Target").map(str::to_string))
}

/// Every `mergeCell ref="A1:B2"` in the sheet's XML (its bytes: a reference
/// is ASCII, and the rest of the sheet need not be looked at as text).
fn scan(xml: &[u8]) -> Vec<Span> {
    const NEEDLE: &[u8] = b"mergeCell ref=\"";
    let mut spans = Vec::new();
    for at in memchr::memmem::find_iter(xml, NEEDLE) {
        let rest = &xml[at + NEEDLE.len()..];
        let end = memchr::memchr(b'"', rest).unwrap_or(0);
        let Ok(reference) = std::str::from_utf8(&rest[..end]) else {
            continue;
        };
        let (a, b) = reference.split_once(':').unwrap_or((reference, reference));
        if let (Some(start), Some(end)) = (Addr::parse(a), Addr::parse(b)) {
            spans.push(Span { start, end });
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_references_are_found_with_or_without_a_prefix() {
        let xml = r#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A1:P1"/><x:mergeCell ref="E5:O5"/></mergeCells></worksheet>"#;
        let spans: Vec<String> = scan(xml.as_bytes())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(spans, ["A1:P1", "E5:O5"]);
    }

    #[test]
    fn a_merge_split_across_chunks_is_found_once() {
        let mut xml = String::from("<worksheet><sheetData>");
        xml.push_str(&"<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>".repeat(5000));
        xml.push_str("</sheetData><mergeCells>");
        for i in 1..=3000 {
            xml.push_str(&format!("<mergeCell ref=\"A{i}:C{i}\"/>"));
        }
        xml.push_str("</mergeCells></worksheet>");
        let spans = scan_stream(xml.as_bytes()).unwrap();
        assert_eq!(spans.len(), 3000);
        assert_eq!(spans[2999].to_string(), "A3000:C3000");
    }

    #[test]
    fn the_sheet_part_is_followed_from_its_name() {
        let wb = r#"<workbook><sheets><sheet name="任务分解表" sheetId="1" r:id="rId3"/><sheet name="a&amp;b" r:id="rId4"/></sheets></workbook>"#;
        assert_eq!(sheet_rel_id(wb, "任务分解表").as_deref(), Some("rId3"));
        assert_eq!(sheet_rel_id(wb, "a&b").as_deref(), Some("rId4"));
        let rels = r#"<Relationships><Relationship Id="rId3" Target="worksheets/sheet1.xml"/></Relationships>"#;
        assert_eq!(
            rel_target(rels, "rId3").as_deref(),
            Some("worksheets/sheet1.xml")
        );
    }
}
