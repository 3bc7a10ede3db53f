//! `huizong merge PLAN RETURN... --period 2024Q3`: consolidate the units' returns.

use huizong::error::Error;
use huizong::load::plan::read_plan;
use huizong::load::returns;
use huizong::model::period::Period;
use huizong::model::returns::{Return, Unreadable};
use huizong::read::intake::{self, Intake, What};
use huizong::{merge, output, reconcile, render};
use std::path::{Path, PathBuf};

/// Arguments of `huizong merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The task-breakdown workbook the returns report against.
    pub plan: PathBuf,
    /// Return workbooks, .zip attachments, or folders of them (subfolders too).
    #[arg(required = true)]
    pub returns: Vec<PathBuf>,
    /// The quarter: 2024Q3, 2024-Q3 or 2024年第三季度.
    #[arg(long)]
    pub period: String,
    /// Write the consolidated report workbook here (.xlsx).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Last quarter: its report (merge -o) or its returns (file or folder), to catch
    /// cumulative figures that went down.
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Unit roster: a built-in name, a .toml file, or `none`.
    #[arg(long)]
    pub profile: Option<String>,
    /// The plan's sheet (default: the best match).
    #[arg(long)]
    pub sheet: Option<String>,
    /// In the report, a cell note on every unit figure naming its file, sheet and cell.
    #[arg(long)]
    pub notes: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print one JSON document instead of the summary.
    #[arg(long)]
    pub json: bool,
}

/// The returns as read, and the files that are not workbooks with why.
type Read = (Vec<Result<Return, Unreadable>>, Vec<(String, String)>);

/// Read every workbook received in parallel (an archive that cannot be opened
/// is an unreadable return); each file's sheet is dropped as soon as its rows
/// are extracted. The files that are not workbooks come back apart, with why.
/// A progress bar on stderr when it is a terminal, for more than a handful of
/// files, unless `--quiet`.
fn read_returns(intake: Intake, period: Period, quiet: bool) -> Read {
    use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
    use rayon::prelude::*;
    use std::io::IsTerminal;
    let mut others = Vec::new();
    let mut workbooks = Vec::new();
    for entry in intake.entries {
        match entry.what {
            What::Other(why) => others.push((entry.shown, why)),
            What::Broken(error) => workbooks.push(Err(Unreadable {
                file: entry.shown,
                error: Box::new(error),
            })),
            What::Workbook(place) => workbooks.push(Ok((place, entry.shown, entry.file_name))),
        }
    }
    let show = !quiet && workbooks.len() > 20 && std::io::stderr().is_terminal();
    let bar = if show {
        ProgressBar::new(workbooks.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 份报表 {elapsed}") {
        bar.set_style(style);
    }
    let read: Vec<_> = workbooks
        .into_par_iter()
        .progress_with(bar.clone())
        .map(|w| {
            w.and_then(|(place, shown, name)| returns::read_at(&place, &shown, &name, Some(period)))
        })
        .collect();
    bar.finish_and_clear();
    (read, others)
}

/// Last period's figures: our own report (its 单位情况 sheet), or returns
/// (of a workbook with a sheet per period, last period's sheet).
fn previous_figures(path: &Path, last: Period) -> Vec<Return> {
    if let Some(report) = path.is_file().then(|| returns::read_report(path)).flatten() {
        return vec![report];
    }
    intake::gather(&[path.to_path_buf()])
        .entries
        .into_iter()
        .filter_map(|e| match e.what {
            What::Workbook(place) => {
                returns::read_at(&place, &e.shown, &e.file_name, Some(last)).ok()
            }
            _ => None,
        })
        .collect()
}

/// Run the merge; exit code 0 when clean, 1 when there are findings.
pub fn run(args: &Args) -> Result<u8, Error> {
    let period: Period = args.period.parse()?;
    let received = intake::gather(&args.returns);
    let skipped = received.skipped;
    let files = received.files.clone();
    let previous_files = args
        .previous
        .as_ref()
        .map_or_else(Vec::new, |p| intake::gather(std::slice::from_ref(p)).files);
    let mut given: Vec<(&Path, &str)> = vec![(&args.plan, "计划")];
    given.extend(files.iter().map(|f| (f.as_path(), "单位报表")));
    given.extend(
        previous_files
            .iter()
            .map(|f| (f.as_path(), "上期报表 (--previous)")),
    );
    // Before anything is read: a report written over an input would lose it.
    if let Some(out) = &args.output {
        output::refuse_inputs(out, &given)?;
    }
    // The plan is read and checked while the returns are: at 3,000 units it
    // takes half a second on one core that would otherwise wait.
    let (check, inputs) = rayon::join(
        || {
            let (plan, _) = read_plan(&args.plan, args.sheet.as_deref(), args.profile.as_deref())?;
            Ok::<_, Error>(reconcile::check(plan))
        },
        || read_returns(received, period, args.quiet),
    );
    let (inputs, others) = inputs;
    let check = check?;
    let previous = args
        .previous
        .as_deref()
        .map_or_else(Vec::new, |p| previous_figures(p, period.before()));
    // The returns are handed over: consolidate frees their rows once their
    // figures are taken (peak memory at 3,000 returns).
    let mut consolidation = merge::consolidate(check, period, inputs, previous);
    consolidation.add_others(others, skipped);
    if let Some(out) = &args.output {
        let bytes = render::merge::xlsx::report(&consolidation, args.notes).map_err(|e| {
            Error::CannotWrite {
                path: out.display().to_string(),
                detail: e.to_string(),
            }
        })?;
        let all_inputs: Vec<&Path> = given.iter().map(|(p, _)| *p).collect();
        output::write_atomic(out, &bytes, &all_inputs)?;
    }
    let text = if args.json {
        render::merge::json::merge(&consolidation)
    } else {
        render::merge::text::merge(&consolidation)
    };
    print!("{text}");
    Ok(u8::from(!consolidation.findings.is_empty()))
}
