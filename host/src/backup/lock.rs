//! The state-dir lock: `up` holds `<state-dir>/ratusz-host.lock` shared while it serves,
//! `restore` holds it exclusively, so a restore never swaps files under a running host and no
//! host starts on half-restored files. Several hosts may still share one state dir.
//!
//! An advisory `flock`: the kernel drops it when the process ends, even on `kill -9`, so a
//! crash never leaves a stale lock behind.

use rustix::fs::{flock, FlockOperation};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// The lock file's name in the state dir.
pub const LOCK_FILE: &str = "ratusz-host.lock";

/// Why the lock cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// A restore holds it (for `up`).
    #[error("the state dir {0} is being restored; start the host when the restore has finished")]
    Restoring(PathBuf),
    /// A host holds it (for `restore`).
    #[error(
        "the state dir {0} is in use by a running ratusz-host (lock {LOCK_FILE}); stop it first"
    )]
    InUse(PathBuf),
    /// The lock file cannot be opened.
    #[error("cannot open the lock file in {path}: {reason}")]
    Io {
        /// The state dir.
        path: PathBuf,
        /// The OS's reason.
        reason: String,
    },
}

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
}

impl StateLock {
    /// For `up`: shared, refused while a restore runs.
    pub fn shared(state_dir: &Path) -> Result<Self, LockError> {
        Self::take(state_dir, FlockOperation::NonBlockingLockShared)
            .map_err(|e| e.unwrap_or_else(|| LockError::Restoring(state_dir.to_path_buf())))
    }

    /// For `restore`: exclusive, refused while a host runs (or another restore).
    pub fn exclusive(state_dir: &Path) -> Result<Self, LockError> {
        Self::take(state_dir, FlockOperation::NonBlockingLockExclusive)
            .map_err(|e| e.unwrap_or_else(|| LockError::InUse(state_dir.to_path_buf())))
    }

    /// `Err(None)` when someone else holds a conflicting lock.
    fn take(state_dir: &Path, operation: FlockOperation) -> Result<Self, Option<LockError>> {
        let io = |e: std::io::Error| {
            Some(LockError::Io {
                path: state_dir.to_path_buf(),
                reason: e.to_string(),
            })
        };
        std::fs::create_dir_all(state_dir).map_err(io)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(state_dir.join(LOCK_FILE))
            .map_err(io)?;
        match flock(&file, operation) {
            Ok(()) => Ok(Self { _file: file }),
            Err(rustix::io::Errno::WOULDBLOCK) => Err(None),
            Err(e) => Err(io(e.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_share_and_a_restore_excludes_them() {
        let dir = tempfile::tempdir().unwrap();
        let host_a = StateLock::shared(dir.path()).unwrap();
        let host_b = StateLock::shared(dir.path()).unwrap();
        assert!(matches!(
            StateLock::exclusive(dir.path()),
            Err(LockError::InUse(_))
        ));
        drop((host_a, host_b));
        let restore = StateLock::exclusive(dir.path()).unwrap();
        assert!(matches!(
            StateLock::shared(dir.path()),
            Err(LockError::Restoring(_))
        ));
        drop(restore);
        StateLock::shared(dir.path()).unwrap();
    }
}
