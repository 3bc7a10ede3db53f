//! The domain, pure: the reporting [`period`], the units of an office
//! ([`profile`]) and their names as clerks write them ([`unit_name`]), the
//! [`plan`] read from a table, and the [`returns`] read from a unit's grid;
//! the hidden sheets of our forms ([`form_meta`]) and reports ([`report_meta`]).
//! What a cell means is [`crate::quantity`]'s.

pub mod form_meta;
pub mod period;
pub mod plan;
pub mod profile;
pub mod report_meta;
pub mod report_sheet;
pub mod returns;
pub mod unit_name;
