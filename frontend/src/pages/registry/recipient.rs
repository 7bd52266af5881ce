//! `/registry/residents/:id` (Dane mieszkańca): everything stored about one resident (each
//! opening is audited by the server), the verification decision (four eyes after a staff
//! registration), the consent document (print, signed, archived) and the correction; the
//! other staff actions are `recipient_actions`. One alert and one status region at the top
//! say every action's outcome.

use ratusz_domain::api::notify::{
    Channel, ConsentDocumentMark, ConsentDocumentState, ConsentState, ErasedRecipient, Recipient,
    RecipientRecord, RegisteredBy, Sex, Verification, VerificationInput,
};
use ratusz_domain::notify::fields::{apply_patch, FieldContext};
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::limits;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::recipient_actions::{CodeSection, ErasureSection, SuspensionSection, WithdrawalSection};
use super::{district_name, document_name, use_districts, use_registry_texts, verification_name};
use crate::api::{registry, ApiError};
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages, Select};
use crate::components::nav_link::NavLink;
use crate::council::js_now_ms;
use crate::i18n::{use_lang, use_texts, Texts};
use crate::messages::{
    error_message, error_summary, field_errors, format_timestamp, refused_fields,
};
use crate::pages::admin::Loaded;
use crate::pages::residents::draft::Draft;
use crate::pages::residents::me::fields_of;
use crate::pages::residents::person_fields::{person_field_labels, PersonFields};
use crate::pages::residents::quiet_hours::quiet_hours_text;
use crate::pages::residents::{error_of, use_resident_texts, Errors};
use crate::pages::use_page_title;

