//! `GET/POST /api/chat/conversations/{cid}/messages`, `PATCH/DELETE …/messages/{mid}`:
//! members read and write; the author edits or deletes within 15 minutes.

use crate::access::{self, chatter};
use crate::attachments::UNUSED_TTL_MS;
use crate::compose::compose;
use crate::refusal;
use crate::settings::Env;
use crate::store::messages::{self, NewMessage};
use crate::store::{attachments, conversations, counter, marks, mentions, words};
use crate::views;
use ratusz_domain::api::chat::{
    Attachment, ChatPerson, Message, MessageCreate, MessageEdit, ReplyRef,
};
use ratusz_domain::api::page::page_limit;
use ratusz_domain::api::Page;
use ratusz_domain::chat::edit_window::may_change;
use ratusz_domain::chat::text::excerpt;
use ratusz_domain::validate::limits::{CHAT_ATTACHMENTS_PER_MESSAGE_MAX, CHAT_PAGE_MAX};
use ratusz_domain::validate::{self as rules, Invalid};
use ratusz_platform::accounts_view;
use ratusz_platform::db::Db;
use ratusz_platform::{idempotency, response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// `limit` of a message page: 1–100, default 50.
fn limit(ctx: &Ctx) -> Result<u32, ApiError> {
    let out_of_range = || ApiError::invalid_field("limit", Invalid::out_of_range(1, CHAT_PAGE_MAX));
    match page_limit(ctx.req.query_param("limit").as_deref()) {
        Ok(n) if n <= CHAT_PAGE_MAX => Ok(n),
        _ => Err(out_of_range()),
    }
}

/// `GET …/messages?before=<message id>&limit`: newest first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = access::load_member(&env, &p)?;
    let before = match ctx.req.query_param("before").filter(|b| !b.is_empty()) {
        Some(b) => Some(rules::id(&b).map_err(|why| ApiError::invalid_field("before", why))?),
        None => None,
    };
    let limit = limit(ctx)?;
    let rows = messages::page(&env.db, &c.id, before.as_deref(), limit)?;
    let next_cursor = (rows.len() == limit as usize)
        .then(|| rows.last().map(|m| m.id.clone()))
        .flatten();
    let items = views::messages(&env, rows)?;
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `POST …/messages` `{text, reply_to?, attachment_ids?}` → 201 Message. With an
/// `Idempotency-Key`, a retry (the offline queue's) gets the first answer: one copy.
pub fn post(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = access::load_member(&env, &p)?;
    let input: MessageCreate = ctx.req.json()?;
    let file_ids = requested_uploads(input.attachment_ids.as_deref())?;
    let reply_to = match input.reply_to.as_deref() {
        Some(id) => {
            let id = rules::id(id).map_err(|why| ApiError::invalid_field("reply_to", why))?;
            let answered = messages::by_id(&env.db, &c.id, &id)?
                .ok_or_else(|| ApiError::invalid_field("reply_to", Invalid::unknown_reference()))?;
            Some(answered)
        }
        None => None,
    };
    let mid = runtime::new_id();
    let composed = compose(&env, &c, mid.as_str(), &input.text)?;
    let author_name =
        accounts_view::display_name(&env.db, &p.user_id)?.unwrap_or_else(|| p.user_id.clone());
    let reply_ref = match &reply_to {
        Some(answered) => Some(views::messages(&env, vec![answered.clone()])?)
            .and_then(|v| v.into_iter().next())
            .map(|m| ReplyRef {
                excerpt: excerpt(&m.text),
                id: m.id,
                author_name: m.author.name,
            }),
        None => None,
    };
    let mut message = Message {
        id: mid.as_str().to_owned(),
        conversation_id: c.id.clone(),
        author: ChatPerson {
            user_id: p.user_id.clone(),
            name: author_name.clone(),
        },
        text: composed.body.text.clone(),
        html: composed.body.html.clone(),
        reply_to: reply_ref,
        attachments: Vec::new(),
        mentions: composed.mentions.clone(),
        created_at: env.now,
        edited_at: None,
        deleted: false,
    };
    let scope = format!(
        "user:{} POST /api/chat/conversations/{}/messages",
        p.user_id, c.id
    );
    // Only the first answer announces the message (its change number); a replayed retry
    // does not mark or push again. The uploads are checked only on a first answer: a retry
    // after an answer lost on the way names files its first copy already took, and must get
    // that copy back, not a refusal.
    let mut fresh = None;
    let answer = idempotency::run(&env.db, ctx.req, &scope, env.now, |db| {
        message.attachments = free_uploads(&env, db, &c.id, &p.user_id, &file_ids)?;
        let seq = counter::next(db)?;
        fresh = Some(seq);
        messages::insert(
            db,
            &NewMessage {
                id: &message.id,
                conversation_id: &c.id,
                author_id: &p.user_id,
                sealed_body: &composed.sealed,
                reply_to: reply_to.as_ref().map(|m| m.id.as_str()),
            },
            seq,
            env.now,
        )?;
        mentions::set(db, &c.id, &message.id, &composed.mentions)?;
        words::set(db, &c.id, &message.id, &composed.tokens)?;
        for file in &message.attachments {
            let since = env.now.plus_ms(-UNUSED_TTL_MS);
            if !attachments::claim(db, &c.id, &file.id, &p.user_id, &message.id, since)? {
                return Err(refused_upload(&file.id));
            }
        }
        conversations::touch(db, &c.id, env.now)?;
        Ok(response::created(&message))
    })?;
    if let Some(seq) = fresh {
        marks::conversation_changed(&env.db, &c.id, seq)?;
        crate::push::announce_message(&env, &c, &p.user_id, &author_name, &composed.mentions);
    }
    Ok(answer)
}

/// An attachment that is not the caller's free upload of this conversation from the last
/// hour: never uploaded, someone else's, already sent, or older than the hour (purged or
/// about to be). The offline queue uploads its kept copy again and resends.
fn refused_upload(aid: &str) -> ApiError {
    ApiError::invalid_field(
        "attachment_ids",
        Invalid::unknown_reference().with("id", aid),
    )
}

/// The upload ids a new message names: distinct, at most ten.
fn requested_uploads(ids: Option<&[String]>) -> Result<Vec<String>, ApiError> {
    let ids = rules::distinct_ids(ids.unwrap_or_default())
        .map_err(|why| ApiError::invalid_field("attachment_ids", why))?;
    if ids.len() > CHAT_ATTACHMENTS_PER_MESSAGE_MAX {
        return Err(ApiError::invalid_field(
            "attachment_ids",
            Invalid::out_of_range(0, CHAT_ATTACHMENTS_PER_MESSAGE_MAX),
        ));
    }
    Ok(ids)
}

/// The uploads `ids` as the answer shows them, each the caller's, in this conversation, not
/// yet sent, from the last hour (inside the sending transaction; the claim checks again).
fn free_uploads(
    env: &Env,
    db: &Db,
    cid: &str,
    user_id: &str,
    ids: &[String],
) -> Result<Vec<Attachment>, ApiError> {
    let since = env.now.plus_ms(-UNUSED_TTL_MS);
    ids.iter()
        .map(|aid| match attachments::by_id(db, cid, aid)? {
            Some(row)
                if row.uploader_id == user_id
                    && row.message_id.is_none()
                    && row.created_at >= since =>
            {
                crate::attachments::view(&env.settings, &row)
            }
            _ => Err(refused_upload(aid)),
        })
        .collect()
}

/// The message `:mid` of the caller's conversation, if the caller may still change it.
fn changeable(
    env: &Env,
) -> Result<
    (
        crate::store::conversations::ConversationRow,
        messages::MessageRow,
    ),
    ApiError,
> {
    let p = chatter(env)?;
    let c = access::load_member(env, &p)?;
    let m = messages::by_id(&env.db, &c.id, env.param("mid")?)?.ok_or(ApiError::NotFound)?;
    may_change(
        &m.author_id,
        &p.user_id,
        m.created_at,
        m.deleted_at.is_some(),
        env.now,
    )
    .map_err(refusal::change)?;
    Ok((c, m))
}

/// `PATCH …/messages/{mid}` `{text}` → 200 Message with `edited_at`.
pub fn edit(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (c, m) = changeable(&env)?;
    let input: MessageEdit = ctx.req.json()?;
    let composed = compose(&env, &c, &m.id, &input.text)?;
    let seq = env.db.transaction(|db| {
        let seq = counter::next(db)?;
        messages::edit(db, &m.id, &composed.sealed, seq, env.now)?;
        mentions::set(db, &c.id, &m.id, &composed.mentions)?;
        words::set(db, &c.id, &m.id, &composed.tokens)?;
        Ok::<_, ApiError>(seq)
    })?;
    marks::conversation_changed(&env.db, &c.id, seq)?;
    let row = messages::by_id(&env.db, &c.id, &m.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&views::message(&env, row)?))
}

/// `DELETE …/messages/{mid}` → 204: the text, rendering, mentions and index entries go; the
/// id, author and time stay.
pub fn delete(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (c, m) = changeable(&env)?;
    let seq = env.db.transaction(|db| {
        let seq = counter::next(db)?;
        messages::delete(db, &m.id, seq, env.now)?;
        attachments::delete_of_message(db, &m.id)?;
        mentions::clear(db, &m.id)?;
        words::clear(db, &m.id)?;
        Ok::<_, ApiError>(seq)
    })?;
    marks::conversation_changed(&env.db, &c.id, seq)?;
    Ok(response::no_content())
}
