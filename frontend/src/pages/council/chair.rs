//! `/sessions/:id/chair` — the chair's console: open and close the meeting, attendance and
//! quorum, agenda navigation, the speaker list (grant next / a chosen request / a guest, end,
//! extend, remove, reorder, close and reopen the list) with the countdown, and polls (create
//! with a majority preset, open — with a quorum override when refused — close, results).

use std::collections::BTreeMap;
use std::rc::Rc;

use ratusz_domain::api::council::{
    AgendaItem, AttendanceMode, AttendanceView, FloorGrant, LiveView, MeetingState, Poll,
    PollCreate, PollKind, PollOpen, PollState,
};
use ratusz_domain::council::poll::{override_reason, NewPoll};
use ratusz_domain::validate::limits::{GUEST_NAME_MAX, OVERRIDE_REASON_MAX, POLL_TITLE_MAX};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council::{self as council_api, FloorStep, MeetingStep};
use crate::api::ApiError;
use crate::components::confirm::ConfirmButton;
use crate::components::council::action::{use_actions, ActionMessages, Actions, Said};
use crate::components::council::countdown::PollClock;
use crate::components::council::live::{use_live, LiveAnnouncer};
use crate::components::council::poll::{PollProgress, PollResultView, ResultPart};
use crate::components::council::speaker::SpeakerView;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field, Select};
use crate::council::{floor_kind_name, js_now_ms, meeting_state_name, moved, MajorityPreset};
use crate::i18n::{use_texts, CouncilTexts};
use crate::messages::refused_fields;
use crate::pages::council::{
    meeting_key, use_meeting, Agenda, LiveWaiting, MeetingPageProps, QuorumLine,
};
use crate::pages::use_page_title;
use crate::problems::invalid_message;

/// Re-reads a list whenever the live revision moves or an action of this page succeeded (a
/// draft poll does not show in the live document, so its creation moves no revision).
#[hook]
fn use_reloaded<T, F, Fut>(key: (AttrValue, u64, i64), load: F) -> Option<Result<T, ApiError>>
where
    T: Clone + 'static,
    F: Fn(AttrValue) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| None);
    {
        let state = state.clone();
        use_effect_with(key, move |(id, _, _)| {
            let fut = load(id.clone());
            spawn_local(async move { state.set(Some(fut.await)) });
        });
    }
    (*state).clone()
}

