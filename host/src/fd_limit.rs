//! The open-files limit. Every client connection holds a socket, and every running instance
//! holds its SQLite connections (the file, plus `-wal` and `-shm` once the file is in WAL
//! mode, for the database and the KV store), so the default capacity (512 connections, 1,000
//! instances) can need thousands of descriptors. Many systems start a process with a soft
//! limit of 1,024 (systemd's default) under a far higher hard limit; past the soft limit
//! `accept` and SQLite's `open` fail with `EMFILE`. As Go's runtime and most servers do, the
//! host raises its soft limit to the hard one at start-up (bounded by the kernel's `nr_open`).

use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};

/// Linux's default `fs.nr_open`: the most one process may ask for when the hard limit is
/// unlimited and `/proc/sys/fs/nr_open` cannot be read.
const DEFAULT_NR_OPEN: u64 = 1 << 20;

/// The soft limit to set for `current`, or `None` to leave it as it is.
pub fn raised_soft_limit(current: Rlimit, nr_open: u64) -> Option<u64> {
    // `None` is RLIM_INFINITY: the kernel refuses more than `nr_open` descriptors anyway.
    let ceiling = current.maximum.map_or(nr_open, |hard| hard.min(nr_open));
    match current.current {
        None => None,
        Some(soft) if soft >= ceiling => None,
        Some(_) => Some(ceiling),
    }
}

/// Raises this process's soft open-files limit as far as the hard limit allows. Returns the
/// soft limit before and after, or why it could not (the host then runs with what it has).
pub fn raise() -> Result<(Option<u64>, Option<u64>), String> {
    let current = getrlimit(Resource::Nofile);
    let Some(soft) = raised_soft_limit(current, nr_open()) else {
        return Ok((current.current, current.current));
    };
    let before = current.current;
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(soft),
            maximum: current.maximum,
        },
    )
    .map_err(|e| format!("cannot raise the open-files limit from {before:?} to {soft}: {e}"))?;
    Ok((before, getrlimit(Resource::Nofile).current))
}

/// The kernel's per-process ceiling on descriptors (`fs.nr_open`).
fn nr_open() -> u64 {
    std::fs::read_to_string("/proc/sys/fs/nr_open")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_NR_OPEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(soft: Option<u64>, hard: Option<u64>) -> Rlimit {
        Rlimit {
            current: soft,
            maximum: hard,
        }
    }

    #[test]
    fn the_soft_limit_goes_up_to_the_hard_one_within_nr_open() {
        let nr_open = 1_048_576;
        let cases = [
            // systemd's default: soft 1024 under hard 524288
            (limit(Some(1024), Some(524_288)), Some(524_288)),
            // already at the hard limit: nothing to do
            (limit(Some(20_000), Some(20_000)), None),
            // an unlimited hard limit: as far as the kernel allows one process
            (limit(Some(1024), None), Some(nr_open)),
            // a hard limit above nr_open (setrlimit would fail with EPERM)
            (limit(Some(1024), Some(u64::MAX / 2)), Some(nr_open)),
            // an unlimited soft limit is never lowered
            (limit(None, None), None),
            // a soft limit above the ceiling is left alone
            (limit(Some(2_000_000), None), None),
        ];
        for (current, expected) in cases {
            assert_eq!(raised_soft_limit(current, nr_open), expected, "{current:?}");
        }
    }

    #[test]
    fn raise_lifts_a_lowered_soft_limit_to_the_ceiling() {
        let now = getrlimit(Resource::Nofile);
        let ceiling = now.maximum.map_or(nr_open(), |hard| hard.min(nr_open()));
        // One below the ceiling: low enough that `raise` must act, and far too high to starve
        // the tests running beside this one of descriptors.
        setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(ceiling - 1),
                maximum: now.maximum,
            },
        )
        .expect("lowering the soft limit is always allowed");
        let (before, after) = raise().expect("raising within the hard limit is allowed");
        assert_eq!(before, Some(ceiling - 1));
        assert_eq!(after, Some(ceiling));
        assert_eq!(getrlimit(Resource::Nofile).current, Some(ceiling));
    }
}
