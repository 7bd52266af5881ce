//! `POST /api/notify/recipients/{id}/verification`: staff decide `verified`, `restricted` or
//! `unverified`. Four eyes: a person staff registered is verified by someone else (403
//! `four_eyes` rule `own_registration`), so nobody both invents a resident and vouches for them.

use super::{audit_action, current, present, registry_staff};
use crate::keys::ResidentKeys;
use crate::store::recipients as rows;
use ratusz_domain::api::notify::VerificationInput;
use ratusz_domain::notify::verification;
use ratusz_domain::validate::{self, limits};
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /api/notify/recipients/{id}/verification` → 200 Recipient.
pub fn decide(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let body: VerificationInput = ctx.req.json()?;
    let note = validate::optional_long_text(body.note.as_deref(), limits::REASON_MAX)
        .map_err(|e| ApiError::invalid_field("note", e))?;
    let row = present(&s)?;
    let state = verification::decide(
        body.decision,
        row.registered_by,
        row.registered_by_account.as_deref(),
        &s.user_id,
    )
    .map_err(|refusal| {
        ApiError::forbidden_because(
            "four_eyes",
            "A recipient registered by staff is verified by another person.",
        )
        .with_param("rule", refusal.rule())
    })?;
    let keys = ResidentKeys::load()?;
    // The note is free text about a person: sealed like their data, never plain in the chain.
    let sealed_note = note
        .as_deref()
        .map(|n| keys.seal(&row.id, "verification_note", n))
        .transpose()?;
    s.env.db.transaction(|db| {
        rows::set_verification(db, &row.id, state, s.env.now)?;
        audit_action(
            &s,
            "recipient.verification",
            &row.id,
            serde_json::json!({ "decision": state.as_str(), "note": sealed_note }),
        )
    })?;
    current(&s, &keys, &row.id)
}
