//! `/registry/reports/:id` (`notifier_admin`): one report — the description, the photo, the
//! place as text with a link to an OpenStreetMap view, the status moves the domain's table
//! allows from here (with an optional note the resident reads), the reply form and the
//! history with who did each step. Every load is recorded by the server (`report.read`).

use ratusz_domain::api::notify_reports::{
    ReportLocation, ReportReplyInput, ReportStatus, ReportStatusInput, StaffReport,
};
use ratusz_domain::notify::report::{check_note, check_reply, MOVES};
use ratusz_domain::validate::limits::REPORT_REPLY_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{
    category_name, location_text, size_text, status_name, use_report_texts, History, Step,
};
use crate::api::notify_reports as api;
use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, FormMessages};
use crate::components::nav_link::NavLink;
use crate::i18n::reports::ReportTexts;
use crate::i18n::{use_lang, use_texts, Texts};
use crate::messages::{
    error_message, error_summary, field_errors, format_timestamp, refused_fields,
};
use crate::pages::use_page_title;

#[derive(Properties, PartialEq)]
pub struct ReportPageProps {
    /// The report's id.
    pub id: AttrValue,
}

#[derive(Clone, PartialEq)]
enum View {
    Loading,
    Ready(Box<StaffReport>),
    Failed(ApiError),
}

/// The staff's page of one report.
#[component]
pub fn ReportDetailPage(props: &ReportPageProps) -> Html {
    let t = use_report_texts();
    use_page_title(t.detail_title);
    let view = use_state(|| View::Loading);
    {
        let view = view.clone();
        use_effect_with(props.id.clone(), move |id| {
            let id = id.to_string();
            spawn_local(async move {
                view.set(match api::report(&id).await {
                    Ok(report) => View::Ready(Box::new(report)),
                    Err(e) => View::Failed(e),
                });
            });
        });
    }
    let texts = use_texts();
    let body = match &*view {
        View::Loading => html! { <p role="status">{ texts.loading }</p> },
        View::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        View::Ready(report) => {
            let view = view.clone();
            let on_changed = Callback::from(move |next: StaffReport| {
                view.set(View::Ready(Box::new(next)));
            });
            html! { <Detail report={(**report).clone()} {on_changed} /> }
        }
    };
    html! {
        <>
            <h1>{ t.detail_title }</h1>
            <p><NavLink to={Route::RegistryReports}>{ t.back_to_queue }</NavLink></p>
            <p>{ t.detail_intro }</p>
            { body }
        </>
    }
}

/// The OpenStreetMap view of a place (a plain link: nothing is loaded from it here).
fn map_url(place: &ReportLocation) -> String {
    format!(
        "https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=18/{lat:.6}/{lon:.6}",
        lat = place.lat,
        lon = place.lon
    )
}

/// The words of a move's button.
fn move_label(from: ReportStatus, to: ReportStatus, t: &ReportTexts) -> &'static str {
    match (from, to) {
        (ReportStatus::Resolved | ReportStatus::Rejected, ReportStatus::InProgress) => {
            t.move_reopen
        }
        (_, ReportStatus::InProgress) => t.move_in_progress,
        (_, ReportStatus::Resolved) => t.move_resolved,
        (_, ReportStatus::Rejected) => t.move_rejected,
        (_, ReportStatus::New) => t.status_new,
    }
}

/// A refusal in words: a move the report no longer allows has its own sentence.
fn refusal(e: &ApiError, t: &ReportTexts, texts: &Texts) -> String {
    let stale = e
        .problem()
        .is_some_and(|p| p.params.get("rule").map(String::as_str) == Some("report_status"));
    if stale {
        t.refused_move.to_owned()
    } else {
        error_message(e, texts)
    }
}

#[derive(Properties, PartialEq)]
struct DetailProps {
    report: StaffReport,
    on_changed: Callback<StaffReport>,
}

