//! SQLite databases (`spin:sqlite/sqlite@3.0.0` and `fermyon:spin/sqlite@2.0.0`): one file per
//! label, used in one of two modes ([`SqliteMode`]).
//!
//! **Spin's model (the default).** As Spin 3.6.3 (`crates/sqlite-inproc`): every database
//! handle a guest opens gets its own rusqlite connection, opened by `Connection::open` at the
//! handle's first statement and closed when the handle is dropped (SQLite then rolls back a
//! transaction left open). The host sets no pragmas: the journal is whatever the file has (the
//! rollback journal, `delete`, for a new file; WAL if the file was switched to it), `synchronous`
//! is SQLite's default FULL, and the busy timeout is rusqlite's default 5 s. Nothing in the host
//! orders writers: a write transaction that finds the file locked waits in SQLite's busy
//! handler and fails with "database is locked" when the timeout runs out, exactly as on Spin,
//! so the app's retries are exercised here. (Spin wraps each connection in a `Mutex`; it only
//! serialises the statements of that one handle, never two handles.)
//!
//! **Write queue (`--sqlite-write-queue`, an on-premises option; not Spin).** Connections are
//! pooled and set to WAL with `synchronous=FULL` and a 5 s busy timeout, and write transactions
//! (`BEGIN IMMEDIATE` / `BEGIN EXCLUSIVE`) pass a per-file FIFO gate before they reach SQLite.
//! Without the gate a burst of writers (a council of 1,000 voting at once) meets SQLite's busy
//! handler, which sleeps and polls with growing pauses: the lock is free most of the time while
//! waiters sleep, and latency tails explode. With it, writers queue in arrival order and each
//! starts the moment the previous one commits; readers are not gated (WAL lets them run beside
//! the writer).
//!
//! In both modes an acknowledged write survives `kill -9`: every commit is synced
//! (`synchronous=FULL` in either journal mode). Statements run off the async executor: on the
//! calling worker (`block_in_place`) on the multi-threaded runtime, else on the blocking pool.

mod host;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Idle connections kept per file in write-queue mode.
const MAX_IDLE: usize = 16;
/// The busy timeout of write-queue connections (the same as rusqlite's default).
const QUEUE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How the host uses its SQLite files (databases and the SQLite key-value backend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteMode {
    /// Spin 3.6.3's model: a fresh connection per opened handle with SQLite's and rusqlite's
    /// defaults, no write queue (the default, so every test sees what Spin does).
    #[default]
    Spin,
    /// `--sqlite-write-queue`: WAL, `synchronous=FULL`, pooled connections and a per-file FIFO
    /// queue for write transactions (faster under write bursts on one server; not Spin).
    WriteQueue,
}

impl SqliteMode {
    /// The mode for the `--sqlite-write-queue` flag.
    pub fn from_write_queue_flag(write_queue: bool) -> Self {
        if write_queue {
            Self::WriteQueue
        } else {
            Self::Spin
        }
    }
}

/// Runs blocking SQLite work off the async executor: on this worker (`block_in_place`, its
/// other tasks move to another worker) on the multi-threaded runtime, which saves a hand-off to
/// a blocking thread and back for each of a request's many short statements; on the blocking
/// pool otherwise.
pub(crate) async fn run_blocking<T, F>(f: F) -> Result<T, String>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, String> + Send + 'static,
{
    if tokio::runtime::Handle::current().runtime_flavor()
        == tokio::runtime::RuntimeFlavor::MultiThread
    {
        tokio::task::block_in_place(f)
    } else {
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| e.to_string())?
    }
}

/// The write-queue mode's state of one file.
#[derive(Debug, Default)]
struct WriteQueue {
    idle: Mutex<Vec<Connection>>,
    gate: Arc<tokio::sync::Mutex<()>>,
}

/// One SQLite file (also the file under the SQLite KV backend).
#[derive(Debug)]
pub struct Database {
    path: PathBuf,
    /// `None`: rusqlite's default (5 s), as in Spin. Set explicitly in write-queue mode, and
    /// shortened by unit tests.
    busy_timeout: Option<Duration>,
    /// `Some` in write-queue mode.
    queue: Option<WriteQueue>,
}

impl Database {
    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Prepares the database file in `mode`: creates its directory (as Spin does) and checks
    /// that the file opens, so a bad path stops start-up rather than the first request.
    pub fn open(path: &Path, mode: SqliteMode) -> Result<Arc<Self>, String> {
        let busy_timeout = match mode {
            SqliteMode::Spin => None,
            SqliteMode::WriteQueue => Some(QUEUE_BUSY_TIMEOUT),
        };
        Self::with_settings(path, mode, busy_timeout)
    }

