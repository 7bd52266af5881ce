//! Table `notify_recipients`. The personal columns ([`PERSONAL`]) hold only sealed text; the
//! blind indexes find a recipient by e-mail or phone; the rest (district, states, times) is
//! not personal and stays after erasure for the anonymous counts.

use ratusz_domain::api::notify::{
    Channel, ConsentDocumentState, ConsentState, RegisteredBy, Verification,
};
use ratusz_domain::notify::at_rest;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Row, Value};

/// The sealed personal columns, in this order everywhere ([`Sealed::values`]); the layout is
/// the domain's, shared with the bench's seeder.
pub use ratusz_domain::notify::at_rest::PERSONAL;

/// A recipient's sealed personal columns and their look-up columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sealed {
    /// Sealed values in [`PERSONAL`] order (`None`: not given).
    pub values: [Option<String>; PERSONAL.len()],
    /// Blind index of the e-mail.
    pub email_index: Option<String>,
    /// Blind index of the phone.
    pub phone_index: Option<String>,
    /// The key that sealed the values.
    pub seal_kid: String,
    /// The key of the indexes.
    pub index_kid: String,
}

/// A recipient's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRow {
    /// Id.
    pub id: String,
    /// Sealed personal values in [`PERSONAL`] order (all `None` once erased).
    pub values: [Option<String>; PERSONAL.len()],
    /// District.
    pub district_id: String,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Verification.
    pub verification: Verification,
    /// When a suspension was made (none: not suspended).
    pub suspended_at: Option<Timestamp>,
    /// Its end (none: until lifted).
    pub suspended_until: Option<Timestamp>,
    /// Consent.
    pub consent_state: ConsentState,
    /// Consent version.
    pub consent_version: String,
    /// Consent given.
    pub consent_given_at: Timestamp,
    /// Consent withdrawn.
    pub consent_withdrawn_at: Option<Timestamp>,
    /// Who withdrew it: `None` the resident from their device, else the staff account.
    pub consent_withdrawn_by: Option<String>,
    /// Paper consent.
    pub consent_document_state: ConsentDocumentState,
    /// Signed.
    pub consent_signed_at: Option<Timestamp>,
    /// Archived.
    pub consent_archived_at: Option<Timestamp>,
    /// Who registered.
    pub registered_by: RegisteredBy,
    /// The staff account that registered them.
    pub registered_by_account: Option<String>,
    /// Created.
    pub created_at: Timestamp,
    /// Changed.
    pub updated_at: Timestamp,
    /// Erased.
    pub erased_at: Option<Timestamp>,
    /// Whether a device is bound.
    pub device_bound: bool,
}

const COLUMNS: &str = "r.id, r.first_name, r.last_name, r.birth_date, r.sex, r.street, \
     r.house_number, r.postal_code, r.email, r.phone, r.ade_address, r.quiet_hours, r.district_id, \
     r.channels, \
     r.verification, r.suspended_at, r.suspended_until, r.consent_state, r.consent_version, \
     r.consent_given_at, r.consent_withdrawn_at, r.consent_document_state, r.consent_signed_at, \
     r.consent_archived_at, r.registered_by, r.registered_by_account, r.created_at, r.updated_at, \
     r.erased_at, EXISTS (SELECT 1 FROM notify_devices d WHERE d.recipient_id = r.id), \
     r.consent_withdrawn_by";

fn channels_text(channels: &[Channel]) -> String {
    channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_channels(text: &str) -> Result<Vec<Channel>, DbError> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| db::wire_text(c, "notify_recipients.channels", Channel::parse))
        .collect()
}

