//! Bodies of the system endpoints other than health.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Body of `POST /internal/tick`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TickReport {
    /// When this tick ran.
    pub ran_at: Timestamp,
}

/// Body of `GET /api/system/status` (admin, support): what the components can know about the
/// deployment, for the administrator's health page (docs/api/operations.md § System status).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemStatus {
    /// The app's build version (as `/api/health`).
    pub version: String,
    /// The server's clock now.
    pub server_time: Timestamp,
    /// Applied schema migrations.
    pub schema: SchemaStatus,
    /// The SQLite database `default`.
    pub database: DatabaseStatus,
    /// The e-mail/SMS outbox by state (never a recipient or a text).
    pub outbox: OutboxStatus,
    /// A write + read-back + delete in the KV store `default`.
    pub kv: crate::api::HealthCheck,
    /// The audit chain's length and head.
    pub audit: AuditStatus,
}

/// The schema: highest applied version and every applied migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemaStatus {
    /// The highest applied migration (0 for an empty database).
    pub version: u32,
    /// Applied migrations, oldest first.
    pub migrations: Vec<AppliedMigration>,
}

/// One row of `schema_migrations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedMigration {
    /// 1, 2, 3, …
    pub version: u32,
    /// Its short name.
    pub name: String,
    /// When it ran.
    pub applied_at: Timestamp,
}

/// Size of the database file as SQLite counts it (without the WAL file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseStatus {
    /// `PRAGMA page_count`.
    pub page_count: u64,
    /// `PRAGMA page_size`, in bytes.
    pub page_size: u64,
    /// `page_count × page_size`.
    pub size_bytes: u64,
    /// `PRAGMA journal_mode` (`delete`, `wal`, …).
    pub journal_mode: String,
}

/// The outbox by state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxStatus {
    /// Waiting for a first try or a retry.
    pub pending: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up.
    pub expired: u64,
    /// When the oldest pending message was queued (`null` when none waits).
    pub oldest_pending_at: Option<Timestamp>,
    /// Its age in whole seconds (`null` when none waits).
    pub oldest_pending_age_s: Option<u64>,
}

/// The audit chain at a glance (whether it verifies is `GET /api/audit/verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditStatus {
    /// Number of entries.
    pub length: u64,
    /// Time of the last entry (`null` when the chain is empty).
    pub head_at: Option<Timestamp>,
}

/// Whole seconds from `since` to `now`; a time in the future (a clock step back) counts as 0.
pub fn age_seconds(now: Timestamp, since: Timestamp) -> u64 {
    u64::try_from(now.ms_since(since) / 1000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_whole_seconds_and_never_negative() {
        let t = Timestamp::from_unix_ms(1_000_000);
        let cases = [(0, 0), (999, 0), (1_000, 1), (61_500, 61), (-5_000, 0)];
        for (later_ms, age) in cases {
            assert_eq!(age_seconds(t.plus_ms(later_ms), t), age, "{later_ms}");
        }
    }
}
