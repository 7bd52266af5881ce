//! Accounts: the pure rules behind registration, login, sessions, password reset and the
//! incident register (`shared/spec/accounts.md`).
//!
//! Everything here is a function of its arguments: the current time is a [`Timestamp`]
//! parameter and randomness comes from an [`Entropy`], so the auth component stays a thin shell
//! (load → call the policy → store) and the policies are tested by moving a clock.
//!
//! [`Timestamp`]: crate::time::Timestamp
//! [`Entropy`]: crate::id::Entropy

pub mod authz;
pub mod device;
pub mod email;
#[cfg(feature = "password-hash")]
pub mod hashing;
pub mod incident;
pub mod local_time;
pub mod lockout;
pub mod login_flow;
pub mod messages;
pub mod nfkc;
pub mod password_policy;
pub mod reset_policy;
pub mod secrets;
pub mod session_policy;
pub mod throttle;
