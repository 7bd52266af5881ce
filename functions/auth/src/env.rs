//! What every handler works with: the database, the time of the request, the settings, and
//! the caller's permissions.

use crate::settings::Settings;
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::audit::AuditEvent;
use ratusz_domain::time::Timestamp;
use ratusz_platform::config::SpinVars;
use ratusz_platform::db::Db;
use ratusz_platform::{audit_log, ApiError, Caller, Ctx, Principal};

/// The per-request environment.
pub struct Env {
    /// The migrated database.
    pub db: Db,
    /// The request's time (one reading, so a request never sees time move).
    pub now: Timestamp,
    /// Policies.
    pub settings: Settings,
}

impl Env {
    /// Opens the database and reads the settings.
    pub fn open() -> Result<Self, ApiError> {
        Ok(Self {
            db: Db::open()?,
            now: ratusz_platform::runtime::now(),
            settings: Settings::from_vars(&SpinVars)?,
        })
    }

    /// Appends to the audit chain (joins the caller's transaction when inside one).
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        object: &str,
        data: serde_json::Value,
    ) -> Result<(), ApiError> {
        audit_log::append(
            &self.db,
            self.now,
            AuditEvent::new(actor, action, object).with_data(data),
        )?;
        Ok(())
    }
}

/// The signed-in caller, or 401.
pub fn principal(ctx: &Ctx) -> Result<Principal, ApiError> {
    match &ctx.caller {
        Caller::User(p) => Ok(p.clone()),
        _ => Err(ApiError::unauthenticated()),
    }
}

/// The signed-in caller if allowed to do `op`; 401 without a session, 403 without the role.
pub fn require(ctx: &Ctx, op: Operation) -> Result<Principal, ApiError> {
    let p = principal(ctx)?;
    if authz::allowed(&p.roles, op) {
        Ok(p)
    } else {
        Err(ApiError::forbidden())
    }
}

/// The client's address as the host (or Spin) reports it.
pub fn client_addr(ctx: &Ctx) -> String {
    let addr = ctx.req.header("spin-client-addr").unwrap_or("unknown");
    // Drop the port: a client opens many connections.
    match addr.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => {
            host.trim_matches(['[', ']']).to_owned()
        }
        _ => addr.to_owned(),
    }
}

/// The path parameter `name`, or 404.
pub fn param<'a>(ctx: &'a Ctx, name: &str) -> Result<&'a str, ApiError> {
    ctx.params.require(name)
}
