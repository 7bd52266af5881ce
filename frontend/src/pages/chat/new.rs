//! Starting a conversation: a direct one with a person picked by name (among the people of
//! the caller's conversations — the council channel holds the whole council; only the office
//! may list accounts), and for the council office a group with a title and members picked
//! from the accounts.

use ratusz_domain::api::chat::{ChatPerson, ConversationCreate};
use ratusz_domain::validate::limits::CHAT_TITLE_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::chat as chat_api;
use crate::api::ApiError;
use crate::app::Route;
use crate::chat::mention::matching;
use crate::chat::state::{ChatAction, ChatState};
use crate::components::account_picker::{AccountPicker, Offered, PickedAccount};
use crate::components::chat_live::use_chat_live;
use crate::components::form::{on_submit, setter, Field};
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::chat::chat_error;

/// At most this many people are offered at once: more means "type more".
const SHOWN_MAX: usize = 20;

/// Everyone the caller meets in their conversations, once each.
pub fn known_people(state: &ChatState) -> Vec<ChatPerson> {
    let mut people: Vec<ChatPerson> = Vec::new();
    for member in state.conversations.iter().flat_map(|c| &c.members) {
        if !people.iter().any(|p| p.user_id == member.user_id) {
            people.push(member.clone());
        }
    }
    people
}

/// Props of [`NewConversation`].
#[derive(Properties, PartialEq)]
pub struct NewConversationProps {
    /// The caller is of the council office (may create groups).
    pub clerk: bool,
}

/// "New conversation" and, for the office, "New group".
#[component]
pub fn NewConversation(props: &NewConversationProps) -> Html {
    let texts = use_texts();
    let t = chat::texts(use_lang());
    let live = use_chat_live();
    let navigator = use_navigator();
    let filter = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let Some(live) = live else {
        return html! {};
    };
    let me = live.me.clone().unwrap_or_default();
    let people = known_people(&live.state);
    let found: Vec<ChatPerson> = if filter.trim().is_empty() {
        Vec::new()
    } else {
        matching(&people, &me, &filter)
            .into_iter()
            .take(SHOWN_MAX)
            .cloned()
            .collect()
    };
    let start = |person: &ChatPerson| {
        let (dispatch, navigator, error) =
            (live.dispatch.clone(), navigator.clone(), error.clone());
        let user_id = person.user_id.clone();
        Callback::from(move |_: MouseEvent| {
            let (dispatch, navigator, error) = (dispatch.clone(), navigator.clone(), error.clone());
            let body = ConversationCreate::Direct {
                user_id: user_id.clone(),
            };
            spawn_local(async move {
                match chat_api::create_conversation(&body).await {
                    Ok(c) => {
                        let id = c.id.clone();
                        dispatch.emit(ChatAction::Conversation(c));
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::ChatConversation { id });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let options = found.iter().map(|p| {
        html! {
            <li>
                <button type="button" class="button button-secondary" onclick={start(p)}>
                    <span class="visually-hidden">{ t.write_to }{ " " }</span>{ &p.name }
                </button>
            </li>
        }
    });
    html! {
        <>
            <section class="chat-new" aria-labelledby="chat-new-heading">
                <h2 id="chat-new-heading">{ t.new_heading }</h2>
                <Field id="chat-new-filter" label={t.new_direct_filter} value={(*filter).clone()}
                    oninput={setter(&filter)} kind="search" hint={t.new_direct_hint}
                    autocomplete="off" />
                if !filter.trim().is_empty() && found.is_empty() {
                    <p role="status">{ t.new_direct_none }</p>
                }
                <ul class="chat-people">{ for options }</ul>
                if let Some(e) = &*error {
                    <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p>
                }
            </section>
            if props.clerk {
                <NewGroup />
            }
        </>
    }
}

/// The office's "New group": a title and members picked from the accounts.
#[component]
fn NewGroup() -> Html {
    let texts = use_texts();
    let t = chat::texts(use_lang());
    let live = use_chat_live();
    let navigator = use_navigator();
    let title = use_state(String::new);
    let members = use_state(Vec::<PickedAccount>::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let me = live.as_ref().and_then(|l| l.me.clone()).unwrap_or_default();
    let dispatch = live.map(|l| l.dispatch).unwrap_or_default();
    let onsubmit = {
        let (title, members, error, busy) =
            (title.clone(), members.clone(), error.clone(), busy.clone());
        on_submit(move || {
            let body = ConversationCreate::Group {
                title: title.trim().to_owned(),
                member_ids: members.iter().map(|m| m.id.clone()).collect(),
            };
            let (dispatch, navigator, error, busy) = (
                dispatch.clone(),
                navigator.clone(),
                error.clone(),
                busy.clone(),
            );
            let (title, members, me) = (title.clone(), members.clone(), me.clone());
            busy.set(true);
            spawn_local(async move {
                match chat_api::create_conversation(&body).await {
                    Ok(c) => {
                        let id = c.id.clone();
                        // Not a member: the group is managed from the office's list, and
                        // its messages are not the clerk's to open.
                        let member = c.members.iter().any(|m| m.user_id == me);
                        title.set(String::new());
                        members.set(Vec::new());
                        error.set(None);
                        let next = if member {
                            dispatch.emit(ChatAction::Conversation(c));
                            Route::ChatConversation { id }
                        } else {
                            Route::ChatGroups
                        };
                        if let Some(navigator) = navigator {
                            navigator.push(&next);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    let onchange = {
        let members = members.clone();
        Callback::from(move |picked| members.set(picked))
    };
    html! {
        <section class="chat-new" aria-labelledby="chat-group-heading">
            <h2 id="chat-group-heading">{ t.group_heading }</h2>
            <form {onsubmit}>
                <Field id="chat-group-title" label={t.group_title} value={(*title).clone()}
                    oninput={setter(&title)} maxlength={CHAT_TITLE_MAX} required=true />
                <AccountPicker id="chat-group-members" legend={t.group_members}
                    offered={Offered::Everyone} multiple=true selected={(*members).clone()}
                    {onchange} filter_label={t.members_filter} none_found={t.members_none_found}
                    no_access={t.members_no_access} none_chosen={t.members_none_chosen} />
                if let Some(e) = &*error {
                    <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p>
                }
                <button type="submit" class="button" disabled={*busy}>{ t.group_create }</button>
            </form>
        </section>
    }
}
