//! The navigation's unread badge for the chat: the number of unread messages over every
//! conversation, with its meaning for screen readers; nothing when there are none.

use yew::prelude::*;

use crate::components::chat_live::use_chat_live;
use crate::i18n::{chat, use_lang};

/// The badge next to the chat link.
#[component]
pub fn ChatBadge() -> Html {
    let lang = use_lang();
    let unread = use_chat_live().map_or(0, |live| live.state.unread_total());
    if unread == 0 {
        return html! {};
    }
    html! {
        <span class="badge">
            <span class="visually-hidden">{ " (" }</span>
            { unread }
            <span class="visually-hidden">{ format!(" {})", chat::nav_label(lang).1) }</span>
        </span>
    }
}