fn from_row(row: &Row) -> Result<RecipientRow, DbError> {
    let values = std::array::from_fn(|i| db::opt_text(row, 1 + i));
    // The columns after the personal ones.
    let p = 1 + PERSONAL.len();
    Ok(RecipientRow {
        id: db::text(row, 0, "notify_recipients.id")?,
        values,
        district_id: db::text(row, p, "notify_recipients.district_id")?,
        channels: parse_channels(&db::text(row, p + 1, "notify_recipients.channels")?)?,
        verification: db::wire(
            row,
            p + 2,
            "notify_recipients.verification",
            Verification::parse,
        )?,
        suspended_at: db::opt_time(row, p + 3),
        suspended_until: db::opt_time(row, p + 4),
        consent_state: db::wire(
            row,
            p + 5,
            "notify_recipients.consent_state",
            ConsentState::parse,
        )?,
        consent_version: db::text(row, p + 6, "notify_recipients.consent_version")?,
        consent_given_at: db::time(row, p + 7, "notify_recipients.consent_given_at")?,
        consent_withdrawn_at: db::opt_time(row, p + 8),
        consent_document_state: db::wire(
            row,
            p + 9,
            "notify_recipients.consent_document_state",
            ConsentDocumentState::parse,
        )?,
        consent_signed_at: db::opt_time(row, p + 10),
        consent_archived_at: db::opt_time(row, p + 11),
        registered_by: db::wire(
            row,
            p + 12,
            "notify_recipients.registered_by",
            RegisteredBy::parse,
        )?,
        registered_by_account: db::opt_text(row, p + 13),
        created_at: db::time(row, p + 14, "notify_recipients.created_at")?,
        updated_at: db::time(row, p + 15, "notify_recipients.updated_at")?,
        erased_at: db::opt_time(row, p + 16),
        device_bound: row.get::<i64>(p + 17).unwrap_or(0) != 0,
        consent_withdrawn_by: db::opt_text(row, p + 18),
    })
}

fn one(db: &Db, sql_where: &str, params: &[Value]) -> Result<Option<RecipientRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM notify_recipients r WHERE {sql_where} LIMIT 1");
    db.execute(&sql, params)?
        .rows
        .first()
        .map(from_row)
        .transpose()
}

/// Recipient `id` (erased or not).
pub fn by_id(db: &Db, id: &str) -> Result<Option<RecipientRow>, DbError> {
    one(db, "r.id = ?", &[id.into()])
}

/// The recipient (not erased) whose e-mail or phone index is one of `indexes`.
pub fn by_index(db: &Db, indexes: &[String]) -> Result<Option<RecipientRow>, DbError> {
    if indexes.is_empty() {
        return Ok(None);
    }
    let marks = vec!["?"; indexes.len()].join(", ");
    let params: Vec<Value> = indexes
        .iter()
        .chain(indexes.iter())
        .map(|i| Value::from(i.as_str()))
        .collect();
    one(
        db,
        &format!(
            "r.erased_at IS NULL AND (r.email_index IN ({marks}) OR r.phone_index IN ({marks}))"
        ),
        &params,
    )
}

/// A new recipient's row.
pub struct NewRecipient<'a> {
    /// Id.
    pub id: &'a str,
    /// Sealed personal values and indexes.
    pub sealed: &'a Sealed,
    /// District.
    pub district_id: &'a str,
    /// Channels.
    pub channels: &'a [Channel],
    /// Consent version accepted (or to be signed).
    pub consent_version: &'a str,
    /// Paper consent state.
    pub consent_document_state: ConsentDocumentState,
    /// Who registered.
    pub registered_by: RegisteredBy,
    /// The staff account, for staff registrations.
    pub registered_by_account: Option<&'a str>,
}

fn personal_params(sealed: &Sealed) -> Vec<Value> {
    let mut params: Vec<Value> = sealed
        .values
        .iter()
        .map(|v| db::text_or_null(v.as_deref()))
        .collect();
    params.push(db::text_or_null(sealed.email_index.as_deref()));
    params.push(db::text_or_null(sealed.phone_index.as_deref()));
    params.push(sealed.seal_kid.as_str().into());
    params.push(sealed.index_kid.as_str().into());
    params
}

