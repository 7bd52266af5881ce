//! `dist/_files.json`, written by the frontend build: which files exist, their ETags and
//! which precompressed siblings (`<file>.br`, `<file>.gz`) are on disk.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The manifest's path on the mounted file system (never served itself).
pub const MANIFEST_PATH: &str = "/_files.json";

/// The whole manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Manifest {
    /// Hash of the whole dist (the service worker's cache name uses it too).
    #[serde(default)]
    pub version: String,
    /// URL path (`/index.html`, `/assets/app-1a2b3c4d.wasm`) → file facts.
    pub files: BTreeMap<String, FileEntry>,
}

/// Facts about one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct FileEntry {
    /// Hex SHA-256 prefix of the identity bytes.
    pub etag: String,
    /// Size of the identity bytes.
    #[serde(default)]
    pub size: u64,
    /// Precompressed siblings on disk: `br`, `gzip`.
    #[serde(default)]
    pub encodings: Vec<String>,
}

impl Manifest {
    /// Parses the manifest's JSON.
    pub fn parse(json: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(json)
    }

    /// The entry for a URL path, if it may be served: listed, not the manifest itself, and a
    /// plain absolute path (no `..`, no backslash, no NUL) so it can never leave the mount.
    pub fn lookup(&self, path: &str) -> Option<&FileEntry> {
        if path == MANIFEST_PATH || !is_safe_path(path) {
            return None;
        }
        self.files.get(path)
    }
}

/// An absolute path whose segments are plain names.
pub fn is_safe_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains(['\\', '\0'])
        && path
            .split('/')
            .skip(1)
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_contract_shape() {
        let json = br#"{"version":"abc","files":{"/index.html":{"etag":"0123","size":123,"encodings":["br","gzip"]},"/_files.json":{"etag":"x"}}}"#;
        let m = Manifest::parse(json).unwrap_or_default();
        assert_eq!(m.version, "abc");
        assert_eq!(m.lookup("/index.html").map(|e| e.encodings.len()), Some(2));
        assert_eq!(m.lookup("/_files.json"), None);
    }

    #[test]
    fn unsafe_paths_are_never_looked_up() {
        for p in [
            "/../etc/passwd",
            "/assets/../_files.json",
            "/a//b",
            "assets/x.js",
            "/a\\b",
            "/./x",
            "/",
        ] {
            assert!(!is_safe_path(p), "{p}");
        }
        assert!(is_safe_path("/assets/app-1a2b.wasm"));
    }
}
