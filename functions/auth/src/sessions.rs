//! Opening sessions (login, password change) and the session endpoints `me` and `logout`.

use crate::settings::Env;
use crate::store::users::{self, UserRecord};
use ratusz_domain::accounts::secrets;
use ratusz_domain::api::accounts::{LoginResponse, MeResponse, TokenResponse};
use ratusz_platform::config::SpinVars;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::session::{
    self, EndReason, KvSessions, SessionStore, SessionSubject, TokenKey,
};
use ratusz_platform::SessionCheck;
use ratusz_platform::{response, ApiError, Caller, Ctx};
use spin_sdk::http::Response;

/// A new session for `user` replacing any other; returns the token.
pub fn start(
    env: &Env,
    user: &UserRecord,
    must_change_password: bool,
    device: &str,
) -> Result<String, ApiError> {
    let sid = secrets::session_id(&mut HostEntropy);
    let store = SessionStore::open()?;
    let subject = SessionSubject {
        user_id: user.id.clone(),
        roles: user.roles.clone(),
        unit_id: user.unit_id.clone(),
        must_change_password,
        device: device.to_owned(),
    };
    if store.start(&sid, &subject, env.now)?.is_some() {
        env.audit(
            &user.id,
            "session_superseded",
            &format!("user:{}", user.id),
            serde_json::json!({}),
        )?;
    }
    TokenKey::from_vars(&SpinVars)?.issue(&sid, env.now, env.settings.session.expires_at(env.now))
}

/// The answer that carries a new token: JSON body plus the session cookie.
pub fn with_cookie(env: &Env, mut resp: Response, token: &str) -> Response {
    resp.set_header(
        "set-cookie",
        session::set_cookie(token, env.settings.session.absolute_s),
    );
    resp
}

/// Successful login: record it, start the session, answer 200 with the token and cookie.
pub fn open_for_login(env: &Env, user: &UserRecord, device: &str) -> Result<Response, ApiError> {
    users::record_login(&env.db, &user.id, env.now)?;
    let token = start(env, user, user.must_change_password, device)?;
    env.audit(
        &user.id,
        "login_succeeded",
        &format!("user:{}", user.id),
        serde_json::json!({"start_password": user.must_change_password}),
    )?;
    let body = LoginResponse {
        token: token.clone(),
        user: user.view(env.now, true),
        must_change_password: user.must_change_password,
    };
    Ok(with_cookie(env, response::ok(&body), &token))
}

/// After a password change: a new session replaces the old one.
pub fn reissue(env: &Env, user: &UserRecord, device: &str) -> Result<Response, ApiError> {
    SessionStore::open()?.end_for_user(&user.id, EndReason::PasswordChanged)?;
    let token = start(env, user, false, device)?;
    Ok(with_cookie(
        env,
        response::ok(&TokenResponse {
            token: token.clone(),
        }),
        &token,
    ))
}

/// The device of a request, as a session keeps it (`accounts::device`).
pub fn device_of(ctx: &Ctx) -> String {
    ratusz_domain::accounts::device::describe(ctx.req.header("user-agent"))
}

/// `GET /api/auth/me`. A caller who presents no token at all (a visitor) gets 204 rather than
/// 401, so a browser asking "who am I" on the login page logs no error; a token that does not
/// hold (ended, expired, malformed) is still 401 (docs/decisions.md, "Who am I for a visitor").
pub fn me(ctx: &Ctx) -> Result<Response, ApiError> {
    if matches!(ctx.caller, Caller::Anonymous) {
        if presents_nothing(ctx) {
            return Ok(response::no_content());
        }
        // The public route read a bad token as none: check again for the precise 401
        // (ended, superseded, expired, malformed).
        KvSessions.resolve(ctx.req)?;
        return Err(ApiError::unauthenticated());
    }
    let p = ctx.principal()?;
    let env = Env::open(ctx)?;
    let user = users::by_id(&env.db, &p.user_id)?.ok_or_else(ApiError::unauthenticated)?;
    let doc = SessionStore::open()?
        .get(&p.session_id)?
        .ok_or_else(ApiError::unauthenticated)?;
    Ok(response::ok(&MeResponse {
        user: user.view(env.now, true),
        must_change_password: p.must_change_password,
        session_started_at: doc.started_at,
        session_expires_at: env.settings.session.expires_at(doc.started_at),
        idle_timeout_s: u64::try_from(env.settings.session.idle_s).unwrap_or(0),
    }))
}

/// No `Authorization` header and no session cookie (not even an empty one): a visitor, not a
/// caller with a bad token.
fn presents_nothing(ctx: &Ctx) -> bool {
    let names_cookie = |header: &str| {
        header
            .split(';')
            .any(|pair| pair.trim().split('=').next() == Some(session::COOKIE))
    };
    ctx.req.header("authorization").is_none() && !ctx.req.header("cookie").is_some_and(names_cookie)
}

/// `POST /api/auth/logout`: ends the caller's session and clears the cookie.
pub fn logout(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.principal()?;
    let env = Env::open(ctx)?;
    SessionStore::open()?.end(&p.session_id, EndReason::Logout)?;
    env.audit(
        &p.user_id,
        "logout",
        &format!("user:{}", p.user_id),
        serde_json::json!({}),
    )?;
    let mut resp = response::no_content();
    resp.set_header("set-cookie", session::clear_cookie());
    Ok(resp)
}

/// Ends `user_id`'s session for `reason` and records it (disable, termination, reset).
pub fn end_for_user(
    env: &Env,
    actor: &str,
    user_id: &str,
    reason: EndReason,
) -> Result<bool, ApiError> {
    let ended = SessionStore::open()?
        .end_for_user(user_id, reason)?
        .is_some();
    if ended {
        env.audit(
            actor,
            "session_ended",
            &format!("user:{user_id}"),
            serde_json::json!({"reason": reason.as_str()}),
        )?;
    }
    Ok(ended)
}
