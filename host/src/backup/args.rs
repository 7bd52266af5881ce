//! The command-line options of `backup`, `restore` and `up`'s scheduled backups.

use super::stores::AppLocation;
use crate::duration;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

/// Which app: the manifest, state dir and runtime config, as `up` takes them.
#[derive(Debug, Clone, Args)]
pub struct AppArgs {
    /// The manifest (or a directory containing spin.toml).
    #[arg(
        short = 'f',
        long = "from-manifest",
        alias = "file",
        value_name = "PATH"
    )]
    pub manifest: PathBuf,
    /// The state dir `up` uses (default: `.spin` next to the manifest).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Spin runtime config (key_value_store / sqlite_database sections).
    #[arg(long, value_name = "FILE")]
    pub runtime_config_file: Option<PathBuf>,
}

impl AppArgs {
    /// Where the app's files are.
    pub fn location(&self) -> AppLocation {
        AppLocation {
            manifest: self.manifest.clone(),
            state_dir: self.state_dir.clone(),
            runtime_config_file: self.runtime_config_file.clone(),
        }
    }
}

/// Options of `backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The app.
    #[command(flatten)]
    pub app: AppArgs,
    /// Where sets are written (each in its own `ratusz-backup-…` directory).
    #[arg(long, value_name = "DIR")]
    pub backup_dir: PathBuf,
    /// The backup key: base64 of 32 random bytes. Required: there is no unencrypted backup.
    #[arg(long, value_name = "FILE")]
    pub backup_key_file: PathBuf,
    /// After the new set, delete the oldest sets beyond N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: Option<u32>,
}

/// Options of `restore`.
#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The app to restore into.
    #[command(flatten)]
    pub app: AppArgs,
    /// The set's directory (`…/ratusz-backup-…`).
    #[arg(long = "from", value_name = "SET_DIR")]
    pub set: PathBuf,
    /// The key the set was made with.
    #[arg(long, value_name = "FILE")]
    pub backup_key_file: PathBuf,
    /// Replace existing database files.
    #[arg(long)]
    pub force: bool,
}

/// `up`'s scheduled backups (all off unless `--backup-every` is given).
#[derive(Debug, Clone, Default, Args)]
pub struct ScheduledBackupArgs {
    /// Make a backup set every INTERVAL while serving (e.g. `1h`, `30m`).
    #[arg(long, value_name = "INTERVAL", value_parser = duration::parse,
          requires_all = ["backup_dir", "backup_key_file"])]
    pub backup_every: Option<Duration>,
    /// Where scheduled sets are written.
    #[arg(long, value_name = "DIR", requires = "backup_every")]
    pub backup_dir: Option<PathBuf>,
    /// The backup key for scheduled sets.
    #[arg(long, value_name = "FILE", requires = "backup_every")]
    pub backup_key_file: Option<PathBuf>,
    /// Scheduled sets kept; older ones are deleted after each new set.
    #[arg(long, value_name = "N", default_value_t = 7,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,
}
