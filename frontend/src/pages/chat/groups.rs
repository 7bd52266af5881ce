//! `/chat/groups` (the council office): every group from `GET /api/chat/groups`, those the
//! clerk is not in included, each with its members and the management of its title and
//! members. A group's messages stay with its members: for a group the clerk is not in there
//! is no link to open, only the sentence saying so (the server answers 404 anyway).

use ratusz_domain::api::chat::Conversation;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::manage::ManageGroup;
use crate::api::chat as chat_api;
use crate::api::ApiError;
use crate::app::Route;
use crate::chat::state::ChatAction;
use crate::components::chat_live::use_chat_live;
use crate::dom;
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::chat::chat_error;

/// The office's groups page.
#[component]
pub fn ChatGroupsPage() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let live = use_chat_live();
    let groups = use_state(|| None::<Vec<Conversation>>);
    let next = use_state(|| None::<String>);
    let error = use_state(|| None::<ApiError>);
    use_effect_with(lang, move |_| {
        dom::set_title(t.groups_title, texts.app_name)
    });

    let load = {
        let (groups, next, error) = (groups.clone(), next.clone(), error.clone());
        move |cursor: Option<String>| {
            let (groups, next, error) = (groups.clone(), next.clone(), error.clone());
            spawn_local(async move {
                match chat_api::groups(cursor.as_deref()).await {
                    Ok(page) => {
                        let mut all = if cursor.is_some() {
                            (*groups).clone().unwrap_or_default()
                        } else {
                            Vec::new()
                        };
                        all.extend(page.items);
                        groups.set(Some(all));
                        next.set(page.next_cursor);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    {
        let load = load.clone();
        use_effect_with((), move |_| load(None));
    }
    let me = live.as_ref().and_then(|l| l.me.clone()).unwrap_or_default();
    let dispatch = live.map(|l| l.dispatch).unwrap_or_default();
    let on_saved = {
        let (groups, me) = (groups.clone(), me.clone());
        Callback::from(move |saved: Conversation| {
            // A group the clerk is in is also in her own conversations.
            if saved.members.iter().any(|m| m.user_id == me) {
                dispatch.emit(ChatAction::Conversation(saved.clone()));
            }
            let mut all = (*groups).clone().unwrap_or_default();
            if let Some(slot) = all.iter_mut().find(|g| g.id == saved.id) {
                *slot = saved;
            }
            groups.set(Some(all));
        })
    };
    let items = groups.iter().flatten().map(|g| {
        let member = g.members.iter().any(|m| m.user_id == me);
        let heading = format!("chat-group-{}", g.id);
        let names = g.members.iter().map(|m| html! { <li>{ &m.name }</li> });
        html! {
            <li key={g.id.clone()}>
                <article class="chat-group" aria-labelledby={heading.clone()}>
                    <h2 id={heading}>{ g.title.clone().unwrap_or_default() }</h2>
                    if member {
                        <p>
                            { t.groups_member }{ " " }
                            <Link<Route> to={Route::ChatConversation { id: g.id.clone() }}>
                                { t.title }{ ": " }{ g.title.clone().unwrap_or_default() }
                            </Link<Route>>
                        </p>
                    } else {
                        <p>{ t.groups_not_member }</p>
                    }
                    <details class="chat-members">
                        <summary>{ format!("{} ({})", t.members, g.members.len()) }</summary>
                        <ul>{ for names }</ul>
                    </details>
                    <ManageGroup conversation={g.clone()} on_saved={Some(on_saved.clone())} />
                </article>
            </li>
        }
    });
    let body = match &*groups {
        None if error.is_none() => html! { <p role="status">{ texts.loading }</p> },
        None => html! {},
        Some(list) if list.is_empty() => html! { <p>{ t.groups_none }</p> },
        Some(_) => html! { <ul class="chat-group-list">{ for items }</ul> },
    };
    let more = next.as_ref().map(|cursor| {
        let (load, cursor) = (load.clone(), cursor.clone());
        Callback::from(move |_: MouseEvent| load(Some(cursor.clone())))
    });
    html! {
        <div class="chat chat-groups">
            <p class="chat-back"><Link<Route> to={Route::Chat}>{ t.back }</Link<Route>></p>
            <h1>{ t.groups_title }</h1>
            <p>{ t.groups_intro }</p>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p>
            }
            { body }
            if let Some(onclick) = more {
                <button type="button" class="button button-secondary" {onclick}>{ t.groups_more }</button>
            }
        </div>
    }
}
