//! Looking for plaintext at rest: every file under the host's state directory (SQLite with its
//! `-wal`, KV) and the host's log, searched byte for byte for given values.

use std::path::{Path, PathBuf};

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Where each value occurs: `(value, file or "the host's log")` pairs; empty when none does.
pub fn occurrences(state_dir: &Path, log: &str, values: &[String]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let files: Vec<(String, Vec<u8>)> = files_under(state_dir)
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect();
    for value in values {
        let needle = value.as_bytes();
        for (name, bytes) in &files {
            if bytes.windows(needle.len()).any(|w| w == needle) {
                found.push((value.clone(), name.clone()));
            }
        }
        if log.contains(value.as_str()) {
            found.push((value.clone(), "the host's log".to_owned()));
        }
    }
    found
}
