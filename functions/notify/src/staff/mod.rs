//! The staff's side of the registry (docs/api/notifications.md § Staff): `notifier_admin`
//! registers, finds, reads, corrects and verifies residents, prints and files their consent,
//! suspends, withdraws consent, sends codes, erases with a second person and keeps the
//! districts; `notifier` reads anonymous counts only. Every answer that shows a resident's
//! personal data appends `recipient.read` to the audit chain first (ids only), so no staff
//! member reads anyone unrecorded.

pub mod consent_document;
pub mod district_search;
pub mod districts;
pub mod erasure;
pub mod keys;
pub mod recipients;
pub mod rights;
pub mod stats;
pub mod verification;

use crate::keys::ResidentKeys;
use crate::recipient;
use crate::settings::Env;
use crate::store::erasure_requests;
use crate::store::recipients::{self as rows, RecipientRow};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::notify::{ErasureRequest, ErasureState, Recipient};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// A staff member allowed to do an operation, with the request's environment.
pub struct Staff {
    /// The request's environment.
    pub env: Env,
    /// The staff account.
    pub user_id: String,
}

/// The caller if allowed to do `op` (401 / 403 before any database work). A device token is
/// no staff session: it gets 401.
pub fn staff(ctx: &Ctx, op: Operation) -> Result<Staff, ApiError> {
    let principal = ctx.require(op)?;
    Ok(Staff {
        env: Env::open(ctx)?,
        user_id: principal.user_id,
    })
}

/// The staff who manage the registry (`notifier_admin`).
pub fn registry_staff(ctx: &Ctx) -> Result<Staff, ApiError> {
    staff(ctx, Operation::ManageRecipients)
}

/// Recipient `:id` with their data (not erased), or 404: there is nothing left to act on.
pub fn present(s: &Staff) -> Result<RecipientRow, ApiError> {
    let id = s.env.param("id")?;
    rows::by_id(&s.env.db, id)?
        .filter(|r| r.erased_at.is_none())
        .ok_or(ApiError::NotFound)
}

/// Records that `s` read the personal data of `ids` (`view`: what showed it).
pub fn audit_read(s: &Staff, ids: &[String], view: &str) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let object = match ids {
        [one] => format!("recipient:{one}"),
        _ => "recipients".to_owned(),
    };
    s.env.audit(
        &s.user_id,
        "recipient.read",
        &object,
        serde_json::json!({ "ids": ids, "view": view }),
    )?;
    Ok(())
}

/// 200 with recipient `id` as stored now (after a change `action` recorded already).
pub fn current(s: &Staff, keys: &ResidentKeys, id: &str) -> Result<Response, ApiError> {
    let row = rows::by_id(&s.env.db, id)?.ok_or(ApiError::NotFound)?;
    let fields = recipient::open(keys, &row)?;
    Ok(response::ok(&staff_view(s, &row, fields)?))
}

/// The Recipient as staff read it: with the pending erasure request, so the second
/// `notifier_admin` sees there is one to confirm (a staff-recorded withdrawal opens one).
pub fn staff_view(
    s: &Staff,
    row: &RecipientRow,
    fields: ratusz_domain::notify::fields::RecipientFields,
) -> Result<Recipient, ApiError> {
    let mut view = recipient::view(row, fields, s.env.now);
    view.erasure_request =
        erasure_requests::of(&s.env.db, &row.id)?.map(|pending| ErasureRequest {
            state: ErasureState::Pending,
            requested_by: pending.requested_by,
            requested_at: pending.requested_at,
        });
    Ok(view)
}

/// Appends a staff action on recipient `id` to the audit chain (ids and states only).
pub fn audit_action(
    s: &Staff,
    action: &str,
    id: &str,
    data: serde_json::Value,
) -> Result<(), ApiError> {
    s.env
        .audit(&s.user_id, action, &format!("recipient:{id}"), data)?;
    Ok(())
}
