//! The SQLite database `default` through `spin:sqlite/sqlite@3.0.0`, migrated on first use.
//!
//! Store modules speak this module's typed [`Value`] and [`Row`], never spin-sdk's types, so
//! the SQL layer is one place. The database is used as Spin runs it: each open handle is its
//! own connection with SQLite's defaults, and nothing queues writers. So a write lock is held
//! only for short transactions (never across hashing or outbound HTTP), a busy or locked
//! database is retried here with bounded, jittered backoff, and a final failure becomes 503
//! `busy` with `Retry-After`, never a 500.
//!
//! A transaction waits for the write lock here, not in SQLite: its `BEGIN IMMEDIATE` runs
//! with SQLite's busy wait turned off (`PRAGMA busy_timeout = 0`) and is retried by the
//! component. SQLite's busy handler sleeps inside the statement, and Spin runs every
//! statement on one of the runtime's blocking threads: a burst of a thousand voters waiting
//! for the write lock filled that pool with sleepers, and the holder's own `COMMIT` queued
//! behind them (measured: 748 of 1,000 casts failed). A pause in the component is an
//! asynchronous timer on the host and holds no thread. Other statements keep SQLite's
//! default wait (readers in WAL mode never wait for a writer anyway).

use crate::migrations::{self, MigrationError};
use crate::schema::MIGRATIONS;
use ratusz_domain::time::Timestamp;
use spin_sdk::sqlite3 as spin;
use std::cell::Cell;
use std::time::Duration;

/// The database label every component lists in `spin.toml`.
pub const DATABASE: &str = "default";

/// How long a statement or a transaction's `BEGIN`/`COMMIT` keeps retrying a busy database
/// before the request gives up with 503 (well inside the 30 s request limit).
pub const BUSY_BUDGET: Duration = Duration::from_secs(10);

/// SQLite's busy wait on a connection as Spin opens it (rusqlite's default), restored after a
/// transaction's `BEGIN`.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// A database failure (a 500 whose detail is only logged; a schema refusal or a database that
/// stayed busy is a 503).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite or the host answered an error.
    #[error("sqlite: {0}")]
    Sqlite(String),
    /// The database stayed locked by other writers through every retry.
    #[error("database busy: {0}")]
    Busy(String),
    /// The schema cannot be brought up to date.
    #[error("schema: {0}")]
    Schema(#[from] MigrationError),
    /// A row does not have the shape the code expects.
    #[error("unexpected row: {0}")]
    Decode(String),
}

impl DbError {
    fn from_spin(e: spin::Error) -> Self {
        let text = format!("{e:?}");
        if is_busy_message(&text) {
            Self::Busy(text)
        } else {
            Self::Sqlite(text)
        }
    }

    /// Whether retrying later may succeed (the database was locked, not broken).
    pub fn is_busy(&self) -> bool {
        matches!(self, Self::Busy(_))
    }
}

/// Whether SQLite's error text means "someone else holds the lock" (`SQLITE_BUSY`,
/// `SQLITE_LOCKED`), as rusqlite words it behind Spin's `Error::Io`.
pub fn is_busy_message(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("database is locked")
        || t.contains("database table is locked")
        || t.contains("database is busy")
        || t.contains("sqlite_busy")
}

/// The pause before retry `attempt` (1-based) after `waited` so far, or `None` once the
/// [`BUSY_BUDGET`] is spent: exponential from 1 ms (a write transaction holds the lock for
/// about a millisecond, so a lone waiter looks again soon), capped at 100 ms like SQLite's own
/// schedule (a crowd of waiters then still finds the lock free within a fraction of a
/// millisecond, without burning the CPU the holder needs), jittered in its upper half so
/// writers do not retry in step. `jitter` is a random byte.
pub fn busy_backoff(attempt: u32, waited: Duration, jitter: u8) -> Option<Duration> {
    if waited >= BUSY_BUDGET {
        return None;
    }
    let ceiling_us = 1_000u64
        .saturating_mul(1u64 << attempt.saturating_sub(1).min(7))
        .min(100_000);
    let half = ceiling_us / 2;
    Some(Duration::from_micros(half + half * u64::from(jitter) / 255))
}

