//! SQLite databases (`spin:sqlite/sqlite@3.0.0` and `fermyon:spin/sqlite@2.0.0`): one file
//! per label, WAL mode with `synchronous=FULL` so an acknowledged write survives `kill -9`.
//!
//! Write transactions (`BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE`) pass a per-database FIFO gate
//! before they reach SQLite. Without it, a burst of writers (a council of 1,000 voting at
//! once) meets SQLite's busy handler, which sleeps and polls with growing pauses: the lock is
//! free most of the time while waiters sleep, and latency tails explode. With the gate, writers
//! queue in arrival order and each starts the moment the previous one commits; readers are not
//! gated (WAL lets them run beside the writer). Spin's own SQLite serialises all statements of a
//! database through one connection, so this is no stricter than Spin.

mod host;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const MAX_IDLE: usize = 16;
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Applies the durability and concurrency settings every connection of this host uses.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// One SQLite file with a pool of idle connections (also the file under the SQLite KV backend).
#[derive(Debug)]
pub struct Database {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    write_gate: Arc<tokio::sync::Mutex<()>>,
}

impl Database {
    /// Opens (creating if needed) the database file.
    pub fn open(path: &Path) -> Result<Arc<Self>, String> {
        let db = Self {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            write_gate: Arc::new(tokio::sync::Mutex::new(())),
        };
        let conn = db.connect()?;
        db.release(conn);
        Ok(Arc::new(db))
    }

    fn connect(&self) -> Result<Connection, String> {
        let conn = Connection::open(&self.path)
            .map_err(|e| format!("cannot open {}: {e}", self.path.display()))?;
        configure(&conn).map_err(|e| e.to_string())?;
        Ok(conn)
    }

    /// Takes an idle connection or opens a new one (blocking: call off the async executor).
    pub(crate) fn acquire(&self) -> Result<Connection, String> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match pooled {
            Some(conn) => Ok(conn),
            None => self.connect(),
        }
    }

    /// Waits for this file's write turn (held until the guard drops).
    pub(crate) async fn write_turn(&self) -> tokio::sync::OwnedMutexGuard<()> {
        Arc::clone(&self.write_gate).lock_owned().await
    }

    /// Returns a connection to the pool, rolling back a transaction the guest left open.
    pub(crate) fn release(&self, conn: Connection) {
        if !conn.is_autocommit() && conn.execute_batch("ROLLBACK").is_err() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
        }
    }
}

/// An open connection held by a guest (the `connection` resource of both interfaces).
/// Dropping it (explicitly or with the request's resource table) returns it to the pool.
pub struct Conn {
    db: Arc<Database>,
    conn: Arc<Mutex<Option<Connection>>>,
    /// Held from a write transaction's `BEGIN` until it ends (dropped after the connection
    /// went back to the pool, i.e. after the rollback of a transaction left open).
    write_turn: Mutex<Option<tokio::sync::OwnedMutexGuard<()>>>,
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Conn({})", self.db.path.display())
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        let taken = self.conn.lock().ok().and_then(|mut c| c.take());
        if let Some(conn) = taken {
            self.db.release(conn);
        }
    }
}

/// A column value, independent of which interface version carried it.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    /// INTEGER
    Integer(i64),
    /// REAL
    Real(f64),
    /// TEXT
    Text(String),
    /// BLOB
    Blob(Vec<u8>),
    /// NULL
    Null,
}

impl rusqlite::ToSql for SqlValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            SqlValue::Integer(i) => ValueRef::Integer(*i),
            SqlValue::Real(r) => ValueRef::Real(*r),
            SqlValue::Text(t) => ValueRef::Text(t.as_bytes()),
            SqlValue::Blob(b) => ValueRef::Blob(b),
            SqlValue::Null => ValueRef::Null,
        }))
    }
}

impl From<ValueRef<'_>> for SqlValue {
    fn from(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Integer(i) => SqlValue::Integer(i),
            ValueRef::Real(r) => SqlValue::Real(r),
            ValueRef::Text(t) => SqlValue::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
            ValueRef::Null => SqlValue::Null,
        }
    }
}

/// Rows returned by a statement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryResult {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of values.
    pub rows: Vec<Vec<SqlValue>>,
}

