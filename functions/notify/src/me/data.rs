//! `GET`, `PATCH` and `DELETE /api/notify/me`: access (the same JSON is the portable copy),
//! correction and erasure.

use super::{authenticate, current};
use crate::keys::ResidentKeys;
use crate::recipient;
use crate::store::{districts, recipients};
use ratusz_domain::api::notify::RecipientPatch;
use ratusz_domain::notify::contact::{index_input_email, index_input_phone};
use ratusz_domain::notify::fields::{apply_patch, FieldContext};
use ratusz_domain::notify::verification;
use ratusz_platform::db::Db;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/notify/me`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let keys = ResidentKeys::load()?;
    let fields = recipient::open(&keys, &me.row)?;
    Ok(response::ok(&recipient::view(&me.row, fields, me.env.now)))
}

/// `PATCH /api/notify/me`: a verified recipient whose name, birth date or address changes is
/// unverified again.
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let patch: RecipientPatch = ctx.req.json()?;
    let env = &me.env;
    let keys = ResidentKeys::load()?;
    let now_fields = recipient::open(&keys, &me.row)?;
    let known = districts::list(&env.db)?;
    let exists = |id: &str| known.iter().any(|d| d.id == id);
    let next = apply_patch(
        &now_fields,
        &patch,
        &FieldContext {
            now: env.now,
            district_exists: &exists,
        },
    )?;
    let state =
        verification::after_correction(me.row.verification, now_fields.identity_differs(&next));
    let sealed = recipient::seal(&keys, &me.row.id, &next)?;
    let by_email = next
        .email
        .as_deref()
        .map(|e| keys.index.candidates(&index_input_email(e)))
        .unwrap_or_default();
    let by_phone = next
        .phone
        .as_deref()
        .map(|p| keys.index.candidates(&index_input_phone(p)))
        .unwrap_or_default();
    env.db.transaction(|db| {
        contact_free(db, &me.row.id, &by_email, "email")?;
        contact_free(db, &me.row.id, &by_phone, "phone")?;
        recipients::update_personal(
            db,
            &me.row.id,
            &sealed,
            &next.address.district_id,
            &next.channels,
            state,
            env.now,
        )?;
        Ok::<_, ApiError>(())
    })?;
    current(env, &keys, &me.row.id)
}

/// 409 `conflict` rule `contact_taken` when the contact belongs to another recipient.
pub fn contact_free(db: &Db, id: &str, indexes: &[String], field: &str) -> Result<(), ApiError> {
    match recipients::by_index(db, indexes)? {
        Some(other) if other.id != id => Err(ApiError::conflict(
            "conflict",
            "This contact belongs to another recipient.",
        )
        .with_param("rule", "contact_taken")
        .with_param("field", field)),
        _ => Ok(()),
    }
}

/// `DELETE /api/notify/me` → 204: the personal data, the binding and any code are gone now;
/// the id and the anonymous columns stay.
pub fn erase(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let env = &me.env;
    let id = &me.row.id;
    env.db.transaction(|db| {
        crate::erase::erase(db, id, env.now)?;
        env.audit(
            "resident",
            "recipient.erased",
            &format!("recipient:{id}"),
            serde_json::json!({ "by": "self" }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    Ok(response::no_content())
}
