//! `/sessions/:id/chair` — the chair's console: open and close the meeting, attendance and
//! quorum, agenda navigation, the speaker list (grant next / a chosen request / a guest, end,
//! extend, remove, reorder, close and reopen the list) with the countdown, and polls (create
//! with a majority preset, open — with a quorum override when refused — close, results).

use std::collections::BTreeMap;
use std::rc::Rc;

use ratusz_domain::api::council::{
    AgendaItem, AttendanceMode, AttendanceView, FloorGrant, LiveView, MeetingState, PollState,
};
use ratusz_domain::validate::limits::GUEST_NAME_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council::{self as council_api, FloorStep, MeetingStep};
use crate::api::ApiError;
use crate::components::confirm::ConfirmButton;
use crate::components::council::action::{use_actions, ActionMessages, Actions, Said};
use crate::components::council::live::{use_live, LiveAnnouncer};
use crate::components::council::open_poll::OpenPollBox;
use crate::components::council::poll::{PollResultView, ResultPart};
use crate::components::council::poll_form::PollForm;
use crate::components::council::poll_list::PollList;
use crate::components::council::speaker::SpeakerView;
use crate::components::council::status_line::MeetingStatusLine;
use crate::components::error_view::ErrorView;
use crate::components::form::{on_submit, setter, Field};
use crate::council::{floor_kind_name, js_now_ms, moved};
use crate::i18n::{use_texts, CouncilTexts};
use crate::pages::council::{meeting_key, use_meeting, Agenda, LiveWaiting, MeetingPageProps};
use crate::pages::use_page_title;

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
    let meeting = use_meeting(
        props.id.clone(),
        meeting_key(live.view.as_deref(), live.offline_copy.is_some()),
    );
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
                        <MeetingStatusLine view={view.clone()} offline_copy={live.offline_copy} />
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
                        <OpenPollBox poll={poll.clone()} id={id.clone()} offset_ms={live.offset_ms}
                            actions={actions.clone()} />
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
