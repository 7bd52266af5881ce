//! `DELETE /api/notify/me/device`: unbind this device.

use super::authenticate;
use crate::store::devices;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// → 204; the token stops working.
pub fn unbind(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    devices::unbind(&me.env.db, &me.row.id)?;
    Ok(response::no_content())
}
