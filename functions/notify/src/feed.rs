//! Messages as residents read them (docs/api/notifications-messages.md § Shapes): the title
//! and text opened (`data_keys`, `crate::messages::sealing`), then filled for the reading
//! resident (their "Wiadomości") or with every placeholder left out (the public news feed,
//! which has no reader to fill it for).

use crate::messages::sealing;
use crate::store::feeds::FeedRow;
use ratusz_domain::api::notify_messages::{NewsItem, ResidentMessage};
use ratusz_domain::api::page::Page;
use ratusz_domain::notify::placeholders::{self, PlaceholderValues};
use ratusz_domain::validate;
use ratusz_platform::sealed::Keyring;
use ratusz_platform::ApiError;

/// The cursor of a feed: the last message id of the previous page (422 `cursor` otherwise);
/// a blank one is no cursor, as for every list (the document's pattern allows it).
pub fn cursor(given: Option<&str>) -> Result<Option<String>, ApiError> {
    given
        .filter(|c| !c.trim().is_empty())
        .map(|c| validate::id(c).map_err(|e| ApiError::invalid_field("cursor", e)))
        .transpose()
}

/// One page of `rows` read with `limit + 1`: the items and the next cursor.
pub fn page<T>(
    mut rows: Vec<FeedRow>,
    limit: u32,
    item: impl Fn(FeedRow) -> Result<T, ApiError>,
) -> Result<Page<T>, ApiError> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = more.then(|| rows.last().map(|r| r.id.clone())).flatten();
    let items = rows.into_iter().map(item).collect::<Result<_, _>>()?;
    Ok(Page { items, next_cursor })
}

/// A news item: placeholders left out.
pub fn news_item(keys: &Keyring, row: FeedRow) -> Result<NewsItem, ApiError> {
    let (title, text) = open(keys, &row)?;
    Ok(NewsItem {
        id: row.id,
        title: placeholders::strip(&title),
        text: placeholders::strip(&text),
        category: row.category,
        link: row.link,
        sent_at: row.started_at,
    })
}

/// A resident's message: placeholders filled with `values`.
pub fn resident_message(
    keys: &Keyring,
    row: FeedRow,
    values: &PlaceholderValues<'_>,
) -> Result<ResidentMessage, ApiError> {
    let (title, text) = open(keys, &row)?;
    Ok(ResidentMessage {
        id: row.id,
        title: placeholders::fill(&title, values),
        text: placeholders::fill(&text, values),
        category: row.category,
        link: row.link,
        sent_at: row.started_at,
    })
}

fn open(keys: &Keyring, row: &FeedRow) -> Result<(String, String), ApiError> {
    Ok((
        sealing::open(keys, &row.id, "title", &row.title)?,
        sealing::open(keys, &row.id, "text", &row.text)?,
    ))
}