fn random_byte() -> u8 {
    spin_sdk::wit::wasi::random0_2_0::random::get_random_bytes(1)
        .first()
        .copied()
        .unwrap_or(128)
}

impl From<spin::Error> for DbError {
    fn from(e: spin::Error) -> Self {
        Self::from_spin(e)
    }
}

impl From<DbError> for crate::ApiError {
    fn from(e: DbError) -> Self {
        match e {
            // The deployment is inconsistent, not the request: say so to monitoring (503).
            DbError::Schema(MigrationError::DatabaseNewer { database, code }) => {
                // One line per refused request, naming both versions.
                crate::log::error(&format!(
                    "database refused: {}",
                    MigrationError::DatabaseNewer { database, code }
                ));
                crate::ApiError::SchemaTooNew {
                    database_version: database,
                    code_version: code,
                }
            }
            DbError::Schema(m) => {
                crate::log::error(&format!("database refused: {m}"));
                crate::ApiError::Unavailable {
                    code: "unavailable",
                    retry_after_s: None,
                }
            }
            DbError::Busy(m) => {
                crate::log::error(&format!(
                    "database still busy after {BUSY_BUDGET:?} of retries: {m}"
                ));
                crate::ApiError::busy()
            }
            other => crate::ApiError::internal(other),
        }
    }
}

/// A value bound to a statement or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// INTEGER.
    Integer(i64),
    /// REAL.
    Real(f64),
    /// TEXT.
    Text(String),
    /// BLOB.
    Blob(Vec<u8>),
    /// NULL.
    Null,
}

impl Value {
    fn to_spin(&self) -> spin::Value {
        match self {
            Value::Integer(i) => spin::Value::Integer(*i),
            Value::Real(r) => spin::Value::Real(*r),
            Value::Text(t) => spin::Value::Text(t.clone()),
            Value::Blob(b) => spin::Value::Blob(b.clone()),
            Value::Null => spin::Value::Null,
        }
    }

    fn from_spin(v: spin::Value) -> Self {
        match v {
            spin::Value::Integer(i) => Value::Integer(i),
            spin::Value::Real(r) => Value::Real(r),
            spin::Value::Text(t) => Value::Text(t),
            spin::Value::Blob(b) => Value::Blob(b),
            spin::Value::Null => Value::Null,
        }
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Integer(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Integer(i64::from(v))
    }
}

impl From<Timestamp> for Value {
    fn from(v: Timestamp) -> Self {
        Value::Text(v.to_rfc3339())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// Reading a column as a Rust type (`None` when the column holds another type or NULL).
pub trait FromColumn<'a>: Sized {
    /// The value, if the column holds this type.
    fn from_column(value: &'a Value) -> Option<Self>;
}

impl<'a> FromColumn<'a> for &'a str {
    fn from_column(value: &'a Value) -> Option<Self> {
        match value {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl<'a> FromColumn<'a> for &'a [u8] {
    fn from_column(value: &'a Value) -> Option<Self> {
        match value {
            Value::Blob(b) => Some(b),
            _ => None,
        }
    }
}

impl FromColumn<'_> for i64 {
    fn from_column(value: &Value) -> Option<Self> {
        match value {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromColumn<'_> for u32 {
    fn from_column(value: &Value) -> Option<Self> {
        i64::from_column(value).and_then(|i| u32::try_from(i).ok())
    }
}

impl FromColumn<'_> for u64 {
    fn from_column(value: &Value) -> Option<Self> {
        i64::from_column(value).and_then(|i| u64::try_from(i).ok())
    }
}

impl FromColumn<'_> for bool {
    fn from_column(value: &Value) -> Option<Self> {
        i64::from_column(value).map(|i| i != 0)
    }
}

impl FromColumn<'_> for f64 {
    fn from_column(value: &Value) -> Option<Self> {
        match value {
            Value::Real(r) => Some(*r),
            _ => None,
        }
    }
}

/// One result row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    /// A row of these values (tests and decoders).
    pub fn new(values: Vec<Value>) -> Self {
        Self { values }
    }

