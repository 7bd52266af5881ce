//! The home page for the admin console (admin, support): the reset requests waiting for a
//! decision and the incidents not closed yet (a page at a time, "show more" following the
//! list's cursor; the full lists are a link away).

use ratusz_domain::api::incidents::{IncidentStatus, IncidentView};
use ratusz_domain::api::resets::{ResetStatus, ResetView};
use ratusz_domain::api::Page;
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

/// The incidents not closed yet, read so far, and the cursor of the next page of the list.
#[derive(Clone, PartialEq)]
struct OpenSoFar {
    items: Vec<IncidentView>,
    next_cursor: Option<String>,
}

impl OpenSoFar {
    /// What was read so far with `page` added: its incidents not closed, and its cursor.
    fn with(mut self, page: Page<IncidentView>) -> Self {
        self.items.extend(
            page.items
                .into_iter()
                .filter(|i| i.status != IncidentStatus::Closed),
        );
        self.next_cursor = page.next_cursor;
        self
    }
}

/// The incidents that are open or in progress, a page of the list at a time.
#[component]
pub fn OpenIncidents() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let list = use_state(|| Loaded::<OpenSoFar>::Loading);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                let empty = OpenSoFar {
                    items: Vec::new(),
                    next_cursor: None,
                };
                list.set(match api::incidents(None).await {
                    Ok(page) => Loaded::Ready(empty.with(page)),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_more = {
        let list = list.clone();
        Callback::from(move |_: MouseEvent| {
            let Loaded::Ready(so_far) = (*list).clone() else {
                return;
            };
            let Some(cursor) = so_far.next_cursor.clone() else {
                return;
            };
            let list = list.clone();
            spawn_local(async move {
                list.set(match api::incidents(Some(&cursor)).await {
                    Ok(page) => Loaded::Ready(so_far.with(page)),
                    Err(e) => Loaded::Failed(e),
                });
            });
        })
    };
    html! {
        <section aria-labelledby="home-incidents-heading">
            <h2 id="home-incidents-heading">{ texts.home_incidents_heading }</h2>
            { match &*list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(so_far) => html! {
                    <>
                        if so_far.items.is_empty() && so_far.next_cursor.is_none() {
                            <p>{ texts.home_incidents_none }</p>
                        }
                        if !so_far.items.is_empty() {
                            <ul class="home-list">
                                { for so_far.items.iter().map(|i| html! {
                                    <li>
                                        <NavLink to={Route::AdminIncident { id: i.id.clone() }}>{ i.title.clone() }</NavLink>
                                        { format!(" — {}, {}", severity_name(i.severity, texts), format_timestamp(i.created_at, lang)) }
                                    </li>
                                }) }
                            </ul>
                        }
                        if so_far.next_cursor.is_some() {
                            <p><button type="button" class="button button-secondary" onclick={on_more}>
                                { texts.load_more }
                            </button></p>
                        }
                    </>
                },
            } }
        </section>
    }
}
