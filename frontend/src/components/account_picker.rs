//! Picking accounts by name, never by raw id: the accounts a form may offer (`GET /api/users`,
//! every page, narrowed by [`Offered`]), a filter on name and e-mail, and a checkbox per
//! account (several at once: the clerk's meeting members) or a radio button (one or none: the
//! account an incident concerns). Where the caller may not list accounts, it says so.

use ratusz_domain::api::accounts::{Role, UserView};
use ratusz_domain::validate::limits::SEARCH_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{error_id, setter, Checkbox, Field};
use crate::i18n::use_texts;
use crate::messages::error_message;

/// The most matches shown at once where every account is offered: more means "type more".
const SHOWN_MAX: usize = 20;

/// An account chosen: its id for the request, its name for the person choosing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedAccount {
    /// Account id.
    pub id: String,
    /// "Anna Radna".
    pub name: String,
}

/// Which accounts a picker offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    /// Those who can sit on a council body (councillors and chairs): tens, all listed.
    CouncilMembers,
    /// Every account: listed once the filter names someone, at most [`SHOWN_MAX`].
    Everyone,
}

impl Offered {
    fn admits(self, user: &UserView) -> bool {
        match self {
            Offered::CouncilMembers => user
                .roles
                .iter()
                .any(|r| matches!(r, Role::Councillor | Role::Chair)),
            Offered::Everyone => true,
        }
    }
}

/// Props of [`AccountPicker`].
#[derive(Properties, PartialEq)]
pub struct AccountPickerProps {
    /// Prefix of the element ids.
    pub id: AttrValue,
    /// The group's name (its legend).
    pub legend: AttrValue,
    /// Which accounts are offered.
    pub offered: Offered,
    /// Several at once (checkboxes) or one (radio buttons with "none").
    #[prop_or_default]
    pub multiple: bool,
    /// The chosen accounts.
    pub selected: Vec<PickedAccount>,
    /// Called with the new choice.
    pub onchange: Callback<Vec<PickedAccount>>,
    /// The server's or the form's refusal of the choice.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The filter's label.
    pub filter_label: AttrValue,
    /// Said when nothing matches the filter.
    pub none_found: AttrValue,
    /// Said where the caller may not list accounts.
    pub no_access: AttrValue,
    /// Said while nobody is chosen (several at once).
    #[prop_or_default]
    pub none_chosen: Option<AttrValue>,
}

/// "Anna Radna".
pub fn full_name(user: &UserView) -> String {
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

/// Every offered account, following the pages, by last name.
async fn offered_accounts(offered: Offered) -> Result<Vec<UserView>, ApiError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = api::users("", cursor.as_deref()).await?;
        out.extend(page.items.into_iter().filter(|u| offered.admits(u)));
        match page.next_cursor {
            Some(next) if cursor.as_ref() != Some(&next) => cursor = Some(next),
            _ => break,
        }
    }
    out.sort_by_key(|u| (u.last_name.to_lowercase(), u.first_name.to_lowercase()));
    Ok(out)
}

