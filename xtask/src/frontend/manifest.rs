//! Content hashes: the hashed asset names, the dist version and the `_files.json` manifest.

use super::assemble::Files;
use super::precompress::Encoded;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The first 8 hex digits of the SHA-256 of `bytes`.
fn content_hash8(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))[..8].to_owned()
}

/// `stem-<hash8>.ext`.
pub(super) fn hashed_name(stem: &str, ext: &str, bytes: &[u8]) -> String {
    format!("{stem}-{}.{ext}", content_hash8(bytes))
}

/// The dist's version: a hash over every file's path and content (sw.js excepted, it embeds
/// this value) and the service-worker template, so any change yields a new cache name.
pub(super) fn dist_version(files: &Files, sw_template: &[u8]) -> String {
    let mut hasher = Sha256::new();
    for (url, bytes) in files {
        if url == "/sw.js" {
            continue;
        }
        hasher.update(url.as_bytes());
        hasher.update([0]);
        hasher.update(Sha256::digest(bytes));
    }
    hasher.update(b"sw.js\0");
    hasher.update(Sha256::digest(sw_template));
    hex::encode(hasher.finalize())[..16].to_owned()
}

/// The `_files.json` document.
pub(super) fn files_manifest(
    version: &str,
    files: &BTreeMap<String, Encoded>,
) -> serde_json::Value {
    let entries: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|(url, file)| {
            let mut encodings = Vec::new();
            if file.brotli.is_some() {
                encodings.push("br");
            }
            if file.gzip.is_some() {
                encodings.push("gzip");
            }
            let etag = hex::encode(Sha256::digest(&file.identity))[..32].to_owned();
            let entry = serde_json::json!({
                "etag": etag,
                "size": file.identity.len(),
                "encodings": encodings,
            });
            (url.clone(), entry)
        })
        .collect();
    serde_json::json!({ "version": version, "files": entries })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::precompress::encode;

    #[test]
    fn hashed_names_depend_on_content_only() {
        assert_eq!(
            hashed_name("app", "js", b"a"),
            hashed_name("app", "js", b"a")
        );
        assert_ne!(
            hashed_name("app", "js", b"a"),
            hashed_name("app", "js", b"b")
        );
        // SHA-256("abc") starts with ba7816bf.
        assert_eq!(hashed_name("app", "wasm", b"abc"), "app-ba7816bf.wasm");
    }

    #[test]
    fn files_manifest_follows_the_web_component_contract() {
        let mut encoded = BTreeMap::new();
        let html = "<!doctype html>".repeat(50).into_bytes();
        encoded.insert(
            "/index.html".to_owned(),
            encode("/index.html", html.clone()).unwrap_or_else(|e| panic!("{e}")),
        );
        encoded.insert(
            "/icons/a.png".to_owned(),
            encode("/icons/a.png", b"png".to_vec()).unwrap_or_else(|e| panic!("{e}")),
        );
        encoded.insert(
            "/robots.txt".to_owned(),
            encode("/robots.txt", b"x".to_vec()).unwrap_or_else(|e| panic!("{e}")),
        );
        let manifest = files_manifest("0123456789abcdef", &encoded);
        assert_eq!(manifest["version"], "0123456789abcdef");
        let index = &manifest["files"]["/index.html"];
        assert_eq!(index["size"], html.len());
        assert_eq!(index["encodings"], serde_json::json!(["br", "gzip"]));
        assert_eq!(index["etag"], hex::encode(Sha256::digest(&html))[..32]);
        assert_eq!(index["etag"].as_str().map(str::len), Some(32));
        // Not compressible, or compression would not pay: served as is.
        assert_eq!(
            manifest["files"]["/icons/a.png"]["encodings"],
            serde_json::json!([])
        );
        assert_eq!(
            manifest["files"]["/robots.txt"]["encodings"],
            serde_json::json!([])
        );
    }
}
