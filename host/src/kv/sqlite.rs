//! The SQLite key-value backend, in Spin's on-disk layout: table
//! `spin_key_value(store, key, value)`, counters as 8 little-endian bytes.
//!
//! In Spin's model (the default) a file is used as Spin 3.6.3 does (`crates/key-value-spin`):
//! one connection per store (per runtime-config section; the labels without one share the
//! default file and its connection), opened with `Connection::open` (SQLite's and rusqlite's
//! defaults, no pragmas) and shared by every request, its operations serialised by a mutex
//! (which also keeps read-add-write increments exact). With `--sqlite-write-queue` the file
//! gets the write-queue mode of [`Database`]: pooled WAL connections (reads in parallel),
//! writes through the file's FIFO queue.

use crate::sqlite::{run_blocking, Database, SqliteMode};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS spin_key_value (
    store TEXT NOT NULL,
    key   TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (store, key)
)";

/// A SQLite key-value file with its table.
#[derive(Debug)]
pub struct SqliteKv {
    files: Files,
}

#[derive(Debug)]
enum Files {
    /// Spin's model: the file's one connection, behind a mutex.
    Shared(Arc<Mutex<Connection>>),
    /// Write-queue mode: pooled connections and the FIFO write queue.
    Queued(Arc<Database>),
}

impl SqliteKv {
    /// Opens (creating if needed) the file and its table.
    pub fn open(path: &Path, mode: SqliteMode) -> Result<Arc<Self>, String> {
        let db = Database::open(path, mode)?;
        let conn = db.acquire()?;
        let created = conn.execute(CREATE_TABLE, []).map_err(|e| e.to_string());
        let files = match mode {
            SqliteMode::Spin => {
                created?;
                Files::Shared(Arc::new(Mutex::new(conn)))
            }
            SqliteMode::WriteQueue => {
                db.release(conn);
                created?;
                Files::Queued(db)
            }
        };
        Ok(Arc::new(Self { files }))
    }

    /// Like [`SqliteKv::run`] for a write: in write-queue mode it waits its turn in the file's
    /// FIFO queue first (see `crate::sqlite`); in Spin's model the mutex is the only order.
    pub async fn run_write<T, F>(self: &Arc<Self>, f: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let _turn = match &self.files {
            Files::Queued(db) => db.write_turn().await,
            Files::Shared(_) => None,
        };
        self.run(f).await
    }

    /// Runs `f` on the file's connection (Spin's model) or a pooled one, off the executor.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        match &self.files {
            Files::Shared(conn) => {
                let conn = Arc::clone(conn);
                run_blocking(move || {
                    // A panic inside `f` rolled back any transaction it had open (rusqlite's
                    // `Transaction` does so on drop): the connection is still sound.
                    let mut conn = conn.lock().unwrap_or_else(PoisonError::into_inner);
                    f(&mut conn).map_err(|e| e.to_string())
                })
                .await
            }
            Files::Queued(db) => {
                let db = Arc::clone(db);
                run_blocking(move || {
                    let mut conn = db.acquire()?;
                    let result = f(&mut conn).map_err(|e| e.to_string());
                    db.release(conn);
                    result
                })
                .await
            }
        }
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

/// Atomically adds `delta` to a counter (absent = 0): a read-add-upsert in one transaction,
/// storing the i64 as 8 little-endian bytes. Spin runs it as a deferred transaction on its one
/// mutex-guarded connection; `BEGIN IMMEDIATE` here keeps it exact on the write-queue pool too
/// (and changes nothing behind the mutex).
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn hundred_concurrent_increments(mode: SqliteMode) {
        let dir = tempfile::tempdir().unwrap();
        let kv = SqliteKv::open(&dir.path().join("kv.db"), mode).unwrap();
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let kv = Arc::clone(&kv);
                tokio::spawn(async move { kv.run_write(|c| increment(c, "default", "n", 1)).await })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let n = kv.run(|c| get(c, "default", "n")).await.unwrap();
        assert_eq!(n, Some(100_i64.to_le_bytes().to_vec()), "{mode:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn increments_are_exact_under_concurrency_in_spin_mode() {
        hundred_concurrent_increments(SqliteMode::Spin).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn increments_are_exact_under_concurrency_in_write_queue_mode() {
        hundred_concurrent_increments(SqliteMode::WriteQueue).await;
    }

    #[tokio::test]
    async fn spin_mode_shares_one_connection_without_pragmas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kv.db");
        let kv = SqliteKv::open(&path, SqliteMode::Spin).unwrap();
        kv.run_write(|c| set(c, "default", "k", b"v"))
            .await
            .unwrap();
        // One connection: its temp state is seen by the next operation.
        kv.run(|c| c.execute_batch("CREATE TEMP TABLE marker (x)"))
            .await
            .unwrap();
        let (journal, marker): (String, i64) = kv
            .run(|c| {
                let journal = c.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                let marker = c.query_row("SELECT count(*) FROM temp.marker", [], |r| r.get(0))?;
                Ok((journal, marker))
            })
            .await
            .unwrap();
        assert_eq!(journal, "delete");
        assert_eq!(marker, 0);
    }

    #[tokio::test]
    async fn write_queue_mode_switches_the_file_to_wal() {
        let dir = tempfile::tempdir().unwrap();
        let kv = SqliteKv::open(&dir.path().join("kv.db"), SqliteMode::WriteQueue).unwrap();
        let journal: String = kv
            .run(|c| c.pragma_query_value(None, "journal_mode", |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(journal, "wal");
    }
}
