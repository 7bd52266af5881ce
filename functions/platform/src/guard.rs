//! The request guard: the checks every request passes before its handler runs.
//!
//! Order: body media type → CSRF header → who is calling. The foundation has no sessions yet;
//! [`SessionCheck`] is where the accounts milestone plugs in the KV session lookup (cookie or
//! bearer token → session → user, roles, `must_change_password`).

use crate::request::ApiRequest;
use crate::ApiError;
use ratusz_domain::api::accounts::Role;
use ratusz_domain::endpoints::{Endpoint, Exposure};

/// Header the SPA sends on every state-changing request (api.md § Authentication).
pub const CSRF_HEADER: &str = "x-ratusz-csrf";

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (health, login, public results).
    Public,
    /// A signed-in user with a live session (role checks happen per operation in the handler).
    /// A start-password session is refused with 403 `password_change_required`.
    Session,
    /// Any live session, a start-password one included (`me`, `password`, `logout`).
    AnySession,
    /// Only the platform itself through a private route (the scheduled tick).
    Internal,
    /// A scheduler outside the host presenting the deployment's `tick_token` variable as
    /// `Authorization: Bearer …` (Spin and SpinKube, where nothing reaches a private route).
    TickToken,
}

/// Who is calling, as established by the guard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// No session.
    Anonymous,
    /// The platform (scheduler / service chaining through a private route).
    System,
    /// A signed-in user.
    User(Principal),
}

/// A signed-in user as the session says (filled in by the accounts milestone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The user's id.
    pub user_id: String,
    /// The session's id (KV key of the session).
    pub session_id: String,
    /// Roles (`admin`, `support`, `clerk`, `chair`, `councillor`, `director`).
    pub roles: Vec<Role>,
    /// The account's unit.
    pub unit_id: String,
    /// A start-password session may only change the password, read `me` and log out.
    pub must_change_password: bool,
}

/// Resolves the session of a request. `Ok(None)`: no session presented.
pub trait SessionCheck {
    /// Looks up the caller's session (KV), or says there is none.
    fn resolve(&self, req: &ApiRequest) -> Result<Option<Principal>, ApiError>;
}

/// The foundation's session check: there are no sessions yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSessions;

impl SessionCheck for NoSessions {
    fn resolve(&self, _req: &ApiRequest) -> Result<Option<Principal>, ApiError> {
        Ok(None)
    }
}

/// Whether `method` changes state (everything but GET, HEAD and OPTIONS).
pub fn is_state_changing(method: &str) -> bool {
    !matches!(
        method.to_ascii_uppercase().as_str(),
        "GET" | "HEAD" | "OPTIONS"
    )
}

/// Body rule: a request with a body must declare one of the accepted media types (415).
pub fn check_content_type(req: &ApiRequest, accepts: &[&str]) -> Result<(), ApiError> {
    if req.body.is_empty() {
        return Ok(());
    }
    match req.media_type() {
        Some(mt) if accepts.iter().any(|a| a.eq_ignore_ascii_case(&mt)) => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType {
            expected: accepts.join(" or "),
        }),
    }
}

/// CSRF rule: a state-changing request that carries a cookie must carry `X-Ratusz-CSRF: 1`.
///
/// Browsers attach cookies to cross-site form posts but cannot add a custom header without a
/// CORS preflight, which we never grant; requests with a bearer token and no cookie are not
/// at risk (the attacker's page cannot read the token).
pub fn check_csrf(req: &ApiRequest) -> Result<(), ApiError> {
    if !is_state_changing(&req.method) || req.header("cookie").is_none() {
        return Ok(());
    }
    match req.header(CSRF_HEADER).map(str::trim) {
        Some("1") => Ok(()),
        _ => Err(ApiError::forbidden_because(
            "csrf_required",
            "State-changing requests from a browser session must send the header X-Ratusz-CSRF: 1.",
        )),
    }
}

/// The variable holding the scheduler's token for [`Access::TickToken`].
pub const TICK_TOKEN_VARIABLE: &str = "tick_token";

/// Shortest tick token accepted: a shorter one is treated as not configured, so a weak
/// token never opens the route.
pub const TICK_TOKEN_MIN_LEN: usize = 32;

