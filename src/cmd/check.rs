//! `huizong check PLAN`: does every target's allocation add up?

use huizong::error::Error;
use huizong::load::plan::{ProfileChoice, read_plan, read_plan_with};
use huizong::model::plan::Plan;
use huizong::{merge, output, reconcile, render};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Arguments of `huizong check` (the doc comments are its `--help`, for the clerk).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// 任务分解表（.xlsx、.xlsm、.xls 或 .ods）。
    #[arg(value_name = "任务分解表", help_heading = "参数")]
    pub plan: PathBuf,
    /// 要读的工作表（默认：表头最像任务表的那张）。
    #[arg(long, value_name = "工作表")]
    pub sheet: Option<String>,
    /// 单位名册：内置名册的名字（zhoushan）、.toml 文件，或 none（默认：能覆盖表头所有单位的内置名册）。
    #[arg(long, value_name = "名册")]
    pub profile: Option<String>,
    /// 输出一份 JSON 文档（供其他程序读取），代替屏幕上的表格。
    #[arg(long)]
    pub json: bool,
    /// 另存一份核对后的计划：原表照旧，有问题的单元格标色并加批注，另附“校验问题”工作表。
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 只显示表是怎样读的，不做核对：表头、每列的作用和判断依据、各单位、前几行。
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub layout: super::layout::LayoutArgs,
    /// 上一级的任务分解表（如市里的）：本计划每项总数须等于上级分给 --unit 的数。
    #[arg(long, value_name = "上级计划")]
    pub parent: Option<PathBuf>,
    /// 与 --parent 同用：本计划分解的是上级计划的哪个单位（如 岱山）；默认：本计划标题中写的单位。
    #[arg(long, requires = "parent", value_name = "单位")]
    pub unit: Option<String>,
    /// 与 --parent 同用：上级计划的单位名册（默认：自动识别）。
    #[arg(long, requires = "parent", value_name = "名册")]
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
        (Some(p), ProfileChoice::Detected) => format!("（单位名册 {}，自动识别）", p.name),
        (Some(p), _) => format!("（单位名册 {}）", p.name),
        (None, _) => "（未用单位名册）".to_string(),
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
                detail: "生成工作簿时出错，请把这条信息和 --json 的 detail 告诉维护人员"
                    .to_string(),
                cause: Some(e.to_string()),
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
