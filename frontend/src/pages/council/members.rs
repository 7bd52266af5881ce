//! Picking a meeting's members: every account that can sit on a council body (councillors
//! and chairs, `GET /api/users`, all pages) as a checkbox list with a name filter, so the
//! clerk ticks several at once. Where the caller may not list accounts, it says so.

use ratusz_domain::api::accounts::{Role, UserView};
use ratusz_domain::api::council::MemberView;
use ratusz_domain::validate::limits::SEARCH_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{error_id, setter, Checkbox, Field};
use crate::i18n::use_texts;
use crate::messages::error_message;

/// Props of [`MemberPicker`].
#[derive(Properties, PartialEq)]
pub struct MemberPickerProps {
    /// The chosen members.
    pub selected: Vec<MemberView>,
    /// Called with the new list.
    pub onchange: Callback<Vec<MemberView>>,
    /// The server's or the form's refusal of the member list.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// Whether an account can sit on a council body.
fn eligible(user: &UserView) -> bool {
    user.roles
        .iter()
        .any(|r| matches!(r, Role::Councillor | Role::Chair))
}

/// "Anna Radna".
fn full_name(user: &UserView) -> String {
    format!("{} {}", user.first_name, user.last_name)
}

/// Whether `user` matches the filter: every word of it in the name or e-mail, any case.
fn matches(user: &UserView, filter: &str) -> bool {
    let haystack = format!("{} {}", full_name(user), user.email).to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// Every eligible account, following the pages (a council is tens of people).
async fn eligible_accounts() -> Result<Vec<UserView>, ApiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = api::users("", cursor.as_deref()).await?;
        out.extend(page.items.into_iter().filter(eligible));
        match page.next_cursor {
            Some(next) if cursor.as_ref() != Some(&next) => cursor = Some(next),
            _ => break,
        }
    }
    out.sort_by_key(|u| (u.last_name.to_lowercase(), u.first_name.to_lowercase()));
    Ok(out)
}

/// The filter and one checkbox per eligible account.
#[component]
pub fn MemberPicker(props: &MemberPickerProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let filter = use_state(String::new);
    let accounts = use_state(|| None::<Result<Vec<UserView>, ApiError>>);
    {
        let accounts = accounts.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { accounts.set(Some(eligible_accounts().await)) });
        });
    }
    let toggle = |user: &UserView| {
        let member = MemberView {
            user_id: user.id.clone(),
            name: full_name(user),
        };
        let (selected, onchange) = (props.selected.clone(), props.onchange.clone());
        Callback::from(move |checked: bool| {
            let mut next: Vec<MemberView> = selected
                .iter()
                .filter(|m| m.user_id != member.user_id)
                .cloned()
                .collect();
            if checked {
                next.push(member.clone());
            }
            onchange.emit(next);
        })
    };
    let list = match &*accounts {
        None => html! { <p role="status">{ texts.loading }</p> },
        Some(Err(e)) if e.status() == Some(403) => {
            html! { <p class="hint">{ t.members_no_search }</p> }
        }
        Some(Err(e)) => html! { <p class="form-error">{ error_message(e, texts) }</p> },
        Some(Ok(users)) => {
            let shown: Vec<&UserView> = users.iter().filter(|u| matches(u, &filter)).collect();
            if shown.is_empty() {
                html! { <p>{ t.members_none_found }</p> }
            } else {
                html! {
                    <div class="member-choices">
                        { for shown.into_iter().map(|u| html! {
                            <Checkbox id={format!("member_{}", u.id)}
                                label={format!("{} ({})", full_name(u), u.email)}
                                checked={props.selected.iter().any(|m| m.user_id == u.id)}
                                onchange={toggle(u)} />
                        }) }
                    </div>
                }
            }
        }
    };
    // Chosen accounts the list does not show (no access to the accounts list): by name.
    let listed = |m: &MemberView| matches!(&*accounts, Some(Ok(users)) if users.iter().any(|u| u.id == m.user_id));
    let others: Vec<&MemberView> = props.selected.iter().filter(|m| !listed(m)).collect();
    let described = props.error.as_ref().map(|_| error_id("members"));
    html! {
        <fieldset class="fieldset" aria-describedby={described}>
            <legend>{ format!("{} ({})", t.members, props.selected.len()) }</legend>
            if let Some(error) = &props.error {
                <p id={error_id("members")} class="field-error">{ error.clone() }</p>
            }
            if props.selected.is_empty() {
                <p class="muted">{ t.members_empty }</p>
            }
            if !others.is_empty() {
                <p>{ others.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", ") }</p>
            }
            <Field id="member_filter" label={t.member_search} kind="search" maxlength={SEARCH_MAX}
                value={(*filter).clone()} oninput={setter(&filter)} />
            { list }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(first: &str, last: &str, email: &str) -> UserView {
        let mut json = serde_json::json!({
            "id": email, "first_name": first, "last_name": last, "email": email,
            "unit_id": "u", "roles": ["councillor"], "status": "active",
            "must_change_password": false, "created_at": "2026-01-01T00:00:00Z",
        });
        json["phone"] = serde_json::Value::Null;
        serde_json::from_value(json).unwrap_or_else(|e| panic!("user view: {e}"))
    }

    #[test]
    fn the_filter_matches_every_word_in_the_name_or_e_mail_in_any_case() {
        let anna = user("Anna", "Radna", "anna@gmina.example.pl");
        assert!(matches(&anna, ""));
        assert!(matches(&anna, "radn"));
        assert!(matches(&anna, "ANNA radna"));
        assert!(matches(&anna, "gmina"));
        assert!(!matches(&anna, "anna jan"));
    }
}
