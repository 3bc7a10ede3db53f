//! The downloads made so far (reports, checked plans): each kept as a file in
//! the server's temporary folder under a random name of ours, until the
//! process ends.

use super::wire;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The media type of an .xlsx workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of a .zip archive.
pub const ZIP: &str = "application/zip";

/// One file waiting to be downloaded.
#[derive(Debug, Clone)]
pub struct Stored {
    /// The name the clerk sees (and saves it as).
    pub name: String,
    /// Where it is kept: `<folder>/<id>`, a name of ours.
    pub path: PathBuf,
    /// Its media type.
    pub media_type: &'static str,
}

/// The downloads, by id.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    files: Mutex<HashMap<String, Stored>>,
}

impl Store {
    /// A store keeping its files in `dir` (which exists).
    pub fn new(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// Keep `bytes` for download as `name`; the link to it, path only
    /// (`/download/<id>/<name>`, the name percent-encoded).
    pub fn put(
        &self,
        name: &str,
        media_type: &'static str,
        bytes: &[u8],
    ) -> std::io::Result<String> {
        let id = super::random_hex(12)?;
        let path = self.dir.join(&id);
        std::fs::write(&path, bytes)?;
        let link = format!("/download/{id}/{}", wire::encode(name));
        let stored = Stored {
            name: name.to_string(),
            path,
            media_type,
        };
        self.lock().insert(id, stored);
        Ok(link)
    }

    /// The download with this id.
    pub fn get(&self, id: &str) -> Option<Stored> {
        self.lock().get(id).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Stored>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}
