//! The key-value store `default`: JSON documents (sessions, revisions) and atomic counters
//! (lockout, rate limits).
//!
//! Counters go through `wasi:keyvalue/atomics` `increment` and documents through
//! `fermyon:spin/key-value`. The two must never touch one key (Spin's SQLite backend keeps a
//! counter as 8 little-endian bytes, Redis as decimal text), so keys are typed: a [`DocKey`]
//! lives under `d:` and a [`CounterKey`] under `c:`, and neither can name the other's key.

use serde::de::DeserializeOwned;
use serde::Serialize;
use spin_sdk::key_value::Store;
use spin_sdk::wit::wasi::keyvalue::{atomics, batch, store as wasi_store};

/// The store label every component lists in `spin.toml`.
pub const STORE: &str = "default";

/// A KV failure (mapped to a 500 whose detail is only logged).
#[derive(Debug, thiserror::Error)]
pub enum KvError {
    /// The store could not be opened or answered an error.
    #[error("key-value store: {0}")]
    Store(String),
    /// A stored document is not the JSON we expect.
    #[error("key-value document {key}: {reason}")]
    Decode {
        /// The key.
        key: String,
        /// What serde said.
        reason: String,
    },
}

impl From<KvError> for crate::ApiError {
    fn from(e: KvError) -> Self {
        crate::ApiError::internal(e)
    }
}

/// Key of a JSON document: `d:<namespace>:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocKey(String);

impl DocKey {
    /// The document `id` of `namespace` (`session`, `live-rev`, …).
    pub fn new(namespace: &str, id: &str) -> Self {
        Self(format!("d:{namespace}:{id}"))
    }

    /// The key as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Key of an atomic counter: `c:<namespace>:<id>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CounterKey(String);

impl CounterKey {
    /// The counter `id` of `namespace` (`lockout`, `rate-ip`, …).
    pub fn new(namespace: &str, id: &str) -> Self {
        Self(format!("c:{namespace}:{id}"))
    }

    /// The key as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// JSON documents in the store.
pub struct Kv {
    store: Store,
}

impl Kv {
    /// Opens the `default` store.
    pub fn open() -> Result<Self, KvError> {
        Store::open(STORE)
            .map(|store| Self { store })
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }

    /// Reads and decodes a document.
    pub fn get<T: DeserializeOwned>(&self, key: &DocKey) -> Result<Option<T>, KvError> {
        let Some(bytes) = self.get_raw(key)? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| KvError::Decode {
                key: key.0.clone(),
                reason: e.to_string(),
            })
    }

    /// Encodes and writes a document.
    pub fn set<T: Serialize + ?Sized>(&self, key: &DocKey, value: &T) -> Result<(), KvError> {
        let bytes = serde_json::to_vec(value).map_err(|e| KvError::Decode {
            key: key.0.clone(),
            reason: e.to_string(),
        })?;
        self.set_raw(key, &bytes)
    }

    /// Reads raw bytes.
    pub fn get_raw(&self, key: &DocKey) -> Result<Option<Vec<u8>>, KvError> {
        self.store
            .get(&key.0)
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }

    /// Writes raw bytes.
    pub fn set_raw(&self, key: &DocKey, value: &[u8]) -> Result<(), KvError> {
        self.store
            .set(&key.0, value)
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }

    /// Removes a document (no error when absent).
    pub fn delete(&self, key: &DocKey) -> Result<(), KvError> {
        self.store
            .delete(&key.0)
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }
}

/// Reads several documents' raw bytes in one call (`wasi:keyvalue/batch`: one round trip to
/// Redis), in the order of `keys`.
pub fn get_many_raw(keys: &[DocKey]) -> Result<Vec<Option<Vec<u8>>>, KvError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let bucket = wasi_store::open(STORE).map_err(|e| KvError::Store(format!("{e:?}")))?;
    let names: Vec<String> = keys.iter().map(|k| k.0.clone()).collect();
    let mut found =
        batch::get_many(&bucket, &names).map_err(|e| KvError::Store(format!("{e:?}")))?;
    // The answer names its keys; match by name rather than trust its order.
    Ok(names
        .iter()
        .map(|name| {
            found
                .iter_mut()
                .find(|(key, _)| key == name)
                .and_then(|(_, value)| value.take())
        })
        .collect())
}

/// Atomic counters in the store.
pub struct Counters {
    bucket: wasi_store::Bucket,
}

impl Counters {
    /// Opens the `default` store through `wasi:keyvalue`.
    pub fn open() -> Result<Self, KvError> {
        wasi_store::open(STORE)
            .map(|bucket| Self { bucket })
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }

    /// Adds `delta` atomically and returns the new value (an absent counter starts at 0).
    pub fn increment(&self, key: &CounterKey, delta: i64) -> Result<i64, KvError> {
        atomics::increment(&self.bucket, &key.0, delta)
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }

    /// The current value, read atomically (an increment by 0).
    pub fn current(&self, key: &CounterKey) -> Result<i64, KvError> {
        self.increment(key, 0)
    }

    /// Removes the counter (back to 0).
    pub fn reset(&self, key: &CounterKey) -> Result<(), KvError> {
        self.bucket
            .delete(&key.0)
            .map_err(|e| KvError::Store(format!("{e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_and_counter_keys_never_collide() {
        let d = DocKey::new("lockout", "u1");
        let c = CounterKey::new("lockout", "u1");
        assert_ne!(d.as_str(), c.as_str());
        assert_eq!(d.as_str(), "d:lockout:u1");
        assert_eq!(c.as_str(), "c:lockout:u1");
    }
}
