//! `POST /api/notify/bindings`: the code binds this device. Every failure is the same 401
//! `invalid_code` (unknown contact, no code, wrong, expired, burned), so the form tells
//! nothing about who is registered; the 5th wrong code burns the code.

use super::throttle;
use crate::keys::ResidentKeys;
use crate::settings::Env;
use crate::store::{codes, devices, recipients};
use ratusz_domain::accounts::secrets::constant_time_eq;
use ratusz_domain::api::notify::{Binding, BindingRequest};
use ratusz_domain::notify::at_rest;
use ratusz_domain::notify::code::{self, Attempt};
use ratusz_domain::notify::contact::Contact;
use ratusz_domain::notify::device_token;
use ratusz_domain::validate::{self, limits::DEVICE_LABEL_MAX};
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn invalid_code() -> ApiError {
    ApiError::unauthenticated_because(
        "invalid_code",
        "The contact and code do not bind a device (wrong, expired or used up).",
    )
}

/// `POST /api/notify/bindings` → 201 with the device token.
pub fn bind(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    throttle(ctx, &env)?;
    let body: BindingRequest = ctx.req.json()?;
    let label = validate::optional_text(body.device_label.as_deref(), DEVICE_LABEL_MAX)
        .map_err(|e| ApiError::invalid_field("device_label", e))?;
    let (Some(contact), Some(typed_code)) =
        (Contact::parse(&body.contact), code::normalize(&body.code))
    else {
        return Err(invalid_code());
    };
    let keys = ResidentKeys::load()?;
    let candidates = keys.index.candidates(&contact.index_input());
    let token = device_token::generate(&mut HostEntropy);
    let token_hash = device_token::stored_hash(&token)
        .ok_or_else(|| ApiError::internal("generated device token has the wrong shape"))?;
    let policy = env.settings.code;
    let bound = env.db.transaction(|db| {
        let Some(r) = recipients::by_index(db, &candidates)? else {
            return Ok::<_, ApiError>(None);
        };
        let Some(stored) = codes::of(db, &r.id)? else {
            return Ok(None);
        };
        let given = code::mac(keys.index.mac_key(), &r.id, &typed_code);
        let matches = constant_time_eq(given.as_bytes(), stored.mac.as_bytes());
        match policy.attempt(stored.state, matches, env.now) {
            Attempt::Bound => {
                codes::delete(db, &r.id)?;
                let sealed_label = label
                    .as_deref()
                    .map(|l| keys.seal(&r.id, at_rest::DEVICE_LABEL, l))
                    .transpose()?;
                devices::bind(db, &r.id, &token_hash, sealed_label.as_deref(), env.now)?;
                Ok(Some(r.id))
            }
            Attempt::Wrong { failures, burned } => {
                codes::record_failure(db, &r.id, failures, burned, env.now)?;
                Ok(None)
            }
            Attempt::Dead => Ok(None),
        }
    })?;
    let recipient_id = bound.ok_or_else(invalid_code)?;
    Ok(response::created(&Binding {
        device_token: token,
        recipient_id,
    }))
}