/// Inserts a recipient (`unverified`, consent given now).
pub fn insert(db: &Db, new: &NewRecipient<'_>, now: Timestamp) -> Result<(), DbError> {
    let mut params = vec![Value::from(new.id)];
    params.extend(personal_params(new.sealed));
    params.extend([
        new.district_id.into(),
        channels_text(new.channels).into(),
        Verification::Unverified.as_str().into(),
        ConsentState::Given.as_str().into(),
        new.consent_version.into(),
        now.into(),
        new.consent_document_state.as_str().into(),
        new.registered_by.as_str().into(),
        db::text_or_null(new.registered_by_account),
        now.into(),
        now.into(),
    ]);
    db.execute(
        "INSERT INTO notify_recipients (id, first_name, last_name, birth_date, sex, street,
           house_number, postal_code, email, phone, ade_address, quiet_hours, email_index,
           phone_index, seal_kid, index_kid, district_id, channels, verification, consent_state,
           consent_version, consent_given_at, consent_document_state, registered_by,
           registered_by_account, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &params,
    )?;
    Ok(())
}

/// Replaces the personal data (a correction).
pub fn update_personal(
    db: &Db,
    id: &str,
    sealed: &Sealed,
    district_id: &str,
    channels: &[Channel],
    verification: Verification,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut params = personal_params(sealed);
    params.extend([
        district_id.into(),
        channels_text(channels).into(),
        verification.as_str().into(),
        now.into(),
        id.into(),
    ]);
    db.execute(
        "UPDATE notify_recipients SET first_name = ?, last_name = ?, birth_date = ?, sex = ?,
           street = ?, house_number = ?, postal_code = ?, email = ?, phone = ?, ade_address = ?,
           quiet_hours = ?, email_index = ?, phone_index = ?, seal_kid = ?, index_kid = ?, district_id = ?,
           channels = ?, verification = ?, updated_at = ?
         WHERE id = ? AND erased_at IS NULL",
        &params,
    )?;
    Ok(())
}

/// Sets or lifts a suspension.
pub fn set_suspension(
    db: &Db,
    id: &str,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_recipients SET suspended_at = ?, suspended_until = ?, updated_at = ?
         WHERE id = ? AND erased_at IS NULL",
        &[
            db::time_or_null(since),
            db::time_or_null(until),
            now.into(),
            id.into(),
        ],
    )?;
    Ok(())
}

/// Records consent withdrawn at `withdrawn_at` by `withdrawn_by` (`None`: the resident), as
/// the domain's `suspension::withdrawal` decided over the stored one.
pub fn withdraw_consent(
    db: &Db,
    id: &str,
    withdrawn_at: Timestamp,
    withdrawn_by: Option<&str>,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_recipients SET consent_state = 'withdrawn',
           consent_withdrawn_at = ?, consent_withdrawn_by = ?, updated_at = ?
         WHERE id = ? AND erased_at IS NULL",
        &[
            withdrawn_at.into(),
            withdrawn_by.into(),
            now.into(),
            id.into(),
        ],
    )?;
    Ok(())
}

/// Records consent given (again) to `version` at `at`.
pub fn give_consent(db: &Db, id: &str, version: &str, at: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_recipients SET consent_state = 'given', consent_version = ?,
           consent_given_at = ?, consent_withdrawn_at = NULL, consent_withdrawn_by = NULL,
           updated_at = ?
         WHERE id = ? AND erased_at IS NULL",
        &[version.into(), at.into(), at.into(), id.into()],
    )?;
    Ok(())
}

/// Erases the personal data: every personal column and index is emptied; the id, district,
/// states and times stay for the anonymous counts.
pub fn erase(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    let cleared: Vec<String> = PERSONAL.iter().map(|c| format!("{c} = NULL")).collect();
    db.execute(
        &format!(
            "UPDATE notify_recipients SET {}, email_index = NULL, phone_index = NULL,
               seal_kid = NULL, index_kid = NULL, updated_at = ?, erased_at = ?
             WHERE id = ? AND erased_at IS NULL",
            cleared.join(", ")
        ),
        &[now.into(), now.into(), id.into()],
    )?;
    Ok(())
}

