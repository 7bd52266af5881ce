//! The staff's actions at a resident's request on `/registry/residents/:id`: suspension and
//! its lifting, consent withdrawal, a new validation code, and the erasure by two people
//! (asked for with a reason, confirmed by another `notifier_admin`, or withdrawn).

use ratusz_domain::accounts::local_time;
use ratusz_domain::api::notify::{
    CodeChannel, CodeSendInput, ErasureRequestInput, SuspensionInput,
};
use ratusz_domain::notify::erasure;
use ratusz_domain::validate::limits;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::recipient::{failed, ActionProps, Outcome};
use super::use_registry_texts;
use crate::api::registry;
use crate::components::confirm::ConfirmButton;
use crate::components::form::{on_submit, setter, Field};
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::residents::{error_of, use_resident_texts, Errors};
use crate::problems::invalid_message;

/// Suspension until a day (the end of it in Polish time) or until lifted; or lift it.
#[component]
pub fn SuspensionSection(props: &ActionProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let day = use_state(String::new);
    let (id, on_outcome) = (props.recipient.id.clone(), props.on_outcome.clone());
    let body = if props.recipient.suspended {
        let lift = Callback::from(move |_: MouseEvent| {
            let (id, on_outcome) = (id.clone(), on_outcome.clone());
            spawn_local(async move {
                on_outcome.emit(match registry::lift_suspension(&id).await {
                    Ok(next) => Outcome::Updated(Box::new(next), r.lifted_done),
                    Err(e) => failed(&e, texts),
                });
            });
        });
        html! {
            <div class="button-row">
                <button type="button" class="button" onclick={lift}>{ r.lift_submit }</button>
            </div>
        }
    } else {
        let onsubmit = {
            let day = day.clone();
            on_submit(move || {
                let until = match day.trim() {
                    "" => None,
                    d => match local_time::from_input(&format!("{d}T23:59")) {
                        Some(at) => Some(at),
                        None => {
                            let mut refused = Errors::new();
                            refused.insert("until".into(), r.format_date.into());
                            on_outcome.emit(Outcome::Failed(texts.form_fix_fields.into(), refused));
                            return;
                        }
                    },
                };
                let (id, on_outcome) = (id.clone(), on_outcome.clone());
                spawn_local(async move {
                    let body = SuspensionInput { until };
                    on_outcome.emit(match registry::suspend(&id, &body).await {
                        Ok(next) => Outcome::Updated(Box::new(next), r.suspended_done),
                        Err(e) => failed(&e, texts),
                    });
                });
            })
        };
        html! {
            <form class="form" {onsubmit} novalidate=true>
                <Field id="suspend_until" label={r.field_suspend_until} kind="date"
                    hint={r.suspend_until_hint} value={(*day).clone()} oninput={setter(&day)}
                    error={error_of(&props.errors, "until")} />
                <div class="button-row">
                    <button type="submit" class="button">{ r.suspend_submit }</button>
                </div>
            </form>
        }
    };
    html! {
        <section aria-labelledby="registry-suspend-heading">
            <h2 id="registry-suspend-heading">{ r.suspend_heading }</h2>
            <p>{ t.suspend_intro }</p>
            { body }
        </section>
    }
}

/// Consent withdrawn at the person's request.
#[component]
pub fn WithdrawalSection(props: &ActionProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let (id, on_outcome) = (props.recipient.id.clone(), props.on_outcome.clone());
    let withdraw = Callback::from(move |()| {
        let (id, on_outcome) = (id.clone(), on_outcome.clone());
        spawn_local(async move {
            on_outcome.emit(match registry::withdraw_consent(&id).await {
                // Recorded in the office: the server opened an erasure request in our name
                // (or one was pending already), which the page now shows.
                Ok(next) if next.erasure_request.is_some() => {
                    Outcome::Updated(Box::new(next), t.withdrawn_erasure_requested)
                }
                Ok(next) => Outcome::Updated(Box::new(next), r.withdrawn_done),
                Err(e) => failed(&e, texts),
            });
        });
    });
    html! {
        <section aria-labelledby="registry-withdraw-heading">
            <h2 id="registry-withdraw-heading">{ r.consent_section }</h2>
            <p>{ t.withdraw_intro }</p>
            <ConfirmButton label={r.withdraw_submit} question={t.withdraw_question}
                on_confirm={withdraw} danger=true />
        </section>
    }
}

