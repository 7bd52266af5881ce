//! `/residents/me` (Moje dane): a bound device's recipient — what is stored, the correction
//! form (a change of name, birth date or address is verified by staff again) and the rights
//! (`me_actions`). On a device that is not bound: how to start (register, or bind with a code).

use ratusz_domain::api::notify::{Channel, ConsentState, District, Recipient, Sex, Verification};
use ratusz_domain::notify::fields::{apply_patch, CleanAddress, FieldContext, RecipientFields};
use ratusz_domain::time::Timestamp;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::draft::Draft;
use super::me_actions::{ConsentSection, LeavingSections, Outcome, SuspensionSection};
use super::person_fields::{person_field_labels, PersonFields};
use super::push::{ResidentMessageLinks, ResidentPushOptIn};
use super::quiet_hours::{quiet_hours_text, QuietHoursSection};
use super::{use_resident_texts, Errors};
use crate::api::notify::{self, INVALID_TOKEN};
use crate::app::Route;
use crate::components::form::{on_submit, FormMessages};
use crate::council::js_now_ms;
use crate::i18n::{use_lang, use_texts, ResidentTexts, Texts};
use crate::messages::{error_message, error_summary, format_timestamp, refused_fields};
use crate::pages::use_page_title;

/// What the page shows.
#[derive(Clone, PartialEq)]
enum View {
    Loading,
    /// Not bound (any more), with what happened, if anything.
    Unbound(Option<&'static str>),
    /// The recipient and the JSON text of the answer (the portable copy).
    Bound(Box<Recipient>, AttrValue),
    Failed(String),
}

/// The "Moje dane" page.
#[component]
pub fn ResidentMePage() -> Html {
    let texts = use_texts();
    let r = use_resident_texts();
    let view = use_state(|| View::Loading);
    {
        let view = view.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if !notify::is_bound().await {
                    view.set(View::Unbound(None));
                    return;
                }
                view.set(match notify::me().await {
                    Ok((recipient, json)) => View::Bound(Box::new(recipient), json.into()),
                    Err(e) if e.code() == INVALID_TOKEN => View::Unbound(Some(r.token_revoked)),
                    Err(e) => View::Failed(error_message(&e, texts)),
                });
            });
        });
    }
    let title = match &*view {
        View::Bound(..) => r.me_title,
        _ => r.hub_title,
    };
    use_page_title(title);
    let body = match &*view {
        View::Loading => html! { <p role="status">{ texts.loading }</p> },
        View::Failed(message) => {
            html! { <p role="alert" class="form-error">{ message.clone() }</p> }
        }
        View::Unbound(notice) => html! { <Start notice={notice.map(AttrValue::Static)} /> },
        View::Bound(recipient, copy) => {
            let view = view.clone();
            let on_gone =
                Callback::from(move |notice: &'static str| view.set(View::Unbound(Some(notice))));
            html! { <MyData recipient={(**recipient).clone()} copy={copy.clone()} {on_gone} /> }
        }
    };
    html! {
        <>
            <h1>{ title }</h1>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct StartProps {
    notice: Option<AttrValue>,
}

/// An unbound device: how to start.
#[component]
fn Start(props: &StartProps) -> Html {
    let r = use_resident_texts();
    html! {
        <>
            <div role="status" class="form-status-region">
                if let Some(notice) = &props.notice {
                    <p class="form-success">{ notice.clone() }</p>
                }
            </div>
            <p>{ r.hub_intro }</p>
            <p>{ r.not_bound }</p>
            <div class="button-row">
                <Link<Route> to={Route::ResidentRegister} classes="button">{ r.hub_register }</Link<Route>>
                <Link<Route> to={Route::ResidentBind} classes="button button-secondary">
                    { r.hub_bind }
                </Link<Route>>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MyDataProps {
    recipient: Recipient,
    copy: AttrValue,
    on_gone: Callback<&'static str>,
}

/// A bound device: the data and the rights.
#[component]
fn MyData(props: &MyDataProps) -> Html {
    let r = use_resident_texts();
    let recipient = use_state(|| props.recipient.clone());
    let copy = use_state(|| props.copy.clone());
    let districts = use_state(Vec::<District>::new);
    let notice = use_state(|| None::<&'static str>);
    let error = use_state(|| None::<String>);
    let errors = use_state(Errors::new);
    {
        let districts = districts.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(list) = notify::districts().await {
                    districts.set(list.items);
                }
            });
        });
    }
    let on_outcome = {
        let (recipient, copy, notice, error, errors) = (
            recipient.clone(),
            copy.clone(),
            notice.clone(),
            error.clone(),
            errors.clone(),
        );
        let on_gone = props.on_gone.clone();
        Callback::from(move |outcome: Outcome| match outcome {
            Outcome::Updated(next, done) => {
                copy.set(serde_json::to_string(&*next).unwrap_or_default().into());
                recipient.set(*next);
                error.set(None);
                errors.set(Errors::new());
                notice.set(Some(done));
            }
            Outcome::Gone(why) => on_gone.emit(why),
            Outcome::Failed(message, refused) => {
                notice.set(None);
                errors.set(refused);
                error.set(Some(message));
            }
        })
    };
    let summary = error_summary(&errors, &[]);
    html! {
        <>
            <p>{ r.me_intro }</p>
            <crate::pages::reports::ResidentReportLinks />
            <ResidentMessageLinks />
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                status={notice.map(AttrValue::Static)} />
            <DataList recipient={(*recipient).clone()} districts={(*districts).clone()} />
            <CorrectionForm recipient={(*recipient).clone()} districts={(*districts).clone()}
                on_outcome={on_outcome.clone()} />
            <ResidentPushOptIn />
            <QuietHoursSection recipient={(*recipient).clone()} copy={(*copy).clone()}
                on_outcome={on_outcome.clone()} />
            <SuspensionSection recipient={(*recipient).clone()} copy={(*copy).clone()}
                on_outcome={on_outcome.clone()} />
            <ConsentSection recipient={(*recipient).clone()} copy={(*copy).clone()}
                on_outcome={on_outcome.clone()} />
            <LeavingSections recipient={(*recipient).clone()} copy={(*copy).clone()} {on_outcome} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DataProps {
    recipient: Recipient,
    districts: Vec<District>,
}

fn verification_name(v: Verification, r: &ResidentTexts) -> &'static str {
    match v {
        Verification::Unverified => r.verification_unverified,
        Verification::Verified => r.verification_verified,
        Verification::Restricted => r.verification_restricted,
    }
}

fn channel_name(c: Channel, r: &ResidentTexts) -> &'static str {
    match c {
        Channel::Email => r.channel_email,
        Channel::Sms => r.channel_sms,
        Channel::Push => r.channel_push,
        Channel::Edoreczenia => r.channel_edoreczenia,
    }
}

/// The recipient's stored data, as a description list.
#[component]
fn DataList(props: &DataProps) -> Html {
    let r = use_resident_texts();
    let lang = use_lang();
    let p = &props.recipient;
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| r.not_given.to_owned());
    let district = props
        .districts
        .iter()
        .find(|d| d.id == p.address.district_id)
        .map_or(p.address.district_id.clone(), |d| d.name.clone());
    let sex = match p.sex {
        Some(Sex::Female) => r.sex_female,
        Some(Sex::Male) => r.sex_male,
        None => r.not_given,
    };
    let consent = match p.consent.state {
        ConsentState::Given => format!(
            "{} ({} {})",
            r.consent_given,
            r.consent_given_at,
            format_timestamp(p.consent.given_at, lang)
        ),
        ConsentState::Withdrawn => format!(
            "{} ({} {})",
            r.consent_withdrawn,
            r.consent_withdrawn_at,
            p.consent
                .withdrawn_at
                .map(|at| format_timestamp(at, lang))
                .unwrap_or_default()
        ),
    };
    let channels = p
        .channels
        .iter()
        .map(|c| channel_name(*c, r))
        .collect::<Vec<_>>()
        .join(", ");
    let row = |term: &'static str, value: String| {
        html! { <><dt>{ term }</dt><dd>{ value }</dd></> }
    };
    html! {
        <section aria-labelledby="data-heading">
            <h2 id="data-heading">{ r.data_heading }</h2>
            <dl class="facts">
                { row(r.name, format!("{} {}", p.first_name, p.last_name)) }
                { row(r.field_birth_date, p.birth_date.clone()) }
                { row(r.field_sex, sex.to_owned()) }
                { row(r.address, format!("{} {}, {}", p.address.street, p.address.number, p.address.postal_code)) }
                { row(r.field_district, district) }
                { row(r.field_email, or_none(&p.email)) }
                { row(r.field_phone, or_none(&p.phone)) }
                { row(r.field_ade, or_none(&p.ade_address)) }
                { row(r.field_channels, channels) }
                { row(r.quiet_label, quiet_hours_text(p, r)) }
                { row(r.verification, verification_name(p.verification, r).to_owned()) }
                { row(r.consent_state, consent) }
                { row(r.registered_at, format_timestamp(p.created_at, lang)) }
                { row(r.updated_at, format_timestamp(p.updated_at, lang)) }
                { row(r.recipient_id, p.id.clone()) }
            </dl>
        </section>
    }
}

