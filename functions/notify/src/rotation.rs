//! The residents' key rotation, one batch at a time (docs/api/notifications.md § Administrator:
//! keys): the scheduled tick calls [`step`], which reads one batch of the pass's current phase
//! ([`Phase`]: recipients, then reports, then photos), opens and re-seals its values under
//! `resident_data_keys`' first key (and the recipients' blind indexes under
//! `resident_index_key`'s first key) *outside* any transaction, and writes them back in one
//! short transaction that skips a row changed meanwhile. Look-ups and reads keep working
//! throughout: the platform's blind index tries every key of the ring, and every key opens.
//! The rotation is done only when no row of any phase is left under another key.

mod photos;
mod recipients;
mod reports;

use crate::keys::ResidentKeys;
use crate::settings::Env;
use crate::store::resealing::{self, Batch, Target};
use crate::store::{key_rotations, resealing_reports};
use ratusz_domain::notify::key_rotation;
use ratusz_domain::notify::rotation_pass::{PassCursor, Phase};
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// The keys' target of `keys`: their first ids.
pub fn target(keys: &ResidentKeys) -> Target<'_> {
    Target {
        seal_kid: keys.seal_kid(),
        index_kid: keys.index.active_kid(),
    }
}

/// Rows of every phase still under other keys than `target`: what `total` and `done` count.
pub fn remaining(db: &Db, target: &Target<'_>) -> Result<u64, ApiError> {
    Ok(resealing::remaining(db, target)?
        + resealing_reports::remaining_reports(db, target)?
        + resealing_reports::remaining_photos(db, target)?)
}

/// One phase of the pass: what its batch reads, how a row is re-sealed and how it goes back.
trait Step {
    /// The phase it is.
    const PHASE: Phase;
    /// A row's sealed values as read (each ciphertext its own version for the write-back).
    type Row;
    /// The row's id.
    fn id(row: &Self::Row) -> &str;
    /// The next rows under other keys than `target` after id `after`, at most `limit`.
    fn batch(
        db: &Db,
        target: &Target<'_>,
        after: &str,
        limit: u32,
    ) -> Result<Batch<Self::Row>, ApiError>;
    /// `old` with every value under another key re-sealed under the target's.
    fn reseal(
        keys: &ResidentKeys,
        target: &Target<'_>,
        old: &Self::Row,
    ) -> Result<Self::Row, ApiError>;
    /// Writes what changed from `old` to `new`, each value only where the row still holds the
    /// old one.
    fn write_back(db: &Db, old: &Self::Row, new: &Self::Row) -> Result<(), ApiError>;
}

/// Moves a running rotation by one batch (nothing when none runs): at most one batch read
/// (phases with nothing left are passed at once), the crypto, one short write transaction, a
/// count and the progress.
pub fn step(env: &Env) -> Result<(), ApiError> {
    let Some(running) = key_rotations::last(&env.db)?.filter(|r| r.record.running()) else {
        return Ok(());
    };
    let keys = ResidentKeys::load()?;
    let target = target(&keys);
    let mut cursor = PassCursor::decode(running.cursor.as_deref());
    // A phase whose batch reads nothing costs one query, not a tick: the next phase goes on at
    // once, at most once round the pass.
    for _ in Phase::ALL {
        let (last, more) = run(env, &keys, &target, &cursor)?;
        cursor = cursor.after_batch(last.as_deref(), more);
        if last.is_some() {
            break;
        }
    }
    let remaining = remaining(&env.db, &target)?;
    env.db.transaction(|db| {
        let Some(current) = key_rotations::last(db)?.filter(|r| r.id == running.id) else {
            return Ok::<_, ApiError>(());
        };
        let after = key_rotation::after_batch(&current.record, remaining, env.now);
        key_rotations::update(db, current.id, &after, cursor.encode().as_deref())?;
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

/// One batch of `cursor`'s phase: the last id it read and whether more may follow.
fn run(
    env: &Env,
    keys: &ResidentKeys,
    target: &Target<'_>,
    cursor: &PassCursor,
) -> Result<(Option<String>, bool), ApiError> {
    let limit = env.settings.rotation_batch;
    match cursor.phase {
        Phase::Recipients => {
            batch::<recipients::Recipients>(env, keys, target, &cursor.after, limit)
        }
        Phase::Reports => batch::<reports::Reports>(env, keys, target, &cursor.after, limit),
        Phase::Photos => batch::<photos::Photos>(env, keys, target, &cursor.after, limit),
    }
}

fn batch<S: Step>(
    env: &Env,
    keys: &ResidentKeys,
    target: &Target<'_>,
    after: &str,
    limit: u32,
) -> Result<(Option<String>, bool), ApiError> {
    let Batch { rows, last, more } = S::batch(&env.db, target, after, limit)?;
    let resealed: Vec<(&S::Row, S::Row)> = rows
        .iter()
        .filter_map(|old| match S::reseal(keys, target, old) {
            Ok(new) => Some((old, new)),
            Err(e) => {
                // A value no key of the ring opens cannot be re-sealed; it stays (and is
                // counted under its key) for the operator, the others go on.
                ratusz_platform::log::error(&format!(
                    "key rotation: {} {}: {e}",
                    S::PHASE.as_str(),
                    S::id(old)
                ));
                None
            }
        })
        .collect();
    if !resealed.is_empty() {
        env.db.transaction(|db| {
            for (old, new) in &resealed {
                S::write_back(db, old, new)?;
            }
            Ok::<_, ApiError>(())
        })?;
    }
    Ok((last, more))
}
