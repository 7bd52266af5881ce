//! The residents' key rotation, one batch at a time (docs/api/notifications.md § Administrator:
//! keys): the scheduled tick calls [`step`], which reads at most `notify_rotation_batch` stale
//! recipients, opens and re-seals them under `resident_data_keys`' first key with their blind
//! indexes under `resident_index_key`'s first key *outside* any transaction, and writes them
//! back in one short transaction that skips a row changed meanwhile. Look-ups keep working
//! throughout: the platform's blind index tries every key of the ring, and every key opens.

use crate::keys::ResidentKeys;
use crate::push_subscription;
use crate::settings::Env;
use crate::store::key_rotations;
use crate::store::resealing::{self, SealedRow, Target, PERSONAL};
use ratusz_domain::notify::at_rest::{DEVICE_LABEL, ERASURE_REASON};
use ratusz_domain::notify::contact::{index_input_email, index_input_phone};
use ratusz_domain::notify::key_rotation;
use ratusz_platform::ApiError;

/// The keys' target of `keys`: their first ids.
pub fn target(keys: &ResidentKeys) -> Target<'_> {
    Target {
        seal_kid: keys.seal_kid(),
        index_kid: keys.index.active_kid(),
    }
}

/// Moves a running rotation by one batch (nothing when none runs): at most one read, the
/// crypto, one short write transaction, a count and the progress.
pub fn step(env: &Env) -> Result<(), ApiError> {
    let Some(running) = key_rotations::last(&env.db)?.filter(|r| r.record.running()) else {
        return Ok(());
    };
    let keys = ResidentKeys::load()?;
    let target = target(&keys);
    let limit = env.settings.rotation_batch;
    let after = running.cursor.as_deref().unwrap_or("");
    let stale = resealing::batch(&env.db, &target, after, limit)?;
    // A short batch ends the pass: the next one starts from the first id again, so a
    // resident left behind (changed meanwhile, or not opening) is looked at once per pass.
    let cursor = match stale.last() {
        Some(last) if stale.len() >= limit as usize => Some(last.id.clone()),
        _ => None,
    };
    let resealed: Vec<(SealedRow, SealedRow)> = stale
        .into_iter()
        .filter_map(|old| match reseal(&keys, &target, &old) {
            Ok(new) => Some((old, new)),
            Err(e) => {
                // A value no key of the ring opens cannot be re-sealed; it stays (and is
                // counted under its key) for the operator, the others go on.
                ratusz_platform::log::error(&format!("key rotation: recipient {}: {e}", old.id));
                None
            }
        })
        .collect();
    env.db.transaction(|db| {
        for (old, new) in &resealed {
            write_back(db, old, new)?;
        }
        Ok::<_, ApiError>(())
    })?;
    let remaining = resealing::remaining(&env.db, &target)?;
    env.db.transaction(|db| {
        let Some(current) = key_rotations::last(db)?.filter(|r| r.id == running.id) else {
            return Ok::<_, ApiError>(());
        };
        let after = key_rotation::after_batch(&current.record, remaining, env.now);
        key_rotations::update(db, current.id, &after, cursor.as_deref())?;
        if current.record.running() && !after.running() {
            env.audit(
                "system",
                "resident_keys.rotation_done",
                &format!("notify_key_rotation:{}", current.id),
                serde_json::json!({
                    "seal_kid": target.seal_kid,
                    "index_kid": target.index_kid,
                    "total": after.total,
                }),
            )?;
        }
        Ok(())
    })
}

/// Each part of `old` that is under another key, re-sealed (the personal columns with their
/// indexes together; the label, the reason and the push subscription on their own).
fn reseal(
    keys: &ResidentKeys,
    target: &Target<'_>,
    old: &SealedRow,
) -> Result<SealedRow, ApiError> {
    let mut new = old.clone();
    let stale_personal = old.seal_kid.as_deref() != Some(target.seal_kid)
        || old.index_kid.as_deref() != Some(target.index_kid);
    if stale_personal {
        let mut plain: [Option<String>; PERSONAL.len()] = Default::default();
        for ((slot, column), sealed) in plain.iter_mut().zip(PERSONAL).zip(&old.values) {
            *slot = sealed
                .as_deref()
                .map(|s| keys.open(&old.id, column, s))
                .transpose()?;
        }
        for ((slot, column), value) in new.values.iter_mut().zip(PERSONAL).zip(&plain) {
            *slot = value
                .as_deref()
                .map(|v| keys.seal(&old.id, column, v))
                .transpose()?;
        }
        let [.., email, phone, _ade, _quiet_hours] = &plain;
        new.email_index = email
            .as_deref()
            .map(|e| keys.index.compute(&index_input_email(e)));
        new.phone_index = phone
            .as_deref()
            .map(|p| keys.index.compute(&index_input_phone(p)));
        new.seal_kid = Some(target.seal_kid.to_owned());
        new.index_kid = Some(target.index_kid.to_owned());
    }
    let prefix = format!("v1.{}.", target.seal_kid);
    let moved = |sealed: &Option<String>, field: &str| -> Result<Option<String>, ApiError> {
        match sealed {
            Some(s) if !s.starts_with(&prefix) => {
                let plain = keys.open(&old.id, field, s)?;
                keys.seal(&old.id, field, &plain).map(Some)
            }
            other => Ok(other.clone()),
        }
    };
    new.device_label = moved(&old.device_label, DEVICE_LABEL)?;
    new.erasure_reason = moved(&old.erasure_reason, ERASURE_REASON)?;
    new.push_subscription = moved(&old.push_subscription, push_subscription::FIELD)?;
    Ok(new)
}

/// Writes what changed between `old` and `new`, each only where the row still holds `old`.
fn write_back(
    db: &ratusz_platform::db::Db,
    old: &SealedRow,
    new: &SealedRow,
) -> Result<(), ApiError> {
    if (&old.values, &old.seal_kid, &old.index_kid) != (&new.values, &new.seal_kid, &new.index_kid)
    {
        resealing::replace_personal(db, old, new)?;
    }
    if let (Some(o), Some(n)) = (&old.device_label, &new.device_label) {
        if o != n {
            resealing::replace_device_label(db, &old.id, o, n)?;
        }
    }
    if let (Some(o), Some(n)) = (&old.push_subscription, &new.push_subscription) {
        if o != n {
            resealing::replace_push_subscription(db, &old.id, o, n)?;
        }
    }
    if let (Some(o), Some(n)) = (&old.erasure_reason, &new.erasure_reason) {
        if o != n {
            resealing::replace_erasure_reason(db, &old.id, o, n)?;
        }
    }
    Ok(())
}
