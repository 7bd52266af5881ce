//! The chair's list of a meeting's polls: open a draft (and, after a `no_quorum` refusal, open
//! it anyway with a recorded reason), the state and turnout of each, the BIP page of a closed
//! one. Closing is in the open poll's box ([`super::open_poll::OpenPollBox`]).

use std::collections::BTreeMap;
use std::rc::Rc;

use ratusz_domain::api::council::{Poll, PollKind, PollOpen, PollState};
use ratusz_domain::council::poll::override_reason;
use ratusz_domain::validate::limits::OVERRIDE_REASON_MAX;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::api::ApiError;
use crate::components::council::action::Actions;
use crate::components::form::{on_submit, setter, Field};
use crate::i18n::use_texts;
use crate::problems::invalid_message;

/// Props of [`PollList`].
#[derive(Properties, PartialEq)]
pub struct PollListProps {
    /// The meeting's polls.
    pub polls: Rc<Vec<Poll>>,
    /// The console's action runner.
    pub actions: Actions,
    /// Meeting id.
    pub id: AttrValue,
    /// Polls open only while the meeting is live.
    pub meeting_live: bool,
}

/// The meeting's polls with open / close, and the quorum override after a `no_quorum`.
#[component]
pub fn PollList(props: &PollListProps) -> Html {
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
