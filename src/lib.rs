//! huizong (汇总): check task-breakdown sheets and consolidate quarterly returns.
//!
//! Data flows one way:
//! workbook → [`grid`] → [`table`] → [`plan`] → [`reconcile`] → [`render`].

#![warn(missing_docs)]

pub mod error;
pub mod finding;
pub mod grid;
pub mod load;
pub mod merge;
pub mod ods;
pub mod output;
pub mod package;
pub mod period;
pub mod plan;
pub mod profile;
pub mod quantity;
pub mod reconcile;
pub mod render;
pub mod returns;
pub mod table;
pub mod vocab;
pub mod workbook;
pub mod xls;
pub mod xlsx_merges;
