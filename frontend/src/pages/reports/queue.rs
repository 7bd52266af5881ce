//! `/registry/reports` (`notifier_admin`): the residents' reports, new ones first and oldest
//! first, optionally one status, a page at a time. Nothing personal is in the list; opening a
//! report is recorded by the server.

use ratusz_domain::api::notify_reports::{ReportStatus, ReportSummary};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{category_name, status_name, use_report_texts};
use crate::api::notify_reports as api;
use crate::api::ApiError;
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Select};
use crate::components::nav_link::NavLink;
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::use_page_title;

#[derive(Clone, PartialEq)]
enum List {
    Loading,
    Ready {
        items: Vec<ReportSummary>,
        next: Option<String>,
    },
    Failed(ApiError),
}

fn load(list: UseStateHandle<List>, status: Option<ReportStatus>, after: Option<String>) {
    let earlier = match (&*list, after.is_some()) {
        (List::Ready { items, .. }, true) => items.clone(),
        _ => Vec::new(),
    };
    spawn_local(async move {
        list.set(match api::queue(status, after.as_deref()).await {
            Ok(page) => {
                let mut items = earlier;
                items.extend(page.items);
                List::Ready {
                    items,
                    next: page.next_cursor,
                }
            }
            Err(e) => List::Failed(e),
        });
    });
}

/// The staff's queue of reports.
#[component]
pub fn ReportQueuePage() -> Html {
    let t = use_report_texts();
    use_page_title(t.queue_title);
    let list = use_state(|| List::Loading);
    let filter = use_state(String::new);
    let shown = use_state(|| None::<ReportStatus>);
    {
        let list = list.clone();
        use_effect_with((), move |_| load(list, None, None));
    }
    let onsubmit = {
        let (list, filter, shown) = (list.clone(), filter.clone(), shown.clone());
        on_submit(move || {
            let status = ReportStatus::parse(&filter);
            shown.set(status);
            list.set(List::Loading);
            load(list.clone(), status, None);
        })
    };
    let on_more = {
        let (list, shown) = (list.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            if let List::Ready {
                next: Some(next), ..
            } = &*list
            {
                load(list.clone(), *shown, Some(next.clone()));
            }
        })
    };
    let options = std::iter::once(("", t.any_status))
        .chain(
            ReportStatus::ALL
                .iter()
                .map(|s| (s.as_str(), status_name(*s, t))),
        )
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect::<Vec<_>>();
    html! {
        <>
            <h1>{ t.queue_title }</h1>
            <p>{ t.queue_intro }</p>
            <form class="form" onsubmit={onsubmit} novalidate=true aria-label={t.queue_title}>
                <Select id="report-status-filter" label={t.filter_status} value={(*filter).clone()}
                    {options} onchange={setter(&filter)} />
                <div class="button-row">
                    <button type="submit" class="button">{ t.filter_submit }</button>
                </div>
            </form>
            <Queue list={(*list).clone()} {on_more} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct QueueProps {
    list: List,
    on_more: Callback<MouseEvent>,
}

#[component]
fn Queue(props: &QueueProps) -> Html {
    let t = use_report_texts();
    let texts = use_texts();
    let lang = use_lang();
    let (items, next) = match &props.list {
        List::Loading => return html! { <p role="status">{ texts.loading }</p> },
        List::Failed(e) => return html! { <ErrorView error={e.clone()} /> },
        List::Ready { items, .. } if items.is_empty() => {
            return html! { <p role="status">{ t.queue_none }</p> }
        }
        List::Ready { items, next } => (items, next),
    };
    let yes_no = |b: bool| if b { t.yes } else { t.no };
    html! {
        <>
            <p role="status" class="visually-hidden">
                { format!("{}: {}", texts.results_count, items.len()) }
            </p>
            <div class="table-wrap" role="region" tabindex="0" aria-label={t.queue_title}>
                <table class="data-table">
                    <caption class="visually-hidden">{ t.queue_title }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ t.col_report }</th>
                            <th scope="col">{ t.label_status }</th>
                            <th scope="col">{ t.label_sent }</th>
                            <th scope="col">{ t.label_updated }</th>
                            <th scope="col">{ t.col_photo }</th>
                            <th scope="col">{ t.col_location }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for items.iter().map(|r| html! {
                            <tr key={r.id.clone()}>
                                <th scope="row">
                                    <NavLink to={Route::RegistryReport { id: r.id.clone() }}>
                                        { format!(
                                            "{} — {}",
                                            category_name(r.category, t),
                                            format_timestamp(r.created_at, lang),
                                        ) }
                                    </NavLink>
                                </th>
                                <td>{ status_name(r.status, t) }</td>
                                <td>{ format_timestamp(r.created_at, lang) }</td>
                                <td>{ format_timestamp(r.updated_at, lang) }</td>
                                <td>{ yes_no(r.has_photo) }</td>
                                <td>{ yes_no(r.has_location) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if next.is_some() {
                <p><button type="button" class="button button-secondary" onclick={props.on_more.clone()}>
                    { t.more }
                </button></p>
            }
        </>
    }
}
