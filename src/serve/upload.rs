//! A request's uploads: each file streamed to the request's own folder in the
//! server's temporary folder, under a name of ours (`003`), never the upload's
//! (no path ever comes from the network); the upload's file name is kept only
//! as text, to show and to recognise the unit by. The folder goes when the
//! request is answered. A `.zip` among the returns is unpacked the same way.

use super::State;
use super::guard::too_large;
use super::wire::Refusal;
use crate::read::archive;
use crate::read::intake::is_workbook_name;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};
use tokio::io::AsyncWriteExt;

/// The multipart fields that carry files.
const FILE_FIELDS: [&str; 3] = ["plan", "returns", "previous"];
/// The longest text field accepted (a period, a unit name, a time).
const MAX_TEXT: usize = 4096;

/// One file received.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Where we keep it (a name of ours).
    pub path: PathBuf,
    /// The name the clerk's computer gave it, as text only.
    pub name: String,
    /// When the file was last changed on the clerk's computer, if the page said.
    pub modified: Option<SystemTime>,
}

/// Everything a request sent; its folder is removed when this is dropped.
#[derive(Debug)]
pub struct Received {
    dir: PathBuf,
    files: Vec<(String, Upload)>,
    texts: Vec<(String, String)>,
}

impl Received {
    /// The files sent in `field`, in the order sent.
    pub fn files(&self, field: &str) -> Vec<Upload> {
        self.files
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, u)| u.clone())
            .collect()
    }

    /// The first file sent in `field`.
    pub fn file(&self, field: &str) -> Option<Upload> {
        self.files(field).into_iter().next()
    }

    /// The text fields named `field`, in the order sent.
    pub fn texts(&self, field: &str) -> Vec<&str> {
        self.texts
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    /// The first text field named `field`, trimmed, when not empty.
    pub fn text(&self, field: &str) -> Option<&str> {
        self.texts(field)
            .into_iter()
            .map(str::trim)
            .find(|t| !t.is_empty())
    }

    /// Whether a yes/no field (a checkbox) says yes.
    pub fn flag(&self, field: &str) -> bool {
        self.text(field)
            .is_some_and(|t| !matches!(t, "0" | "false" | "off" | "no"))
    }

    /// The returns: files sent as `returns`, each `.zip` replaced by the
    /// workbooks inside it, every one with its `modified` time (the `modified`
    /// fields give one per `returns` file, in order, in ms since 1970).
    pub fn returns(&self, limit: u64) -> Result<Vec<Upload>, Refusal> {
        let times = self.texts("modified");
        let mut all = Vec::new();
        let mut unpacked = 0u64;
        for (i, mut upload) in self.files("returns").into_iter().enumerate() {
            upload.modified = times
                .get(i)
                .and_then(|t| t.trim().parse::<u64>().ok())
                .map(|ms| SystemTime::UNIX_EPOCH + Duration::from_millis(ms));
            if upload.name.to_lowercase().ends_with(".zip") {
                all.extend(unzip(&upload, &self.dir, i, limit, &mut unpacked)?);
            } else {
                all.push(upload);
            }
        }
        Ok(all)
    }
}

impl Drop for Received {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Receive a multipart request into a fresh folder of its own.
pub async fn receive(
    state: &State,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Received, Refusal> {
    let mut multipart = multipart.map_err(|e| malformed(&e.body_text()))?;
    let n = state.requests.fetch_add(1, Ordering::Relaxed);
    let dir = state.dir.join(format!("request-{n}"));
    tokio::fs::create_dir(&dir)
        .await
        .map_err(|e| cannot_keep(&e))?;
    let mut received = Received {
        dir,
        files: Vec::new(),
        texts: Vec::new(),
    };
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| refusal(&e, state.max_upload))?
    {
        let name = field.name().unwrap_or("").to_string();
        if let Some(sent) = field.file_name() {
            let sent = shown_name(sent);
            if !FILE_FIELDS.contains(&name.as_str()) {
                while field
                    .chunk()
                    .await
                    .map_err(|e| refusal(&e, state.max_upload))?
                    .is_some()
                {}
                continue;
            }
            let path = received.dir.join(format!("{:03}", received.files.len()));
            let mut file = tokio::fs::File::create(&path)
                .await
                .map_err(|e| cannot_keep(&e))?;
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| refusal(&e, state.max_upload))?
            {
                file.write_all(&chunk).await.map_err(|e| cannot_keep(&e))?;
            }
            file.flush().await.map_err(|e| cannot_keep(&e))?;
            let upload = Upload {
                path,
                name: sent,
                modified: None,
            };
            received.files.push((name, upload));
        } else {
            let mut text = Vec::new();
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|e| refusal(&e, state.max_upload))?
            {
                text.extend_from_slice(&chunk);
                if text.len() > MAX_TEXT {
                    return Err(malformed(&format!("field {name} is too long")));
                }
            }
            let text = String::from_utf8(text)
                .map_err(|_| malformed(&format!("field {name} is not UTF-8")))?;
            received.texts.push((name, text));
        }
    }
    Ok(received)
}

