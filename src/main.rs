//! huizong (汇总): parse the command line and dispatch; nothing else.

mod cmd;

use clap::{ArgAction, Parser, Subcommand};
use std::process::ExitCode;

/// What `--help` shows, headings in Chinese.
const HELP: &str = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

/// 核对任务分解表，汇总各单位的季度报表，生成给单位填报的报表。
#[derive(Parser)]
#[command(
    name = "huizong",
    version,
    about = "汇总：核对任务分解表，汇总各单位的季度报表，生成给单位填报的报表。",
    help_template = HELP,
    override_usage = "huizong <命令> [选项]",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    next_help_heading = "选项",
    after_help = "每个命令的说明：huizong <命令> --help，如 huizong merge --help。"
)]
struct Cli {
    /// 显示帮助。
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本号。
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 核对任务分解表：各单位的分解数加起来是否等于全市目标。
    #[command(
        help_template = HELP,
        override_usage = "huizong check 任务分解表.xlsx [选项]",
        disable_help_flag = true,
        next_help_heading = "选项"
    )]
    Check(cmd::check::Args),
    /// 汇总各单位的季度报表，生成汇总报告（概况、汇总、单位情况……）。
    #[command(
        help_template = HELP,
        override_usage = "huizong merge 任务分解表.xlsx 报表或文件夹... --period 2024Q3 [-o 汇总.xlsx] [选项]",
        disable_help_flag = true,
        next_help_heading = "选项"
    )]
    Merge(cmd::merge::Args),
    /// 为每个单位生成本季度的填报表，发给各单位填写。
    #[command(
        help_template = HELP,
        override_usage = "huizong template 任务分解表.xlsx --period 2024Q3 -o 文件夹 [选项]",
        disable_help_flag = true,
        next_help_heading = "选项"
    )]
    Template(cmd::template::Args),
}

/// mimalloc: many small allocations per return, freed on another thread than
/// the one that made them; glibc kept them in per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A command-line mistake, said in Chinese (clap's own messages are English).
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let command = std::env::args()
        .nth(1)
        .filter(|a| ["check", "merge", "template"].contains(&a.as_str()));
    let help = match &command {
        Some(c) => format!("huizong {c} --help"),
        None => "huizong --help".to_string(),
    };
    let said = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必填的内容：{}。", context(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "请写明要做什么：check（核对任务分解表）、merge（汇总报表）或 template（生成填报表）。"
                .to_string()
        }
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个命令；命令有 check、merge、template。",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "不认识的选项或多余的内容：{}。",
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "{} 的值“{}”不可用。",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue)
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} 不能与 {} 同时使用。",
            context(ContextKind::InvalidArg),
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{} 后面的值个数不对。", context(ContextKind::InvalidArg))
        }
        _ => "命令行有误。".to_string(),
    };
    format!("{said}用法见 {help}。")
}

/// Whether the command line asks for JSON: then an unusable input is also
/// said as a JSON document on stdout, for the program reading it.
fn wants_json(command: &Command) -> bool {
    match command {
        Command::Check(a) => a.json,
        Command::Merge(a) => a.json,
        Command::Template(_) => false,
    }
}

fn main() -> ExitCode {
    // A panic inside the spreadsheet reader is turned into an error for that
    // file (workbook::guarded); only other panics print.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !huizong::read::workbook::in_guarded_read() {
            default_hook(info);
        }
    }));
    // Ctrl-C (or the terminal closing) mid-run: no report, no temporary file.
    let _ = ctrlc::set_handler(|| {
        huizong::output::abandon();
        eprintln!("huizong: 已中断，没有写出任何文件");
        std::process::exit(130);
    });
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("huizong: {}", usage_error(&e));
            return ExitCode::from(2);
        }
    };
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Template(args) => cmd::template::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("huizong: {e}");
            if wants_json(&cli.command) {
                print!("{}", huizong::render::error_json(&e));
            }
            ExitCode::from(2)
        }
    }
}