/// Recipients with their data (not erased), newest first, before id `before`, optionally of
/// one district and one verification state.
pub fn page(
    db: &Db,
    district_id: Option<&str>,
    verification: Option<Verification>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<RecipientRow>, DbError> {
    let mut sql_where = vec!["r.erased_at IS NULL"];
    let mut params: Vec<Value> = Vec::new();
    if let Some(d) = district_id {
        sql_where.push("r.district_id = ?");
        params.push(d.into());
    }
    if let Some(v) = verification {
        sql_where.push("r.verification = ?");
        params.push(v.as_str().into());
    }
    if let Some(b) = before {
        sql_where.push("r.id < ?");
        params.push(b.into());
    }
    params.push(Value::Integer(i64::from(limit)));
    let sql = format!(
        "SELECT {COLUMNS} FROM notify_recipients r WHERE {} ORDER BY r.id DESC LIMIT ?",
        sql_where.join(" AND ")
    );
    db.execute(&sql, &params)?
        .rows
        .iter()
        .map(from_row)
        .collect()
}

/// One resident of a district batch: the id and the sealed columns asked for, in that order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    /// Id.
    pub id: String,
    /// The sealed values of the columns asked for (`None`: not given).
    pub sealed: Vec<Option<String>>,
}

/// A batch of the staff list's district pass: up to `limit` residents with data of
/// `district_id` (newest first, below id `before`, optionally in one verification state)
/// with only the sealed columns `sealed` — the filters open those, and only the page's
/// matches are read whole ([`by_ids`]). Walks `notify_recipients_district_id` in order.
pub fn district_batch(
    db: &Db,
    district_id: &str,
    verification: Option<Verification>,
    before: Option<&str>,
    sealed: &[&str],
    limit: u32,
) -> Result<Vec<BatchRow>, DbError> {
    let state = db::text_or_null(verification.map(|v| v.as_str()));
    let params = [
        district_id.into(),
        before.unwrap_or(at_rest::ABOVE_EVERY_ID).into(),
        state.clone(),
        state,
        Value::Integer(i64::from(limit)),
    ];
    db.execute(&at_rest::district_batch_sql(sealed), &params)?
        .rows
        .iter()
        .map(|row| {
            Ok(BatchRow {
                id: db::text(row, 0, "notify_recipients.id")?,
                sealed: (0..sealed.len())
                    .map(|i| db::opt_text(row, 1 + i))
                    .collect(),
            })
        })
        .collect()
}

/// The rows of `ids` that exist and are not erased, in the order of `ids` (a resident erased
/// between a list's batch read and this one is left out, not shown without a name).
pub fn by_ids(db: &Db, ids: &[String]) -> Result<Vec<RecipientRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let params: Vec<Value> = ids.iter().map(|i| Value::from(i.as_str())).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM notify_recipients r WHERE r.id IN ({marks}) AND r.erased_at IS NULL"
    );
    let mut rows: Vec<RecipientRow> = db
        .execute(&sql, &params)?
        .rows
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

/// Sets the verification state.
pub fn set_verification(
    db: &Db,
    id: &str,
    state: Verification,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_recipients SET verification = ?, updated_at = ?
         WHERE id = ? AND erased_at IS NULL",
        &[state.as_str().into(), now.into(), id.into()],
    )?;
    Ok(())
}

/// Moves the paper consent to `state` (signed or archived), stamping when.
pub fn set_consent_document(
    db: &Db,
    id: &str,
    state: ConsentDocumentState,
    now: Timestamp,
) -> Result<(), DbError> {
    let column = match state {
        ConsentDocumentState::Archived => "consent_archived_at",
        _ => "consent_signed_at",
    };
    db.execute(
        &format!(
            "UPDATE notify_recipients SET consent_document_state = ?, {column} = ?, updated_at = ?
             WHERE id = ? AND erased_at IS NULL"
        ),
        &[state.as_str().into(), now.into(), now.into(), id.into()],
    )?;
    Ok(())
}
