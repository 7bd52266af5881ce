//! Key-value stores: the backends (SQLite file, Redis) behind one small API, and the
//! resources the guest holds.

mod host;
pub mod redis;
pub mod sqlite;

use crate::metrics::Metrics;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

/// A key-value backend shared by every request.
#[derive(Debug, Clone)]
pub enum Backend {
    /// SQLite file; the label is the `store` column.
    Sqlite(Arc<sqlite::SqliteKv>),
    /// Redis; the label selects the connection, keys are used as-is.
    Redis(redis::RedisKv),
}

/// An open store (`fermyon:spin/key-value.store` and `wasi:keyvalue/store.bucket`).
#[derive(Debug, Clone)]
pub struct OpenStore {
    label: String,
    backend: Backend,
    /// Times each operation when `--metrics-listen` is on.
    metrics: Option<Arc<Metrics>>,
}

/// A compare-and-swap handle (`wasi:keyvalue/atomics.cas`).
#[derive(Debug, Clone)]
pub struct Cas {
    store: OpenStore,
    key: String,
    current: Option<Vec<u8>>,
}

impl OpenStore {
    /// A handle on `label` backed by `backend`.
    pub fn new(label: &str, backend: Backend) -> Self {
        Self {
            label: label.to_string(),
            backend,
            metrics: None,
        }
    }

    /// The same handle, timing its operations into `metrics`.
    pub fn with_metrics(mut self, metrics: Option<Arc<Metrics>>) -> Self {
        self.metrics = metrics;
        self
    }

    async fn timed<T>(&self, operation: &'static str, work: impl Future<Output = T>) -> T {
        let Some(metrics) = &self.metrics else {
            return work.await;
        };
        let started = Instant::now();
        let out = work.await;
        metrics.kv(&self.label, operation, started.elapsed());
        out
    }

    async fn get(&self, key: String) -> Result<Option<Vec<u8>>, String> {
        self.timed("get", self.get_inner(key)).await
    }

    async fn get_inner(&self, key: String) -> Result<Option<Vec<u8>>, String> {
        match &self.backend {
            Backend::Sqlite(db) => {
                let store = self.label.clone();
                db.run(move |c| sqlite::get(c, &store, &key)).await
            }
            Backend::Redis(r) => r.get(&key).await,
        }
    }

    async fn set(&self, key: String, value: Vec<u8>) -> Result<(), String> {
        self.timed("set", async {
            match &self.backend {
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run_write(move |c| sqlite::set(c, &store, &key, &value))
                        .await
                }
                Backend::Redis(r) => r.set(&key, &value).await,
            }
        })
        .await
    }

    async fn delete(&self, key: String) -> Result<(), String> {
        self.timed("delete", async {
            match &self.backend {
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run_write(move |c| sqlite::delete(c, &store, &key)).await
                }
                Backend::Redis(r) => r.delete(&key).await,
            }
        })
        .await
    }

    async fn exists(&self, key: String) -> Result<bool, String> {
        self.timed("exists", async {
            match &self.backend {
                Backend::Redis(r) => r.exists(&key).await,
                Backend::Sqlite(_) => Ok(self.get_inner(key).await?.is_some()),
            }
        })
        .await
    }

    async fn keys(&self) -> Result<Vec<String>, String> {
        self.timed("get_keys", async {
            match &self.backend {
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run(move |c| sqlite::keys(c, &store)).await
                }
                Backend::Redis(r) => r.keys().await,
            }
        })
        .await
    }

    async fn increment(&self, key: String, delta: i64) -> Result<i64, String> {
        self.timed("increment", async {
            match &self.backend {
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run_write(move |c| sqlite::increment(c, &store, &key, delta))
                        .await
                }
                Backend::Redis(r) => r.increment(&key, delta).await,
            }
        })
        .await
    }

    async fn get_many(&self, keys: Vec<String>) -> Result<Vec<(String, Option<Vec<u8>>)>, String> {
        self.timed("get_many", async {
            let values = match &self.backend {
                Backend::Redis(r) => r.get_many(&keys).await?,
                Backend::Sqlite(db) => {
                    let (store, keys) = (self.label.clone(), keys.clone());
                    db.run(move |c| keys.iter().map(|k| sqlite::get(c, &store, k)).collect())
                        .await?
                }
            };
            Ok(keys.into_iter().zip(values).collect())
        })
        .await
    }

    async fn set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<(), String> {
        self.timed("set_many", async {
            match &self.backend {
                Backend::Redis(r) => r.set_many(&pairs).await,
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run_write(move |c| {
                        let tx = c.transaction()?;
                        for (k, v) in &pairs {
                            sqlite::set(&tx, &store, k, v)?;
                        }
                        tx.commit()
                    })
                    .await
                }
            }
        })
        .await
    }

    async fn delete_many(&self, keys: Vec<String>) -> Result<(), String> {
        self.timed("delete_many", async {
            match &self.backend {
                Backend::Redis(r) => r.delete_many(&keys).await,
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run_write(move |c| {
                        let tx = c.transaction()?;
                        for k in &keys {
                            sqlite::delete(&tx, &store, k)?;
                        }
                        tx.commit()
                    })
                    .await
                }
            }
        })
        .await
    }

    /// Compare-and-swap; `Ok(false)` when the value changed since `expected` was read.
    async fn swap(
        &self,
        key: String,
        expected: Option<Vec<u8>>,
        value: Vec<u8>,
    ) -> Result<bool, String> {
        self.timed("swap", async {
            match &self.backend {
                Backend::Sqlite(db) => {
                    let store = self.label.clone();
                    db.run_write(move |c| {
                        sqlite::compare_and_swap(c, &store, &key, expected.as_deref(), &value)
                    })
                    .await
                }
                Backend::Redis(_) => Err(
                    "compare-and-swap is not supported by the Redis backend of this host".into(),
                ),
            }
        })
        .await
    }
}
