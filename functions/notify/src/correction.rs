//! A correction of a recipient's personal data: the one flow behind the resident's
//! `PATCH /api/notify/me` and the staff's `PATCH /api/notify/recipients/{id}` (made at the
//! person's request). The domain applies the patch and decides the verification state; the
//! fields are sealed before the transaction; inside it, the new e-mail or phone must not belong
//! to another recipient.

use crate::keys::ResidentKeys;
use crate::recipient;
use crate::store::districts;
use crate::store::recipients::{self, RecipientRow, Sealed};
use ratusz_domain::api::notify::{RecipientPatch, Verification};
use ratusz_domain::notify::fields::{apply_patch, FieldContext, RecipientFields};
use ratusz_domain::notify::verification;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// A checked and sealed correction, ready to store.
pub struct Correction {
    next: RecipientFields,
    sealed: Sealed,
    by_email: Vec<String>,
    by_phone: Vec<String>,
    /// The verification state after it: a verified recipient whose name, birth date or
    /// address changes is unverified again.
    pub verification: Verification,
}

/// Applies `patch` to `row`'s fields (422 naming every refused field) and seals the result.
/// Reads the districts; call it before the transaction.
pub fn prepare(
    db: &Db,
    now: Timestamp,
    keys: &ResidentKeys,
    row: &RecipientRow,
    patch: &RecipientPatch,
) -> Result<Correction, ApiError> {
    let now_fields = recipient::open(keys, row)?;
    let known = districts::list(db)?;
    let exists = |id: &str| known.iter().any(|d| d.id == id);
    let next = apply_patch(
        &now_fields,
        patch,
        &FieldContext {
            now,
            district_exists: &exists,
        },
    )?;
    let verification =
        verification::after_correction(row.verification, now_fields.identity_differs(&next));
    let sealed = recipient::seal(keys, &row.id, &next)?;
    let (by_email, by_phone) = recipient::index_candidates(keys, &next);
    Ok(Correction {
        next,
        sealed,
        by_email,
        by_phone,
        verification,
    })
}

/// Stores the correction of recipient `id` inside the caller's transaction: 409 `conflict`
/// rule `contact_taken` when the new e-mail or phone belongs to someone else.
pub fn store(db: &Db, id: &str, correction: &Correction, now: Timestamp) -> Result<(), ApiError> {
    recipient::contact_free(db, id, &correction.by_email, "email")?;
    recipient::contact_free(db, id, &correction.by_phone, "phone")?;
    recipients::update_personal(
        db,
        id,
        &correction.sealed,
        &correction.next.address.district_id,
        &correction.next.channels,
        correction.verification,
        now,
    )?;
    Ok(())
}