/// Whether `authorization` carries the configured tick token. No (or a too short) token
/// configured → 404, as if the route did not exist; a missing or wrong one → 401. Compared
/// through SHA-256 digests, so the time taken says nothing about the token.
pub fn check_tick_token(
    authorization: Option<&str>,
    configured: Option<&str>,
) -> Result<(), ApiError> {
    use sha2::{Digest, Sha256};
    let configured = configured.map(str::trim).unwrap_or("");
    if configured.len() < TICK_TOKEN_MIN_LEN {
        return Err(ApiError::NotFound);
    }
    let given = authorization
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(configured.as_bytes());
    let differ = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    if differ == 0 {
        Ok(())
    } else {
        Err(ApiError::unauthenticated_because(
            "invalid_token",
            "The tick token is missing or wrong.",
        ))
    }
}

/// The checks every routed request passes before its handler: body media type, CSRF header,
/// then who is calling. The session lookup is the [`SessionCheck`] it was given
/// ([`NoSessions`] until the accounts milestone provides the KV-backed one).
pub struct RequestGuard {
    sessions: Box<dyn SessionCheck>,
}

impl Default for RequestGuard {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestGuard {
    /// A guard without sessions (the foundation).
    pub fn new() -> Self {
        Self {
            sessions: Box::new(NoSessions),
        }
    }

    /// A guard that resolves sessions with `sessions`.
    pub fn with_sessions(sessions: impl SessionCheck + 'static) -> Self {
        Self {
            sessions: Box::new(sessions),
        }
    }

    /// During a maintenance window, 503 `maintenance` with `Retry-After` for every caller but
    /// an administrator, except on the routes that stay open (health, the notice, sign-in, the
    /// tick). Runs before every other check, so a visitor learns of the window, not of a
    /// missing session. One KV read; the session is looked up only while a window runs. A
    /// schedule that cannot be read is logged and lets the request through: maintenance
    /// bookkeeping must never take the system down.
    pub fn check_maintenance(
        &self,
        req: &ApiRequest,
        endpoint: &Endpoint,
        source: &dyn crate::maintenance::ScheduleSource,
    ) -> Result<(), ApiError> {
        if ratusz_domain::maintenance::guard::open_during_maintenance(endpoint) {
            return Ok(());
        }
        let schedule = match source.schedule() {
            Ok(schedule) => schedule,
            Err(e) => {
                crate::log::error(&format!("maintenance schedule unreadable: {e}"));
                return Ok(());
            }
        };
        let now = crate::runtime::now();
        if schedule.current(now).is_none() {
            return Ok(());
        }
        let roles = match self.sessions.resolve(req) {
            Ok(Some(p)) => Some(p.roles),
            _ => None,
        };
        crate::maintenance::check(&schedule, now, roles.as_deref())
    }