/// The name to show for an upload: its last path part (browsers send only
/// that; other programs may not), without control characters, never empty.
pub fn shown_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        "未命名文件".to_string()
    } else {
        clean.to_string()
    }
}

/// The workbooks in a `.zip` of returns, unpacked beside it under names of
/// ours; each entry shown by its own file name (as a folder's files are: lock
/// files, hidden files and other files skipped). An entry may unpack to no
/// more than a workbook may be, and all entries of a request to no more than
/// ten times the upload limit.
fn unzip(
    zip: &Upload,
    dir: &Path,
    index: usize,
    limit: u64,
    unpacked: &mut u64,
) -> Result<Vec<Upload>, Refusal> {
    let members = archive::list(&zip.path, &zip.name)?;
    let mut entries: Vec<(String, usize)> = members
        .into_iter()
        .filter(|m| !m.is_dir && !m.name.starts_with("__MACOSX/"))
        .map(|m| (shown_name(&m.name), m.index))
        .filter(|(name, _)| is_workbook_name(name))
        .collect();
    entries.sort();
    let mut out = Vec::new();
    for (k, (name, i)) in entries.into_iter().enumerate() {
        // Bounded as it inflates (the file-size limit, src/read/archive.rs).
        let bytes = archive::inflate(&zip.path, &zip.name, i, &format!("{}!{name}", zip.name))?;
        *unpacked += bytes.len() as u64;
        if *unpacked > limit.saturating_mul(10) {
            return Err(Refusal::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "{}：压缩包解开后超过 {} MB，远多于一批报表应有的大小。请确认选对了文件，或分批上传。",
                    zip.name,
                    limit.saturating_mul(10) / (1024 * 1024)
                ),
            ));
        }
        let path = dir.join(format!("zip-{index:03}-{k:04}"));
        std::fs::write(&path, &bytes).map_err(|e| cannot_keep(&e))?;
        out.push(Upload {
            path,
            name,
            modified: zip.modified,
        });
    }
    Ok(out)
}

/// 400 (or 413 when the body passed the limit) for a multipart body we cannot read.
fn refusal(e: &MultipartError, limit: u64) -> Refusal {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        malformed(&e.body_text())
    }
}

/// 400: the request's body is not the multipart form the page sends.
fn malformed(detail: &str) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        error: "上传的内容格式不正确（应为 multipart/form-data 表单）：请从汇总页面重新提交。"
            .to_string(),
        detail: Some(detail.to_string()),
    }
}

/// 500: the temporary folder refused a file (the disk is full, say).
fn cannot_keep(e: &std::io::Error) -> Refusal {
    Refusal {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        error: format!("无法在临时文件夹中保存上传的文件（{e}）：请检查磁盘空间后重试。"),
        detail: Some(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sent_name_never_carries_a_path() {
        assert_eq!(shown_name("../../etc/passwd"), "passwd");
        assert_eq!(
            shown_name("C:\\Users\\x\\定海区局-2024Q3.xlsx"),
            "定海区局-2024Q3.xlsx"
        );
        assert_eq!(shown_name(".."), "未命名文件");
        assert_eq!(shown_name("a\u{0}b.xlsx"), "ab.xlsx");
        assert_eq!(shown_name(""), "未命名文件");
    }
}
