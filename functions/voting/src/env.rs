//! What every handler works with: the database, the request's time, the caller, and the
//! receipt key; plus the shared refusals of this component.

use ratusz_domain::audit::AuditEvent;
use ratusz_domain::time::Timestamp;
use ratusz_platform::config::{SpinVars, Vars};
use ratusz_platform::db::Db;
use ratusz_platform::{audit_log, ApiError, Caller, Ctx, Principal};

/// The per-request environment.
pub struct Env {
    /// The migrated database.
    pub db: Db,
    /// The request's time (one reading, so a request never sees time move).
    pub now: Timestamp,
}

impl Env {
    /// Opens the database.
    pub fn open() -> Result<Self, ApiError> {
        Ok(Self {
            db: Db::open()?,
            now: ratusz_platform::runtime::now(),
        })
    }

    /// Appends to the audit chain (joins the caller's transaction when inside one) and
    /// returns the new entry's hash.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        object: &str,
        data: serde_json::Value,
    ) -> Result<String, ApiError> {
        let entry = audit_log::append(
            &self.db,
            self.now,
            AuditEvent::new(actor, action, object).with_data(data),
        )?;
        Ok(entry.hash)
    }
}

/// The key receipts are derived with: the session-token secret run through SHA-256 with a
/// purpose label, so one configured secret serves both without the two uses sharing a key.
pub fn receipt_key() -> Result<Vec<u8>, ApiError> {
    use sha2::{Digest, Sha256};
    let secret = SpinVars
        .required("token_signing_key")
        .map_err(ApiError::internal)?;
    let mut h = Sha256::new();
    h.update(b"ratusz vote receipts v1\0");
    h.update(secret.as_bytes());
    Ok(h.finalize().to_vec())
}

/// The signed-in caller, or 401.
pub fn principal(ctx: &Ctx) -> Result<Principal, ApiError> {
    match &ctx.caller {
        Caller::User(p) => Ok(p.clone()),
        _ => Err(ApiError::unauthenticated()),
    }
}

/// The signed-in caller if any (public endpoints answer everyone).
pub fn maybe_principal(ctx: &Ctx) -> Option<Principal> {
    match &ctx.caller {
        Caller::User(p) => Some(p.clone()),
        _ => None,
    }
}

/// The path parameter `name`, or 404.
pub fn param<'a>(ctx: &'a Ctx, name: &str) -> Result<&'a str, ApiError> {
    ctx.params.require(name)
}

/// 403 `not_a_member`.
pub fn not_a_member() -> ApiError {
    ApiError::Forbidden {
        code: "not_a_member",
        detail: "Nie jesteś członkiem tego składu. / You are not a member of this meeting.".into(),
    }
}

/// 409 `meeting_not_live` (floor and polls run only while the meeting is open).
pub fn not_live() -> ApiError {
    ApiError::conflict(
        "meeting_not_live",
        "Posiedzenie nie jest otwarte. / The meeting is not open.",
    )
}