/// The recipient's fields in the domain's clean form, for checking a correction before sending.
pub(crate) fn fields_of(p: &Recipient) -> RecipientFields {
    RecipientFields {
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        birth_date: p.birth_date.clone(),
        sex: p.sex,
        address: CleanAddress {
            street: p.address.street.clone(),
            number: p.address.number.clone(),
            postal_code: p.address.postal_code.clone(),
            district_id: p.address.district_id.clone(),
        },
        email: p.email.clone(),
        phone: p.phone.clone(),
        ade_address: p.ade_address.clone(),
        channels: p.channels.clone(),
        quiet_hours: p.quiet_hours.clone(),
    }
}

#[derive(Properties, PartialEq)]
struct CorrectionProps {
    recipient: Recipient,
    districts: Vec<District>,
    on_outcome: Callback<Outcome>,
}

/// Correct or complete: only the changed fields go out.
#[component]
fn CorrectionForm(props: &CorrectionProps) -> Html {
    let texts: &'static Texts = use_texts();
    let r = use_resident_texts();
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
        let (draft, errors, error, busy) =
            (draft.clone(), errors.clone(), error.clone(), busy.clone());
        let (recipient, districts) = (props.recipient.clone(), props.districts.clone());
        let on_outcome = props.on_outcome.clone();
        on_submit(move || {
            if *busy {
                return;
            }
            let patch = draft.patch_from(&before);
            if patch == Default::default() {
                errors.set(Errors::new());
                error.set(None);
                on_outcome.emit(Outcome::Updated(
                    Box::new(recipient.clone()),
                    texts.nothing_changed,
                ));
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
            let reverify = recipient.verification == Verification::Verified
                && (patch.first_name.is_some()
                    || patch.last_name.is_some()
                    || patch.birth_date.is_some()
                    || patch.address.is_some());
            let (errors, error, busy, on_outcome) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                on_outcome.clone(),
            );
            spawn_local(async move {
                let result = notify::correct(&patch).await;
                busy.set(false);
                match result {
                    Ok(next) => {
                        let done = if reverify {
                            r.corrected_reverify
                        } else {
                            r.corrected
                        };
                        on_outcome.emit(Outcome::Updated(Box::new(next), done));
                    }
                    Err(e) if e.code() == INVALID_TOKEN => {
                        on_outcome.emit(Outcome::Gone(r.token_revoked))
                    }
                    Err(e) => {
                        errors.set(crate::messages::field_errors(&e, texts));
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
        <section aria-labelledby="correct-heading">
            <h2 id="correct-heading">{ r.correct_heading }</h2>
            <p class="hint">{ r.correct_notice }</p>
            <form class="form" {onsubmit} novalidate=true>
                <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary} {status} />
                <PersonFields id_prefix="me" draft={(*draft).clone()} on_change={on_draft}
                    errors={(*errors).clone()} districts={props.districts.clone()} />
                <div class="button-row">
                    <button type="submit" class="button">{ r.correct_submit }</button>
                </div>
            </form>
        </section>
    }
}
