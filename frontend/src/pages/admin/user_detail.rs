//! `/admin/users/:id`: one account — its data, the edit form (admin) and the actions
//! (lock, unlock, end session: admin and support; disable, enable: admin), each confirmed.

use std::collections::BTreeMap;

use ratusz_domain::api::accounts::{AccountStatus, Role, Unit, UpdateUser, UserView};
use ratusz_domain::validate::{self, limits, Checks};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, UserAction};
use crate::auth::ADMIN_ONLY;
use crate::components::auth::use_auth_state;
use crate::components::confirm::ConfirmButton;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages, Select};
use crate::i18n::{role_name, use_lang, use_texts, Lang, Texts};
use crate::messages::{
    checked_errors, error_message, error_summary, field_errors, format_timestamp,
};
use crate::pages::admin::users::{account_state, use_units, RolesFieldset};
use crate::pages::admin::{unit_name, use_has_role, Loaded};
use crate::pages::use_page_title;

/// Props of [`UserDetailPage`].
#[derive(Properties, PartialEq)]
pub struct UserDetailPageProps {
    /// Account id.
    pub id: String,
}

/// The actions offered for an account in its state to a viewer with these powers. Nobody is
/// offered to lock or disable their own account (the server refuses it: `own_account`).
pub fn available_actions(user: &UserView, is_admin: bool, is_self: bool) -> Vec<UserAction> {
    let mut actions = Vec::new();
    if user.lock.is_some() {
        actions.push(UserAction::Unlock);
    } else if !is_self {
        actions.push(UserAction::Lock);
    }
    if user.has_session {
        actions.push(UserAction::EndSession);
    }
    if is_admin {
        match user.status {
            AccountStatus::Active if is_self => {}
            AccountStatus::Active => actions.push(UserAction::Disable),
            AccountStatus::Disabled => actions.push(UserAction::Enable),
        }
    }
    actions
}

fn action_texts(action: UserAction, texts: &'static Texts) -> (&'static str, &'static str) {
    match action {
        UserAction::Lock => (texts.action_lock, texts.confirm_lock),
        UserAction::Unlock => (texts.action_unlock, texts.confirm_unlock),
        UserAction::Disable => (texts.action_disable, texts.confirm_disable),
        UserAction::Enable => (texts.action_enable, texts.confirm_enable),
        UserAction::EndSession => (texts.action_end_session, texts.confirm_end_session),
    }
}

