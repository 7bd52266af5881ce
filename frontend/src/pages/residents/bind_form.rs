//! Contact + code → `POST /api/notify/bindings`: this device is bound and goes to "Moje dane".

use ratusz_domain::api::notify::BindingRequest;
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::draft::optional;
use super::{error_of, use_resident_texts, Errors};
use crate::api::notify;
use crate::app::Route;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::i18n::use_texts;
use crate::messages::{error_message, error_summary, field_errors};

/// Props of [`BindForm`].
#[derive(Properties, PartialEq)]
pub struct BindFormProps {
    /// The contact, when the page knows it (just after a registration).
    #[prop_or_default]
    pub contact: AttrValue,
}

/// Whether `code` has the shape of a validation code (8 digits).
pub fn is_code(code: &str) -> bool {
    code.len() == limits::NOTIFY_CODE_LEN && code.bytes().all(|b| b.is_ascii_digit())
}

/// The binding form.
#[component]
pub fn BindForm(props: &BindFormProps) -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let navigator = use_navigator();
    let contact = use_state(|| props.contact.to_string());
    let code = use_state(String::new);
    let label = use_state(String::new);
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (contact, code, label, errors, error, busy) = (
            contact.clone(),
            code.clone(),
            label.clone(),
            errors.clone(),
            error.clone(),
            busy.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            let mut found = Errors::new();
            if contact.trim().is_empty() {
                found.insert("contact".into(), texts.problems.field_required.into());
            }
            let typed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
            if !is_code(&typed) {
                found.insert("code".into(), r.code_format.into());
            }
            if !found.is_empty() {
                errors.set(found);
                error.set(Some(texts.form_fix_fields.into()));
                return;
            }
            busy.set(true);
            errors.set(Errors::new());
            error.set(None);
            let body = BindingRequest {
                contact: contact.trim().to_owned(),
                code: typed,
                device_label: optional(&label),
            };
            let (errors, error, busy, navigator) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = notify::bind(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::ResidentMe);
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

    let summary = error_summary(
        &errors,
        &[
            ("contact", r.field_contact),
            ("code", r.field_code),
            ("device_label", r.field_device_label),
        ],
    );
    let status = busy.then_some(AttrValue::Static(texts.working));
    html! {
        <form class="form" {onsubmit} novalidate=true>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
            <Field id="bind_contact" label={r.field_contact} required=true autocomplete="username"
                hint={r.contact_field_hint} maxlength={limits::CONTACT_MAX}
                value={(*contact).clone()} oninput={setter(&contact)}
                error={error_of(&errors, "contact")} />
            <Field id="bind_code" label={r.field_code} required=true inputmode="numeric"
                autocomplete="one-time-code" hint={r.code_hint}
                maxlength={limits::NOTIFY_CODE_LEN + 2} value={(*code).clone()}
                oninput={setter(&code)} error={error_of(&errors, "code")} />
            <Field id="bind_label" label={r.field_device_label} hint={r.device_label_hint}
                maxlength={limits::DEVICE_LABEL_MAX} value={(*label).clone()}
                oninput={setter(&label)} error={error_of(&errors, "device_label")} />
            <div class="button-row">
                <button type="submit" class="button">{ r.bind_submit }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_digits() {
        assert!(is_code("12345678"));
        for bad in ["1234567", "123456789", "1234567a", "", "１２３４５６７８"] {
            assert!(!is_code(bad), "{bad}");
        }
    }
}
