//! What a first visit downloads, read back from a built dist.

use super::{fs, FILES_JSON};
use anyhow::{Context, Result};
use std::path::Path;

/// See [`super::first_load_sizes`]; `dist` is the built `frontend/dist`.
pub(super) fn first_load_sizes(dist: &Path) -> Result<Vec<(String, u64, u64, u64)>> {
    let manifest_path = dist.join(FILES_JSON);
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(&manifest_path)?)
        .with_context(|| format!("{} is not JSON", manifest_path.display()))?;
    let files = manifest["files"]
        .as_object()
        .context("_files.json has no `files` object; rebuild with `cargo xtask build-frontend`")?;
    let mut sizes = Vec::new();
    for (url, entry) in files {
        if !is_first_load(url) {
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
    url != "/robots.txt"
}

pub(super) fn print_sizes(sizes: &[(String, u64, u64, u64)]) {
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "first load", "raw", "gzip", "brotli"
    );
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_txt_is_not_counted_as_first_load() {
        assert!(!is_first_load("/robots.txt"));
        assert!(is_first_load("/index.html"));
    }
}
