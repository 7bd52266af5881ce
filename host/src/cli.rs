//! The command line contract: `ratusz-host up -f spin.toml [options]`.

use crate::backup::args::{BackupArgs, RestoreArgs, ScheduledBackupArgs};
use crate::duration;
use crate::limits;
use crate::metrics::sql_gauge::{self, SqlGaugeSpec};
use crate::schedule::{self, ScheduleSpec};
use crate::variables;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// Runs Spin apps (`spin.toml`, manifest v2) on wasmtime.
#[derive(Debug, Parser)]
#[command(name = "ratusz-host", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app's HTTP triggers.
    Up(Box<UpArgs>),
    /// Write an encrypted, consistent backup set of the app's SQLite files (online).
    Backup(BackupArgs),
    /// Restore a backup set into the app's state (refused while a host runs there).
    Restore(RestoreArgs),
}

/// Request log format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// `METHOD PATH STATUS COMPONENT DURATION_MS`
    Text,
    /// One JSON object per line.
    Json,
}

/// Options of `up`.
#[derive(Debug, Clone, Args)]
pub struct UpArgs {
    /// The manifest (or a directory containing spin.toml).
    #[arg(short = 'f', long = "from", alias = "file", value_name = "PATH")]
    pub manifest: PathBuf,
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:3000", value_name = "ADDR")]
    pub listen: String,
    /// Where KV, SQLite and the compiled-component cache live (default: `.spin` next to the
    /// manifest).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Where compiled components are cached (default: `cache` in the state dir). Several hosts
    /// may share one (wasmtime's cache is keyed by the component and the engine settings).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Spin runtime config (key_value_store / sqlite_database sections).
    #[arg(long, value_name = "FILE")]
    pub runtime_config_file: Option<PathBuf>,
    /// Set an application variable (highest priority provider).
    #[arg(long = "variable", value_name = "NAME=VALUE", value_parser = variables::parse_cli_pair)]
    pub variables: Vec<(String, String)>,
    /// Periodic `POST PATH`: "INTERVAL [COMPONENT] PATH" (unnamed: every private component).
    #[arg(long = "schedule", value_name = "SPEC", value_parser = schedule::parse)]
    pub schedules: Vec<ScheduleSpec>,
    /// Wall-clock limit of one request (504 beyond).
    #[arg(long, default_value = "30s", value_parser = duration::parse)]
    pub handler_timeout: Duration,
    /// Open client connections served at once; further connections are answered 503 with
    /// `Retry-After` and closed. Keep it below the process's file-descriptor limit
    /// (`ulimit -n`).
    #[arg(long, default_value_t = limits::DEFAULT_MAX_CONNECTIONS, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Longest time a request body may take to arrive after the request head (408 beyond).
    #[arg(long, default_value = "60s", value_parser = duration::parse)]
    pub body_timeout: Duration,
    /// Component instances alive at once (the pooling allocator's size); a request that
    /// finds none free within a second is answered 503 with `Retry-After`.
    #[arg(long, default_value_t = limits::DEFAULT_MAX_INSTANCES, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_instances: u32,
    /// On-premises option, not Spin's behaviour: SQLite files (databases and the SQLite
    /// key-value backend) in WAL mode with `synchronous=FULL`, pooled connections and a
    /// per-file FIFO queue for write transactions. Without it the host opens SQLite as Spin
    /// 3.6.3 does (a fresh connection per opened handle, SQLite's defaults, no queue).
    #[arg(long)]
    pub sqlite_write_queue: bool,
    /// Request log format on stdout.
    #[arg(long, value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// Serve Prometheus `GET /metrics` on this separate address (off by default; never on
    /// the app's `--listen`).
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<String>,
    /// A gauge read at scrape time by a read-only query: "NAME=DATABASE:SELECT …"
    /// (needs `--metrics-listen`).
    #[arg(long = "metrics-sql-gauge", value_name = "SPEC", value_parser = sql_gauge::parse)]
    pub metrics_sql_gauges: Vec<SqlGaugeSpec>,
    /// TESTING ONLY: shift the wall clock components see by the offset in milliseconds read
    /// from FILE at each request (missing, empty or unparsable file: 0).
    #[arg(long, value_name = "FILE")]
    pub test_clock: Option<PathBuf>,
    /// Scheduled backups (`--backup-every`, `--backup-dir`, `--backup-key-file`,
    /// `--backup-keep`).
    #[command(flatten)]
    pub backup: ScheduledBackupArgs,
}
