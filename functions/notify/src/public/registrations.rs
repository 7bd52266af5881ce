//! `POST /api/notify/registrations`: self-registration. A new person gets a validation code;
//! a contact that already belongs to a recipient gets the same 202 and nothing is created —
//! the recipient is told by that contact instead, so the public form tells nobody who is
//! registered.

use super::{send, throttle};
use crate::keys::ResidentKeys;
use crate::recipient;
use crate::settings::Env;
use crate::store::{code_sends, codes, districts, recipients};
use ratusz_domain::api::notify::{
    CodeChannel, ConsentDocumentState, RegisteredBy, RegistrationAccepted, RegistrationInput,
};
use ratusz_domain::notify::fields::{check_registration, FieldContext};
use ratusz_domain::notify::{code, consent, masking, messages};
use ratusz_domain::outbox::Channel;
use ratusz_platform::runtime::{self, HostEntropy};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /api/notify/registrations` → 202.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    throttle(ctx, &env)?;
    let body: RegistrationInput = ctx.req.json()?;
    let known = districts::list(&env.db)?;
    let exists = |id: &str| known.iter().any(|d| d.id == id);
    let (fields, channel) = check_registration(
        &body,
        consent::VERSION,
        &FieldContext {
            now: env.now,
            district_exists: &exists,
        },
    )?;
    let contact = fields
        .contact_for(channel)
        .ok_or_else(|| ApiError::internal("code channel without contact"))?
        .to_owned();
    // Everything slow or random before the transaction.
    let keys = ResidentKeys::load()?;
    let id = runtime::new_id().as_str().to_owned();
    let sealed = recipient::seal(&keys, &id, &fields)?;
    let (by_email, by_phone) = recipient::index_candidates(&keys, &fields);
    let new_code = code::generate(&mut HostEntropy);
    let mac = code::mac(keys.index.mac_key(), &id, &new_code);
    let policy = env.settings.code;
    let expires_at = policy.expires_at(env.now);
    env.db.transaction(|db| {
        // Told by the contact that matched: the e-mail first, else the phone.
        let existing = match recipients::by_index(db, &by_email)? {
            Some(r) => Some((r, Channel::Email, fields.email.clone())),
            None => recipients::by_index(db, &by_phone)?
                .map(|r| (r, Channel::Sms, fields.phone.clone())),
        };
        if let Some((existing, via, Some(to))) = existing {
            if policy.may_send(code_sends::last_hour(db, &existing.id, env.now)?) {
                code_sends::record(db, &existing.id, env.now)?;
                send(db, &env, via, &to, messages::registration_attempt(&to))?;
            }
            return Ok::<_, ApiError>(());
        }
        recipients::insert(
            db,
            &recipients::NewRecipient {
                id: &id,
                sealed: &sealed,
                district_id: &fields.address.district_id,
                channels: &fields.channels,
                consent_version: consent::VERSION,
                consent_document_state: ConsentDocumentState::NotNeeded,
                registered_by: RegisteredBy::SelfService,
                registered_by_account: None,
            },
            env.now,
        )?;
        codes::replace(db, &id, &mac, channel, expires_at, env.now)?;
        code_sends::record(db, &id, env.now)?;
        let out = match channel {
            CodeChannel::Email => Channel::Email,
            CodeChannel::Sms => Channel::Sms,
        };
        send(
            db,
            &env,
            out,
            &contact,
            messages::code(&new_code, policy.valid_hours),
        )?;
        env.audit(
            "resident",
            "recipient.registered",
            &format!("recipient:{id}"),
            serde_json::json!({ "registered_by": "self" }),
        )?;
        Ok(())
    })?;
    let sent_to = match channel {
        CodeChannel::Email => masking::mask_email(&contact),
        CodeChannel::Sms => masking::mask_phone(&contact),
    };
    Ok(response::json(
        202,
        &RegistrationAccepted {
            code_channel: channel,
            sent_to,
            expires_at,
        },
    ))
}
