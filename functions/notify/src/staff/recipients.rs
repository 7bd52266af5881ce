//! `POST`, `GET /api/notify/recipients`, `GET` and `PATCH /api/notify/recipients/{id}`:
//! staff register a person at their request (the paper consent is then `to_sign`), find
//! recipients (an exact contact through the blind index; a part of a name only within one
//! district, since it is matched after decryption), read and correct them.

use super::district_search::{self, DistrictSearch};
use super::{audit_action, audit_read, current, present, registry_staff};
use crate::correction;
use crate::keys::ResidentKeys;
use crate::public::send;
use crate::recipient;
use crate::recipient::contact_free;
use crate::store::recipients::{self as rows, NewRecipient, RecipientRow};
use crate::store::{code_sends, codes, districts};
use ratusz_domain::api::notify::{
    CodeChannel, ConsentDocumentState, ErasedRecipient, RecipientInput, RecipientPatch,
    RecipientRecord, RecipientSummary, RegisteredBy,
};
use ratusz_domain::api::page::Page;
use ratusz_domain::notify::age::Day;
use ratusz_domain::notify::fields::{check_staff_registration, FieldContext};
use ratusz_domain::notify::recipient_search::{self, RecipientFilter, SearchParams};
use ratusz_domain::notify::{code, consent, messages, suspension};
use ratusz_domain::outbox::Channel;
use ratusz_domain::validate;
use ratusz_platform::runtime::{self, HostEntropy};
use ratusz_platform::{idempotency, response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /api/notify/recipients` → 201 (`Idempotency-Key`: one recipient on retry).
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let body: RecipientInput = ctx.req.json()?;
    let env = &s.env;
    let known = districts::list(&env.db)?;
    let exists = |id: &str| known.iter().any(|d| d.id == id);
    let (fields, send_code) = check_staff_registration(
        &body,
        &FieldContext {
            now: env.now,
            district_exists: &exists,
        },
    )?;
    // Everything slow or random before the transaction.
    let keys = ResidentKeys::load()?;
    let id = runtime::new_id().as_str().to_owned();
    let sealed = recipient::seal(&keys, &id, &fields)?;
    let (by_email, by_phone) = recipient::index_candidates(&keys, &fields);
    let new_code = code::generate(&mut HostEntropy);
    let mac = code::mac(keys.index.mac_key(), &id, &new_code);
    let policy = env.settings.code;
    let scope = format!("user:{} POST /api/notify/recipients", s.user_id);
    idempotency::run(&env.db, ctx.req, &scope, env.now, |db| {
        contact_free(db, &id, &by_email, "email")?;
        contact_free(db, &id, &by_phone, "phone")?;
        rows::insert(
            db,
            &NewRecipient {
                id: &id,
                sealed: &sealed,
                district_id: &fields.address.district_id,
                channels: &fields.channels,
                consent_version: consent::VERSION,
                consent_document_state: ConsentDocumentState::ToSign,
                registered_by: RegisteredBy::Staff,
                registered_by_account: Some(&s.user_id),
            },
            env.now,
        )?;
        if let Some(channel) = send_code {
            let to = fields
                .contact_for(channel)
                .ok_or_else(|| ApiError::internal("send_code without contact"))?;
            codes::replace(db, &id, &mac, channel, policy.expires_at(env.now), env.now)?;
            code_sends::record(db, &id, env.now)?;
            let message = messages::code(&new_code, policy.valid_hours);
            send(db, env, outbox_channel(channel), to, message)?;
        }
        audit_action(
            &s,
            "recipient.registered",
            &id,
            serde_json::json!({ "registered_by": "staff", "code_sent": send_code.is_some() }),
        )?;
        let row = rows::by_id(db, &id)?.ok_or(ApiError::NotFound)?;
        Ok(response::created(&recipient::view(
            &row,
            fields.clone(),
            env.now,
        )))
    })
}

/// The outbox channel of a code channel.
pub fn outbox_channel(channel: CodeChannel) -> Channel {
    match channel {
        CodeChannel::Email => Channel::Email,
        CodeChannel::Sms => Channel::Sms,
    }
}

/// `GET /api/notify/recipients?email=|phone=|district_id=[&name=][&age_min=][&age_max=]
/// &verification=&cursor=&limit=`.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let page = ctx.req.page_query()?;
    let before = page
        .cursor
        .as_deref()
        .map(|c| validate::id(c).map_err(|e| ApiError::invalid_field("cursor", e)))
        .transpose()?;
    // An empty parameter is no filter (as `limit=` is the default page size).
    let q = |name: &str| ctx.req.query_param(name).filter(|v| !v.trim().is_empty());
    let (email, phone, district_id, name, state) = (
        q("email"),
        q("phone"),
        q("district_id"),
        q("name"),
        q("verification"),
    );
    // The ages are integers in the document: an empty `age_min=` is refused, not ignored.
    let (age_min, age_max) = (
        ctx.req.query_param("age_min"),
        ctx.req.query_param("age_max"),
    );
    let query = recipient_search::parse(&SearchParams {
        email: email.as_deref(),
        phone: phone.as_deref(),
        district_id: district_id.as_deref(),
        name: name.as_deref(),
        age_min: age_min.as_deref(),
        age_max: age_max.as_deref(),
        verification: state.as_deref(),
    })?;
    let keys = ResidentKeys::load()?;
    let limit = page.limit as usize;
    let db = &s.env.db;
    let found: Vec<(RecipientRow, String, String)> = match &query.filter {
        RecipientFilter::Contact { index_input } => {
            let candidates = keys.index.candidates(index_input);
            rows::by_index(db, &candidates)?
                .filter(|r| query.verification.is_none_or(|v| r.verification == v))
                .filter(|r| before.as_deref().is_none_or(|b| r.id.as_str() < b))
                .map(|r| named(&keys, r))
                .transpose()?
                .into_iter()
                .collect()
        }
        RecipientFilter::All => rows::page(
            db,
            None,
            query.verification,
            before.as_deref(),
            page.limit + 1,
        )?
        .into_iter()
        .map(|r| named(&keys, r))
        .collect::<Result<_, _>>()?,
        RecipientFilter::District {
            district_id,
            name,
            age,
        } => district_search::run(
            db,
            &keys,
            &DistrictSearch {
                district_id,
                name: name.as_ref(),
                age: *age,
                today: Day::in_poland(s.env.now),
                verification: query.verification,
                before: before.as_deref(),
            },
            limit + 1,
        )?,
    };
    let more = found.len() > limit;
    let items: Vec<RecipientSummary> = found
        .into_iter()
        .take(limit)
        .map(|(row, first, last)| summary(row, first, last, s.env.now))
        .collect();
    let next_cursor = if more {
        items.last().map(|r| r.id.clone())
    } else {
        None
    };
    let ids: Vec<String> = items.iter().map(|r| r.id.clone()).collect();
    audit_read(&s, &ids, "list")?;
    Ok(response::ok(&Page { items, next_cursor }))
}

