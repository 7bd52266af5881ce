//! `/password/change` (forced change of a start password) and `/settings/password` (change in
//! personal settings): current password, new password twice → `POST /api/auth/password`.

use std::collections::BTreeMap;

use ratusz_domain::accounts::password_policy::{check_length, PasswordProblem, MIN_CHARS};
use ratusz_domain::api::accounts::ChangePasswordRequest;
use ratusz_domain::validate::{limits, FieldCode, Invalid};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError};
use crate::app::Route;
use crate::auth::AuthAction;
use crate::components::auth::use_auth_dispatch;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::i18n::{use_texts, Texts};
use crate::messages::{error_message, error_summary, field_errors};
use crate::pages::use_page_title;
use crate::problems::invalid_message;

/// Props of [`PasswordChangePage`].
#[derive(Properties, PartialEq)]
pub struct PasswordChangePageProps {
    /// The start password must be changed before anything else.
    pub forced: bool,
}

/// Client-side checks before sending: the new password's length (the domain's rule) and that
/// the repeat matches; the server checks the rest (strength, not the same as now).
pub fn check_new_password(new: &str, repeat: &str, texts: &Texts) -> BTreeMap<String, String> {
    let mut errors = BTreeMap::new();
    let length = match check_length(new) {
        Err(PasswordProblem::TooShort) => {
            Some(Invalid::new(FieldCode::TooShort).with("min", MIN_CHARS))
        }
        Err(PasswordProblem::TooLong) => Some(Invalid::too_long(limits::PASSWORD_MAX)),
        _ => None,
    };
    if let Some(invalid) = length {
        errors.insert("new_password".to_owned(), invalid_message(&invalid, texts));
    }
    if new != repeat {
        errors.insert(
            "repeat_password".to_owned(),
            texts.password_mismatch.to_owned(),
        );
    }
    errors
}

/// The password change page.
#[component]
pub fn PasswordChangePage(props: &PasswordChangePageProps) -> Html {
    let texts = use_texts();
    let title = if props.forced {
        texts.password_forced_title
    } else {
        texts.password_change_title
    };
    use_page_title(title);
    let dispatch = use_auth_dispatch();
    let navigator = use_navigator();
    let current = use_state(String::new);
    let new = use_state(String::new);
    let repeat = use_state(String::new);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let onsubmit = {
        let (current, new, repeat, errors, error, done, busy) = (
            current.clone(),
            new.clone(),
            repeat.clone(),
            errors.clone(),
            error.clone(),
            done.clone(),
            busy.clone(),
        );
        let forced = props.forced;
        on_submit(move || {
            if *busy {
                return;
            }
            done.set(false);
            let mut local = check_new_password(&new, &repeat, texts);
            // Every mistake at once: an empty current password too, not on the next submit.
            if current.is_empty() {
                local.insert(
                    "current_password".to_owned(),
                    texts.problems.field_required.to_owned(),
                );
            }
            if !local.is_empty() {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            errors.set(BTreeMap::new());
            error.set(None);
            busy.set(true);
            let body = ChangePasswordRequest {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
            };
            let (current, new, repeat, errors, error, done, busy, dispatch, navigator) = (
                current.clone(),
                new.clone(),
                repeat.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
                dispatch.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = api::change_password(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        for field in [&current, &new, &repeat] {
                            field.set(String::new());
                        }
                        dispatch.emit(AuthAction::PasswordChanged);
                        if forced {
                            if let Some(navigator) = navigator {
                                navigator.push(&Route::Home);
                            }
                        } else {
                            done.set(true);
                        }
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(change_error(&e, texts)));
                    }
                }
            });
        })
    };

    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let current_label = if props.forced {
        texts.field_start_password
    } else {
        texts.field_current_password
    };
    let summary = error_summary(
        &errors,
        &[
            ("current_password", current_label),
            ("new_password", texts.field_new_password),
            ("repeat_password", texts.field_repeat_password),
        ],
    );
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(texts.password_changed))
    };
    html! {
        <>
            <h1>{ title }</h1>
            <p>{ if props.forced { texts.password_forced_intro } else { texts.password_change_intro } }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <Field id="current_password" label={current_label}
                    kind="password" autocomplete="current-password" required=true
                    value={(*current).clone()} oninput={setter(&current)}
                    error={field_error("current_password")} />
                <Field id="new_password" label={texts.field_new_password} kind="password"
                    autocomplete="new-password" required=true maxlength={limits::PASSWORD_MAX}
                    hint={texts.password_policy_hint}
                    value={(*new).clone()} oninput={setter(&new)}
                    error={field_error("new_password")} />
                <Field id="repeat_password" label={texts.field_repeat_password} kind="password"
                    autocomplete="new-password" required=true maxlength={limits::PASSWORD_MAX}
                    value={(*repeat).clone()} oninput={setter(&repeat)}
                    error={field_error("repeat_password")} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.password_change_submit }</button>
                </div>
            </form>
        </>
    }
}

/// A wrong current password is told as such; the rest as usual.
fn change_error(error: &ApiError, texts: &Texts) -> String {
    if error.code() == "invalid_credentials" {
        texts.password_current_wrong.to_owned()
    } else {
        error_message(error, texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn the_repeat_must_match() {
        let pl = Lang::Pl.texts();
        assert!(check_new_password("długie hasło 123", "długie hasło 123", pl).is_empty());
        let errors = check_new_password("długie hasło 123", "długie hasło 124", pl);
        assert_eq!(
            errors.get("repeat_password").map(String::as_str),
            Some(pl.password_mismatch)
        );
    }

    #[test]
    fn a_short_password_and_a_wrong_repeat_are_told_together() {
        let pl = Lang::Pl.texts();
        let errors = check_new_password("krótkie", "krótkie!", pl);
        assert_eq!(
            errors.get("new_password").map(String::as_str),
            Some("Co najmniej 12 znaków.")
        );
        assert_eq!(errors.len(), 2);
    }
}
