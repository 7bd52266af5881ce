//! Picking a meeting's members: search the accounts (`GET /api/users?q=`, filtered to
//! councillors and chairs), add and remove. Where the caller may not list accounts (the users
//! list is an admin/support operation), an account id can be typed in instead.

use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::accounts::UserView;
use ratusz_domain::api::council::MemberView;
use ratusz_domain::validate::limits::{ID_MAX, SEARCH_MAX};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{setter, Field};
use crate::i18n::use_texts;
use crate::messages::error_message;

/// Props of [`MemberPicker`].
#[derive(Properties, PartialEq)]
pub struct MemberPickerProps {
    /// The chosen members.
    pub selected: Vec<MemberView>,
    /// Called with the new list.
    pub onchange: Callback<Vec<MemberView>>,
}

/// Whether an account can sit on a council body.
fn eligible(user: &UserView) -> bool {
    user.roles
        .iter()
        .any(|r| matches!(r, Role::Councillor | Role::Chair))
}

/// Search, results with "add", the chosen list with "remove".
#[component]
pub fn MemberPicker(props: &MemberPickerProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let query = use_state(String::new);
    let manual = use_state(String::new);
    let found = use_state(|| None::<Result<Vec<UserView>, ApiError>>);

    let search = {
        let (query, found) = (query.clone(), found.clone());
        Callback::from(move |_: MouseEvent| {
            let (q, found) = ((*query).clone(), found.clone());
            spawn_local(async move {
                found.set(Some(
                    api::users(&q, None)
                        .await
                        .map(|page| page.items.into_iter().filter(eligible).collect()),
                ));
            });
        })
    };
    let add = |member: MemberView| {
        let (selected, onchange) = (props.selected.clone(), props.onchange.clone());
        Callback::from(move |_: MouseEvent| {
            if !selected.iter().any(|m| m.user_id == member.user_id) {
                let mut next = selected.clone();
                next.push(member.clone());
                onchange.emit(next);
            }
        })
    };
    let add_manual = {
        let (manual, selected, onchange) = (
            manual.clone(),
            props.selected.clone(),
            props.onchange.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let id = manual.trim().to_owned();
            if !id.is_empty() && !selected.iter().any(|m| m.user_id == id) {
                let mut next = selected.clone();
                next.push(MemberView {
                    user_id: id.clone(),
                    name: id,
                });
                onchange.emit(next);
                manual.set(String::new());
            }
        })
    };
    let results = match &*found {
        None => html! {},
        Some(Err(e)) if e.status() == Some(403) => {
            html! { <p class="hint">{ t.members_no_search }</p> }
        }
        Some(Err(e)) => html! { <p class="form-error">{ error_message(e, texts) }</p> },
        Some(Ok(users)) if users.is_empty() => html! { <p>{ t.members_none_found }</p> },
        Some(Ok(users)) => html! {
            <ul class="item-list">
                { for users.iter().map(|u| {
                    let name = format!("{} {}", u.first_name, u.last_name);
                    let chosen = props.selected.iter().any(|m| m.user_id == u.id);
                    html! {
                        <li>
                            { format!("{name} ({})", u.email) }{ " " }
                            <button type="button" class="button button-secondary" disabled={chosen}
                                onclick={add(MemberView { user_id: u.id.clone(), name: name.clone() })}>
                                { t.add_member }<span class="visually-hidden">{ format!(": {name}") }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <fieldset class="fieldset">
            <legend>{ format!("{} ({})", t.members, props.selected.len()) }</legend>
            if props.selected.is_empty() {
                <p class="muted">{ t.members_empty }</p>
            } else {
                <ul class="item-list">
                    { for props.selected.iter().map(|m| {
                        let (selected, onchange, id) = (props.selected.clone(), props.onchange.clone(), m.user_id.clone());
                        let onclick = Callback::from(move |_: MouseEvent| {
                            onchange.emit(selected.iter().filter(|x| x.user_id != id).cloned().collect());
                        });
                        html! {
                            <li>{ m.name.clone() }{ " " }
                                <button type="button" class="button button-secondary" {onclick}>
                                    { t.remove }<span class="visually-hidden">{ format!(": {}", m.name) }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <Field id="member_search" label={t.member_search} kind="search" maxlength={SEARCH_MAX} value={(*query).clone()}
                oninput={setter(&query)} />
            <div class="button-row">
                <button type="button" class="button button-secondary" onclick={search}>{ texts.search_submit }</button>
            </div>
            { results }
            <Field id="member_id" label={t.member_id} maxlength={ID_MAX} value={(*manual).clone()} oninput={setter(&manual)}
                hint={t.member_id_hint} />
            <div class="button-row">
                <button type="button" class="button button-secondary" onclick={add_manual}>{ t.add_member }</button>
            </div>
        </fieldset>
    }
}
