//! The CLI glue, one file per command; each `run` returns the exit code.

pub mod check;
pub mod layout;
pub mod merge;
pub mod serve;
pub mod template;
pub mod usage;
