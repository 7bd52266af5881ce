//! `up --backup-every`: a set every interval while serving. A failed backup is logged and
//! serving goes on; the next interval tries again.

use super::args::ScheduledBackupArgs;
use super::key::BackupKey;
use super::stores::Stores;
use std::path::PathBuf;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Scheduled backups, checked before the host serves.
#[derive(Debug)]
pub struct ScheduledBackups {
    every: Duration,
    dir: PathBuf,
    key: BackupKey,
    keep: u32,
    stores: Stores,
}

impl ScheduledBackups {
    /// `None` without `--backup-every`; an error (so `up` does not start) for an unreadable
    /// key.
    pub fn prepare(args: &ScheduledBackupArgs, stores: Stores) -> anyhow::Result<Option<Self>> {
        let (Some(every), Some(dir), Some(key_file)) =
            (args.backup_every, &args.backup_dir, &args.backup_key_file)
        else {
            return Ok(None);
        };
        Ok(Some(Self {
            every,
            dir: dir.clone(),
            key: BackupKey::from_file(key_file)?,
            keep: args.backup_keep,
            stores,
        }))
    }

    /// Runs until the handle is aborted: the first set one interval after start.
    pub fn start(self) -> JoinHandle<()> {
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(self.every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let (stores, dir, key) = (self.stores.clone(), self.dir.clone(), self.key.clone());
                let made = tokio::task::spawn_blocking(move || {
                    super::create::create(&stores, &dir, &key, chrono::Utc::now())
                })
                .await;
                match made {
                    Ok(Ok(created)) => {
                        super::report(&created);
                        super::prune(&self.dir, self.keep);
                    }
                    Ok(Err(e)) => crate::log::warn(&format!("backup failed: {e:#}")),
                    Err(e) => crate::log::warn(&format!("backup failed: {e}")),
                }
            }
        })
    }
}
