//! What every handler works with, built once per request: the migrated database, the
//! request's time (one reading, so a request never sees time move), the component's settings,
//! the caller and the path parameters, and the audit chain.

use crate::client_addr::TrustedProxies;
use crate::config::{SpinVars, Vars};
use crate::db::Db;
use crate::{audit_log, ApiError, Caller, Ctx, Params, Principal};
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::audit::AuditEvent;
use ratusz_domain::time::Timestamp;

/// A component's configuration, read from Spin variables once per request.
pub trait Settings: Sized {
    /// Reads the variables (absent → the spec's defaults).
    fn load<V: Vars>(vars: &V) -> Result<Self, ApiError>;
}

/// A component without settings of its own.
impl Settings for () {
    fn load<V: Vars>(_vars: &V) -> Result<Self, ApiError> {
        Ok(())
    }
}

/// The per-request environment of a component with settings `S`.
pub struct Env<S = ()> {
    /// The migrated database.
    pub db: Db,
    /// The request's time.
    pub now: Timestamp,
    /// The component's settings.
    pub settings: S,
    /// Who is calling (from the request guard).
    pub caller: Caller,
    /// The route's `:params`.
    pub params: Params,
}

impl<S: Settings> Env<S> {
    /// Opens the database, reads the settings and takes the caller and parameters of `ctx`.
    pub fn open(ctx: &Ctx) -> Result<Self, ApiError> {
        Ok(Self {
            db: Db::open()?,
            now: crate::runtime::now(),
            settings: S::load(&SpinVars)?,
            caller: ctx.caller.clone(),
            params: ctx.params.clone(),
        })
    }
}

/// The signed-in caller of `caller`, or 401.
fn signed_in(caller: &Caller) -> Result<&Principal, ApiError> {
    match caller {
        Caller::User(p) => Ok(p),
        _ => Err(ApiError::unauthenticated()),
    }
}

/// The signed-in caller if allowed to do `op`; 401 without a session, 403 without the role.
fn allowed(caller: &Caller, op: Operation) -> Result<&Principal, ApiError> {
    let p = signed_in(caller)?;
    if authz::allowed(&p.roles, op) {
        Ok(p)
    } else {
        Err(ApiError::forbidden())
    }
}

impl<S> Env<S> {
    /// The signed-in caller, or 401.
    pub fn principal(&self) -> Result<&Principal, ApiError> {
        signed_in(&self.caller)
    }

    /// The signed-in caller if any (public endpoints answer everyone).
    pub fn maybe_principal(&self) -> Option<&Principal> {
        signed_in(&self.caller).ok()
    }

    /// The signed-in caller if allowed to do `op`; 401 without a session, 403 without the role.
    pub fn require(&self, op: Operation) -> Result<&Principal, ApiError> {
        allowed(&self.caller, op)
    }

    /// The path parameter `name`, or 404.
    pub fn param(&self, name: &str) -> Result<&str, ApiError> {
        self.params.require(name)
    }

    /// Appends to the audit chain (joins the caller's transaction when inside one) and returns
    /// the new entry's hash.
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

impl Ctx<'_> {
    /// The signed-in caller, or 401 (before any database work).
    pub fn principal(&self) -> Result<Principal, ApiError> {
        signed_in(&self.caller).cloned()
    }

    /// The signed-in caller if any.
    pub fn maybe_principal(&self) -> Option<Principal> {
        signed_in(&self.caller).ok().cloned()
    }

    /// The signed-in caller if allowed to do `op` (401 / 403 otherwise), before any database work.
    pub fn require(&self, op: Operation) -> Result<Principal, ApiError> {
        allowed(&self.caller, op).cloned()
    }

    /// The path parameter `name`, or 404.
    pub fn param(&self, name: &str) -> Result<&str, ApiError> {
        self.params.require(name)
    }

    /// The client's address, without the port (a client opens many connections): the peer
    /// the host (or Spin) reports, or — when that peer is in the `trusted_proxies` variable —
    /// the rightmost untrusted `X-Forwarded-For` entry (see [`crate::client_addr`]).
    pub fn client_addr(&self) -> String {
        TrustedProxies::load(&SpinVars).client_addr(
            self.req.header("spin-client-addr"),
            self.req.header_values("x-forwarded-for"),
        )
    }
}
