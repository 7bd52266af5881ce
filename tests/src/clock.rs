//! The test clock file shared with `ratusz-host --test-clock FILE`: one decimal integer, the
//! offset in milliseconds added to the wall clock components see. The host reads it at every
//! request, so a change is visible to the next request; it is replaced atomically (temp file +
//! rename) so the host never reads a half-written number.

use anyhow::{Context, Result};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// The clock file's name inside the host's state directory.
pub(crate) const FILE_NAME: &str = "test-clock-offset-ms";

/// The offset in the file, in milliseconds: 0 when missing, empty or unparsable (as the host).
pub(crate) fn read_offset_ms(path: &Path) -> i64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(0)
}

/// Creates the file holding `0` unless it exists (the offset survives restarts on one state).
pub(crate) fn ensure(path: &Path) -> Result<()> {
    if path.is_file() {
        return Ok(());
    }
    write_offset_ms(path, 0)
}

/// Replaces the file's content with `offset_ms`, atomically.
pub(crate) fn write_offset_ms(path: &Path, offset_ms: i64) -> Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .context("the clock file has no parent directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let temp = dir.join(format!(
        ".{FILE_NAME}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&temp, format!("{offset_ms}\n"))
        .with_context(|| format!("writing {}", temp.display()))?;
    let renamed = std::fs::rename(&temp, path);
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed.with_context(|| format!("renaming {} to {}", temp.display(), path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults_to_zero() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join(FILE_NAME);
        assert_eq!(read_offset_ms(&path), 0);
        ensure(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "0\n");
        write_offset_ms(&path, -3_600_000).unwrap();
        assert_eq!(read_offset_ms(&path), -3_600_000);
        ensure(&path).unwrap();
        assert_eq!(read_offset_ms(&path), -3_600_000);
        std::fs::write(&path, "garbage").unwrap();
        assert_eq!(read_offset_ms(&path), 0);
        // No temp files left behind.
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }
}
