//! Writing an output file whole or not at all, never over an input.

use crate::error::Error;
use std::fs::File;
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written now: removed by [`abandon`] on Ctrl-C.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Temporary folders (`huizong serve`'s uploads and downloads): removed, with
/// everything in them, by [`abandon`] on Ctrl-C.
static PENDING_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Why writing a file's content failed: the disk, or the making of the
/// content as it was written (said as it is).
pub enum Failure {
    /// Writing to the file.
    Io(std::io::Error),
    /// Making what goes in it.
    Content(Error),
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted run leaves no half-written file. Refuses to write
/// over any of `inputs`.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), Error> {
    write_atomic_with(path, inputs, |file| {
        file.write_all(bytes).map_err(Failure::Io)
    })
}

/// [`write_atomic`] for content written as it is made (`write` is given the
/// temporary file): the report is not held in memory whole first.
pub fn write_atomic_with(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), Failure>,
) -> Result<(), Error> {
    let shown = path.display().to_string();
    let fail = |detail: String, cause: Option<String>| Error::CannotWrite {
        path: shown.clone(),
        detail,
        cause,
    };
    let named: Vec<(&Path, &str)> = inputs.iter().map(|i| (*i, INPUT)).collect();
    refuse_inputs(path, &named)?;
    if path.is_dir() {
        return Err(fail(
            "这是一个文件夹；请给出文件夹里的一个文件名，如 汇总-2024Q3.xlsx".into(),
            None,
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        let what = if dir.exists() {
            "是一个文件，不是文件夹；请用 -o 另选一个文件夹"
        } else {
            "这个文件夹不存在；请先建好它，或用 -o 另选一个文件夹"
        };
        return Err(fail(format!("{} {what}", dir.display()), None));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    pending(|p| p.push(temp.clone()));
    let failed = |e: std::io::Error| fail(reason(&e, dir), Some(e.to_string()));
    let written = File::create(&temp)
        .map_err(failed)
        .and_then(|file| {
            let mut file = BufWriter::new(file);
            let done = write(&mut file).and_then(|()| file.flush().map_err(Failure::Io));
            done.map_err(|f| match f {
                Failure::Io(e) => failed(e),
                Failure::Content(e) => e,
            })
        })
        .and_then(|()| std::fs::rename(&temp, path).map_err(failed));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    pending(|p| p.retain(|t| t != &temp));
    written
}

/// What [`write_atomic`] calls an input it is not told more of.
const INPUT: &str = "输入文件";

/// Refuse an output `path` that is one of `inputs` (each with what it is, for
/// the clerk: 计划, 上季度报表…), compared as canonical paths, so that a
/// command can refuse before it reads anything, and [`write_atomic`] again
/// before it writes.
pub fn refuse_inputs(path: &Path, inputs: &[(&Path, &str)]) -> Result<(), Error> {
    let Ok(target) = path.canonicalize() else {
        return Ok(());
    };
    match inputs
        .iter()
        .find(|(i, _)| i.canonicalize().is_ok_and(|c| c == target))
    {
        Some((_, what)) => Err(Error::OutputIsInput {
            path: path.display().to_string(),
            what: what.to_string(),
        }),
        None => Ok(()),
    }
}

/// Remove every temporary file still being written (on Ctrl-C), so an
/// interrupted run leaves neither a report nor a half-written file; and every
/// temporary folder given to [`remove_on_abandon`].
pub fn abandon() {
    pending(|p| {
        for temp in p.drain(..) {
            let _ = std::fs::remove_file(temp);
        }
    });
    let mut dirs = PENDING_DIRS.lock().unwrap_or_else(|e| e.into_inner());
    for dir in dirs.drain(..) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Have [`abandon`] (Ctrl-C, the console window closing) remove `dir` and
/// everything in it.
pub fn remove_on_abandon(dir: &Path) {
    let mut dirs = PENDING_DIRS.lock().unwrap_or_else(|e| e.into_inner());
    dirs.push(dir.to_path_buf());
}

fn pending(f: impl FnOnce(&mut Vec<PathBuf>)) {
    let mut list = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut list);
}

/// What went wrong, and what to do about it, in Chinese (the system's own
/// words are kept apart, for `--json`).
fn reason(e: &std::io::Error, dir: &Path) -> String {
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => format!(
            "没有写入权限：文件夹 {} 不允许写入，或者这个文件正在 Excel、WPS 中打开。\
             请关闭它，或用 -o 另选一个文件夹",
            dir.display()
        ),
        ErrorKind::StorageFull => "磁盘空间已满，请腾出空间后再试".to_string(),
        _ => "系统拒绝写入；如果这个文件正在 Excel、WPS 中打开，请关闭后再试".to_string(),
    }
}
