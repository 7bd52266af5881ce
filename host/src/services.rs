//! The shared stores behind the labels components list: key-value backends and SQLite
//! databases, opened once at start-up.

use crate::kv::{self, Backend};
use crate::manifest::Manifest;
use crate::runtime_config::{KvConfig, RuntimeConfig};
use crate::sqlite::{Database, SqliteMode};
use anyhow::{anyhow, Context};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Opened backends by label.
#[derive(Debug, Default)]
pub struct Services {
    /// Key-value backends.
    pub kv: HashMap<String, Backend>,
    /// SQLite databases.
    pub sqlite: HashMap<String, Arc<Database>>,
}

/// Opens every KV store and database some component lists.
///
/// KV labels without a runtime-config section share the default SQLite file (the label is
/// the `store` column). SQLite labels without one get `<state-dir>/<label>.db`, except
/// `default`, which is `<state-dir>/sqlite_db.db` as in Spin. `sqlite_mode` applies to the
/// SQLite databases and the SQLite key-value files alike.
pub async fn open(
    manifest: &Manifest,
    used: &BTreeSet<String>,
    config: &RuntimeConfig,
    state_dir: &Path,
    sqlite_mode: SqliteMode,
) -> anyhow::Result<Services> {
    let mut services = Services::default();
    let mut default_sqlite_kv: Option<Arc<kv::sqlite::SqliteKv>> = None;
    for id in used {
        let Some(decl) = manifest.components.get(id) else {
            continue;
        };
        for label in &decl.key_value_stores {
            if services.kv.contains_key(label) {
                continue;
            }
            let backend = match config.key_value_stores.get(label) {
                Some(KvConfig::Redis(url)) => {
                    Backend::Redis(kv::redis::RedisKv::connect(url).await.map_err(|e| {
                        anyhow!("key_value_store.{label}: cannot connect to Redis: {e}")
                    })?)
                }
                Some(KvConfig::Sqlite(path)) => Backend::Sqlite(
                    kv::sqlite::SqliteKv::open(path, sqlite_mode)
                        .map_err(|e| anyhow!("key_value_store.{label}: {e}"))?,
                ),
                None => {
                    let db = match &default_sqlite_kv {
                        Some(db) => Arc::clone(db),
                        None => {
                            let db = kv::sqlite::SqliteKv::open(
                                &default_kv_path(state_dir),
                                sqlite_mode,
                            )
                            .map_err(|e| anyhow!("key-value store: {e}"))?;
                            default_sqlite_kv = Some(Arc::clone(&db));
                            db
                        }
                    };
                    Backend::Sqlite(db)
                }
            };
            services.kv.insert(label.clone(), backend);
        }
        for label in &decl.sqlite_databases {
            if services.sqlite.contains_key(label) {
                continue;
            }
            let path = sqlite_database_path(label, config, state_dir);
            let db = Database::open(&path, sqlite_mode)
                .map_err(|e| anyhow!(e))
                .with_context(|| format!("sqlite database '{label}'"))?;
            services.sqlite.insert(label.clone(), db);
        }
    }
    Ok(services)
}

/// The SQLite file of the key-value labels that have no runtime-config section.
pub fn default_kv_path(state_dir: &Path) -> PathBuf {
    state_dir.join("sqlite_key_value.db")
}

/// The file of SQLite database `label`: its runtime-config path, else
/// `<state-dir>/sqlite_db.db` for `default` (as in Spin) and `<state-dir>/<label>.db` for others.
pub fn sqlite_database_path(label: &str, config: &RuntimeConfig, state_dir: &Path) -> PathBuf {
    match config.sqlite_databases.get(label) {
        Some(path) => path.clone(),
        None if label == "default" => state_dir.join("sqlite_db.db"),
        None => state_dir.join(format!("{label}.db")),
    }
}
