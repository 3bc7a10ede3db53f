//! What `huizong check` shows: the terminal [`text`], the [`json`] document,
//! and the checked plan workbook ([`xlsx`]).

pub mod explain;
pub mod json;
pub mod text;
pub mod xlsx;
