//! `GET/POST /api/chat/conversations`, `GET/PATCH /api/chat/conversations/{cid}`,
//! `PUT …/{cid}/members`: the caller's conversations, direct ones (one per pair, any chat
//! role), groups (the council office).

use crate::access::{self, chatter, may_chat};
use crate::refusal;
use crate::settings::Env;
use crate::store::conversations::{self, ConversationRow, NewConversation};
use crate::store::{counter, marks, members};
use crate::views;
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::api::chat::{
    ConversationCreate, ConversationKind, ConversationPatch, MembersPut,
};
use ratusz_domain::api::Page;
use ratusz_domain::chat::direct_pair;
use ratusz_domain::validate::limits::{CHAT_MEMBERS_MAX, CHAT_TITLE_MAX};
use ratusz_domain::validate::{self as rules, Invalid};
use ratusz_platform::accounts_view;
use ratusz_platform::{response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

/// The audit action of a membership change (ids only, never contents).
const MEMBERS_CHANGED: &str = "chat.members_changed";

fn object(cid: &str) -> String {
    format!("chat_conversation:{cid}")
}

/// `GET /api/chat/conversations?cursor&limit`: the caller's conversations, the most recently
/// active first; `cursor` is the last id of the previous page.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let page = ctx.req.page_query()?;
    let ids = access::visible_ids(&env, &p)?;
    let rows = conversations::by_ids_newest_first(&env.db, &ids)?;
    let start = match &page.cursor {
        None => 0,
        Some(cursor) => rows
            .iter()
            .position(|c| &c.id == cursor)
            .map(|i| i + 1)
            .ok_or_else(|| ApiError::invalid_field("cursor", Invalid::format("cursor")))?,
    };
    let limit = page.limit as usize;
    let slice: Vec<&ConversationRow> = rows.iter().skip(start).take(limit).collect();
    let next_cursor = (start + slice.len() < rows.len())
        .then(|| slice.last().map(|c| c.id.clone()))
        .flatten();
    let items = slice
        .into_iter()
        .map(|c| views::conversation(&env, c, &p, true))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `POST /api/chat/conversations`: a direct conversation (201, or 200 with the existing one)
/// or a group (clerk, 201).
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    match ctx.req.json::<ConversationCreate>()? {
        ConversationCreate::Direct { user_id } => direct(&env, &p, &user_id),
        ConversationCreate::Group { title, member_ids } => {
            if !authz::allowed(&p.roles, Operation::ManageChatGroups) {
                return Err(ApiError::forbidden());
            }
            group(&env, &p, &title, &member_ids)
        }
    }
}

fn direct(env: &Env, p: &Principal, user_id: &str) -> Result<Response, ApiError> {
    let other = rules::id(user_id).map_err(|why| ApiError::invalid_field("user_id", why))?;
    if other == p.user_id {
        return Err(ApiError::invalid_field(
            "user_id",
            Invalid::rule("own_account"),
        ));
    }
    let account = accounts_view::with_roles_by_ids(&env.db, std::slice::from_ref(&other))?;
    if !account.first().is_some_and(may_chat) {
        return Err(refusal::unknown_account("user_id", &other));
    }
    let pair = direct_pair(&p.user_id, &other);
    if let Some(existing) = conversations::direct_by_pair(&env.db, &pair)? {
        return Ok(response::ok(&views::conversation(env, &existing, p, true)?));
    }
    let id = runtime::new_id();
    let inserted = env.db.transaction(|db| {
        let inserted = conversations::insert(
            db,
            &NewConversation {
                id: id.as_str(),
                kind: ConversationKind::Direct,
                title: None,
                direct_pair: Some(&pair),
                created_by: &p.user_id,
            },
            env.now,
        )?;
        if inserted {
            let seq = counter::next(db)?;
            members::add(db, id.as_str(), &p.user_id, seq, env.now)?;
            members::add(db, id.as_str(), &other, seq, env.now)?;
        }
        Ok::<_, ApiError>(inserted)
    })?;
    if inserted {
        marks::people_changed(&[&p.user_id, &other])?;
    }
    // Two first messages racing: the loser answers with the winner's conversation.
    let row = conversations::direct_by_pair(&env.db, &pair)?
        .ok_or_else(|| ApiError::internal("direct conversation missing"))?;
    let view = views::conversation(env, &row, p, true)?;
    Ok(if inserted {
        response::created(&view)
    } else {
        response::ok(&view)
    })
}

/// The members of a group: 1–500 distinct ids of active accounts with a chat role.
fn group_members(env: &Env, member_ids: &[String]) -> Result<Vec<String>, ApiError> {
    let ids = rules::distinct_ids(member_ids)
        .map_err(|why| ApiError::invalid_field("member_ids", why))?;
    if ids.is_empty() || ids.len() > CHAT_MEMBERS_MAX {
        return Err(ApiError::invalid_field(
            "member_ids",
            Invalid::out_of_range(1, CHAT_MEMBERS_MAX),
        ));
    }
    let found = accounts_view::with_roles_by_ids(&env.db, &ids)?;
    if let Some(missing) = ids
        .iter()
        .find(|id| !found.iter().any(|a| &a.account.id == *id && may_chat(a)))
    {
        return Err(refusal::unknown_account("member_ids", missing));
    }
    Ok(ids)
}

