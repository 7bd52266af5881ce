//! `/admin/resets` (Wnioski o reset hasła, procedure PZO-01): pending requests to approve or
//! reject (never one's own: four eyes), and approved letters to print and hand over (never by
//! whoever approved them).

use std::collections::BTreeMap;

use gloo::timers::callback::Timeout;
use ratusz_domain::accounts::reset_policy::{self, FourEyesRule, ResetParties, ResetStep};
use ratusz_domain::api::resets::{
    CollectedBy, DocumentKind, HandoverRequest, RejectRequest, ResetDelivery, ResetStatus,
    ResetView,
};
use ratusz_domain::api::Page;
use ratusz_domain::validate::{self, limits, Checks};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::auth::use_auth_state;
use crate::components::confirm::ConfirmButton;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages, Select};
use crate::i18n::{delivery_name, document_kind_name, reset_status_name, use_lang, use_texts};
use crate::messages::{
    checked_errors, error_message, error_summary, field_errors, format_timestamp,
};
use crate::pages::admin::Loaded;
use crate::pages::use_page_title;
use crate::problems::code_message;

// Characters of an identity document's number written down at a handover: the server checks
// the same limit.
use ratusz_domain::validate::limits::DOCUMENT_LAST4_LEN;

/// The reset queue page.
#[component]
pub fn ResetsPage() -> Html {
    let texts = use_texts();
    use_page_title(texts.resets_title);
    let reload = use_state(|| 0_u32);
    let pending = use_state(|| Loaded::<Page<ResetView>>::Loading);
    let approved = use_state(|| Loaded::<Page<ResetView>>::Loading);

    {
        let (pending, approved) = (pending.clone(), approved.clone());
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                pending.set(match api::resets(Some(ResetStatus::Pending)).await {
                    Ok(page) => Loaded::Ready(page),
                    Err(e) => Loaded::Failed(e),
                });
                approved.set(match api::resets(Some(ResetStatus::Approved)).await {
                    Ok(page) => Loaded::Ready(page),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_change = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(reload.wrapping_add(1)))
    };
    let list = |state: &Loaded<Page<ResetView>>, empty: &'static str| match state {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(page) if page.items.is_empty() => html! { <p>{ empty }</p> },
        Loaded::Ready(page) => html! {
            <ul class="item-list">
                { for page.items.iter().map(|r| html! {
                    <li><ResetItem reset={r.clone()} on_change={on_change.clone()} /></li>
                }) }
            </ul>
        },
    };
    html! {
        <>
            <h1>{ texts.resets_title }</h1>
            <p>{ texts.resets_intro }</p>
            <section aria-labelledby="pending-heading">
                <h2 id="pending-heading">{ texts.resets_pending_heading }</h2>
                { list(&pending, texts.resets_none_pending) }
            </section>
            <section aria-labelledby="approved-heading">
                <h2 id="approved-heading">{ texts.resets_approved_heading }</h2>
                { list(&approved, texts.resets_none_approved) }
            </section>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ResetItemProps {
    reset: ResetView,
    on_change: Callback<()>,
}

/// One request with the actions its state allows.
#[component]
fn ResetItem(props: &ResetItemProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let state = use_auth_state();
    let r = &props.reset;
    let my_id = state.session().map(|s| s.user.id.clone());
    // Four eyes: the same domain rule the server applies decides which steps to offer. The
    // view does not say whether the holder is an administrator nor who last changed their
    // phone, so those rules (`admin_needs_two_staff`, `contact_changed_by_approver`) are left
    // to the server, whose refusal is shown translated.
    let refusal = |step: ResetStep| {
        let parties = ResetParties {
            holder: &r.user_id,
            holder_is_admin: false,
            requester: r.requested_by.as_deref(),
            approver: r.decided_by.as_deref(),
            delivery: r.delivery,
            contact_changed_by: None,
        };
        let me = my_id.clone().unwrap_or_default();
        reset_policy::four_eyes(&parties, step, &me)
            .err()
            .map(|rule| match rule {
                FourEyesRule::OwnRequest => texts.four_eyes_note.to_owned(),
                rule => {
                    let params = BTreeMap::from([("rule".to_owned(), rule.as_str().to_owned())]);
                    code_message("four_eyes", &params, texts)
                        .unwrap_or_else(|| texts.four_eyes_note.to_owned())
                }
            })
    };
    let decide_refusal = refusal(ResetStep::Approve);
    // The letter's secret never reaches whoever approved the request.
    let letter_refusal = refusal(ResetStep::PrintLetter);
    let error = use_state(|| None::<String>);
    let errors = use_state(BTreeMap::<String, String>::new);
    let status = use_state(|| None::<String>);
    let rejecting = use_state(|| false);
    let reason = use_state(String::new);
    let busy = use_state(|| false);

    let finish = {
        let (error, errors, status, busy, on_change) = (
            error.clone(),
            errors.clone(),
            status.clone(),
            busy.clone(),
            props.on_change.clone(),
        );
        move |result: Result<(), api::ApiError>| {
            busy.set(false);
            match result {
                Ok(()) => {
                    errors.set(BTreeMap::new());
                    status.set(Some(texts.action_done.to_owned()));
                    on_change.emit(());
                }
                Err(e) => {
                    status.set(None);
                    errors.set(field_errors(&e, texts));
                    error.set(Some(error_message(&e, texts)));
                }
            }
        }
    };
    let approve = {
        let (busy, error, id, finish) = (busy.clone(), error.clone(), r.id.clone(), finish.clone());
        Callback::from(move |_: ()| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (id, finish) = (id.clone(), finish.clone());
            spawn_local(async move { finish(api::approve_reset(&id).await) });
        })
    };
    let reject = {
        let (busy, error, errors, id, reason) = (
            busy.clone(),
            error.clone(),
            errors.clone(),
            r.id.clone(),
            reason.clone(),
        );
        on_submit(move || {
            if *busy {
                return;
            }
            let local = if reason.trim().is_empty() {
                BTreeMap::from([("reason".to_owned(), texts.reject_reason_required.to_owned())])
            } else {
                let mut checks = Checks::new();
                checks.check("reason", validate::long_text(&reason, limits::REASON_MAX));
                checked_errors(checks, texts)
            };
            if !local.is_empty() {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            busy.set(true);
            errors.set(BTreeMap::new());
            error.set(None);
            let body = RejectRequest {
                reason: reason.trim().to_owned(),
            };
            let (id, finish) = (id.clone(), finish.clone());
            spawn_local(async move { finish(api::reject_reset(&id, &body).await) });
        })
    };
    let open_reject = {
        let rejecting = rejecting.clone();
        Callback::from(move |_: MouseEvent| rejecting.set(!*rejecting))
    };

    // The letter is shown once: after it opens in its tab, reload the queue so the handover
    // form appears (the server marks the request printed when it serves the letter).
    let on_print = {
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            let on_change = on_change.clone();
            Timeout::new(2_000, move || on_change.emit(())).forget();
        })
    };
    let heading_id = format!("reset-{}", r.id);
    let reason_id = format!("reject-reason-{}", r.id);
    let requested_by = r
        .requested_by
        .clone()
        .unwrap_or_else(|| texts.requested_by_holder.to_owned());
    html! {
        <article class="card" aria-labelledby={heading_id.clone()}>
            <h3 id={heading_id}>{ format!("{} ({})", r.user_name, r.email) }</h3>
            <dl class="facts">
                <dt>{ texts.field_reset_reason }</dt><dd>{ r.reason.clone() }</dd>
                <dt>{ texts.field_delivery }</dt><dd>{ delivery_name(r.delivery, texts) }</dd>
                <dt>{ texts.col_state }</dt><dd>{ reset_status_name(r.status, texts) }</dd>
                <dt>{ texts.requested_at }</dt><dd>{ format_timestamp(r.requested_at, lang) }</dd>
                <dt>{ texts.requested_by }</dt><dd>{ requested_by }</dd>
                if let Some(expires) = r.expires_at {
                    <dt>{ texts.link_expires }</dt><dd>{ format_timestamp(expires, lang) }</dd>
                }
            </dl>
            <FormMessages error={(*error).clone().map(AttrValue::from)}
                fields={error_summary(&errors, &[("reason", texts.field_reject_reason)])}
                status={(*status).clone().map(AttrValue::from)} />
            if r.status == ResetStatus::Pending {
                if let Some(refusal) = decide_refusal {
                    <p class="muted">{ refusal }</p>
                } else {
                    <div class="button-row">
                        <ConfirmButton label={texts.reset_approve} question={texts.confirm_approve}
                            busy={*busy} on_confirm={approve} />
                        <button type="button" class="button button-secondary"
                            aria-expanded={rejecting.to_string()} onclick={open_reject}>
                            { texts.reset_reject }
                        </button>
                    </div>
                    if *rejecting {
                        <form class="form" onsubmit={reject} novalidate=true>
                            <Field id={reason_id} label={texts.field_reject_reason} multiline=true
                                required=true maxlength={limits::REASON_MAX}
                                value={(*reason).clone()} oninput={setter(&reason)}
                                error={errors.get("reason").cloned().map(AttrValue::from)} />
                            <div class="button-row">
                                <button type="submit" class="button button-danger">{ texts.reset_reject_submit }</button>
                            </div>
                        </form>
                    }
                }
            }
            if r.status == ResetStatus::Approved && r.delivery == ResetDelivery::Letter {
                if let Some(refusal) = letter_refusal {
                    <p class="muted">{ refusal }</p>
                } else {
                    <p>
                        <a class="button button-secondary" href={api::reset_letter_url(&r.id)}
                            target="_blank" rel="noopener" onclick={on_print}>
                            { texts.print_letter }
                        </a>
                    </p>
                    if r.letter_printed {
                        <p class="muted">{ texts.letter_already_printed }</p>
                        <HandoverForm id={r.id.clone()} on_change={props.on_change.clone()} />
                    } else {
                        <p class="muted">{ texts.print_first }</p>
                    }
                }
            }
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct HandoverFormProps {
    id: String,
    on_change: Callback<()>,
}

const DOCUMENTS: [(DocumentKind, &str); 3] = [
    (DocumentKind::IdCard, "id_card"),
    (DocumentKind::Passport, "passport"),
    (DocumentKind::Other, "other"),
];

/// Who collected the letter, and the identity document seen.
#[component]
fn HandoverForm(props: &HandoverFormProps) -> Html {
    let texts = use_texts();
    let collected_by = use_state(|| CollectedBy::Holder);
    let proxy_name = use_state(String::new);
    let document = use_state(|| "id_card".to_owned());
    let last4 = use_state(String::new);
    let errors = use_state(BTreeMap::<String, String>::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let id = &props.id;

    let onsubmit = {
        let (collected_by, proxy_name, document, last4, errors, error, busy) = (
            collected_by.clone(),
            proxy_name.clone(),
            document.clone(),
            last4.clone(),
            errors.clone(),
            error.clone(),
            busy.clone(),
        );
        let (id, on_change) = (id.clone(), props.on_change.clone());
        on_submit(move || {
            if *busy {
                return;
            }
            let mut checks = Checks::new();
            if *collected_by == CollectedBy::Proxy {
                checks.check(
                    "proxy_name",
                    validate::text(&proxy_name, limits::PROXY_NAME_MAX),
                );
            }
            let mut local = checked_errors(checks, texts);
            if *collected_by == CollectedBy::Proxy && proxy_name.trim().is_empty() {
                local.insert(
                    "proxy_name".to_owned(),
                    texts.proxy_name_required.to_owned(),
                );
            }
            let last4_chars = last4.trim().chars();
            if last4_chars.clone().count() != DOCUMENT_LAST4_LEN
                || !last4_chars.clone().all(|c| c.is_ascii_alphanumeric())
            {
                local.insert("document_last4".to_owned(), texts.last4_format.to_owned());
            }
            if !local.is_empty() {
                errors.set(local);
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            errors.set(BTreeMap::new());
            error.set(None);
            busy.set(true);
            let body = HandoverRequest {
                collected_by: *collected_by,
                proxy_name: (*collected_by == CollectedBy::Proxy)
                    .then(|| proxy_name.trim().to_owned()),
                document_kind: DOCUMENTS
                    .iter()
                    .find(|(_, w)| **w == *document)
                    .map_or(DocumentKind::IdCard, |(k, _)| *k),
                document_last4: last4.trim().to_owned(),
            };
            let (errors, error, busy, id, on_change) = (
                errors.clone(),
                error.clone(),
                busy.clone(),
                id.clone(),
                on_change.clone(),
            );
            spawn_local(async move {
                let result = api::handover(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(()) => on_change.emit(()),
                    Err(e) => {
                        errors.set(field_errors(&e, texts));
                        error.set(Some(error_message(&e, texts)));
                    }
                }
            });
        })
    };
    let radio = |value: CollectedBy, key: &str, label: &'static str| {
        let checked = *collected_by == value;
        let collected_by = collected_by.clone();
        let radio_id = format!("collected-{key}-{id}");
        let onchange = Callback::from(move |e: Event| {
            if e.target_unchecked_into::<HtmlInputElement>().checked() {
                collected_by.set(value);
            }
        });
        html! {
            <div class="check">
                <input type="radio" id={radio_id.clone()} name={format!("collected-{id}")}
                    {checked} {onchange} />
                <label for={radio_id}>{ label }</label>
            </div>
        }
    };
    let field_error = |name: &str| errors.get(name).cloned().map(AttrValue::from);
    let summary = error_summary(
        &errors,
        &[
            ("collected_by", texts.field_collected_by),
            ("proxy_name", texts.field_proxy_name),
            ("document_kind", texts.field_document_kind),
            ("document_last4", texts.field_document_last4),
        ],
    );
    let document_options: Vec<_> = DOCUMENTS
        .iter()
        .map(|(k, w)| {
            (
                AttrValue::Static(w),
                AttrValue::Static(document_kind_name(*k, texts)),
            )
        })
        .collect();
    html! {
        <form class="form subform" {onsubmit} novalidate=true>
            <h4>{ texts.handover_heading }</h4>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                status={busy.then_some(AttrValue::Static(texts.working))} />
            <fieldset class="fieldset">
                <legend>{ texts.field_collected_by }</legend>
                { radio(CollectedBy::Holder, "holder", texts.collected_holder) }
                { radio(CollectedBy::Proxy, "proxy", texts.collected_proxy) }
            </fieldset>
            if *collected_by == CollectedBy::Proxy {
                <Field id={format!("proxy-name-{id}")} label={texts.field_proxy_name} required=true
                    maxlength={limits::PROXY_NAME_MAX} value={(*proxy_name).clone()} oninput={setter(&proxy_name)}
                    error={field_error("proxy_name")} />
            }
            <Select id={format!("document-kind-{id}")} label={texts.field_document_kind}
                value={(*document).clone()} options={document_options} onchange={setter(&document)}
                error={field_error("document_kind")} />
            <Field id={format!("document-last4-{id}")} label={texts.field_document_last4}
                required=true maxlength={DOCUMENT_LAST4_LEN} autocomplete="off"
                value={(*last4).clone()} oninput={setter(&last4)}
                error={field_error("document_last4")} />
            <div class="button-row">
                <button type="submit" class="button">{ texts.handover_submit }</button>
            </div>
        </form>
    }
}
