//! Bumping messages' revisions during a sending pass (the `ETag` of the staff's progress view):
//! a change of state (started, audience counted, done, cancelled swept) at once, a batch's moved
//! counts at most once a second (`progress_bump_due`) and when the pass ends. Every bump is a
//! KV write; on Spin's SQLite key-value store that is one connection behind a mutex, synced to
//! disk, which every session check in the app waits behind — bumping after each of a fan-out's
//! hundreds of batches put those waits into the council tablets' slowest answers.

use crate::messages::bump;
use ratusz_domain::notify::sending::progress_bump_due;
use ratusz_domain::time::Timestamp;
use ratusz_platform::runtime;
use std::collections::BTreeSet;

/// The pass's bumps; what is still pending is bumped when it is dropped.
#[derive(Debug, Default)]
pub struct Progress {
    pending: BTreeSet<String>,
    last: Option<Timestamp>,
}

impl Progress {
    /// These messages' counts moved: bumped by the next due [`Progress::flush_if_due`].
    pub fn moved(&mut self, ids: &[String]) {
        self.pending.extend(ids.iter().cloned());
    }

    /// These messages changed state: bumped now.
    pub fn changed(&mut self, ids: &[String]) {
        for id in ids {
            self.pending.remove(id);
        }
        bump(ids);
    }

    /// Bumps what moved if the last bump was a second ago or more.
    pub fn flush_if_due(&mut self, now: Timestamp) {
        if !self.pending.is_empty() && progress_bump_due(self.last, now) {
            self.flush(now);
        }
    }

    fn flush(&mut self, now: Timestamp) {
        let ids: Vec<String> = std::mem::take(&mut self.pending).into_iter().collect();
        bump(&ids);
        self.last = Some(now);
    }
}

impl Drop for Progress {
    /// The pass has ended (or stopped on an error): nothing moved stays unannounced.
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            self.flush(runtime::now());
        }
    }
}
