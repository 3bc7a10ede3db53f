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
    /// With no command at all (a double-click on Windows): `serve`.
    #[command(subcommand)]
    command: Option<Command>,
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
    /// 在本机浏览器中打开汇总网页（只在这台电脑上，不上传到任何地方）；不带任何参数运行也是这样。
    #[command(
        help_template = HELP,
        override_usage = "huizong serve [--port 8765] [--no-open] [--max-upload-mb 200]",
        disable_help_flag = true,
        next_help_heading = "选项"
    )]
    Serve(cmd::serve::Args),
}

/// mimalloc: many small allocations per return, freed on another thread than
/// the one that made them; glibc kept them in per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether the command line asks for JSON: then an unusable input is also
/// said as a JSON document on stdout, for the program reading it.
fn wants_json(command: &Command) -> bool {
    match command {
        Command::Check(a) => a.json,
        Command::Merge(a) => a.json,
        Command::Template(_) | Command::Serve(_) => false,
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("huizong: {}", cmd::usage::usage_error(&e));
            return ExitCode::from(2);
        }
    };
    let double_clicked = cli.command.is_none();
    let command = cli
        .command
        .unwrap_or_else(|| Command::Serve(cmd::serve::Args::double_click()));
    // Ctrl-C (or the terminal closing) mid-run: no report, no temporary file;
    // for serve, its temporary folder (uploads, downloads) is removed.
    let said = match command {
        Command::Serve(_) => "huizong: 已停止；上传的文件和生成的表格已删除",
        _ => "huizong: 已中断，没有写出任何文件",
    };
    let _ = ctrlc::set_handler(move || {
        huizong::output::abandon();
        eprintln!("{said}");
        std::process::exit(130);
    });
    let result = match &command {
        Command::Check(args) => cmd::check::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Template(args) => cmd::template::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("huizong: {e}");
            if wants_json(&command) {
                print!("{}", huizong::render::error_json(&e));
            }
            if double_clicked {
                // A console opened by a double-click closes with the program:
                // keep the reason on screen until it has been read.
                eprintln!("huizong: 按回车键关闭本窗口。");
                let _ = std::io::stdin().read_line(&mut String::new());
            }
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn every_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
