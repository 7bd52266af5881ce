//! The pass's last phase: report photos, attached or still waiting for their report (one that
//! is attached after the old key is gone must open too), each body one AEAD value bound to the
//! photo id. Batched by bytes as well as rows ([`PHOTO_BATCH_BYTES`]): a photo may be 10 MiB.

use super::Step;
use crate::keys::ResidentKeys;
use crate::reports::sealing;
use crate::store::resealing::{Batch, Target};
use crate::store::resealing_reports::{self as rows, SealedPhoto};
use ratusz_domain::notify::rotation_pass::{Phase, PHOTO_BATCH_BYTES};
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// `notify_report_photos`.
pub struct Photos;

impl Step for Photos {
    const PHASE: Phase = Phase::Photos;
    type Row = SealedPhoto;

    fn id(row: &SealedPhoto) -> &str {
        &row.id
    }

    fn batch(
        db: &Db,
        target: &Target<'_>,
        after: &str,
        limit: u32,
    ) -> Result<Batch<SealedPhoto>, ApiError> {
        Ok(rows::photo_batch(
            db,
            target,
            after,
            limit,
            PHOTO_BATCH_BYTES,
        )?)
    }

    fn reseal(
        keys: &ResidentKeys,
        target: &Target<'_>,
        old: &SealedPhoto,
    ) -> Result<SealedPhoto, ApiError> {
        // (listed by its `seal_kid`, so under another key; the body is what decides)
        if target.holds(&old.body) {
            return Ok(SealedPhoto {
                seal_kid: target.seal_kid.to_owned(),
                ..old.clone()
            });
        }
        let bytes = sealing::open_photo(keys, &old.id, &old.body)?;
        Ok(SealedPhoto {
            id: old.id.clone(),
            body: sealing::seal_photo(keys, &old.id, &bytes)?,
            seal_kid: target.seal_kid.to_owned(),
        })
    }

    fn write_back(db: &Db, old: &SealedPhoto, new: &SealedPhoto) -> Result<(), ApiError> {
        if old != new {
            rows::replace_photo(db, old, new)?;
        }
        Ok(())
    }
}
