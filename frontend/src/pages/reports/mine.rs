//! `/residents/reports` ("Moje zgłoszenia"): the bound resident's reports, newest first, each
//! with its status, place, photo and history (status notes and the office's replies).

use ratusz_domain::api::notify_reports::Report;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{
    category_name, location_text, size_text, status_name, use_report_texts, History, Step,
};
use crate::api::notify_reports as api;
use crate::app::Route;
use crate::i18n::{use_lang, use_texts};
use crate::messages::{error_message, format_timestamp};
use crate::pages::use_page_title;

#[derive(Clone, PartialEq)]
enum View {
    Loading,
    Loaded(Vec<Report>),
    Failed(String),
}

/// The "Moje zgłoszenia" page.
#[component]
pub fn ReportsMinePage() -> Html {
    let t = use_report_texts();
    let texts = use_texts();
    use_page_title(t.mine_title);
    let view = use_state(|| View::Loading);
    {
        let view = view.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                view.set(match api::mine().await {
                    Ok(list) => View::Loaded(list.items),
                    Err(e) if e.code() == crate::api::notify::INVALID_TOKEN => {
                        View::Failed(t.not_bound.to_owned())
                    }
                    Err(e) => View::Failed(error_message(&e, texts)),
                });
            });
        });
    }
    let body = match &*view {
        View::Loading => html! { <p role="status">{ texts.loading }</p> },
        View::Failed(message) => {
            html! { <p role="alert" class="form-error">{ message.clone() }</p> }
        }
        View::Loaded(items) if items.is_empty() => html! { <p>{ t.mine_none }</p> },
        View::Loaded(items) => html! {
            <ul class="report-list">
                { for items.iter().map(|r| html! { <li key={r.id.clone()}><MyReport report={r.clone()} /></li> }) }
            </ul>
        },
    };
    html! {
        <>
            <h1>{ t.mine_title }</h1>
            <p>{ t.mine_intro }</p>
            <p>
                <Link<Route> to={Route::ResidentReportNew} classes="button">{ t.new_link }</Link<Route>>
            </p>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MyReportProps {
    report: Report,
}

#[component]
fn MyReport(props: &MyReportProps) -> Html {
    let t = use_report_texts();
    let lang = use_lang();
    let r = &props.report;
    let heading = format!("report-{}", r.id);
    let steps: Vec<Step> = r
        .history
        .iter()
        .map(|h| Step {
            at: h.at,
            kind: h.kind,
            status: h.status,
            text: h.text.clone(),
            by: None,
        })
        .collect();
    html! {
        <article aria-labelledby={heading.clone()} class="report">
            <h2 id={heading}>
                { category_name(r.category, t) }{ " — " }{ status_name(r.status, t) }
            </h2>
            <dl class="facts">
                <dt>{ t.label_status }</dt><dd>{ status_name(r.status, t) }</dd>
                <dt>{ t.label_sent }</dt><dd>{ format_timestamp(r.created_at, lang) }</dd>
                <dt>{ t.label_updated }</dt><dd>{ format_timestamp(r.updated_at, lang) }</dd>
                if let Some(place) = &r.location {
                    <dt>{ t.label_place }</dt><dd>{ location_text(place) }</dd>
                }
                if let Some(photo) = &r.photo {
                    <dt>{ t.label_photo }</dt>
                    <dd>{ t.photo_attached.replace("{size}", &size_text(photo.size, lang)) }</dd>
                }
            </dl>
            <p class="report-text">{ r.description.clone() }</p>
            <History steps={steps} id={format!("report-{}-history", r.id)} nested=true />
        </article>
    }
}
