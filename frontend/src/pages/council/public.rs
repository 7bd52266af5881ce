//! `/public/sessions` — published meetings for residents and the press, without sign-in:
//! links to each meeting's public screen (which links the BIP result pages).

use yew::prelude::*;

use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::council::meeting_state_name;
use crate::i18n::{use_lang, use_texts};
use crate::pages::admin::Loaded;
use crate::pages::council::{format_time, use_sessions};
use crate::pages::use_page_title;

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
                                <p>{ format_time(m.starts_at, lang) }{ ", " }{ m.location.clone() }
                                    { " — " }{ meeting_state_name(m.state, t) }</p>
                                <p><NavLink to={Route::Screen { id: m.id.clone() }}>
                                    { t.open_screen }<span class="visually-hidden">{ format!(": {}", m.title) }</span>
                                </NavLink></p>
                            </li>
                        }) }
                    </ul>
                },
            } }
        </>
    }
}
