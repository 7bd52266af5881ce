//! The conversation list: each conversation's name, its unread and mention counts, and the
//! start of its last message; the council-wide channel first.

use ratusz_domain::chat::text::excerpt;
use yew::prelude::*;
use yew_router::prelude::*;

use super::conversation_name;
use crate::app::Route;
use crate::components::chat_live::use_chat_live;
use crate::i18n::{chat, use_lang};
use crate::messages::format_timestamp;

/// Props of [`ConversationList`].
#[derive(Properties, PartialEq)]
pub struct ConversationListProps {
    /// The conversation open beside the list (marked `aria-current`).
    pub open: Option<AttrValue>,
}

/// The caller's conversations.
#[component]
pub fn ConversationList(props: &ConversationListProps) -> Html {
    let lang = use_lang();
    let t = chat::texts(lang);
    let Some(live) = use_chat_live() else {
        return html! {};
    };
    let me = live.me.clone().unwrap_or_default();
    let state = &live.state;
    let items = state.conversations.iter().map(|c| {
        let name = conversation_name(c, &me, t);
        let current = props.open.as_deref() == Some(c.id.as_str());
        let last = c.last_message.as_ref().map(|m| {
            let who = if m.author.user_id == me {
                t.you
            } else {
                m.author.name.as_str()
            };
            let body = if m.deleted {
                t.deleted.to_owned()
            } else {
                excerpt(&m.text)
            };
            html! {
                <span class="chat-last">
                    <span>{ format!("{who}: {body}") }</span>
                    <span class="chat-time">{ format_timestamp(m.created_at, lang) }</span>
                </span>
            }
        });
        let unread = (c.unread > 0).then(|| {
            html! {
                <span class="badge">{ t.unread.replace("{n}", &c.unread.to_string()) }</span>
            }
        });
        let mentions = (c.mentions_unread > 0).then(|| {
            html! {
                <span class="badge badge-mention">
                    { t.mentions.replace("{n}", &c.mentions_unread.to_string()) }
                </span>
            }
        });
        html! {
            <li class={classes!("chat-item", current.then_some("current"))}>
                <Link<Route> to={Route::ChatConversation { id: c.id.clone() }}>
                    <span class="chat-name">{ name }{ for unread }{ for mentions }</span>
                    { for last }
                </Link<Route>>
            </li>
        }
    });
    html! {
        <section class="chat-list" aria-labelledby="chat-list-heading">
            <h2 id="chat-list-heading">{ t.conversations }</h2>
            if state.conversations.is_empty() {
                <p>{ if state.listed { t.none } else { "" } }</p>
            } else {
                <ul>{ for items }</ul>
            }
        </section>
    }
}
