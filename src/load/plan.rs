//! From a path to a [`Plan`]: open the workbook, pick the sheet whose header
//! scores best (or the one asked for), find the table, choose the profile.

use crate::error::Error;
use crate::grid::Grid;
use crate::model::plan::Plan;
use crate::model::profile::Profile;
use crate::read::workbook::Workbook;
use crate::table::{self, Table};
use crate::vocab::{Role, words};
use std::path::Path;

/// How the profile was chosen, for the header of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileChoice {
    /// `--profile NAME|FILE`.
    Given,
    /// A built-in profile whose roster covers every header unit.
    Detected,
    /// No profile: units come from the header alone.
    None,
}

/// Read the plan in `path`. `sheet` overrides the sheet choice; `profile` is a
/// built-in name, a file, `none`, or absent (detect from the header's units).
pub fn read_plan(
    path: &Path,
    sheet: Option<&str>,
    profile: Option<&str>,
) -> Result<(Plan, ProfileChoice), Error> {
    read_plan_and_grid(path, sheet, profile).map(|(plan, _, choice)| (plan, choice))
}

/// As [`read_plan`], also giving back the sheet the plan was read from (to
/// rebuild it as the checked plan).
pub fn read_plan_and_grid(
    path: &Path,
    sheet: Option<&str>,
    profile: Option<&str>,
) -> Result<(Plan, Grid, ProfileChoice), Error> {
    read_plan_named(path, &path.display().to_string(), sheet, profile)
}

/// As [`read_plan_and_grid`], the file named `shown` in messages and results
/// (an upload kept by `huizong serve` under a name of its own).
pub fn read_plan_named(
    path: &Path,
    shown: &str,
    sheet: Option<&str>,
    profile: Option<&str>,
) -> Result<(Plan, Grid, ProfileChoice), Error> {
    let mut workbook = Workbook::open_named(path, shown)?;
    let (grid, table) = pick_sheet(&mut workbook, sheet)?;
    let header = table.header.to_string();
    let (path_s, sheet_s) = (workbook.path().to_string(), grid.sheet.clone());
    if table.column(Role::Total).is_none() {
        return Err(Error::NoTotalColumn {
            path: path_s,
            sheet: sheet_s,
            header,
            words: words(Role::Total),
        });
    }
    let labels: Vec<String> = table
        .columns_with(Role::Unit)
        .map(|c| c.label.clone())
        .collect();
    if labels.is_empty() {
        return Err(Error::NoUnitColumns {
            path: path_s,
            sheet: sheet_s,
            header,
        });
    }
    let (profile, choice) = match profile {
        Some("none") => (None, ProfileChoice::None),
        Some(name) => (Some(Profile::load(name)?), ProfileChoice::Given),
        None => match Profile::detect(&labels) {
            Some(p) => (Some(p), ProfileChoice::Detected),
            None => (None, ProfileChoice::None),
        },
    };
    let mut plan = Plan::read(&grid, &table, profile);
    plan.sha256 = workbook.sha256();
    Ok((plan, grid, choice))
}

fn pick_sheet(workbook: &mut Workbook, wanted: Option<&str>) -> Result<(Grid, Table), Error> {
    let names = workbook.sheet_names();
    let path = workbook.path().to_string();
    let candidates: Vec<String> = match wanted {
        Some(w) if names.iter().any(|n| n == w) => vec![w.to_string()],
        Some(w) => {
            return Err(Error::SheetNotFound {
                path,
                sheet: w.to_string(),
                available: names.join(", "),
            });
        }
        None => workbook.visible_sheet_names(),
    };
    let mut best: Option<(Grid, Table)> = None;
    let mut any_cells = false;
    for name in &candidates {
        let grid = workbook.grid(name)?;
        any_cells |= grid.height() > 0;
        if let Some(t) = table::find(&grid)
            && best.as_ref().is_none_or(|(_, b)| t.score > b.score)
        {
            best = Some((grid, t));
        }
    }
    match best {
        Some(found) => Ok(found),
        None if !any_cells => Err(Error::EmptyWorkbook { path }),
        None => Err(Error::NoHeader {
            path,
            sheets: candidates.join(", "),
            name_words: words(Role::Name),
            total_words: format!("{}; or {}", words(Role::Total), words(Role::Id)),
        }),
    }
}
