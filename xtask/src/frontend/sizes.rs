//! What a first visit downloads, read back from a built dist.

use super::{fs, FILES_JSON};
use anyhow::{Context, Result};
use std::path::Path;

/// See [`super::first_load_sizes`]; `dist` is the built `frontend/dist`.
pub(super) fn first_load_sizes(dist: &Path) -> Result<Vec<(String, u64, u64, u64)>> {
    sizes_of(dist, is_first_load)
}

/// See [`super::office_bundle_sizes`].
pub(super) fn office_bundle_sizes(dist: &Path) -> Result<Vec<(String, u64, u64, u64)>> {
    sizes_of(dist, is_office_bundle)
}

/// (URL path, raw, gzip, brotli) of the dist's files that `wanted` picks.
fn sizes_of(dist: &Path, wanted: fn(&str) -> bool) -> Result<Vec<(String, u64, u64, u64)>> {
    let manifest_path = dist.join(FILES_JSON);
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(&manifest_path)?)
        .with_context(|| format!("{} is not JSON", manifest_path.display()))?;
    let files = manifest["files"]
        .as_object()
        .context("_files.json has no `files` object; rebuild with `cargo xtask build-frontend`")?;
    let mut sizes = Vec::new();
    for (url, entry) in files {
        if !wanted(url) {
            continue;
        }
        let raw = entry["size"].as_u64().unwrap_or_default();
        let sibling = |ext: &str| -> u64 {
            let path = dist.join(format!("{}.{ext}", url.trim_start_matches('/')));
            std::fs::metadata(path).map_or(raw, |m| m.len())
        };
        sizes.push((url.clone(), raw, sibling("gz"), sibling("br")));
    }
    Ok(sizes)
}

fn is_first_load(url: &str) -> bool {
    url != "/robots.txt" && !is_office_bundle(url)
}

/// The office bundle's files (`office-<hash>.js`, `office-<hash>.wasm`).
fn is_office_bundle(url: &str) -> bool {
    url.starts_with("/assets/office-")
}

pub(super) fn print_sizes(first: &[(String, u64, u64, u64)], office: &[(String, u64, u64, u64)]) {
    for (title, sizes) in [("first load", first), ("office bundle (later)", office)] {
        println!("{title:<44} {:>10} {:>10} {:>10}", "raw", "gzip", "brotli");
        let mut total = (0, 0, 0);
        for (url, raw, gz, br) in sizes {
            println!("{url:<44} {raw:>10} {gz:>10} {br:>10}");
            total = (total.0 + raw, total.1 + gz, total.2 + br);
        }
        println!(
            "{:<44} {:>10} {:>10} {:>10}",
            "total", total.0, total.1, total.2
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_txt_and_the_office_bundle_are_not_counted_as_first_load() {
        assert!(!is_first_load("/robots.txt"));
        assert!(!is_first_load("/assets/office-1a2b3c4d.wasm"));
        assert!(!is_first_load("/assets/office-1a2b3c4d.js"));
        assert!(is_first_load("/index.html"));
        assert!(is_first_load("/assets/app-1a2b3c4d.wasm"));
        assert!(is_office_bundle("/assets/office-1a2b3c4d.wasm"));
        assert!(!is_office_bundle("/assets/app-1a2b3c4d.wasm"));
    }
}