    fn with_settings(
        path: &Path,
        mode: SqliteMode,
        busy_timeout: Option<Duration>,
    ) -> Result<Arc<Self>, String> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let db = Self {
            path: path.to_path_buf(),
            busy_timeout,
            queue: match mode {
                SqliteMode::Spin => None,
                SqliteMode::WriteQueue => Some(WriteQueue::default()),
            },
        };
        let conn = db.connect()?;
        db.release(conn);
        Ok(Arc::new(db))
    }

    /// The mode this file is used in.
    pub fn mode(&self) -> SqliteMode {
        match self.queue {
            None => SqliteMode::Spin,
            Some(_) => SqliteMode::WriteQueue,
        }
    }

    /// A new connection: `Connection::open` as Spin (SQLite's defaults, rusqlite's busy
    /// timeout); in write-queue mode switched to WAL with `synchronous=FULL`.
    fn connect(&self) -> Result<Connection, String> {
        let conn = Connection::open(&self.path)
            .map_err(|e| format!("cannot open {}: {e}", self.path.display()))?;
        if let Some(timeout) = self.busy_timeout {
            conn.busy_timeout(timeout).map_err(|e| e.to_string())?;
        }
        if self.queue.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| e.to_string())?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(|e| e.to_string())?;
        }
        Ok(conn)
    }

    /// A connection for one user: a fresh one in Spin's model; an idle one from the pool (or
    /// a new one) in write-queue mode. Blocking: call off the async executor.
    pub(crate) fn acquire(&self) -> Result<Connection, String> {
        let pooled = self
            .queue
            .as_ref()
            .and_then(|q| q.idle.lock().ok().and_then(|mut idle| idle.pop()));
        match pooled {
            Some(conn) => Ok(conn),
            None => self.connect(),
        }
    }

    /// Waits for this file's write turn (held until the guard drops); `None` at once in
    /// Spin's model, which has no write queue.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match &self.queue {
            Some(q) => Some(Arc::clone(&q.gate).lock_owned().await),
            None => None,
        }
    }

    /// Gives a connection back. In Spin's model it is closed (SQLite rolls back a transaction
    /// left open); in write-queue mode a transaction left open is rolled back and the
    /// connection goes back to the pool.
    pub(crate) fn release(&self, conn: Connection) {
        let Some(queue) = &self.queue else {
            drop(conn);
            return;
        };
        if !conn.is_autocommit() && conn.execute_batch("ROLLBACK").is_err() {
            return;
        }
        if let Ok(mut idle) = queue.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
        }
    }
}

/// An open database handle held by a guest (the `connection` resource of both interfaces).
/// Its connection is taken at the first statement (Spin opens it then too) and given back
/// (closed, or returned to the write-queue pool) when the handle is dropped, explicitly or
/// with the request's resource table.
pub struct Conn {
    db: Arc<Database>,
    /// The label the guest opened (metrics only).
    label: Arc<str>,
    conn: Arc<Mutex<Option<Connection>>>,
    /// Write-queue mode: held from a write transaction's `BEGIN` until it ends (dropped after
    /// the connection went back to the pool, i.e. after the rollback of a transaction left
    /// open).
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
    /// A handle on `db`; its connection is taken at the first statement.
    pub fn open(db: Arc<Database>) -> Self {
        Self::labelled(db, Arc::from(""))
    }

    /// A handle on `db`, opened by the guest under `label`.
    pub fn labelled(db: Arc<Database>, label: Arc<str>) -> Self {
        Self {
            db,
            label,
            conn: Arc::new(Mutex::new(None)),
            write_turn: Mutex::new(None),
        }
    }

    /// The label the guest opened.
    pub fn label(&self) -> &str {
        &self.label
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
        let db = Arc::clone(&self.db);
        run_blocking(move || {
            let mut guard = conn.lock().map_err(|_| "connection poisoned".to_string())?;
            let conn = match &mut *guard {
                Some(conn) => conn,
                slot @ None => slot.insert(db.acquire()?),
            };
            f(conn)
        })
        .await
    }

