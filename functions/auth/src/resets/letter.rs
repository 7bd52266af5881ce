//! Step 3, `letter` route: the printable letter with a fresh start password, shown once.
//! The password is generated and hashed when the letter is printed, before the short
//! transaction that marks the letter printed and stores the hash; only the hash is kept.

use super::letter_html::{self, LetterData};
use super::{four_eyes, holder, load, object};
use crate::credentials::StartPassword;
use crate::incident_log;
use crate::settings::Env;
use crate::store::resets::{self, ResetRecord};
use crate::store::units;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::accounts::reset_policy::ResetStep;
use ratusz_domain::api::resets::{ResetDelivery, ResetStatus};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn gone() -> ApiError {
    ApiError::gone("letter_already_shown", "The letter has already been printed; it is shown only once. Reject or re-request if it was lost.")
}

/// 410 once printed; 409 unless an approved `letter` request.
fn printable(reset: &ResetRecord) -> Result<(), ApiError> {
    if reset.delivery == ResetDelivery::Letter && reset.letter_printed_at.is_some() {
        return Err(gone());
    }
    if reset.delivery != ResetDelivery::Letter || reset.status != ResetStatus::Approved {
        return Err(ApiError::conflict(
            "conflict",
            "Only an approved request with delivery `letter` has a letter.",
        )
        .with_param("rule", "not_an_approved_letter"));
    }
    Ok(())
}

/// `GET /api/password-resets/{id}/letter` (admin, support; not the approver nor the holder):
/// HTML, once.
pub fn letter(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::PrintLetter)?;
    let env = Env::open(ctx)?;
    let reset = load(&env)?;
    printable(&reset)?;
    let user = holder(&env, &reset)?;
    four_eyes(&reset, &user, ResetStep::PrintLetter, &p)?;
    let unit_name = units::by_id(&env.db, &user.unit_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    let start = StartPassword::new(&env)?;
    env.db.transaction(|_| {
        // Under the write lock: two clicks at once print one letter.
        if !resets::mark_letter_printed(&env.db, &reset.id, env.now)? {
            return Err(gone());
        }
        start.store(&env, &user.id)?;
        env.audit(
            &p.user_id,
            "reset_letter_printed",
            &object(&reset.id),
            serde_json::json!({"user": user.id}),
        )?;
        incident_log::note(
            &env,
            &reset.incident_id,
            &p.user_id,
            "Wydrukowano list z hasłem startowym. / Letter with the start password printed.",
        )
    })?;
    let html = letter_html::render(&LetterData {
        holder_name: &user.full_name(),
        email: &user.email,
        unit_name: &unit_name,
        password: &start.clear,
        expires_at: start.expires_at,
        reset_id: &reset.id,
        printed_at: env.now,
        app_url: &env.settings.public_url,
    });
    // No script, no outside resources, never cached: the page holds a password.
    Ok(response::html_document(html, "no-store"))
}
