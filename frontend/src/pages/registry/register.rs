//! `/registry/register`: staff register a resident at their request — the resident form's
//! fields (`person_fields`), checked by the domain's staff rules (`check_staff_registration`)
//! with every refusal at once, an optional validation code, and one `Idempotency-Key` per
//! submit (a repeated request of the same submit gets the first answer). After the 201 the
//! resident's page opens, where the consent document is printed.

use ratusz_domain::api::notify::{CodeChannel, RecipientInput};
use ratusz_domain::notify::fields::{check_staff_registration, FieldContext};
use ratusz_domain::time::Timestamp;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{use_districts, use_registry_texts};
use crate::api::registry;
use crate::app::Route;
use crate::components::form::{on_submit, FormMessages};
use crate::council::{js_now_ms, new_idempotency_key};
use crate::i18n::use_texts;
use crate::messages::{error_message, error_summary, field_errors, refused_fields};
use crate::pages::residents::draft::{optional, Draft};
use crate::pages::residents::person_fields::{person_field_labels, PersonFields};
use crate::pages::residents::{error_of, use_resident_texts, Errors};
use crate::pages::use_page_title;

/// The input the form sends.
fn input_of(draft: &Draft, send_code: Option<CodeChannel>) -> RecipientInput {
    RecipientInput {
        first_name: draft.first_name.trim().to_owned(),
        last_name: draft.last_name.trim().to_owned(),
        birth_date: draft.birth_date.trim().to_owned(),
        sex: draft.sex(),
        address: draft.address(),
        email: optional(&draft.email),
        phone: optional(&draft.phone),
        ade_address: optional(&draft.ade_address),
        channels: None,
        quiet_hours: None,
        send_code,
    }
}

/// The staff registration page.
#[component]
pub fn RegistryRegisterPage() -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    use_page_title(t.register_title);
    let navigator = use_navigator();
    let districts = use_districts();
    let draft = use_state(Draft::default);
    let send_code = use_state(|| None::<CodeChannel>);
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);

    let onsubmit = {
        let (draft, send_code, errors, error, busy, districts) = (
            draft.clone(),
            send_code.clone(),
            errors.clone(),
            error.clone(),
            busy.clone(),
            districts.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            let input = input_of(&draft, *send_code);
            let exists = |id: &str| districts.iter().any(|d| d.id == id);
            let context = FieldContext {
                now: Timestamp::from_unix_ms(js_now_ms()),
                district_exists: &exists,
            };
            if let Err(refused) = check_staff_registration(&input, &context) {
                errors.set(refused_fields(&refused, texts));
                error.set(Some(texts.form_fix_fields.into()));
                return;
            }
            busy.set(true);
            errors.set(Errors::new());
            error.set(None);
            let key = new_idempotency_key();
            let (errors, error, busy, navigator) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                navigator.clone(),
            );
            spawn_local(async move {
                let result = registry::register(&input, &key).await;
                busy.set(false);
                match result {
                    Ok(created) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::RegistryRecipient { id: created.id });
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
    let radio = |value: Option<CodeChannel>, id: &'static str, label: &'static str| {
        let checked = *send_code == value;
        let send_code = send_code.clone();
        let onchange = Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                send_code.set(value);
            }
        });
        html! {
            <div class="check">
                <input type="radio" {id} name="send_code" {checked} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |next: Draft| draft.set(next))
    };
    let mut labels = person_field_labels(r);
    labels.extend([("send_code", t.field_send_code)]);
    let summary = error_summary(&errors, &labels);
    let status = busy.then_some(AttrValue::Static(texts.working));
    html! {
        <>
            <h1>{ t.register_title }</h1>
            <p>{ t.register_intro }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <PersonFields id_prefix="staff" draft={(*draft).clone()} on_change={on_draft}
                    errors={(*errors).clone()} districts={(*districts).clone()} />
                <fieldset class="fieldset">
                    <legend>{ t.field_send_code }</legend>
                    if let Some(message) = error_of(&errors, "send_code") {
                        <p class="field-error">{ message }</p>
                    }
                    { radio(None, "send_code_none", t.send_code_none) }
                    { radio(Some(CodeChannel::Email), "send_code_email", r.code_by_email) }
                    { radio(Some(CodeChannel::Sms), "send_code_sms", r.code_by_sms) }
                </fieldset>
                <div class="button-row">
                    <button type="submit" class="button">{ t.register_submit }</button>
                </div>
            </form>
        </>
    }
}
