//! `GET` and `POST /api/notify/recipients/{id}/consent-document`: the printable consent of a
//! staff registration (Polish HTML under the strict document CSP, never cached) and its
//! steps `to_sign → signed → archived` (anything else: 409 rule `consent_document_state`).

use super::{audit_action, audit_read, current, present, registry_staff};
use crate::keys::ResidentKeys;
use crate::recipient;
use crate::store::{districts, recipients as rows};
use ratusz_domain::api::notify::ConsentDocumentInput;
use ratusz_domain::notify::consent_document;
use ratusz_domain::notify::consent_print::{consent_document_html, ConsentPrint};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET …/consent-document` → 200 `text/html`.
pub fn print(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let row = present(&s)?;
    let keys = ResidentKeys::load()?;
    let fields = recipient::open(&keys, &row)?;
    let district_name = districts::list(&s.env.db)?
        .into_iter()
        .find(|d| d.id == row.district_id)
        .map(|d| d.name)
        .unwrap_or_default();
    let view = recipient::view(&row, fields, s.env.now);
    audit_read(&s, std::slice::from_ref(&row.id), "consent_document")?;
    let html = consent_document_html(&ConsentPrint {
        recipient: &view,
        district_name: &district_name,
        printed_at: s.env.now,
    });
    Ok(response::html_document(html, "no-store"))
}

/// `POST …/consent-document` `{state}` → 200 Recipient.
pub fn mark(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let body: ConsentDocumentInput = ctx.req.json()?;
    let row = present(&s)?;
    let next = consent_document::mark(row.consent_document_state, body.state).ok_or_else(|| {
        ApiError::conflict(
            "conflict",
            "The consent document goes to_sign → signed → archived, one step at a time.",
        )
        .with_param("rule", "consent_document_state")
        .with_param("state", row.consent_document_state.as_str())
    })?;
    s.env.db.transaction(|db| {
        rows::set_consent_document(db, &row.id, next, s.env.now)?;
        audit_action(
            &s,
            "recipient.consent_document",
            &row.id,
            serde_json::json!({ "state": next.as_str() }),
        )
    })?;
    current(&s, &ResidentKeys::load()?, &row.id)
}
