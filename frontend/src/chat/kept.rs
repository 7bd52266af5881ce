//! The copy of the chat kept on this device for reading offline: the most recently active
//! conversations and the newest messages loaded of each, as the server last answered them,
//! in `localStorage` with the account id and the moment it was kept. Only the person signed
//! in reads it; every sign-in and sign-out forgets it (`offline_copies.rs`), as the meeting
//! copies of the service worker (`docs/decisions.md`, "Chat offline").

use ratusz_domain::api::chat::{Conversation, Message};
use ratusz_domain::time::Timestamp;
use serde::{Deserialize, Serialize};

use super::state::{ChatState, Thread};
use crate::dom;

/// The `localStorage` key (`offline_copies::CHAT_KEYS` forgets it).
pub const KEY: &str = "ratusz.chat.kept";
/// Conversations kept: the most recent ones (the council channel is always first).
const CONVERSATIONS_KEPT: usize = 20;
/// Messages kept of each: the newest.
const MESSAGES_KEPT: usize = 50;

#[derive(Serialize, Deserialize)]
struct Stored {
    user_id: String,
    kept_at: Timestamp,
    conversations: Vec<Conversation>,
    threads: Vec<(String, Vec<Message>, bool)>,
}

/// What is kept of `state`: its first conversations with their newest messages.
fn shrink(user_id: &str, state: &ChatState, now: Timestamp) -> Stored {
    let conversations: Vec<Conversation> = state
        .conversations
        .iter()
        .take(CONVERSATIONS_KEPT)
        .cloned()
        .collect();
    let threads = conversations
        .iter()
        .filter_map(|c| {
            let thread = state.threads.get(&c.id)?;
            let skip = thread.items.len().saturating_sub(MESSAGES_KEPT);
            let older = thread.has_older || skip > 0;
            Some((c.id.clone(), thread.items[skip..].to_vec(), older))
        })
        .collect();
    Stored {
        user_id: user_id.to_owned(),
        kept_at: now,
        conversations,
        threads,
    }
}

/// The kept state of `user_id` and when it was kept, from the stored text.
fn read(text: Option<&str>, user_id: &str) -> Option<(ChatState, Timestamp)> {
    let stored: Stored = serde_json::from_str(text?).ok()?;
    if stored.user_id != user_id {
        return None;
    }
    let threads = stored
        .threads
        .into_iter()
        .map(|(cid, items, has_older)| (cid, Thread { items, has_older }))
        .collect();
    let state = ChatState {
        conversations: stored.conversations,
        listed: true,
        threads,
        cursor: None,
        stale: false,
    };
    Some((state, stored.kept_at))
}

/// Keeps `state` as the copy of `user_id`.
pub fn keep(user_id: &str, state: &ChatState, now: Timestamp) {
    if let Ok(text) = serde_json::to_string(&shrink(user_id, state, now)) {
        dom::store(KEY, &text);
    }
}

/// The copy of `user_id`, if this device keeps one.
pub fn recall(user_id: &str) -> Option<(ChatState, Timestamp)> {
    read(dom::stored(KEY).as_deref(), user_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::state::tests::{conversation, message};
    use crate::chat::state::ChatAction;
    use ratusz_domain::api::chat::ConversationKind;
    use ratusz_domain::api::Page;

    #[test]
    fn the_newest_messages_are_kept_for_their_owner_only() {
        let mut state = ChatState::default();
        state.apply(ChatAction::Listed(vec![conversation(
            "c1",
            ConversationKind::Direct,
            1,
        )]));
        let items = (0..60)
            .rev()
            .map(|i| message("c1", &format!("m_{i:03}"), i, "x"))
            .collect();
        state.apply(ChatAction::Page {
            cid: "c1".into(),
            page: Page {
                items,
                next_cursor: None,
            },
        });
        let text =
            serde_json::to_string(&shrink("u1", &state, Timestamp::from_unix_ms(7))).unwrap();
        let (back, at) = read(Some(&text), "u1").unwrap();
        let thread = &back.threads["c1"];
        assert_eq!(thread.items.len(), MESSAGES_KEPT);
        assert_eq!(thread.items[0].id, "m_010");
        assert!(thread.has_older);
        assert_eq!(at, Timestamp::from_unix_ms(7));
        assert!(read(Some(&text), "u2").is_none());
    }
}
