//! `huizong template PLAN --period 2024Q3 -o DIR`: one return form per unit.

use huizong::error::Error;
use huizong::load::plan::read_plan_with;
use huizong::model::period::Period;
use huizong::output;
use huizong::render::form;
use std::path::{Path, PathBuf};

/// Arguments of `huizong template` (the doc comments are its `--help`, for the clerk).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 任务分解表（填报表依据的计划）。
    #[arg(value_name = "任务分解表", help_heading = "参数")]
    pub plan: PathBuf,
    /// 填报表的报告期：2024Q3、2024-09、2024H1 或 2024（全年）。
    #[arg(long, value_name = "报告期")]
    pub period: String,
    /// 填报表写到这个文件夹（没有就新建）。
    #[arg(short, long, value_name = "文件夹")]
    pub output: PathBuf,
    /// 只生成这些单位的填报表（可写多次；默认：每个有分解任务的单位）。
    #[arg(long = "unit", value_name = "单位")]
    pub units: Vec<String>,
    /// 生成一个包含所有单位列的工作簿（适合习惯一个文件的单位）。
    #[arg(long)]
    pub wide: bool,
    /// 单位名册：内置名册的名字、.toml 文件，或 none。
    #[arg(long, value_name = "名册")]
    pub profile: Option<String>,
    /// 任务分解表中要读的工作表（默认：最像任务表的那张）。
    #[arg(long, value_name = "工作表")]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub layout: super::layout::LayoutArgs,
}

/// A writing error said of a form (填报表), not of a report.
fn as_form(e: Error) -> Error {
    match e {
        Error::CannotWrite {
            path,
            detail,
            cause,
        } => Error::CannotWriteForm {
            path,
            detail,
            cause,
        },
        e => e,
    }
}

/// The output folder, made when it is missing (the README's three steps start
/// with `-o forms/`, which does not exist yet).
fn make_folder(dir: &Path) -> Result<(), Error> {
    if dir.is_dir() {
        return Ok(());
    }
    let fail = |detail: String, cause: Option<String>| Error::CannotWriteForm {
        path: dir.display().to_string(),
        detail,
        cause,
    };
    if dir.exists() {
        return Err(fail(
            "这是一个文件，不是文件夹；请用 -o 指定存放填报表的文件夹".into(),
            None,
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        fail(
            "无法新建这个文件夹，请确认有写入权限".into(),
            Some(e.to_string()),
        )
    })
}

/// Write the forms; exit code 0, or 2 when a unit is unknown or a file cannot be written.
pub fn run(args: &Args) -> Result<u8, Error> {
    let period: Period = args.period.parse()?;
    let options = args
        .layout
        .options(args.sheet.as_deref(), args.profile.as_deref());
    let plan = read_plan_with(&args.plan, &options)?.plan;
    let written: Vec<&str> = args.units.iter().map(String::as_str).collect();
    let chosen = form::chosen_units(&plan, &written)?;
    make_folder(&args.output)?;
    if args.wide {
        let path = args.output.join(form::file_name("全部单位", period));
        let bytes = form::wide_form(&plan, period).map_err(|e| Error::CannotWriteForm {
            path: path.display().to_string(),
            detail: "生成工作簿时出错，请把这条信息告诉维护人员".to_string(),
            cause: Some(e.to_string()),
        })?;
        output::write_atomic(&path, &bytes, &[&args.plan]).map_err(as_form)?;
        println!(
            "已生成 {}：{} 项目标 × {} 个单位",
            path.display(),
            plan.targets.len(),
            plan.units.len()
        );
        return Ok(0);
    }
    for unit in chosen {
        let name = form::file_name(&plan.units[unit].name, period);
        let path = args.output.join(&name);
        let bytes = form::unit_form(&plan, unit, period).map_err(|e| Error::CannotWriteForm {
            path: path.display().to_string(),
            detail: "生成工作簿时出错，请把这条信息告诉维护人员".to_string(),
            cause: Some(e.to_string()),
        })?;
        output::write_atomic(&path, &bytes, &[&args.plan]).map_err(as_form)?;
        println!(
            "已生成 {}：{} 项目标",
            path.display(),
            form::assigned(&plan, unit).len()
        );
    }
    Ok(0)
}
