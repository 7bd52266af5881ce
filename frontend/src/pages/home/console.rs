//! The home page for the admin console (admin, support): the reset requests waiting for a
//! decision and the incidents not closed yet (their first page; the full lists are a link away).

use ratusz_domain::api::incidents::{IncidentStatus, IncidentView};
use ratusz_domain::api::resets::{ResetStatus, ResetView};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::i18n::{severity_name, use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::admin::Loaded;

/// The pending reset requests.
#[component]
pub fn ResetQueue() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let list = use_state(|| Loaded::<Vec<ResetView>>::Loading);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                list.set(match api::resets(Some(ResetStatus::Pending)).await {
                    Ok(page) => Loaded::Ready(page.items),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    html! {
        <section aria-labelledby="home-resets-heading">
            <h2 id="home-resets-heading">{ texts.home_resets_heading }</h2>
            { match &*list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(items) if items.is_empty() => html! { <p>{ texts.home_resets_none }</p> },
                Loaded::Ready(items) => html! {
                    <>
                        <ul class="home-list">
                            { for items.iter().map(|r| html! {
                                <li>{ format!("{} ({}) — {}", r.user_name, r.email, format_timestamp(r.requested_at, lang)) }</li>
                            }) }
                        </ul>
                        <p><NavLink to={Route::AdminResets}>{ texts.home_resets_link }</NavLink></p>
                    </>
                },
            } }
        </section>
    }
}

/// The incidents that are open or in progress.
#[component]
pub fn OpenIncidents() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let list = use_state(|| Loaded::<Vec<IncidentView>>::Loading);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                list.set(match api::incidents(None).await {
                    Ok(page) => Loaded::Ready(
                        page.items
                            .into_iter()
                            .filter(|i| i.status != IncidentStatus::Closed)
                            .collect(),
                    ),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    html! {
        <section aria-labelledby="home-incidents-heading">
            <h2 id="home-incidents-heading">{ texts.home_incidents_heading }</h2>
            { match &*list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(items) if items.is_empty() => html! { <p>{ texts.home_incidents_none }</p> },
                Loaded::Ready(items) => html! {
                    <ul class="home-list">
                        { for items.iter().map(|i| html! {
                            <li>
                                <NavLink to={Route::AdminIncident { id: i.id.clone() }}>{ i.title.clone() }</NavLink>
                                { format!(" — {}, {}", severity_name(i.severity, texts), format_timestamp(i.created_at, lang)) }
                            </li>
                        }) }
                    </ul>
                },
            } }
        </section>
    }
}
