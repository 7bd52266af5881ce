//! `POST /api/auth/login`: throttle per address → find the account → lockout gate → atomic
//! attempt counter → argon2id → session.
//!
//! Every failure answers the same 401 `invalid_credentials` (no enumeration: unknown e-mails
//! run a dummy hash so they take as long as a wrong password); the reason goes to the audit
//! chain. A locked or disabled account, or an attempt past the threshold, costs no hash.

use crate::env::{client_addr, Env};
use crate::incident_log::{self, NewIncident};
use crate::sessions;
use crate::store::{failures, users, users::UserRecord};
use crate::{credentials, notify};
use ratusz_domain::accounts::email::normalize_email;
use ratusz_domain::accounts::hashing::{self, Verification};
use ratusz_domain::accounts::lockout::LockDecision;
use ratusz_domain::accounts::messages;
use ratusz_domain::accounts::password_policy::normalize_password;
use ratusz_domain::api::accounts::{AccountStatus, LoginRequest};
use ratusz_domain::api::incidents::{IncidentKind, Severity};
use ratusz_platform::kv::{CounterKey, Counters};
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// Why a login failed (audit only; the client always gets the same answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    UnknownEmail,
    Disabled,
    Locked,
    AttemptLimit,
    NoPassword,
    WrongPassword,
    StartPasswordExpired,
}

impl Failure {
    fn as_str(self) -> &'static str {
        match self {
            Failure::UnknownEmail => "unknown_email",
            Failure::Disabled => "disabled",
            Failure::Locked => "locked",
            Failure::AttemptLimit => "attempt_limit",
            Failure::NoPassword => "no_password",
            Failure::WrongPassword => "wrong_password",
            Failure::StartPasswordExpired => "start_password_expired",
        }
    }
}

/// The one answer to every failed login.
pub fn invalid_credentials() -> ApiError {
    ApiError::Unauthenticated {
        code: "invalid_credentials",
        detail: "The e-mail or password is not correct.".into(),
    }
}

/// Longest password text we hash (argon2 takes any length; a megabyte would only cost CPU).
const MAX_PASSWORD_BYTES: usize = 1024;

/// `POST /api/auth/login`.
pub fn login(ctx: &Ctx) -> Result<Response, ApiError> {
    let body: LoginRequest = ctx.req.json()?;
    let env = Env::open()?;
    crate::bootstrap::ensure(&env)?;
    let counters = Counters::open()?;
    let addr = client_addr(ctx);
    let window = env.settings.throttle.window(env.now);
    let addr_key = CounterKey::new("login-fail-addr", &format!("{addr}:{window}"));
    if let Err(retry_after_s) = env
        .settings
        .throttle
        .check(counters.current(&addr_key)?, env.now)
    {
        env.audit(
            "anonymous",
            "login_failed",
            "login",
            serde_json::json!({"reason": "throttled", "addr": addr}),
        )?;
        return Err(ApiError::TooManyRequests { retry_after_s });
    }
    let user = match normalize_email(&body.email) {
        Ok(email) => users::by_email(&env.db, &email)?,
        Err(_) => None,
    };
    let password = normalize_password(&body.password);
    match attempt(&env, &counters, user.as_ref(), &password)? {
        Ok(user) => sessions::open_for_login(&env, &user),
        Err(failure) => {
            counters.increment(&addr_key, 1)?;
            let (actor, object) = match &user {
                Some(u) => (u.id.clone(), format!("user:{}", u.id)),
                None => ("anonymous".to_owned(), "login".to_owned()),
            };
            env.audit(
                &actor,
                "login_failed",
                &object,
                serde_json::json!({"reason": failure.as_str(), "addr": addr}),
            )?;
            Err(invalid_credentials())
        }
    }
}

