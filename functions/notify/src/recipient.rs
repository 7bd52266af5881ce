//! A recipient between the wire and the table: sealing the cleaned fields column by column
//! (with the blind indexes of e-mail and phone), opening them again, and the answer's shape.

use crate::keys::ResidentKeys;
use crate::store::recipients::{self, RecipientRow, Sealed, PERSONAL};
use ratusz_domain::api::notify::{Address, ConsentDocument, ConsentRecord, Recipient, Sex};
use ratusz_domain::notify::at_rest;
use ratusz_domain::notify::contact::{index_input_email, index_input_phone};
use ratusz_domain::notify::fields::{CleanAddress, RecipientFields};
use ratusz_domain::notify::suspension;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// Seals every personal field of recipient `id` and computes the indexes.
pub fn seal(keys: &ResidentKeys, id: &str, fields: &RecipientFields) -> Result<Sealed, ApiError> {
    let plain = at_rest::personal_values(fields);
    let (email_input, phone_input) = at_rest::index_inputs(fields);
    let mut values: [Option<String>; PERSONAL.len()] = Default::default();
    for ((slot, column), value) in values.iter_mut().zip(PERSONAL).zip(&plain) {
        *slot = value
            .as_deref()
            .map(|v| keys.seal(id, column, v))
            .transpose()?;
    }
    Ok(Sealed {
        values,
        email_index: email_input.map(|e| keys.index.compute(&e)),
        phone_index: phone_input.map(|p| keys.index.compute(&p)),
        seal_kid: keys.seal_kid().to_owned(),
        index_kid: keys.index.active_kid().to_owned(),
    })
}

/// The blind-index values (one per key of the ring) of the fields' e-mail and of their phone,
/// to find another recipient with the same contact.
pub fn index_candidates(
    keys: &ResidentKeys,
    fields: &RecipientFields,
) -> (Vec<String>, Vec<String>) {
    let by_email = fields
        .email
        .as_deref()
        .map(|e| keys.index.candidates(&index_input_email(e)))
        .unwrap_or_default();
    let by_phone = fields
        .phone
        .as_deref()
        .map(|p| keys.index.candidates(&index_input_phone(p)))
        .unwrap_or_default();
    (by_email, by_phone)
}

/// 409 `conflict` rule `contact_taken` (params `field`) when the contact found through
/// `indexes` belongs to a recipient other than `id`.
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

/// Opens the personal fields of a (not erased) row.
pub fn open(keys: &ResidentKeys, row: &RecipientRow) -> Result<RecipientFields, ApiError> {
    let mut plain: [Option<String>; PERSONAL.len()] = Default::default();
    for ((slot, column), sealed) in plain.iter_mut().zip(PERSONAL).zip(&row.values) {
        *slot = sealed
            .as_deref()
            .map(|s| keys.open(&row.id, column, s))
            .transpose()?;
    }
    let [first_name, last_name, birth_date, sex, street, number, postal_code, email, phone, ade_address, quiet_hours] =
        plain;
    let required = |v: Option<String>, what: &str| {
        v.ok_or_else(|| ApiError::internal(format!("notify_recipients.{what} missing")))
    };
    Ok(RecipientFields {
        first_name: required(first_name, "first_name")?,
        last_name: required(last_name, "last_name")?,
        birth_date: required(birth_date, "birth_date")?,
        sex: sex.as_deref().and_then(Sex::parse),
        address: CleanAddress {
            street: required(street, "street")?,
            number: required(number, "house_number")?,
            postal_code: required(postal_code, "postal_code")?,
            district_id: row.district_id.clone(),
        },
        email,
        phone,
        ade_address,
        channels: row.channels.clone(),
        quiet_hours: at_rest::quiet_hours_of(quiet_hours.as_deref())
            .ok_or_else(|| ApiError::internal("notify_recipients.quiet_hours damaged"))?,
    })
}

/// The answer's shape of a row and its opened fields (a pending erasure request is the
/// staff's read to add: `staff::staff_view`).
pub fn view(row: &RecipientRow, fields: RecipientFields, now: Timestamp) -> Recipient {
    Recipient {
        id: row.id.clone(),
        first_name: fields.first_name,
        last_name: fields.last_name,
        birth_date: fields.birth_date,
        sex: fields.sex,
        address: Address {
            street: fields.address.street,
            number: fields.address.number,
            postal_code: fields.address.postal_code,
            district_id: fields.address.district_id,
        },
        email: fields.email,
        phone: fields.phone,
        ade_address: fields.ade_address,
        channels: fields.channels,
        quiet_hours: fields.quiet_hours,
        verification: row.verification,
        suspended: suspension::is_suspended(row.suspended_at, row.suspended_until, now),
        suspended_until: row.suspended_until,
        consent: ConsentRecord {
            state: row.consent_state,
            version: row.consent_version.clone(),
            given_at: row.consent_given_at,
            withdrawn_at: row.consent_withdrawn_at,
        },
        consent_document: ConsentDocument {
            state: row.consent_document_state,
            signed_at: row.consent_signed_at,
            archived_at: row.consent_archived_at,
        },
        device_bound: row.device_bound,
        registered_by: row.registered_by,
        created_at: row.created_at,
        updated_at: row.updated_at,
        erasure_request: None,
    }
}
