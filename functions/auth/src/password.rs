//! `POST /api/auth/password`: the current password is always required; the new one must pass
//! the policy (length, strength with the holder's names and e-mail, not the same); the session
//! is replaced and the owner told by e-mail.

use crate::env::{principal, Env};
use crate::store::users;
use crate::{credentials, notify, resets, sessions};
use ratusz_domain::accounts::hashing::{self, Verification};
use ratusz_domain::accounts::messages;
use ratusz_domain::accounts::password_policy::{
    check_new_password, normalize_password, PasswordProblem,
};
use ratusz_domain::api::accounts::ChangePasswordRequest;
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;
use std::collections::BTreeMap;

/// 422 for a new password the policy refuses, in Polish and English.
pub fn policy_error(field: &str, problem: PasswordProblem) -> ApiError {
    let mut errors = BTreeMap::new();
    errors.insert(
        field.to_owned(),
        format!("{} / {}", problem.message_pl(), problem.message_en()),
    );
    ApiError::Validation { errors }
}

/// Checks `new_password` for the account `user` (whose current hash is `current_hash`).
pub fn check_policy(
    field: &str,
    new_password: &str,
    user: &users::UserRecord,
) -> Result<(), ApiError> {
    let same = user.password_hash.as_deref().is_some_and(|h| {
        matches!(
            hashing::verify_password(new_password, h),
            Verification::Match { .. }
        )
    });
    let local_part = user.email.split('@').next().unwrap_or("");
    check_new_password(
        new_password,
        &[&user.first_name, &user.last_name, &user.email, local_part],
        same,
    )
    .map_err(|p| policy_error(field, p))
}

/// `POST /api/auth/password`.
pub fn change(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = principal(ctx)?;
    let body: ChangePasswordRequest = ctx.req.json()?;
    let env = Env::open()?;
    let user = users::by_id(&env.db, &p.user_id)?.ok_or_else(ApiError::unauthenticated)?;
    let current = normalize_password(&body.current_password);
    let matches = user.password_hash.as_deref().is_some_and(|h| {
        matches!(
            hashing::verify_password(&current, h),
            Verification::Match { .. }
        )
    });
    if !matches {
        env.audit(
            &user.id,
            "password_change_failed",
            &format!("user:{}", user.id),
            serde_json::json!({"reason": "wrong_current_password"}),
        )?;
        return Err(ApiError::invalid_field(
            "current_password",
            "Obecne hasło jest nieprawidłowe. / The current password is not correct.",
        ));
    }
    let new_password = normalize_password(&body.new_password);
    check_policy("new_password", &new_password, &user)?;
    let hash = credentials::hash(&new_password)?;
    env.db.transaction(|_| {
        users::set_password(&env.db, &user.id, Some(&hash), None, env.now)?;
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
    sessions::reissue(&env, &user)
}
