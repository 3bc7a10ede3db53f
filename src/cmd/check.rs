//! `huizong check PLAN`: does every target's allocation add up?

use huizong::error::Error;
use huizong::load::plan::{ProfileChoice, read_plan_with};
use huizong::{output, reconcile, render};
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
    /// Show how the sheet was read instead of checking it: the header, each
    /// column's role and what decided it, the units, the first rows.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub layout: super::layout::LayoutArgs,
}

/// Run the check; exit code 0 when clean, 1 when there are error findings.
pub fn run(args: &Args) -> Result<u8, Error> {
    let options = args
        .layout
        .options(args.sheet.as_deref(), args.profile.as_deref());
    let loaded = read_plan_with(&args.plan, &options)?;
    if args.explain {
        print!("{}", render::check::explain::explain(&loaded));
        return Ok(0);
    }
    let (plan, grid, choice) = (loaded.plan, loaded.grid, loaded.choice);
    let note = match (&plan.profile, choice) {
        (Some(p), ProfileChoice::Detected) => format!(" (profile {}, detected)", p.name),
        (Some(p), _) => format!(" (profile {})", p.name),
        (None, _) => " (no profile)".to_string(),
    };
    let check = reconcile::check(plan);
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
