//! `huizong merge PLAN RETURN... --period 2024Q3`: consolidate the units' returns.

use huizong::error::Error;
use huizong::load::plan::read_plan_with;
use huizong::load::returns;
use huizong::merge::Pending;
use huizong::model::period::Period;
use huizong::model::returns::{Return, Unreadable};
use huizong::read::intake::{self, Intake, What};
use huizong::reconcile::Check;
use huizong::{merge, output, reconcile, render};
use std::path::{Path, PathBuf};

/// Arguments of `huizong merge` (the doc comments are its `--help`, for the clerk).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 任务分解表（各单位报表所依据的计划）。
    #[arg(value_name = "任务分解表", help_heading = "参数")]
    pub plan: PathBuf,
    /// 各单位的报表文件、邮件附件 .zip，或存放它们的文件夹（含子文件夹）。
    #[arg(required = true, value_name = "报表", help_heading = "参数")]
    pub returns: Vec<PathBuf>,
    /// 汇总的报告期：季度 2024Q3（2024年第三季度）、月份 2024-09（2024年9月）、半年 2024H1（2024年上半年）或全年 2024。
    #[arg(long, value_name = "报告期")]
    pub period: String,
    /// 汇总报告写到这个文件（.xlsx）；不给就只在屏幕上列出结果。
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 上一期的汇总报告（merge -o 的结果）或上一期的报表（文件或文件夹）：算出本期新增，并找出比上一期还少的累计数。
    #[arg(long, value_name = "上一期")]
    pub previous: Option<PathBuf>,
    /// 单位名册：内置名册的名字、.toml 文件，或 none。
    #[arg(long, value_name = "名册")]
    pub profile: Option<String>,
    /// 任务分解表中要读的工作表（默认：最像任务表的那张）。
    #[arg(long, value_name = "工作表")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub layout: super::layout::LayoutArgs,
    /// 在汇总表每个单位的数字上加批注，注明它来自哪个文件、工作表和单元格。
    #[arg(long)]
    pub notes: bool,
    /// 不显示进度条。
    #[arg(short, long)]
    pub quiet: bool,
    /// 输出一份 JSON 文档（供其他程序读取），代替屏幕上的汇总结果。
    #[arg(long)]
    pub json: bool,
}

/// The returns as read (or taken), and the files that are not workbooks with why.
type Read = (Vec<Pending>, Vec<(String, String)>);

/// Read every workbook received in parallel (an archive that cannot be opened
/// is an unreadable return); each file's sheet is dropped as soon as its rows
/// are extracted. The files that are not workbooks come back apart, with why.
/// A progress bar on stderr when it is a terminal, for more than a handful of
/// files, unless `--quiet`. `take` is given each file as read: once the plan
/// is checked it takes the file's figures, so that its rows are freed at once.
fn read_returns(intake: Intake, period: Period, quiet: bool, take: &merge::Take) -> Read {
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
        .map(|w| match w {
            Ok((place, shown, name)) => take(returns::read_at(&place, &shown, &name, Some(period))),
            Err(broken) => Pending::Read(Err(broken)),
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

/// Read and check the plan.
fn check_plan(args: &Args) -> Result<Check, Error> {
    let options = args
        .layout
        .options(args.sheet.as_deref(), args.profile.as_deref());
    read_plan_with(&args.plan, &options).map(|r| reconcile::check(r.plan))
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
    // The plan is read and checked while the returns are (at 3,000 units it
    // takes a fifth of a second on one core that would otherwise wait); each
    // return read after that has its figures taken at once.
    let (check, (inputs, others)) = merge::check_while_reading(
        period,
        || check_plan(args),
        |take| read_returns(received, period, args.quiet, take),
    );
    let check = check?;
    let previous = args
        .previous
        .as_deref()
        .map_or_else(Vec::new, |p| previous_figures(p, period.before()));
    // The returns are handed over: consolidate frees their rows once their
    // figures are taken (peak memory at 3,000 returns).
    let mut consolidation = merge::consolidate_pending(check, period, inputs, previous);
    consolidation.add_others(others, skipped);
    if let Some(out) = &args.output {
        let all_inputs: Vec<&Path> = given.iter().map(|(p, _)| *p).collect();
        // Zipped straight into the file (through a temporary one and a rename).
        output::write_atomic_with(out, &all_inputs, |file| {
            let written = render::merge::xlsx::write_report(&consolidation, args.notes, file);
            written.map_err(|e| match e {
                rust_xlsxwriter::XlsxError::IoError(io) => output::Failure::Io(io),
                e => output::Failure::Content(Error::CannotWrite {
                    path: out.display().to_string(),
                    detail: "生成报告时出错，请把这条信息和 --json 的 detail 告诉维护人员"
                        .to_string(),
                    cause: Some(e.to_string()),
                }),
            })
        })?;
    }
    if args.json {
        // Written as it is made: 145 MB at 3,000 units.
        let written = render::merge::json::write(&consolidation, &mut std::io::stdout().lock());
        written.map_err(|e| Error::CannotWrite {
            path: "标准输出".to_string(),
            detail: "JSON 没能全部写出（接收的程序提前关闭了？）".to_string(),
            cause: Some(e.to_string()),
        })?;
    } else {
        print!("{}", render::merge::text::merge(&consolidation));
    }
    Ok(u8::from(!consolidation.findings.is_empty()))
}