impl Conn {
    /// Takes a connection from `db`'s pool.
    pub async fn open(db: Arc<Database>) -> Result<Self, String> {
        let pool = Arc::clone(&db);
        let conn = tokio::task::spawn_blocking(move || pool.acquire())
            .await
            .map_err(|e| e.to_string())??;
        Ok(Self {
            db,
            conn: Arc::new(Mutex::new(Some(conn))),
            write_turn: Mutex::new(None),
        })
    }

    fn holds_write_turn(&self) -> bool {
        self.write_turn.lock().map(|t| t.is_some()).unwrap_or(false)
    }

    fn set_write_turn(&self, turn: Option<tokio::sync::OwnedMutexGuard<()>>) {
        if let Ok(mut slot) = self.write_turn.lock() {
            *slot = turn;
        }
    }

    async fn with<T, F>(&self, f: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, String> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        let run = move || {
            let guard = conn.lock().map_err(|_| "connection poisoned".to_string())?;
            let conn = guard.as_ref().ok_or("connection closed")?;
            f(conn)
        };
        // On the multi-threaded runtime the statement runs on this worker (its other tasks move
        // to another worker): no hand-off to a blocking thread and back for each of the many
        // short statements of a request, which is most of a statement's cost.
        if tokio::runtime::Handle::current().runtime_flavor()
            == tokio::runtime::RuntimeFlavor::MultiThread
        {
            tokio::task::block_in_place(run)
        } else {
            tokio::task::spawn_blocking(run)
                .await
                .map_err(|e| e.to_string())?
        }
    }

    /// Runs one statement with positional parameters.
    pub async fn execute(
        &self,
        statement: String,
        params: Vec<SqlValue>,
    ) -> Result<QueryResult, String> {
        let edge = TxnEdge::of(&statement);
        if edge == TxnEdge::BeginWrite && !self.holds_write_turn() {
            let turn = self.db.write_turn().await;
            self.set_write_turn(Some(turn));
        }
        let result = self
            .with(move |conn| {
                let r = execute(conn, &statement, &params).map_err(|e| e.to_string());
                Ok((r, conn.is_autocommit()))
            })
            .await;
        let (result, autocommit) = match result {
            Ok((r, autocommit)) => (r, autocommit),
            Err(e) => (Err(e), false),
        };
        // The turn ends with the transaction: after COMMIT/ROLLBACK, or a BEGIN that failed.
        if edge != TxnEdge::Other && autocommit {
            self.set_write_turn(None);
        }
        result
    }

    /// `sqlite3_last_insert_rowid`.
    pub async fn last_insert_rowid(&self) -> i64 {
        self.with(|c| Ok(c.last_insert_rowid())).await.unwrap_or(0)
    }

    /// `sqlite3_changes`.
    pub async fn changes(&self) -> u64 {
        self.with(|c| Ok(c.changes())).await.unwrap_or(0)
    }
}

/// Whether a statement starts or ends a transaction (for the write gate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TxnEdge {
    /// `BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE`: takes the write lock at once.
    BeginWrite,
    /// `COMMIT`, `END`, `ROLLBACK` (not `ROLLBACK TO` a savepoint).
    End,
    /// Anything else.
    Other,
}

impl TxnEdge {
    fn of(statement: &str) -> Self {
        let words: Vec<String> = statement
            .split_whitespace()
            .take(2)
            .map(|w| w.trim_end_matches(';').to_ascii_uppercase())
            .collect();
        match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["BEGIN", "IMMEDIATE" | "EXCLUSIVE"] => Self::BeginWrite,
            ["COMMIT" | "END", ..] => Self::End,
            ["ROLLBACK"] => Self::End,
            ["ROLLBACK", second] if second != "TO" => Self::End,
            _ => Self::Other,
        }
    }
}

