//! `GET /api/notify/consent`.

use ratusz_domain::api::notify::ConsentText;
use ratusz_domain::notify::consent;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The consent text a registration accepts.
pub fn get(_ctx: &Ctx) -> Result<Response, ApiError> {
    Ok(response::ok(&ConsentText {
        version: consent::VERSION.to_owned(),
        text_pl: consent::TEXT_PL.to_owned(),
        text_en: consent::TEXT_EN.to_owned(),
    }))
}
