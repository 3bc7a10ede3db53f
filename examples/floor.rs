//! The floor for the scale benchmark: calamine alone opening every workbook in
//! a folder and reading every cell of every sheet, nothing else.
//!
//!     cargo run --release --example floor -- DIR [--threads]
//!
//! Prints the files and non-empty cells read; time it with /usr/bin/time -v.

use calamine::{Data, Reader, open_workbook_auto};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn cells(path: &Path) -> usize {
    let Ok(mut wb) = open_workbook_auto(path) else {
        return 0;
    };
    let mut n = 0;
    for name in wb.sheet_names() {
        if let Ok(range) = wb.worksheet_range(&name) {
            n += range
                .used_cells()
                .filter(|(_, _, v)| !matches!(v, Data::Empty))
                .count();
        }
    }
    n
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: floor DIR [--threads]");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    let total: usize = if args.iter().any(|a| a == "--threads") {
        files.par_iter().map(|f| cells(f)).sum()
    } else {
        files.iter().map(|f| cells(f)).sum()
    };
    println!("{} files, {total} cells", files.len());
}