/// The account page.
#[component]
pub fn UserDetailPage(props: &UserDetailPageProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    use_page_title(texts.user_title);
    let is_admin = use_has_role(ADMIN_ONLY);
    let my_id = use_auth_state().session().map(|s| s.user.id.clone());
    let units = use_units();
    let reload = use_state(|| 0_u32);
    let user = use_state(|| Loaded::<UserView>::Loading);
    let action_error = use_state(|| None::<String>);
    let action_status = use_state(|| None::<String>);
    let busy = use_state(|| false);

    {
        let user = user.clone();
        use_effect_with((props.id.clone(), *reload), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                user.set(match api::user(&id).await {
                    Ok(u) => Loaded::Ready(u),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }

    let run = {
        let (reload, action_error, action_status, busy) = (
            reload.clone(),
            action_error.clone(),
            action_status.clone(),
            busy.clone(),
        );
        let id = props.id.clone();
        Callback::from(move |action: UserAction| {
            if *busy {
                return;
            }
            busy.set(true);
            action_error.set(None);
            action_status.set(Some(texts.working.to_owned()));
            let (reload, action_error, action_status, busy, id) = (
                reload.clone(),
                action_error.clone(),
                action_status.clone(),
                busy.clone(),
                id.clone(),
            );
            spawn_local(async move {
                let result = api::user_action(&id, action).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        action_status.set(Some(texts.action_done.to_owned()));
                        reload.set(reload.wrapping_add(1));
                    }
                    Err(e) => {
                        action_status.set(None);
                        action_error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };

    let body = match &*user {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(u) => {
            let on_saved = {
                let reload = reload.clone();
                Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
            };
            html! {
                <>
                    { user_facts(u, &units, texts, lang) }
                    <section aria-labelledby="actions-heading" class="panel">
                        <h2 id="actions-heading">{ texts.user_actions_heading }</h2>
                        <FormMessages error={(*action_error).clone().map(AttrValue::from)}
                            status={(*action_status).clone().map(AttrValue::from)} />
                        <div class="button-row">
                            { for available_actions(u, is_admin, my_id.as_deref() == Some(u.id.as_str())).into_iter().map(|action| {
                                let (label, question) = action_texts(action, texts);
                                let run = run.clone();
                                html! {
                                    <ConfirmButton {label} {question} busy={*busy}
                                        danger={matches!(action, UserAction::Disable | UserAction::Lock)}
                                        on_confirm={Callback::from(move |_| run.emit(action))} />
                                }
                            }) }
                        </div>
                    </section>
                    if is_admin {
                        <EditUserForm user={u.clone()} units={(*units).clone()} {on_saved} />
                    }
                </>
            }
        }
    };
    let heading = match &*user {
        Loaded::Ready(u) => format!("{}: {} {}", texts.user_title, u.first_name, u.last_name),
        _ => texts.user_title.to_owned(),
    };
    html! {
        <>
            <h1>{ heading }</h1>
            { body }
        </>
    }
}

/// What is known about the account.
fn user_facts(u: &UserView, units: &[Unit], texts: &'static Texts, lang: Lang) -> Html {
    let row = |term: &'static str, value: String| {
        html! { <><dt>{ term }</dt><dd>{ value }</dd></> }
    };
    let lock = u.lock.as_ref().map(|lock| match lock.until {
        Some(until) => format!("{} {}", texts.locked_until, format_timestamp(until, lang)),
        None => texts.locked_permanently.to_owned(),
    });
    html! {
        <dl class="facts">
            { row(texts.field_email, u.email.clone()) }
            { row(texts.field_phone, u.phone.clone().unwrap_or_else(|| texts.none_value.to_owned())) }
            { row(texts.field_unit, unit_name(units, &u.unit_id)) }
            { row(texts.field_roles, u.roles.iter().map(|r| role_name(*r, texts)).collect::<Vec<_>>().join(", ")) }
            { row(texts.col_state, account_state(u, texts)) }
            if let Some(lock) = lock {
                { row(texts.lock_heading, lock) }
            }
            { row(texts.session_open, if u.has_session { texts.yes } else { texts.no }.to_owned()) }
            { row(texts.created_at, format_timestamp(u.created_at, lang)) }
            { row(texts.last_login, u.last_login_at.map_or_else(|| texts.none_value.to_owned(), |at| format_timestamp(at, lang))) }
        </dl>
    }
}

#[derive(Properties, PartialEq)]
struct EditUserFormProps {
    user: UserView,
    units: Vec<Unit>,
    on_saved: Callback<()>,
}

/// Phone, unit and roles (admin).
#[component]
fn EditUserForm(props: &EditUserFormProps) -> Html {
    let texts = use_texts();
    let phone = use_state(|| props.user.phone.clone().unwrap_or_default());
    let unit = use_state(|| props.user.unit_id.clone());
    let roles = use_state(|| props.user.roles.clone());
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let onsubmit = {
        let (phone, unit, roles, errors, error, done, busy) = (
            phone.clone(),
            unit.clone(),
            roles.clone(),
            errors.clone(),
            error.clone(),
            done.clone(),
            busy.clone(),
        );
        let user = props.user.clone();
        let on_saved = props.on_saved.clone();
        on_submit(move || {
            if *busy {
                return;
            }
            let mut checks = Checks::new();
            checks.check("phone", validate::phone(Some(phone.as_str())));
            let mut local = checked_errors(checks, texts);
            if roles.is_empty() {
                local.insert("roles".to_owned(), texts.roles_required.to_owned());
            }
            if !local.is_empty() {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            let body = user_changes(&user, phone.trim(), &unit, &roles);
            busy.set(true);
            done.set(false);
            errors.set(BTreeMap::new());
            error.set(None);
            let (errors, error, done, busy, on_saved, id) = (
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
                on_saved.clone(),
                user.id.clone(),
            );
            spawn_local(async move {
                let result = api::update_user(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        done.set(true);
                        on_saved.emit(());
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
            ("phone", texts.field_phone),
            ("unit_id", texts.field_unit),
            ("roles", texts.field_roles),
        ],
    );
    let unit_options: Vec<_> = props
        .units
        .iter()
        .map(|u| {
            (
                AttrValue::from(u.id.clone()),
                AttrValue::from(u.name.clone()),
            )
        })
        .collect();
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.saved))
    };
    html! {
        <section aria-labelledby="edit-user-heading" class="panel">
            <h2 id="edit-user-heading">{ texts.edit_user_heading }</h2>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <Field id="edit_phone" label={texts.field_phone} kind="tel" maxlength={limits::PHONE_MAX}
                    autocomplete="off" hint={texts.phone_hint}
                    value={(*phone).clone()} oninput={setter(&phone)} error={field_error("phone")} />
                <Select id="edit_unit" label={texts.field_unit} value={(*unit).clone()}
                    options={unit_options} onchange={setter(&unit)} error={field_error("unit_id")} />
                <RolesFieldset id_prefix="edit_role" selected={(*roles).clone()}
                    onchange={{ let roles = roles.clone(); Callback::from(move |r| roles.set(r)) }}
                    error={field_error("roles")} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.save_changes }</button>
                </div>
            </form>
        </section>
    }
}

/// The PATCH body: only what changed.
pub fn user_changes(user: &UserView, phone: &str, unit: &str, roles: &[Role]) -> UpdateUser {
    let old_phone = user.phone.as_deref().unwrap_or_default();
    let mut sorted = roles.to_vec();
    sorted.sort();
    let mut old_roles = user.roles.clone();
    old_roles.sort();
    UpdateUser {
        phone: (phone != old_phone).then(|| phone.to_owned()),
        unit_id: (unit != user.unit_id && !unit.is_empty()).then(|| unit.to_owned()),
        roles: (sorted != old_roles).then_some(sorted),
        ..UpdateUser::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::tests::user;
    use ratusz_domain::api::accounts::LockView;

    #[test]
    fn support_cannot_disable_and_a_locked_account_offers_unlock() {
        let mut u = user(&[Role::Clerk]);
        assert_eq!(
            available_actions(&u, false, false),
            vec![UserAction::Lock, UserAction::EndSession]
        );
        u.lock = Some(LockView {
            until: None,
            permanent: true,
            reason: "manual".into(),
        });
        u.has_session = false;
        u.status = AccountStatus::Disabled;
        assert_eq!(
            available_actions(&u, true, false),
            vec![UserAction::Unlock, UserAction::Enable]
        );
    }

    #[test]
    fn nobody_is_offered_to_lock_or_disable_their_own_account() {
        let u = user(&[Role::Admin]);
        assert_eq!(
            available_actions(&u, true, true),
            vec![UserAction::EndSession]
        );
        assert_eq!(
            available_actions(&u, true, false),
            vec![
                UserAction::Lock,
                UserAction::EndSession,
                UserAction::Disable
            ]
        );
    }

    #[test]
    fn only_changes_are_sent() {
        let u = user(&[Role::Clerk]);
        assert_eq!(
            user_changes(&u, "", "unit1", &[Role::Clerk]),
            UpdateUser::default()
        );
        let changed = user_changes(&u, "+48 600 000 000", "unit2", &[Role::Chair, Role::Clerk]);
        assert_eq!(changed.phone.as_deref(), Some("+48 600 000 000"));
        assert_eq!(changed.unit_id.as_deref(), Some("unit2"));
        assert_eq!(changed.roles, Some(vec![Role::Clerk, Role::Chair]));
    }
}
