//! Passwords of accounts: start passwords, hashing with the host's CSPRNG.
//!
//! Hashing is slow (argon2id, by design), so a start password is made and hashed *before*
//! the transaction that stores it ([`StartPassword::new`]), never under the write lock.

use crate::notify;
use crate::settings::Env;
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

/// A fresh start password with its hash, valid for the configured days; the clear text goes
/// out exactly once (e-mail or letter).
pub struct StartPassword {
    /// The password in clear.
    pub clear: String,
    /// Its argon2id hash.
    pub hash: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

// Never print the clear text by accident.
impl std::fmt::Debug for StartPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartPassword")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl StartPassword {
    /// Generates and hashes a start password (slow: call it outside any transaction).
    pub fn new(env: &Env) -> Result<Self, ApiError> {
        let clear = secrets::start_password(&mut HostEntropy);
        Ok(Self {
            hash: hash(&clear)?,
            clear,
            expires_at: env
                .now
                .plus_seconds(env.settings.start_password_days * 86_400),
        })
    }

    /// `user` with this as its only password (a new account, before it is inserted).
    pub fn install(&self, user: &mut UserRecord) {
        user.password_hash = Some(self.hash.clone());
        user.must_change_password = true;
        user.start_password_expires_at = Some(self.expires_at);
    }

    /// Stores this as the only password of the existing account `user_id` (fast).
    pub fn store(&self, env: &Env, user_id: &str) -> Result<(), ApiError> {
        users::set_password(
            &env.db,
            user_id,
            Some(&self.hash),
            Some(self.expires_at),
            env.now,
        )?;
        Ok(())
    }

    /// Queues the e-mail that carries it to the account's address.
    pub fn email(&self, env: &Env, user: &UserRecord) -> Result<(), ApiError> {
        notify::email(
            env,
            user,
            messages::start_password(
                &user.first_name,
                &user.email,
                &self.clear,
                self.expires_at,
                &env.settings.public_url,
            ),
        )
    }
}
