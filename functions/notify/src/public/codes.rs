//! `POST /api/notify/codes`: a new validation code to a registered contact. Always 202 `{}`:
//! whether the contact is registered is told only to the contact itself.

use super::{send, throttle};
use crate::keys::ResidentKeys;
use crate::settings::Env;
use crate::store::{code_sends, codes, recipients};
use ratusz_domain::api::notify::{CodeChannel, CodeRequest, CodeRequested};
use ratusz_domain::notify::contact::Contact;
use ratusz_domain::notify::{code, messages};
use ratusz_domain::outbox::Channel;
use ratusz_domain::validate::{self, limits::CONTACT_MAX};
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /api/notify/codes` → 202 `{}`.
pub fn request(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    throttle(ctx, &env)?;
    let body: CodeRequest = ctx.req.json()?;
    let typed = validate::text(&body.contact, CONTACT_MAX)
        .map_err(|e| ApiError::invalid_field("contact", e))?;
    if let Some(contact) = Contact::parse(&typed) {
        send_code(&env, &contact)?;
    }
    Ok(response::json(202, &CodeRequested {}))
}

fn send_code(env: &Env, contact: &Contact) -> Result<(), ApiError> {
    let keys = ResidentKeys::load()?;
    let candidates = keys.index.candidates(&contact.index_input());
    let new_code = code::generate(&mut HostEntropy);
    let policy = env.settings.code;
    let (out, code_channel, to) = match contact {
        Contact::Email(e) => (Channel::Email, CodeChannel::Email, e),
        Contact::Phone(p) => (Channel::Sms, CodeChannel::Sms, p),
    };
    env.db.transaction(|db| {
        let Some(r) = recipients::by_index(db, &candidates)? else {
            return Ok::<_, ApiError>(());
        };
        if !policy.may_send(code_sends::last_hour(db, &r.id, env.now)?) {
            return Ok(());
        }
        let mac = code::mac(keys.index.mac_key(), &r.id, &new_code);
        codes::replace(
            db,
            &r.id,
            &mac,
            code_channel,
            policy.expires_at(env.now),
            env.now,
        )?;
        code_sends::record(db, &r.id, env.now)?;
        send(
            db,
            env,
            out,
            to,
            messages::code(&new_code, policy.valid_hours),
        )
    })
}
