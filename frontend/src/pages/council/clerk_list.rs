//! `/clerk/sessions` — the council office's meetings: the list with links to the editor, and
//! the form for a new meeting (which opens its editor once created).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::council::meeting_state_name;
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::admin::Loaded;
use crate::pages::council::meeting_form::MeetingForm;
use crate::pages::council::use_sessions;
use crate::pages::use_page_title;

/// The clerk's list.
#[component]
pub fn ClerkSessionsPage() -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.clerk_title);
    let lang = use_lang();
    let navigator = use_navigator();
    let list = use_sessions(false);
    let on_saved = Callback::from(move |id: String| {
        if let Some(navigator) = &navigator {
            navigator.push(&Route::ClerkSession { id });
        }
    });
    html! {
        <>
            <h1>{ t.clerk_title }</h1>
            { match &list {
                Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
                Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
                Loaded::Ready(items) if items.is_empty() => html! { <p>{ t.sessions_none }</p> },
                Loaded::Ready(items) => html! {
                    <div class="table-wrap" role="region" tabindex="0" aria-label={t.sessions_title}>
                        <table class="data-table">
                            <caption>{ t.sessions_title }</caption>
                            <thead><tr>
                                <th scope="col">{ t.meeting_title }</th>
                                <th scope="col">{ t.starts_at }</th>
                                <th scope="col">{ texts.col_state }</th>
                            </tr></thead>
                            <tbody>
                                { for items.iter().map(|m| html! {
                                    <tr>
                                        <th scope="row">
                                            <NavLink to={Route::ClerkSession { id: m.id.clone() }}>
                                                { format!("{} {}", m.title, m.number) }
                                            </NavLink>
                                        </th>
                                        <td>{ format_timestamp(m.starts_at, lang) }</td>
                                        <td>{ meeting_state_name(m.state, t) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                },
            } }
            <section class="panel" aria-labelledby="create-meeting-heading">
                <h2 id="create-meeting-heading">{ t.create_meeting }</h2>
                <MeetingForm {on_saved} />
            </section>
        </>
    }
}