fn group_title(title: &str) -> Result<String, ApiError> {
    rules::text(title, CHAT_TITLE_MAX).map_err(|why| ApiError::invalid_field("title", why))
}

fn group(
    env: &Env,
    p: &Principal,
    title: &str,
    member_ids: &[String],
) -> Result<Response, ApiError> {
    let title = group_title(title)?;
    let ids = group_members(env, member_ids)?;
    let id = runtime::new_id();
    let cid = id.as_str();
    env.db.transaction(|db| {
        conversations::insert(
            db,
            &NewConversation {
                id: cid,
                kind: ConversationKind::Group,
                title: Some(&title),
                direct_pair: None,
                created_by: &p.user_id,
            },
            env.now,
        )?;
        let seq = counter::next(db)?;
        for member in &ids {
            members::add(db, cid, member, seq, env.now)?;
        }
        env.audit(
            &p.user_id,
            MEMBERS_CHANGED,
            &object(cid),
            serde_json::json!({ "added": ids, "removed": [] }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    marks::people_changed(&ids)?;
    let row =
        conversations::by_id(&env.db, cid)?.ok_or_else(|| ApiError::internal("group missing"))?;
    let member = ids.contains(&p.user_id);
    Ok(response::created(&views::conversation(
        env, &row, p, member,
    )?))
}

/// `GET /api/chat/conversations/{cid}`: members only.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = access::load_member(&env, &p)?;
    Ok(response::ok(&views::conversation(&env, &c, &p, true)?))
}

/// A group the caller manages (a clerk, member or not), and whether they are a member. A
/// non-member who is not a clerk gets 404 (no existence leaks); a member who is not a clerk
/// 403; a clerk on a direct conversation or the council channel they are in, 409.
fn managed_group(env: &Env, p: &Principal) -> Result<(ConversationRow, bool), ApiError> {
    let c = conversations::by_id(&env.db, env.param("cid")?)?.ok_or(ApiError::NotFound)?;
    let member = access::is_member(env, &c, p)?;
    let clerk = authz::allowed(&p.roles, Operation::ManageChatGroups);
    match (clerk, c.kind == ConversationKind::Group, member) {
        (true, true, _) => Ok((c, member)),
        (_, _, false) => Err(ApiError::NotFound),
        (true, false, true) => Err(refusal::not_a_group()),
        (false, _, true) => Err(ApiError::forbidden()),
    }
}

/// `PATCH /api/chat/conversations/{cid}` `{title}` (clerk, group).
pub fn patch(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let (c, member) = managed_group(&env, &p)?;
    let body: ConversationPatch = ctx.req.json()?;
    let title = group_title(&body.title)?;
    let seq = env.db.transaction(|db| {
        conversations::set_title(db, &c.id, &title)?;
        // Every member's cursor moves, so their polls name the conversation as changed.
        let seq = counter::next(db)?;
        members::touch_all(db, &c.id, seq)?;
        Ok::<_, ApiError>(seq)
    })?;
    marks::conversation_changed(&env.db, &c.id, seq)?;
    let row = conversations::by_id(&env.db, &c.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&views::conversation(&env, &row, &p, member)?))
}

/// `PUT /api/chat/conversations/{cid}/members` `{member_ids}` (clerk, group): the whole
/// list; the change is in the audit chain.
pub fn put_members(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let (c, _) = managed_group(&env, &p)?;
    let body: MembersPut = ctx.req.json()?;
    let wanted = group_members(&env, &body.member_ids)?;
    let moved = env.db.transaction(|db| {
        let current = members::of(db, &c.id)?;
        let added: Vec<String> = wanted
            .iter()
            .filter(|id| !current.contains(id))
            .cloned()
            .collect();
        let removed: Vec<String> = current
            .iter()
            .filter(|id| !wanted.contains(id))
            .cloned()
            .collect();
        if added.is_empty() && removed.is_empty() {
            return Ok::<_, ApiError>(None);
        }
        let seq = counter::next(db)?;
        for id in &added {
            members::add(db, &c.id, id, seq, env.now)?;
        }
        for id in &removed {
            members::remove(db, &c.id, id)?;
        }
        // Those who stay see the new member list: their cursors move too.
        members::touch_all(db, &c.id, seq)?;
        env.audit(
            &p.user_id,
            MEMBERS_CHANGED,
            &object(&c.id),
            serde_json::json!({ "added": added, "removed": removed }),
        )?;
        Ok(Some((seq, [added, removed].concat())))
    })?;
    if let Some((seq, moved)) = moved {
        marks::conversation_changed(&env.db, &c.id, seq)?;
        marks::people_changed(&moved)?;
    }
    let member = wanted.contains(&p.user_id);
    Ok(response::ok(&views::conversation(&env, &c, &p, member)?))
}
