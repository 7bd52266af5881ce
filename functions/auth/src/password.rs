//! `POST /api/auth/password`: the current password is always required; the new one must pass
//! the policy (length, strength with the holder's names and e-mail, not the same); the session
//! is replaced and the owner told by e-mail. A wrong current password counts towards the
//! account's lock exactly as a failed login does.
//!
//! The checks and the new hash (argon2id, zxcvbn: slow) come first; the write is one short
//! transaction that first makes sure the password checked is still the account's password.

use crate::settings::Env;
use crate::store::users::{self, UserRecord};
use crate::{credentials, lockout, login, notify, resets, sessions};
use ratusz_domain::accounts::hashing::{self, Verification};
use ratusz_domain::accounts::login_flow::LoginFailure;
use ratusz_domain::accounts::messages;
use ratusz_domain::accounts::password_policy::{
    check_length, check_new_password, normalize_password, PasswordProblem,
};
use ratusz_domain::api::accounts::ChangePasswordRequest;
use ratusz_domain::validate::limits::PASSWORD_BYTES_MAX;
use ratusz_domain::validate::Invalid;
use ratusz_platform::kv::Counters;
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// Checks `new_password` (normalised) for the account `user`: 422 on `field` naming the rule.
/// The length is checked before any hashing, so an oversized password costs nothing.
pub fn check_policy(field: &str, new_password: &str, user: &UserRecord) -> Result<(), ApiError> {
    let refuse = |p: PasswordProblem| ApiError::invalid_field(field, p.invalid());
    check_length(new_password).map_err(refuse)?;
    let same = user
        .password_hash
        .as_deref()
        .is_some_and(|h| verifies(new_password, h));
    let local_part = user.email.split('@').next().unwrap_or("");
    check_new_password(
        new_password,
        &[&user.first_name, &user.last_name, &user.email, local_part],
        same,
    )
    .map_err(refuse)
}

fn verifies(password: &str, hash: &str) -> bool {
    matches!(
        hashing::verify_password(password, hash),
        Verification::Match { .. }
    )
}

/// 422 on `current_password`: it is not the account's password (any more).
fn wrong_current_password() -> ApiError {
    ApiError::invalid_field(
        "current_password",
        Invalid::rule("current_password_incorrect"),
    )
}

/// The current password, checked as a login checks one (accounts.md § Lockout): a locked
/// account and an attempt past the threshold cost no hash, the attempt is counted with the
/// login's atomic counter before the hash, and a wrong (or oversized) password is a failure
/// like a failed login — the same lock, incident and e-mail ([`lockout::after_failure`]).
/// Without this a stolen or unattended session would be an unlimited guessing oracle.
fn check_current(env: &Env, user: &UserRecord, given: &str) -> Result<(), ApiError> {
    let policy = &env.settings.lockout;
    let refused = |reason: LoginFailure| {
        env.audit(
            &user.id,
            "password_change_failed",
            &format!("user:{}", user.id),
            serde_json::json!({"reason": "wrong_current_password", "check": reason.as_str()}),
        )?;
        Err(wrong_current_password())
    };
    if policy.is_locked(&user.lock_state(), env.now) {
        return refused(LoginFailure::Locked);
    }
    let counters = Counters::open()?;
    let key = login::attempt_key(user);
    let attempt = counters.increment(&key, 1)?;
    if !policy.may_check_password(attempt) {
        return refused(LoginFailure::AttemptLimit);
    }
    // An oversized text cannot be anyone's password: refused without hashing it.
    let matches = given.len() <= PASSWORD_BYTES_MAX
        && user
            .password_hash
            .as_deref()
            .is_some_and(|h| verifies(given, h));
    if matches {
        counters.reset(&key)?;
        return Ok(());
    }
    lockout::after_failure(env, user, attempt)?;
    refused(LoginFailure::WrongPassword)
}

/// `POST /api/auth/password`.
pub fn change(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.principal()?;
    let body: ChangePasswordRequest = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let user = users::by_id(&env.db, &p.user_id)?.ok_or_else(ApiError::unauthenticated)?;
    check_current(&env, &user, &normalize_password(&body.current_password))?;
    let new_password = normalize_password(&body.new_password);
    check_policy("new_password", &new_password, &user)?;
    let hash = credentials::hash(&new_password)?;
    env.db.transaction(|db| {
        // A reset approval or another change may have replaced the password meanwhile.
        let now_stored = users::by_id(db, &user.id)?.and_then(|u| u.password_hash);
        if now_stored != user.password_hash {
            return Err(wrong_current_password());
        }
        users::set_password(db, &user.id, Some(&hash), None, env.now)?;
        env.audit(
            &user.id,
            "password_changed",
            &format!("user:{}", user.id),
            serde_json::json!({"was_start_password": user.must_change_password}),
        )?;
        resets::complete_for_user(&env, &user.id)?;
        notify::email(
            &env,
            &user,
            messages::password_changed(&user.first_name, env.now),
        )
    })?;
    sessions::reissue(&env, &user, &sessions::device_of(ctx))
}
