//! `/login` (Logowanie): e-mail and password → `POST /api/auth/login`.

use std::collections::BTreeMap;

use ratusz_domain::api::accounts::LoginRequest;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::auth::{AuthAction, AuthState, Session};
use crate::components::auth::{use_auth_dispatch, use_auth_state};
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::components::nav_link::NavLink;
use crate::i18n::use_texts;
use crate::messages::{error_summary, login_error};
use crate::pages::use_page_title;

/// The sign-in page.
#[component]
pub fn LoginPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.login_title);
    let state = use_auth_state();
    let dispatch = use_auth_dispatch();
    let navigator = use_navigator();
    let email = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<api::ApiError>);
    // Empty fields, found before sending (this says nothing about any account).
    let missing = use_state(BTreeMap::<String, String>::new);
    let busy = use_state(|| false);

    if let AuthState::SignedIn(session) = &state {
        return html! {
            <>
                <h1>{ texts.login_title }</h1>
                <p>{ texts.login_already }{ " " }<strong>{ session.user.email.clone() }</strong></p>
                <p><NavLink to={Route::Home} classes={classes!("button")}>{ texts.not_found_home_link }</NavLink></p>
            </>
        };
    }

    let onsubmit = {
        let (email, password, error, missing, busy) = (
            email.clone(),
            password.clone(),
            error.clone(),
            missing.clone(),
            busy.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            let empty: BTreeMap<String, String> =
                [("email", email.trim()), ("password", password.as_str())]
                    .into_iter()
                    .filter(|(_, value)| value.is_empty())
                    .map(|(field, _)| (field.to_owned(), texts.problems.field_required.to_owned()))
                    .collect();
            missing.set(empty.clone());
            if !empty.is_empty() {
                error.set(None);
                return;
            }
            busy.set(true);
            error.set(None);
            let body = LoginRequest {
                email: email.trim().to_owned(),
                password: (*password).clone(),
            };
            let (password, error, busy, dispatch, navigator) = (
                password.clone(),
                error.clone(),
                busy.clone(),
                dispatch.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = api::login(&body).await;
                busy.set(false);
                match result {
                    Ok(answer) => {
                        password.set(String::new());
                        let forced = answer.must_change_password;
                        dispatch.emit(AuthAction::LoggedIn(Box::new(Session {
                            user: answer.user,
                            must_change_password: forced,
                        })));
                        if let Some(navigator) = navigator {
                            navigator.push(&if forced {
                                Route::PasswordChange
                            } else {
                                Route::Home
                            });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let message = if missing.is_empty() {
        error
            .as_ref()
            .map(|e| AttrValue::from(login_error(e, texts)))
    } else {
        Some(AttrValue::Static(texts.form_fix_fields))
    };
    let fields = error_summary(
        &missing,
        &[
            ("email", texts.field_email),
            ("password", texts.field_password),
        ],
    );
    let missing_error = |field: &str| missing.get(field).cloned().map(AttrValue::from);
    html! {
        <>
            <h1>{ texts.login_title }</h1>
            <p>{ texts.login_intro }</p>
            <form class="form" {onsubmit} novalidate=true aria-describedby="login-error-region">
                <div id="login-error-region">
                    <FormMessages error={message} {fields} status={busy.then_some(AttrValue::Static(texts.working))} />
                </div>
                <Field id="email" label={texts.field_email} kind="email" autocomplete="username"
                    required=true value={(*email).clone()} oninput={setter(&email)}
                    error={missing_error("email")} />
                <Field id="password" label={texts.field_password} kind="password"
                    autocomplete="current-password" required=true
                    value={(*password).clone()} oninput={setter(&password)}
                    error={missing_error("password")} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.login_submit }</button>
                </div>
            </form>
            <p><NavLink to={Route::PasswordLost}>{ texts.login_lost_link }</NavLink></p>
        </>
    }
}
