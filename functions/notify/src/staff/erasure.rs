//! Erasure through staff takes two `notifier_admin`s: `POST …/erasure` `{reason}` asks (202,
//! pending), `POST …/erasure/confirm` by another person erases (403 `four_eyes` rule
//! `own_request` for the one who asked), `DELETE …/erasure` withdraws a pending request. The
//! reason is sealed (staff may write personal details in it) and goes with the data.

use super::{audit_action, present, registry_staff};
use crate::keys::ResidentKeys;
use crate::store::erasure_requests;
use ratusz_domain::api::notify::{
    ErasedRecipient, ErasureRequest, ErasureRequestInput, ErasureState,
};
use ratusz_domain::notify::{at_rest, erasure};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn pending() -> ApiError {
    ApiError::conflict(
        "conflict",
        "An erasure of this recipient is already requested.",
    )
    .with_param("rule", "erasure_pending")
}

/// `POST …/erasure` `{reason}` → 202 `{state: "pending", requested_by, requested_at}`.
pub fn request(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let body: ErasureRequestInput = ctx.req.json()?;
    let reason = erasure::reason(&body.reason).map_err(|e| ApiError::invalid_field("reason", e))?;
    let row = present(&s)?;
    let sealed_reason = ResidentKeys::load()?.seal(&row.id, at_rest::ERASURE_REASON, &reason)?;
    s.env.db.transaction(|db| {
        if erasure_requests::of(db, &row.id)?.is_some() {
            return Err(pending());
        }
        erasure_requests::insert(db, &row.id, &s.user_id, &sealed_reason, s.env.now)?;
        audit_action(
            &s,
            "recipient.erasure_requested",
            &row.id,
            serde_json::json!({}),
        )
    })?;
    Ok(response::json(
        202,
        &ErasureRequest {
            state: ErasureState::Pending,
            requested_by: s.user_id.clone(),
            requested_at: s.env.now,
        },
    ))
}

/// `POST …/erasure/confirm` → 200 Erased recipient: the personal data, the binding, any code
/// and the request are gone; the id and the anonymous columns stay.
pub fn confirm(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let row = present(&s)?;
    let id = row.id.as_str();
    s.env.db.transaction(|db| {
        let request = erasure_requests::of(db, id)?.ok_or(ApiError::NotFound)?;
        erasure::confirm(&request.requested_by, &s.user_id).map_err(|refusal| {
            ApiError::forbidden_because(
                "four_eyes",
                "An erasure is confirmed by another person than the one who asked.",
            )
            .with_param("rule", refusal.rule())
        })?;
        crate::erase::erase(db, id, s.env.now)?;
        audit_action(
            &s,
            "recipient.erased",
            id,
            serde_json::json!({ "by": "staff", "requested_by": request.requested_by }),
        )
    })?;
    Ok(response::ok(&ErasedRecipient {
        id: row.id.clone(),
        erased: true,
        erased_at: s.env.now,
    }))
}

/// `DELETE …/erasure` → 204 (a pending request withdrawn; 404 without one).
pub fn withdraw(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let row = present(&s)?;
    s.env.db.transaction(|db| {
        if erasure_requests::of(db, &row.id)?.is_none() {
            return Err(ApiError::NotFound);
        }
        erasure_requests::delete(db, &row.id)?;
        audit_action(
            &s,
            "recipient.erasure_withdrawn",
            &row.id,
            serde_json::json!({}),
        )
    })?;
    Ok(response::no_content())
}
