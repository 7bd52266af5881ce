//! The password reset request form (`POST /api/password-resets`), used by the public "I lost
//! my password" page and by a director's request for an employee.

use std::collections::BTreeMap;

use ratusz_domain::api::resets::{CreateResetRequest, ResetDelivery};
use ratusz_domain::validate::limits;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::i18n::use_texts;
use crate::messages::{employee_reset_error, error_message, error_summary, field_errors};

/// Props of [`ResetRequestForm`].
#[derive(Properties, PartialEq)]
pub struct ResetRequestFormProps {
    /// Filed by staff for someone else (a 403 then means "not in your unit").
    #[prop_or_default]
    pub for_employee: bool,
}

/// E-mail, reason and delivery channel.
#[component]
pub fn ResetRequestForm(props: &ResetRequestFormProps) -> Html {
    let texts = use_texts();
    let email = use_state(String::new);
    let reason = use_state(String::new);
    let delivery = use_state(|| ResetDelivery::EmailSms);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let done = use_state(|| false);
    let busy = use_state(|| false);

    let onsubmit = {
        let (email, reason, delivery, errors, error, done, busy) = (
            email.clone(),
            reason.clone(),
            delivery.clone(),
            errors.clone(),
            error.clone(),
            done.clone(),
            busy.clone(),
        );
        let for_employee = props.for_employee;
        on_submit(move || {
            if *busy {
                return;
            }
            busy.set(true);
            done.set(false);
            error.set(None);
            errors.set(BTreeMap::new());
            let body = CreateResetRequest {
                email: email.trim().to_owned(),
                reason: reason.trim().to_owned(),
                delivery: *delivery,
            };
            let (email, reason, errors, error, done, busy) = (
                email.clone(),
                reason.clone(),
                errors.clone(),
                error.clone(),
                done.clone(),
                busy.clone(),
            );
            spawn_local(async move {
                let result = api::request_reset(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => {
                        email.set(String::new());
                        reason.set(String::new());
                        done.set(true);
                    }
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(if for_employee {
                            employee_reset_error(&e, texts)
                        } else {
                            error_message(&e, texts)
                        }));
                    }
                }
            });
        })
    };

    let radio = |value: ResetDelivery, id: &'static str, label: &'static str| {
        let checked = *delivery == value;
        let delivery = delivery.clone();
        let onchange = Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                delivery.set(value);
            }
        });
        html! {
            <div class="check">
                <input type="radio" {id} name="delivery" {checked} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let email_label = if props.for_employee {
        texts.field_employee_email
    } else {
        texts.field_email
    };
    let summary = error_summary(
        &errors,
        &[
            ("email", email_label),
            ("reason", texts.field_reset_reason),
            ("delivery", texts.field_delivery),
        ],
    );
    let success = if props.for_employee {
        texts.reset_registered_staff
    } else {
        texts.reset_registered
    };
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        done.then_some(AttrValue::Static(success))
    };
    html! {
        <form class="form" {onsubmit} novalidate=true>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
            <Field id="reset_email" label={email_label} maxlength={limits::EMAIL_MAX}
                kind="email" autocomplete={(!props.for_employee).then_some(AttrValue::Static("email"))}
                required=true value={(*email).clone()} oninput={setter(&email)}
                error={field_error("email")} />
            <Field id="reset_reason" label={texts.field_reset_reason} multiline=true
                required=true maxlength={limits::REASON_MAX} hint={texts.reset_reason_hint}
                value={(*reason).clone()} oninput={setter(&reason)}
                error={field_error("reason")} />
            <fieldset class="fieldset">
                <legend>{ texts.field_delivery }</legend>
                { radio(ResetDelivery::EmailSms, "delivery_email_sms", texts.delivery_email_sms) }
                { radio(ResetDelivery::Letter, "delivery_letter", texts.delivery_letter) }
            </fieldset>
            <div class="button-row">
                <button type="submit" class="button">{ texts.reset_submit }</button>
            </div>
        </form>
    }
}
