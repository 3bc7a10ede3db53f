//! huizong (汇总): parse the command line and dispatch; nothing else.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Check task-breakdown sheets (任务分解表) and consolidate quarterly returns.
#[derive(Parser)]
#[command(name = "huizong", version, about)]
struct Cli {
    /// With no command at all (a double-click on Windows): `serve`.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check that every target's unit allocations add up to the city total.
    Check(cmd::check::Args),
    /// Merge the units' quarterly returns into one consolidation (and report).
    Merge(cmd::merge::Args),
    /// Make one return form per unit for a quarter, for the units to fill in.
    Template(cmd::template::Args),
    /// The clerk's page in the browser, on this computer only (also: no arguments).
    Serve(cmd::serve::Args),
}

/// mimalloc: many small allocations per return, freed on another thread than
/// the one that made them; glibc kept them in per-thread arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic inside the spreadsheet reader is turned into an error for that
    // file (workbook::guarded); only other panics print.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !huizong::read::workbook::in_guarded_read() {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    let double_clicked = cli.command.is_none();
    let command = cli
        .command
        .unwrap_or_else(|| Command::Serve(cmd::serve::Args::double_click()));
    // Ctrl-C (or the terminal closing) mid-run: no report, no temporary file;
    // for serve, its temporary folder (uploads, downloads) is removed.
    let said = match command {
        Command::Serve(_) => "huizong: 已停止；上传的文件和生成的表格已删除",
        _ => "huizong: interrupted; nothing was written",
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
