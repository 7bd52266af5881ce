//! A wrong password at login: recorded in the 24-hour window, and the account locked when
//! the lockout policy says so — with an audit entry, an incident and an e-mail to the owner,
//! never a word to the person at the keyboard. One short transaction, no hashing inside.

use crate::incident_log::{self, NewIncident};
use crate::notify;
use crate::settings::Env;
use crate::store::{failures, users, users::UserRecord};
use ratusz_domain::accounts::lockout::LockDecision;
use ratusz_domain::accounts::messages;
use ratusz_domain::api::incidents::{IncidentKind, Severity};
use ratusz_domain::time::Timestamp;
use ratusz_platform::ApiError;

/// A wrong password: count it, and lock when the policy says so (one short transaction).
pub fn after_failure(env: &Env, user: &UserRecord, attempt: i64) -> Result<(), ApiError> {
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
    until: Option<Timestamp>,
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
