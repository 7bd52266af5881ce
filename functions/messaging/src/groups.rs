//! `GET /api/chat/groups?cursor&limit` (the council office): every group with its title and
//! members, member or not, so a group the office created without joining stays manageable
//! (rename, members). Each is shown as a non-member sees it (`views::conversation` with
//! `member = false`): never a message, a counter or a read marker — the messages stay with
//! the members, and a clerk outside the group still gets 404 on them.

use crate::access::chatter;
use crate::settings::Env;
use crate::store::conversations;
use crate::views;
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::api::Page;
use ratusz_domain::validate as rules;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The list, newest first; `cursor` is the last group id of the previous page.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    if !authz::allowed(&p.roles, Operation::ManageChatGroups) {
        return Err(ApiError::forbidden());
    }
    let page = ctx.req.page_query()?;
    let before = page
        .cursor
        .as_deref()
        .map(rules::id)
        .transpose()
        .map_err(|why| ApiError::invalid_field("cursor", why))?;
    // One more than asked says whether another page follows.
    let mut rows = conversations::groups_newest_first(&env.db, before.as_deref(), page.limit + 1)?;
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    let next_cursor = more.then(|| rows.last().map(|c| c.id.clone())).flatten();
    let items = rows
        .iter()
        .map(|c| views::conversation(&env, c, &p, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(response::ok(&Page { items, next_cursor }))
}
