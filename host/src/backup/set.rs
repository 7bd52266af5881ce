//! A backup set on disk: its name, its `manifest.json`, and the retention count.

use super::stores::StoreKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest's `format`.
pub const FORMAT: &str = "ratusz-backup/1";
/// The manifest's file name in a set.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Every complete set's directory name starts so.
pub const SET_PREFIX: &str = "ratusz-backup-";
/// A set being written is named so until it is complete.
pub const PARTIAL_PREFIX: &str = ".partial-";

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetManifest {
    /// [`FORMAT`].
    pub format: String,
    /// When the set was made (UTC, RFC 3339, milliseconds).
    pub created_at: String,
    /// The `ratusz-host` version that made it.
    pub host_version: String,
    /// How the files are sealed.
    pub encryption: Encryption,
    /// The encrypted files.
    pub files: Vec<SetFile>,
    /// Stores not in the set, and why.
    #[serde(default)]
    pub skipped: Vec<Skipped>,
}

/// The `encryption` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Encryption {
    /// Always `AES-256-GCM`.
    pub algorithm: String,
    /// Plaintext bytes per chunk.
    pub chunk_bytes: u64,
    /// The backup key's fingerprint.
    pub key_fingerprint: String,
}

/// One file of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetFile {
    /// Its name in the set.
    pub file: String,
    /// What it holds.
    pub kind: StoreKind,
    /// The store's label.
    pub label: String,
    /// Encrypted size.
    pub bytes: u64,
    /// SHA-256 of the encrypted file (hex).
    pub sha256: String,
    /// Size of the database it decrypts to.
    pub plain_bytes: u64,
    /// SHA-256 of that database (hex).
    pub plain_sha256: String,
    /// Its pages.
    pub pages: u64,
}

/// A store left out of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skipped {
    /// What it holds.
    pub kind: StoreKind,
    /// Its label.
    pub label: String,
    /// `redis` (back it up with Redis's own persistence) or `absent` (no file yet).
    pub reason: String,
}

/// The set's directory name for a set made at `now`; names sort by time.
pub fn set_name(now: DateTime<Utc>) -> String {
    format!("{SET_PREFIX}{}", now.format("%Y-%m-%dT%H-%M-%S%.3fZ"))
}

/// `created_at` for `now`.
pub fn timestamp(now: DateTime<Utc>) -> String {
    now.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Complete sets in `dir`, oldest first.
pub fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| e.file_name().to_string_lossy().starts_with(SET_PREFIX))
        .map(|e| e.path())
        .collect();
    sets.sort();
    Ok(sets)
}

/// Deletes the oldest complete sets beyond `keep`; the deleted ones.
pub fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let sets = list(dir)?;
    let excess = sets.len().saturating_sub(keep);
    let doomed: Vec<PathBuf> = sets.into_iter().take(excess).collect();
    for set in &doomed {
        std::fs::remove_dir_all(set)?;
    }
    Ok(doomed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn names_sort_by_time_and_pruning_keeps_the_newest() {
        let at = |s| Utc.timestamp_millis_opt(s).single().unwrap();
        let names: Vec<String> = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000]
            .into_iter()
            .map(|ms| set_name(at(ms)))
            .collect();
        assert_eq!(names[0], "ratusz-backup-2023-11-14T22-13-20.000Z");
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, names);

        let dir = tempfile::tempdir().unwrap();
        for name in names.iter().rev() {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        std::fs::create_dir(dir.path().join(".partial-x")).unwrap();
        std::fs::create_dir(dir.path().join("keep-me")).unwrap();
        let removed = prune(dir.path(), 2).unwrap();
        assert_eq!(removed, vec![dir.path().join(&names[0])]);
        assert_eq!(list(dir.path()).unwrap().len(), 2);
        assert!(dir.path().join("keep-me").exists() && dir.path().join(".partial-x").exists());
        assert_eq!(prune(dir.path(), 0).unwrap().len(), 2);
    }
}
