//! Step 2, the decision by admin or support who is neither the requester nor the holder
//! (four eyes). Approval makes the old password stop working, ends the holder's session and
//! sends the secret by the chosen route.

use super::{holder, load, object, reload};
use crate::settings::Env;
use crate::store::resets::{self, ResetRecord};
use crate::store::users::{self, UserRecord};
use crate::{incident_log, notify, sessions};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::accounts::reset_policy::ResetStep;
use ratusz_domain::accounts::{messages, secrets};
use ratusz_domain::api::resets::{RejectRequest, ResetDelivery, ResetStatus};
use ratusz_domain::validate::{self, limits::REASON_MAX};
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::session::EndReason;
use ratusz_platform::{response, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

fn already_decided() -> ApiError {
    ApiError::conflict("conflict", "The request has already been decided.")
        .with_param("rule", "already_decided")
}

/// 409 unless pending; 403 `four_eyes` (with the broken `rule`) when the domain's four-eyes
/// rule refuses `step` to the caller.
fn decidable(
    reset: &ResetRecord,
    holder: &UserRecord,
    step: ResetStep,
    p: &Principal,
) -> Result<(), ApiError> {
    if reset.status != ResetStatus::Pending {
        return Err(already_decided());
    }
    super::four_eyes(reset, holder, step, p)
}

/// Re-reads the request under the write lock: a concurrent decision wins only once.
fn still_pending(env: &Env, id: &str) -> Result<(), ApiError> {
    match resets::by_id(&env.db, id)? {
        Some(r) if r.status == ResetStatus::Pending => Ok(()),
        Some(_) => Err(already_decided()),
        None => Err(ApiError::NotFound),
    }
}

/// The staff requester's account, when a staff member recorded the request.
fn staff_requester(env: &Env, reset: &ResetRecord) -> Result<Option<UserRecord>, ApiError> {
    match reset.requested_by.as_deref() {
        Some(id) => Ok(users::by_id(&env.db, id)?),
        None => Ok(None),
    }
}

/// `POST /api/password-resets/{id}/approve` (admin, support; four eyes).
pub fn approve(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::DecideReset)?;
    let env = Env::open(ctx)?;
    let reset = load(&env)?;
    let user = holder(&env, &reset)?;
    decidable(&reset, &user, ResetStep::Approve, &p)?;
    if reset.delivery == ResetDelivery::EmailSms && user.phone.is_none() {
        // Two channels or none: without a phone the code cannot travel apart from the link.
        return Err(ApiError::conflict(
            "no_phone",
            "The account has no registered phone for the SMS code; approve a request with delivery `letter` instead.",
        ));
    }
    env.db.transaction(|_| {
        still_pending(&env, &reset.id)?;
        resets::decide(&env.db, &reset.id, ResetStatus::Approved, &p.user_id, None, env.now)?;
        users::set_password(&env.db, &user.id, None, None, env.now)?;
        sessions::end_for_user(&env, &p.user_id, &user.id, EndReason::ResetApproved)?;
        env.audit(
            &p.user_id,
            "reset_approved",
            &object(&reset.id),
            serde_json::json!({"user": user.id, "delivery": reset.delivery.as_str()}),
        )?;
        incident_log::note(
            &env,
            &reset.incident_id,
            &p.user_id,
            "Wniosek zatwierdzony, dotychczasowe hasło unieważnione. / Request approved, the old password no longer works.",
        )?;
        match reset.delivery {
            ResetDelivery::EmailSms => send_claim_secrets(&env, &reset, &user)?,
            ResetDelivery::Letter => notify::email(&env, &user, messages::reset_letter_ready(&user.first_name))?,
        }
        if let Some(staff) = staff_requester(&env, &reset)? {
            notify::email(&env, &staff, messages::reset_approved_for_requester(&staff.first_name, &user.full_name()))?;
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(response::ok(&reload(&env, &reset.id)?.view()))
}

/// The two halves: the link by e-mail, the code by SMS; only their hashes are stored.
fn send_claim_secrets(env: &Env, reset: &ResetRecord, user: &UserRecord) -> Result<(), ApiError> {
    let token = secrets::reset_token(&mut HostEntropy);
    let code = secrets::sms_code(&mut HostEntropy);
    let expires_at = env.settings.reset.link_expires_at(env.now);
    resets::set_claim_secrets(
        &env.db,
        &reset.id,
        &secrets::sha256_hex(&token),
        &code_hash(&reset.id, &code),
        expires_at,
    )?;
    notify::email(
        env,
        user,
        messages::reset_approved_link(
            &user.first_name,
            &env.settings.public_url,
            &token,
            expires_at,
        ),
    )?;
    if !notify::sms(env, user, messages::reset_sms(&code))? {
        // Checked before the transaction; a phone removed meanwhile must not leave half a claim.
        return Err(ApiError::conflict(
            "no_phone",
            "The account has no registered phone for the SMS code.",
        ));
    }
    Ok(())
}

/// What is stored for an SMS code: bound to its request, so equal codes hash differently.
pub fn code_hash(reset_id: &str, code: &str) -> String {
    secrets::sha256_hex(&format!("{reset_id}:{code}"))
}

/// `POST /api/password-resets/{id}/reject {reason}` (admin, support; four eyes).
pub fn reject(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::DecideReset)?;
    let body: RejectRequest = ctx.req.json()?;
    let reason = validate::long_text(&body.reason, REASON_MAX)
        .map_err(|e| ApiError::invalid_field("reason", e))?;
    let env = Env::open(ctx)?;
    let reset = load(&env)?;
    let user = holder(&env, &reset)?;
    decidable(&reset, &user, ResetStep::Reject, &p)?;
    env.db.transaction(|_| {
        still_pending(&env, &reset.id)?;
        resets::decide(
            &env.db,
            &reset.id,
            ResetStatus::Rejected,
            &p.user_id,
            Some(&reason),
            env.now,
        )?;
        env.audit(
            &p.user_id,
            "reset_rejected",
            &object(&reset.id),
            serde_json::json!({"user": user.id, "reason": reason}),
        )?;
        incident_log::note(
            &env,
            &reset.incident_id,
            &p.user_id,
            &format!("Wniosek odrzucony / request rejected: {reason}"),
        )?;
        incident_log::close(
            &env,
            &reset.incident_id,
            "Wniosek odrzucony, hasło bez zmian. / Request rejected, the password is unchanged.",
        )?;
        // The holder was promised the decision; a staff requester learns it too.
        notify::email(
            &env,
            &user,
            messages::reset_rejected(&user.first_name, &reason),
        )?;
        if let Some(staff) = staff_requester(&env, &reset)?.filter(|s| s.id != user.id) {
            notify::email(
                &env,
                &staff,
                messages::reset_rejected(&staff.first_name, &reason),
            )?;
        }
        Ok::<_, ApiError>(())
    })?;
    Ok(response::ok(&reload(&env, &reset.id)?.view()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_hash_is_bound_to_the_request() {
        assert_ne!(code_hash("a", "12345678"), code_hash("b", "12345678"));
        assert_eq!(
            code_hash("a", "12345678"),
            secrets::sha256_hex("a:12345678")
        );
    }
}