    /// Runs one statement with positional parameters.
    pub async fn execute(
        &self,
        statement: String,
        params: Vec<SqlValue>,
    ) -> Result<QueryResult, String> {
        let edge = TxnEdge::of(&statement);
        if edge == TxnEdge::BeginWrite && !self.holds_write_turn() {
            if let Some(turn) = self.db.write_turn().await {
                self.set_write_turn(Some(turn));
            }
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

/// Whether a statement starts or ends a transaction (for the write queue).
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
    use std::time::Instant;

    fn db(dir: &tempfile::TempDir, name: &str, mode: SqliteMode) -> Arc<Database> {
        Database::open(&dir.path().join(name), mode).unwrap()
    }

    /// The single value `statement` returns.
    async fn value(conn: &Conn, statement: &str) -> SqlValue {
        let r = conn.execute(statement.into(), vec![]).await.unwrap();
        r.rows[0][0].clone()
    }

    async fn run(conn: &Conn, statement: &str) {
        conn.execute(statement.into(), vec![]).await.unwrap();
    }

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

    #[test]
    fn the_flag_selects_the_mode_and_spin_is_the_default() {
        assert_eq!(SqliteMode::default(), SqliteMode::Spin);
        assert_eq!(SqliteMode::from_write_queue_flag(false), SqliteMode::Spin);
        assert_eq!(
            SqliteMode::from_write_queue_flag(true),
            SqliteMode::WriteQueue
        );
    }

    // Spin's model (the default).

    #[tokio::test]
    async fn spin_mode_connections_keep_sqlite_and_rusqlite_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "fresh.db", SqliteMode::Spin);
        assert_eq!(db.mode(), SqliteMode::Spin);
        let conn = Conn::open(db);
        run(&conn, "CREATE TABLE t (x)").await;
        // A new file stays on the rollback journal: the host switches nothing to WAL.
        assert_eq!(
            value(&conn, "PRAGMA journal_mode").await,
            SqlValue::Text("delete".into())
        );
        // SQLite's default synchronous (FULL = 2) and rusqlite's default busy timeout (5 s).
        assert_eq!(
            value(&conn, "PRAGMA synchronous").await,
            SqlValue::Integer(2)
        );
        assert_eq!(
            value(&conn, "PRAGMA busy_timeout").await,
            SqlValue::Integer(5000)
        );
    }

