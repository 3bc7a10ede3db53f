//! Writing an output file whole or not at all, never over an input.

use crate::error::Error;
use std::path::Path;

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so an interrupted run leaves no half-written file. Refuses to write
/// over any of `inputs`.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), Error> {
    let shown = path.display().to_string();
    let fail = |detail: String| Error::CannotWrite {
        path: shown.clone(),
        detail,
    };
    if let Ok(target) = path.canonicalize()
        && inputs
            .iter()
            .any(|i| i.canonicalize().is_ok_and(|c| c == target))
    {
        return Err(fail(
            "it is one of the input files; choose another name".into(),
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist", dir.display())));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temp, bytes).map_err(|e| fail(e.to_string()))?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        fail(format!(
            "{e}; if the file is open in Excel or WPS, close it and try again"
        ))
    })
}
