//! `huizong merge PLAN RETURN... --period 2024Q3`: consolidate the units' returns.

use huizong::error::Error;
use huizong::load::plan::read_plan_with;
use huizong::load::returns;
use huizong::model::period::Period;
use huizong::model::returns::{Return, Unreadable};
use huizong::{merge, output, reconcile, render};
use std::path::{Path, PathBuf};

/// Arguments of `huizong merge` (the doc comments are its `--help`, for the clerk).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 任务分解表（各单位报表所依据的计划）。
    #[arg(value_name = "任务分解表", help_heading = "参数")]
    pub plan: PathBuf,
    /// 各单位的报表文件，或存放报表的文件夹（不查子文件夹）。
    #[arg(required = true, value_name = "报表", help_heading = "参数")]
    pub returns: Vec<PathBuf>,
    /// 汇总的季度：2024Q3、2024-Q3 或 2024年第三季度；全年写 2024 或 2024年度。
    #[arg(long, value_name = "季度")]
    pub period: String,
    /// 汇总报告写到这个文件（.xlsx）；不给就只在屏幕上列出结果。
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 上季度的汇总报告（merge -o 的结果）或上季度的报表（文件或文件夹）：算出本季新增，并找出比上季度还少的累计数。
    #[arg(long, value_name = "上季度")]
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

/// Workbook files in `paths`: files as given, folders' workbooks by name,
/// skipping Office lock files (`~$…`) and hidden files.
pub fn workbook_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let is_workbook = |p: &Path| {
        p.file_name()
            .is_some_and(|n| returns::is_workbook_name(&n.to_string_lossy()))
    };
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|d| {
                    d.flatten()
                        .map(|e| e.path())
                        .filter(|f| f.is_file() && is_workbook(f))
                        .collect()
                })
                .unwrap_or_default();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    files
}

/// Read every return in parallel; each file's sheet is dropped as soon as its
/// rows are extracted. A progress bar on stderr when it is a terminal, for
/// more than a handful of files, unless `--quiet`.
fn read_returns(files: &[PathBuf], period: Period, quiet: bool) -> Vec<Result<Return, Unreadable>> {
    use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
    use rayon::prelude::*;
    use std::io::IsTerminal;
    let show = !quiet && files.len() > 20 && std::io::stderr().is_terminal();
    let bar = if show {
        ProgressBar::new(files.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 份报表 {elapsed}") {
        bar.set_style(style);
    }
    let read: Vec<_> = files
        .par_iter()
        .progress_with(bar.clone())
        .map(|f| returns::read(f, Some(period)))
        .collect();
    bar.finish_and_clear();
    read
}

/// Last quarter's figures: our own report (its 单位情况 sheet), or returns
/// (of a workbook with a sheet per quarter, last quarter's sheet).
fn previous_figures(path: &Path, last: Period) -> Vec<Return> {
    if let Some(report) = path.is_file().then(|| returns::read_report(path)).flatten() {
        return vec![report];
    }
    workbook_files(&[path.to_path_buf()])
        .iter()
        .filter_map(|f| returns::read(f, Some(last)).ok())
        .collect()
}

/// Run the merge; exit code 0 when clean, 1 when there are findings.
pub fn run(args: &Args) -> Result<u8, Error> {
    let period: Period = args.period.parse()?;
    let files = workbook_files(&args.returns);
    let previous_files = args
        .previous
        .as_ref()
        .map_or_else(Vec::new, |p| workbook_files(std::slice::from_ref(p)));
    let mut given: Vec<(&Path, &str)> = vec![(&args.plan, "计划")];
    given.extend(files.iter().map(|f| (f.as_path(), "单位报表")));
    given.extend(
        previous_files
            .iter()
            .map(|f| (f.as_path(), "上季度报表 (--previous)")),
    );
    // Before anything is read: a report written over an input would lose it.
    if let Some(out) = &args.output {
        output::refuse_inputs(out, &given)?;
    }
    // The plan is read and checked while the returns are: at 3,000 units it
    // takes half a second on one core that would otherwise wait.
    let (check, inputs) = rayon::join(
        || {
            let options = args
                .layout
                .options(args.sheet.as_deref(), args.profile.as_deref());
            let plan = read_plan_with(&args.plan, &options)?.plan;
            Ok::<_, Error>(reconcile::check(plan))
        },
        || read_returns(&files, period, args.quiet),
    );
    let check = check?;
    let previous = args
        .previous
        .as_deref()
        .map_or_else(Vec::new, |p| previous_figures(p, period.before()));
    // The returns are handed over: consolidate frees their rows once their
    // figures are taken (peak memory at 3,000 returns).
    let consolidation = merge::consolidate(check, period, inputs, previous);
    if let Some(out) = &args.output {
        let bytes = render::merge::xlsx::report(&consolidation, args.notes).map_err(|e| {
            Error::CannotWrite {
                path: out.display().to_string(),
                detail: "生成报告时出错，请把这条信息和 --json 的 detail 告诉维护人员".to_string(),
                cause: Some(e.to_string()),
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
