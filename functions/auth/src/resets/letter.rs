//! Step 3, `letter` route: the printable letter with a fresh start password, shown once.
//! The password is generated when the letter is printed and only its hash is kept.

use super::letter_html::{self, LetterData};
use super::{load, object};
use crate::env::{require, Env};
use crate::store::resets::{self, ResetRecord};
use crate::store::{units, users};
use crate::{credentials, incident_log};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::resets::{ResetDelivery, ResetStatus};
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// No script, no outside resources: the page holds a password (framing: `x-frame-options`).
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

fn gone() -> ApiError {
    ApiError::Gone {
        code: "letter_already_shown",
        detail: "The letter has already been printed; it is shown only once. Reject or re-request if it was lost.".into(),
    }
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
        ));
    }
    Ok(())
}

/// `GET /api/password-resets/{id}/letter` (admin, support): HTML, once.
pub fn letter(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = require(ctx, Operation::PrintLetter)?;
    let env = Env::open()?;
    let reset = load(&env, ctx)?;
    printable(&reset)?;
    let user = users::by_id(&env.db, &reset.user_id)?.ok_or(ApiError::NotFound)?;
    let unit_name = units::by_id(&env.db, &user.unit_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    let (password, expires_at) = env.db.transaction(|_| {
        // Under the write lock: two clicks at once print one letter.
        if !resets::mark_letter_printed(&env.db, &reset.id, env.now)? {
            return Err(gone());
        }
        let issued = credentials::issue_start_password(&env, &user)?;
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
        )?;
        Ok::<_, ApiError>(issued)
    })?;
    let html = letter_html::render(&LetterData {
        holder_name: &user.full_name(),
        email: &user.email,
        unit_name: &unit_name,
        password: &password,
        expires_at,
        reset_id: &reset.id,
        printed_at: env.now,
        app_url: &env.settings.public_url,
    });
    Ok(Response::builder()
        .status(200)
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("content-security-policy", CSP)
        .header("referrer-policy", "no-referrer")
        .header("x-frame-options", "DENY")
        .body(html)
        .build())
}
