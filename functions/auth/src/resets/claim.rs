//! Step 3, `email_sms` route: `POST /api/password-resets/claim {token, code, new_password}`.
//!
//! Every failure is the same 422 `invalid_claim`. Each code is compared under the database
//! write lock against the freshly read row, so parallel guesses are counted one by one and
//! the fifth wrong code burns the token before a sixth is looked at. A correct code with a
//! password the policy refuses costs no attempt; the password is hashed outside the lock and
//! everything is checked again before it is set.

use super::decide::code_hash;
use super::object;
use crate::incident_log::{self, NewIncident, SYSTEM};
use crate::settings::Env;
use crate::store::resets::{self, ResetRecord};
use crate::store::users::{self, UserRecord};
use crate::{credentials, notify, password};
use ratusz_domain::accounts::messages;
use ratusz_domain::accounts::password_policy::normalize_password;
use ratusz_domain::accounts::secrets;
use ratusz_domain::api::incidents::{IncidentKind, Severity};
use ratusz_domain::api::resets::{ClaimRequest, ResetDelivery, ResetStatus};
use ratusz_domain::time::Timestamp;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn invalid() -> ApiError {
    ApiError::unprocessable("invalid_claim", "The link or the code is not valid.")
}

/// Whether `reset` can still be claimed at `now`. Pure.
pub fn claimable(reset: &ResetRecord, now: Timestamp, max_attempts: u32) -> bool {
    reset.status == ResetStatus::Approved
        && reset.delivery == ResetDelivery::EmailSms
        && reset.code_hash.is_some()
        && reset.expires_at.is_some_and(|end| now < end)
        && reset.code_attempts < max_attempts
}

/// Whether `code` is the request's SMS code (constant time on the hashes). Pure.
pub fn code_matches(reset: &ResetRecord, code: &str) -> bool {
    let Some(stored) = reset.code_hash.as_deref() else {
        return false;
    };
    secrets::constant_time_eq(
        code_hash(&reset.id, code.trim()).as_bytes(),
        stored.as_bytes(),
    )
}

/// The row as it is now, if still claimable and the code is right — read under the lock.
fn verified(env: &Env, token_hash: &str, code: &str) -> Result<Option<ResetRecord>, ApiError> {
    let max = env.settings.reset.max_code_attempts;
    Ok(resets::by_token_hash(&env.db, token_hash)?
        .filter(|r| claimable(r, env.now, max) && code_matches(r, code)))
}

/// `POST /api/password-resets/claim` (public).
pub fn claim(ctx: &Ctx) -> Result<Response, ApiError> {
    let body: ClaimRequest = ctx.req.json()?;
    let token_hash = secrets::sha256_hex(body.token.trim());
    let env = Env::open(ctx)?;
    // Phase 1: count the code under the write lock.
    let right = env
        .db
        .transaction(|_| check_code(&env, &token_hash, &body.code))?;
    let Some(reset) = right else {
        return Err(invalid());
    };
    // Phase 2 (no lock): the policy and the slow hash; a refused password costs no attempt.
    let user = users::by_id(&env.db, &reset.user_id)?.ok_or_else(invalid)?;
    let new_password = normalize_password(&body.new_password);
    password::check_policy("new_password", &new_password, &user)?;
    let hash = credentials::hash(&new_password)?;
    // Phase 3: everything again under the lock (a burn or another claim may have happened).
    env.db.transaction(|_| {
        let reset = verified(&env, &token_hash, &body.code)?.ok_or_else(invalid)?;
        complete_claim(&env, &reset, &user, &hash)
    })?;
    Ok(response::no_content())
}

/// `Some(row)` for a right code; a wrong one is counted (and may burn the token).
fn check_code(env: &Env, token_hash: &str, code: &str) -> Result<Option<ResetRecord>, ApiError> {
    let max = env.settings.reset.max_code_attempts;
    let Some(reset) = resets::by_token_hash(&env.db, token_hash)? else {
        return Ok(None);
    };
    if !claimable(&reset, env.now, max) {
        // A late claim is when a run-out link is noticed, even before the tick sees it.
        super::lifecycle::expire(env, &reset.id)?;
        return Ok(None);
    }
    if code_matches(&reset, code) {
        return Ok(Some(reset));
    }
    let attempts = resets::add_code_attempt(&env.db, &reset.id)?;
    env.audit(
        SYSTEM,
        "reset_claim_failed",
        &object(&reset.id),
        serde_json::json!({"user": reset.user_id, "attempts": attempts}),
    )?;
    if env.settings.reset.burns_after(attempts) {
        burn(env, &reset, attempts)?;
    }
    Ok(None)
}

