//! huizong (汇总): parse the command line and dispatch; nothing else.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Check task-breakdown sheets (任务分解表) and consolidate quarterly returns.
#[derive(Parser)]
#[command(name = "huizong", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check that every target's unit allocations add up to the city total.
    Check(cmd::check::Args),
    /// Merge the units' quarterly returns into one consolidation (and report).
    Merge(cmd::merge::Args),
    /// Make one return form per unit for a quarter, for the units to fill in.
    Template(cmd::template::Args),
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
    // Ctrl-C (or the terminal closing) mid-run: no report, no temporary file.
    let _ = ctrlc::set_handler(|| {
        huizong::output::abandon();
        eprintln!("huizong: interrupted; nothing was written");
        std::process::exit(130);
    });
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Template(args) => cmd::template::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("huizong: {e}");
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