    #[tokio::test]
    async fn spin_mode_leaves_a_wal_file_in_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wal.db");
        {
            let outside = Connection::open(&path).unwrap();
            outside.pragma_update(None, "journal_mode", "WAL").unwrap();
            outside.execute_batch("CREATE TABLE t (x)").unwrap();
        }
        let conn = Conn::open(Database::open(&path, SqliteMode::Spin).unwrap());
        run(&conn, "INSERT INTO t VALUES (1)").await;
        assert_eq!(
            value(&conn, "PRAGMA journal_mode").await,
            SqlValue::Text("wal".into())
        );
    }

    #[tokio::test]
    async fn spin_mode_gives_each_handle_its_own_fresh_connection() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "own.db", SqliteMode::Spin);
        let first = Conn::open(Arc::clone(&db));
        run(&first, "CREATE TEMP TABLE scratch (x)").await;
        run(&first, "INSERT INTO scratch VALUES (1)").await;
        assert_eq!(
            value(&first, "SELECT count(*) FROM scratch").await,
            SqlValue::Integer(1)
        );
        // Connection state (a temp table) is not shared with another handle...
        let second = Conn::open(Arc::clone(&db));
        let err = second
            .execute("SELECT * FROM scratch".into(), vec![])
            .await
            .unwrap_err();
        assert!(err.contains("no such table"), "{err}");
        // ...nor handed on to the next one: no pool.
        drop(first);
        let third = Conn::open(db);
        let err = third
            .execute("SELECT * FROM scratch".into(), vec![])
            .await
            .unwrap_err();
        assert!(err.contains("no such table"), "{err}");
    }

    #[tokio::test]
    async fn spin_mode_has_no_write_queue_a_blocked_writer_times_out_in_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let timeout = Duration::from_millis(300);
        let db =
            Database::with_settings(&dir.path().join("busy.db"), SqliteMode::Spin, Some(timeout))
                .unwrap();
        let first = Conn::open(Arc::clone(&db));
        run(&first, "CREATE TABLE t (v INTEGER)").await;
        run(&first, "BEGIN IMMEDIATE").await;
        let second = Conn::open(Arc::clone(&db));
        let started = Instant::now();
        let begun = second.execute("BEGIN IMMEDIATE".into(), vec![]).await;
        let waited = started.elapsed();
        // Not queued behind the first writer: SQLite's busy handler waited out the timeout.
        let err = begun.unwrap_err();
        assert!(err.contains("database is locked"), "{err}");
        assert!(waited >= timeout / 2, "gave up after {waited:?}");
        assert!(waited < Duration::from_secs(3), "waited {waited:?}");
        // Once the first commits, the second begins at once.
        run(&first, "INSERT INTO t VALUES (1)").await;
        run(&first, "COMMIT").await;
        run(&second, "BEGIN IMMEDIATE").await;
        run(&second, "INSERT INTO t VALUES (2)").await;
        run(&second, "COMMIT").await;
        assert_eq!(
            value(&first, "SELECT group_concat(v) FROM t").await,
            SqlValue::Text("1,2".into())
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn spin_mode_writer_waits_in_the_busy_handler_until_the_first_commits() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "wait.db", SqliteMode::Spin);
        let first = Conn::open(Arc::clone(&db));
        run(&first, "CREATE TABLE t (v INTEGER)").await;
        run(&first, "BEGIN IMMEDIATE").await;
        let second = Conn::open(Arc::clone(&db));
        let waiting = tokio::spawn(async move {
            second.execute("BEGIN IMMEDIATE".into(), vec![]).await?;
            second
                .execute("INSERT INTO t VALUES (2)".into(), vec![])
                .await?;
            second.execute("COMMIT".into(), vec![]).await
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "the second writer must wait");
        run(&first, "INSERT INTO t VALUES (1)").await;
        run(&first, "COMMIT").await;
        waiting.await.unwrap().unwrap();
        assert_eq!(
            value(&first, "SELECT group_concat(v) FROM t").await,
            SqlValue::Text("1,2".into())
        );
    }

    #[tokio::test]
    async fn spin_mode_a_transaction_left_open_is_rolled_back_when_the_handle_drops() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "drop.db", SqliteMode::Spin);
        let first = Conn::open(Arc::clone(&db));
        run(&first, "CREATE TABLE t (v INTEGER)").await;
        run(&first, "BEGIN IMMEDIATE").await;
        run(&first, "INSERT INTO t VALUES (1)").await;
        drop(first);
        let second = Conn::open(db);
        run(&second, "BEGIN IMMEDIATE").await;
        assert_eq!(
            value(&second, "SELECT count(*) FROM t").await,
            SqlValue::Integer(0)
        );
    }

    // The write queue (`--sqlite-write-queue`).

    #[tokio::test]
    async fn write_queue_mode_uses_wal_with_synchronous_full() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "q.db", SqliteMode::WriteQueue);
        assert_eq!(db.mode(), SqliteMode::WriteQueue);
        let conn = Conn::open(db);
        assert_eq!(
            value(&conn, "PRAGMA journal_mode").await,
            SqlValue::Text("wal".into())
        );
        assert_eq!(
            value(&conn, "PRAGMA synchronous").await,
            SqlValue::Integer(2)
        );
        assert_eq!(
            value(&conn, "PRAGMA busy_timeout").await,
            SqlValue::Integer(5000)
        );
    }

    #[tokio::test]
    async fn write_queue_mode_queues_write_transactions_instead_of_meeting_the_busy_handler() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "g.db", SqliteMode::WriteQueue);
        let first = Conn::open(Arc::clone(&db));
        run(&first, "CREATE TABLE t (v INTEGER)").await;
        run(&first, "BEGIN IMMEDIATE").await;
        let second = Arc::new(Conn::open(Arc::clone(&db)));
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
        run(&first, "INSERT INTO t VALUES (1)").await;
        run(&first, "COMMIT").await;
        waiting.await.unwrap().unwrap();
        assert_eq!(
            value(&first, "SELECT group_concat(v) FROM t").await,
            SqlValue::Text("1,2".into())
        );
    }

    #[tokio::test]
    async fn write_queue_mode_a_dropped_connection_gives_up_its_turn() {
        let dir = tempfile::tempdir().unwrap();
        let db = db(&dir, "d.db", SqliteMode::WriteQueue);
        let first = Conn::open(Arc::clone(&db));
        run(&first, "BEGIN IMMEDIATE").await;
        drop(first);
        let second = Conn::open(db);
        let begun = tokio::time::timeout(
            Duration::from_secs(2),
            second.execute("BEGIN IMMEDIATE".into(), vec![]),
        )
        .await;
        assert!(matches!(begun, Ok(Ok(_))));
    }

    #[tokio::test]
    async fn execute_round_trip_and_rollback_on_release_in_both_modes() {
        for mode in [SqliteMode::Spin, SqliteMode::WriteQueue] {
            let dir = tempfile::tempdir().unwrap();
            let db = db(&dir, "t.db", mode);
            let conn = Conn::open(Arc::clone(&db));
            run(
                &conn,
                "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB, score REAL)",
            )
            .await;
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
            assert_eq!(conn.last_insert_rowid().await, 1, "{mode:?}");
            assert_eq!(conn.changes().await, 1, "{mode:?}");
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
                ]],
                "{mode:?}"
            );
            run(&conn, "BEGIN").await;
            run(&conn, "INSERT INTO t (name) VALUES ('left open')").await;
            drop(conn);
            let conn = Conn::open(db);
            assert_eq!(
                value(&conn, "SELECT count(*) FROM t").await,
                SqlValue::Integer(1),
                "{mode:?}"
            );
        }
    }

    #[tokio::test]
    async fn open_creates_the_database_directory_as_spin_does() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("nested").join("x.db");
        let conn = Conn::open(Database::open(&path, SqliteMode::Spin).unwrap());
        run(&conn, "CREATE TABLE t (x)").await;
        assert!(path.is_file());
    }
}