/// The console.
#[component]
pub fn ChairPage(props: &MeetingPageProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.chair_title);
    let live = use_live(props.id.clone(), false);
    let revision = live.view.as_ref().map_or(0, |v| v.revision);
    // When this page last acted (a clock value, so two quick actions never share it).
    let acted = use_state(|| 0_i64);
    let meeting = use_meeting(props.id.clone(), meeting_key(live.view.as_deref()));
    let attendance = use_reloaded((props.id.clone(), revision, 0), |id| async move {
        council_api::attendance(&id).await
    });
    let polls = use_reloaded((props.id.clone(), revision, *acted), |id| async move {
        council_api::polls(&id).await
    });
    let after = {
        let (refresh, acted) = (live.refresh.clone(), acted.clone());
        Callback::from(move |()| {
            acted.set(js_now_ms());
            refresh.emit(());
        })
    };
    let actions = use_actions(after);
    let id = props.id.clone();
    let open_poll_ref = use_node_ref();
    {
        // A poll opened (typically from the list lower down): bring its box with the close
        // button into view, so the chair never scrolls up to close it.
        let open_poll_ref = open_poll_ref.clone();
        let open_id = live
            .view
            .as_ref()
            .and_then(|v| v.poll.as_ref())
            .filter(|p| p.state == PollState::Open)
            .map(|p| p.id.clone());
        use_effect_with(open_id, move |open_id| {
            if open_id.is_some() {
                if let Some(el) = open_poll_ref.cast::<web_sys::Element>() {
                    el.scroll_into_view_with_bool(false);
                }
            }
        });
    }

    let Some(view) = live.view.clone() else {
        return html! { <LiveWaiting title={t.chair_title} error={live.error.clone()} /> };
    };
    let step = |step: MeetingStep, done: Said| {
        let (actions, id) = (actions.clone(), id.clone());
        Callback::from(move |()| {
            let id = id.clone();
            actions.run(
                async move { council_api::meeting_step(&id, step).await },
                done,
            );
        })
    };
    let agenda_controls = {
        let (actions, id) = (actions.clone(), id.clone());
        let live_now = view.state == MeetingState::Live;
        let current = view.current_item.as_ref().map(|c| c.id.clone());
        Callback::from(move |item: AgendaItem| {
            if !live_now || current.as_deref() == Some(item.id.as_str()) {
                return html! {};
            }
            let (actions, id) = (actions.clone(), id.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                let (id, item_id) = (id.clone(), item.id.clone());
                actions.run(
                    async move { council_api::agenda_current(&id, &item_id).await },
                    |t| t.item_set,
                );
            });
            html! { <button type="button" class="button button-secondary" {onclick}>{ t.make_current }</button> }
        })
    };

    html! {
        <div class="console">
            <h1>{ format!("{}: {} {}", t.chair_title, view.title, view.number) }</h1>
            <LiveAnnouncer view={Some(view.clone())} />
            if let Some(e) = &live.error { <ErrorView error={e.clone()} /> }
            <ActionMessages actions={actions.clone()} labels={vec![
                ("title", t.poll_title),
                ("kind", t.poll_kind),
                ("majority", t.majority),
                ("item_id", t.poll_item),
                ("time_limit_s", t.time_limit),
                ("override_reason", t.override_reason),
                ("name", t.guest_name),
            ]} />
            <div class="console-grid">
                <div class="console-main">
                    <section class="panel" aria-labelledby="meeting-heading">
                        <h2 id="meeting-heading">{ t.meeting_heading }</h2>
                        <p>
                            <span class="badge">{ meeting_state_name(view.state, t) }</span>
                            if let Some(item) = &view.current_item {
                                { " " }{ t.current_item }{ ": " }<strong>{ item.title.clone() }</strong>
                            }
                        </p>
                        <QuorumLine present={view.attendance.present} statutory={view.attendance.statutory}
                            quorum={view.attendance.quorum} />
                        <div class="button-row">
                            if view.state == MeetingState::Published {
                                <ConfirmButton label={t.open_meeting} question={t.open_meeting_question}
                                    on_confirm={step(MeetingStep::Open, |t| t.meeting_opened)} busy={actions.busy()} />
                            }
                            if view.state == MeetingState::Live {
                                <ConfirmButton label={t.close_meeting} question={t.close_meeting_question} danger=true
                                    on_confirm={step(MeetingStep::Close, |t| t.meeting_closed)} busy={actions.busy()} />
                            }
                        </div>
                        <details class="console-more">
                            <summary>{ t.attendance_heading }</summary>
                            { match &attendance {
                                Some(Ok(a)) => attendance_table(a, t),
                                Some(Err(e)) => html! { <ErrorView error={e.clone()} /> },
                                None => html! {},
                            } }
                        </details>
                    </section>
                    <FloorConsole view={view.clone()} offset_ms={live.offset_ms} actions={actions.clone()} id={id.clone()} />
                    <section class="panel" aria-labelledby="agenda-heading">
                        <h2 id="agenda-heading">{ t.agenda_heading }</h2>
                        if let Some(Ok(m)) = &meeting {
                            <Agenda session_id={id.clone()} items={m.agenda.clone()}
                                current={m.current_item_id.clone()} controls={agenda_controls} />
                        }
                    </section>
                </div>
                <section class="panel console-polls" aria-labelledby="polls-heading">
                    <h2 id="polls-heading">{ t.polls_heading }</h2>
                    if let Some(poll) = view.poll.as_ref().filter(|p| p.state == PollState::Open) {
                        <div class="open-poll" ref={open_poll_ref.clone()}>
                            <p class="poll-title"><strong>{ poll.title.clone() }</strong></p>
                            <PollProgress poll={poll.clone()} />
                            if let Some(closes_at) = poll.closes_at {
                                <PollClock {closes_at} offset_ms={live.offset_ms} />
                            }
                            { close_poll_button(&actions, &id, &poll.id, t) }
                        </div>
                    }
                    if let Some(poll) = view.poll.as_ref().filter(|p| p.state == PollState::Closed) {
                        <PollResultView session_id={id.clone()} poll={poll.clone()} nested=true
                            part={ResultPart::Summary} />
                    }
                    <PollForm actions={actions.clone()} id={id.clone()}
                        current={view.current_item.as_ref().map(|c| c.id.clone())}
                        items={meeting.and_then(Result::ok).map(|m| m.agenda).unwrap_or_default()} />
                    { match &polls {
                        Some(Ok(list)) => html! {
                            <PollList polls={Rc::new(list.clone())} actions={actions.clone()} id={id.clone()}
                                meeting_live={view.state == MeetingState::Live} />
                        },
                        Some(Err(e)) => html! { <ErrorView error={e.clone()} /> },
                        None => html! {},
                    } }
                </section>
            </div>
        </div>
    }
}

