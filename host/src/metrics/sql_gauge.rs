//! `--metrics-sql-gauge 'NAME=DATABASE:SELECT …'`: a gauge the host knows nothing about,
//! read from one of the app's SQLite databases at scrape time (Ratusz's outbox depth).
//!
//! The query runs on its own read-only connection (`SQLITE_OPEN_READ_ONLY` and
//! `PRAGMA query_only`), so a gauge can never change the app's data, and is interrupted after
//! [`QUERY_LIMIT`] so a slow query cannot hold a scrape (or a lock) for long.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Longest a gauge's query may run at one scrape.
pub const QUERY_LIMIT: Duration = Duration::from_secs(1);

/// A parsed `--metrics-sql-gauge` (its database label not yet resolved to a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlGaugeSpec {
    /// Metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    pub name: String,
    /// Database label (`default`).
    pub database: String,
    /// The query; the first column of its first row is the value.
    pub query: String,
}

/// A gauge bound to its database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlGauge {
    /// Metric name.
    pub name: String,
    /// Database label.
    pub database: String,
    /// The file behind the label.
    pub path: PathBuf,
    /// The query.
    pub query: String,
}

/// Parses `NAME=DATABASE:QUERY` (the clap value parser).
pub fn parse(spec: &str) -> Result<SqlGaugeSpec, String> {
    let (name, rest) = spec
        .split_once('=')
        .ok_or("expected NAME=DATABASE:SELECT …")?;
    let (database, query) = rest
        .split_once(':')
        .ok_or("expected NAME=DATABASE:SELECT … (no ':' after the database label)")?;
    let (name, database, query) = (name.trim(), database.trim(), query.trim());
    let valid_name = name.chars().enumerate().all(|(i, c)| {
        c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit())
    });
    if name.is_empty() || !valid_name {
        return Err(format!(
            "'{name}' is not a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)"
        ));
    }
    if database.is_empty() {
        return Err("the database label is empty".into());
    }
    let first = query.split_whitespace().next().unwrap_or("");
    if !first.eq_ignore_ascii_case("select") && !first.eq_ignore_ascii_case("with") {
        return Err("the query must be a SELECT (read-only)".into());
    }
    Ok(SqlGaugeSpec {
        name: name.to_owned(),
        database: database.to_owned(),
        query: query.to_owned(),
    })
}

impl SqlGauge {
    /// Binds `spec` to the file of its database.
    pub fn bind(spec: SqlGaugeSpec, path: PathBuf) -> Self {
        Self {
            name: spec.name,
            database: spec.database,
            path,
            query: spec.query,
        }
    }

    /// Runs the query now (blocking; call from a blocking thread). A missing database file,
    /// a failing query, a non-numeric or missing value and a query interrupted after
    /// `limit` are errors.
    pub fn evaluate(&self, limit: Duration) -> Result<f64, String> {
        let conn = open_read_only(&self.path)?;
        let interrupt = conn.get_interrupt_handle();
        let (done, stop) = std::sync::mpsc::channel::<()>();
        let watchdog = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(limit) {
                interrupt.interrupt();
            }
        });
        let value = conn
            .query_row(&self.query, [], |row| {
                row.get::<_, rusqlite::types::Value>(0)
            })
            .map_err(|e| e.to_string());
        let _ = done.send(());
        let _ = watchdog.join();
        match value? {
            rusqlite::types::Value::Integer(i) => Ok(i as f64),
            rusqlite::types::Value::Real(r) => Ok(r),
            rusqlite::types::Value::Null => Ok(0.0),
            _ => Err("the query's first column is not a number".into()),
        }
    }
}

fn open_read_only(path: &Path) -> Result<Connection, String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| e.to_string())?;
    conn.busy_timeout(Duration::from_millis(250))
        .map_err(|e| e.to_string())?;
    conn.execute_batch("PRAGMA query_only = ON")
        .map_err(|e| e.to_string())?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_or_say_why_not() {
        let ok = parse("ratusz_outbox_waiting=default:SELECT count(*) FROM outbox WHERE a = 'b:c'")
            .unwrap();
        assert_eq!(ok.name, "ratusz_outbox_waiting");
        assert_eq!(ok.database, "default");
        assert_eq!(ok.query, "SELECT count(*) FROM outbox WHERE a = 'b:c'");
        for bad in [
            "no_equals",
            "x=default",
            "1x=default:SELECT 1",
            "a-b=default:SELECT 1",
            "x=:SELECT 1",
            "x=default:DELETE FROM outbox",
            "=default:SELECT 1",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_gauge_reads_a_number_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3);")
            .unwrap();
        let gauge = |q: &str| {
            SqlGauge::bind(parse(&format!("g=default:{q}")).unwrap(), path.clone())
                .evaluate(QUERY_LIMIT)
        };
        assert_eq!(gauge("SELECT count(*) FROM t"), Ok(3.0));
        assert_eq!(gauge("SELECT avg(a) FROM t"), Ok(2.0));
        assert_eq!(gauge("SELECT max(a) FROM t WHERE a > 9"), Ok(0.0));
        assert!(gauge("SELECT 'text'").is_err());
        assert!(gauge("SELECT count(*) FROM missing").is_err());
        // A CTE that writes is refused by the read-only connection.
        assert!(gauge("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x").is_err());
        assert_eq!(gauge("SELECT count(*) FROM t"), Ok(3.0));
    }

    #[test]
    fn a_slow_query_is_interrupted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        Connection::open(&path).unwrap();
        let spin = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        let gauge = SqlGauge::bind(parse(&format!("g=default:{spin}")).unwrap(), path);
        let started = std::time::Instant::now();
        assert!(gauge.evaluate(Duration::from_millis(100)).is_err());
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