    /// Column `i` as `T`, if present and of that type.
    pub fn get<'a, T: FromColumn<'a>>(&'a self, i: usize) -> Option<T> {
        self.values.get(i).and_then(T::from_column)
    }

    /// Column `i` as it is.
    pub fn value(&self, i: usize) -> Option<&Value> {
        self.values.get(i)
    }
}

/// The rows a statement returned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryResult {
    /// Column names.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
}

/// An open, migrated connection.
pub struct Db {
    conn: spin::Connection,
    depth: Cell<u32>,
}

impl Db {
    /// Opens `default` and brings its schema up to date.
    pub fn open() -> Result<Self, DbError> {
        let db = Self::open_unmigrated()?;
        db.migrate()?;
        Ok(db)
    }

    /// Opens `default` without touching the schema.
    pub fn open_unmigrated() -> Result<Self, DbError> {
        Ok(Self {
            conn: spin::Connection::open(DATABASE)?,
            depth: Cell::new(0),
        })
    }

    /// Runs one statement. Outside a transaction a busy database is retried with backoff;
    /// inside one the transaction as a whole decides (see [`Db::transaction`]).
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<QueryResult, DbError> {
        if self.depth.get() > 0 {
            return self.run(sql, params);
        }
        self.retrying(|| self.run(sql, params))
    }

    fn run(&self, sql: &str, params: &[Value]) -> Result<QueryResult, DbError> {
        let params: Vec<spin::Value> = params.iter().map(Value::to_spin).collect();
        let result = self
            .conn
            .execute(sql, &params)
            .map_err(DbError::from_spin)?;
        Ok(QueryResult {
            columns: result.columns,
            rows: result
                .rows
                .into_iter()
                .map(|r| Row::new(r.values.into_iter().map(Value::from_spin).collect()))
                .collect(),
        })
    }

