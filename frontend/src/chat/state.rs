//! What the chat screens know: the caller's conversations (the council-wide channel first,
//! then the most recently active), the messages loaded of each (oldest first), and the updates
//! cursor. Every answer of the API is merged here by one pure reducer, so a message that
//! arrives twice (the send's answer and the next poll) is shown once.

use std::collections::BTreeMap;
use std::rc::Rc;

use ratusz_domain::api::chat::{ChatUpdates, Conversation, ConversationKind, Message};
use ratusz_domain::api::Page;
use yew::Reducible;

/// The loaded messages of one conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thread {
    /// Oldest first, each id once.
    pub items: Vec<Message>,
    /// More messages exist before the first one (`before` = its id loads them).
    pub has_older: bool,
}

/// Everything the chat screens show from the server.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatState {
    /// The council-wide channel first, then the most recently active.
    pub conversations: Vec<Conversation>,
    /// Whether the list has been read (from the server or the kept copy).
    pub listed: bool,
    /// Loaded messages by conversation id.
    pub threads: BTreeMap<String, Thread>,
    /// The updates cursor (`since` of the next poll), once known.
    pub cursor: Option<String>,
    /// An update named a conversation not in the list (someone started one with the
    /// caller): the list must be read again.
    pub stale: bool,
}

/// A change to the state.
pub enum ChatAction {
    /// The first page of the list, in place of what was known.
    Listed(Vec<Conversation>),
    /// One conversation as the server now answers it (created, renamed, members set).
    Conversation(Conversation),
    /// A page of a conversation's messages (newest first, as the API answers).
    Page {
        /// Conversation id.
        cid: String,
        /// The page.
        page: Page<Message>,
    },
    /// One message as the server answered it (sent, edited).
    Message(Message),
    /// A message deleted by the caller.
    Deleted {
        /// Conversation id.
        cid: String,
        /// Message id.
        mid: String,
    },
    /// An answer of the updates poll.
    Updates(Box<ChatUpdates>),
    /// The caller read up to this message.
    Read {
        /// Conversation id.
        cid: String,
        /// Message id.
        mid: String,
    },
    /// The copy kept on this device (offline reading), when nothing fresher is known.
    Restore(Box<ChatState>),
    /// Someone else signed in (or nobody is): nothing of the previous person stays.
    Reset,
}

impl ChatState {
    /// The conversation with this id.
    pub fn conversation(&self, cid: &str) -> Option<&Conversation> {
        self.conversations.iter().find(|c| c.id == cid)
    }

    /// The sum of unread messages over every conversation (the navigation's badge).
    pub fn unread_total(&self) -> u32 {
        self.conversations.iter().map(|c| c.unread).sum()
    }

    /// Applies `action`.
    pub fn apply(&mut self, action: ChatAction) {
        match action {
            ChatAction::Listed(list) => {
                self.conversations = list;
                self.listed = true;
                self.stale = false;
            }
            ChatAction::Conversation(conversation) => self.upsert_conversation(conversation),
            ChatAction::Page { cid, page } => {
                let thread = self.threads.entry(cid).or_default();
                // Only a page reaching as far back as the thread does says whether more lie
                // before it (a re-read of the newest page says nothing about the oldest).
                let oldest = page.items.iter().map(|m| m.id.as_str()).min();
                let reaches_back = match (oldest, thread.items.first()) {
                    (Some(oldest), Some(first)) => oldest <= first.id.as_str(),
                    _ => true,
                };
                if reaches_back {
                    thread.has_older = page.next_cursor.is_some();
                }
                for message in page.items {
                    upsert(&mut thread.items, message);
                }
            }
            ChatAction::Message(message) => self.merge_message(message, false),
            ChatAction::Deleted { cid, mid } => {
                let hit = self
                    .threads
                    .get_mut(&cid)
                    .and_then(|t| t.items.iter_mut().find(|m| m.id == mid));
                if let Some(message) = hit {
                    message.deleted = true;
                    message.text.clear();
                    message.html.clear();
                    message.attachments.clear();
                }
            }
            ChatAction::Updates(updates) => self.merge_updates(*updates),
            ChatAction::Read { cid, mid } => {
                if let Some(c) = self.conversations.iter_mut().find(|c| c.id == cid) {
                    if c.read_up_to.as_deref() < Some(mid.as_str()) {
                        c.read_up_to = Some(mid);
                        c.unread = 0;
                        c.mentions_unread = 0;
                    }
                }
            }
            ChatAction::Reset => *self = ChatState::default(),
            ChatAction::Restore(kept) => {
                if !self.listed {
                    *self = *kept;
                    self.cursor = None;
                }
            }
        }
        self.order();
    }