/// A new validation code over e-mail or SMS.
#[component]
pub fn CodeSection(props: &ActionProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    let p = &props.recipient;
    let first = if p.email.is_none() && p.phone.is_some() {
        CodeChannel::Sms
    } else {
        CodeChannel::Email
    };
    let channel = use_state(|| first);
    let onsubmit = {
        let channel = channel.clone();
        let (id, on_outcome) = (p.id.clone(), props.on_outcome.clone());
        on_submit(move || {
            let body = CodeSendInput { channel: *channel };
            let (id, on_outcome) = (id.clone(), on_outcome.clone());
            spawn_local(async move {
                on_outcome.emit(match registry::send_code(&id, &body).await {
                    Ok(sent) => Outcome::Said(format!(
                        "{} {}. {} {}",
                        t.code_sent,
                        sent.sent_to,
                        r.code_valid_until,
                        format_timestamp(sent.expires_at, lang)
                    )),
                    Err(e) => failed(&e, texts),
                });
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
    html! {
        <section aria-labelledby="registry-code-heading">
            <h2 id="registry-code-heading">{ t.code_heading }</h2>
            <p>{ t.code_intro }</p>
            <form class="form" {onsubmit} novalidate=true>
                <fieldset class="fieldset">
                    <legend>{ t.field_code_channel }</legend>
                    if let Some(message) = error_of(&props.errors, "channel") {
                        <p class="field-error">{ message }</p>
                    }
                    { radio(CodeChannel::Email, "new_code_email", r.code_by_email) }
                    { radio(CodeChannel::Sms, "new_code_sms", r.code_by_sms) }
                </fieldset>
                <div class="button-row">
                    <button type="submit" class="button">{ t.code_submit }</button>
                </div>
            </form>
        </section>
    }
}

/// Erasure by two people: ask with a reason; another person confirms; either withdraws. A
/// pending request (one a withdrawal recorded in the office opened included) is shown.
#[component]
pub fn ErasureSection(props: &ActionProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let lang = use_lang();
    let reason = use_state(String::new);
    let id = props.recipient.id.clone();
    let on_outcome = props.on_outcome.clone();
    let shown = props.recipient.clone();
    let onsubmit = {
        let (reason, id, on_outcome) = (reason.clone(), id.clone(), on_outcome.clone());
        let shown = shown.clone();
        on_submit(move || {
            // The domain's rule first: an empty or too long reason is refused at once.
            let body = match erasure::reason(&reason) {
                Ok(reason) => ErasureRequestInput { reason },
                Err(invalid) => {
                    let mut refused = Errors::new();
                    refused.insert("reason".into(), invalid_message(&invalid, texts));
                    on_outcome.emit(Outcome::Failed(texts.form_fix_fields.into(), refused));
                    return;
                }
            };
            let (id, on_outcome, reason) = (id.clone(), on_outcome.clone(), reason.clone());
            let mut next = shown.clone();
            spawn_local(async move {
                on_outcome.emit(match registry::request_erasure(&id, &body).await {
                    Ok(pending) => {
                        reason.set(String::new());
                        next.erasure_request = Some(pending);
                        Outcome::Updated(Box::new(next), t.erase_requested)
                    }
                    Err(e) => failed(&e, texts),
                });
            });
        })
    };
    let confirm = {
        let (id, on_outcome) = (id.clone(), on_outcome.clone());
        Callback::from(move |()| {
            let (id, on_outcome) = (id.clone(), on_outcome.clone());
            spawn_local(async move {
                on_outcome.emit(match registry::confirm_erasure(&id).await {
                    Ok(gone) => Outcome::Erased(gone),
                    // No pending request: nothing to confirm (the data is still here).
                    Err(e) if e.status() == Some(404) => {
                        Outcome::Failed(t.erase_none_pending.to_owned(), Errors::new())
                    }
                    Err(e) => failed(&e, texts),
                });
            });
        })
    };
    let withdraw = Callback::from(move |_: MouseEvent| {
        let (id, on_outcome) = (id.clone(), on_outcome.clone());
        let mut next = shown.clone();
        spawn_local(async move {
            on_outcome.emit(match registry::withdraw_erasure(&id).await {
                Ok(()) => {
                    next.erasure_request = None;
                    Outcome::Updated(Box::new(next), t.erase_withdrawn)
                }
                Err(e) if e.status() == Some(404) => {
                    Outcome::Failed(t.erase_none_pending.to_owned(), Errors::new())
                }
                Err(e) => failed(&e, texts),
            });
        });
    });
    html! {
        <section aria-labelledby="registry-erase-heading">
            <h2 id="registry-erase-heading">{ t.erase_heading }</h2>
            <p>{ t.erase_intro }</p>
            if let Some(pending) = &props.recipient.erasure_request {
                <p class="notice">
                    { format!("{} {}", t.erase_pending, format_timestamp(pending.requested_at, lang)) }
                </p>
            }
            <form class="form" {onsubmit} novalidate=true>
                <Field id="erase_reason" label={t.field_erase_reason} multiline=true required=true
                    maxlength={limits::REASON_MAX} value={(*reason).clone()}
                    oninput={setter(&reason)} error={error_of(&props.errors, "reason")} />
                <div class="button-row">
                    <button type="submit" class="button">{ t.erase_request_submit }</button>
                </div>
            </form>
            <div class="button-row">
                <ConfirmButton label={t.erase_confirm} question={t.erase_confirm_question}
                    on_confirm={confirm} danger=true />
                <button type="button" class="button button-secondary" onclick={withdraw}>
                    { t.erase_withdraw }
                </button>
            </div>
        </section>
    }
}
