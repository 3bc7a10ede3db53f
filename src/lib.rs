//! huizong (汇总): check task-breakdown sheets and consolidate quarterly returns.
//!
//! Data flows one way:
//! workbook → [`grid`] → [`table`] → [`plan`] → [`reconcile`] → [`render`].

pub mod error;
pub mod grid;
pub mod quantity;
pub mod vocab;
pub mod ods;
pub mod workbook;
pub mod profile;
pub mod table;
pub mod finding;
pub mod plan;
pub mod reconcile;
pub mod load;
pub mod render;