fn execute(
    conn: &Connection,
    statement: &str,
    params: &[SqlValue],
) -> rusqlite::Result<QueryResult> {
    let mut stmt = conn.prepare_cached(statement)?;
    let columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let width = columns.len();
    let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..width)
            .map(|i| row.get_ref(i).map(SqlValue::from))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(values);
    }
    Ok(QueryResult { columns, rows: out })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_edges() {
        assert_eq!(TxnEdge::of("BEGIN IMMEDIATE"), TxnEdge::BeginWrite);
        assert_eq!(TxnEdge::of("  begin exclusive;"), TxnEdge::BeginWrite);
        assert_eq!(TxnEdge::of("BEGIN"), TxnEdge::Other);
        assert_eq!(TxnEdge::of("COMMIT"), TxnEdge::End);
        assert_eq!(TxnEdge::of("end transaction"), TxnEdge::End);
        assert_eq!(TxnEdge::of("ROLLBACK"), TxnEdge::End);
        assert_eq!(TxnEdge::of("ROLLBACK TRANSACTION"), TxnEdge::End);
        assert_eq!(TxnEdge::of("ROLLBACK TO sp1"), TxnEdge::Other);
        assert_eq!(TxnEdge::of("INSERT INTO t VALUES (1)"), TxnEdge::Other);
    }

    #[tokio::test]
    async fn write_transactions_queue_instead_of_meeting_the_busy_handler() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("g.db")).unwrap();
        let first = Conn::open(Arc::clone(&db)).await.unwrap();
        first
            .execute("CREATE TABLE t (v INTEGER)".into(), vec![])
            .await
            .unwrap();
        first
            .execute("BEGIN IMMEDIATE".into(), vec![])
            .await
            .unwrap();
        let second = Arc::new(Conn::open(Arc::clone(&db)).await.unwrap());
        let waiting = {
            let second = Arc::clone(&second);
            tokio::spawn(async move {
                second.execute("BEGIN IMMEDIATE".into(), vec![]).await?;
                second
                    .execute("INSERT INTO t VALUES (2)".into(), vec![])
                    .await?;
                second.execute("COMMIT".into(), vec![]).await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "the second writer must wait its turn"
        );
        first
            .execute("INSERT INTO t VALUES (1)".into(), vec![])
            .await
            .unwrap();
        first.execute("COMMIT".into(), vec![]).await.unwrap();
        waiting.await.unwrap().unwrap();
        let r = first
            .execute("SELECT group_concat(v) FROM t".into(), vec![])
            .await
            .unwrap();
        assert_eq!(r.rows, vec![vec![SqlValue::Text("1,2".into())]]);
    }

    #[tokio::test]
    async fn a_dropped_connection_gives_up_its_turn() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("d.db")).unwrap();
        let first = Conn::open(Arc::clone(&db)).await.unwrap();
        first
            .execute("BEGIN IMMEDIATE".into(), vec![])
            .await
            .unwrap();
        drop(first);
        let second = Conn::open(db).await.unwrap();
        let begun = tokio::time::timeout(
            Duration::from_secs(2),
            second.execute("BEGIN IMMEDIATE".into(), vec![]),
        )
        .await;
        assert!(matches!(begun, Ok(Ok(_))));
    }

    #[tokio::test]
    async fn execute_round_trip_and_rollback_on_release() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::open(&dir.path().join("t.db")).unwrap();
        let conn = Conn::open(Arc::clone(&db)).await.unwrap();
        conn.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB, score REAL)".into(),
            vec![],
        )
        .await
        .unwrap();
        conn.execute(
            "INSERT INTO t (name, data, score) VALUES (?, ?, ?)".into(),
            vec![
                SqlValue::Text("a".into()),
                SqlValue::Blob(vec![1, 2]),
                SqlValue::Real(1.5),
            ],
        )
        .await
        .unwrap();
        assert_eq!(conn.last_insert_rowid().await, 1);
        assert_eq!(conn.changes().await, 1);
        let r = conn
            .execute("SELECT id, name, data, score FROM t".into(), vec![])
            .await
            .unwrap();
        assert_eq!(r.columns, vec!["id", "name", "data", "score"]);
        assert_eq!(
            r.rows,
            vec![vec![
                SqlValue::Integer(1),
                SqlValue::Text("a".into()),
                SqlValue::Blob(vec![1, 2]),
                SqlValue::Real(1.5)
            ]]
        );
        conn.execute("BEGIN".into(), vec![]).await.unwrap();
        conn.execute("INSERT INTO t (name) VALUES ('left open')".into(), vec![])
            .await
            .unwrap();
        drop(conn);
        let conn = Conn::open(db).await.unwrap();
        let r = conn
            .execute("SELECT count(*) FROM t".into(), vec![])
            .await
            .unwrap();
        assert_eq!(r.rows, vec![vec![SqlValue::Integer(1)]]);
    }
}
