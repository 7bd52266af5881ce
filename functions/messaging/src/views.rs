//! Rows → the contract's shapes: bodies opened, names from the account directory, replies
//! with their excerpt, mentions, counters.

use crate::access;
use crate::body;
use crate::settings::Env;
use crate::store::conversations::ConversationRow;
use crate::store::messages::{self, MessageRow};
use crate::store::{attachments, members, mentions};
use ratusz_domain::api::chat::{
    Attachment, ChatPerson, Conversation, ConversationCounts, Message, ReplyRef,
};
use ratusz_domain::chat::text::excerpt;
use ratusz_platform::accounts_view;
use ratusz_platform::{ApiError, Principal};
use std::collections::{HashMap, HashSet};

/// Names of the accounts `ids` (an id the directory lacks shows as itself).
fn names(env: &Env, ids: &HashSet<String>) -> Result<HashMap<String, String>, ApiError> {
    let list: Vec<String> = ids.iter().cloned().collect();
    let mut found: HashMap<String, String> = accounts_view::with_roles_by_ids(&env.db, &list)?
        .into_iter()
        .map(|a| (a.account.id, a.account.display_name))
        .collect();
    for id in ids {
        found.entry(id.clone()).or_insert_with(|| id.clone());
    }
    Ok(found)
}

/// The messages as the contract shows them, in the order given.
pub fn messages(env: &Env, rows: Vec<MessageRow>) -> Result<Vec<Message>, ApiError> {
    let reply_ids: Vec<String> = rows.iter().filter_map(|m| m.reply_to.clone()).collect();
    let replied: HashMap<String, MessageRow> = messages::by_ids(&env.db, &reply_ids)?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let ids: Vec<String> = rows.iter().map(|m| m.id.clone()).collect();
    let mut mentioned: HashMap<String, Vec<String>> = HashMap::new();
    for (mid, user_id) in mentions::of_messages(&env.db, &ids)? {
        mentioned.entry(mid).or_default().push(user_id);
    }
    let mut files: HashMap<String, Vec<Attachment>> = HashMap::new();
    for file in attachments::of_messages(&env.db, &ids)? {
        if let Some(mid) = file.message_id.clone() {
            files
                .entry(mid)
                .or_default()
                .push(crate::attachments::view(&env.settings, &file)?);
        }
    }
    let people: HashSet<String> = rows
        .iter()
        .map(|m| m.author_id.clone())
        .chain(replied.values().map(|m| m.author_id.clone()))
        .collect();
    let names = names(env, &people)?;
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_else(|| id.to_owned());
    rows.into_iter()
        .map(|row| {
            let reply_to = match row.reply_to.as_deref().and_then(|id| replied.get(id)) {
                Some(answered) => Some(ReplyRef {
                    id: answered.id.clone(),
                    author_name: name_of(&answered.author_id),
                    excerpt: match &answered.sealed_body {
                        Some(sealed) => excerpt(
                            &body::open(
                                &env.settings,
                                &answered.conversation_id,
                                &answered.id,
                                sealed,
                            )?
                            .text,
                        ),
                        None => String::new(),
                    },
                }),
                None => None,
            };
            let (text, html) = match &row.sealed_body {
                Some(sealed) => {
                    let b = body::open(&env.settings, &row.conversation_id, &row.id, sealed)?;
                    (b.text, b.html)
                }
                None => (String::new(), String::new()),
            };
            let attachments = if row.deleted_at.is_some() {
                Vec::new()
            } else {
                files.remove(&row.id).unwrap_or_default()
            };
            Ok(Message {
                author: ChatPerson {
                    user_id: row.author_id.clone(),
                    name: name_of(&row.author_id),
                },
                mentions: mentioned.remove(&row.id).unwrap_or_default(),
                deleted: row.deleted_at.is_some(),
                id: row.id,
                conversation_id: row.conversation_id,
                text,
                html,
                reply_to,
                attachments,
                created_at: row.created_at,
                edited_at: row.edited_at,
            })
        })
        .collect()
}

/// One message as shown.
pub fn message(env: &Env, row: MessageRow) -> Result<Message, ApiError> {
    messages(env, vec![row])?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("message view missing"))
}

/// `p`'s counters in `c`.
pub fn counts(
    env: &Env,
    c: &ConversationRow,
    p: &Principal,
) -> Result<ConversationCounts, ApiError> {
    let marker = members::read_marker(&env.db, &c.id, &p.user_id)?;
    Ok(ConversationCounts {
        id: c.id.clone(),
        unread: messages::unread(&env.db, &c.id, &p.user_id, marker.as_deref())?,
        mentions_unread: mentions::unread(&env.db, &c.id, &p.user_id, marker.as_deref())?,
        read_up_to: marker,
    })
}

/// `c` as `p` sees it. `member = false` (a clerk managing a group they are not in): the
/// members and the title, never a message or a counter.
pub fn conversation(
    env: &Env,
    c: &ConversationRow,
    p: &Principal,
    member: bool,
) -> Result<Conversation, ApiError> {
    let people = access::members_of(env, c)?
        .into_iter()
        .map(|a| ChatPerson {
            user_id: a.account.id,
            name: a.account.display_name,
        })
        .collect();
    let (counts, last_message) = if member {
        let last = match messages::newest(&env.db, &c.id)? {
            Some(row) => Some(Box::new(message(env, row)?)),
            None => None,
        };
        (Some(counts(env, c, p)?), last)
    } else {
        (None, None)
    };
    Ok(Conversation {
        id: c.id.clone(),
        kind: c.kind,
        title: c.title.clone(),
        members: people,
        unread: counts.as_ref().map_or(0, |k| k.unread),
        mentions_unread: counts.as_ref().map_or(0, |k| k.mentions_unread),
        read_up_to: counts.and_then(|k| k.read_up_to),
        last_message,
        created_at: c.created_at,
    })
}
