//! huizong (汇总): check task-breakdown sheets and consolidate quarterly returns.
//!
//! Data flows one way, and the modules are its stages, each importing only
//! from the stages before it:
//!
//! [`text`] → [`vocab`] → [`grid`] → [`quantity`] (the cell grammar) →
//! [`read`] (a file → grids) → [`table`] (header roles) → [`model`] (plan,
//! returns) → [`load`] (a path →
//! the model) → [`reconcile`] (the plan's findings) → [`merge`] (returns
//! against the plan) → [`render`] (text, json, xlsx) → [`serve`] (the same,
//! as a page on 127.0.0.1).
//!
//! [`error`], [`finding`] and [`output`] are shared by every stage.

#![warn(missing_docs)]

pub mod error;
pub mod finding;
pub mod grid;
pub mod load;
pub mod merge;
pub mod model;
pub mod output;
pub mod quantity;
pub mod read;
pub mod reconcile;
pub mod render;
pub mod serve;
pub mod table;
pub mod text;
pub mod vocab;