#[component]
fn Detail(props: &DetailProps) -> Html {
    let t = use_report_texts();
    let texts = use_texts();
    let lang = use_lang();
    let r = &props.report;
    let note = use_state(String::new);
    let reply = use_state(String::new);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    let errors = use_state(std::collections::BTreeMap::<String, String>::new);
    let notice = use_state(|| None::<&'static str>);

    let move_to = |to: ReportStatus| {
        let (note, busy, error, errors, notice) = (
            note.clone(),
            busy.clone(),
            error.clone(),
            errors.clone(),
            notice.clone(),
        );
        let (id, on_changed) = (r.id.clone(), props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            if let Err(found) = check_note(Some(note.as_str())) {
                errors.set(refused_fields(&found, texts));
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            busy.set(true);
            let body = ReportStatusInput {
                status: to,
                note: Some((*note).clone()).filter(|n| !n.trim().is_empty()),
            };
            let (id, on_changed) = (id.clone(), on_changed.clone());
            let (note, busy, error, errors, notice) = (
                note.clone(),
                busy.clone(),
                error.clone(),
                errors.clone(),
                notice.clone(),
            );
            spawn_local(async move {
                match api::move_status(&id, &body).await {
                    Ok(next) => {
                        note.set(String::new());
                        error.set(None);
                        errors.set(Default::default());
                        notice.set(Some(t.moved));
                        on_changed.emit(next);
                    }
                    Err(e) => {
                        notice.set(None);
                        errors.set(field_errors(&e, texts));
                        error.set(Some(refusal(&e, t, texts)));
                    }
                }
                busy.set(false);
            });
        })
    };
    let send_reply = {
        let (reply, busy, error, errors, notice) = (
            reply.clone(),
            busy.clone(),
            error.clone(),
            errors.clone(),
            notice.clone(),
        );
        let (id, on_changed) = (r.id.clone(), props.on_changed.clone());
        on_submit(move || {
            if *busy {
                return;
            }
            if let Err(found) = check_reply(&reply) {
                errors.set(refused_fields(&found, texts));
                error.set(Some(texts.form_fix_fields.to_owned()));
                return;
            }
            busy.set(true);
            let body = ReportReplyInput {
                text: (*reply).clone(),
            };
            let (id, on_changed) = (id.clone(), on_changed.clone());
            let (reply, busy, error, errors, notice) = (
                reply.clone(),
                busy.clone(),
                error.clone(),
                errors.clone(),
                notice.clone(),
            );
            spawn_local(async move {
                match api::reply(&id, &body).await {
                    Ok(next) => {
                        reply.set(String::new());
                        error.set(None);
                        errors.set(Default::default());
                        notice.set(Some(t.replied));
                        on_changed.emit(next);
                    }
                    Err(e) => {
                        notice.set(None);
                        errors.set(field_errors(&e, texts));
                        error.set(Some(refusal(&e, t, texts)));
                    }
                }
                busy.set(false);
            });
        })
    };

    let moves: Vec<ReportStatus> = MOVES
        .iter()
        .filter(|(from, _)| *from == r.status)
        .map(|(_, to)| *to)
        .collect();
    let steps: Vec<Step> = r
        .history
        .iter()
        .map(|h| Step {
            at: h.at,
            kind: h.kind,
            status: h.status,
            text: h.text.clone(),
            by: Some(
                h.by.as_ref()
                    .map_or_else(|| t.history_by_resident.to_owned(), |b| b.name.clone()),
            ),
        })
        .collect();
    let err = |field: &str| errors.get(field).cloned().map(AttrValue::from);
    let summary = error_summary(&errors, &[("note", t.note_label), ("text", t.reply_label)]);
    html! {
        <>
            <FormMessages error={(*error).clone().map(AttrValue::from)} fields={summary}
                status={notice.map(AttrValue::Static)} />
            <dl class="facts">
                <dt>{ t.label_category }</dt><dd>{ category_name(r.category, t) }</dd>
                <dt>{ t.label_status }</dt><dd>{ status_name(r.status, t) }</dd>
                <dt>{ t.label_sent }</dt><dd>{ format_timestamp(r.created_at, lang) }</dd>
                <dt>{ t.label_updated }</dt><dd>{ format_timestamp(r.updated_at, lang) }</dd>
                <dt>{ t.label_resident }</dt>
                <dd>
                    <NavLink to={Route::RegistryRecipient { id: r.recipient_id.clone() }}>
                        { r.recipient_id.clone() }
                    </NavLink>
                </dd>
                if let Some(place) = &r.location {
                    <dt>{ t.label_place }</dt>
                    <dd>
                        { location_text(place) }{ " " }
                        <a href={map_url(place)} rel="noopener noreferrer" target="_blank">
                            { t.map_link }
                        </a>
                    </dd>
                }
            </dl>
            <p class="report-text">{ r.description.clone() }</p>
            if let Some(photo) = &r.photo {
                <figure class="report-photo">
                    <img src={api::photo_path(&r.id)} alt={t.photo_alt} />
                    <figcaption>
                        { t.photo_attached.replace("{size}", &size_text(photo.size, lang)) }
                    </figcaption>
                </figure>
            }
            <section aria-labelledby="report-move-heading">
                <h2 id="report-move-heading">{ t.move_heading }</h2>
                <Field id="note" label={t.note_label} multiline=true value={(*note).clone()}
                    oninput={setter(&note)} maxlength={REPORT_REPLY_MAX} error={err("note")} />
                <div class="button-row">
                    { for moves.iter().map(|to| html! {
                        <button type="button" class="button" disabled={*busy}
                            onclick={move_to(*to)}>
                            { move_label(r.status, *to, t) }
                        </button>
                    }) }
                </div>
            </section>
            <section aria-labelledby="report-reply-heading">
                <h2 id="report-reply-heading">{ t.reply_heading }</h2>
                <form onsubmit={send_reply} novalidate=true>
                    <Field id="text" label={t.reply_label} multiline=true value={(*reply).clone()}
                        oninput={setter(&reply)} maxlength={REPORT_REPLY_MAX} required=true
                        error={err("text")} />
                    <button type="submit" class="button" disabled={*busy}>{ t.reply_submit }</button>
                </form>
            </section>
            <History steps={steps} id="report-history-heading" />
        </>
    }
}
