//! Backups of the app's SQLite files: `ratusz-host backup`, `ratusz-host restore` and `up`'s
//! scheduled sets. The host knows nothing of the app's tables: it copies whole files.
//!
//! A set is encrypted at rest under the operator's key (`crypt`), made from consistent online
//! copies (`snapshot`), described by a checksummed manifest (`set`) and restored only once
//! every file verified (`restore`). `lock` keeps restores and running hosts apart.

pub mod args;
pub mod create;
pub mod crypt;
pub mod key;
pub mod lock;
pub mod restore;
pub mod schedule;
pub mod set;
pub mod snapshot;
pub mod stores;

use args::{BackupArgs, RestoreArgs};
use key::BackupKey;

/// `ratusz-host backup`: one set now; prints the set's path on stdout.
pub fn run_backup(args: &BackupArgs) -> anyhow::Result<()> {
    let key = BackupKey::from_file(&args.backup_key_file)?;
    let stores = args.app.location().stores()?;
    let created = create::create(&stores, &args.backup_dir, &key, chrono::Utc::now())?;
    report(&created);
    if let Some(keep) = args.backup_keep {
        prune(&args.backup_dir, keep);
    }
    crate::log::stdout_line(&created.path.display().to_string());
    Ok(())
}

/// `ratusz-host restore`: the set onto the app's files, under the state dir's exclusive lock.
pub fn run_restore(args: &RestoreArgs) -> anyhow::Result<()> {
    let key = BackupKey::from_file(&args.backup_key_file)?;
    let location = args.app.location();
    let stores = location.stores()?;
    let _lock = lock::StateLock::exclusive(&location.state_dir())?;
    restore::restore(&args.set, &stores, &key, args.force)?;
    crate::log::stdout_line(&format!("restored {}", args.set.display()));
    Ok(())
}

/// Logs what a set holds.
fn report(created: &create::Created) {
    let bytes: u64 = created.manifest.files.iter().map(|f| f.bytes).sum();
    crate::log::warn(&format!(
        "backup: wrote {} ({} files, {bytes} bytes)",
        created.path.display(),
        created.manifest.files.len()
    ));
}

/// Deletes sets beyond `keep`, logging what went; a failure is logged, not fatal.
fn prune(dir: &std::path::Path, keep: u32) {
    match set::prune(dir, usize::try_from(keep).unwrap_or(usize::MAX)) {
        Ok(removed) => {
            for set in removed {
                crate::log::warn(&format!("backup: deleted the old set {}", set.display()));
            }
        }
        Err(e) => crate::log::warn(&format!("backup: cannot delete old sets: {e}")),
    }
}