    /// Runs the checks for a request to a route with `access`, `exposure` and `accepts`.
    pub fn check(
        &self,
        req: &ApiRequest,
        access: Access,
        exposure: Exposure,
        accepts: &[&str],
    ) -> Result<Caller, ApiError> {
        check_content_type(req, accepts)?;
        check_csrf(req)?;
        match access {
            // A private route can only be reached by the host; an endpoint the catalogue calls
            // public is never given internal access by mistake.
            Access::Internal if exposure == Exposure::Internal => Ok(Caller::System),
            Access::Internal => Err(ApiError::NotFound),
            Access::TickToken => {
                use crate::config::Vars;
                let configured = crate::config::SpinVars.get(TICK_TOKEN_VARIABLE)?;
                check_tick_token(req.header("authorization"), configured.as_deref())
                    .map(|()| Caller::System)
            }
            // A stale or foreign token on a public route (login, the lost-password form) is
            // treated as no token: the person must be able to sign in again.
            Access::Public => Ok(match self.sessions.resolve(req) {
                Ok(Some(p)) => Caller::User(p),
                Ok(None) | Err(ApiError::Unauthenticated { .. }) => Caller::Anonymous,
                Err(e) => return Err(e),
            }),
            Access::AnySession => self
                .sessions
                .resolve(req)?
                .map(Caller::User)
                .ok_or_else(ApiError::unauthenticated),
            Access::Session => match self.sessions.resolve(req)? {
                Some(p) if p.must_change_password => Err(ApiError::forbidden_because(
                    "password_change_required",
                    "Change the start password first.",
                )),
                Some(p) => Ok(Caller::User(p)),
                None => Err(ApiError::unauthenticated()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<Caller, ApiError>) -> String {
        match r {
            Ok(Caller::Anonymous) => "anonymous".into(),
            Ok(Caller::System) => "system".into(),
            Ok(Caller::User(_)) => "user".into(),
            Err(e) => e.to_problem().code,
        }
    }

    #[test]
    fn tick_token_table() {
        let token = "t".repeat(TICK_TOKEN_MIN_LEN);
        let bearer = format!("Bearer {token}");
        let status = |auth: Option<&str>, configured: Option<&str>| {
            check_tick_token(auth, configured).map_or_else(|e| e.status(), |()| 200)
        };
        assert_eq!(status(Some(&bearer), Some(&token)), 200);
        assert_eq!(status(Some(&bearer), None), 404, "off without a token");
        assert_eq!(
            status(Some("Bearer short"), Some("short")),
            404,
            "too short is off"
        );
        assert_eq!(status(None, Some(&token)), 401);
        assert_eq!(
            status(Some(&token), Some(&token)),
            401,
            "needs the Bearer scheme"
        );
        assert_eq!(status(Some("Bearer x"), Some(&token)), 401);
        assert_eq!(status(Some(&format!("{bearer}x")), Some(&token)), 401);
    }

    #[test]
    fn guard_table() {
        let json = &["application/json"][..];
        let get = ApiRequest::new("GET", "/api/x");
        let post = ApiRequest::new("POST", "/api/x")
            .with_header("content-type", "application/json")
            .with_body("{}");
        let cases: Vec<(&str, ApiRequest, Access, &str)> = vec![
            ("plain GET", get.clone(), Access::Public, "anonymous"),
            (
                "GET with cookie needs no CSRF header",
                get.clone().with_header("cookie", "s=1"),
                Access::Public,
                "anonymous",
            ),
            (
                "POST without cookie",
                post.clone(),
                Access::Public,
                "anonymous",
            ),
            (
                "POST with cookie, no CSRF",
                post.clone().with_header("cookie", "s=1"),
                Access::Public,
                "csrf_required",
            ),
            (
                "POST with cookie, CSRF 0",
                post.clone()
                    .with_header("cookie", "s=1")
                    .with_header("X-Ratusz-CSRF", "0"),
                Access::Public,
                "csrf_required",
            ),
            (
                "POST with cookie and CSRF",
                post.clone()
                    .with_header("cookie", "s=1")
                    .with_header("X-Ratusz-CSRF", "1"),
                Access::Public,
                "anonymous",
            ),
            (
                "DELETE with cookie, no CSRF",
                ApiRequest::new("DELETE", "/x").with_header("cookie", "s=1"),
                Access::Public,
                "csrf_required",
            ),
            (
                "text body",
                ApiRequest::new("POST", "/x")
                    .with_header("content-type", "text/plain")
                    .with_body("hi"),
                Access::Public,
                "unsupported_media_type",
            ),
            (
                "body without type",
                ApiRequest::new("POST", "/x").with_body("{}"),
                Access::Public,
                "unsupported_media_type",
            ),
            (
                "JSON with charset",
                ApiRequest::new("POST", "/x")
                    .with_header("content-type", "application/json; charset=utf-8")
                    .with_body("{}"),
                Access::Public,
                "anonymous",
            ),
            (
                "session route, no session",
                get.clone(),
                Access::Session,
                "unauthenticated",
            ),
        ];
        for (name, req, access, expected) in cases {
            let got = code(RequestGuard::new().check(&req, access, Exposure::Public, json));
            assert_eq!(got, expected, "{name}");
        }
    }

    #[test]
    fn internal_access_needs_an_internal_endpoint() {
        let req = ApiRequest::new("POST", "/internal/tick");
        assert_eq!(
            code(RequestGuard::new().check(&req, Access::Internal, Exposure::Internal, &[])),
            "system"
        );
        assert_eq!(
            code(RequestGuard::new().check(&req, Access::Internal, Exposure::Public, &[])),
            "not_found"
        );
    }
}
