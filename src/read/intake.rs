//! What a clerk's quarter folder holds, as she saved the e-mail attachments:
//! every file, in subfolders too, and the workbooks inside `.zip` archives.
//!
//! Nothing is dropped silently: a file is a workbook to read as a return, a
//! file that is not one (named with what it is), or an archive that cannot be
//! opened (with the reason). Only Office lock files (`~$…`) and hidden files
//! (`.…`, `Thumbs.db`, `desktop.ini`, `__MACOSX`) are skipped, and counted.

use crate::error::Error;
use crate::read::archive;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Extensions read as workbooks (the format itself is sniffed from the bytes).
const WORKBOOK: [&str; 10] = [
    "xlsx", "xlsm", "xltx", "xltm", "xls", "xlt", "ods", "xlsb", "et", "ett",
];

/// WPS's own spreadsheet extensions: usually an .xls or .xlsx inside.
pub const WPS: [&str; 2] = ["et", "ett"];

/// How deep subfolders are followed (a link loop ends here).
const MAX_DEPTH: usize = 16;

/// Files skipped without being listed, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Office owner/lock files (`~$定海区局-2024Q3.xlsx`).
    pub lock_files: usize,
    /// Hidden files and folders (`.DS_Store`, `Thumbs.db`, `__MACOSX`).
    pub hidden: usize,
}

/// Where a workbook's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A file on disk.
    File(PathBuf),
    /// A member of a .zip archive on disk.
    Member {
        /// The archive.
        archive: PathBuf,
        /// The archive as shown (`returns/附件.zip`).
        archive_shown: String,
        /// The member's index in the archive.
        index: usize,
    },
}

/// What a received file is.
#[derive(Debug)]
pub enum What {
    /// A workbook, to be read as a return.
    Workbook(Place),
    /// Not a workbook: why it is not merged, for the clerk (Chinese).
    Other(String),
    /// An archive that cannot be opened.
    Broken(Error),
}

/// One file received.
#[derive(Debug)]
pub struct Entry {
    /// The file as shown wherever it is named: the path as given, with the
    /// subfolders below it (`returns/定海/报表.xlsx`), or the archive and the
    /// member (`returns/附件.zip!定海区局-2024Q3.xlsx`).
    pub shown: String,
    /// The file's own name (`定海区局-2024Q3.xlsx`), which may name its unit.
    pub file_name: String,
    /// What it is.
    pub what: What,
}

/// Everything received.
#[derive(Debug, Default)]
pub struct Intake {
    /// Every file, in folder order (names sorted, subfolders in place).
    pub entries: Vec<Entry>,
    /// What was skipped.
    pub skipped: Skipped,
    /// The files on disk that are read (workbooks and archives): inputs an
    /// output must never overwrite.
    pub files: Vec<PathBuf>,
}

/// Gather `paths`: a file given by name is read as a workbook whatever its
/// extension (a `.zip` is opened); a folder is walked.
pub fn gather(paths: &[PathBuf]) -> Intake {
    let mut intake = Intake::default();
    for p in paths {
        let shown = p.display().to_string();
        if p.is_dir() {
            walk(p, &shown, 0, &mut intake);
        } else if extension(&shown) == "zip" {
            open_archive(p, &shown, &mut intake);
        } else {
            intake.files.push(p.clone());
            intake.entries.push(Entry {
                file_name: own_name(&shown),
                shown,
                what: What::Workbook(Place::File(p.clone())),
            });
        }
    }
    intake
}

/// Whether a file's name (a zip member's, an upload's) is taken as a workbook:
/// a workbook extension, and neither an Office lock file nor a hidden one.
pub fn is_workbook_name(name: &str) -> bool {
    let own = own_name(name);
    WORKBOOK.contains(&extension(&own).as_str()) && !skip(&own, &mut Skipped::default())
}

fn own_name(shown: &str) -> String {
    let tail = shown.rsplit_once('!').map_or(shown, |(_, m)| m);
    tail.rsplit(['/', '\\']).next().unwrap_or(tail).to_string()
}

fn extension(name: &str) -> String {
    let name = own_name(name);
    name.rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default()
}

/// Whether a name is skipped, and how it is counted.
fn skip(name: &str, skipped: &mut Skipped) -> bool {
    let lower = name.to_lowercase();
    if name.starts_with("~$") {
        skipped.lock_files += 1;
        true
    } else if name.starts_with('.') || ["thumbs.db", "desktop.ini", "__macosx"].contains(&&*lower) {
        skipped.hidden += 1;
        true
    } else {
        false
    }
}

fn walk(dir: &Path, shown: &str, depth: usize, intake: &mut Intake) {
    let mut inside: Vec<(String, PathBuf)> = match std::fs::read_dir(dir) {
        Ok(d) => d
            .flatten()
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect(),
        Err(e) => {
            intake.entries.push(Entry {
                file_name: own_name(shown),
                shown: shown.to_string(),
                what: What::Other(format!("文件夹无法打开（{e}），其中的文件未读取")),
            });
            return;
        }
    };
    inside.sort();
    for (name, path) in inside {
        if skip(&name, &mut intake.skipped) {
            continue;
        }
        let shown = format!("{}/{name}", shown.trim_end_matches(['/', '\\']));
        if path.is_dir() {
            if depth < MAX_DEPTH {
                walk(&path, &shown, depth + 1, intake);
            } else {
                intake.entries.push(Entry {
                    file_name: name,
                    shown,
                    what: What::Other(format!("文件夹层级超过 {MAX_DEPTH} 层，未读取")),
                });
            }
            continue;
        }
        classify(&path, shown, intake);
    }
}

