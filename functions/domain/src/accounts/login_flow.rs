//! The order of the checks of one login attempt (accounts.md § Login, § Lockout), as a pure
//! step function: the auth shell asks [`next`] what to do, does that one piece of I/O, adds
//! the answer to [`LoginFacts`] and asks again, until [`Step::Finish`].
//!
//! The order is the security property, so it lives here where a table proves it:
//! - the address throttle comes first, as an atomic *reservation* (an increment of the
//!   address's failure counter taken before anything else): of N parallel attempts from one
//!   address at most `limit` get past it, and a throttled address costs no lookup and no hash.
//!   A refusal keeps its reservation (it is the recorded failure); a sign-in and a throttled
//!   attempt give it back ([`Outcome::keeps_address_reservation`]), so the counter holds the
//!   failures plus the attempts still in flight;
//! - a disabled or locked account, or an attempt past the threshold, costs no hash;
//! - the attempt counter is an atomic increment taken *before* the hash, so of N parallel
//!   guesses only the first `threshold` are checked;
//! - an unknown e-mail, or an account without a password, runs a dummy hash, so the answer
//!   takes as long as a wrong password;
//! - every refusal is the same answer to the client; the reason is only recorded.

use super::lockout::{LockState, LockoutPolicy};
use super::throttle::AddressThrottle;
use crate::time::Timestamp;

/// Why a login was refused (the audit chain's `reason`; the client always gets the same 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginFailure {
    /// No account has this e-mail.
    UnknownEmail,
    /// The account is disabled.
    Disabled,
    /// The account is locked.
    Locked,
    /// More parallel or consecutive attempts than the lockout threshold.
    AttemptLimit,
    /// No password works (a reset was approved, the new secret is not set yet).
    NoPassword,
    /// The password is wrong.
    WrongPassword,
    /// The right start password, but it has run out.
    StartPasswordExpired,
}

crate::wire_names!(LoginFailure {
    UnknownEmail = "unknown_email",
    Disabled = "disabled",
    Locked = "locked",
    AttemptLimit = "attempt_limit",
    NoPassword = "no_password",
    WrongPassword = "wrong_password",
    StartPasswordExpired = "start_password_expired",
});

/// What is known about the account the e-mail names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFacts {
    /// Disabled by an administrator.
    pub disabled: bool,
    /// The persisted lock.
    pub lock: LockState,
    /// A password hash is stored.
    pub has_password: bool,
    /// When the start password stops working, if the password is a start password.
    pub start_password_expires_at: Option<Timestamp>,
}

/// The result of the account lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// No account has this e-mail (or the text is not an e-mail at all).
    Unknown,
    /// The account.
    Found(AccountFacts),
}

/// The result of checking the password against the stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    /// Right; `needs_rehash` when the stored hash is weaker than today's parameters.
    Match {
        /// Store a fresh hash.
        needs_rehash: bool,
    },
    /// Wrong.
    Mismatch,
}

/// Everything the shell has learnt so far about one attempt; `None` = not asked yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFacts {
    /// The address's failure counter in the current throttle window after this attempt's
    /// reservation (the atomic increment of [`Step::ReserveAddress`]), so it counts this attempt.
    pub address_reservation: Option<i64>,
    /// The account lookup.
    pub account: Option<Lookup>,
    /// The value of the account's atomic attempt counter after this attempt's increment.
    pub attempt: Option<i64>,
    /// The submitted password is longer than anyone's password can be (it is never hashed).
    pub password_oversized: bool,
    /// The password check.
    pub password: Option<PasswordCheck>,
}

/// What the shell does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Atomically add one to the address's failure counter (the reservation) into
    /// [`LoginFacts::address_reservation`].
    ReserveAddress,
    /// Look the e-mail up into [`LoginFacts::account`].
    FindAccount,
    /// Increment the account's attempt counter into [`LoginFacts::attempt`].
    CountAttempt,
    /// Verify the password against the stored hash into [`LoginFacts::password`].
    VerifyPassword,
    /// The attempt is decided.
    Finish(Outcome),
}

/// How an attempt ends, and what the shell records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 429 with `Retry-After`; audited as `throttled`; the reservation is given back.
    Throttled {
        /// Seconds until the window ends.
        retry_after_s: u64,
    },
    /// Signed in: give the address reservation back, reset the attempt counter, store a fresh
    /// hash when `rehash`, open a session.
    SignedIn {
        /// Store a hash made with today's parameters.
        rehash: bool,
    },
    /// The one 401 `invalid_credentials`; the address reservation stays (it is the failure)
    /// and `reason` is audited.
    Refused {
        /// Why (audit only).
        reason: LoginFailure,
        /// Run a dummy hash first, so this answer takes as long as a wrong password.
        dummy_hash: bool,
        /// A wrong password: record it in the 24-hour window and apply the lockout decision.
        counts_as_failure: bool,
    },
}

impl Outcome {
    /// Whether the address reservation taken by [`Step::ReserveAddress`] stays counted: only a
    /// refusal is a failure. A sign-in and a throttled attempt (already over the limit, so
    /// counting it changes nothing but would outlive the in-flight attempts that caused it)
    /// give it back with a decrement.
    pub fn keeps_address_reservation(&self) -> bool {
        matches!(self, Self::Refused { .. })
    }
}

/// A refusal; only a wrong password counts towards the lock.
fn refused(reason: LoginFailure, dummy_hash: bool) -> Step {
    Step::Finish(Outcome::Refused {
        reason,
        dummy_hash,
        counts_as_failure: reason == LoginFailure::WrongPassword,
    })
}

/// The next step of the attempt described by `facts` at `now`.
pub fn next(
    lockout: &LockoutPolicy,
    throttle: &AddressThrottle,
    facts: &LoginFacts,
    now: Timestamp,
) -> Step {
    let Some(reserved) = facts.address_reservation else {
        return Step::ReserveAddress;
    };
    if let Err(retry_after_s) = throttle.check(reserved, now) {
        return Step::Finish(Outcome::Throttled { retry_after_s });
    }
    let account = match facts.account {
        None => return Step::FindAccount,
        Some(Lookup::Unknown) => return refused(LoginFailure::UnknownEmail, true),
        Some(Lookup::Found(account)) => account,
    };
    if account.disabled {
        return refused(LoginFailure::Disabled, false);
    }
    if lockout.is_locked(&account.lock, now) {
        return refused(LoginFailure::Locked, false);
    }
    // Before the counter: guesses at an account without a password must not use up the
    // attempts its holder needs once the new secret is set (nothing resets the counter then).
    if !account.has_password {
        return refused(LoginFailure::NoPassword, true);
    }
    let Some(attempt) = facts.attempt else {
        return Step::CountAttempt;
    };
    if !lockout.may_check_password(attempt) {
        return refused(LoginFailure::AttemptLimit, false);
    }
    // An oversized password cannot be anyone's: a wrong one, counted like any other, with a
    // dummy hash in place of the real one (hashing it would only cost CPU).
    if facts.password_oversized {
        return refused(LoginFailure::WrongPassword, true);
    }
    let Some(check) = facts.password else {
        return Step::VerifyPassword;
    };
    match check {
        PasswordCheck::Mismatch => refused(LoginFailure::WrongPassword, false),
        PasswordCheck::Match { .. }
            if account
                .start_password_expires_at
                .is_some_and(|end| end <= now) =>
        {
            refused(LoginFailure::StartPasswordExpired, false)
        }
        PasswordCheck::Match { needs_rehash } => Step::Finish(Outcome::SignedIn {
            rehash: needs_rehash,
        }),
    }
}

#[cfg(test)]
mod tests;