/// The filter and the choices.
#[component]
pub fn AccountPicker(props: &AccountPickerProps) -> Html {
    let texts = use_texts();
    let filter = use_state(String::new);
    let accounts = use_state(|| None::<Result<Vec<UserView>, ApiError>>);
    {
        let accounts = accounts.clone();
        use_effect_with(props.offered, move |offered| {
            let offered = *offered;
            spawn_local(async move { accounts.set(Some(offered_accounts(offered).await)) });
        });
    }
    let choose = |user: Option<&UserView>| {
        let picked = user.map(|u| PickedAccount {
            id: u.id.clone(),
            name: full_name(u),
        });
        let (selected, onchange, multiple) = (
            props.selected.clone(),
            props.onchange.clone(),
            props.multiple,
        );
        Callback::from(move |checked: bool| {
            let mut next: Vec<PickedAccount> = if multiple {
                selected
                    .iter()
                    .filter(|m| Some(&m.id) != picked.as_ref().map(|p| &p.id))
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            if checked {
                next.extend(picked.clone());
            }
            onchange.emit(next);
        })
    };
    let chosen = |id: &str| props.selected.iter().any(|m| m.id == id);
    let choice = |user: &UserView| {
        let id = format!("{}_{}", props.id, user.id);
        let label = format!("{} ({})", full_name(user), user.email);
        if props.multiple {
            html! { <Checkbox {id} {label} checked={chosen(&user.id)} onchange={choose(Some(user))} /> }
        } else {
            radio(&props.id, id, label, chosen(&user.id), choose(Some(user)))
        }
    };
    let typed = !filter.trim().is_empty();
    let list = match &*accounts {
        None => html! { <p role="status">{ texts.loading }</p> },
        Some(Err(e)) if e.status() == Some(403) => {
            html! { <p class="hint">{ props.no_access.clone() }</p> }
        }
        Some(Err(e)) => html! { <p class="form-error">{ error_message(e, texts) }</p> },
        Some(Ok(_)) if props.offered == Offered::Everyone && !typed => {
            html! { <p class="hint">{ texts.accounts_type_to_search }</p> }
        }
        Some(Ok(users)) => {
            let found: Vec<&UserView> = users.iter().filter(|u| matches(u, &filter)).collect();
            let cut = props.offered == Offered::Everyone && found.len() > SHOWN_MAX;
            if found.is_empty() {
                html! { <p>{ props.none_found.clone() }</p> }
            } else {
                html! {
                    <>
                        <div class="member-choices">
                            { for found.into_iter().take(if cut { SHOWN_MAX } else { usize::MAX }).map(choice) }
                        </div>
                        if cut { <p class="hint">{ texts.accounts_narrow_down }</p> }
                    </>
                }
            }
        }
    };
    // Chosen accounts the list does not show now (filtered out, or no access): by name.
    let listed = |m: &PickedAccount| {
        matches!(&*accounts, Some(Ok(users)) if users.iter().any(|u| u.id == m.id && matches(u, &filter)))
            && (props.offered == Offered::CouncilMembers || typed)
    };
    let others: Vec<&str> = props
        .selected
        .iter()
        .filter(|m| !listed(m))
        .map(|m| m.name.as_str())
        .collect();
    let described = props.error.as_ref().map(|_| error_id(&props.id));
    let legend = if props.multiple {
        format!("{} ({})", props.legend, props.selected.len())
    } else {
        props.legend.to_string()
    };
    html! {
        <fieldset class="fieldset" aria-describedby={described}>
            <legend>{ legend }</legend>
            if let Some(error) = &props.error {
                <p id={error_id(&props.id)} class="field-error">{ error.clone() }</p>
            }
            if let (true, Some(text)) = (props.selected.is_empty(), &props.none_chosen) {
                <p class="muted">{ text.clone() }</p>
            }
            if !others.is_empty() {
                <p>{ format!("{}: {}", texts.accounts_chosen, others.join(", ")) }</p>
            }
            if !props.multiple {
                { radio(&props.id, format!("{}_none", props.id), texts.accounts_no_account.to_owned(),
                    props.selected.is_empty(), choose(None)) }
            }
            <Field id={format!("{}_filter", props.id)} label={props.filter_label.clone()} kind="search"
                maxlength={SEARCH_MAX} value={(*filter).clone()} oninput={setter(&filter)} />
            { list }
        </fieldset>
    }
}

/// One radio button of the group `name`.
fn radio(name: &str, id: String, label: String, checked: bool, onchange: Callback<bool>) -> Html {
    let onchange = onchange.reform(|e: Event| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked()
    });
    html! {
        <div class="check">
            <input type="radio" id={id.clone()} name={name.to_owned()} {checked} {onchange} />
            <label for={id}>{ label }</label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(first: &str, last: &str, email: &str, role: &str) -> UserView {
        let mut json = serde_json::json!({
            "id": email, "first_name": first, "last_name": last, "email": email,
            "unit_id": "u", "roles": [role], "status": "active",
            "must_change_password": false, "created_at": "2026-01-01T00:00:00Z",
        });
        json["phone"] = serde_json::Value::Null;
        serde_json::from_value(json).unwrap_or_else(|e| panic!("user view: {e}"))
    }

    #[test]
    fn the_filter_matches_every_word_in_the_name_or_e_mail_in_any_case() {
        let anna = user("Anna", "Radna", "anna@gmina.example.pl", "councillor");
        assert!(matches(&anna, ""));
        assert!(matches(&anna, "radn"));
        assert!(matches(&anna, "ANNA radna"));
        assert!(matches(&anna, "gmina"));
        assert!(!matches(&anna, "anna jan"));
    }

    #[test]
    fn council_members_are_councillors_and_chairs() {
        for (role, admitted) in [
            ("councillor", true),
            ("chair", true),
            ("clerk", false),
            ("admin", false),
        ] {
            let u = user("A", "B", "a@b.pl", role);
            assert_eq!(Offered::CouncilMembers.admits(&u), admitted, "{role}");
            assert!(Offered::Everyone.admits(&u));
        }
    }
}
