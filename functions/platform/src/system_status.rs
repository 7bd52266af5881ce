//! `GET /api/system/status` (admin, support): what a component can know about the deployment
//! for the administrator's health page — schema, database size, the outbox by state, a KV
//! round trip, the audit chain's length and head (docs/api/operations.md § System status).
//!
//! Read-only and short: a handful of single-statement reads outside any transaction, so it
//! never holds the write lock. The outbox is described by counts and times only; no
//! recipient, subject or text leaves the table.

use crate::db::{self, Db, DbError};
use crate::router::Ctx;
use crate::system::{probe_kv, timed, VERSION};
use crate::{response, runtime, ApiError};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::system::age_seconds;
use ratusz_domain::api::{
    AppliedMigration, AuditStatus, DatabaseStatus, OutboxStatus, SchemaStatus, SystemStatus,
};
use ratusz_domain::time::Timestamp;
use spin_sdk::http::Response;

/// At most this many migrations are listed (the schema has a few dozen).
const MIGRATIONS_LISTED: i64 = 1000;

/// `GET /api/system/status`.
pub fn status(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewSystemStatus)?;
    let db = Db::open()?;
    let now = runtime::now();
    let report = SystemStatus {
        version: VERSION.to_owned(),
        server_time: now,
        schema: schema(&db)?,
        database: database(&db)?,
        outbox: outbox(&db, now)?,
        kv: timed(probe_kv),
        audit: audit(&db)?,
    };
    let mut resp = response::ok(&report);
    resp.set_header("cache-control", "no-store");
    Ok(resp)
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn schema(db: &Db) -> Result<SchemaStatus, DbError> {
    let rows = db.execute(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version LIMIT ?",
        &[db::Value::Integer(MIGRATIONS_LISTED)],
    )?;
    let migrations = rows
        .rows
        .iter()
        .map(|row| {
            Ok(AppliedMigration {
                version: u32::try_from(db::integer(row, 0, "schema_migrations.version")?)
                    .unwrap_or(0),
                name: db::text(row, 1, "schema_migrations.name")?,
                applied_at: db::time(row, 2, "schema_migrations.applied_at")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let version = migrations.iter().map(|m| m.version).max().unwrap_or(0);
    Ok(SchemaStatus {
        version,
        migrations,
    })
}

/// One value of a `PRAGMA` that answers a single row.
fn pragma(db: &Db, name: &str) -> Result<db::Value, DbError> {
    let result = db.execute(&format!("PRAGMA {name}"), &[])?;
    result
        .rows
        .first()
        .and_then(|row| row.value(0).cloned())
        .ok_or_else(|| DbError::Decode(format!("PRAGMA {name}: no row")))
}

fn database(db: &Db) -> Result<DatabaseStatus, DbError> {
    let integer = |name: &str| match pragma(db, name)? {
        db::Value::Integer(i) => Ok(count(i)),
        other => Err(DbError::Decode(format!("PRAGMA {name}: {other:?}"))),
    };
    let page_count = integer("page_count")?;
    let page_size = integer("page_size")?;
    let journal_mode = match pragma(db, "journal_mode")? {
        db::Value::Text(mode) => mode,
        other => return Err(DbError::Decode(format!("PRAGMA journal_mode: {other:?}"))),
    };
    Ok(DatabaseStatus {
        page_count,
        page_size,
        size_bytes: page_count.saturating_mul(page_size),
        journal_mode,
    })
}

fn outbox(db: &Db, now: Timestamp) -> Result<OutboxStatus, DbError> {
    let mut status = OutboxStatus {
        pending: 0,
        sent: 0,
        expired: 0,
        oldest_pending_at: None,
        oldest_pending_age_s: None,
    };
    let rows = db.execute("SELECT status, count(*) FROM outbox GROUP BY status", &[])?;
    for row in &rows.rows {
        let n = count(db::integer(row, 1, "outbox count")?);
        match db::text(row, 0, "outbox.status")?.as_str() {
            "pending" => status.pending = n,
            "sent" => status.sent = n,
            "expired" => status.expired = n,
            other => crate::log::error(&format!("outbox: unknown status {other:?}")),
        }
    }
    let oldest = db.execute(
        "SELECT min(created_at) FROM outbox WHERE status = 'pending'",
        &[],
    )?;
    status.oldest_pending_at = oldest.rows.first().and_then(|row| db::opt_time(row, 0));
    status.oldest_pending_age_s = status.oldest_pending_at.map(|t| age_seconds(now, t));
    Ok(status)
}

fn audit(db: &Db) -> Result<AuditStatus, DbError> {
    let length = db.execute("SELECT count(*) FROM audit_log", &[])?;
    let length = length
        .rows
        .first()
        .map(|row| db::integer(row, 0, "audit count"))
        .transpose()?
        .map_or(0, count);
    let head = db.execute("SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1", &[])?;
    Ok(AuditStatus {
        length,
        head_at: head.rows.first().and_then(|row| db::opt_time(row, 0)),
    })
}
