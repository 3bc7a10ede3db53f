//! What `huizong merge` shows: the terminal [`text`], the [`json`] document,
//! and the consolidated report workbook ([`xlsx`]).

pub mod json;
pub mod text;
pub mod xlsx;
