//! Opening a workbook file and turning its sheets into [`Grid`]s (the IO edge).
//!
//! The format is decided by the file's bytes, not its extension, so a renamed
//! file still opens, and a picture or an encrypted workbook gets a clear error.

use crate::error::Error;
use crate::grid::{Addr, Grid, Span, Value};
use crate::read::limits::{max_cells, max_file_bytes};
use crate::read::ods;
use crate::read::xls::{self, Preflight};
use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;

/// The spreadsheet formats calamine reads for us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// Legacy Excel 97–2003 (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Excel binary workbook (.xlsb).
    Xlsb,
}

/// An opened workbook: its sheet names, and a way to read each as a grid.
pub struct Workbook {
    path: String,
    bytes: Vec<u8>,
    format: Format,
    reader: Backend,
}

/// The calamine reader behind a [`Workbook`], one per format.
enum Backend {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
    Xlsb(Box<Xlsb<Cursor<Vec<u8>>>>),
}

impl Workbook {
    /// Open the file at `path`; errors say what the file is and what to do.
    pub fn open(path: &Path) -> Result<Workbook, Error> {
        Workbook::open_named(path, &path.display().to_string())
    }

    /// Open the file at `path`, naming it `shown` in every message and result:
    /// `huizong serve` keeps uploads under names of its own and shows the
    /// clerk's file name instead.
    pub fn open_named(path: &Path, shown: &str) -> Result<Workbook, Error> {
        let shown = shown.to_string();
        let bytes = read_bytes(path, &shown)?;
        Workbook::from_bytes(shown, bytes)
    }

