//! Which files a backup holds: every SQLite file the app's manifest lists, found the way `up`
//! opens them (runtime config, then the state dir's defaults).

use crate::manifest;
use crate::runtime_config::{self, KvConfig, RuntimeConfig};
use crate::services::{default_kv_path, sqlite_database_path};
use anyhow::Context;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a backed-up file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreKind {
    /// A `sqlite_databases` label.
    SqliteDatabase,
    /// A key-value store kept in SQLite.
    KeyValue,
}

impl StoreKind {
    /// The name used in the set's file names and manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SqliteDatabase => "sqlite_database",
            Self::KeyValue => "key_value",
        }
    }
}

/// One SQLite file of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreFile {
    /// What it holds.
    pub kind: StoreKind,
    /// The first (sorted) label kept in this file.
    pub label: String,
    /// Where it lives.
    pub path: PathBuf,
}

impl StoreFile {
    /// Its file name inside a set: `<kind>-<label>.db.enc`.
    pub fn set_file_name(&self) -> String {
        let label: String = self
            .label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        format!("{}-{label}.db.enc", self.kind.as_str())
    }
}

/// The app's stores as a backup sees them.
#[derive(Debug, Clone, Default)]
pub struct Stores {
    /// SQLite files, each once.
    pub files: Vec<StoreFile>,
    /// Key-value labels kept in Redis (not in a backup).
    pub redis: Vec<String>,
}

/// Where the app's files are: `-f`, `--state-dir`, `--runtime-config-file` as `up` takes them.
#[derive(Debug, Clone)]
pub struct AppLocation {
    /// The manifest (or its directory).
    pub manifest: PathBuf,
    /// `--state-dir`, if given.
    pub state_dir: Option<PathBuf>,
    /// `--runtime-config-file`, if given.
    pub runtime_config_file: Option<PathBuf>,
}

impl AppLocation {
    /// The manifest file.
    pub fn manifest_file(&self) -> PathBuf {
        if self.manifest.is_dir() {
            self.manifest.join("spin.toml")
        } else {
            self.manifest.clone()
        }
    }

    /// The state dir: `--state-dir`, else `.spin` next to the manifest (as `up`).
    pub fn state_dir(&self) -> PathBuf {
        self.state_dir.clone().unwrap_or_else(|| {
            self.manifest_file()
                .parent()
                .unwrap_or(Path::new("."))
                .join(".spin")
        })
    }

    /// Reads the manifest and runtime config and lists the stores.
    pub fn stores(&self) -> anyhow::Result<Stores> {
        let manifest = manifest::load(&self.manifest_file())?;
        let config = match &self.runtime_config_file {
            Some(path) => runtime_config::load(path)?,
            None => RuntimeConfig::default(),
        };
        let mut kv = BTreeSet::new();
        let mut sqlite = BTreeSet::new();
        for decl in manifest.components.values() {
            kv.extend(decl.key_value_stores.iter().cloned());
            sqlite.extend(decl.sqlite_databases.iter().cloned());
        }
        Ok(locate(&kv, &sqlite, &config, &self.state_dir()))
    }
}

/// The files behind these labels, each file once under its first label.
pub fn locate(
    kv: &BTreeSet<String>,
    sqlite: &BTreeSet<String>,
    config: &RuntimeConfig,
    state_dir: &Path,
) -> Stores {
    let mut stores = Stores::default();
    let mut seen: BTreeMap<PathBuf, ()> = BTreeMap::new();
    let mut add = |kind, label: &str, path: PathBuf, stores: &mut Stores| {
        if seen.insert(path.clone(), ()).is_none() {
            stores.files.push(StoreFile {
                kind,
                label: label.to_owned(),
                path,
            });
        }
    };
    for label in sqlite {
        let path = sqlite_database_path(label, config, state_dir);
        add(StoreKind::SqliteDatabase, label, path, &mut stores);
    }
    for label in kv {
        match config.key_value_stores.get(label) {
            Some(KvConfig::Redis(_)) => stores.redis.push(label.clone()),
            Some(KvConfig::Sqlite(path)) => {
                add(StoreKind::KeyValue, label, path.clone(), &mut stores)
            }
            None => add(
                StoreKind::KeyValue,
                label,
                default_kv_path(state_dir),
                &mut stores,
            ),
        }
    }
    stores
}

/// Creates the state dir if needed (restore into a wiped one).
pub fn ensure_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn shared_files_appear_once_and_redis_stores_are_listed_apart() {
        let config = runtime_config::parse(
            "[key_value_store.cache]\ntype = \"redis\"\nurl = \"redis://127.0.0.1:6379\"\n\
             [sqlite_database.audit]\ntype = \"spin\"\npath = \"audit.sqlite\"\n",
            Path::new("/etc/app"),
        )
        .unwrap();
        let stores = locate(
            &labels(&["default", "sessions", "cache"]),
            &labels(&["default", "audit"]),
            &config,
            Path::new("/state"),
        );
        let files: Vec<(StoreKind, &str, &Path)> = stores
            .files
            .iter()
            .map(|f| (f.kind, f.label.as_str(), f.path.as_path()))
            .collect();
        assert_eq!(
            files,
            vec![
                (
                    StoreKind::SqliteDatabase,
                    "audit",
                    Path::new("/etc/app/audit.sqlite")
                ),
                (
                    StoreKind::SqliteDatabase,
                    "default",
                    Path::new("/state/sqlite_db.db")
                ),
                (
                    StoreKind::KeyValue,
                    "default",
                    Path::new("/state/sqlite_key_value.db")
                ),
            ]
        );
        assert_eq!(stores.redis, vec!["cache".to_owned()]);
        assert_eq!(stores.files[2].set_file_name(), "key_value-default.db.enc");
    }
}
