//! From a path to a [`Plan`]: open the workbook, pick the sheet whose header
//! scores best (or the one asked for), find the table, choose the profile.

use crate::error::Error;
use crate::grid::Grid;
use crate::model::plan::Plan;
use crate::model::profile::Profile;
use crate::read::workbook::Workbook;
use crate::table::{self, Layout, Table};
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

/// How to read a plan: which sheet, which profile, and the clerk's overrides.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// The sheet to read (default: the one whose header scores best).
    pub sheet: Option<String>,
    /// A built-in profile name, a .toml file, `none`, or absent (detect).
    pub profile: Option<String>,
    /// `--header-row`, `--total`, `--units`, `--transposed`.
    pub layout: Layout,
}

/// A plan as read, with the sheet and table it was read from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The plan.
    pub plan: Plan,
    /// The sheet (read across when the plan is transposed).
    pub grid: Grid,
    /// The table found on it, with each column's role and why.
    pub table: Table,
    /// How the profile was chosen.
    pub choice: ProfileChoice,
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

/// As [`read_plan_with`], with the sheet choice and profile only.
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
    let options = PlanOptions {
        sheet: sheet.map(str::to_string),
        profile: profile.map(str::to_string),
        layout: Layout::default(),
    };
    read_plan_with_named(path, shown, &options).map(|l| (l.plan, l.grid, l.choice))
}

/// Read the plan in `path` as `options` say, also giving back the grid the
/// plan was read from (to rebuild it as the checked plan; transposed when
/// the plan is).
pub fn read_plan_with(path: &Path, options: &PlanOptions) -> Result<Loaded, Error> {
    read_plan_with_named(path, &path.display().to_string(), options)
}

/// As [`read_plan_with`], the file named `shown` in messages and results.
pub fn read_plan_with_named(
    path: &Path,
    shown: &str,
    options: &PlanOptions,
) -> Result<Loaded, Error> {
    let given = match options.profile.as_deref() {
        Some("none") | None => None,
        Some(name) => Some(Profile::load(name)?),
    };
    let layout = match &given {
        Some(p) => options.layout.clone().or(&p.table),
        None => options.layout.clone(),
    };
    let mut workbook = Workbook::open_named(path, shown)?;
    let (grid, table) = pick_sheet(&mut workbook, options.sheet.as_deref(), &layout)?;
    let header = table::header_cells(&grid, &table);
    let (path_s, sheet_s) = (workbook.path().to_string(), grid.sheet.clone());
    if table.column(Role::Total).is_none() {
        return Err(Error::NoTotalColumn {
            path: path_s,
            sheet: sheet_s,
            header,
            words: crate::vocab::total_words(),
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
    let (profile, choice) = match (options.profile.as_deref(), given) {
        (Some("none"), _) => (None, ProfileChoice::None),
        (_, Some(p)) => (Some(p), ProfileChoice::Given),
        (_, None) => match Profile::detect(&labels) {
            Some(p) => (Some(p), ProfileChoice::Detected),
            None => (None, ProfileChoice::None),
        },
    };
    let mut plan = Plan::read(&grid, &table, profile);
    plan.sha256 = workbook.sha256();
    Ok(Loaded {
        plan,
        grid,
        table,
        choice,
    })
}

/// The sheet's table as the layout says; a sheet whose table has no total
/// or no units is tried across (units down the rows), and read so when that
/// gives both.
fn read_table(grid: Grid, layout: &Layout, path: &str) -> Result<Option<(Grid, Table)>, Error> {
    let bad = |b: table::BadLayout, grid: &Grid| Error::BadLayout {
        path: path.to_string(),
        sheet: grid.sheet.clone(),
        asked: b.asked,
        found: b.found,
    };
    if layout.transposed {
        let across = grid.transposed();
        let found = table::find_with(&across, layout).map_err(|b| bad(b, &across))?;
        return Ok(found.map(|t| (across, t)));
    }
    let found = table::find_with(&grid, layout).map_err(|b| bad(b, &grid))?;
    if found.as_ref().is_some_and(usable) || !layout.is_default() {
        return Ok(found.map(|t| (grid, t)));
    }
    let across = grid.transposed();
    let transposed = Layout {
        transposed: true,
        ..Layout::default()
    };
    match table::find_with(&across, &transposed) {
        Ok(Some(t)) if usable(&t) && names_units_down_the_rows(&t) => Ok(Some((across, t))),
        _ => Ok(found.map(|t| (grid, t))),
    }
}

/// Whether the corner of a sheet read across says its rows are units
/// (单位, 地区, 县(市、区)…): without that, a sheet is never turned on its own.
fn names_units_down_the_rows(table: &Table) -> bool {
    table
        .column(Role::Name)
        .is_some_and(|c| table::names_the_unit_axis(&c.label))
}

/// Whether a table can be checked: it has a total and at least one unit.
fn usable(table: &Table) -> bool {
    table.column(Role::Total).is_some() && table.column(Role::Unit).is_some()
}

fn pick_sheet(
    workbook: &mut Workbook,
    wanted: Option<&str>,
    layout: &Layout,
) -> Result<(Grid, Table), Error> {
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
        if let Some((grid, t)) = read_table(grid, layout, &path)?
            && best.as_ref().is_none_or(|(_, b)| t.score > b.score)
        {
            best = Some((grid, t));
        }
    }
    match best {
        Some(found) => Ok(found),
        None if !any_cells => Err(Error::EmptyWorkbook { path }),
        None => Err(Error::NoHeader {
            found: nearest_header(workbook, &candidates)?,
            path,
            sheets: candidates.join(", "),
            name_words: words(Role::Name),
            total_words: format!("{}; or {}", crate::vocab::total_words(), words(Role::Id)),
        }),
    }
}

/// Of the sheets searched, the row nearest to a header and its cells
/// (`sheet 分解表, row 3: A3 类别、B3 主要指标…`), for the clerk to name.
fn nearest_header(workbook: &mut Workbook, sheets: &[String]) -> Result<String, Error> {
    let mut best: Option<(String, u32, String, usize)> = None;
    for name in sheets {
        let grid = workbook.grid(name)?;
        if let Some((row, cells, known)) = table::nearest_header(&grid)
            && best.as_ref().is_none_or(|b| known > b.3)
        {
            best = Some((name.clone(), row, cells, known));
        }
    }
    Ok(match best {
        Some((sheet, row, cells, _)) => format!("工作表“{sheet}”第 {} 行：{cells}", row + 1),
        None => "没有哪一行有两个以上的表头文字".to_string(),
    })
}
