//! `GET /api/health`: is this deployment able to serve requests?

use serde::{Deserialize, Serialize};

/// Overall state: `ok` when every check passed, `degraded` otherwise (answered with 503).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// Every dependency answered.
    Ok,
    /// At least one dependency failed; the body says which.
    Degraded,
}

/// One dependency probed by the health endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthCheck {
    /// Whether the round trip (write then read back) succeeded.
    pub ok: bool,
    /// How long the round trip took, in microseconds.
    pub latency_us: u64,
    /// Why the dependency refuses to serve, when the reason is known (e.g. `schema_too_new`
    /// with both versions): the problem its requests answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<crate::api::Problem>,
}

/// The dependencies a function needs: the key-value store and the SQLite database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthChecks {
    /// Key-value store `default` (sessions, counters).
    pub kv: HealthCheck,
    /// SQLite database `default` (durable records).
    pub sqlite: HealthCheck,
}

/// Body of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthReport {
    /// `ok` or `degraded`.
    pub status: HealthStatus,
    /// Version of the deployed build (the workspace version).
    pub version: String,
    /// Per-dependency results.
    pub checks: HealthChecks,
}
