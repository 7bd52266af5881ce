//! Restoring a set: everything is verified and decrypted into temporary files beside the
//! targets before any target is touched; then each temporary file is renamed over its target
//! (an atomic step per file), after the target's stale `-wal`/`-shm`/`-journal` are removed
//! (SQLite would otherwise replay the old WAL into the restored file).

use super::create::{sha256_of, HashingWriter};
use super::crypt;
use super::key::BackupKey;
use super::set::{SetFile, SetManifest, FORMAT, MANIFEST_FILE};
use super::stores::{StoreFile, Stores};
use anyhow::{anyhow, bail, Context};
use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};

/// Files SQLite keeps beside a database.
const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Reads and checks a set's manifest.
pub fn read_manifest(set: &Path) -> anyhow::Result<SetManifest> {
    let path = set.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let manifest: SetManifest = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a backup manifest", path.display()))?;
    if manifest.format != super::set::FORMAT {
        bail!(
            "{} has format '{}'; this host reads '{FORMAT}'",
            path.display(),
            manifest.format
        );
    }
    Ok(manifest)
}

/// Restores `set` onto the app's `stores`. With `force`, existing targets are replaced;
/// without it, any existing target refuses the restore.
pub fn restore(set: &Path, stores: &Stores, key: &BackupKey, force: bool) -> anyhow::Result<()> {
    let manifest = read_manifest(set)?;
    if manifest.encryption.key_fingerprint != key.fingerprint() {
        bail!(
            "wrong backup key: the set was sealed with key {}, this key is {}",
            manifest.encryption.key_fingerprint,
            key.fingerprint()
        );
    }
    let plan: Vec<(&SetFile, &StoreFile)> = manifest
        .files
        .iter()
        .map(|f| target_of(f, stores).map(|t| (f, t)))
        .collect::<anyhow::Result<_>>()?;
    if !force {
        let present: Vec<String> = plan
            .iter()
            .flat_map(|(_, t)| with_side_files(&t.path))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !present.is_empty() {
            bail!(
                "the state is not empty ({}); restore into an empty state dir or pass --force",
                present.join(", ")
            );
        }
    }
    // On any error, `staged` drops and deletes what was already decrypted.
    let mut staged = Vec::new();
    for (file, target) in &plan {
        staged.push(Temp(decrypt_beside(set, file, &target.path, key)?));
    }
    for ((file, target), temp) in plan.iter().zip(staged.iter_mut()) {
        for side in with_side_files(&target.path).skip(1) {
            match std::fs::remove_file(&side) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(anyhow!("cannot remove {}: {e}", side.display()))
                }
                _ => {}
            }
        }
        std::fs::rename(&temp.0, &target.path)
            .with_context(|| format!("cannot move the restored {} into place", file.file))?;
        temp.0 = PathBuf::new();
        if let Some(dir) = target.path.parent() {
            File::open(dir).and_then(|d| d.sync_all())?;
        }
        crate::log::warn(&format!(
            "restore: {} '{}' → {} ({} bytes)",
            file.kind.as_str(),
            file.label,
            target.path.display(),
            file.plain_bytes
        ));
    }
    Ok(())
}

/// The app's store a set's file belongs to. The file's name must be the one its kind and
/// label give: the name is sealed into every chunk, so an edited manifest cannot send a file
/// to another store.
fn target_of<'a>(file: &SetFile, stores: &'a Stores) -> anyhow::Result<&'a StoreFile> {
    let target = stores
        .files
        .iter()
        .find(|s| s.kind == file.kind && s.label == file.label)
        .ok_or_else(|| {
            anyhow!(
                "the set holds {} '{}', which this app's manifest and runtime config do not \
                 keep in a SQLite file",
                file.kind.as_str(),
                file.label
            )
        })?;
    if file.file != target.set_file_name() {
        bail!(
            "the manifest names '{}' for {} '{}' (expected '{}')",
            file.file,
            file.kind.as_str(),
            file.label,
            target.set_file_name()
        );
    }
    Ok(target)
}

/// Checks the encrypted file's checksum, decrypts it next to `target` and checks the
/// plaintext's; the temporary file's path.
fn decrypt_beside(
    set: &Path,
    file: &SetFile,
    target: &Path,
    key: &BackupKey,
) -> anyhow::Result<PathBuf> {
    if file.file.contains('/') || file.file.contains("..") {
        bail!("the manifest names an unsafe file '{}'", file.file);
    }
    let source = set.join(&file.file);
    let sha256 = sha256_of(&source).with_context(|| format!("cannot read {}", source.display()))?;
    if sha256 != file.sha256 {
        bail!(
            "checksum mismatch: {} is not the file the set recorded",
            source.display()
        );
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let temp = Temp(target.with_file_name(format!(
        ".{}.restore.tmp",
        target.file_name().unwrap_or_default().to_string_lossy()
    )));
    let mut out = HashingWriter::new(BufWriter::new(File::create(&temp.0)?));
    crypt::decrypt(
        key,
        &file.file,
        BufReader::new(File::open(&source)?),
        &mut out,
    )
    .with_context(|| format!("{}", source.display()))?;
    let (plain_sha256, _, inner) = out.finish();
    if plain_sha256 != file.plain_sha256 {
        bail!(
            "checksum mismatch: {} decrypts to another database than recorded",
            file.file
        );
    }
    inner.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(temp.keep())
}

/// `path` and its SQLite side files.
fn with_side_files(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    std::iter::once(path.to_path_buf()).chain(SIDE_FILES.iter().map(move |suffix| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    }))
}

/// A temporary plaintext file, deleted when dropped unless kept or moved (empty path).
struct Temp(PathBuf);

impl Temp {
    fn keep(mut self) -> PathBuf {
        std::mem::take(&mut self.0)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}
