//! SQL for the accounts tables (schema in `ratusz_platform::schema`, migration 3).
//! Each submodule owns one table; handlers never write SQL themselves.

pub mod failures;
pub mod incidents;
pub mod resets;
pub mod units;
pub mod users;

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::DbError;
use spin_sdk::sqlite3::{RowResult, Value};

/// Optional text column `i`.
pub fn opt_text(row: &RowResult, i: usize) -> Option<String> {
    row.get::<&str>(i).map(str::to_owned)
}

/// Optional timestamp column `i` (RFC 3339 text).
pub fn opt_time(row: &RowResult, i: usize) -> Option<Timestamp> {
    row.get::<&str>(i)
        .and_then(|t| Timestamp::parse_rfc3339(t).ok())
}

/// Required timestamp column `i`.
pub fn time(row: &RowResult, i: usize, what: &str) -> Result<Timestamp, DbError> {
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
