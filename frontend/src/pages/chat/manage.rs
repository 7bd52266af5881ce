//! The office's management of a group: a new title, and the whole list of members (the
//! server records the change in the audit chain). A clerk manages a group without being in
//! it; the messages stay readable to members only.

use ratusz_domain::api::chat::Conversation;
use ratusz_domain::validate::limits::CHAT_TITLE_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::chat as chat_api;
use crate::api::ApiError;
use crate::chat::state::ChatAction;
use crate::components::account_picker::{AccountPicker, Offered, PickedAccount};
use crate::components::chat_live::use_chat_live;
use crate::components::form::{on_submit, setter, Field};
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::chat::chat_error;

/// Props of [`ManageGroup`].
#[derive(Properties, PartialEq)]
pub struct ManageGroupProps {
    /// The group.
    pub conversation: Conversation,
    /// Told of the group as saved; without it the chat's shared state takes it (the open
    /// conversation of a member). The office's list of groups keeps its own.
    #[prop_or_default]
    pub on_saved: Option<Callback<Conversation>>,
}

/// Rename a group and set its members.
#[component]
pub fn ManageGroup(props: &ManageGroupProps) -> Html {
    let texts = use_texts();
    let t = chat::texts(use_lang());
    let dispatch = use_chat_live().map(|l| l.dispatch).unwrap_or_default();
    let c = &props.conversation;
    let title = use_state(|| c.title.clone().unwrap_or_default());
    let members = use_state(|| {
        c.members
            .iter()
            .map(|m| PickedAccount {
                id: m.user_id.clone(),
                name: m.name.clone(),
            })
            .collect::<Vec<_>>()
    });
    let outcome = use_state(|| None::<Result<(), ApiError>>);
    let busy = use_state(|| false);

    let answered = {
        let (dispatch, outcome, busy) = (dispatch.clone(), outcome.clone(), busy.clone());
        let on_saved = props.on_saved.clone();
        move |result: Result<Conversation, ApiError>| {
            busy.set(false);
            match result {
                Ok(c) => {
                    match &on_saved {
                        Some(on_saved) => on_saved.emit(c),
                        None => dispatch.emit(ChatAction::Conversation(c)),
                    }
                    outcome.set(Some(Ok(())));
                }
                Err(e) => outcome.set(Some(Err(e))),
            }
        }
    };
    let rename = {
        let (title, busy, answered, id) =
            (title.clone(), busy.clone(), answered.clone(), c.id.clone());
        on_submit(move || {
            let (answered, id, text) = (answered.clone(), id.clone(), title.trim().to_owned());
            busy.set(true);
            spawn_local(async move { answered(chat_api::rename(&id, text).await) });
        })
    };
    let save_members = {
        let (members, busy, id) = (members.clone(), busy.clone(), c.id.clone());
        on_submit(move || {
            let (answered, id) = (answered.clone(), id.clone());
            let ids = members.iter().map(|m| m.id.clone()).collect();
            busy.set(true);
            spawn_local(async move { answered(chat_api::set_members(&id, ids).await) });
        })
    };
    let onchange = {
        let members = members.clone();
        Callback::from(move |picked| members.set(picked))
    };
    let said = match &*outcome {
        Some(Ok(())) => html! { <p role="status">{ t.saved }</p> },
        Some(Err(e)) => {
            html! { <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p> }
        }
        None => html! { <p role="status"></p> },
    };
    html! {
        <details class="chat-manage">
            <summary>{ t.group_manage }</summary>
            <form onsubmit={rename}>
                <Field id={format!("chat-manage-title-{}", c.id)} label={t.group_title} value={(*title).clone()}
                    oninput={setter(&title)} maxlength={CHAT_TITLE_MAX} required=true />
                <button type="submit" class="button" disabled={*busy}>{ t.group_rename }</button>
            </form>
            <form onsubmit={save_members}>
                <AccountPicker id={format!("chat-manage-members-{}", c.id)} legend={t.group_members}
                    offered={Offered::Everyone} multiple=true selected={(*members).clone()}
                    {onchange} filter_label={t.members_filter} none_found={t.members_none_found}
                    no_access={t.members_no_access} none_chosen={t.members_none_chosen} />
                <button type="submit" class="button" disabled={*busy}>{ t.group_save_members }</button>
            </form>
            { said }
        </details>
    }
}
