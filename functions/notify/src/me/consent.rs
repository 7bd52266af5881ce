//! `POST /api/notify/me/consent-withdrawal` and `POST /api/notify/me/consent`.

use super::{authenticate, current};
use crate::keys::ResidentKeys;
use crate::store::recipients;
use ratusz_domain::api::notify::ConsentInput;
use ratusz_domain::notify::consent;
use ratusz_domain::notify::suspension::WithdrawnBy;
use ratusz_domain::validate::Invalid;
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// Withdraws consent: nothing is sent any more; the data is erased `notify_withdrawn_days`
/// later unless consent is given again (the resident's own withdrawal: the tick erases it).
pub fn withdraw(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let env = &me.env;
    let id = &me.row.id;
    env.db.transaction(|db| {
        crate::withdrawn::record(db, id, WithdrawnBy::Resident, env.now)?;
        env.audit(
            "resident",
            "recipient.consent_withdrawn",
            &format!("recipient:{id}"),
            serde_json::json!({}),
        )?;
        Ok::<_, ApiError>(())
    })?;
    current(env, &ResidentKeys::load()?, id)
}

/// Gives consent again to the current text.
pub fn give(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let body: ConsentInput = ctx.req.json()?;
    if body.consent_version.trim() != consent::VERSION {
        return Err(ApiError::invalid_field(
            "consent_version",
            Invalid::rule("consent_outdated"),
        ));
    }
    let env = &me.env;
    let id = &me.row.id;
    env.db.transaction(|db| {
        recipients::give_consent(db, id, consent::VERSION, env.now)?;
        env.audit(
            "resident",
            "recipient.consent_given",
            &format!("recipient:{id}"),
            serde_json::json!({ "version": consent::VERSION }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    current(env, &ResidentKeys::load()?, id)
}
