//! The system endpoints every API component can serve: health, the OpenAPI document, the tick.

use crate::db::Value;
use crate::db::{Db, DbError};
use crate::guard::Access;
use crate::kv::{DocKey, Kv};
use crate::migrations::MigrationError;
use crate::router::{Ctx, Router};
use crate::{response, runtime, ApiError};
use ratusz_domain::api::{
    HealthCheck, HealthChecks, HealthReport, HealthStatus, Problem, TickReport,
};
use ratusz_domain::endpoints;
use ratusz_domain::id::Entropy;
use spin_sdk::http::Response;
use std::time::Instant;

/// Version reported by health (the workspace version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Adds `GET /api/health` and `GET /api/openapi.json`.
pub fn routes(router: Router) -> Router {
    router
        .route(&endpoints::HEALTH, Access::Public, health)
        .route(&endpoints::OPENAPI, Access::Public, openapi)
}

/// `GET /api/health`: KV write + read back, SQLite migrations + a round-trip query.
pub fn health(_ctx: &Ctx) -> Result<Response, ApiError> {
    let kv = timed(probe_kv);
    let sqlite = timed(probe_sqlite);
    let (status, report) = health_report(kv, sqlite);
    Ok(response::json(status, &report))
}

/// The report and its status (200 when every check passed, else 503). Pure.
pub fn health_report(kv: HealthCheck, sqlite: HealthCheck) -> (u16, HealthReport) {
    let ok = kv.ok && sqlite.ok;
    let status = if ok {
        HealthStatus::Ok
    } else {
        HealthStatus::Degraded
    };
    let report = HealthReport {
        status,
        version: VERSION.to_owned(),
        checks: HealthChecks { kv, sqlite },
    };
    (if ok { 200 } else { 503 }, report)
}

/// A failed probe: what to log, and the problem the dependency's requests answer when known.
pub(crate) struct ProbeFailure {
    detail: String,
    problem: Option<Box<Problem>>,
}

impl From<String> for ProbeFailure {
    fn from(detail: String) -> Self {
        Self {
            detail,
            problem: None,
        }
    }
}

/// Runs `probe`, timing it; a failure is logged, never sent.
pub(crate) fn timed<E: Into<ProbeFailure>>(probe: impl FnOnce() -> Result<(), E>) -> HealthCheck {
    let start = Instant::now();
    let result = probe().map_err(Into::into);
    let latency_us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
    if let Err(failure) = &result {
        crate::log::error(&format!("health check failed: {}", failure.detail));
    }
    HealthCheck {
        ok: result.is_ok(),
        latency_us,
        problem: result.err().and_then(|f| f.problem).map(|p| *p),
    }
}

fn nonce() -> String {
    let mut bytes = [0u8; 8];
    runtime::HostEntropy.fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A write + read-back + delete of a fresh key in the KV store `default`.
pub(crate) fn probe_kv() -> Result<(), String> {
    let kv = Kv::open().map_err(|e| e.to_string())?;
    // A key per probe, so concurrent health checks cannot read each other's value.
    let value = nonce();
    let key = DocKey::new("health", &value);
    kv.set_raw(&key, value.as_bytes())
        .map_err(|e| e.to_string())?;
    let read = kv.get_raw(&key).map_err(|e| e.to_string());
    kv.delete(&key).map_err(|e| e.to_string())?;
    match read? {
        Some(v) if v == value.as_bytes() => Ok(()),
        _ => Err("key-value store returned another value than written".into()),
    }
}

fn probe_sqlite() -> Result<(), ProbeFailure> {
    let db = Db::open().map_err(|e| match e {
        // A newer schema is named, with both versions, so monitoring sees why.
        DbError::Schema(MigrationError::DatabaseNewer { database, code }) => ProbeFailure {
            detail: e.to_string(),
            problem: Some(Box::new(
                ApiError::SchemaTooNew {
                    database_version: database,
                    code_version: code,
                }
                .to_problem(),
            )),
        },
        other => ProbeFailure::from(other.to_string()),
    })?;
    let sent = runtime::now().unix_ms();
    let result = db
        .execute("SELECT ? + 1", &[Value::Integer(sent)])
        .map_err(|e| e.to_string())?;
    match result.rows.first().and_then(|r| r.get::<i64>(0)) {
        Some(v) if v == sent + 1 => Ok(()),
        _ => Err("database returned an unexpected round-trip value"
            .to_owned()
            .into()),
    }
}

/// `GET /api/openapi.json`.
pub fn openapi(_ctx: &Ctx) -> Result<Response, ApiError> {
    let mut resp = response::ok(&ratusz_domain::openapi::document_json());
    resp.set_header("cache-control", "no-cache");
    Ok(resp)
}

/// The end of every component's tick (`POST /internal/tick` and the token routes): brings the
/// schema up to date, forgets idempotency records past their window and says when it ran.
/// A record holds a whole sealed answer (a resident's data, a message's text), so it must not
/// outlive the window in which a retry may replay it: an erasure or a chat retention would
/// otherwise leave a copy behind. Whichever component ticks first does it (one indexed DELETE).
pub fn tick(_ctx: &Ctx) -> Result<Response, ApiError> {
    let db = Db::open()?;
    let now = runtime::now();
    db.transaction(|db| crate::idempotency::purge(db, now))?;
    Ok(response::ok(&TickReport { ran_at: now }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_is_degraded_when_any_check_fails() {
        let up = HealthCheck {
            ok: true,
            latency_us: 10,
            problem: None,
        };
        let down = HealthCheck {
            ok: false,
            latency_us: 10,
            problem: None,
        };
        let cases = [
            (up.clone(), up.clone(), 200, HealthStatus::Ok),
            (down.clone(), up.clone(), 503, HealthStatus::Degraded),
            (up, down, 503, HealthStatus::Degraded),
        ];
        for (kv, sqlite, status, expected) in cases {
            let (s, report) = health_report(kv, sqlite);
            assert_eq!((s, report.status), (status, expected));
            assert_eq!(report.version, VERSION);
        }
    }

    #[test]
    fn openapi_handler_serves_the_document() {
        let req = crate::request::ApiRequest::new("GET", "/api/openapi.json");
        let ctx = Ctx {
            req: &req,
            params: Default::default(),
            caller: crate::Caller::Anonymous,
        };
        let resp = openapi(&ctx)
            .map(|r| String::from_utf8_lossy(r.body()).into_owned())
            .unwrap_or_default();
        assert!(
            resp.contains(r#""openapi":"3.1.0""#) && resp.contains("/api/health"),
            "{resp}"
        );
    }
}
