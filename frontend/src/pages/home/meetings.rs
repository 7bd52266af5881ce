//! The home page's meetings: the person's live and convened meetings (live first, then by
//! start, with the chair's console next to the ones they run) and, for the council office,
//! the drafts — one `GET /api/sessions` for both.

use ratusz_domain::api::council::{MeetingState, MeetingSummary};
use yew::prelude::*;

use crate::app::Route;
use crate::components::auth::use_auth_state;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::council::{meeting_state_name, runs_meeting};
use crate::i18n::{use_lang, use_texts, Lang};
use crate::messages::format_timestamp;
use crate::pages::admin::Loaded;
use crate::pages::council::use_sessions;

/// Props of [`MeetingsOverview`].
#[derive(Properties, PartialEq)]
pub struct MeetingsOverviewProps {
    /// Show the person's live and convened meetings.
    pub mine: bool,
    /// Show the drafts (council office).
    pub drafts: bool,
}

/// The meetings sections.
#[component]
pub fn MeetingsOverview(props: &MeetingsOverviewProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let list = use_sessions(false);
    let me = use_auth_state()
        .session()
        .map(|s| (s.user.id.clone(), s.user.roles.clone()));
    let items = match &list {
        Loaded::Loading => return html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => return html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(items) => items,
    };
    html! {
        <>
            if props.mine {
                <section aria-labelledby="home-meetings-heading">
                    <h2 id="home-meetings-heading">{ texts.home_meetings_heading }</h2>
                    { meeting_list(&current(items), texts.home_meetings_none, lang, |id| Route::Tablet { id },
                        |m| me.as_ref().is_some_and(|(id, roles)| runs_meeting(m.chair_id.as_deref(), id, roles))) }
                </section>
            }
            if props.drafts {
                <section aria-labelledby="home-drafts-heading">
                    <h2 id="home-drafts-heading">{ texts.home_drafts_heading }</h2>
                    { meeting_list(&drafts(items), texts.home_drafts_none, lang, |id| Route::ClerkSession { id }, |_| false) }
                </section>
            }
        </>
    }
}

/// Live meetings, then convened ones, each group by start.
fn current(items: &[MeetingSummary]) -> Vec<MeetingSummary> {
    let mut out: Vec<MeetingSummary> = items
        .iter()
        .filter(|m| matches!(m.state, MeetingState::Live | MeetingState::Published))
        .cloned()
        .collect();
    out.sort_by_key(|m| (m.state != MeetingState::Live, m.starts_at));
    out
}

/// Drafts by start.
fn drafts(items: &[MeetingSummary]) -> Vec<MeetingSummary> {
    let mut out: Vec<MeetingSummary> = items
        .iter()
        .filter(|m| m.state == MeetingState::Draft)
        .cloned()
        .collect();
    out.sort_by_key(|m| m.starts_at);
    out
}

/// One line per meeting: its link (title and number), start, place and state in words, and
/// the chair's console for the meetings `runs` says the person runs.
fn meeting_list(
    items: &[MeetingSummary],
    none: &'static str,
    lang: Lang,
    route: fn(String) -> Route,
    runs: impl Fn(&MeetingSummary) -> bool,
) -> Html {
    let t = lang.texts().council;
    if items.is_empty() {
        return html! { <p>{ none }</p> };
    }
    html! {
        <ul class="home-list">
            { for items.iter().map(|m| html! {
                <li>
                    <NavLink to={route(m.id.clone())}>{ format!("{} {}", m.title, m.number) }</NavLink>
                    { " — " }{ format_timestamp(m.starts_at, lang) }{ ", " }{ m.location.clone() }
                    { " — " }<span class="badge">{ meeting_state_name(m.state, t) }</span>
                    if runs(m) {
                        { " — " }
                        <NavLink to={Route::Chair { id: m.id.clone() }}>
                            { t.open_console }<span class="visually-hidden">{ format!(": {} {}", m.title, m.number) }</span>
                        </NavLink>
                    }
                </li>
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::api::council::MeetingKind;
    use ratusz_domain::time::Timestamp;

    fn meeting(id: &str, state: MeetingState, starts_ms: i64) -> MeetingSummary {
        MeetingSummary {
            id: id.to_owned(),
            title: id.to_owned(),
            number: String::new(),
            kind: MeetingKind::Session,
            state,
            starts_at: Timestamp::from_unix_ms(starts_ms),
            location: String::new(),
            chair_id: None,
        }
    }

    #[test]
    fn live_meetings_come_first_then_convened_ones_by_start_and_drafts_apart() {
        let items = vec![
            meeting("later", MeetingState::Published, 3),
            meeting("draft", MeetingState::Draft, 1),
            meeting("live", MeetingState::Live, 5),
            meeting("closed", MeetingState::Closed, 0),
            meeting("sooner", MeetingState::Published, 2),
        ];
        let ids = |list: Vec<MeetingSummary>| list.into_iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(current(&items)), ["live", "sooner", "later"]);
        assert_eq!(ids(drafts(&items)), ["draft"]);
    }
}
