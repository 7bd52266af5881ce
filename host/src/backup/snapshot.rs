//! A consistent copy of a live SQLite file: SQLite's online backup API, run inside one read
//! transaction on the source, so the copy is the database as of one commit even while the
//! host keeps writing. (A plain file copy could catch a half-written page or miss the WAL.)
//!
//! In WAL mode writers go on beside the read transaction; with the rollback journal (Spin's
//! default for a new file) a writer waits for it in its busy handler, for the few
//! milliseconds a small file takes.

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// Pages copied per step; a progress line follows each step of a larger file.
const PAGES_PER_STEP: std::ffi::c_int = 2048;

/// The size of a finished copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copied {
    /// Database pages.
    pub pages: u64,
}

/// Copies the database at `source` into the new file `dest` and checks the copy with
/// `PRAGMA quick_check`. `progress(done, total)` is called after each step.
pub fn copy(
    source: &Path,
    dest: &Path,
    mut progress: impl FnMut(u64, u64),
) -> Result<Copied, rusqlite::Error> {
    // Never create the source: a missing file is the caller's business.
    let src = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(Duration::from_secs(10))?;
    // One read transaction for the whole copy: every step reads the same snapshot, so the
    // backup never restarts because another connection committed.
    src.execute_batch("BEGIN DEFERRED")?;
    src.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    let mut dst = Connection::open(dest)?;
    let pages = {
        let backup = Backup::new(&src, &mut dst)?;
        loop {
            match backup.step(PAGES_PER_STEP)? {
                StepResult::Done => break,
                StepResult::More => {
                    let p = backup.progress();
                    let total = u64::try_from(p.pagecount).unwrap_or(0);
                    let left = u64::try_from(p.remaining).unwrap_or(0);
                    progress(total.saturating_sub(left), total);
                }
                // Busy/Locked come from the destination, which nobody else opens; wait.
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        u64::try_from(backup.progress().pagecount).unwrap_or(0)
    };
    src.execute_batch("COMMIT")?;
    drop(src);
    let verdict: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some(format!("the copy fails quick_check: {verdict}")),
        ));
    }
    dst.close().map_err(|(_, e)| e)?;
    Ok(Copied { pages })
}
