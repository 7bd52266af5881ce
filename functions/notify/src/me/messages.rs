//! `GET /api/notify/me/messages?cursor=&limit=`: what was sent to this resident on any channel
//! and every message to everyone, newest first, with the placeholders filled for them.

use super::authenticate;
use crate::feed;
use crate::keys::ResidentKeys;
use crate::messages::sealing;
use crate::recipient;
use crate::store::{districts, feeds};
use ratusz_domain::notify::placeholders::PlaceholderValues;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// → 200 `{items: [resident's message], next_cursor}`.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let query = ctx.req.page_query()?;
    let before = feed::cursor(query.cursor.as_deref())?;
    let db = &me.env.db;
    let rows = feeds::of_recipient(db, &me.row.id, before.as_deref(), query.limit + 1)?;
    let fields = recipient::open(&ResidentKeys::load()?, &me.row)?;
    let district = districts::list(db)?
        .into_iter()
        .find(|d| d.id == fields.address.district_id)
        .map(|d| d.name)
        .unwrap_or_default();
    let values = PlaceholderValues {
        first_name: &fields.first_name,
        last_name: &fields.last_name,
        district: &district,
    };
    let keys = sealing::keyring()?;
    let page = feed::page(rows, query.limit, |row| {
        feed::resident_message(&keys, row, &values)
    })?;
    Ok(response::ok(&page))
}
