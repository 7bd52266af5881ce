//! `/residents/register` (Rejestracja w powiadomieniach): the public self-registration form,
//! phone-sized first. The districts and the consent text come from the server; the fields
//! are checked by the same domain rules the server runs (`notify::fields`), every refusal at
//! once. After the 202 it says where the code went and offers the binding form.

use ratusz_domain::api::notify::{
    CodeChannel, ConsentText, District, RegistrationAccepted, RegistrationInput,
};
use ratusz_domain::notify::fields::{check_registration, FieldContext};
use ratusz_domain::time::Timestamp;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::bind_form::BindForm;
use super::draft::{optional, Draft};
use super::person_fields::{person_field_labels, PersonFields};
use super::{error_of, use_resident_texts, Errors};
use crate::api::notify;
use crate::components::form::{on_submit, Checkbox, FormMessages};
use crate::council::js_now_ms;
use crate::i18n::{use_lang, use_texts, Lang};
use crate::messages::{
    error_message, error_summary, field_errors, format_timestamp, refused_fields,
};
use crate::pages::use_page_title;

/// What the form needs from the server before it can be filled.
#[derive(Clone, PartialEq)]
struct Setup {
    districts: Vec<District>,
    consent: ConsentText,
}

/// The registration page.
#[component]
pub fn ResidentRegisterPage() -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    use_page_title(r.register_title);
    let setup = use_state(|| None::<Result<Setup, String>>);
    {
        let setup = setup.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let loaded = match (notify::districts().await, notify::consent().await) {
                    (Ok(districts), Ok(consent)) => Ok(Setup {
                        districts: districts.items,
                        consent,
                    }),
                    (Err(e), _) | (_, Err(e)) => Err(error_message(&e, texts)),
                };
                setup.set(Some(loaded));
            });
        });
    }
    let body = match &*setup {
        None => html! { <p role="status">{ texts.loading }</p> },
        Some(Err(message)) => html! { <p role="alert" class="form-error">{ message.clone() }</p> },
        Some(Ok(setup)) => html! { <RegistrationForm setup={setup.clone()} /> },
    };
    html! {
        <>
            <h1>{ r.register_title }</h1>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RegistrationFormProps {
    setup: Setup,
}

/// The input the form sends.
fn input_of(draft: &Draft, channel: CodeChannel, consent_version: &str) -> RegistrationInput {
    RegistrationInput {
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
        code_channel: channel,
        consent_version: consent_version.to_owned(),
    }
}

#[component]
fn RegistrationForm(props: &RegistrationFormProps) -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    let draft = use_state(Draft::default);
    let channel = use_state(|| CodeChannel::Email);
    let accepted = use_state(|| false);
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let done = use_state(|| None::<(RegistrationAccepted, String)>);

    if let Some((answer, contact)) = &*done {
        return html! {
            <section aria-labelledby="code-sent-heading">
                <h2 id="code-sent-heading">{ r.bind_title }</h2>
                <p role="status">
                    { r.code_sent_to }{ " " }<strong>{ answer.sent_to.clone() }</strong>{ ". " }
                    { r.code_valid_until }{ " " }{ format_timestamp(answer.expires_at, lang) }
                </p>
                <BindForm contact={contact.clone()} />
            </section>
        };
    }

    let setup = props.setup.clone();
    let onsubmit = {
        let (draft, channel, accepted, errors, error, busy, done) = (
            draft.clone(),
            channel.clone(),
            accepted.clone(),
            errors.clone(),
            error.clone(),
            busy.clone(),
            done.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            let version = &setup.consent.version;
            let input = input_of(&draft, *channel, if *accepted { version } else { "" });
            let exists = |id: &str| setup.districts.iter().any(|d| d.id == id);
            let context = FieldContext {
                now: Timestamp::from_unix_ms(js_now_ms()),
                district_exists: &exists,
            };
            let mut found = match check_registration(&input, version, &context) {
                Ok(_) => Errors::new(),
                Err(refused) => refused_fields(&refused, texts),
            };
            if !*accepted {
                found.remove("consent_version");
                found.insert("consent_version".into(), r.consent_required.into());
            }
            if !found.is_empty() {
                errors.set(found);
                error.set(Some(texts.form_fix_fields.into()));
                return;
            }
            let contact = match *channel {
                CodeChannel::Email => input.email.clone(),
                CodeChannel::Sms => input.phone.clone(),
            }
            .unwrap_or_default();
            busy.set(true);
            errors.set(Errors::new());
            error.set(None);
            let (errors, error, busy, done) =
                (errors.clone(), error.clone(), busy.clone(), done.clone());
            spawn_local(async move {
                let result = notify::register(&input).await;
                busy.set(false);
                match result {
                    Ok(answer) => done.set(Some((answer, contact))),
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };

    let radio = |value: CodeChannel, id: &'static str, label: &'static str| {
        let checked = *channel == value;
        let channel = channel.clone();
        let onchange = Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                channel.set(value);
            }
        });
        html! {
            <div class="check">
                <input type="radio" {id} name="code_channel" {checked} {onchange} />
                <label for={id}>{ label }</label>
            </div>
        }
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |next: Draft| draft.set(next))
    };
    let on_accept = {
        let accepted = accepted.clone();
        Callback::from(move |yes: bool| accepted.set(yes))
    };
    let consent = &props.setup.consent;
    let (consent_text, consent_lang) = match lang {
        Lang::Pl => (consent.text_pl.clone(), "pl"),
        Lang::En => (consent.text_en.clone(), "en"),
    };
    let mut labels = person_field_labels(r);
    labels.extend([
        ("code_channel", r.field_code_channel),
        ("consent_version", r.consent_heading),
    ]);
    let summary = error_summary(&errors, &labels);
    let status = busy.then_some(AttrValue::Static(texts.working));
    let consent_error = error_of(&errors, "consent_version");
    let code_channel_error = error_of(&errors, "code_channel");
    html! {
        <>
            <p>{ r.register_intro }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <PersonFields id_prefix="reg" draft={(*draft).clone()} on_change={on_draft}
                    errors={(*errors).clone()} districts={props.setup.districts.clone()} />
                <fieldset class="fieldset">
                    <legend>{ r.field_code_channel }</legend>
                    if let Some(message) = code_channel_error {
                        <p class="field-error">{ message }</p>
                    }
                    { radio(CodeChannel::Email, "code_channel_email", r.code_by_email) }
                    { radio(CodeChannel::Sms, "code_channel_sms", r.code_by_sms) }
                </fieldset>
                <fieldset class="fieldset">
                    <legend>{ r.consent_heading }</legend>
                    <p lang={consent_lang}>{ consent_text }</p>
                    if lang == Lang::En {
                        <p class="hint">{ r.consent_translation_note }</p>
                    }
                    <p class="hint">{ r.consent_version }{ ": " }{ consent.version.clone() }</p>
                    if let Some(message) = consent_error {
                        <p class="field-error">{ message }</p>
                    }
                    <Checkbox id="consent_accept" label={r.consent_accept} checked={*accepted}
                        onchange={on_accept} />
                </fieldset>
                <div class="button-row">
                    <button type="submit" class="button">{ r.register_submit }</button>
                </div>
            </form>
        </>
    }
}