    /// Runs `attempt` until it is not refused as busy, pausing between tries, for at most
    /// [`BUSY_BUDGET`].
    fn retrying<T>(&self, mut attempt: impl FnMut() -> Result<T, DbError>) -> Result<T, DbError> {
        let started = std::time::Instant::now();
        let mut tries = 1;
        loop {
            match attempt() {
                Err(e) if e.is_busy() => {
                    match busy_backoff(tries, started.elapsed(), random_byte()) {
                        Some(pause) => std::thread::sleep(pause),
                        None => return Err(e),
                    }
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// Rows changed by the last statement.
    pub fn changes(&self) -> u64 {
        self.conn.changes()
    }

    /// Rowid of the last insert.
    pub fn last_insert_rowid(&self) -> i64 {
        self.conn.last_insert_rowid()
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction (the write lock is taken at once, so two
    /// instances never both read-then-write). Nested calls join the outer transaction.
    ///
    /// Keep `f` short: it holds the database's write lock, and on Spin every other writer
    /// waits in SQLite's busy handler meanwhile. Hash passwords, call gateways and build
    /// large documents before or after, never inside. A busy `BEGIN` or `COMMIT` is retried.
    pub fn transaction<T, E: From<DbError>>(
        &self,
        f: impl FnOnce(&Db) -> Result<T, E>,
    ) -> Result<T, E> {
        if self.depth.get() > 0 {
            return f(self);
        }
        self.begin_immediate()?;
        self.depth.set(1);
        let result = f(self);
        self.depth.set(0);
        match result {
            Ok(value) => match self.retrying(|| self.run("COMMIT", &[])) {
                Ok(_) => Ok(value),
                Err(e) => {
                    self.rollback();
                    Err(e.into())
                }
            },
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    /// Takes the write lock, waiting in the component rather than in SQLite (module docs).
    fn begin_immediate(&self) -> Result<(), DbError> {
        self.run("PRAGMA busy_timeout = 0", &[])?;
        let begun = self.retrying(|| self.run("BEGIN IMMEDIATE", &[]));
        let restored = self.run(
            &format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"),
            &[],
        );
        begun?;
        restored.map(drop)
    }

    fn rollback(&self) {
        if let Err(rb) = self.run("ROLLBACK", &[]) {
            // "no transaction is active" after SQLite rolled back by itself is fine.
            crate::log::info(&format!("rollback: {rb}"));
        }
    }

    /// Applies pending migrations (cheap when up to date: one read).
    pub fn migrate(&self) -> Result<(), DbError> {
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            &[],
        )?;
        if migrations::plan(&self.applied()?, MIGRATIONS)?.is_empty() {
            return Ok(());
        }
        for m in migrations::plan(&self.applied()?, MIGRATIONS)? {
            for statement in m.before {
                self.execute(statement, &[])?;
            }
        }
        self.transaction(|db| {
            // Planned again under the write lock: another instance may have just migrated.
            for m in migrations::plan(&db.applied()?, MIGRATIONS)? {
                for statement in m.statements {
                    db.execute(statement, &[])?;
                }
                let now = crate::runtime::now().to_rfc3339();
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    &[m.version.into(), m.name.into(), now.into()],
                )?;
                crate::log::info(&format!(
                    "applied schema migration {} ({})",
                    m.version, m.name
                ));
            }
            Ok(())
        })
    }

    fn applied(&self) -> Result<Vec<(u32, String)>, DbError> {
        let result = self.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version",
            &[],
        )?;
        result
            .rows
            .iter()
            .map(|row| match (row.get::<u32>(0), row.get::<&str>(1)) {
                (Some(v), Some(n)) => Ok((v, n.to_owned())),
                _ => Err(DbError::Decode("schema_migrations row".into())),
            })
            .collect()
    }
}

/// Text `text` of column `what` read through a strict wire `parse` (the enum's
/// `ratusz_domain::wire_names!` parse): an unknown name is a broken row, never some default.
pub fn wire_text<T>(text: &str, what: &str, parse: fn(&str) -> Option<T>) -> Result<T, DbError> {
    parse(text).ok_or_else(|| DbError::Decode(format!("{what}: unknown value {text:?}")))
}

/// Column `i` holding a wire name, read with the enum's strict `parse` (see [`wire_text`]).
pub fn wire<T>(
    row: &Row,
    i: usize,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, DbError> {
    opt_wire(row, i, what, parse)?.ok_or_else(|| DbError::Decode(format!("{what}: missing")))
}

/// As [`wire`], for a nullable column (NULL → `None`).
pub fn opt_wire<T>(
    row: &Row,
    i: usize,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, DbError> {
    match row.value(i) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Text(text)) => wire_text(text, what, parse).map(Some),
        Some(other) => Err(DbError::Decode(format!("{what}: not text: {other:?}"))),
    }
}

/// Text of column `i`, or a decode error naming `what`.
pub fn text(row: &Row, i: usize, what: &str) -> Result<String, DbError> {
    row.get::<&str>(i)
        .map(str::to_owned)
        .ok_or_else(|| DbError::Decode(what.to_owned()))
}

/// Integer of column `i`, or a decode error naming `what`.
pub fn integer(row: &Row, i: usize, what: &str) -> Result<i64, DbError> {
    row.get::<i64>(i)
        .ok_or_else(|| DbError::Decode(what.to_owned()))
}

/// Optional text column `i`.
pub fn opt_text(row: &Row, i: usize) -> Option<String> {
    row.get::<&str>(i).map(str::to_owned)
}

/// Optional timestamp column `i` (RFC 3339 text).
pub fn opt_time(row: &Row, i: usize) -> Option<Timestamp> {
    row.get::<&str>(i)
        .and_then(|t| Timestamp::parse_rfc3339(t).ok())
}

/// Required timestamp column `i`.
pub fn time(row: &Row, i: usize, what: &str) -> Result<Timestamp, DbError> {
    opt_time(row, i).ok_or_else(|| DbError::Decode(what.to_owned()))
}

/// A nullable text parameter.
pub fn text_or_null(value: Option<&str>) -> Value {
    value.into()
}

/// A nullable timestamp parameter.
pub fn time_or_null(value: Option<Timestamp>) -> Value {
    value.into()
}

/// A boolean parameter (SQLite has none).
pub fn flag(value: bool) -> Value {
    value.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_and_locked_errors_are_recognised() {
        for text in [
            "Io(\"database is locked\")",
            "Io(\"database table is locked\")",
            "SQLITE_BUSY",
        ] {
            assert!(is_busy_message(text), "{text}");
        }
        for text in [
            "Io(\"no such table: x\")",
            "UNIQUE constraint failed",
            "DatabaseFull",
        ] {
            assert!(!is_busy_message(text), "{text}");
        }
    }

    #[test]
    fn backoff_grows_is_bounded_jittered_and_ends_with_the_budget() {
        let ms = Duration::from_millis;
        let table = [
            (1, 0, ms(0), Some(Duration::from_micros(500))),
            (1, 255, ms(0), Some(ms(1))),
            (2, 255, ms(5), Some(ms(2))),
            (3, 0, ms(5), Some(ms(2))),
            (6, 255, ms(100), Some(ms(32))),
            (8, 255, ms(100), Some(ms(100))),
            (40, 0, ms(100), Some(ms(50))),
            (40, 255, ms(9_999), Some(ms(100))),
            (40, 255, BUSY_BUDGET, None),
            (2, 0, ms(60_000), None),
        ];
        for (attempt, jitter, waited, expected) in table {
            assert_eq!(
                busy_backoff(attempt, waited, jitter),
                expected,
                "{attempt}/{jitter}/{waited:?}"
            );
        }
    }

    #[test]
    fn wire_columns_are_strict() {
        fn parse(s: &str) -> Option<u8> {
            (s == "open").then_some(1)
        }
        let row = Row::new(vec![
            Value::Text("open".into()),
            Value::Text("opened".into()),
            Value::Null,
            Value::Integer(1),
        ]);
        assert_eq!(wire(&row, 0, "s", parse).ok(), Some(1));
        assert!(matches!(wire(&row, 1, "s", parse), Err(DbError::Decode(_))));
        assert!(wire(&row, 2, "s", parse).is_err());
        assert_eq!(opt_wire(&row, 2, "s", parse).ok(), Some(None));
        assert!(opt_wire(&row, 3, "s", parse).is_err());
        assert!(matches!(
            wire_text("x", "s", parse),
            Err(DbError::Decode(_))
        ));
    }

    #[test]
    fn rows_read_typed_columns() {
        let row = Row::new(vec![
            Value::Text("a".into()),
            Value::Integer(7),
            Value::Null,
            Value::Blob(vec![1]),
        ]);
        assert_eq!(row.get::<&str>(0), Some("a"));
        assert_eq!(row.get::<u32>(1), Some(7));
        assert_eq!(row.get::<bool>(1), Some(true));
        assert_eq!(row.get::<&str>(1), None);
        assert_eq!(row.get::<i64>(2), None);
        assert_eq!(row.get::<&[u8]>(3), Some(&[1u8][..]));
        assert_eq!(row.get::<i64>(9), None);
        assert_eq!(Value::from(Some("x")), Value::Text("x".into()));
        assert_eq!(Value::from(None::<&str>), Value::Null);
    }
}