/// What an action tells the page.
#[derive(Clone, PartialEq)]
pub enum Outcome {
    /// The resident as stored now, with what to announce.
    Updated(Box<Recipient>, &'static str),
    /// Done, nothing to reload (a code sent, an erasure asked for): what to announce.
    Said(String),
    /// The data is gone.
    Erased(ErasedRecipient),
    /// Refused: the sentence and the refused fields.
    Failed(String, Errors),
}

/// A refusal as an outcome.
pub fn failed(error: &ApiError, texts: &'static Texts) -> Outcome {
    Outcome::Failed(error_message(error, texts), field_errors(error, texts))
}

/// Props of the action sections.
#[derive(Properties, PartialEq)]
pub struct ActionProps {
    /// The resident as shown.
    pub recipient: Recipient,
    /// Refusals by field (`until`, `channel`, `reason`, `note`).
    pub errors: Errors,
    /// Told every outcome.
    pub on_outcome: Callback<Outcome>,
}

#[derive(Properties, PartialEq)]
pub struct RecipientPageProps {
    /// The resident's id.
    pub id: AttrValue,
}

/// The resident's page.
#[component]
pub fn RegistryRecipientPage(props: &RecipientPageProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    use_page_title(t.detail_title);
    let record = use_state(|| Loaded::<RecipientRecord>::Loading);
    let notice = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let errors = use_state(Errors::new);
    {
        let record = record.clone();
        use_effect_with(props.id.clone(), move |id| {
            let id = id.clone();
            spawn_local(async move {
                record.set(match registry::recipient(&id).await {
                    Ok(found) => Loaded::Ready(found),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_outcome = {
        let (record, notice, error, errors) = (
            record.clone(),
            notice.clone(),
            error.clone(),
            errors.clone(),
        );
        Callback::from(move |outcome: Outcome| {
            let done = |said: String| {
                error.set(None);
                errors.set(Errors::new());
                notice.set(Some(said));
            };
            match outcome {
                Outcome::Updated(next, said) => {
                    record.set(Loaded::Ready(RecipientRecord::Present(next)));
                    done(said.to_owned());
                }
                Outcome::Said(said) => done(said),
                Outcome::Erased(gone) => {
                    record.set(Loaded::Ready(RecipientRecord::Erased(gone)));
                    done(t.erased_done.to_owned());
                }
                Outcome::Failed(message, refused) => {
                    notice.set(None);
                    errors.set(refused);
                    error.set(Some(message));
                }
            }
        })
    };
    let summary = error_summary(&errors, &[]);
    let body = match &*record {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(RecipientRecord::Erased(gone)) => html! { <Erased gone={gone.clone()} /> },
        Loaded::Ready(RecipientRecord::Present(p)) => {
            let p = (**p).clone();
            let errors = (*errors).clone();
            html! {
                <>
                    <p class="hint">{ t.detail_audit_note }</p>
                    <Facts recipient={p.clone()} />
                    <VerificationSection recipient={p.clone()} errors={errors.clone()}
                        on_outcome={on_outcome.clone()} />
                    if p.consent_document.state != ConsentDocumentState::NotNeeded {
                        <DocumentSection recipient={p.clone()} errors={errors.clone()}
                            on_outcome={on_outcome.clone()} />
                    }
                    <CorrectionForm recipient={p.clone()} errors={Errors::new()}
                        on_outcome={on_outcome.clone()} />
                    <SuspensionSection recipient={p.clone()} errors={errors.clone()}
                        on_outcome={on_outcome.clone()} />
                    if p.consent.state == ConsentState::Given {
                        <WithdrawalSection recipient={p.clone()} errors={errors.clone()}
                            on_outcome={on_outcome.clone()} />
                    }
                    <CodeSection recipient={p.clone()} errors={errors.clone()}
                        on_outcome={on_outcome.clone()} />
                    <ErasureSection recipient={p} {errors} on_outcome={on_outcome.clone()} />
                </>
            }
        }
    };
    html! {
        <>
            <h1>{ t.detail_title }</h1>
            <p><NavLink to={Route::RegistryResidents}>{ t.back_to_list }</NavLink></p>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                status={(*notice).clone().map(AttrValue::from)} />
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ErasedProps {
    gone: ErasedRecipient,
}

/// What is left of an erased resident.
#[component]
fn Erased(props: &ErasedProps) -> Html {
    let t = use_registry_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    html! {
        <>
            <p>{ t.erased_text }{ " " }{ format_timestamp(props.gone.erased_at, lang) }</p>
            <dl class="facts">
                <dt>{ r.recipient_id }</dt><dd>{ props.gone.id.clone() }</dd>
            </dl>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FactsProps {
    recipient: Recipient,
}

fn channel_name(c: Channel, r: &crate::i18n::ResidentTexts) -> &'static str {
    match c {
        Channel::Email => r.channel_email,
        Channel::Sms => r.channel_sms,
        Channel::Push => r.channel_push,
        Channel::Edoreczenia => r.channel_edoreczenia,
    }
}

/// Everything stored, as a description list.
#[component]
fn Facts(props: &FactsProps) -> Html {
    let t = use_registry_texts();
    let r = use_resident_texts();
    let lang = use_lang();
    let districts = use_districts();
    let p = &props.recipient;
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| r.not_given.to_owned());
    let at = |v: Timestamp| format_timestamp(v, lang);
    let sex = match p.sex {
        Some(Sex::Female) => r.sex_female,
        Some(Sex::Male) => r.sex_male,
        None => r.not_given,
    };
    let sending = if !p.suspended {
        r.sending_on.to_owned()
    } else if let Some(until) = p.suspended_until {
        format!("{} {}", r.suspended_until, at(until))
    } else {
        r.suspended_open.to_owned()
    };
    let consent = match p.consent.state {
        ConsentState::Given => format!(
            "{} ({} {}, {} {})",
            r.consent_given,
            r.consent_given_at,
            at(p.consent.given_at),
            r.consent_version,
            p.consent.version
        ),
        ConsentState::Withdrawn => format!(
            "{} ({} {})",
            r.consent_withdrawn,
            r.consent_withdrawn_at,
            p.consent.withdrawn_at.map(at).unwrap_or_default()
        ),
    };
    let channels = p
        .channels
        .iter()
        .map(|c| channel_name(*c, r))
        .collect::<Vec<_>>()
        .join(", ");
    let row =
        |term: &'static str, value: String| html! { <><dt>{ term }</dt><dd>{ value }</dd></> };
    html! {
        <section aria-labelledby="registry-data-heading">
            <h2 id="registry-data-heading">{ r.data_heading }</h2>
            <dl class="facts">
                { row(r.name, format!("{} {}", p.first_name, p.last_name)) }
                { row(r.field_birth_date, p.birth_date.clone()) }
                { row(r.field_sex, sex.to_owned()) }
                { row(r.address, format!("{} {}, {}", p.address.street, p.address.number, p.address.postal_code)) }
                { row(r.field_district, district_name(&districts, &p.address.district_id)) }
                { row(r.field_email, or_none(&p.email)) }
                { row(r.field_phone, or_none(&p.phone)) }
                { row(r.field_ade, or_none(&p.ade_address)) }
                { row(r.field_channels, channels) }
                { row(r.quiet_label, quiet_hours_text(p, r)) }
                { row(r.verification, verification_name(p.verification, r).to_owned()) }
                { row(r.sending, sending) }
                { row(r.consent_state, consent) }
                { row(t.col_document, document_name(p.consent_document.state, t).to_owned()) }
                { row(t.device, (if p.device_bound { t.device_bound } else { t.device_not_bound }).to_owned()) }
                { row(t.registered_by, (match p.registered_by {
                    RegisteredBy::SelfService => t.registered_by_self,
                    RegisteredBy::Staff => t.registered_by_staff,
                }).to_owned()) }
                { row(r.registered_at, at(p.created_at)) }
                { row(r.updated_at, at(p.updated_at)) }
                { row(r.recipient_id, p.id.clone()) }
            </dl>
        </section>
    }
}

/// The decision: verified, restricted or unverified, with a note.
#[component]
fn VerificationSection(props: &ActionProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let decision = use_state(|| props.recipient.verification.as_str().to_owned());
    let note = use_state(String::new);
    let onsubmit = {
        let (decision, note) = (decision.clone(), note.clone());
        let id = props.recipient.id.clone();
        let on_outcome = props.on_outcome.clone();
        on_submit(move || {
            let Some(decision) = Verification::parse(&decision) else {
                return;
            };
            let body = VerificationInput {
                decision,
                note: Some(note.trim().to_owned()).filter(|n| !n.is_empty()),
            };
            let (id, on_outcome, note) = (id.clone(), on_outcome.clone(), note.clone());
            spawn_local(async move {
                on_outcome.emit(match registry::verify(&id, &body).await {
                    Ok(next) => {
                        note.set(String::new());
                        Outcome::Updated(Box::new(next), t.verified_done)
                    }
                    Err(e) => failed(&e, texts),
                });
            });
        })
    };
    let options = Verification::ALL
        .iter()
        .map(|v| {
            (
                AttrValue::Static(v.as_str()),
                AttrValue::Static(verification_name(*v, r)),
            )
        })
        .collect::<Vec<_>>();
    html! {
        <section aria-labelledby="verify-heading">
            <h2 id="verify-heading">{ t.verify_heading }</h2>
            if props.recipient.registered_by == RegisteredBy::Staff {
                <p class="hint">{ t.verify_four_eyes_note }</p>
            }
            <form class="form" {onsubmit} novalidate=true>
                <Select id="decision" label={t.field_decision} value={(*decision).clone()}
                    {options} onchange={setter(&decision)} />
                <Field id="note" label={t.field_note} hint={t.note_hint} multiline=true
                    maxlength={limits::REASON_MAX} value={(*note).clone()}
                    oninput={setter(&note)} error={error_of(&props.errors, "note")} />
                <div class="button-row">
                    <button type="submit" class="button">{ t.verify_submit }</button>
                </div>
            </form>
        </section>
    }
}

/// The printable consent document and its steps (to sign → signed → archived).
#[component]
fn DocumentSection(props: &ActionProps) -> Html {
    let texts = use_texts();
    let t = use_registry_texts();
    let lang = use_lang();
    let p = &props.recipient;
    let mark = |state: ConsentDocumentMark, label: &'static str, done: &'static str| {
        let (id, on_outcome) = (p.id.clone(), props.on_outcome.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let (id, on_outcome) = (id.clone(), on_outcome.clone());
            spawn_local(async move {
                on_outcome.emit(match registry::mark_document(&id, state).await {
                    Ok(next) => Outcome::Updated(Box::new(next), done),
                    Err(e) => failed(&e, texts),
                });
            });
        });
        html! { <button type="button" class="button" {onclick}>{ label }</button> }
    };
    let state = p.consent_document.state;
    let when = [p.consent_document.signed_at, p.consent_document.archived_at]
        .into_iter()
        .flatten()
        .map(|at| format_timestamp(at, lang))
        .collect::<Vec<_>>();
    let shown = if when.is_empty() {
        document_name(state, t).to_owned()
    } else {
        format!("{} ({})", document_name(state, t), when.join(", "))
    };
    html! {
        <section aria-labelledby="document-heading">
            <h2 id="document-heading">{ t.document_heading }</h2>
            <p>{ t.document_state }{ ": " }<strong>{ shown }</strong></p>
            <p>
                <a href={registry::consent_document_url(&p.id)} target="_blank" rel="noopener"
                    aria-describedby="document-open-hint">{ t.document_open }</a>
                <span id="document-open-hint" class="hint">{ " " }{ t.document_open_hint }</span>
            </p>
            <div class="button-row">
                if state == ConsentDocumentState::ToSign {
                    { mark(ConsentDocumentMark::Signed, t.mark_signed, t.marked_signed) }
                }
                if state == ConsentDocumentState::Signed {
                    { mark(ConsentDocumentMark::Archived, t.mark_archived, t.marked_archived) }
                }
            </div>
        </section>
    }
}

/// Correct or complete: only the changed fields go out, checked by the domain first.
#[component]
fn CorrectionForm(props: &ActionProps) -> Html {
    let texts: &'static Texts = use_texts();
    let t = use_registry_texts();
    let r = use_resident_texts();
    let districts = use_districts();
    let before = Draft::from_recipient(&props.recipient);
    let draft = {
        let before = before.clone();
        use_state(move || before)
    };
    let errors = use_state(Errors::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    {
        // A new answer (another action) resets the form to what is stored.
        let (draft, before) = (draft.clone(), before.clone());
        use_effect_with(props.recipient.clone(), move |_| draft.set(before));
    }
    let onsubmit = {
        let (draft, errors, error, busy, districts) = (
            draft.clone(),
            errors.clone(),
            error.clone(),
            busy.clone(),
            districts.clone(),
        );
        let recipient = props.recipient.clone();
        let on_outcome = props.on_outcome.clone();
        on_submit(move || {
            if *busy {
                return;
            }
            let patch = draft.patch_from(&before);
            if patch == Default::default() {
                errors.set(Errors::new());
                error.set(None);
                on_outcome.emit(Outcome::Said(texts.nothing_changed.to_owned()));
                return;
            }
            let exists = |id: &str| districts.is_empty() || districts.iter().any(|d| d.id == id);
            let context = FieldContext {
                now: Timestamp::from_unix_ms(js_now_ms()),
                district_exists: &exists,
            };
            if let Err(refused) = apply_patch(&fields_of(&recipient), &patch, &context) {
                errors.set(refused_fields(&refused, texts));
                error.set(Some(texts.form_fix_fields.into()));
                return;
            }
            busy.set(true);
            errors.set(Errors::new());
            error.set(None);
            let (errors, error, busy, on_outcome, id) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                on_outcome.clone(),
                recipient.id.clone(),
            );
            spawn_local(async move {
                let result = registry::correct(&id, &patch).await;
                busy.set(false);
                match result {
                    Ok(next) => on_outcome.emit(Outcome::Updated(Box::new(next), r.corrected)),
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |next: Draft| draft.set(next))
    };
    let summary = error_summary(&errors, &person_field_labels(r));
    let status = busy.then_some(AttrValue::Static(texts.working));
    html! {
        <section aria-labelledby="registry-correct-heading">
            <h2 id="registry-correct-heading">{ t.correct_heading }</h2>
            <p class="hint">{ t.correct_notice }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <PersonFields id_prefix="fix" draft={(*draft).clone()} on_change={on_draft}
                    errors={(*errors).clone()} districts={(*districts).clone()} />
                <div class="button-row">
                    <button type="submit" class="button">{ texts.save_changes }</button>
                </div>
            </form>
        </section>
    }
}