fn attempt(
    env: &Env,
    counters: &Counters,
    user: Option<&UserRecord>,
    password: &str,
) -> Result<Result<UserRecord, Failure>, ApiError> {
    let Some(user) = user else {
        hashing::dummy_verify(password);
        return Ok(Err(Failure::UnknownEmail));
    };
    if user.status == AccountStatus::Disabled {
        return Ok(Err(Failure::Disabled));
    }
    let policy = &env.settings.lockout;
    if policy.is_locked(&user.lock_state(), env.now) {
        return Ok(Err(Failure::Locked));
    }
    // Taken before hashing: of N parallel guesses only the first `threshold` get a hash.
    let attempt_key = attempt_key(user);
    let attempt = counters.increment(&attempt_key, 1)?;
    if !policy.may_check_password(attempt) {
        return Ok(Err(Failure::AttemptLimit));
    }
    let Some(hash) = user.password_hash.as_deref() else {
        hashing::dummy_verify(password);
        return Ok(Err(Failure::NoPassword));
    };
    if password.len() > MAX_PASSWORD_BYTES {
        hashing::dummy_verify("");
        return Ok(Err(Failure::WrongPassword));
    }
    match hashing::verify_password(password, hash) {
        Verification::Mismatch => {
            after_failure(env, user, attempt)?;
            Ok(Err(Failure::WrongPassword))
        }
        Verification::Match { needs_rehash } => {
            if user.must_change_password
                && user.start_password_expires_at.is_some_and(|t| t <= env.now)
            {
                return Ok(Err(Failure::StartPasswordExpired));
            }
            counters.reset(&attempt_key)?;
            if needs_rehash {
                users::rehash(&env.db, &user.id, &credentials::hash(password)?)?;
            }
            Ok(Ok(user.clone()))
        }
    }
}

/// The KV counter of consecutive attempts in the account's current lock window.
pub fn attempt_key(user: &UserRecord) -> CounterKey {
    CounterKey::new(
        "login-attempts",
        &format!("{}:{}", user.id, user.lock_generation),
    )
}

/// A wrong password: count it, and lock when the policy says so.
fn after_failure(env: &Env, user: &UserRecord, attempt: i64) -> Result<(), ApiError> {
    let policy = &env.settings.lockout;
    env.db.transaction(|db| {
        failures::record(db, &user.id, env.now)?;
        let since = env.now.plus_seconds(-policy.permanent_window_s);
        let in_window = failures::count_since(db, &user.id, since)?;
        let consecutive = u32::try_from(attempt).unwrap_or(u32::MAX);
        // Re-read under the write lock: a parallel failure may have locked already.
        let Some(current) = users::by_id(db, &user.id)? else {
            return Ok(());
        };
        if current.lock_generation != user.lock_generation {
            return Ok(());
        }
        match policy.after_failure(&current.lock_state(), consecutive, in_window, env.now) {
            LockDecision::None => Ok(()),
            LockDecision::Lock { until, streak } => {
                users::lock(db, &user.id, Some(until), "failed_logins", streak, env.now)?;
                on_locked(env, &current, Some(until), consecutive)
            }
            LockDecision::Permanent => {
                users::lock(
                    db,
                    &user.id,
                    None,
                    "too_many_failures",
                    current.lock_streak,
                    env.now,
                )?;
                on_locked(env, &current, None, in_window)
            }
        }
    })
}

fn on_locked(
    env: &Env,
    user: &UserRecord,
    until: Option<ratusz_domain::time::Timestamp>,
    failures: u32,
) -> Result<(), ApiError> {
    env.audit(
        "system",
        "account_locked",
        &format!("user:{}", user.id),
        serde_json::json!({"until": until, "permanent": until.is_none(), "failures": failures}),
    )?;
    incident_log::open(
        env,
        NewIncident {
            kind: IncidentKind::Lockout,
            severity: if until.is_none() {
                Severity::High
            } else {
                Severity::Low
            },
            title: format!("Blokada konta / account locked: {}", user.email),
            description: format!(
                "{failures} nieudanych logowań / failed logins. Do / until: {}",
                until.map_or("odblokowania / unlock".to_owned(), |t| t.to_rfc3339())
            ),
            account_id: Some(&user.id),
            reporter: incident_log::SYSTEM,
            personal_data: false,
        },
    )?;
    notify::email(env, user, messages::account_locked(&user.first_name, until))
}