    fn upsert_conversation(&mut self, conversation: Conversation) {
        match self
            .conversations
            .iter_mut()
            .find(|c| c.id == conversation.id)
        {
            Some(known) => *known = conversation,
            None => self.conversations.push(conversation),
        }
    }

    /// A new or changed message: into its thread if loaded, and the conversation's last
    /// message if it is the newest. `from_poll` marks the source of truth for counters.
    fn merge_message(&mut self, message: Message, from_poll: bool) {
        let Some(conversation) = self
            .conversations
            .iter_mut()
            .find(|c| c.id == message.conversation_id)
        else {
            if from_poll {
                self.stale = true;
            }
            return;
        };
        let newest = conversation
            .last_message
            .as_ref()
            .is_none_or(|last| last.id <= message.id);
        if newest {
            conversation.last_message = Some(Box::new(message.clone()));
        }
        if let Some(thread) = self.threads.get_mut(&message.conversation_id) {
            upsert(&mut thread.items, message);
        }
    }

    fn merge_updates(&mut self, updates: ChatUpdates) {
        for message in updates.messages.into_iter().chain(updates.changed) {
            self.merge_message(message, true);
        }
        for counts in updates.conversations {
            match self.conversations.iter_mut().find(|c| c.id == counts.id) {
                Some(c) => {
                    c.unread = counts.unread;
                    c.mentions_unread = counts.mentions_unread;
                    c.read_up_to = counts.read_up_to;
                }
                None => self.stale = true,
            }
        }
        self.cursor = Some(updates.cursor);
    }

    /// The council-wide channel first, then by the newest activity.
    fn order(&mut self) {
        self.conversations.sort_by(|a, b| {
            let council = |c: &Conversation| c.kind == ConversationKind::Council;
            council(b)
                .cmp(&council(a))
                .then_with(|| activity(b).cmp(&activity(a)))
        });
    }
}

/// When a conversation was last active: its newest message, else its creation.
fn activity(c: &Conversation) -> i64 {
    c.last_message
        .as_ref()
        .map_or(c.created_at, |m| m.created_at)
        .unix_ms()
}

/// Puts `message` in `items` (ordered by id, which sorts by time): replaces the one with its
/// id, or inserts it in its place.
fn upsert(items: &mut Vec<Message>, message: Message) {
    match items.binary_search_by(|m| m.id.as_str().cmp(message.id.as_str())) {
        Ok(at) => items[at] = message,
        Err(at) => items.insert(at, message),
    }
}

/// The state shared by the chat screens (a Yew reducer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chat(pub ChatState);

impl Reducible for Chat {
    type Action = ChatAction;

