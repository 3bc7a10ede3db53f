//! `huizong template PLAN --period 2024Q3 -o DIR`: one return form per unit.

use huizong::error::Error;
use huizong::load::plan::read_plan_with;
use huizong::model::period::Period;
use huizong::output;
use huizong::render::form;
use std::path::PathBuf;

/// Arguments of `huizong template` (the doc comments are its `--help`, for the clerk).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 任务分解表（填报表依据的计划）。
    #[arg(value_name = "任务分解表", help_heading = "参数")]
    pub plan: PathBuf,
    /// 填报表的季度：2024Q3、2024-Q3 或 2024年第三季度。
    #[arg(long, value_name = "季度")]
    pub period: String,
    /// 填报表写到这个文件夹（须已存在）。
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

/// Write the forms; exit code 0, or 2 when a unit is unknown or a file cannot be written.
pub fn run(args: &Args) -> Result<u8, Error> {
    let period: Period = args.period.parse()?;
    let options = args
        .layout
        .options(args.sheet.as_deref(), args.profile.as_deref());
    let plan = read_plan_with(&args.plan, &options)?.plan;
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
    if args.wide {
        let path = args.output.join(form::file_name("全部单位", period));
        let bytes = form::wide_form(&plan, period).map_err(|e| Error::CannotWrite {
            path: path.display().to_string(),
            detail: "生成工作簿时出错，请把这条信息告诉维护人员".to_string(),
            cause: Some(e.to_string()),
        })?;
        output::write_atomic(&path, &bytes, &[&args.plan])?;
        println!(
            "已生成 {}：{} 项目标 × {} 个单位",
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
        let bytes = form::unit_form(&plan, unit, period).map_err(|e| Error::CannotWrite {
            path: path.display().to_string(),
            detail: "生成工作簿时出错，请把这条信息告诉维护人员".to_string(),
            cause: Some(e.to_string()),
        })?;
        output::write_atomic(&path, &bytes, &[&args.plan])?;
        println!(
            "已生成 {}：{} 项目标",
            path.display(),
            form::assigned(&plan, unit).len()
        );
    }
    Ok(0)
}