/// A row with its first and last name opened (all a list shows).
pub(super) fn named(
    keys: &ResidentKeys,
    row: RecipientRow,
) -> Result<(RecipientRow, String, String), ApiError> {
    let open = |i: usize, column: &str| -> Result<String, ApiError> {
        let sealed = row
            .values
            .get(i)
            .and_then(|v| v.as_deref())
            .ok_or_else(|| ApiError::internal(format!("notify_recipients.{column} missing")))?;
        keys.open(&row.id, column, sealed)
    };
    let first = open(0, "first_name")?;
    let last = open(1, "last_name")?;
    Ok((row, first, last))
}

fn summary(
    row: RecipientRow,
    first_name: String,
    last_name: String,
    now: ratusz_domain::time::Timestamp,
) -> RecipientSummary {
    RecipientSummary {
        suspended: suspension::is_suspended(row.suspended_at, row.suspended_until, now),
        id: row.id,
        first_name,
        last_name,
        district_id: row.district_id,
        verification: row.verification,
        consent_state: row.consent_state,
        consent_document_state: row.consent_document_state,
        created_at: row.created_at,
    }
}

/// `GET /api/notify/recipients/{id}` → Recipient, or what is left of an erased one.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let id = s.env.param("id")?;
    let row = rows::by_id(&s.env.db, id)?.ok_or(ApiError::NotFound)?;
    if let Some(erased_at) = row.erased_at {
        return Ok(response::ok(&RecipientRecord::Erased(ErasedRecipient {
            id: row.id,
            erased: true,
            erased_at,
        })));
    }
    let keys = ResidentKeys::load()?;
    let fields = recipient::open(&keys, &row)?;
    audit_read(&s, std::slice::from_ref(&row.id), "detail")?;
    let view = super::staff_view(&s, &row, fields)?;
    Ok(response::ok(&RecipientRecord::Present(Box::new(view))))
}

/// `PATCH /api/notify/recipients/{id}`: a correction at the person's request; a verified
/// recipient whose name, birth date or address changes is unverified again.
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let patch: RecipientPatch = ctx.req.json()?;
    let row = present(&s)?;
    let env = &s.env;
    let keys = ResidentKeys::load()?;
    let corrected = correction::prepare(&env.db, env.now, &keys, &row, &patch)?;
    env.db.transaction(|db| {
        correction::store(db, &row.id, &corrected, env.now)?;
        audit_action(
            &s,
            "recipient.corrected",
            &row.id,
            serde_json::json!({ "verification": corrected.verification.as_str() }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    current(&s, &keys, &row.id)
}
