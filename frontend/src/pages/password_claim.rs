//! `/password/claim?token=…`: the e-mailed link brings the token, the SMS brings an 8-digit
//! code; both with the new password go to `POST /api/password-resets/claim`.

use std::collections::BTreeMap;

use ratusz_domain::accounts::secrets::SMS_CODE_LEN;
use ratusz_domain::api::resets::ClaimRequest;
use ratusz_domain::validate::limits;
use serde::Deserialize;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::components::nav_link::NavLink;
use crate::i18n::{use_texts, Texts};
use crate::messages::{claim_error, error_summary, field_errors};
use crate::pages::password_change::check_new_password;
use crate::pages::use_page_title;

#[derive(Deserialize, Default)]
struct ClaimQuery {
    #[serde(default)]
    token: Option<String>,
}

/// The SMS code as typed: its digits and one space in the middle ("1234 5678").
const CODE_INPUT_MAX: usize = SMS_CODE_LEN + 1;

/// The SMS code without the spaces people type, when it is 8 digits.
pub fn normalize_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == SMS_CODE_LEN && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

/// Field errors found before sending.
fn check(code: &str, new: &str, repeat: &str, texts: &Texts) -> BTreeMap<String, String> {
    let mut errors = check_new_password(new, repeat, texts);
    if normalize_code(code).is_none() {
        errors.insert("code".to_owned(), texts.claim_code_format.to_owned());
    }
    errors
}

/// The claim page.
#[component]
pub fn PasswordClaimPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.claim_title);
    let token = use_location()
        .and_then(|l| l.query::<ClaimQuery>().ok())
        .unwrap_or_default()
        .token
        .filter(|t| !t.trim().is_empty());
    let code = use_state(String::new);
    let new = use_state(String::new);
    let repeat = use_state(String::new);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let Some(token) = token else {
        return html! {
            <>
                <h1>{ texts.claim_title }</h1>
                <p role="alert" class="form-error">{ texts.claim_no_token }</p>
                <p><NavLink to={Route::PasswordLost}>{ texts.nav_lost_password }</NavLink></p>
            </>
        };
    };
    if *done {
        return html! {
            <>
                <h1>{ texts.claim_title }</h1>
                <p role="status" class="form-success">{ texts.claim_done }</p>
                <p><NavLink to={Route::Login} classes={classes!("button")}>{ texts.sign_in_link }</NavLink></p>
            </>
        };
    }

    let onsubmit = {
        let (code, new, repeat, errors, error, done, busy) = (
            code.clone(),
            new.clone(),
            repeat.clone(),
            errors.clone(),
            error.clone(),
            done.clone(),
            busy.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            let local = check(&code, &new, &repeat, texts);
            if !local.is_empty() {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            errors.set(BTreeMap::new());
            error.set(None);
            busy.set(true);
            let body = ClaimRequest {
                token: token.clone(),
                code: normalize_code(&code).unwrap_or_default(),
                new_password: (*new).clone(),
            };
            let (errors, error, done, busy) =
                (errors.clone(), error.clone(), done.clone(), busy.clone());
            spawn_local(async move {
                let result = api::claim(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => done.set(true),
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(claim_error(&e, texts)));
                    }
                }
            });
        })
    };

    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let summary = error_summary(
        &errors,
        &[
            ("code", texts.field_sms_code),
            ("new_password", texts.field_new_password),
            ("repeat_password", texts.field_repeat_password),
        ],
    );
    html! {
        <>
            <h1>{ texts.claim_title }</h1>
            <p>{ texts.claim_intro }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                    status={busy.then_some(AttrValue::Static(texts.working))} />
                <Field id="code" label={texts.field_sms_code} inputmode="numeric"
                    autocomplete="one-time-code" maxlength={CODE_INPUT_MAX} required=true
                    hint={texts.claim_code_hint}
                    value={(*code).clone()} oninput={setter(&code)} error={field_error("code")} />
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
                    <button type="submit" class="button">{ texts.claim_submit }</button>
                </div>
            </form>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sms_code_is_eight_digits_spaces_allowed() {
        assert_eq!(normalize_code("12345678").as_deref(), Some("12345678"));
        assert_eq!(normalize_code(" 1234 5678 ").as_deref(), Some("12345678"));
        assert_eq!(normalize_code("1234567"), None);
        assert_eq!(normalize_code("123456789"), None);
        assert_eq!(normalize_code("1234567a"), None);
        assert_eq!(
            normalize_code("１２３４５６７８"),
            None,
            "full-width digits"
        );
    }
}
