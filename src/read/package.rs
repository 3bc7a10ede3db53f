//! Checks on a zip package (.xlsx, .ods) before calamine reads it: the parts
//! calamine holds whole in memory (shared strings, styles, the workbook, an
//! .ods's content.xml) must not unpack to more than a workbook could need.
//! A zip bomb is a few hundred KB that inflates to gigabytes: 10 million
//! one-letter shared strings are 414 KB zipped and cost calamine 520 MB; an
//! .ods whose content.xml is padded with 400 MB of spaces, 888 MB.
//! Parts are inflated here in a stream and counted, so a size the zip
//! directory lies about changes nothing. A part too small to reach a limit
//! however it inflates (its compressed bytes, which are all a reader is
//! given, times deflate's most, 1032 to 1) is not inflated here: a return's
//! parts are a few KB, and inflating each twice was a tenth of a merge.

use std::io::{Cursor, Read};

/// What in a package is too large, for the error message.
#[derive(Debug, PartialEq, Eq)]
pub enum Oversized {
    /// A part inflates to more than this many bytes.
    Bytes {
        /// The part's name in the package.
        part: String,
        /// The limit passed.
        limit: u64,
    },
    /// The shared strings hold more entries than a sheet may hold cells.
    Strings {
        /// The limit passed.
        limit: u64,
    },
}

/// Check the parts calamine reads whole — every part but an .xlsx's sheets,
/// which are streamed and counted cell by cell — for at most `max_bytes`
/// unpacked, and an .xlsx's shared strings for at most `max_strings` entries.
/// A package that cannot be followed is left to calamine.
pub fn check(bytes: &[u8], max_bytes: u64, max_strings: u64) -> Result<(), Oversized> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let part = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if part.starts_with("xl/worksheets/") || entry.is_dir() {
            continue;
        }
        let strings = part == "xl/sharedStrings.xml";
        if let Some(most) = most_inflated(entry.compression(), entry.compressed_size()) {
            // An entry is at least `<si>`'s four bytes.
            if most <= max_bytes && (!strings || most / 4 <= max_strings) {
                continue;
            }
        }
        let counted = count(entry, max_bytes, strings);
        if counted.bytes > max_bytes {
            return Err(Oversized::Bytes {
                part,
                limit: max_bytes,
            });
        }
        if counted.strings > max_strings {
            return Err(Oversized::Strings { limit: max_strings });
        }
    }
    Ok(())
}

/// The most bytes a part of `compressed` bytes can inflate to, where the
/// method bounds it: stored, its bytes; deflated, at most 1,032 times as
/// many (a 258-byte match in two bits), plus a block's worth for the
/// headers of a short stream. (The zip reader reads no more than the
/// directory's compressed size, so a lie there only shortens the part.)
fn most_inflated(method: zip::CompressionMethod, compressed: u64) -> Option<u64> {
    match method {
        zip::CompressionMethod::Stored => Some(compressed),
        zip::CompressionMethod::Deflated => {
            Some(compressed.saturating_mul(1032).saturating_add(1024))
        }
        _ => None,
    }
}

#[derive(Default)]
struct Counted {
    bytes: u64,
    strings: u64,
}

/// Inflate up to `max_bytes` + 1 bytes of a part, counting them and, for
/// shared strings, the `<si` entries (an entry's tag may straddle two chunks).
fn count(part: impl Read, max_bytes: u64, strings: bool) -> Counted {
    let mut part = part.take(max_bytes.saturating_add(1));
    let mut counted = Counted::default();
    let mut buf = vec![0u8; 1 << 16];
    let mut carry = 0usize; // bytes of "<si" seen at the end of the last chunk
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) | Err(_) => return counted,
            Ok(n) => n,
        };
        counted.bytes += n as u64;
        if strings {
            let chunk = &buf[..n];
            let joined = [&b"<si"[..carry], chunk].concat();
            counted.strings += joined.windows(4).filter(|w| is_entry(w)).count() as u64;
            carry = (1..=3)
                .rev()
                .find(|&k| n >= k && b"<si"[..k] == chunk[n - k..])
                .unwrap_or(0);
        }
    }
}

/// `<si>` or `<si ` (not `<sic…`), with or without a namespace prefix before it.
fn is_entry(w: &[u8]) -> bool {
    &w[..3] == b"<si" && (w[3] == b'>' || w[3] == b' ' || w[3] == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, content: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, content).unwrap();
        zip.finish().unwrap();
        bytes
    }

    fn deflated(content: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        let best = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        zip.start_file("xl/styles.xml", best).unwrap();
        std::io::Write::write_all(&mut zip, content).unwrap();
        zip.finish().unwrap();
        bytes
    }

    #[test]
    fn the_most_a_deflated_part_can_inflate_to_holds_for_what_deflates_best() {
        // Zeros, and one byte repeated, are what deflate packs tightest.
        for content in [vec![0u8; 20 << 20], vec![b'x'; 3_000], vec![b'a'; 1]] {
            let bytes = deflated(&content);
            let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            let entry = zip.by_index(0).unwrap();
            let most = most_inflated(entry.compression(), entry.compressed_size()).unwrap();
            assert!(content.len() as u64 <= most, "{} > {most}", content.len());
        }
    }

    #[test]
    fn a_part_that_could_reach_the_limit_is_still_inflated_and_counted() {
        // 20 MB of zeros deflate to about 20 KB, which could be 20 MB.
        let bytes = deflated(&vec![0u8; 20 << 20]);
        assert_eq!(
            check(&bytes, 10 << 20, 10),
            Err(Oversized::Bytes {
                part: "xl/styles.xml".into(),
                limit: 10 << 20
            })
        );
        assert_eq!(check(&bytes, 30 << 20, 10), Ok(()));
    }

    #[test]
    fn shared_strings_past_the_cell_limit_are_oversized_wherever_chunks_split() {
        let sst = format!("<sst>{}</sst>", "<si><t>x</t></si>".repeat(100_000));
        let bytes = package("xl/sharedStrings.xml", sst.as_bytes());
        assert_eq!(check(&bytes, 1 << 30, 100_000), Ok(()));
        assert_eq!(
            check(&bytes, 1 << 30, 99_999),
            Err(Oversized::Strings { limit: 99_999 })
        );
    }

    #[test]
    fn a_padded_content_xml_is_oversized_by_what_it_inflates_to() {
        let content = [b"<office:document-content>".as_slice(), &[b' '; 5000]].concat();
        let bytes = package("content.xml", &content);
        assert_eq!(check(&bytes, 10_000, 10), Ok(()));
        assert_eq!(
            check(&bytes, 4_000, 10),
            Err(Oversized::Bytes {
                part: "content.xml".into(),
                limit: 4_000
            })
        );
    }
}
