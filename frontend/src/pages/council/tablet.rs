//! `/sessions/:id` — the councillor's tablet: check in, the video room, the floor (request
//! three kinds, withdraw, "you have the floor" with the countdown), the ballot and its receipt,
//! the result after close, and the agenda with attachments.
//!
//! The ballot comes first, right under a compact meeting line: when a poll opens, its title,
//! the time left and the choices fill the first screen at every size (a councillor must not
//! hunt for the buttons while the chair counts), and the receipt appears in the same place.
//! The floor and attendance follow it directly; the record of a closed poll (named list, audit
//! hash) comes after them, so it never pushes them down.

use ratusz_domain::api::council::{
    AttendanceMode, FloorKind, LiveView, Meeting, MeetingState, PollState,
};
use yew::prelude::*;

use crate::api::council as council_api;
use crate::app::Route;
use crate::components::auth::use_auth_state;
use crate::components::council::action::{use_actions, ActionMessages, Actions};
use crate::components::council::countdown::{Countdown, PollClock};
use crate::components::council::live::{use_live, LiveAnnouncer};
use crate::components::council::poll::{PollProgress, PollResultView, ResultPart};
use crate::components::council::speaker::{QueueList, SpeakerView};
use crate::components::council::status_line::MeetingStatusLine;
use crate::components::council::vote::VotePanel;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::council::floor_kind_name;
use crate::i18n::{use_texts, CouncilTexts};
use crate::pages::council::{meeting_key, use_meeting, Agenda, LiveWaiting, MeetingPageProps};
use crate::pages::use_page_title;

/// The tablet.
#[component]
pub fn TabletPage(props: &MeetingPageProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.tablet_title);
    let live = use_live(props.id.clone(), false);
    let meeting = use_meeting(
        props.id.clone(),
        meeting_key(live.view.as_deref(), live.offline_copy.is_some()),
    );
    let actions = use_actions(live.refresh.clone());
    let me = use_auth_state()
        .session()
        .map(|s| AttrValue::from(s.user.id.clone()));

    let Some(view) = live.view.clone() else {
        // In `.tablet` already, so the phone's compact chamber header (app.css) holds from
        // the first paint and does not jump when the document arrives (layout shift).
        return html! {
            <div class="tablet"><LiveWaiting title={t.tablet_title} error={live.error.clone()} /></div>
        };
    };
    let id = props.id.clone();
    let meeting = meeting.and_then(Result::ok);
    let allow_change = meeting.as_ref().is_some_and(|m| m.allow_vote_change);
    let closed_poll = view.poll.clone().filter(|p| p.state == PollState::Closed);
    html! {
        <div class="tablet">
            <div class="chamber-head">
                <h1>{ format!("{} {}", view.title, view.number) }</h1>
                <MeetingStatusLine view={view.clone()} offline_copy={live.offline_copy} />
                if view.me.as_ref().is_some_and(|m| m.chair) {
                    <p><NavLink to={Route::Chair { id: id.to_string() }}>{ t.open_console }</NavLink></p>
                }
            </div>
            if let Some(e) = &live.error { <ErrorView error={e.clone()} /> }
            <LiveAnnouncer view={Some(view.clone())} />
            { ballot_section(&view, live.offset_ms, allow_change, &live.refresh, &id, me.clone(), t) }
            <ActionMessages actions={actions.clone()} />
            <div class="tablet-panels">
                { floor_section(&view, live.offset_ms, &actions, &id, t) }
                { attendance_section(&view, meeting.as_ref(), &actions, &id, t) }
            </div>
            if let Some(poll) = closed_poll {
                <section class="panel" aria-labelledby="record-heading">
                    <h2 id="record-heading">{ t.result_record }</h2>
                    <PollResultView session_id={id.clone()} poll={poll} me={me.clone()} nested=true
                        part={ResultPart::Record} />
                </section>
            }
            <section class="panel" aria-labelledby="agenda-heading">
                <h2 id="agenda-heading">{ t.agenda_heading }</h2>
                if let Some(m) = &meeting {
                    <Agenda session_id={id.clone()} items={m.agenda.clone()} current={m.current_item_id.clone()} />
                } else {
                    <p role="status">{ texts.loading }</p>
                }
            </section>
        </div>
    }
}

/// The poll: while open its title, progress, time left and the ballot (then the receipt);
/// after close the outcome and the counts, with the caller's receipt.
fn ballot_section(
    view: &LiveView,
    offset_ms: i64,
    allow_change: bool,
    refresh: &Callback<()>,
    id: &AttrValue,
    me: Option<AttrValue>,
    t: &'static CouncilTexts,
) -> Html {
    let open = view
        .poll
        .as_ref()
        .is_some_and(|p| p.state == PollState::Open);
    let class = classes!("panel", "ballot-panel", open.then_some("ballot-open"));
    html! {
        <section {class} aria-labelledby="poll-heading">
            <h2 id="poll-heading">{ t.poll_heading }</h2>
            { match &view.poll {
                Some(poll) if poll.state == PollState::Open => html! {
                    <>
                        <p class="poll-title"><strong>{ poll.title.clone() }</strong></p>
                        <div class="poll-meta">
                            <PollProgress poll={poll.clone()} />
                            if let Some(closes_at) = poll.closes_at {
                                <PollClock {closes_at} {offset_ms} />
                            }
                        </div>
                        <VotePanel session_id={id.clone()} poll={poll.clone()} on_cast={refresh.clone()}
                            {allow_change} />
                    </>
                },
                Some(poll) => html! {
                    <>
                        if let Some(receipt) = poll.my_vote.as_ref().and_then(|m| m.receipt.clone()) {
                            <p>{ t.your_receipt }{ ": " }<strong class="receipt-code">{ receipt }</strong></p>
                        }
                        <PollResultView session_id={id.clone()} poll={poll.clone()} {me} nested=true
                            part={ResultPart::Summary} />
                    </>
                },
                None => html! { <p class="muted">{ t.no_poll }</p> },
            } }
        </section>
    }
}

