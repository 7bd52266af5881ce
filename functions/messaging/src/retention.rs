//! The chat's scheduled clean-up (docs/api/messaging.md § Messages, § Data at rest and
//! retention), one bounded batch of each per tick: uploads never joined to a message within
//! the hour, and messages older than `chat_retention_days` with everything hanging from them
//! (attachments, mentions, search tokens). The conversation, its members and their read
//! markers stay. A purge changes what members see (history, unread counts), so it moves their
//! cursors and the conversations' change marks as a deletion does — in the council channel
//! every role holder's, a row given to those who never had one.

use crate::access;
use crate::settings::Env;
use crate::store::{
    attachments, conversations as conversation_rows, counter, marks, members, mentions, messages,
    words,
};
use ratusz_domain::chat::retention::{
    unused_upload_cutoff, MESSAGE_PURGE_BATCH, UPLOAD_PURGE_BATCH,
};
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;
use std::collections::BTreeSet;

/// Deletes up to one batch of uploads not joined to a message within the hour; how many. No
/// member has seen them (an upload is its uploader's until a message takes it).
pub fn purge_unused_uploads(env: &Env) -> Result<u64, ApiError> {
    let cutoff = unused_upload_cutoff(env.now);
    let purged = env
        .db
        .transaction(|db| attachments::purge_unused(db, cutoff, UPLOAD_PURGE_BATCH))?;
    if purged > 0 {
        ratusz_platform::log::info(&format!("purged {purged} unused chat upload(s)"));
    }
    Ok(purged)
}

/// Deletes up to one batch of messages older than the retention; how many (none with
/// `chat_retention_days = 0`).
pub fn purge_old_messages(env: &Env) -> Result<usize, ApiError> {
    let Some(cutoff) = env.settings.retention.cutoff(env.now) else {
        return Ok(0);
    };
    let due = messages::sent_before(&env.db, cutoff, MESSAGE_PURGE_BATCH)?;
    if due.is_empty() {
        return Ok(0);
    }
    let ids: Vec<String> = due.iter().map(|(id, _)| id.clone()).collect();
    let conversations: BTreeSet<&str> = due.iter().map(|(_, cid)| cid.as_str()).collect();
    let seq = env.db.transaction(|db| {
        attachments::delete_of_messages(db, &ids)?;
        mentions::clear_messages(db, &ids)?;
        words::clear_messages(db, &ids)?;
        messages::purge(db, &ids)?;
        // Every member's cursor moves, so their polls recount the conversation.
        let seq = counter::next(db)?;
        for cid in &conversations {
            members::touch_all(db, cid, seq)?;
        }
        touch_council_members(env, db, &conversations, seq)?;
        Ok::<_, ApiError>(seq)
    })?;
    for cid in &conversations {
        marks::conversation_changed(&env.db, cid, seq)?;
    }
    ratusz_platform::log::info(&format!(
        "purged {} chat message(s) past the retention",
        ids.len()
    ));
    Ok(ids.len())
}

/// In the council channel membership is the role, and a member has a row only once they have
/// read something there: without one, their cursor counts only the channel's messages, which
/// a purge removes, so their poll would never see it. Every role holder gets a row at `seq`
/// (read inside the purge's transaction, so a role granted meanwhile waits for it).
fn touch_council_members(
    env: &Env,
    db: &Db,
    purged_in: &BTreeSet<&str>,
    seq: i64,
) -> Result<(), ApiError> {
    let Some(council) = conversation_rows::council(db)? else {
        return Ok(());
    };
    if !purged_in.contains(council.id.as_str()) {
        return Ok(());
    }
    let ids: Vec<String> = access::members_of(env, &council)?
        .into_iter()
        .map(|a| a.account.id)
        .collect();
    Ok(members::touch_people(db, &council.id, &ids, seq, env.now)?)
}