fn classify(path: &Path, shown: String, intake: &mut Intake) {
    let ext = extension(&shown);
    let file_name = own_name(&shown);
    if ext == "zip" {
        return open_archive(path, &shown, intake);
    }
    let workbook =
        WORKBOOK.contains(&ext.as_str()) || (kind(&ext).is_none() && looks_like_workbook(path));
    let what = if workbook {
        intake.files.push(path.to_path_buf());
        What::Workbook(Place::File(path.to_path_buf()))
    } else {
        What::Other(not_a_return(&ext))
    };
    intake.entries.push(Entry {
        shown,
        file_name,
        what,
    });
}

/// A file with no extension the office knows, whose first bytes are a zip
/// package or an OLE compound file: a workbook saved without its extension.
fn looks_like_workbook(path: &Path) -> bool {
    let mut head = [0u8; 8];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    read == 8
        && (head.starts_with(b"PK\x03\x04")
            || head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

fn open_archive(path: &Path, shown: &str, intake: &mut Intake) {
    let members = match archive::list(path, shown) {
        Ok(m) => m,
        Err(e) => {
            intake.entries.push(Entry {
                file_name: own_name(shown),
                shown: shown.to_string(),
                what: What::Broken(e),
            });
            return;
        }
    };
    intake.files.push(path.to_path_buf());
    for m in members.into_iter().filter(|m| !m.is_dir) {
        let parts: Vec<&str> = m
            .name
            .split(['/', '\\'])
            .filter(|p| !p.is_empty())
            .collect();
        let mut skipped = Skipped::default();
        // `any` stops at the first part that hides it: counted once.
        if parts.iter().any(|p| skip(p, &mut skipped)) {
            intake.skipped.lock_files += skipped.lock_files;
            intake.skipped.hidden += skipped.hidden;
            continue;
        }
        let member_shown = format!("{shown}!{}", parts.join("/"));
        let ext = extension(&m.name);
        let what = if WORKBOOK.contains(&ext.as_str()) {
            What::Workbook(Place::Member {
                archive: path.to_path_buf(),
                archive_shown: shown.to_string(),
                index: m.index,
            })
        } else if ext == "zip" {
            What::Other("压缩包中的压缩包未打开，未汇总：请解压后放入文件夹".to_string())
        } else {
            What::Other(not_a_return(&ext))
        };
        intake.entries.push(Entry {
            file_name: own_name(&member_shown),
            shown: member_shown,
            what,
        });
    }
}

/// What a file of this extension is, in the clerk's words, when it is a kind
/// the office receives.
fn kind(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "pdf" | "ofd" => "PDF/OFD 文档",
        "doc" | "docx" | "wps" | "rtf" | "odt" => "文字文档（Word/WPS）",
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "tif" | "tiff" | "heic" | "webp" => "图片",
        "csv" => "CSV 文本文件",
        "txt" | "tsv" | "json" | "xml" | "md" => "文本文件",
        "ppt" | "pptx" | "dps" | "odp" => "演示文稿",
        "rar" | "7z" | "tar" | "gz" | "bz2" | "xz" => "压缩包（只能打开 .zip）",
        "eml" | "msg" => "邮件文件",
        "htm" | "html" | "mht" | "mhtml" => "网页文件",
        _ => return None,
    })
}

/// Why a file that is not a workbook is not merged.
fn not_a_return(ext: &str) -> String {
    match kind(ext) {
        Some(k) if ext == "csv" || k.starts_with("网页") => {
            format!("{k}，不是报表工作簿，未汇总；如是报表，请在 Excel 或 WPS 中另存为 .xlsx")
        }
        Some(k) if k.starts_with("压缩包") => {
            format!("{k}，未汇总；请解压后放入文件夹，或改用 .zip")
        }
        Some(k) => format!("{k}，不是报表工作簿，未汇总"),
        None if ext.is_empty() => "不是工作簿（没有扩展名），未汇总".to_string(),
        None => format!("不是工作簿（.{ext} 文件），未汇总"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_named_by_its_extension_unless_locked_or_hidden() {
        assert!(is_workbook_name("报表/定海区局-2024Q3.XLSX"));
        assert!(is_workbook_name("普陀.et"));
        assert!(!is_workbook_name("~$定海区局-2024Q3.xlsx"));
        assert!(!is_workbook_name(".定海.xlsx"));
        assert!(!is_workbook_name("说明.docx"));
    }

    #[test]
    fn a_file_is_named_by_what_it_is() {
        assert_eq!(not_a_return("pdf"), "PDF/OFD 文档，不是报表工作簿，未汇总");
        assert!(not_a_return("csv").contains("另存为 .xlsx"));
        assert!(not_a_return("rar").contains(".zip"));
        assert_eq!(not_a_return("abc"), "不是工作簿（.abc 文件），未汇总");
    }

    #[test]
    fn lock_and_hidden_files_are_counted_apart() {
        let mut s = Skipped::default();
        assert!(skip("~$定海.xlsx", &mut s));
        assert!(skip(".DS_Store", &mut s));
        assert!(skip("Thumbs.db", &mut s));
        assert!(!skip("定海.xlsx", &mut s));
        assert_eq!(
            s,
            Skipped {
                lock_files: 1,
                hidden: 2
            }
        );
    }

    #[test]
    fn a_members_own_name_is_after_the_bang_and_the_folders() {
        assert_eq!(own_name("r/附件.zip!子目录/定海.xlsx"), "定海.xlsx");
        assert_eq!(extension("r/附件.zip!定海.XLSX"), "xlsx");
    }
}
