//! `huizong template PLAN --period 2024Q3 -o DIR`: one return form per unit.

use huizong::error::Error;
use huizong::load::plan::read_plan;
use huizong::model::period::Period;
use huizong::output;
use huizong::render::form;
use std::path::{Path, PathBuf};

/// Arguments of `huizong template`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task-breakdown workbook the forms are made from.
    pub plan: PathBuf,
    /// The quarter the forms are for: 2024Q3, 2024-Q3 or 2024年第三季度.
    #[arg(long)]
    pub period: String,
    /// The folder to write the forms into (made when it is missing).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Only these units (repeatable; default: every unit with an allocation).
    #[arg(long = "unit")]
    pub units: Vec<String>,
    /// One workbook with every unit's columns (for offices that prefer one file).
    #[arg(long)]
    pub wide: bool,
    /// Unit roster: a built-in name, a .toml file, or `none`.
    #[arg(long)]
    pub profile: Option<String>,
    /// The plan's sheet (default: the best match).
    #[arg(long)]
    pub sheet: Option<String>,
}

/// A writing error said of a form (填报表), not of a report.
fn as_form(e: Error) -> Error {
    match e {
        Error::CannotWrite { path, detail } => Error::CannotWriteForm { path, detail },
        e => e,
    }
}

/// The output folder, made when it is missing (the README's three steps start
/// with `-o forms/`, which does not exist yet).
fn make_folder(dir: &Path) -> Result<(), Error> {
    if dir.is_dir() {
        return Ok(());
    }
    let fail = |detail: String| Error::CannotWriteForm {
        path: dir.display().to_string(),
        detail,
    };
    if dir.exists() {
        return Err(fail(
            "这是一个文件，不是文件夹；请用 -o 指定存放填报表的文件夹".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| fail(format!("无法新建文件夹（{e}）")))
}

/// Write the forms; exit code 0, or 2 when a unit is unknown or a file cannot be written.
pub fn run(args: &Args) -> Result<u8, Error> {
    let period: Period = args.period.parse()?;
    let (plan, _) = read_plan(&args.plan, args.sheet.as_deref(), args.profile.as_deref())?;
    let mut chosen = Vec::new();
    for written in &args.units {
        let unit = plan
            .find_unit(written)
            .ok_or_else(|| Error::UnknownUnitArg {
                unit: written.clone(),
                units: plan
                    .units
                    .iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        chosen.push(unit);
    }
    make_folder(&args.output)?;
    if args.wide {
        let path = args.output.join(form::file_name("全部单位", period));
        let bytes = form::wide_form(&plan, period).map_err(|e| Error::CannotWriteForm {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        output::write_atomic(&path, &bytes, &[&args.plan]).map_err(as_form)?;
        println!(
            "{}  {} targets × {} units",
            path.display(),
            plan.targets.len(),
            plan.units.len()
        );
        return Ok(0);
    }
    if chosen.is_empty() {
        chosen = (0..plan.units.len())
            .filter(|&u| !form::assigned(&plan, u).is_empty())
            .collect();
    }
    for unit in chosen {
        let name = form::file_name(&plan.units[unit].name, period);
        let path = args.output.join(&name);
        let bytes = form::unit_form(&plan, unit, period).map_err(|e| Error::CannotWriteForm {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        output::write_atomic(&path, &bytes, &[&args.plan]).map_err(as_form)?;
        println!(
            "{}  {} targets",
            path.display(),
            form::assigned(&plan, unit).len()
        );
    }
    Ok(0)
}
