//! The `ratusz-host` binary: parses the command line and hands over to the library.

use clap::Parser;
use ratusz_host::cli::{Cli, Command};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Up(args) => ratusz_host::up::run(*args).await,
        Command::Backup(args) => ratusz_host::backup::run_backup(&args),
        Command::Restore(args) => ratusz_host::backup::run_restore(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ratusz-host: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
