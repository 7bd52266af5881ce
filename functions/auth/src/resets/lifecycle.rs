//! The end of a reset outside its own endpoints: the holder of a printed letter sets a new
//! password (step 4), and unused claim links run out (the scheduled tick).

use super::object;
use crate::incident_log::{self, SYSTEM};
use crate::settings::Env;
use crate::store::resets;
use ratusz_domain::api::resets::{ResetDelivery, ResetStatus};
use ratusz_platform::ApiError;

/// Called inside the password-change transaction: a printed `letter` reset of `user_id`
/// is completed and its *password loss* incident closes, the holder having set a password.
pub fn complete_for_user(env: &Env, user_id: &str) -> Result<(), ApiError> {
    env.db.transaction(|_| {
        for reset in resets::letters_awaiting_password(&env.db, user_id)? {
            resets::complete(&env.db, &reset.id, env.now)?;
            env.audit(
                user_id,
                "reset_completed",
                &object(&reset.id),
                serde_json::json!({"user": user_id}),
            )?;
            incident_log::close(
                env,
                &reset.incident_id,
                "Posiadacz ustawił nowe hasło. / The holder has set a new password.",
            )?;
        }
        Ok(())
    })
}

/// The tick: approved `email_sms` requests whose link has run out become `expired`.
pub fn expire_due(env: &Env) -> Result<(), ApiError> {
    for reset in resets::claims_expired(&env.db, env.now)? {
        env.db.transaction(|_| expire(env, &reset.id))?;
    }
    Ok(())
}

/// Marks an approved `email_sms` request whose link has run out as `expired` (joins the
/// caller's transaction; re-reads the row, so a claim completed a moment ago is left alone).
/// The incident stays open: the holder still has no password and needs a new request.
pub(super) fn expire(env: &Env, reset_id: &str) -> Result<(), ApiError> {
    env.db.transaction(|_| {
        let Some(reset) = resets::by_id(&env.db, reset_id)? else {
            return Ok(());
        };
        let due = reset.status == ResetStatus::Approved
            && reset.delivery == ResetDelivery::EmailSms
            && reset.expires_at.is_some_and(|end| end <= env.now);
        if !due {
            return Ok(());
        }
        resets::set_status(&env.db, &reset.id, ResetStatus::Expired)?;
        env.audit(
            SYSTEM,
            "reset_expired",
            &object(&reset.id),
            serde_json::json!({"user": reset.user_id}),
        )?;
        incident_log::note(
            env,
            &reset.incident_id,
            SYSTEM,
            "Link do ustawienia hasła wygasł bez użycia. / The claim link expired unused.",
        )
    })
}