    /// Open a workbook already in memory (a member of a .zip attachment);
    /// `shown` names it in every message (`附件.zip!定海区局-2024Q3.xlsx`).
    pub fn from_bytes(shown: String, bytes: Vec<u8>) -> Result<Workbook, Error> {
        let format = sniff(&bytes, &shown)?;
        let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
            path: shown.clone(),
            detail: e.to_string(),
        };
        if matches!(format, Format::Xlsx | Format::Ods | Format::Xlsb) {
            zip_bomb_check(&bytes, &shown)?;
        }
        let cursor = Cursor::new(bytes.clone());
        let reader = guarded(&shown, || match format {
            Format::Xlsx => Ok(Backend::Xlsx(Box::new(
                Xlsx::new(cursor).map_err(|e| corrupt(&e))?,
            ))),
            Format::Xls => {
                // Checked first: calamine reserves what a damaged file claims.
                xls::preflight(&bytes, max_cells() as u64)
                    .map_err(|why| too_big_or_corrupt(&shown, why))?;
                match Xls::new(cursor) {
                    Ok(r) => Ok(Backend::Xls(Box::new(r))),
                    Err(calamine::XlsError::Password) => Err(Error::Encrypted {
                        path: shown.clone(),
                    }),
                    Err(e) => Err(corrupt(&e)),
                }
            }
            Format::Ods => {
                // Checked first: calamine reserves the rectangle a sheet's cells span.
                if let Some((sheet, _)) = ods::oversized_sheet(&bytes, max_cells() as u64 * 8) {
                    return Err(too_big_or_corrupt(&shown, Preflight::TooLarge(sheet)));
                }
                Ok(Backend::Ods(Box::new(
                    Ods::new(cursor).map_err(|e| corrupt(&e))?,
                )))
            }
            Format::Xlsb => match Xlsb::new(cursor) {
                Ok(r) => Ok(Backend::Xlsb(Box::new(r))),
                Err(calamine::XlsbError::Password) => Err(Error::Encrypted {
                    path: shown.clone(),
                }),
                Err(e) => Err(corrupt(&e)),
            },
        })?;
        Ok(Workbook {
            path: shown,
            bytes,
            format,
            reader,
        })
    }

    /// The file's format, as detected from its bytes.
    pub fn format(&self) -> Format {
        self.format
    }

    /// SHA-256 of the file's bytes, as lowercase hex.
    pub fn sha256(&self) -> String {
        use sha2::Digest;
        sha2::Sha256::digest(&self.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The path as the user gave it.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Sheet names in workbook order.
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.reader {
            Backend::Xlsx(r) => r.sheet_names(),
            Backend::Xls(r) => r.sheet_names(),
            Backend::Ods(r) => r.sheet_names(),
            Backend::Xlsb(r) => r.sheet_names(),
        }
    }

    /// Names of the sheets a user can see (hidden ones left out), in order.
    pub fn visible_sheet_names(&self) -> Vec<String> {
        let meta = match &self.reader {
            Backend::Xlsx(r) => r.sheets_metadata().to_vec(),
            Backend::Xls(r) => r.sheets_metadata().to_vec(),
            Backend::Ods(r) => r.sheets_metadata().to_vec(),
            Backend::Xlsb(r) => r.sheets_metadata().to_vec(),
        };
        meta.into_iter()
            .filter(|s| s.visible == calamine::SheetVisible::Visible)
            .map(|s| s.name)
            .collect()
    }

    /// Read one sheet: values, merged ranges, formulas without results, percent formats.
    /// An .xlsx sheet is streamed cell by cell, so memory follows the cells written,
    /// not the size the sheet claims; more than [`MAX_CELLS`](crate::read::limits::MAX_CELLS) cells is refused.
    pub fn grid(&mut self, sheet: &str) -> Result<Grid, Error> {
        let path = self.path.clone();
        guarded(&path, || self.read_grid(sheet))
    }

    fn read_grid(&mut self, sheet: &str) -> Result<Grid, Error> {
        let path = self.path.clone();
        let corrupt = |e: &dyn std::fmt::Display| Error::Corrupt {
            path: path.clone(),
            detail: format!("sheet \"{sheet}\": {e}"),
        };
        let too_large = || Error::TooLarge {
            path: path.clone(),
            sheet: sheet.to_string(),
            cells: max_cells(),
        };
        let mut rows = Rows::default();
        let merges = match &mut self.reader {
            Backend::Xlsx(r) => {
                let merges: Vec<Span> = match crate::read::xlsx_merges::merges(&self.bytes, sheet) {
                    Some(found) => found,
                    None => spans(&r.merge_cells_by_sheet_name(sheet).unwrap_or_default()),
                };
                // Cell styles cost a second pass over the sheet: only take it when the
                // workbook has a percent format at all (most returns have none).
                let mut cells = r.worksheet_cells_reader(sheet).map_err(|e| corrupt(&e))?;
                let any_percent = cells.styles().iter().any(|st| {
                    st.number_format
                        .as_ref()
                        .is_some_and(|n| n.format_code.contains('%'))
                });
                let mut styles = None;
                if any_percent {
                    drop(cells);
                    styles = r.worksheet_style(sheet).ok();
                    cells = r.worksheet_cells_reader(sheet).map_err(|e| corrupt(&e))?;
                }
                while let Some(cell) = cells.next_cell_with_formula().map_err(|e| corrupt(&e))? {
                    let addr = Addr::new(cell.pos.0, cell.pos.1);
                    let data: Data = cell.value.into();
                    let percent = matches!(data, Data::Float(_) | Data::Int(_))
                        && is_percent(styles.as_ref(), addr);
                    rows.put(addr, to_value(&data, cell.formula.as_deref(), percent))
                        .ok_or_else(too_large)?;
                }
                merges
            }
            Backend::Xls(r) => {
                let range = r.worksheet_range(sheet).map_err(|e| corrupt(&e))?;
                let formulas = r.worksheet_formula(sheet).unwrap_or_default();
                rows.fill(&range, &formulas, &HashSet::new())
                    .ok_or_else(too_large)?;
                spans(&r.merge_cells_by_sheet_name(sheet).unwrap_or_default())
            }
            Backend::Ods(r) => {
                let range = r.worksheet_range(sheet).map_err(|e| corrupt(&e))?;
                let formulas = r.worksheet_formula(sheet).unwrap_or_default();
                let extra = ods::sheet_extras(&self.bytes, sheet).map_err(|e| corrupt(&e))?;
                rows.fill(&range, &formulas, &extra.percent)
                    .ok_or_else(too_large)?;
                extra.merges
            }
            Backend::Xlsb(r) => {
                // Streamed and counted like an .xlsx sheet; calamine reads no
                // merged ranges or number formats from .xlsb.
                let mut cells = r.worksheet_cells_reader(sheet).map_err(|e| corrupt(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| corrupt(&e))? {
                    let (row, col) = cell.get_position();
                    let data: Data = cell.get_value().clone().into();
                    rows.put(Addr::new(row, col), to_value(&data, None, false))
                        .ok_or_else(too_large)?;
                }
                Vec::new()
            }
        };
        Ok(Grid::new(&self.path, sheet, rows.rows, merges))
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a guarded read (a panic hook can stay quiet then).
pub fn in_guarded_read() -> bool {
    GUARDED.with(|g| g.get())
}

fn too_big_or_corrupt(path: &str, why: Preflight) -> Error {
    match why {
        Preflight::TooLarge(sheet) => Error::TooLarge {
            path: path.to_string(),
            sheet,
            cells: max_cells(),
        },
        Preflight::Corrupt(detail) => Error::Corrupt {
            path: path.to_string(),
            detail,
        },
    }
}

/// Refuse a package whose shared strings or content.xml (parts calamine
/// holds whole) unpack to more than the file-size limit or hold more texts
/// than the cell limit.
fn zip_bomb_check(bytes: &[u8], path: &str) -> Result<(), Error> {
    let limit = max_file_bytes();
    crate::read::package::check(bytes, limit, max_cells() as u64).map_err(|o| match o {
        crate::read::package::Oversized::Bytes { part, limit } => Error::PartTooLarge {
            path: path.to_string(),
            part,
            megabytes: limit / (1024 * 1024),
        },
        crate::read::package::Oversized::Strings { limit } => Error::TooManyStrings {
            path: path.to_string(),
            limit,
        },
    })
}

/// Run a reader call, turning a panic inside calamine (a malformed file can
/// still trip one: found by the mutation test) into an error naming the file.
fn guarded<T>(path: &str, read: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    GUARDED.with(|g| g.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    GUARDED.with(|g| g.set(false));
    outcome.unwrap_or_else(|_| {
        Err(Error::Corrupt {
            path: path.to_string(),
            detail: "the spreadsheet reader stopped on malformed data".into(),
        })
    })
}

fn read_bytes(path: &Path, shown: &str) -> Result<Vec<u8>, Error> {
    if path.is_dir() {
        return Err(Error::IsDirectory {
            path: shown.to_string(),
        });
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > max_file_bytes() {
        return Err(Error::FileTooLarge {
            path: shown.to_string(),
            megabytes: size / (1024 * 1024),
            limit: max_file_bytes() / (1024 * 1024),
        });
    }
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound {
            path: shown.to_string(),
        },
        _ => Error::Unreadable {
            path: shown.to_string(),
            detail: e.to_string(),
        },
    })
}

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decide the format from the first bytes (and, for zips, the entry names).
fn sniff(bytes: &[u8], path: &str) -> Result<Format, Error> {
    let not = |looks_like: &str| Error::NotAWorkbook {
        path: path.to_string(),
        looks_like: looks_like.to_string(),
    };
    if bytes.is_empty() {
        return Err(not("空文件（0 字节）"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes, path);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return if contains_utf16(bytes, "EncryptionInfo") {
            Err(Error::Encrypted {
                path: path.to_string(),
            })
        } else {
            Ok(Format::Xls)
        };
    }
    Err(not(describe_bytes(bytes)))
}

fn sniff_zip(bytes: &[u8], path: &str) -> Result<Format, Error> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::Corrupt {
        path: path.to_string(),
        detail: e.to_string(),
    })?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("content.xml") {
        Ok(Format::Ods)
    } else if has("xl/workbook.bin") {
        Ok(Format::Xlsb)
    } else if has("word/document.xml") {
        Err(Error::NotAWorkbook {
            path: path.to_string(),
            looks_like: "Word 文档".into(),
        })
    } else {
        Err(Error::NotAWorkbook {
            path: path.to_string(),
            looks_like: "压缩包，里面没有工作簿".into(),
        })
    }
}

fn describe_bytes(bytes: &[u8]) -> &'static str {
    let head = &bytes[..bytes.len().min(512)];
    if head.starts_with(b"\x89PNG") {
        "PNG 图片"
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "JPEG 图片"
    } else if head.starts_with(b"%PDF") {
        "PDF 文档"
    } else if head.starts_with(b"Rar!") || head.starts_with(b"7z") {
        "压缩包"
    } else if String::from_utf8_lossy(head)
        .to_ascii_lowercase()
        .contains("<html")
        || String::from_utf8_lossy(head)
            .to_ascii_lowercase()
            .contains("<table")
    {
        "网页（有些系统把网页导出成 .xls）"
    } else if std::str::from_utf8(head).is_ok() {
        "文本文件"
    } else {
        "无法识别的二进制文件"
    }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

fn spans(dims: &[Dimensions]) -> Vec<Span> {
    dims.iter()
        .map(|d| Span {
            start: Addr::new(d.start.0, d.start.1),
            end: Addr::new(d.end.0, d.end.1),
        })
        .collect()
}

fn is_percent(styles: Option<&calamine::StyleRange>, addr: Addr) -> bool {
    styles
        .and_then(|s| s.get((addr.row, addr.col)))
        .and_then(|style| style.number_format.as_ref())
        .is_some_and(|f| f.format_code.contains('%'))
}

/// Rows from A1 down to the last used row, each from column A to its own last
/// used cell: memory follows the cells written, not the sheet's claimed size.
struct Rows {
    rows: Vec<Vec<Value>>,
    cells: usize,
    limit: usize,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            rows: Vec::new(),
            cells: 0,
            limit: max_cells(),
        }
    }
}

