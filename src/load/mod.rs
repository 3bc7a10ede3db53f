//! Loading: a path → the model, through [`read`](crate::read) and
//! [`table`](crate::table). The only part of the model that touches files.

pub mod plan;
pub mod returns;
