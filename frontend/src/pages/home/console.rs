//! The home page for the admin console (admin, support): how many reset requests wait for a
//! decision and how many incidents are not closed, each with the link to its office page (the
//! queue and the register are one click away). The lists themselves live on those pages, in
//! the office bundle, so the first bundle carries no code to read a reset or an incident
//! (`docs/decisions.md`, "First load").

use std::future::Future;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::i18n::use_texts;
use crate::pages::admin::Loaded;

/// A count read once when the section appears.
#[hook]
fn use_count<F>(read: fn() -> F) -> Loaded<usize>
where
    F: Future<Output = Result<usize, ApiError>> + 'static,
{
    let count = use_state(|| Loaded::Loading);
    {
        let count = count.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                count.set(match read().await {
                    Ok(n) => Loaded::Ready(n),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    (*count).clone()
}

/// What a count section says: its heading, the sentence for none, and for some the count and
/// the link to the page that lists them.
struct CountTexts {
    id: &'static str,
    heading: &'static str,
    none: &'static str,
    count: &'static str,
    link: &'static str,
    to: Route,
}

fn count_section(count: &Loaded<usize>, t: CountTexts, loading: &'static str) -> Html {
    html! {
        <section aria-labelledby={t.id}>
            <h2 id={t.id}>{ t.heading }</h2>
            { match count {
                Loaded::Loading => html! { <p role="status">{ loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(0) => html! { <p>{ t.none }</p> },
                Loaded::Ready(n) => html! {
                    <>
                        <p>{ t.count }{ " " }<strong>{ n }</strong></p>
                        <p><NavLink to={t.to}>{ t.link }</NavLink></p>
                    </>
                },
            } }
        </section>
    }
}

/// How many reset requests wait for a decision, and the way to the queue.
#[component]
pub fn ResetQueue() -> Html {
    let texts = use_texts();
    let count = use_count(api::pending_resets_count);
    let t = CountTexts {
        id: "home-resets-heading",
        heading: texts.home_resets_heading,
        none: texts.home_resets_none,
        count: texts.home_resets_count,
        link: texts.home_resets_link,
        to: Route::AdminResets,
    };
    count_section(&count, t, texts.loading)
}

/// How many incidents are open or in progress, and the way to the register.
#[component]
pub fn OpenIncidents() -> Html {
    let texts = use_texts();
    let count = use_count(api::open_incidents_count);
    let t = CountTexts {
        id: "home-incidents-heading",
        heading: texts.home_incidents_heading,
        none: texts.home_incidents_none,
        count: texts.home_incidents_count,
        link: texts.home_incidents_link,
        to: Route::AdminIncidents,
    };
    count_section(&count, t, texts.loading)
}
