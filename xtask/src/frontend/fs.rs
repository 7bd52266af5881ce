//! File system: reading the sources and (re)writing the dist.

use super::assemble::{Dist, Files};
use super::manifest::files_manifest;
use super::precompress::encode;
use super::FILES_JSON;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Recreates `dist` with every file, its `.gz`/`.br` siblings and `_files.json`.
pub(super) fn write_dist(dir: &Path, dist: &Dist) -> Result<()> {
    let mut encoded = BTreeMap::new();
    for (url, bytes) in &dist.files {
        encoded.insert(url.clone(), encode(url, bytes.clone())?);
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    for (url, file) in &encoded {
        let path = dir.join(url.trim_start_matches('/'));
        write(&path, &file.identity)?;
        if let Some(gz) = &file.gzip {
            write(&sibling(&path, "gz"), gz)?;
        }
        if let Some(br) = &file.brotli {
            write(&sibling(&path, "br"), br)?;
        }
    }
    let manifest = serde_json::to_vec_pretty(&files_manifest(&dist.version, &encoded))?;
    write(&dir.join(FILES_JSON), &manifest)
}

/// Takes the frontend build's lock (`<work dir>/build.lock`), waiting for another build of the
/// same tree to finish: both bundles land on one cargo artefact path in turn, and a second
/// build in between would hand one bundle's wasm to the other. Held until dropped.
pub(super) fn lock_build(work_dir: &Path) -> Result<std::fs::File> {
    std::fs::create_dir_all(work_dir)
        .with_context(|| format!("cannot create {}", work_dir.display()))?;
    let path = work_dir.join("build.lock");
    let file =
        std::fs::File::create(&path).with_context(|| format!("cannot open {}", path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(file)
}

fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Every file under `static/` (hidden files skipped), keyed by URL path.
pub(super) fn read_static_files(dir: &Path) -> Result<Files> {
    fn walk(dir: &Path, prefix: &str, out: &mut Files) -> Result<()> {
        let mut entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .collect::<std::io::Result<Vec<_>>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                bail!("non-UTF-8 file name in {}", dir.display());
            };
            if name.starts_with('.') {
                continue;
            }
            let url = format!("{prefix}/{name}");
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), &url, out)?;
            } else {
                out.insert(url, read(&entry.path())?);
            }
        }
        Ok(())
    }
    let mut files = Files::new();
    walk(dir, "", &mut files)?;
    Ok(files)
}

pub(super) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

pub(super) fn read_string(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

pub(super) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
