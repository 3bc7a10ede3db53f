//! Opening a unit's return (or last quarter's report) and choosing its sheet.

use crate::error::Error;
use crate::grid::Grid;
use crate::model::form_meta::{self, FormMeta};
use crate::model::period::Period;
use crate::model::report_meta::{self, ReportMeta};
use crate::model::report_sheet;
use crate::model::returns::{self, Recognised, Return, Unreadable};
use crate::read::intake::{self, Place};
use crate::read::workbook::Workbook;
use crate::table::{self, Table};
use crate::vocab::{self, Role};
use std::path::Path;
use std::time::SystemTime;

/// Read the return at `path`; of several sheets holding a return, the one
/// that names `period` (when given) in its name or title is read.
pub fn read(path: &Path, period: Option<Period>) -> Result<Return, Unreadable> {
    let shown = path.display().to_string();
    read_at(
        &Place::File(path.to_path_buf()),
        &shown,
        &file_name(path),
        period,
    )
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
    let place = Place::File(path.to_path_buf());
    let own_name = file_name(Path::new(shown));
    let mut read = read_at(&place, shown, &own_name, period)?;
    read.modified = modified;
    Ok(read)
}

/// Read the return at `place` (a file, or a member of a .zip attachment),
/// named `shown` wherever it is named and `own_name` when its name is read
/// for its unit. A WPS file (.et/.ett) that is not the .xls or .xlsx WPS
/// usually saves inside is named as WPS's own format.
pub fn read_at(
    place: &Place,
    shown: &str,
    own_name: &str,
    period: Option<Period>,
) -> Result<Return, Unreadable> {
    let file = shown.to_string();
    let fail = |error: Error| Unreadable {
        file: file.clone(),
        error: Box::new(error),
    };
    let wps = own_name
        .rsplit_once('.')
        .is_some_and(|(_, e)| intake::WPS.contains(&e.to_lowercase().as_str()));
    let opened = match place {
        Place::File(path) => Workbook::open_named(path, shown),
        Place::Member {
            archive,
            archive_shown,
            index,
        } => crate::read::archive::inflate(archive, archive_shown, *index, shown)
            .and_then(|bytes| Workbook::from_bytes(file.clone(), bytes)),
    };
    let mut workbook = opened
        .map_err(|e| match e {
            Error::NotAWorkbook { .. } | Error::Corrupt { .. } if wps => {
                Error::WpsFormat { path: file.clone() }
            }
            e => e,
        })
        .map_err(fail)?;
    let modified = match place {
        Place::File(path) | Place::Member { archive: path, .. } => {
            std::fs::metadata(path).and_then(|m| m.modified()).ok()
        }
    };
    if let Some(report) = report_meta(&mut workbook) {
        return Ok(report_return(
            &mut workbook,
            report,
            &file,
            own_name,
            modified,
        ));
    }
    let (grid, table) = best_sheet(&mut workbook, period).map_err(fail)?;
    let Recognised {
        filer,
        date,
        title_period,
        header_period,
        blocks,
    } = returns::recognise(&grid, &table);
    Ok(Return {
        file_name: own_name.to_string(),
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
        report: None,
    })
}

/// A lower level's report (a county's `merge -o`) read as a return one level
/// up: one block, a row per target with the report's exact figure at the
/// visible cell showing it, and the figures behind each.
fn report_return(
    workbook: &mut Workbook,
    mut report: ReportMeta,
    file: &str,
    own_name: &str,
    modified: Option<std::time::SystemTime>,
) -> Return {
    let visible = report.sheet.as_deref().unwrap_or("汇总");
    let shown = workbook.grid(visible).ok();
    let block = returns::report_block(&report, shown.as_ref());
    report.lines = Vec::new();
    Return {
        file: file.to_string(),
        file_name: own_name.to_string(),
        sha256: workbook.sha256(),
        modified,
        sheet: report.sheet.clone().unwrap_or_else(|| "汇总".to_string()),
        filer: None,
        date: None,
        title_period: None,
        header_period: None,
        blocks: vec![block],
        meta: None,
        report: Some(report),
    }
}

/// The hidden sheet of our own report, if the workbook has one.
fn report_meta(workbook: &mut Workbook) -> Option<ReportMeta> {
    let name = workbook
        .sheet_names()
        .into_iter()
        .find(|n| n == report_meta::SHEET)?;
    let grid = workbook.grid(&name).ok()?;
    Some(ReportMeta::from_grid(&grid))
}

/// Last period's consolidated report (our own `merge -o` output), read back as
/// one return per unit from its unit sheet; `None` when the file is not one.
pub fn read_report(path: &Path) -> Option<Return> {
    read_report_named(path, &path.display().to_string())
}

/// As [`read_report`], the file named `shown` (an upload).
pub fn read_report_named(path: &Path, shown: &str) -> Option<Return> {
    let mut workbook = Workbook::open_named(path, shown).ok()?;
    let grid = workbook.grid(report_sheet::SHEET).ok()?;
    let blocks = report_sheet::blocks(&grid)?;
    let report = report_meta(&mut workbook).map(|mut r| {
        r.lines = Vec::new();
        r
    });
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
        report,
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
            Period::in_name(&name, year)
                .or_else(|| returns::sheet_period(&grid, &t, year))
                .is_some_and(|said| said.same_reach(&p))
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
