//! How much a file may hold before it is refused: the defaults and the
//! environment variables that change them. Every reader takes its limit
//! from here, as an argument where it is a pure check.

/// The most cells one sheet may hold by default; a task sheet has a few
/// thousand. `HUIZONG_MAX_CELLS` changes it.
pub const MAX_CELLS: usize = 2_000_000;

/// The largest workbook file read by default, in MB; `HUIZONG_MAX_FILE_MB` changes it.
pub const MAX_FILE_MB: u64 = 100;

fn limit(var: &str, default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The cell limit in force (`HUIZONG_MAX_CELLS`, else [`MAX_CELLS`]).
pub fn max_cells() -> usize {
    limit("HUIZONG_MAX_CELLS", MAX_CELLS as u64) as usize
}

/// The file-size limit in force, in bytes (`HUIZONG_MAX_FILE_MB`, else [`MAX_FILE_MB`]).
pub fn max_file_bytes() -> u64 {
    limit("HUIZONG_MAX_FILE_MB", MAX_FILE_MB).saturating_mul(1024 * 1024)
}
