//! The administrator's keys (docs/api/notifications.md § Administrator: keys): which key ids
//! seal and index now, how many ciphertexts each key id holds, and the rotation that moves
//! them all to the first ones. The administrator holds the keys but reads no resident's data:
//! nothing here opens a personal field (the batches run in the tick, [`crate::rotation`]).

use super::staff;
use crate::keys::ResidentKeys;
use crate::rotation;
use crate::store::{key_rotations, resealing};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::notify::NotifyKeys;
use ratusz_domain::notify::key_rotation;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/notify/keys` → 200.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = staff(ctx, Operation::ManageResidentKeys)?;
    let keys = ResidentKeys::load()?;
    let (ciphertexts_by_key, indexes_by_key) = resealing::counts_by_key(&s.env.db)?;
    let last = key_rotations::last(&s.env.db)?;
    Ok(response::ok(&NotifyKeys {
        sealing_key_id: keys.seal_kid().to_owned(),
        index_key_id: keys.index.active_kid().to_owned(),
        ciphertexts_by_key,
        indexes_by_key,
        rotation: last.map(|r| r.record.view()),
    }))
}

/// `POST /api/notify/keys/rotation` → 202 the rotation; 409 `conflict` rule
/// `rotation_running` while one runs.
pub fn start(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = staff(ctx, Operation::ManageResidentKeys)?;
    let keys = ResidentKeys::load()?;
    let target = rotation::target(&keys);
    // Counted before the write lock: a resident registered meanwhile is under the new keys
    // already, and the tick re-counts after every batch anyway.
    let remaining = rotation::remaining(&s.env.db, &target)?;
    let started = s.env.db.transaction(|db| {
        let last = key_rotations::last(db)?;
        let record = key_rotation::start(last.as_ref().map(|l| &l.record), remaining, s.env.now)
            .map_err(|refusal| {
                ApiError::conflict("conflict", "A key rotation is running already.")
                    .with_param("rule", refusal.rule())
            })?;
        let id = key_rotations::insert(db, &record, target.seal_kid, target.index_kid)?;
        s.env.audit(
            &s.user_id,
            "resident_keys.rotation_started",
            &format!("notify_key_rotation:{id}"),
            serde_json::json!({
                "seal_kid": target.seal_kid,
                "index_kid": target.index_kid,
                "total": record.total,
            }),
        )?;
        Ok::<_, ApiError>(record)
    })?;
    Ok(response::json(202, &started.view()))
}
