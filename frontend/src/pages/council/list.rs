//! `/sessions` (Posiedzenia): the meetings the caller may see, with the screens their roles
//! use — the tablet for members, the console for the chair, the editor for the clerk.

use yew::prelude::*;

use crate::app::Route;
use crate::auth::{CHAIRS, CLERKS};
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::council::meeting_state_name;
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::admin::{use_has_role, Loaded};
use crate::pages::council::use_sessions;
use crate::pages::use_page_title;

/// The meetings list.
#[component]
pub fn SessionsPage() -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.sessions_title);
    let lang = use_lang();
    let chair = use_has_role(CHAIRS);
    let clerk = use_has_role(CLERKS);
    let list = use_sessions(false);
    let body = match &list {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(items) if items.is_empty() => html! { <p>{ t.sessions_none }</p> },
        Loaded::Ready(items) => html! {
            <ul class="card-list meetings">
                { for items.iter().map(|m| {
                    let id = m.id.clone();
                    html! {
                        <li class="card">
                            <h2>{ format!("{} {}", m.title, m.number) }</h2>
                            <p>
                                { format_timestamp(m.starts_at, lang) }{ ", " }{ m.location.clone() }
                                { " — " }<span class="badge">{ meeting_state_name(m.state, t) }</span>
                            </p>
                            <p class="button-row">
                                <NavLink to={Route::Tablet { id: id.clone() }} classes={classes!("button")}>
                                    { t.open_tablet }<span class="visually-hidden">{ format!(": {}", m.title) }</span>
                                </NavLink>
                                if chair {
                                    <NavLink to={Route::Chair { id: id.clone() }} classes={classes!("button", "button-secondary")}>
                                        { t.open_console }<span class="visually-hidden">{ format!(": {}", m.title) }</span>
                                    </NavLink>
                                }
                                if clerk {
                                    <NavLink to={Route::ClerkSession { id: id.clone() }} classes={classes!("button", "button-secondary")}>
                                        { t.open_editor }<span class="visually-hidden">{ format!(": {}", m.title) }</span>
                                    </NavLink>
                                }
                                <NavLink to={Route::Screen { id }} classes={classes!("button", "button-secondary")}>
                                    { t.open_screen }<span class="visually-hidden">{ format!(": {}", m.title) }</span>
                                </NavLink>
                            </p>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <>
            <h1>{ t.sessions_title }</h1>
            if clerk {
                <p><NavLink to={Route::ClerkSessions}>{ t.clerk_link }</NavLink></p>
            }
            { body }
        </>
    }
}