impl Rows {
    /// Place a value; `None` once the sheet holds more than [`MAX_CELLS`](crate::read::limits::MAX_CELLS) cells.
    fn put(&mut self, addr: Addr, value: Value) -> Option<()> {
        if value == Value::Empty {
            return Some(());
        }
        self.cells += 1;
        if self.cells > self.limit {
            return None;
        }
        let (r, c) = (addr.row as usize, addr.col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        if self.rows[r].len() <= c {
            self.rows[r].resize(c + 1, Value::Empty);
        }
        self.rows[r][c] = value;
        Some(())
    }

    /// Place every cell of a calamine range (xls, ods), with formulas and percent cells.
    fn fill(
        &mut self,
        range: &Range<Data>,
        formulas: &Range<String>,
        percent: &HashSet<Addr>,
    ) -> Option<()> {
        if let Some((r0, c0)) = range.start() {
            for (r, c, data) in range.used_cells() {
                let addr = Addr::new(r as u32 + r0, c as u32 + c0);
                self.put(
                    addr,
                    to_value(data, formula_at(formulas, addr), percent.contains(&addr)),
                )?;
            }
        }
        if let Some((fr, fc)) = formulas.start() {
            for (r, c, f) in formulas.used_cells().filter(|(_, _, f)| !f.is_empty()) {
                let addr = Addr::new(r as u32 + fr, c as u32 + fc);
                if range
                    .get_value((addr.row, addr.col))
                    .is_none_or(|d| matches!(d, Data::Empty))
                {
                    self.put(addr, Value::FormulaWithoutValue(f.clone()))?;
                }
            }
        }
        Some(())
    }
}

fn formula_at(formulas: &Range<String>, addr: Addr) -> Option<&str> {
    formulas
        .get_value((addr.row, addr.col))
        .map(String::as_str)
        .filter(|f| !f.is_empty())
}

fn to_value(data: &Data, formula: Option<&str>, percent: bool) -> Value {
    match data {
        Data::Empty => formula.map_or(Value::Empty, |f| Value::FormulaWithoutValue(f.to_string())),
        Data::String(s) if s.is_empty() => {
            formula.map_or(Value::Empty, |f| Value::FormulaWithoutValue(f.to_string()))
        }
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number {
            value: Decimal::from(*i),
            percent,
        },
        Data::Float(f) => excel_decimal(*f).map_or(Value::Error(format!("{f}")), |value| {
            Value::Number { value, percent }
        }),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => Value::Date(excel_date(d.as_f64())),
        Data::DateTime(d) => Value::Date(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

/// An Excel date serial (days since 1899-12-30) as an ISO date, `2024-10-08`.
/// The 1904 date system is rare enough in our inputs to be left aside.
pub fn excel_date(serial: f64) -> String {
    // Howard Hinnant's days-to-civil, from 1970-01-01 (serial 25569).
    let z = serial.floor() as i64 - 25569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A stored double as Excel shows it: rounded to 15 significant digits, so
/// 0.45 stays 0.45 and 0.1+0.2 computed by a formula reads 0.3.
pub fn excel_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    // Whole numbers (most counts) need no 15-digit rounding: skip the formatting.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return Some(Decimal::from(f as i64));
    }
    Decimal::from_scientific(&format!("{f:.14e}"))
        .ok()
        .or_else(|| (f.abs() < 1e-20).then_some(Decimal::ZERO))
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn doubles_read_as_excel_displays_them() {
        assert_eq!(excel_decimal(0.45), Some(dec!(0.45)));
        assert_eq!(excel_decimal(0.1 + 0.2), Some(dec!(0.3)));
        assert_eq!(excel_decimal(1641.0), Some(dec!(1641)));
        assert_eq!(excel_decimal(f64::NAN), None);
        assert_eq!(excel_decimal(1e-30), Some(Decimal::ZERO));
    }

    #[test]
    fn excel_date_serials_become_iso_dates() {
        assert_eq!(excel_date(45573.0), "2024-10-08");
        assert_eq!(excel_date(25569.0), "1970-01-01");
        assert_eq!(excel_date(45573.75), "2024-10-08");
    }

    #[test]
    fn a_picture_renamed_to_xlsx_is_named_as_a_picture() {
        let err = sniff(b"\x89PNG\r\n\x1a\n....", "a.xlsx").unwrap_err();
        assert!(err.to_string().contains("PNG 图片"), "{err}");
    }

    #[test]
    fn an_empty_file_is_not_a_workbook() {
        let err = sniff(b"", "a.xlsx").unwrap_err();
        assert!(err.to_string().contains("0 字节"), "{err}");
    }
}
