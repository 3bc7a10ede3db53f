//! Opening a unit's return (or last quarter's report) and choosing its sheet.

use crate::error::Error;
use crate::grid::Grid;
use crate::model::form_meta::{self, FormMeta};
use crate::model::period::Period;
use crate::model::report_sheet;
use crate::model::returns::{self, Recognised, Return, Unreadable};
use crate::read::workbook::Workbook;
use crate::table::{self, Table};
use crate::vocab::{self, Role};
use std::path::Path;
use std::time::SystemTime;

/// Whether a file found in a folder (or a .zip) is taken as a return by its
/// name: a workbook extension (.xlsx/.xlsm/.xls/.ods), not an Office lock file
/// (`~$…`), not hidden. Files named one by one are always taken.
pub fn is_workbook_name(name: &str) -> bool {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$")
        && !name.starts_with('.')
        && ["xlsx", "xlsm", "xls", "ods"].contains(&ext.as_str())
}

/// Read the return at `path`; of several sheets holding a return, the one
/// that names `period` (when given) in its name or title is read.
pub fn read(path: &Path, period: Option<Period>) -> Result<Return, Unreadable> {
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    read_named(path, &path.display().to_string(), modified, period)
}

/// Read the return at `path`, named `shown` (its file name decides the unit
/// when nothing inside does) and last modified at `modified`: an upload kept
/// by `huizong serve` under a name of its own.
pub fn read_named(
    path: &Path,
    shown: &str,
    modified: Option<SystemTime>,
    period: Option<Period>,
) -> Result<Return, Unreadable> {
    let file = shown.to_string();
    let fail = |error: Error| Unreadable {
        file: file.clone(),
        error: Box::new(error),
    };
    let mut workbook = Workbook::open_named(path, shown).map_err(fail)?;
    let (grid, table) = best_sheet(&mut workbook, period).map_err(fail)?;
    let Recognised {
        filer,
        date,
        title_period,
        header_period,
        blocks,
    } = returns::recognise(&grid, &table);
    Ok(Return {
        file_name: file_name(Path::new(shown)),
        file: file.clone(),
        sha256: workbook.sha256(),
        modified,
        sheet: grid.sheet.clone(),
        filer,
        date,
        title_period,
        header_period,
        blocks,
        meta: form_meta(&mut workbook),
    })
}

/// Last quarter's consolidated report (our own `merge -o` output), read back as
/// one return per unit from its unit sheet; `None` when the file is not one.
pub fn read_report(path: &Path) -> Option<Return> {
    read_report_named(path, &path.display().to_string())
}

/// As [`read_report`], the file named `shown` (an upload).
pub fn read_report_named(path: &Path, shown: &str) -> Option<Return> {
    let mut workbook = Workbook::open_named(path, shown).ok()?;
    let grid = workbook.grid(report_sheet::SHEET).ok()?;
    let blocks = report_sheet::blocks(&grid)?;
    Some(Return {
        file: shown.to_string(),
        file_name: file_name(Path::new(shown)),
        sha256: workbook.sha256(),
        modified: None,
        sheet: grid.sheet.clone(),
        filer: None,
        date: None,
        title_period: None,
        header_period: None,
        blocks,
        meta: None,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The hidden sheet of a template form, if the workbook has one.
fn form_meta(workbook: &mut Workbook) -> Option<FormMeta> {
    let name = workbook
        .sheet_names()
        .into_iter()
        .find(|n| n == form_meta::SHEET)?;
    let grid = workbook.grid(&name).ok()?;
    Some(FormMeta::from_grid(&grid))
}

/// The visible sheet whose return table scores best, preferring one whose
/// name or title names `period` (a workbook with a sheet per quarter); else
/// the first of the best.
fn best_sheet(workbook: &mut Workbook, period: Option<Period>) -> Result<(Grid, Table), Error> {
    let mut best: Option<(Grid, Table, (bool, u32))> = None;
    for name in workbook.visible_sheet_names() {
        let grid = workbook.grid(&name)?;
        let Some(t) = table::find(&grid).filter(returns::is_return_table) else {
            continue;
        };
        let names_period = period.is_some_and(|p| {
            let year = Some(p.year);
            Period::in_name(&name, year).or_else(|| returns::sheet_period(&grid, &t, year))
                == Some(p)
        });
        let rank = (names_period, t.score);
        if best.as_ref().is_none_or(|(_, _, b)| rank > *b) {
            best = Some((grid, t, rank));
        }
    }
    best.map(|(grid, table, _)| (grid, table))
        .ok_or_else(|| Error::NoReturnTable {
            path: workbook.path().to_string(),
            words: vocab::words(Role::Completed),
        })
}
