//! The council's chat (`/chat`, `/chat/:id`; office bundle, `crate::bundle`): the
//! conversation list beside the open conversation on a tablet in landscape, one above the
//! other in portrait, and one at a time on a phone. Everything live comes from
//! `components::chat_live` (one poll for the whole app, the offline queue, the kept copy).
//! Beside the list: the search, new conversations, this browser's push opt-in, and for the
//! council office the link to every group (`/chat/groups`, `groups.rs`).

mod attach;
mod composer;
mod groups;
mod list;
mod manage;
mod message;
mod new;
mod push;
mod search;
mod thread;

use ratusz_domain::api::chat::{Conversation, ConversationKind};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::auth::CLERKS;
use crate::components::auth::use_auth_state;
use crate::components::chat_live::use_chat_live;
use crate::dom;
use crate::i18n::chat::{self, ChatTexts};
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;

pub use groups::ChatGroupsPage;
use list::ConversationList;
use new::NewConversation;
use push::PushOptIn;
use search::ChatSearch;
use thread::ConversationView;

/// Props of [`ChatPage`].
#[derive(Properties, PartialEq)]
pub struct ChatPageProps {
    /// The open conversation, if any.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// The chat page.
#[component]
pub fn ChatPage(props: &ChatPageProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let auth = use_auth_state();
    let clerk = auth.session().is_some_and(|s| s.has_any(CLERKS));
    let live = use_chat_live();
    use_effect_with(lang, move |_| dom::set_title(t.title, texts.app_name));
    let Some(live) = live.filter(|l| l.me.is_some()) else {
        return html! { <p role="status">{ texts.loading }</p> };
    };
    let open = props.id.clone();
    let classes = classes!("chat", open.as_ref().map(|_| "chat-open"));
    let copy_note = live.offline_copy.map(|at| {
        html! {
            <p class="notice" role="status">
                { t.offline_copy.replace("{at}", &format_timestamp(at, lang)) }
            </p>
        }
    });
    html! {
        <div class={classes}>
            <h1>{ t.title }</h1>
            { for copy_note }
            <div class="chat-columns">
                <div class="chat-side">
                    <ConversationList open={open.clone()} />
                    <ChatSearch />
                    <NewConversation {clerk} />
                    if clerk {
                        <p><Link<Route> to={Route::ChatGroups}>{ t.groups_link }</Link<Route>></p>
                    }
                    <PushOptIn />
                </div>
                if let Some(id) = open {
                    <ConversationView {id} {clerk} />
                }
            </div>
        </div>
    }
}

/// What a conversation is called: its title; the other person for a direct one; the
/// channel's name for the council's.
pub fn conversation_name(c: &Conversation, me: &str, t: &ChatTexts) -> String {
    let others = || {
        c.members
            .iter()
            .filter(|m| m.user_id != me)
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (c.kind, &c.title) {
        (ConversationKind::Direct, _) | (ConversationKind::Group, None) => others(),
        (ConversationKind::Council, None) => t.council_channel.to_owned(),
        (_, Some(title)) => title.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chat::state::tests::conversation;
    use crate::i18n::Lang;
    use ratusz_domain::api::chat::ChatPerson;

    #[test]
    fn names_of_conversations() {
        let t = chat::texts(Lang::Pl);
        let mut direct = conversation("c1", ConversationKind::Direct, 1);
        direct.members = vec![
            ChatPerson {
                user_id: "me".into(),
                name: "Ewa Zając".into(),
            },
            ChatPerson {
                user_id: "a".into(),
                name: "Anna Nowak".into(),
            },
        ];
        assert_eq!(conversation_name(&direct, "me", t), "Anna Nowak");
        let council = conversation("c2", ConversationKind::Council, 1);
        assert_eq!(conversation_name(&council, "me", t), "Cała rada");
        let mut group = conversation("c3", ConversationKind::Group, 1);
        group.title = Some("Komisja Budżetowa".into());
        assert_eq!(conversation_name(&group, "me", t), "Komisja Budżetowa");
    }
}
