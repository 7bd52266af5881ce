//! The tick's purge of report photos that no report named within the hour (a resident who
//! uploaded and then gave up): a bounded batch per tick, oldest first.

use crate::settings::Env;
use crate::store::report_photos;
use ratusz_domain::notify::report::UNUSED_PHOTO_TTL_MS;
use ratusz_platform::ApiError;

/// Photos deleted per tick at most (each up to 10 MiB: the batch stays short).
const BATCH: u32 = 50;

/// Deletes one batch of pending photos older than an hour; how many went.
pub fn unused_photos(env: &Env) -> Result<u64, ApiError> {
    let before = env.now.plus_ms(-UNUSED_PHOTO_TTL_MS);
    Ok(env
        .db
        .transaction(|db| report_photos::purge_pending(db, before, BATCH))?)
}