    fn reduce(self: Rc<Self>, action: ChatAction) -> Rc<Self> {
        let mut next = self.0.clone();
        next.apply(action);
        if next == self.0 {
            self
        } else {
            Rc::new(Chat(next))
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ratusz_domain::api::chat::{ChatPerson, ConversationCounts};
    use ratusz_domain::time::Timestamp;

    pub(crate) fn message(cid: &str, id: &str, at: i64, text: &str) -> Message {
        Message {
            id: id.into(),
            conversation_id: cid.into(),
            author: ChatPerson {
                user_id: "u_anna".into(),
                name: "Anna Nowak".into(),
            },
            text: text.into(),
            html: format!("<p>{text}</p>"),
            reply_to: None,
            attachments: vec![],
            mentions: vec![],
            created_at: Timestamp::from_unix_ms(at),
            edited_at: None,
            deleted: false,
        }
    }

    pub(crate) fn conversation(id: &str, kind: ConversationKind, at: i64) -> Conversation {
        Conversation {
            id: id.into(),
            kind,
            title: None,
            members: vec![],
            unread: 0,
            mentions_unread: 0,
            read_up_to: None,
            last_message: None,
            created_at: Timestamp::from_unix_ms(at),
        }
    }

    fn listed() -> ChatState {
        let mut state = ChatState::default();
        state.apply(ChatAction::Listed(vec![
            conversation("c_direct", ConversationKind::Direct, 30),
            conversation("c_council", ConversationKind::Council, 10),
            conversation("c_group", ConversationKind::Group, 20),
        ]));
        state
    }

    fn ids(state: &ChatState) -> Vec<&str> {
        state.conversations.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn the_council_channel_is_on_top_then_the_most_recently_active() {
        let mut state = listed();
        assert_eq!(ids(&state), ["c_council", "c_direct", "c_group"]);
        state.apply(ChatAction::Message(message("c_group", "m_05", 50, "hej")));
        assert_eq!(ids(&state), ["c_council", "c_group", "c_direct"]);
    }

    #[test]
    fn a_message_seen_twice_is_shown_once_in_order() {
        let mut state = listed();
        state.apply(ChatAction::Page {
            cid: "c_direct".into(),
            page: Page {
                items: vec![
                    message("c_direct", "m_03", 3, "trzy"),
                    message("c_direct", "m_01", 1, "jeden"),
                ],
                next_cursor: Some("m_01".into()),
            },
        });
        let sent = message("c_direct", "m_04", 4, "cztery");
        state.apply(ChatAction::Message(sent.clone()));
        state.apply(ChatAction::Updates(Box::new(ChatUpdates {
            cursor: "9".into(),
            messages: vec![sent, message("c_direct", "m_02", 2, "dwa")],
            changed: vec![],
            conversations: vec![],
            more: false,
        })));
        let thread = &state.threads["c_direct"];
        let texts: Vec<&str> = thread.items.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["jeden", "dwa", "trzy", "cztery"]);
        assert!(thread.has_older);
        assert_eq!(state.cursor.as_deref(), Some("9"));
        let last = state
            .conversation("c_direct")
            .and_then(|c| c.last_message.as_ref());
        assert_eq!(last.map(|m| m.id.as_str()), Some("m_04"));
    }

    #[test]
    fn edits_and_counts_from_the_poll_replace_what_was_known() {
        let mut state = listed();
        state.apply(ChatAction::Page {
            cid: "c_group".into(),
            page: Page {
                items: vec![message("c_group", "m_01", 1, "stary")],
                next_cursor: None,
            },
        });
        let mut edited = message("c_group", "m_01", 1, "nowy");
        edited.edited_at = Some(Timestamp::from_unix_ms(5));
        state.apply(ChatAction::Updates(Box::new(ChatUpdates {
            cursor: "2".into(),
            messages: vec![],
            changed: vec![edited],
            conversations: vec![ConversationCounts {
                id: "c_group".into(),
                unread: 3,
                mentions_unread: 1,
                read_up_to: None,
            }],
            more: false,
        })));
        assert_eq!(state.threads["c_group"].items[0].text, "nowy");
        assert!(!state.threads["c_group"].has_older);
        assert_eq!(state.unread_total(), 3);
        assert!(!state.stale);
        state.apply(ChatAction::Read {
            cid: "c_group".into(),
            mid: "m_01".into(),
        });
        assert_eq!(state.unread_total(), 0);
        // An older marker changes nothing (markers only move forward).
        state.apply(ChatAction::Read {
            cid: "c_group".into(),
            mid: "m_00".into(),
        });
        let group = state.conversation("c_group");
        assert_eq!(group.and_then(|c| c.read_up_to.as_deref()), Some("m_01"));
    }

    #[test]
    fn an_unknown_conversation_in_the_poll_asks_for_the_list_again() {
        let mut state = listed();
        state.apply(ChatAction::Updates(Box::new(ChatUpdates {
            cursor: "3".into(),
            messages: vec![message("c_new", "m_09", 9, "nowa rozmowa")],
            changed: vec![],
            conversations: vec![],
            more: false,
        })));
        assert!(state.stale);
        state.apply(ChatAction::Listed(vec![conversation(
            "c_new",
            ConversationKind::Direct,
            9,
        )]));
        assert!(!state.stale);
    }

    #[test]
    fn a_deletion_empties_the_message_but_keeps_its_place() {
        let mut state = listed();
        state.apply(ChatAction::Page {
            cid: "c_direct".into(),
            page: Page {
                items: vec![message("c_direct", "m_01", 1, "ups")],
                next_cursor: None,
            },
        });
        state.apply(ChatAction::Deleted {
            cid: "c_direct".into(),
            mid: "m_01".into(),
        });
        let m = &state.threads["c_direct"].items[0];
        assert!(m.deleted && m.text.is_empty() && m.html.is_empty());
    }

    #[test]
    fn the_kept_copy_never_replaces_an_answer_of_the_server() {
        let mut kept = listed();
        kept.cursor = Some("7".into());
        let mut state = ChatState::default();
        state.apply(ChatAction::Restore(Box::new(kept.clone())));
        assert_eq!(ids(&state), ids(&kept));
        assert_eq!(state.cursor, None);
        state.apply(ChatAction::Listed(vec![]));
        state.apply(ChatAction::Restore(Box::new(kept)));
        assert!(state.conversations.is_empty());
    }
}
