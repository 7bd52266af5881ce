//! `cargo xtask backup`: a backup set of the `cargo xtask up` state dir with the real
//! `ratusz-host backup`, under a development key kept at `.spin-backup.key` in the workspace
//! (outside both the state dir and the backups, as a real key must be). Restore with
//! `ratusz-host restore -f spin.toml --from SET --backup-key-file .spin-backup.key`.

use crate::artifacts::{build_host, host_bin};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The development backup key's file name in the workspace root.
const DEV_KEY_FILE: &str = ".spin-backup.key";

/// Where things are; `None` means the default.
pub struct Options {
    /// The state dir (default `.spin`, as `cargo xtask up`).
    pub state_dir: Option<PathBuf>,
    /// Where sets go (default `.spin-backups`).
    pub backup_dir: Option<PathBuf>,
    /// The key file (default: the development key, made on first use).
    pub key_file: Option<PathBuf>,
    /// Retention count.
    pub keep: Option<u32>,
}

/// Builds the host and writes one set.
pub fn backup(root: &Path, options: Options) -> Result<()> {
    build_host(root)?;
    let state_dir = options.state_dir.unwrap_or_else(|| root.join(".spin"));
    let backup_dir = options
        .backup_dir
        .unwrap_or_else(|| root.join(".spin-backups"));
    let key_file = match options.key_file {
        Some(file) => file,
        None => {
            crate::up::dev_secret(root, DEV_KEY_FILE, |bytes| crate::up::base64url(&bytes))?;
            root.join(DEV_KEY_FILE)
        }
    };
    let mut command = Command::new(host_bin(root));
    command
        .arg("backup")
        .arg("-f")
        .arg(root.join("spin.toml"))
        .arg("--state-dir")
        .arg(&state_dir)
        .arg("--backup-dir")
        .arg(&backup_dir)
        .arg("--backup-key-file")
        .arg(&key_file);
    if let Some(keep) = options.keep {
        command.arg("--backup-keep").arg(keep.to_string());
    }
    let status = command.status().context("running ratusz-host backup")?;
    anyhow::ensure!(status.success(), "ratusz-host backup failed ({status})");
    Ok(())
}