/// Five wrong codes: the token is dead, the loss incident more serious, and someone is
/// probably guessing — its own incident.
fn burn(env: &Env, reset: &ResetRecord, attempts: u32) -> Result<(), ApiError> {
    resets::set_status(&env.db, &reset.id, ResetStatus::Burned)?;
    incident_log::raise(
        env,
        &reset.incident_id,
        &format!("{attempts} błędnych kodów SMS, link unieważniony. / {attempts} wrong SMS codes, the link no longer works."),
    )?;
    incident_log::open(
        env,
        NewIncident {
            kind: IncidentKind::ClaimBruteforce,
            severity: Severity::High,
            title: format!("Zgadywanie kodu SMS / SMS code guessing: {}", reset.email),
            description: format!(
                "Wniosek {id}: {attempts} błędnych kodów, link unieważniony. / Request {id}: {attempts} wrong codes, the link was burned.",
                id = reset.id
            ),
            account_id: Some(&reset.user_id),
            reporter: SYSTEM,
            personal_data: false,
        },
    )?;
    env.audit(
        SYSTEM,
        "reset_burned",
        &object(&reset.id),
        serde_json::json!({"user": reset.user_id, "attempts": attempts}),
    )?;
    Ok(())
}

fn complete_claim(
    env: &Env,
    reset: &ResetRecord,
    user: &UserRecord,
    hash: &str,
) -> Result<(), ApiError> {
    users::set_password(&env.db, &user.id, Some(hash), None, env.now)?;
    resets::complete(&env.db, &reset.id, env.now)?;
    env.audit(
        &user.id,
        "reset_claimed",
        &object(&reset.id),
        serde_json::json!({"user": user.id}),
    )?;
    incident_log::close(
        env,
        &reset.incident_id,
        "Posiadacz ustawił nowe hasło. / The holder has set a new password.",
    )?;
    notify::email(
        env,
        user,
        messages::password_changed(&user.first_name, env.now),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reset(status: ResetStatus, attempts: u32) -> ResetRecord {
        ResetRecord {
            id: "01R".into(),
            user_id: "u".into(),
            reason: "r".into(),
            delivery: ResetDelivery::EmailSms,
            status,
            requested_by: None,
            requested_at: Timestamp::EPOCH,
            decided_by: Some("s".into()),
            decided_at: Some(Timestamp::EPOCH),
            decision_reason: None,
            token_hash: Some(secrets::sha256_hex("tok")),
            code_hash: Some(code_hash("01R", "12345678")),
            code_attempts: attempts,
            expires_at: Some(Timestamp::from_unix_ms(1_000)),
            letter_printed_at: None,
            handover: None,
            incident_id: "i".into(),
            completed_at: None,
            user_name: "A B".into(),
            email: "a@b.pl".into(),
        }
    }

    #[test]
    fn claimable_table() {
        let now = Timestamp::from_unix_ms(999);
        let cases = [
            (reset(ResetStatus::Approved, 0), now, true),
            (reset(ResetStatus::Approved, 4), now, true),
            (reset(ResetStatus::Approved, 5), now, false),
            (
                reset(ResetStatus::Approved, 0),
                Timestamp::from_unix_ms(1_000),
                false,
            ),
            (reset(ResetStatus::Burned, 0), now, false),
            (reset(ResetStatus::Completed, 0), now, false),
            (reset(ResetStatus::Pending, 0), now, false),
            (
                ResetRecord {
                    delivery: ResetDelivery::Letter,
                    ..reset(ResetStatus::Approved, 0)
                },
                now,
                false,
            ),
        ];
        for (i, (r, at, ok)) in cases.into_iter().enumerate() {
            assert_eq!(claimable(&r, at, 5), ok, "case {i}");
        }
    }

    #[test]
    fn only_the_right_code_matches() {
        let r = reset(ResetStatus::Approved, 0);
        assert!(code_matches(&r, "12345678"));
        assert!(code_matches(&r, " 12345678 "));
        assert!(!code_matches(&r, "12345679"));
        assert!(!code_matches(&r, ""));
        assert!(!code_matches(
            &ResetRecord {
                code_hash: None,
                ..r
            },
            "12345678"
        ));
    }
}
