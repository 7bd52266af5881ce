//! Passwords of accounts: start passwords, hashing with the host's CSPRNG, verification.

use crate::env::Env;
use crate::notify;
use crate::store::users::{self, UserRecord};
use ratusz_domain::accounts::hashing;
use ratusz_domain::accounts::messages;
use ratusz_domain::accounts::secrets;
use ratusz_domain::time::Timestamp;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::ApiError;

/// Hashes `password` (argon2id, fresh salt).
pub fn hash(password: &str) -> Result<String, ApiError> {
    hashing::hash_password(password, &mut HostEntropy).map_err(ApiError::internal)
}

/// A new start password for `user`: stored as its only password, valid for the configured
/// days, returned in clear for exactly one delivery (e-mail or letter).
pub fn issue_start_password(env: &Env, user: &UserRecord) -> Result<(String, Timestamp), ApiError> {
    let password = secrets::start_password(&mut HostEntropy);
    let expires_at = env
        .now
        .plus_seconds(env.settings.start_password_days * 86_400);
    users::set_password(
        &env.db,
        &user.id,
        Some(&hash(&password)?),
        Some(expires_at),
        env.now,
    )?;
    Ok((password, expires_at))
}

/// Issues a start password and e-mails it to the account's address.
pub fn email_start_password(env: &Env, user: &UserRecord) -> Result<(), ApiError> {
    let (password, expires_at) = issue_start_password(env, user)?;
    notify::email(
        env,
        user,
        messages::start_password(
            &user.first_name,
            &user.email,
            &password,
            expires_at,
            &env.settings.public_url,
        ),
    )
}
