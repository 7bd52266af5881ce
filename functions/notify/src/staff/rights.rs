//! The person's rights exercised through staff (at their request, in the office):
//! `POST`/`DELETE …/suspension`, `POST …/consent-withdrawal`, and `POST …/code` (a new
//! validation code for a person who cannot find theirs). A withdrawal recorded here stops
//! every send at once but erases nothing by itself: it opens the erasure request of
//! `staff::erasure` in the recorder's name, which a second `notifier_admin` confirms.

use super::recipients::outbox_channel;
use super::{audit_action, current, present, registry_staff};
use crate::keys::ResidentKeys;
use crate::public::send;
use crate::recipient;
use crate::store::{code_sends, codes, erasure_requests, recipients as rows};
use ratusz_domain::api::notify::CodeChannel;
use ratusz_domain::api::notify::{CodeSendInput, CodeSent, SuspensionInput};
use ratusz_domain::notify::suspension::WithdrawnBy;
use ratusz_domain::notify::{at_rest, code, erasure, masking, messages, suspension};
use ratusz_domain::validate::Invalid;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST …/suspension` `{until?}` (an empty body: until lifted) → 200 Recipient.
pub fn suspend(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let body: SuspensionInput = if ctx.req.body.is_empty() {
        SuspensionInput::default()
    } else {
        ctx.req.json()?
    };
    let until = suspension::until(body.until, s.env.now)
        .map_err(|e| ApiError::invalid_field("until", e))?;
    let row = present(&s)?;
    s.env.db.transaction(|db| {
        rows::set_suspension(db, &row.id, Some(s.env.now), until, s.env.now)?;
        audit_action(
            &s,
            "recipient.suspended",
            &row.id,
            serde_json::json!({ "until": until }),
        )
    })?;
    current(&s, &ResidentKeys::load()?, &row.id)
}

/// `DELETE …/suspension` → 200 Recipient.
pub fn resume(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let row = present(&s)?;
    s.env.db.transaction(|db| {
        rows::set_suspension(db, &row.id, None, None, s.env.now)?;
        audit_action(&s, "recipient.resumed", &row.id, serde_json::json!({}))
    })?;
    current(&s, &ResidentKeys::load()?, &row.id)
}

/// `POST …/consent-withdrawal` → 200 Recipient (consent withdrawn: nothing is sent). One
/// staff member's word erases no one: the tick leaves this withdrawal alone, and an erasure
/// request in the caller's name is opened (unless one is pending) for a second
/// `notifier_admin` to confirm or either to withdraw.
pub fn withdraw(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let row = present(&s)?;
    let keys = ResidentKeys::load()?;
    let sealed_reason = keys.seal(
        &row.id,
        at_rest::ERASURE_REASON,
        erasure::CONSENT_WITHDRAWN_REASON,
    )?;
    s.env.db.transaction(|db| {
        crate::withdrawn::record(
            db,
            &row.id,
            WithdrawnBy::Staff(s.user_id.clone()),
            s.env.now,
        )?;
        audit_action(
            &s,
            "recipient.consent_withdrawn",
            &row.id,
            serde_json::json!({ "by": "staff" }),
        )?;
        if erasure_requests::of(db, &row.id)?.is_some() {
            return Ok(());
        }
        erasure_requests::insert(db, &row.id, &s.user_id, &sealed_reason, s.env.now)?;
        audit_action(
            &s,
            "recipient.erasure_requested",
            &row.id,
            serde_json::json!({ "reason": erasure::CONSENT_WITHDRAWN_CODE }),
        )
    })?;
    current(&s, &keys, &row.id)
}

/// `POST …/code` `{channel}` → 202 `{sent_to, expires_at}`; an earlier code stops working.
/// At most 3 codes an hour per recipient (429).
pub fn send_code(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = registry_staff(ctx)?;
    let body: CodeSendInput = ctx.req.json()?;
    let row = present(&s)?;
    let keys = ResidentKeys::load()?;
    let fields = recipient::open(&keys, &row)?;
    let to = fields
        .contact_for(body.channel)
        .ok_or_else(|| ApiError::invalid_field("channel", Invalid::rule("contact_missing")))?
        .to_owned();
    let new_code = code::generate(&mut HostEntropy);
    let mac = code::mac(keys.index.mac_key(), &row.id, &new_code);
    let policy = s.env.settings.code;
    let expires_at = policy.expires_at(s.env.now);
    s.env.db.transaction(|db| {
        if !policy.may_send(code_sends::last_hour(db, &row.id, s.env.now)?) {
            return Err(ApiError::TooManyRequests {
                retry_after_s: 3600,
            });
        }
        codes::replace(db, &row.id, &mac, body.channel, expires_at, s.env.now)?;
        code_sends::record(db, &row.id, s.env.now)?;
        let message = messages::code(&new_code, policy.valid_hours);
        send(db, &s.env, outbox_channel(body.channel), &to, message)?;
        audit_action(
            &s,
            "recipient.code_sent",
            &row.id,
            serde_json::json!({ "channel": body.channel.as_str() }),
        )
    })?;
    let sent_to = match body.channel {
        CodeChannel::Email => masking::mask_email(&to),
        CodeChannel::Sms => masking::mask_phone(&to),
    };
    Ok(response::json(
        202,
        &CodeSent {
            sent_to,
            expires_at,
        },
    ))
}
