//! `POST /api/auth/login`: the shell around the domain's login flow
//! (`ratusz_domain::accounts::login_flow`), which decides the order of the checks — atomic
//! reservation against the per-address throttle → find the account → disabled / locked →
//! atomic attempt counter → argon2id — and what each outcome records. Here only the I/O each
//! step asks for.
//!
//! Every failure answers the same 401 `invalid_credentials`; the reason goes to the audit
//! chain. A wrong password is recorded by [`crate::lockout`].

use crate::settings::Env;
use crate::store::{users, users::UserRecord};
use crate::{lockout, sessions};
use ratusz_domain::accounts::email::normalize_email;
use ratusz_domain::accounts::hashing::{self, Verification};
use ratusz_domain::accounts::login_flow::{
    self, AccountFacts, LoginFacts, Lookup, Outcome, PasswordCheck, Step,
};
use ratusz_domain::accounts::password_policy::normalize_password;
use ratusz_domain::api::accounts::{AccountStatus, LoginRequest};
use ratusz_domain::validate::limits::PASSWORD_BYTES_MAX;
use ratusz_platform::kv::{CounterKey, Counters};
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// The one answer to every failed login.
pub fn invalid_credentials() -> ApiError {
    ApiError::unauthenticated_because(
        "invalid_credentials",
        "The e-mail or password is not correct.",
    )
}

/// `POST /api/auth/login`.
pub fn login(ctx: &Ctx) -> Result<Response, ApiError> {
    let body: LoginRequest = ctx.req.json()?;
    let env = Env::open(ctx)?;
    crate::bootstrap::ensure(&env)?;
    let addr = ctx.client_addr();
    let addr_key = CounterKey::new(
        "login-fail-addr",
        &format!("{addr}:{}", env.settings.throttle.window(env.now)),
    );
    let password = normalize_password(&body.password);
    let mut attempt = Attempt {
        env: &env,
        counters: Counters::open()?,
        addr,
        addr_key,
        facts: LoginFacts {
            password_oversized: password.len() > PASSWORD_BYTES_MAX,
            ..LoginFacts::default()
        },
        password,
        user: None,
        device: sessions::device_of(ctx),
    };
    loop {
        let step = login_flow::next(
            &env.settings.lockout,
            &env.settings.throttle,
            &attempt.facts,
            env.now,
        );
        match step {
            Step::Finish(outcome) => return attempt.finish(outcome),
            other => attempt.take(other, &body.email)?,
        }
    }
}

/// One login attempt: what the flow has learnt so far and the I/O it needs.
struct Attempt<'a> {
    env: &'a Env,
    counters: Counters,
    addr: String,
    addr_key: CounterKey,
    facts: LoginFacts,
    /// NFKC-normalised.
    password: String,
    /// The account, once looked up and found.
    user: Option<UserRecord>,
    /// The device a session would be opened for.
    device: String,
}

impl Attempt<'_> {
    /// Does the I/O of `step` and records its answer in the facts.
    fn take(&mut self, step: Step, email: &str) -> Result<(), ApiError> {
        match step {
            Step::ReserveAddress => {
                self.facts.address_reservation = Some(self.counters.increment(&self.addr_key, 1)?);
            }
            Step::FindAccount => {
                self.user = match normalize_email(email) {
                    Ok(email) => users::by_email(&self.env.db, &email)?,
                    Err(_) => None,
                };
                self.facts.account = Some(
                    self.user
                        .as_ref()
                        .map_or(Lookup::Unknown, |u| Lookup::Found(account_facts(u))),
                );
            }
            Step::CountAttempt => {
                let key = attempt_key(self.found()?);
                self.facts.attempt = Some(self.counters.increment(&key, 1)?);
            }
            Step::VerifyPassword => {
                let hash = self
                    .found()?
                    .password_hash
                    .as_deref()
                    .ok_or_else(flow_bug)?;
                self.facts.password = Some(verify(&self.password, hash));
            }
            Step::Finish(_) => {}
        }
        Ok(())
    }

    fn found(&self) -> Result<&UserRecord, ApiError> {
        self.user.as_ref().ok_or_else(flow_bug)
    }

    /// Does what the outcome says: a session, a 429, or the one 401 with what it records.
    fn finish(self, outcome: Outcome) -> Result<Response, ApiError> {
        let env = self.env;
        if self.facts.address_reservation.is_some() && !outcome.keeps_address_reservation() {
            self.counters.increment(&self.addr_key, -1)?;
        }
        match outcome {
            Outcome::Throttled { retry_after_s } => {
                env.audit(
                    "anonymous",
                    "login_failed",
                    "login",
                    serde_json::json!({"reason": "throttled", "addr": self.addr}),
                )?;
                Err(ApiError::TooManyRequests { retry_after_s })
            }
            Outcome::SignedIn { rehash } => {
                let user = self.found()?;
                self.counters.reset(&attempt_key(user))?;
                if rehash {
                    // Hashed first; the UPDATE is one short statement.
                    let hash = crate::credentials::hash(&self.password)?;
                    users::rehash(&env.db, &user.id, &hash)?;
                }
                // During a maintenance window only an administrator gets a session; anyone
                // else learns of the window only after proving the password.
                ratusz_platform::maintenance::admit_sign_in(&user.roles, env.now)?;
                sessions::open_for_login(env, user, &self.device)
            }
            Outcome::Refused {
                reason,
                dummy_hash,
                counts_as_failure,
            } => {
                if dummy_hash {
                    // An oversized password is never hashed, not even as a dummy.
                    let oversized = self.facts.password_oversized;
                    hashing::dummy_verify(if oversized { "" } else { &self.password });
                }
                if let (true, Some(user), Some(attempt)) =
                    (counts_as_failure, &self.user, self.facts.attempt)
                {
                    lockout::after_failure(env, user, attempt)?;
                }
                let (actor, object) = match &self.user {
                    Some(u) => (u.id.clone(), format!("user:{}", u.id)),
                    None => ("anonymous".to_owned(), "login".to_owned()),
                };
                env.audit(
                    &actor,
                    "login_failed",
                    &object,
                    serde_json::json!({"reason": reason.as_str(), "addr": self.addr}),
                )?;
                Err(invalid_credentials())
            }
        }
    }
}

/// The login flow asked for a step its own facts rule out (a bug, never a user's doing).
fn flow_bug() -> ApiError {
    ApiError::internal("login flow asked about an account it did not find")
}

fn account_facts(user: &UserRecord) -> AccountFacts {
    AccountFacts {
        disabled: user.status == AccountStatus::Disabled,
        lock: user.lock_state(),
        has_password: user.password_hash.is_some(),
        start_password_expires_at: user
            .start_password_expires_at
            .filter(|_| user.must_change_password),
    }
}

fn verify(password: &str, hash: &str) -> PasswordCheck {
    match hashing::verify_password(password, hash) {
        Verification::Match { needs_rehash } => PasswordCheck::Match { needs_rehash },
        Verification::Mismatch => PasswordCheck::Mismatch,
    }
}

/// The KV counter of consecutive attempts in the account's current lock window.
pub fn attempt_key(user: &UserRecord) -> CounterKey {
    CounterKey::new(
        "login-attempts",
        &format!("{}:{}", user.id, user.lock_generation),
    )
}
