//! huizong (汇总): check task-breakdown sheets and consolidate quarterly returns.
//!
//! Data flows one way:
//! workbook → [`grid`] → [`table`] → [`plan`] → [`reconcile`] → [`render`].

pub mod error;
pub mod finding;
pub mod grid;
pub mod load;
pub mod ods;
pub mod plan;
pub mod profile;
pub mod quantity;
pub mod reconcile;
pub mod render;
pub mod table;
pub mod vocab;
pub mod workbook;
