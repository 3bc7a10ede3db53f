//! `huizong check PLAN`: does every target's allocation add up?

use huizong::error::Error;
use huizong::load::plan::{ProfileChoice, read_plan, read_plan_and_grid};
use huizong::model::plan::Plan;
use huizong::{merge, output, reconcile, render};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `huizong check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task-breakdown workbook (.xlsx, .xlsm, .xls or .ods).
    pub plan: PathBuf,
    /// The sheet to read (default: the sheet whose header matches best).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Unit roster: a built-in name (zhoushan), a .toml file, or `none`
    /// (default: a built-in profile whose roster covers the header's units).
    #[arg(long)]
    pub profile: Option<String>,
    /// Print one JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Also write the checked plan here: the plan as the clerk knows it, with
    /// every problem cell coloured and annotated, and a 校验问题 sheet.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The plan one level up (the city's) that allocates this plan's totals:
    /// every total must equal the parent's allocation to --unit.
    #[arg(long)]
    pub parent: Option<PathBuf>,
    /// With --parent: the parent plan's unit this plan breaks down (岱山);
    /// default: the unit this plan's title names (2024年岱山县…).
    #[arg(long, requires = "parent")]
    pub unit: Option<String>,
    /// With --parent: the parent plan's unit roster (default: detected).
    #[arg(long, requires = "parent")]
    pub parent_profile: Option<String>,
}

/// The parent plan's unit this plan breaks down: `--unit` as written (a name
/// or alias), else the one the plan's title (or its profile's) names.
fn parent_unit(args: &Args, plan: &Plan, parent: &Plan) -> Result<usize, Error> {
    let index = merge::matching::Index::new(parent);
    let units = || {
        parent
            .units
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(written) = &args.unit {
        return index.unit(written).ok_or_else(|| Error::UnknownUnitArg {
            unit: written.clone(),
            units: units(),
        });
    }
    let titles = [
        plan.title.as_deref(),
        plan.profile.as_ref().and_then(|p| p.title.as_deref()),
    ];
    titles
        .into_iter()
        .flatten()
        .find_map(|t| index.unit_in_text(t))
        .ok_or_else(|| Error::ParentUnitUnknown {
            path: plan.file.clone(),
            units: units(),
        })
}

/// Run the check; exit code 0 when clean, 1 when there are error findings.
pub fn run(args: &Args) -> Result<u8, Error> {
    let (plan, grid, choice) =
        read_plan_and_grid(&args.plan, args.sheet.as_deref(), args.profile.as_deref())?;
    let note = match (&plan.profile, choice) {
        (Some(p), ProfileChoice::Detected) => format!(" (profile {}, detected)", p.name),
        (Some(p), _) => format!(" (profile {})", p.name),
        (None, _) => " (no profile)".to_string(),
    };
    let mut check = reconcile::check(plan);
    if let Some(parent_path) = &args.parent {
        let (parent, _) = read_plan(parent_path, None, args.parent_profile.as_deref())?;
        let unit = parent_unit(args, &check.plan, &parent)?;
        merge::parent::check_against(&mut check, &parent, unit);
    }
    if let Some(out) = &args.output {
        let bytes =
            render::check::xlsx::checked(&grid, &check).map_err(|e| Error::CannotWrite {
                path: out.display().to_string(),
                detail: e.to_string(),
            })?;
        output::write_atomic(out, &bytes, &[&args.plan])?;
    }
    let out = if args.json {
        render::check::json::check(&check)
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        render::check::text::check(&check, &note, color)
    };
    print!("{out}");
    Ok(u8::from(check.has_errors()))
}