/// Check in (in person / remote), the current mode, and the video room.
fn attendance_section(
    view: &LiveView,
    meeting: Option<&Meeting>,
    actions: &Actions,
    id: &AttrValue,
    t: &'static CouncilTexts,
) -> Html {
    let Some(me) = &view.me else { return html! {} };
    if !me.member {
        return html! { <p class="notice">{ t.not_member }</p> };
    }
    let open = matches!(view.state, MeetingState::Published | MeetingState::Live);
    let button = |mode: AttendanceMode, label: &'static str| {
        let (actions, id) = (actions.clone(), id.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let id = id.clone();
            actions.run(async move { council_api::check_in(&id, mode).await }, |t| {
                t.checked_in
            });
        });
        // Pressed is said three ways: aria-pressed, a check mark with the word, the bar.
        let chosen = me.attendance == mode;
        html! {
            <button type="button" class="button button-large mode-button" aria-pressed={chosen.to_string()} {onclick}
                disabled={!open}>
                { label }
                if chosen {
                    <span class="mode-chosen"><span aria-hidden="true">{ "✓ " }</span>{ t.chosen }</span>
                }
            </button>
        }
    };
    let mode = match me.attendance {
        AttendanceMode::InPerson => t.mode_in_person,
        AttendanceMode::Remote => t.mode_remote,
        AttendanceMode::Absent => t.mode_absent,
    };
    let video = meeting.and_then(|m| m.video_url.clone());
    html! {
        <section class="panel" aria-labelledby="attendance-heading">
            <h2 id="attendance-heading">{ t.attendance_heading }</h2>
            <p>{ t.your_attendance }{ ": " }<strong>{ mode }</strong></p>
            <div class="button-row">
                { button(AttendanceMode::InPerson, t.check_in_person) }
                { button(AttendanceMode::Remote, t.check_in_remote) }
            </div>
            if let Some(url) = video {
                <p><a class="button button-secondary" href={url} target="_blank" rel="noopener noreferrer">
                    { t.video_link }<span class="visually-hidden">{ format!(" {}", t.new_window) }</span>
                </a></p>
            }
        </section>
    }
}

/// The floor: the banner when the caller speaks, else the speaker; request or withdraw.
fn floor_section(
    view: &LiveView,
    offset_ms: i64,
    actions: &Actions,
    id: &AttrValue,
    t: &'static CouncilTexts,
) -> Html {
    let me = view.me.as_ref();
    let speaking = me.is_some_and(|m| m.speaking);
    let member = me.is_some_and(|m| m.member);
    let live = view.state == MeetingState::Live;
    let someone_speaks = view.floor.speaker.is_some();
    let request = |kind: FloorKind| {
        let (actions, id) = (actions.clone(), id.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let id = id.clone();
            actions.run(
                async move { council_api::request_floor(&id, kind).await },
                |t| t.request_sent,
            );
        });
        let disabled = !live
            || (kind == FloorKind::AdVocem && !someone_speaks)
            || (kind != FloorKind::FormalMotion && !view.floor.list_open);
        html! {
            <button type="button" class="button button-large" {onclick} {disabled}>
                { format!("{}: {}", t.request_floor, floor_kind_name(kind, t)) }
            </button>
        }
    };
    let controls = match me.and_then(|m| m.request_id.clone()) {
        Some(rid) => {
            let (actions, id) = (actions.clone(), id.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                let (id, rid) = (id.clone(), rid.clone());
                actions.run(
                    async move { council_api::withdraw_floor(&id, &rid).await },
                    |t| t.request_withdrawn,
                );
            });
            html! {
                <>
                    <p>{ t.request_waiting }</p>
                    <button type="button" class="button button-secondary button-large" {onclick}>{ t.withdraw }</button>
                </>
            }
        }
        None if member && !speaking => html! {
            <>
                <div class="button-row floor-buttons">
                    { request(FloorKind::Normal) }
                    { request(FloorKind::AdVocem) }
                    { request(FloorKind::FormalMotion) }
                </div>
                if !someone_speaks { <p class="hint">{ t.ad_vocem_hint }</p> }
                if !view.floor.list_open { <p class="notice">{ t.list_closed }</p> }
            </>
        },
        None => html! {},
    };
    html! {
        <section class="panel" aria-labelledby="floor-heading">
            <h2 id="floor-heading">{ t.floor_heading }</h2>
            if let (true, Some(speaker)) = (speaking, &view.floor.speaker) {
                <div class="you-speak">
                    <p class="you-speak-title">{ t.you_have_floor }</p>
                    <Countdown speaker={speaker.clone()} {offset_ms} large=true />
                </div>
            } else {
                <SpeakerView floor={view.floor.clone()} {offset_ms} />
            }
            { controls }
            <h3>{ t.queue_heading }</h3>
            <QueueList floor={view.floor.clone()} />
        </section>
    }
}
