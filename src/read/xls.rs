//! An .xls checked before calamine reads it. calamine trusts what a BIFF file
//! claims and reserves memory for it, so a damaged file could make it allocate
//! without bound (three such files were found by the mutation test; they are in
//! `tests/fixtures/crashes`).

use std::io::Cursor;

/// Why an .xls failed its preflight: too large, or not a sound compound file.
pub enum Preflight {
    /// The sheet (its name, or `#n`) holds or claims too many cells.
    TooLarge(String),
    /// The container or its records are not sound: why.
    Corrupt(String),
}

/// Check an .xls before calamine reads it: calamine reserves memory for the
/// cells a sheet's Dimensions record claims, and trusts the compound file's
/// sector chains, so a damaged file can make it allocate without bound (found
/// by the mutation test). The `cfb` crate validates the container; the BIFF
/// records are then walked for Dimensions larger than `max_cells` × 8 (the preflight counts
/// BIFF cells as calamine reserves them).
pub fn preflight(bytes: &[u8], max_cells: u64) -> Result<(), Preflight> {
    use std::io::Read;
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Preflight::Corrupt(e.to_string()))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or(Preflight::Corrupt("no Workbook stream".into()))?;
    let mut stream = file
        .open_stream(name)
        .map_err(|e| Preflight::Corrupt(e.to_string()))?;
    if stream.len() > bytes.len() as u64 * 2 {
        return Err(Preflight::Corrupt(
            "the workbook stream claims more bytes than the file holds".into(),
        ));
    }
    let mut data = Vec::new();
    stream
        .read_to_end(&mut data)
        .map_err(|e| Preflight::Corrupt(e.to_string()))?;
    let limit = max_cells * 8;
    let mut at = 0usize;
    let mut sheet = 0usize;
    let mut extent = Extent::default();
    let mut names = Vec::new();
    while at + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = usize::from(u16::from_le_bytes([data[at + 2], data[at + 3]]));
        let body = &data[at + 4..(at + 4 + len).min(data.len())];
        if kind == 0x0809 {
            sheet += 1;
            extent = Extent::default();
        }
        if kind == 0x0085 {
            names.push(sheet_name(body));
        }
        extent.add(kind, body);
        if (kind == 0x0200 && claimed_cells(body) > limit) || extent.cells() > limit {
            let index = sheet.saturating_sub(1);
            let name = names.get(index.wrapping_sub(1)).cloned().flatten();
            return Err(Preflight::TooLarge(name.unwrap_or(format!("#{index}"))));
        }
        at += 4 + len;
    }
    Ok(())
}

/// The sheet name in a BoundSheet8 record (a ShortXLUnicodeString after six
/// bytes: length, a flag for UTF-16, the characters), if it can be read.
fn sheet_name(body: &[u8]) -> Option<String> {
    let (&count, rest) = body.get(6..)?.split_first()?;
    let (&wide, chars) = rest.split_first()?;
    let count = usize::from(count);
    if wide & 1 == 1 {
        let units: Vec<u16> = chars
            .get(..count * 2)?
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

/// The rectangle a sheet's cell records span: calamine allocates all of it.
#[derive(Default)]
struct Extent {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Extent {
    /// Widen by a cell record (Number, Label, LabelSst, RK, Formula, Blank,
    /// BoolErr, RString, and the multi-cell MulRk / MulBlank).
    fn add(&mut self, kind: u16, body: &[u8]) {
        const CELLS: &[u16] = &[
            0x0203, 0x0204, 0x00FD, 0x027E, 0x0006, 0x0201, 0x0205, 0x00D6, 0x00BD, 0x00BE,
        ];
        if !CELLS.contains(&kind) || body.len() < 4 {
            return;
        }
        let at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
        let (row, col) = (at(0), at(2));
        let last_col = if matches!(kind, 0x00BD | 0x00BE) && body.len() >= 6 {
            at(body.len() - 2)
        } else {
            col
        };
        let widen = |r: Option<(u16, u16)>, lo: u16, hi: u16| {
            Some(r.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))))
        };
        self.rows = widen(self.rows, row, row);
        self.cols = widen(self.cols, col.min(last_col), col.max(last_col));
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            // In u64: a sheet may span all 65,536 rows, one more than a u16 holds.
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1) - u64::from(r0) + 1) * (u64::from(c1) - u64::from(c0) + 1)
            }
            _ => 0,
        }
    }
}

/// The cells a BIFF Dimensions record makes calamine reserve, computed as
/// calamine computes them (u32 arithmetic that wraps on a damaged record).
fn claimed_cells(body: &[u8]) -> u64 {
    let u16_at = |i: usize| u32::from(u16::from_le_bytes([body[i], body[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes([body[i], body[i + 1], body[i + 2], body[i + 3]]);
    let (rf, rl, mut cf, cl) = match body.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A BIFF Number record's body: row, column, style, value.
    fn number(row: u16, col: u16) -> Vec<u8> {
        [row.to_le_bytes(), col.to_le_bytes(), [0, 0]]
            .concat()
            .into_iter()
            .chain(1.0f64.to_le_bytes())
            .collect()
    }

    #[test]
    fn a_sheet_spanning_every_row_is_counted_without_overflow() {
        let mut extent = Extent::default();
        extent.add(0x0203, &number(0, 0));
        extent.add(0x0203, &number(u16::MAX, 255));
        assert_eq!(extent.cells(), 65_536 * 256);
    }

    #[test]
    fn sheet_names_are_read_from_boundsheet_records_in_either_encoding() {
        let mut ascii = vec![0u8; 6];
        ascii.extend([5, 0]);
        ascii.extend(b"Sheet");
        assert_eq!(sheet_name(&ascii).as_deref(), Some("Sheet"));
        let mut wide = vec![0u8; 6];
        wide.extend([5, 1]);
        wide.extend("任务分解表".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sheet_name(&wide).as_deref(), Some("任务分解表"));
        assert_eq!(sheet_name(&wide[..10]), None, "a cut record names nothing");
    }

    #[test]
    fn records_that_are_not_cells_do_not_widen_the_sheet() {
        let mut extent = Extent::default();
        extent.add(0x0203, &number(2, 3));
        extent.add(0x0085, &number(u16::MAX, u16::MAX)); // BoundSheet
        assert_eq!(extent.cells(), 1);
    }
}
