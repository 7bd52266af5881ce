//! The SQLite key-value backend, in Spin's on-disk layout: table
//! `spin_key_value(store, key, value)`, counters as 8 little-endian bytes.

use crate::sqlite::Database;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::Arc;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS spin_key_value (
    store TEXT NOT NULL,
    key   TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (store, key)
)";
/// A SQLite key-value file: the table over a pooled [`Database`].
#[derive(Debug)]
pub struct SqliteKv {
    db: Arc<Database>,
}

impl SqliteKv {
    /// Opens (creating if needed) the file and its table.
    pub fn open(path: &Path) -> Result<Arc<Self>, String> {
        let db = Database::open(path)?;
        let conn = db.acquire()?;
        let created = conn.execute(CREATE_TABLE, []).map_err(|e| e.to_string());
        db.release(conn);
        created?;
        Ok(Arc::new(Self { db }))
    }

    /// Like [`SqliteKv::run`] for a write: waits its turn at the file's write gate first
    /// (see `crate::sqlite`: FIFO instead of SQLite's sleeping busy handler).
    pub async fn run_write<T, F>(self: &Arc<Self>, f: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let _turn = self.db.write_turn().await;
        self.run(f).await
    }

    /// Runs `f` on a pooled connection on tokio's blocking pool.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || {
            let mut conn = db.acquire()?;
            let result = f(&mut conn).map_err(|e| e.to_string());
            db.release(conn);
            result
        })
        .await
        .map_err(|e| e.to_string())?
    }
}

/// Reads one value.
pub fn get(conn: &Connection, store: &str, key: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.prepare_cached("SELECT value FROM spin_key_value WHERE store = ?1 AND key = ?2")?
        .query_row(params![store, key], |row| row.get(0))
        .optional()
}

/// Writes one value.
pub fn set(conn: &Connection, store: &str, key: &str, value: &[u8]) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO spin_key_value (store, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (store, key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![store, key, value])?;
    Ok(())
}

/// Deletes one key (no error when absent).
pub fn delete(conn: &Connection, store: &str, key: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM spin_key_value WHERE store = ?1 AND key = ?2")?
        .execute(params![store, key])?;
    Ok(())
}

/// All keys of a store.
pub fn keys(conn: &Connection, store: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT key FROM spin_key_value WHERE store = ?1")?;
    let rows = stmt.query_map(params![store], |row| row.get(0))?;
    rows.collect()
}

/// Atomically adds `delta` to a counter (absent = 0), as Spin does: a `BEGIN IMMEDIATE`
/// read-add-upsert storing the i64 as 8 little-endian bytes.
pub fn increment(
    conn: &mut Connection,
    store: &str,
    key: &str,
    delta: i64,
) -> rusqlite::Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: Option<Vec<u8>> = get(&tx, store, key)?;
    let current = match current {
        None => 0,
        Some(bytes) => counter_value(&bytes)?,
    };
    let next = current
        .checked_add(delta)
        .ok_or_else(|| rusqlite::Error::ToSqlConversionFailure("counter overflow".into()))?;
    set(&tx, store, key, &next.to_le_bytes())?;
    tx.commit()?;
    Ok(next)
}

/// Replaces the value only if it still equals `expected` (`None` = absent). Returns whether
/// the swap happened.
pub fn compare_and_swap(
    conn: &mut Connection,
    store: &str,
    key: &str,
    expected: Option<&[u8]>,
    value: &[u8],
) -> rusqlite::Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = get(&tx, store, key)?;
    if current.as_deref() != expected {
        return Ok(false);
    }
    set(&tx, store, key, value)?;
    tx.commit()?;
    Ok(true)
}

fn counter_value(bytes: &[u8]) -> rusqlite::Result<i64> {
    let array: [u8; 8] = bytes.try_into().map_err(|_| {
        rusqlite::Error::ToSqlConversionFailure("the value is not a counter (8 bytes)".into())
    })?;
    Ok(i64::from_le_bytes(array))
}
