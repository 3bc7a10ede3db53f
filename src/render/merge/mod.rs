//! What `huizong merge` shows: the terminal [`text`], the [`json`] document,
//! and the consolidated report workbook ([`xlsx`]).

pub mod json;
pub mod text;
pub mod xlsx;

use crate::merge::{Consolidation, UnitLine, matching::Judged};

/// What the units wrote under 进展情况 (or, for a target answered in words,
/// in the figure's cell), verbatim, units with the same words together:
/// "定海、普陀：按序时进度推进；岱山：已完成".
pub fn progress_text(c: &Consolidation, lines: &[&UnitLine]) -> String {
    let mut said: Vec<(&str, Vec<&str>)> = Vec::new();
    for l in lines {
        let words = l.progress().or(match l.completed() {
            Some(Judged::Note(n)) => Some(n.as_str()),
            _ => None,
        });
        let Some(words) = words.map(str::trim).filter(|w| !w.is_empty()) else {
            continue;
        };
        let unit = c.check.plan.units[l.unit].name.as_str();
        match said.iter_mut().find(|(w, _)| *w == words) {
            Some((_, units)) => units.push(unit),
            None => said.push((words, vec![unit])),
        }
    }
    said.iter()
        .map(|(w, units)| format!("{}：{w}", units.join("、")))
        .collect::<Vec<_>>()
        .join("；")
}
