//! Making one backup set: each SQLite file copied consistently, sealed, checksummed, then the
//! manifest, then the set renamed into place.
//!
//! The plaintext copy is staged beside its source (where the same plaintext already lives)
//! and deleted as soon as it is sealed: plaintext never reaches the backup directory.

use super::crypt::{self, CHUNK_BYTES, PREFIX_BYTES};
use super::key::BackupKey;
use super::set::{self, Encryption, SetFile, SetManifest, Skipped, FORMAT, MANIFEST_FILE};
use super::snapshot;
use super::stores::{StoreFile, StoreKind, Stores};
use anyhow::{anyhow, Context};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A finished set.
#[derive(Debug, Clone)]
pub struct Created {
    /// Its directory.
    pub path: PathBuf,
    /// Its manifest.
    pub manifest: SetManifest,
}

/// Writes a new set of `stores` into `backup_dir`, as of `now`.
pub fn create(
    stores: &Stores,
    backup_dir: &Path,
    key: &BackupKey,
    now: DateTime<Utc>,
) -> anyhow::Result<Created> {
    std::fs::create_dir_all(backup_dir)
        .with_context(|| format!("cannot create {}", backup_dir.display()))?;
    let name = set::set_name(now);
    let path = backup_dir.join(&name);
    if path.exists() {
        return Err(anyhow!("the set {} already exists", path.display()));
    }
    let partial = backup_dir.join(format!("{}{name}", set::PARTIAL_PREFIX));
    std::fs::create_dir(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let written = write_set(stores, &partial, key, now);
    let manifest = match written {
        Ok(manifest) => manifest,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, &path)
        .with_context(|| format!("cannot rename {} into place", partial.display()))?;
    File::open(backup_dir).and_then(|d| d.sync_all())?;
    Ok(Created { path, manifest })
}

fn write_set(
    stores: &Stores,
    dir: &Path,
    key: &BackupKey,
    now: DateTime<Utc>,
) -> anyhow::Result<SetManifest> {
    let mut files = Vec::new();
    let mut skipped: Vec<Skipped> = stores
        .redis
        .iter()
        .map(|label| {
            crate::log::warn(&format!(
                "backup: key-value store '{label}' is in Redis and is NOT in this backup (only \
                 the SQLite parts are); back Redis up with its own persistence (RDB/AOF)"
            ));
            Skipped {
                kind: StoreKind::KeyValue,
                label: label.clone(),
                reason: "redis".to_owned(),
            }
        })
        .collect();
    for store in &stores.files {
        if !store.path.exists() {
            crate::log::warn(&format!(
                "backup: {} '{}': {} does not exist yet; skipped",
                store.kind.as_str(),
                store.label,
                store.path.display()
            ));
            skipped.push(Skipped {
                kind: store.kind,
                label: store.label.clone(),
                reason: "absent".to_owned(),
            });
            continue;
        }
        files.push(seal_store(store, dir, key)?);
    }
    if files.is_empty() {
        // An empty set that "succeeds" would hide a wrong --state-dir until the day of a restore.
        return Err(anyhow!(
            "nothing to back up: none of the app's SQLite files exists (is the state dir right?)"
        ));
    }
    let manifest = SetManifest {
        format: FORMAT.to_owned(),
        created_at: set::timestamp(now),
        host_version: env!("CARGO_PKG_VERSION").to_owned(),
        encryption: Encryption {
            algorithm: "AES-256-GCM".to_owned(),
            chunk_bytes: CHUNK_BYTES as u64,
            key_fingerprint: key.fingerprint(),
        },
        files,
        skipped,
    };
    let mut out = File::create(dir.join(MANIFEST_FILE))?;
    out.write_all(serde_json::to_string_pretty(&manifest)?.as_bytes())?;
    out.sync_all()?;
    File::open(dir).and_then(|d| d.sync_all())?;
    Ok(manifest)
}

/// Copies, checks, seals and checksums one store into `dir`.
fn seal_store(store: &StoreFile, dir: &Path, key: &BackupKey) -> anyhow::Result<SetFile> {
    let what = format!("{} '{}'", store.kind.as_str(), store.label);
    let staged = Staged::beside(&store.path)?;
    let copied = snapshot::copy(&store.path, &staged.0, |done, total| {
        crate::log::warn(&format!("backup: {what}: {done}/{total} pages"));
    })
    .with_context(|| format!("{what}: copying {}", store.path.display()))?;
    crate::log::warn(&format!(
        "backup: {what}: {0}/{0} pages copied",
        copied.pages
    ));
    let plain_sha256 = sha256_of(&staged.0)?;
    let file = store.set_file_name();
    let mut prefix = [0_u8; PREFIX_BYTES];
    getrandom::fill(&mut prefix).map_err(|e| anyhow!("no randomness for the nonce: {e}"))?;
    let target = dir.join(&file);
    let mut out = HashingWriter::new(BufWriter::new(File::create(&target)?));
    let plain_bytes = crypt::encrypt(
        key,
        prefix,
        &file,
        BufReader::new(File::open(&staged.0)?),
        &mut out,
    )
    .with_context(|| format!("{what}: encrypting"))?;
    let (sha256, bytes, inner) = out.finish();
    inner.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(SetFile {
        file,
        kind: store.kind,
        label: store.label.clone(),
        bytes,
        sha256,
        plain_bytes,
        plain_sha256,
        pages: copied.pages,
    })
}

/// The hex SHA-256 of a file.
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut hasher = HashingWriter::new(std::io::sink());
    std::io::copy(&mut BufReader::new(File::open(path)?), &mut hasher)?;
    Ok(hasher.finish().0)
}

/// A staged plaintext copy, deleted (with any journal) when dropped, whatever happened.
struct Staged(PathBuf);

impl Staged {
    fn beside(source: &Path) -> anyhow::Result<Self> {
        let mut random = [0_u8; 6];
        getrandom::fill(&mut random).map_err(|e| anyhow!("no randomness: {e}"))?;
        let name = format!(
            ".{}.backup-{}.tmp",
            source.file_name().unwrap_or_default().to_string_lossy(),
            hex::encode(random)
        );
        Ok(Self(source.with_file_name(name)))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Counts and hashes what passes through.
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The hex SHA-256, the byte count and the inner writer.
    pub fn finish(self) -> (String, u64, W) {
        (hex::encode(self.hasher.finalize()), self.bytes, self.inner)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
