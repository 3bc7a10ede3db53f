//! Renderers: pure functions from results to text or bytes. Only `src/cmd/`
//! writes anything anywhere.

pub mod checked;
pub mod form;
pub mod json;
pub mod merge_json;
pub mod merge_text;
pub mod report;
pub mod text;
