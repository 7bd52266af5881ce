//! `/admin/users` (Konta): search, list a page at a time, register an account (admin).

use std::collections::BTreeMap;

use ratusz_domain::api::accounts::{CreateUser, Role, Unit, UserView};
use ratusz_domain::api::Page;
use ratusz_domain::validate::{self, limits, Checks};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::auth::ADMIN_ONLY;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Checkbox, Field, FormMessages, Select};
use crate::components::nav_link::NavLink;
use crate::i18n::{role_name, use_texts, Texts};
use crate::messages::{checked_errors, error_message, error_summary, field_errors};
use crate::pages::admin::{unit_name, use_has_role, Loaded};
use crate::pages::use_page_title;

/// Loads the units once (for names and the unit select).
#[hook]
pub fn use_units() -> UseStateHandle<Vec<Unit>> {
    let units = use_state(Vec::new);
    {
        let units = units.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(list) = api::units().await {
                    units.set(list);
                }
            });
        });
    }
    units
}

/// The accounts page.
#[component]
pub fn UsersPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.users_title);
    let is_admin = use_has_role(ADMIN_ONLY);
    let units = use_units();
    let query = use_state(String::new);
    // The query of the shown list and a counter bumped to reload it.
    let search = use_state(|| (String::new(), 0_u32));
    let list = use_state(|| Loaded::<Page<UserView>>::Loading);
    let more_busy = use_state(|| false);

    {
        let list = list.clone();
        use_effect_with((*search).clone(), move |(q, _)| {
            list.set(Loaded::Loading);
            let q = q.clone();
            spawn_local(async move {
                list.set(match api::users(&q, None).await {
                    Ok(page) => Loaded::Ready(page),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }

    let onsearch = {
        let (query, search) = (query.clone(), search.clone());
        on_submit(move || search.set((query.trim().to_owned(), search.1.wrapping_add(1))))
    };
    let on_more = {
        let (list, search, more_busy) = (list.clone(), search.clone(), more_busy.clone());
        Callback::from(move |_: MouseEvent| {
            let Loaded::Ready(page) = &*list else { return };
            let Some(cursor) = page.next_cursor.clone() else {
                return;
            };
            if *more_busy {
                return;
            }
            more_busy.set(true);
            let (list, more_busy, shown) = (list.clone(), more_busy.clone(), (*list).clone());
            let q = search.0.clone();
            spawn_local(async move {
                let next = api::users(&q, Some(&cursor)).await;
                more_busy.set(false);
                if let (Ok(next), Loaded::Ready(mut page)) = (next, shown) {
                    page.items.extend(next.items);
                    page.next_cursor = next.next_cursor;
                    list.set(Loaded::Ready(page));
                }
            });
        })
    };
    let on_created = {
        let search = search.clone();
        Callback::from(move |_: ()| search.set((search.0.clone(), search.1.wrapping_add(1))))
    };

    html! {
        <>
            <h1>{ texts.users_title }</h1>
            <form role="search" class="form form-inline" onsubmit={onsearch}
                aria-label={texts.users_search_region}>
                <Field id="user_search" label={texts.users_search_label} kind="search"
                    value={(*query).clone()} oninput={setter(&query)} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.search_submit }</button>
                </div>
            </form>
            <section aria-labelledby="users-list-heading">
                <h2 id="users-list-heading">{ texts.users_list_heading }</h2>
                { match &*list {
                    Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                    Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                    Loaded::Ready(page) if page.items.is_empty() => html! {
                        <p role="status">{ texts.users_none }</p>
                    },
                    Loaded::Ready(page) => html! {
                        <>
                            <p role="status" class="visually-hidden">
                                { format!("{}: {}", texts.results_count, page.items.len()) }
                            </p>
                            { users_table(&page.items, &units, texts) }
                            if page.next_cursor.is_some() {
                                <p><button type="button" class="button button-secondary" onclick={on_more}>
                                    { texts.load_more }
                                </button></p>
                            }
                        </>
                    },
                } }
            </section>
            if is_admin {
                <CreateUserForm units={(*units).clone()} {on_created} />
            }
        </>
    }
}

/// The accounts of one or more pages, one row each.
fn users_table(users: &[UserView], units: &[Unit], texts: &'static Texts) -> Html {
    html! {
        <div class="table-wrap" role="region" tabindex="0" aria-label={texts.users_list_heading}>
            <table class="data-table">
                <caption class="visually-hidden">{ texts.users_list_heading }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ texts.col_name }</th>
                        <th scope="col">{ texts.field_email }</th>
                        <th scope="col">{ texts.field_unit }</th>
                        <th scope="col">{ texts.field_roles }</th>
                        <th scope="col">{ texts.col_state }</th>
                    </tr>
                </thead>
                <tbody>
                    { for users.iter().map(|user| html! {
                        <tr>
                            <th scope="row">
                                <NavLink to={Route::AdminUser { id: user.id.clone() }}>
                                    { format!("{} {}", user.first_name, user.last_name) }
                                </NavLink>
                            </th>
                            <td>{ user.email.clone() }</td>
                            <td>{ unit_name(units, &user.unit_id) }</td>
                            <td>{ user.roles.iter().map(|r| role_name(*r, texts)).collect::<Vec<_>>().join(", ") }</td>
                            <td>{ account_state(user, texts) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// "Aktywne", "Zablokowane", "Wyłączone", plus "hasło startowe" — in words, not colour.
pub fn account_state(user: &UserView, texts: &Texts) -> String {
    use ratusz_domain::api::accounts::AccountStatus;
    let mut parts = vec![match user.status {
        AccountStatus::Active => texts.state_active,
        AccountStatus::Disabled => texts.state_disabled,
    }];
    if user.lock.is_some() {
        parts.push(texts.state_locked);
    }
    if user.must_change_password {
        parts.push(texts.state_start_password);
    }
    parts.join(", ")
}

#[derive(Properties, PartialEq)]
struct CreateUserFormProps {
    units: Vec<Unit>,
    on_created: Callback<()>,
}

/// Registration of an account (admin): the start password goes to the e-mail.
#[component]
fn CreateUserForm(props: &CreateUserFormProps) -> Html {
    let texts = use_texts();
    let navigator = use_navigator();
    let first = use_state(String::new);
    let last = use_state(String::new);
    let email = use_state(String::new);
    let phone = use_state(String::new);
    let unit = use_state(String::new);
    let roles = use_state(Vec::<Role>::new);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let onsubmit = {
        let (first, last, email, phone, unit, roles, errors, error, done, busy) = (
            first.clone(),
            last.clone(),
            email.clone(),
            phone.clone(),
            unit.clone(),
            roles.clone(),
            errors.clone(),
            error.clone(),
            done.clone(),
            busy.clone(),
        );
        let on_created = props.on_created.clone();
        on_submit(move || {
            if *busy {
                return;
            }
            done.set(false);
            // Every mistake at once: the shared validators for the texts, then the choices.
            let mut checks = Checks::new();
            checks.check(
                "first_name",
                validate::text(&first, limits::PERSON_NAME_MAX),
            );
            checks.check("last_name", validate::text(&last, limits::PERSON_NAME_MAX));
            checks.check("email", validate::email(&email));
            checks.check("phone", validate::phone(Some(phone.as_str())));
            let mut local = checked_errors(checks, texts);
            if unit.is_empty() {
                local.insert("unit_id".to_owned(), texts.unit_required.to_owned());
            }
            if roles.is_empty() {
                local.insert("roles".to_owned(), texts.roles_required.to_owned());
            }
            if !local.is_empty() {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            errors.set(BTreeMap::new());
            error.set(None);
            busy.set(true);
            let phone_value = phone.trim().to_owned();
            let body = CreateUser {
                first_name: first.trim().to_owned(),
                last_name: last.trim().to_owned(),
                email: email.trim().to_owned(),
                phone: (!phone_value.is_empty()).then_some(phone_value),
                unit_id: (*unit).clone(),
                roles: (*roles).clone(),
            };
            let (first, last, email, phone, roles, errors, error, done, busy) = (
                first.clone(),
                last.clone(),
                email.clone(),
                phone.clone(),
                roles.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
            );
            let (on_created, navigator) = (on_created.clone(), navigator.clone());
            spawn_local(async move {
                let result = api::create_user(&body).await;
                busy.set(false);
                match result {
                    Ok(created) => {
                        for field in [&first, &last, &email, &phone] {
                            field.set(String::new());
                        }
                        roles.set(Vec::new());
                        done.set(true);
                        on_created.emit(());
                        if let (Some(user), Some(navigator)) = (created, navigator) {
                            navigator.push(&Route::AdminUser { id: user.id });
                        }
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };

    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let summary = error_summary(
        &errors,
        &[
            ("first_name", texts.field_first_name),
            ("last_name", texts.field_last_name),
            ("email", texts.field_email),
            ("phone", texts.field_phone),
            ("unit_id", texts.field_unit),
            ("roles", texts.field_roles),
        ],
    );
    let mut unit_options = vec![(AttrValue::Static(""), AttrValue::Static(texts.choose_unit))];
    unit_options.extend(props.units.iter().map(|u| {
        (
            AttrValue::from(u.id.clone()),
            AttrValue::from(u.name.clone()),
        )
    }));
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.user_created))
    };
    html! {
        <section aria-labelledby="create-user-heading" class="panel">
            <h2 id="create-user-heading">{ texts.create_user_heading }</h2>
            <p>{ texts.create_user_intro }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <Field id="first_name" label={texts.field_first_name} required=true
                    maxlength={limits::PERSON_NAME_MAX}
                    autocomplete="off" value={(*first).clone()} oninput={setter(&first)}
                    error={field_error("first_name")} />
                <Field id="last_name" label={texts.field_last_name} required=true
                    maxlength={limits::PERSON_NAME_MAX}
                    autocomplete="off" value={(*last).clone()} oninput={setter(&last)}
                    error={field_error("last_name")} />
                <Field id="new_user_email" label={texts.field_email} kind="email" required=true
                    maxlength={limits::EMAIL_MAX} autocomplete="off"
                    value={(*email).clone()} oninput={setter(&email)}
                    error={field_error("email")} />
                <Field id="phone" label={texts.field_phone} kind="tel"
                    maxlength={limits::PHONE_MAX}
                    autocomplete="off" hint={texts.phone_hint}
                    value={(*phone).clone()} oninput={setter(&phone)} error={field_error("phone")} />
                <Select id="unit_id" label={texts.field_unit} required=true value={(*unit).clone()}
                    options={unit_options} onchange={setter(&unit)} error={field_error("unit_id")} />
                <RolesFieldset id_prefix="new_role" selected={(*roles).clone()}
                    onchange={{ let roles = roles.clone(); Callback::from(move |r| roles.set(r)) }}
                    error={field_error("roles")} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.create_user_submit }</button>
                </div>
            </form>
        </section>
    }
}

/// Props of [`RolesFieldset`].
#[derive(Properties, PartialEq)]
pub struct RolesFieldsetProps {
    /// Prefix of the checkbox ids.
    pub id_prefix: AttrValue,
    /// Checked roles.
    pub selected: Vec<Role>,
    /// Called with the new set.
    pub onchange: Callback<Vec<Role>>,
    /// Error for the group.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// One checkbox per role, in a fieldset.
#[component]
pub fn RolesFieldset(props: &RolesFieldsetProps) -> Html {
    let texts = use_texts();
    let error_id = format!("{}-error", props.id_prefix);
    html! {
        <fieldset class="fieldset" aria-describedby={props.error.as_ref().map(|_| error_id.clone())}>
            <legend>{ texts.field_roles }</legend>
            if let Some(error) = &props.error {
                <p id={error_id.clone()} class="field-error">{ error.clone() }</p>
            }
            { for Role::ALL.into_iter().map(|role| {
                let selected = props.selected.clone();
                let onchange = props.onchange.clone();
                let toggle = Callback::from(move |checked: bool| {
                    let mut next: Vec<Role> = selected.iter().copied().filter(|r| *r != role).collect();
                    if checked {
                        next.push(role);
                        next.sort();
                    }
                    onchange.emit(next);
                });
                html! {
                    <Checkbox id={format!("{}_{}", props.id_prefix, role.as_str())}
                        label={role_name(role, texts)}
                        checked={props.selected.contains(&role)} onchange={toggle} />
                }
            }) }
        </fieldset>
    }
}
