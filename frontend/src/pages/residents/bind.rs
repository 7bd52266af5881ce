//! `/residents/bind` (Powiąż to urządzenie): a code binds this device; a resident without a
//! code asks for a new one (`POST /api/notify/codes`, the same answer whether the contact
//! is known or not).

use ratusz_domain::api::notify::CodeRequest;
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::bind_form::BindForm;
use super::use_resident_texts;
use crate::api::notify;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::i18n::use_texts;
use crate::messages::{error_message, field_errors};
use crate::pages::use_page_title;

/// The binding page.
#[component]
pub fn ResidentBindPage() -> Html {
    let r = use_resident_texts();
    use_page_title(r.bind_title);
    html! {
        <>
            <h1>{ r.bind_title }</h1>
            <p>{ r.bind_intro }</p>
            <BindForm />
            <section aria-labelledby="new-code-heading">
                <h2 id="new-code-heading">{ r.new_code_heading }</h2>
                <p>{ r.new_code_intro }</p>
                <NewCodeForm />
            </section>
        </>
    }
}

/// Asks for a new code.
#[component]
fn NewCodeForm() -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let contact = use_state(String::new);
    let error = use_state(|| None::<String>);
    let field_error = use_state(|| None::<String>);
    let sent = use_state(|| false);
    let busy = use_state(|| false);
    let onsubmit = {
        let (contact, error, field_error, sent, busy) = (
            contact.clone(),
            error.clone(),
            field_error.clone(),
            sent.clone(),
            busy.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            sent.set(false);
            if contact.trim().is_empty() {
                field_error.set(Some(texts.problems.field_required.into()));
                error.set(Some(texts.form_fix_fields.into()));
                return;
            }
            busy.set(true);
            error.set(None);
            field_error.set(None);
            let body = CodeRequest {
                contact: contact.trim().to_owned(),
            };
            let (error, field_error, sent, busy) = (
                error.clone(),
                field_error.clone(),
                sent.clone(),
                busy.clone(),
            );
            spawn_local(async move {
                let result = notify::request_code(&body).await;
                busy.set(false);
                match result {
                    Ok(()) => sent.set(true),
                    Err(e) => {
                        field_error.set(field_errors(&e, texts).remove("contact"));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };
    let status = if *busy {
        Some(AttrValue::Static(texts.working))
    } else {
        sent.then_some(AttrValue::Static(r.new_code_sent))
    };
    html! {
        <form class="form" {onsubmit} novalidate=true>
            <FormMessages error={(*error).clone().map(AttrValue::from)} {status} />
            <Field id="new_code_contact" label={r.field_contact} required=true
                autocomplete="username" maxlength={limits::CONTACT_MAX}
                value={(*contact).clone()} oninput={setter(&contact)}
                error={(*field_error).clone().map(AttrValue::from)} />
            <div class="button-row">
                <button type="submit" class="button button-secondary">{ r.new_code_submit }</button>
            </div>
        </form>
    }
}
