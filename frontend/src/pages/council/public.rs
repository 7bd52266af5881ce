//! `/public/sessions` — published meetings for residents and the press, without sign-in:
//! links to each meeting's public screen (which links the BIP result pages).

use yew::prelude::*;

use crate::api::council as council_api;
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::council::meeting_state_name;
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::admin::Loaded;
use crate::pages::council::use_sessions;
use crate::pages::use_page_title;
use ratusz_domain::api::council::Poll;
use wasm_bindgen_futures::spawn_local;

/// The public list.
#[component]
pub fn PublicSessionsPage() -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.public_title);
    let lang = use_lang();
    let list = use_sessions(true);
    html! {
        <>
            <h1>{ t.public_title }</h1>
            <p>{ t.public_intro }</p>
            { match &list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(items) if items.is_empty() => html! { <p>{ t.sessions_none }</p> },
                Loaded::Ready(items) => html! {
                    <ul class="card-list">
                        { for items.iter().map(|m| html! {
                            <li class="card">
                                <h2>{ format!("{} {}", m.title, m.number) }</h2>
                                <p>{ format_timestamp(m.starts_at, lang) }{ ", " }{ m.location.clone() }
                                    { " — " }{ meeting_state_name(m.state, t) }</p>
                                <p><NavLink to={Route::Screen { id: m.id.clone() }}>
                                    { t.open_screen }<span class="visually-hidden">{ format!(": {}", m.title) }</span>
                                </NavLink></p>
                                <PollResultLinks session_id={m.id.clone()} />
                            </li>
                        }) }
                    </ul>
                },
            } }
        </>
    }
}

/// Props of [`PollResultLinks`].
#[derive(Properties, PartialEq)]
pub struct PollResultLinksProps {
    /// The meeting.
    pub session_id: AttrValue,
}

/// The meeting's closed polls, each with its outcome in words (Przyjęto / Odrzucono) and links
/// to its printable BIP page and the CSV (art. 14
/// ust. 4 u.s.g.: named lists published without delay). Nothing while none has closed.
#[component]
fn PollResultLinks(props: &PollResultLinksProps) -> Html {
    let t = use_texts().council;
    let polls = use_state(Vec::<Poll>::new);
    {
        let polls = polls.clone();
        use_effect_with(props.session_id.clone(), move |id| {
            let id = id.to_string();
            spawn_local(async move {
                if let Ok(items) = council_api::public_polls(&id).await {
                    polls.set(items);
                }
            });
        });
    }
    if polls.is_empty() {
        return html! {};
    }
    let id = props.session_id.to_string();
    html! {
        <ul class="result-links">
            { for polls.iter().map(|p| html! {
                <li>
                    { p.title.clone() }{ " — " }
                    if let Some(passed) = p.passed {
                        <strong>{ if passed { t.passed } else { t.failed } }</strong>{ " — " }
                    }
                    <a href={council_api::result_page_url(&id, &p.id)}>{ t.result_page }</a>
                    { " · " }
                    <a href={council_api::result_csv_url(&id, &p.id)}>{ t.result_csv }</a>
                </li>
            }) }
        </ul>
    }
}
