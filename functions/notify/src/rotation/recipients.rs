//! The pass's first phase: a recipient's personal columns with their blind indexes, their
//! bound device's label and push subscription and a pending erasure request's reason.

use super::Step;
use crate::keys::ResidentKeys;
use crate::push_subscription;
use crate::store::resealing::{self, Batch, SealedRow, Target, PERSONAL};
use ratusz_domain::notify::at_rest::{DEVICE_LABEL, ERASURE_REASON};
use ratusz_domain::notify::contact::{index_input_email, index_input_phone};
use ratusz_domain::notify::rotation_pass::Phase;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// `notify_recipients` with `notify_devices` and `notify_erasure_requests`.
pub struct Recipients;

impl Step for Recipients {
    const PHASE: Phase = Phase::Recipients;
    type Row = SealedRow;

    fn id(row: &SealedRow) -> &str {
        &row.id
    }

    fn batch(
        db: &Db,
        target: &Target<'_>,
        after: &str,
        limit: u32,
    ) -> Result<Batch<SealedRow>, ApiError> {
        let rows = resealing::batch(db, target, after, limit)?;
        Ok(Batch::of_rows(rows, limit, |r| r.id.as_str()))
    }

    /// The personal columns with their indexes together (a row's columns share their key
    /// ids); the label, the reason and the push subscription each on their own.
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
        let moved = |sealed: &Option<String>, field: &str| -> Result<Option<String>, ApiError> {
            match sealed {
                Some(s) if !target.holds(s) => {
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

    fn write_back(db: &Db, old: &SealedRow, new: &SealedRow) -> Result<(), ApiError> {
        if (&old.values, &old.seal_kid, &old.index_kid)
            != (&new.values, &new.seal_kid, &new.index_kid)
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
}
