//! The rights a bound resident uses on "Moje dane": suspend and lift, withdraw and give
//! consent again, the portable copy, unbind this device, erase. Each answer is the recipient
//! as it stands now (or, for unbind and erasure, a device that is no longer bound).

use std::future::Future;

use ratusz_domain::accounts::local_time;
use ratusz_domain::api::notify::{ConsentInput, ConsentState, Recipient, SuspensionInput};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{use_resident_texts, Errors};
use crate::api::notify::{self, INVALID_TOKEN};
use crate::api::{encode_component, ApiError};
use crate::components::confirm::ConfirmButton;
use crate::components::form::{on_submit, setter, Field};
use crate::i18n::{use_lang, use_texts, Texts};
use crate::messages::{error_message, field_errors, format_timestamp};

/// What an action tells the page.
#[derive(Clone, PartialEq)]
pub enum Outcome {
    /// The recipient as it stands now, with what to announce.
    Updated(Box<Recipient>, &'static str),
    /// This device is no longer bound (unbound, erased, or the token was revoked).
    Gone(&'static str),
    /// The action was refused: what to say, and the refused fields.
    Failed(String, Errors),
}

/// Props of the action sections.
#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    /// The recipient as shown.
    pub recipient: Recipient,
    /// The portable copy: the JSON text `GET /api/notify/me` answered.
    pub copy: AttrValue,
    /// Told the outcome of every action.
    pub on_outcome: Callback<Outcome>,
}

/// The failure of an action as an outcome: a revoked token means this device is unbound.
fn failed(error: &ApiError, texts: &'static Texts) -> Outcome {
    if error.code() == INVALID_TOKEN {
        return Outcome::Gone(texts.residents.token_revoked);
    }
    Outcome::Failed(error_message(error, texts), field_errors(error, texts))
}

/// Runs `call` and reports the recipient it answers, announced with `done`.
pub(super) fn run<F>(
    call: F,
    done: &'static str,
    texts: &'static Texts,
    on_outcome: Callback<Outcome>,
) where
    F: Future<Output = Result<Recipient, ApiError>> + 'static,
{
    spawn_local(async move {
        on_outcome.emit(match call.await {
            Ok(recipient) => Outcome::Updated(Box::new(recipient), done),
            Err(e) => failed(&e, texts),
        });
    });
}

/// Suspension: until a day, until lifted, or lift it.
#[component]
pub fn SuspensionSection(props: &ActionsProps) -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    let day = use_state(String::new);
    let on_outcome = props.on_outcome.clone();
    let state = if !props.recipient.suspended {
        r.sending_on.to_owned()
    } else if let Some(until) = props.recipient.suspended_until {
        format!("{} {}", r.suspended_until, format_timestamp(until, lang))
    } else {
        r.suspended_open.to_owned()
    };
    let body = if props.recipient.suspended {
        let lift = Callback::from(move |_: MouseEvent| {
            run(
                notify::lift_suspension(),
                r.lifted_done,
                texts,
                on_outcome.clone(),
            )
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
                // The end of the chosen day in Polish time; no day = until lifted.
                let until = match day.trim() {
                    "" => None,
                    d => match local_time::from_input(&format!("{d}T23:59")) {
                        Some(at) => Some(at),
                        None => {
                            let mut refused = Errors::new();
                            refused.insert("until".into(), texts.residents.format_date.into());
                            on_outcome.emit(Outcome::Failed(texts.form_fix_fields.into(), refused));
                            return;
                        }
                    },
                };
                let call = async move { notify::suspend(&SuspensionInput { until }).await };
                run(call, r.suspended_done, texts, on_outcome.clone());
            })
        };
        html! {
            <form class="form" {onsubmit} novalidate=true>
                <Field id="suspend_until" label={r.field_suspend_until} kind="date"
                    hint={r.suspend_until_hint} value={(*day).clone()} oninput={setter(&day)} />
                <div class="button-row">
                    <button type="submit" class="button">{ r.suspend_submit }</button>
                </div>
            </form>
        }
    };
    html! {
        <section aria-labelledby="suspend-heading">
            <h2 id="suspend-heading">{ r.suspend_heading }</h2>
            <p>{ r.suspend_intro }</p>
            <p>{ r.sending }{ ": " }<strong>{ state }</strong></p>
            { body }
        </section>
    }
}

