//! The SQLite database `default` through `spin:sqlite/sqlite@3.0.0`, migrated on first use.

use crate::migrations::{self, MigrationError};
use crate::schema::MIGRATIONS;
use ratusz_domain::time::Timestamp;
use spin_sdk::sqlite3::{Connection, QueryResult, Value};
use std::cell::Cell;

/// The database label every component lists in `spin.toml`.
pub const DATABASE: &str = "default";

/// A database failure (a 500 whose detail is only logged; a schema refusal is a 503).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite or the host answered an error.
    #[error("sqlite: {0}")]
    Sqlite(String),
    /// The schema cannot be brought up to date.
    #[error("schema: {0}")]
    Schema(#[from] MigrationError),
    /// A row does not have the shape the code expects.
    #[error("unexpected row: {0}")]
    Decode(String),
}

impl From<spin_sdk::sqlite3::Error> for DbError {
    fn from(e: spin_sdk::sqlite3::Error) -> Self {
        Self::Sqlite(format!("{e:?}"))
    }
}

impl From<DbError> for crate::ApiError {
    fn from(e: DbError) -> Self {
        match e {
            // The deployment is inconsistent, not the request: say so to monitoring (503).
            DbError::Schema(m) => {
                crate::log::error(&format!("database refused: {m}"));
                crate::ApiError::Unavailable {
                    code: "unavailable",
                    retry_after_s: None,
                }
            }
            other => crate::ApiError::internal(other),
        }
    }
}

/// An open, migrated connection.
pub struct Db {
    conn: Connection,
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
            conn: Connection::open(DATABASE)?,
            depth: Cell::new(0),
        })
    }

    /// Runs one statement.
    pub fn execute(&self, sql: &str, params: &[Value]) -> Result<QueryResult, DbError> {
        Ok(self.conn.execute(sql, params)?)
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
    pub fn transaction<T, E: From<DbError>>(
        &self,
        f: impl FnOnce(&Db) -> Result<T, E>,
    ) -> Result<T, E> {
        if self.depth.get() > 0 {
            return f(self);
        }
        self.execute("BEGIN IMMEDIATE", &[])?;
        self.depth.set(1);
        let result = f(self);
        self.depth.set(0);
        match result {
            Ok(value) => {
                self.execute("COMMIT", &[])?;
                Ok(value)
            }
            Err(e) => {
                if let Err(rb) = self.execute("ROLLBACK", &[]) {
                    crate::log::error(&format!("rollback failed: {rb}"));
                }
                Err(e)
            }
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
        self.transaction(|db| {
            // Planned again under the write lock: another instance may have just migrated.
            for m in migrations::plan(&db.applied()?, MIGRATIONS)? {
                for statement in m.statements {
                    db.execute(statement, &[])?;
                }
                let now = crate::runtime::now().to_rfc3339();
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    &[
                        Value::Integer(i64::from(m.version)),
                        Value::Text(m.name.to_owned()),
                        Value::Text(now),
                    ],
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

/// Text of column `i`, or a decode error naming `what`.
pub fn text(row: &spin_sdk::sqlite3::RowResult, i: usize, what: &str) -> Result<String, DbError> {
    row.get::<&str>(i)
        .map(str::to_owned)
        .ok_or_else(|| DbError::Decode(what.to_owned()))
}

/// Integer of column `i`, or a decode error naming `what`.
pub fn integer(row: &spin_sdk::sqlite3::RowResult, i: usize, what: &str) -> Result<i64, DbError> {
    row.get::<i64>(i)
        .ok_or_else(|| DbError::Decode(what.to_owned()))
}

/// Optional text column `i`.
pub fn opt_text(row: &spin_sdk::sqlite3::RowResult, i: usize) -> Option<String> {
    row.get::<&str>(i).map(str::to_owned)
}

/// Optional timestamp column `i` (RFC 3339 text).
pub fn opt_time(row: &spin_sdk::sqlite3::RowResult, i: usize) -> Option<Timestamp> {
    row.get::<&str>(i)
        .and_then(|t| Timestamp::parse_rfc3339(t).ok())
}

/// Required timestamp column `i`.
pub fn time(
    row: &spin_sdk::sqlite3::RowResult,
    i: usize,
    what: &str,
) -> Result<Timestamp, DbError> {
    opt_time(row, i).ok_or_else(|| DbError::Decode(what.to_owned()))
}

/// A nullable text parameter.
pub fn text_or_null(value: Option<&str>) -> Value {
    value.map_or(Value::Null, |v| Value::Text(v.to_owned()))
}

/// A nullable timestamp parameter.
pub fn time_or_null(value: Option<Timestamp>) -> Value {
    value.map_or(Value::Null, |t| Value::Text(t.to_rfc3339()))
}

/// A boolean parameter (SQLite has none).
pub fn flag(value: bool) -> Value {
    Value::Integer(i64::from(value))
}
