//! A `.zip` attachment (附件.zip): its members listed with their names as the
//! sender saw them, and one member inflated within the limits.
//!
//! Windows' own zip tool (and most Chinese ones) write member names in GBK
//! without the UTF-8 flag; read as the zip standard's CP437 they would be
//! mojibake (`╢¿║ú╟°╛╓`), so a name without the flag is decoded as GBK
//! (GB18030, a superset), unless its bytes are valid UTF-8 with non-ASCII in
//! them (macOS writes UTF-8 names without the flag; GBK text is almost never
//! valid UTF-8). A member is inflated in a stream and counted against the
//! file-size limit, never trusting the size the zip directory claims, and an
//! archive listing more members than any mailbox would is refused: the
//! zip-bomb limits of [`package`](crate::read::package) apply to archives too.

use crate::error::Error;
use crate::read::limits::max_file_bytes;
use std::io::Read;
use std::path::Path;

/// The most members an attachment archive may list.
pub const MAX_MEMBERS: usize = 1000;

/// The general-purpose flag bit that says a member's name is UTF-8.
const UTF8_FLAG: u16 = 0x0800;

/// One member of an archive, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its position in the archive.
    pub index: usize,
    /// Its name as the sender saw it, folders included (`子目录/定海.xlsx`).
    pub name: String,
    /// Whether it is a folder entry.
    pub is_dir: bool,
}

/// A member's name from its raw bytes: UTF-8 when flagged (or when the bytes
/// are UTF-8 with non-ASCII in them), else GBK.
pub fn member_name(raw: &[u8], utf8_flag: bool) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) if utf8_flag => String::from_utf8_lossy(raw).into_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

fn open(path: &Path, shown: &str) -> Result<zip::ZipArchive<std::fs::File>, Error> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::FileNotFound {
            path: shown.to_string(),
        },
        _ => Error::Unreadable {
            path: shown.to_string(),
            detail: e.to_string(),
        },
    })?;
    zip::ZipArchive::new(file).map_err(|e| Error::Corrupt {
        path: shown.to_string(),
        detail: e.to_string(),
    })
}

/// The members of the archive at `path`, in archive order.
pub fn list(path: &Path, shown: &str) -> Result<Vec<Member>, Error> {
    let mut zip = open(path, shown)?;
    if zip.len() > MAX_MEMBERS {
        return Err(Error::TooManyMembers {
            path: shown.to_string(),
            members: zip.len(),
            limit: MAX_MEMBERS,
        });
    }
    let mut members = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let entry = zip.by_index_raw(index).map_err(|e| Error::Corrupt {
            path: shown.to_string(),
            detail: e.to_string(),
        })?;
        let utf8 = entry.flags().as_u16() & UTF8_FLAG != 0;
        members.push(Member {
            index,
            name: member_name(entry.name_raw(), utf8),
            is_dir: entry.is_dir(),
        });
    }
    Ok(members)
}

/// Inflate member `index` of the archive at `path`: at most the file-size
/// limit, counted as it inflates. `shown` names the member in messages
/// (`附件.zip!定海区局-2024Q3.xlsx`).
pub fn inflate(
    path: &Path,
    archive_shown: &str,
    index: usize,
    shown: &str,
) -> Result<Vec<u8>, Error> {
    let mut zip = open(path, archive_shown)?;
    let mut entry = match zip.by_index(index) {
        Ok(entry) if entry.encrypted() => {
            return Err(Error::ArchivePassword {
                path: shown.to_string(),
            });
        }
        Ok(entry) => entry,
        Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
            return Err(Error::ArchivePassword {
                path: shown.to_string(),
            });
        }
        Err(e) => {
            return Err(Error::Corrupt {
                path: shown.to_string(),
                detail: e.to_string(),
            });
        }
    };
    let limit = max_file_bytes();
    let mut bytes = Vec::new();
    (&mut entry)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Corrupt {
            path: shown.to_string(),
            detail: e.to_string(),
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::PartTooLarge {
            path: archive_shown.to_string(),
            part: shown
                .rsplit_once('!')
                .map_or(shown, |(_, member)| member)
                .to_string(),
            megabytes: limit / (1024 * 1024),
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_gbk_name_without_the_flag_comes_out_chinese() {
        // 定海区局-2024Q3.xlsx as Windows' zip tool writes it.
        let (gbk, _, _) = encoding_rs::GBK.encode("定海区局-2024Q3.xlsx");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(member_name(&gbk, false), "定海区局-2024Q3.xlsx");
    }

    #[test]
    fn flagged_and_unflagged_utf8_names_and_ascii_are_kept() {
        assert_eq!(member_name("岱山.xlsx".as_bytes(), true), "岱山.xlsx");
        assert_eq!(member_name("岱山.xlsx".as_bytes(), false), "岱山.xlsx");
        assert_eq!(member_name(b"a/b.xlsx", false), "a/b.xlsx");
    }
}