/// Consent: withdraw it, or give it again to the current text.
#[component]
pub fn ConsentSection(props: &ActionsProps) -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    let on_outcome = props.on_outcome.clone();
    let withdrawn = props.recipient.consent.state == ConsentState::Withdrawn;
    let current = use_state(|| None::<ratusz_domain::api::notify::ConsentText>);
    {
        let current = current.clone();
        use_effect_with(withdrawn, move |withdrawn| {
            if *withdrawn {
                spawn_local(async move {
                    if let Ok(text) = notify::consent().await {
                        current.set(Some(text));
                    }
                });
            }
        });
    }
    let body = if withdrawn {
        match &*current {
            None => html! { <p>{ texts.loading }</p> },
            Some(consent) => {
                let version = consent.version.clone();
                let give = Callback::from(move |_: MouseEvent| {
                    let body = ConsentInput {
                        consent_version: version.clone(),
                    };
                    let call = async move { notify::give_consent(&body).await };
                    run(call, r.given_again_done, texts, on_outcome.clone())
                });
                let text = match lang {
                    crate::i18n::Lang::Pl => consent.text_pl.clone(),
                    crate::i18n::Lang::En => consent.text_en.clone(),
                };
                html! {
                    <>
                        <p>{ r.give_again_intro }</p>
                        <p lang={lang.code()}>{ text }</p>
                        <div class="button-row">
                            <button type="button" class="button" onclick={give}>
                                { r.give_again_submit }
                            </button>
                        </div>
                    </>
                }
            }
        }
    } else {
        let withdraw = Callback::from(move |()| {
            run(
                notify::withdraw_consent(),
                r.withdrawn_done,
                texts,
                on_outcome.clone(),
            )
        });
        html! {
            <>
                <p>{ r.withdraw_intro }</p>
                <ConfirmButton label={r.withdraw_submit} question={r.withdraw_question}
                    on_confirm={withdraw} danger=true />
            </>
        }
    };
    html! {
        <section aria-labelledby="consent-heading">
            <h2 id="consent-heading">{ r.consent_section }</h2>
            { body }
        </section>
    }
}

/// The portable copy, this device, and erasure.
#[component]
pub fn LeavingSections(props: &ActionsProps) -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        encode_component(&props.copy)
    );
    let unbind = {
        let on_outcome = props.on_outcome.clone();
        Callback::from(move |()| {
            let on_outcome = on_outcome.clone();
            spawn_local(async move {
                on_outcome.emit(match notify::unbind().await {
                    Ok(()) => Outcome::Gone(r.unbound_done),
                    Err(e) => failed(&e, texts),
                });
            });
        })
    };
    let erase = {
        let on_outcome = props.on_outcome.clone();
        Callback::from(move |()| {
            let on_outcome = on_outcome.clone();
            spawn_local(async move {
                on_outcome.emit(match notify::erase().await {
                    Ok(()) => Outcome::Gone(r.erased_done),
                    Err(e) => failed(&e, texts),
                });
            });
        })
    };
    html! {
        <>
            <section aria-labelledby="copy-heading">
                <h2 id="copy-heading">{ r.copy_heading }</h2>
                <p>{ r.copy_intro }</p>
                <p><a class="button button-secondary" {href} download="moje-dane-powiadomienia.json">
                    { r.copy_download }
                </a></p>
            </section>
            <section aria-labelledby="device-heading">
                <h2 id="device-heading">{ r.device_heading }</h2>
                <p>{ r.device_intro }</p>
                <ConfirmButton label={r.unbind_submit} question={r.unbind_question}
                    on_confirm={unbind} />
            </section>
            <section aria-labelledby="erase-heading">
                <h2 id="erase-heading">{ r.erase_heading }</h2>
                <p>{ r.erase_intro }</p>
                <ConfirmButton label={r.erase_submit} question={r.erase_question}
                    on_confirm={erase} danger=true />
            </section>
        </>
    }
}
