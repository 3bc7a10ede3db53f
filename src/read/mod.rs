//! Reading: a file on disk → the [`Grid`](crate::grid::Grid)s of its sheets.
//!
//! The IO edge. The format is sniffed from the bytes; every part of a file
//! that calamine would trust blindly is checked first (package sizes, .xls
//! records, .ods content) against the [`limits`]. A clerk's folder, its
//! subfolders and its .zip attachments are listed by [`intake`].

pub mod archive;
pub mod intake;
pub mod limits;
pub mod ods;
pub mod package;
pub mod workbook;
pub mod xls;
pub mod xlsx_merges;