/// "Close the poll", confirmed in place: next to the open poll's progress, at the top of the
/// console's poll column, so the chair never scrolls for it.
fn close_poll_button(
    actions: &Actions,
    id: &AttrValue,
    pid: &str,
    t: &'static CouncilTexts,
) -> Html {
    let (actions, id, pid) = (actions.clone(), id.clone(), pid.to_owned());
    let on_confirm = Callback::from(move |()| {
        let (id, pid) = (id.clone(), pid.clone());
        actions.run(
            async move { council_api::close_poll(&id, &pid).await },
            |t| t.poll_closed,
        );
    });
    html! { <ConfirmButton label={t.close_poll} question={t.close_poll_question} {on_confirm} /> }
}

fn attendance_table(a: &AttendanceView, t: &'static CouncilTexts) -> Html {
    html! {
        <div class="table-wrap" role="region" tabindex="0" aria-label={t.attendance_heading}>
            <table class="data-table">
                <caption>{ t.attendance_heading }</caption>
                <thead><tr><th scope="col">{ t.col_councillor }</th><th scope="col">{ t.col_mode }</th></tr></thead>
                <tbody>
                    { for a.members.iter().map(|m| html! {
                        <tr><th scope="row">{ m.name.clone() }</th><td>{ mode_name(m.mode, t) }</td></tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// An attendance mode in words.
pub fn mode_name(mode: AttendanceMode, t: &CouncilTexts) -> &'static str {
    match mode {
        AttendanceMode::InPerson => t.mode_in_person,
        AttendanceMode::Remote => t.mode_remote,
        AttendanceMode::Absent => t.mode_absent,
    }
}

/// Props of the console's parts.
#[derive(Properties, PartialEq)]
struct FloorConsoleProps {
    view: Rc<LiveView>,
    offset_ms: i64,
    actions: Actions,
    id: AttrValue,
}

/// The speaker, the queue with its controls, a guest grant, the list switch.
#[component]
fn FloorConsole(props: &FloorConsoleProps) -> Html {
    let t = use_texts().council;
    let guest = use_state(String::new);
    let (actions, id, floor) = (&props.actions, &props.id, &props.view.floor);
    let live = props.view.state == MeetingState::Live;
    let grant = |body: FloorGrant| {
        let (actions, id) = (actions.clone(), id.clone());
        move || {
            let (id, body) = (id.clone(), body.clone());
            actions.run(
                async move { council_api::grant_floor(&id, &body).await },
                |t| t.floor_granted,
            );
        }
    };
    let floor_step = |step: FloorStep, done: Said| {
        let (actions, id) = (actions.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            let id = id.clone();
            actions.run(
                async move { council_api::floor_step(&id, step).await },
                done,
            );
        })
    };
    let extend = |seconds: u32| {
        let (actions, id) = (actions.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            let id = id.clone();
            actions.run(
                async move { council_api::extend_floor(&id, seconds).await },
                |t| t.floor_extended,
            );
        })
    };
    let ids: Vec<String> = floor.queue.iter().map(|q| q.id.clone()).collect();
    let speaking = floor.speaker.is_some();
    let rows = floor.queue.iter().enumerate().map(|(i, q)| {
        let grant_this = grant(FloorGrant {
            request_id: Some(q.id.clone()),
            name: None,
        });
        let remove = {
            let (actions, id, rid) = (actions.clone(), id.clone(), q.id.clone());
            Callback::from(move |_: MouseEvent| {
                let (id, rid) = (id.clone(), rid.clone());
                actions.run(
                    async move { council_api::withdraw_floor(&id, &rid).await },
                    |t| t.request_removed,
                );
            })
        };
        let mover = |up: bool| {
            let order = moved(&ids, i, up);
            let disabled = order.is_none();
            let (actions, id) = (actions.clone(), id.clone());
            let onclick = Callback::from(move |_: MouseEvent| {
                if let Some(order) = order.clone() {
                    let id = id.clone();
                    actions.run(
                        async move { council_api::order_floor(&id, order).await },
                        |t| t.queue_reordered,
                    );
                }
            });
            let label = if up { t.move_up } else { t.move_down };
            html! {
                <button type="button" class="button button-secondary" {onclick} {disabled}>
                    { label }<span class="visually-hidden">{ format!(": {}", q.name) }</span>
                </button>
            }
        };
        html! {
            <tr>
                <th scope="row">{ q.name.clone() }</th>
                <td>{ floor_kind_name(q.kind, t) }</td>
                <td class="button-row">
                    <button type="button" class="button" disabled={speaking || !live}
                        onclick={Callback::from(move |_: MouseEvent| grant_this())}>
                        { t.grant }<span class="visually-hidden">{ format!(": {}", q.name) }</span>
                    </button>
                    { mover(true) }
                    { mover(false) }
                    <button type="button" class="button button-secondary" onclick={remove}>
                        { t.remove }<span class="visually-hidden">{ format!(": {}", q.name) }</span>
                    </button>
                </td>
            </tr>
        }
    });
    let grant_next = grant(FloorGrant::default());
    let grant_guest = {
        let guest = guest.clone();
        let (actions, id) = (actions.clone(), id.clone());
        on_submit(move || {
            let name = guest.trim().to_owned();
            if name.is_empty() {
                actions.refuse_fields(BTreeMap::from([(
                    "name".to_owned(),
                    t.guest_required.to_owned(),
                )]));
                return;
            }
            let id = id.clone();
            let body = FloorGrant {
                request_id: None,
                name: Some(name),
            };
            guest.set(String::new());
            actions.run(
                async move { council_api::grant_floor(&id, &body).await },
                |t| t.floor_granted,
            );
        })
    };
    html! {
        <section class="panel" aria-labelledby="floor-heading">
            <h2 id="floor-heading">{ t.floor_heading }</h2>
            <SpeakerView floor={floor.clone()} offset_ms={props.offset_ms} />
            if speaking {
                <div class="button-row">
                    <button type="button" class="button" onclick={floor_step(FloorStep::End, |t| t.floor_ended)}>{ t.end_speech }</button>
                    <button type="button" class="button button-secondary" onclick={extend(60)}>{ t.extend_1 }</button>
                    <button type="button" class="button button-secondary" onclick={extend(300)}>{ t.extend_5 }</button>
                </div>
            }
            <h3>{ t.queue_heading }</h3>
            if floor.queue.is_empty() {
                <p class="muted">{ t.queue_empty }</p>
            } else {
                <div class="table-wrap" role="region" tabindex="0" aria-label={t.queue_heading}>
                    <table class="data-table">
                        <caption>{ t.queue_heading }</caption>
                        <thead><tr>
                            <th scope="col">{ t.col_councillor }</th>
                            <th scope="col">{ t.col_kind }</th>
                            <th scope="col">{ t.col_actions }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            <div class="button-row">
                <button type="button" class="button" disabled={speaking || floor.queue.is_empty() || !live}
                    onclick={Callback::from(move |_: MouseEvent| grant_next())}>{ t.grant_next }</button>
                if floor.list_open {
                    <button type="button" class="button button-secondary" onclick={floor_step(FloorStep::CloseList, |t| t.list_closed_done)}>{ t.close_list }</button>
                } else {
                    <button type="button" class="button button-secondary" onclick={floor_step(FloorStep::ReopenList, |t| t.list_reopened)}>{ t.reopen_list }</button>
                }
            </div>
            <p>{ if floor.list_open { t.list_open_state } else { t.list_closed } }</p>
            <details class="console-more" open={actions.field_error("name").is_some()}>
                <summary>{ t.grant_guest }</summary>
            <form class="form form-inline" onsubmit={grant_guest} novalidate=true>
                <Field id="guest_name" label={t.guest_name} maxlength={GUEST_NAME_MAX} value={(*guest).clone()}
                    oninput={setter(&guest)} hint={t.guest_hint} error={actions.field_error("name")} />
                <div class="button-row">
                    <button type="submit" class="button" disabled={speaking || !live}>{ t.grant_guest }</button>
                </div>
            </form>
            </details>
        </section>
    }
}

/// Props of [`PollList`].
#[derive(Properties, PartialEq)]
struct PollListProps {
    polls: Rc<Vec<Poll>>,
    actions: Actions,
    id: AttrValue,
    meeting_live: bool,
}

/// The meeting's polls with open / close, and the quorum override after a `no_quorum`.
#[component]
fn PollList(props: &PollListProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    // The poll refused for lack of quorum, waiting for the chair's reason.
    let override_for = use_state(|| None::<String>);
    let reason = use_state(String::new);
    if props.polls.is_empty() {
        return html! { <p class="muted">{ t.polls_none }</p> };
    }
    let open = {
        let (actions, id, override_for) = (
            props.actions.clone(),
            props.id.clone(),
            override_for.clone(),
        );
        move |pid: String, reason: Option<String>| {
            let on_error = {
                let (override_for, pid) = (override_for.clone(), pid.clone());
                Callback::from(move |e: ApiError| {
                    let no_quorum = e.code() == "no_quorum";
                    if no_quorum {
                        override_for.set(Some(pid.clone()));
                    }
                    no_quorum
                })
            };
            let id = id.clone();
            let body = PollOpen {
                override_reason: reason,
            };
            override_for.set(None);
            actions.run_or(
                async move { council_api::open_poll(&id, &pid, &body).await },
                |t| t.poll_opened,
                Some(on_error),
            );
        }
    };
    let rows = props.polls.iter().map(|p| {
        let action = match p.state {
            PollState::Draft if props.meeting_live => {
                let pid = p.id.clone();
                let open = open.clone();
                html! {
                    <button type="button" class="button" onclick={Callback::from(move |_: MouseEvent| open(pid.clone(), None))}>
                        { t.open_poll }<span class="visually-hidden">{ format!(": {}", p.title) }</span>
                    </button>
                }
            }
            // Closed from the open poll's box above the list.
            PollState::Open => html! {},
            PollState::Closed => html! {
                <a href={council_api::result_page_url(&props.id, &p.id)}>
                    { t.result_page }<span class="visually-hidden">{ format!(": {}", p.title) }</span>
                </a>
            },
            PollState::Draft => html! {},
        };
        let state = match p.state {
            PollState::Draft => t.poll_draft,
            PollState::Open => t.poll_open,
            PollState::Closed => if p.passed == Some(true) { t.passed } else { t.failed },
        };
        let kind = if p.kind == PollKind::Secret { t.kind_secret } else { t.kind_open };
        html! {
            <tr>
                <th scope="row">{ p.title.clone() }</th>
                <td>{ format!("{kind}; {state}; {} {}/{}", t.voted, p.voted, p.entitled) }</td>
                <td>{ action }</td>
            </tr>
        }
    });
    let override_form = (*override_for).clone().map(|pid| {
        let (reason_state, open, actions) = (reason.clone(), open.clone(), props.actions.clone());
        let onsubmit = on_submit(move || {
            // The server's own rule: one line, long enough to be a reason.
            match override_reason(Some(reason_state.as_str())) {
                Ok(Some(text)) => {
                    open(pid.clone(), Some(text));
                    reason_state.set(String::new());
                }
                Ok(None) => {}
                Err(invalid) => actions.refuse_fields(BTreeMap::from([(
                    "override_reason".to_owned(),
                    invalid_message(&invalid, texts),
                )])),
            }
        });
        html! {
            <form class="form notice notice-alert" {onsubmit} novalidate=true>
                <p>{ t.no_quorum_text }</p>
                <Field id="override_reason" label={t.override_reason} required=true
                    maxlength={OVERRIDE_REASON_MAX} value={(*reason).clone()} oninput={setter(&reason)}
                    error={props.actions.field_error("override_reason")} />
                <div class="button-row">
                    <button type="submit" class="button button-danger">{ t.open_anyway }</button>
                </div>
            </form>
        }
    });
    html! {
        <>
            <div class="table-wrap" role="region" tabindex="0" aria-label={t.polls_heading}>
                <table class="data-table">
                    <caption>{ t.polls_heading }</caption>
                    <thead><tr>
                        <th scope="col">{ t.col_poll }</th>
                        <th scope="col">{ t.col_state }</th>
                        <th scope="col">{ t.col_actions }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            { for override_form }
        </>
    }
}

/// Props of [`PollForm`].
#[derive(Properties, PartialEq)]
struct PollFormProps {
    actions: Actions,
    id: AttrValue,
    /// The current agenda item: what a new poll is about unless the chair picks another.
    current: Option<String>,
    items: Vec<AgendaItem>,
}

/// A new poll: title, open/secret, majority preset, agenda item, time limit.
#[component]
fn PollForm(props: &PollFormProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let title = use_state(String::new);
    let kind = use_state(|| "open".to_owned());
    let preset = use_state(|| MajorityPreset::Simple.code().to_owned());
    let item = use_state(String::new);
    {
        // Follows the current item (the BIP page names the item a poll was about).
        let item = item.clone();
        use_effect_with(props.current.clone(), move |current| {
            item.set(current.clone().unwrap_or_default());
        });
    }
    let limit = use_state(String::new);
    let onsubmit = {
        let (title, kind, preset, item, limit) = (
            title.clone(),
            kind.clone(),
            preset.clone(),
            item.clone(),
            limit.clone(),
        );
        let (actions, id) = (props.actions.clone(), props.id.clone());
        on_submit(move || {
            let limit_text = limit.trim();
            let time_limit_s = limit_text.parse::<u32>().ok();
            let body = PollCreate {
                title: title.trim().to_owned(),
                kind: if *kind == "secret" {
                    PollKind::Secret
                } else {
                    PollKind::Open
                },
                majority: MajorityPreset::from_code(&preset)
                    .unwrap_or(MajorityPreset::Simple)
                    .majority(),
                options: None,
                item_id: (!item.is_empty()).then(|| (*item).clone()),
                time_limit_s,
            };
            // Every mistake at once, by the server's own rules.
            let mut local = NewPoll::from_create(&body)
                .err()
                .map(|e| refused_fields(&e, texts))
                .unwrap_or_default();
            if body.title.is_empty() {
                local.insert("title".to_owned(), t.poll_title_required.to_owned());
            }
            if !limit_text.is_empty() && time_limit_s.is_none() {
                local.insert("time_limit_s".to_owned(), t.time_limit_invalid.to_owned());
            }
            if !local.is_empty() {
                actions.refuse_fields(local);
                return;
            }
            title.set(String::new());
            let id = id.clone();
            actions.run(
                async move { council_api::create_poll(&id, &body).await },
                |t| t.poll_created,
            );
        })
    };
    let presets: Vec<_> = MajorityPreset::ALL
        .iter()
        .map(|p| (AttrValue::Static(p.code()), AttrValue::Static(p.name(t))))
        .collect();
    let kinds = vec![
        (AttrValue::Static("open"), AttrValue::Static(t.kind_open)),
        (
            AttrValue::Static("secret"),
            AttrValue::Static(t.kind_secret),
        ),
    ];
    let mut items = vec![(AttrValue::Static(""), AttrValue::Static(t.no_item))];
    items.extend(props.items.iter().map(|i| {
        (
            AttrValue::from(i.id.clone()),
            AttrValue::from(i.title.clone()),
        )
    }));
    html! {
        <form class="form subform" {onsubmit} novalidate=true aria-labelledby="poll-form-heading">
            <h3 id="poll-form-heading">{ t.new_poll }</h3>
            <Field id="poll_title" label={t.poll_title} required=true maxlength={POLL_TITLE_MAX}
                value={(*title).clone()} oninput={setter(&title)}
                error={props.actions.field_error("title")} />
            <Select id="poll_kind" label={t.poll_kind} value={(*kind).clone()} options={kinds} onchange={setter(&kind)} />
            <Select id="poll_majority" label={t.majority} value={(*preset).clone()} options={presets} onchange={setter(&preset)}
                error={props.actions.field_error("majority")} />
            <Select id="poll_item" label={t.poll_item} value={(*item).clone()} options={items} onchange={setter(&item)}
                error={props.actions.field_error("item_id")} />
            <Field id="poll_limit" label={t.time_limit} kind="number" inputmode="numeric"
                value={(*limit).clone()} oninput={setter(&limit)} hint={t.time_limit_hint}
                error={props.actions.field_error("time_limit_s")} />
            <div class="button-row">
                <button type="submit" class="button">{ t.create_poll }</button>
            </div>
        </form>
    }
}
