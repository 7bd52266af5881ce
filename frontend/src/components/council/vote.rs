//! The councillor's ballot: ZA / PRZECIW / WSTRZYMUJĘ SIĘ → a confirmation → the cast with an
//! `Idempotency-Key` made once per attempt (a retry reuses it, so it cannot count twice) →
//! the receipt, shown only after the server answered 201. Until then the screen says
//! "sending", never "cast".

use ratusz_domain::api::council::{Choice, LivePoll, PollKind, PollState, VoteReceipt};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::api::ApiError;
use crate::council::{choice_name, new_idempotency_key};
use crate::i18n::use_texts;
use crate::messages::error_message;

/// Where the ballot stands.
#[derive(Debug, Clone, PartialEq)]
enum Ballot {
    /// Choose a button.
    Choosing,
    /// "Cast ZA?" with the attempt's key.
    Confirming(Choice, String),
    /// The request is out.
    Sending(Choice, String),
    /// The request failed; retry with the same key.
    Failed(Choice, String, String),
    /// 201 with this receipt.
    Cast(VoteReceipt),
}

/// Props of [`VotePanel`].
#[derive(Properties, PartialEq)]
pub struct VotePanelProps {
    /// Meeting id.
    pub session_id: AttrValue,
    /// The open poll (with `my_vote`).
    pub poll: LivePoll,
    /// Reload the live view after a cast.
    pub on_cast: Callback<()>,
    /// The meeting lets a councillor change a recorded vote until close (open polls only).
    #[prop_or_default]
    pub allow_change: bool,
}

/// Big vote buttons with a confirmation step and the receipt.
#[component]
pub fn VotePanel(props: &VotePanelProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    let ballot = use_state(|| Ballot::Choosing);
    let focus_ref = use_node_ref();
    {
        // A new poll starts a new ballot.
        let ballot = ballot.clone();
        use_effect_with(props.poll.id.clone(), move |_| ballot.set(Ballot::Choosing));
    }
    {
        // Focus follows the step: the confirm button, then the receipt.
        let focus_ref = focus_ref.clone();
        let step = std::mem::discriminant(&*ballot);
        use_effect_with(step, move |_| {
            if let Some(el) = focus_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    let send = {
        let ballot = ballot.clone();
        let (sid, pid, on_cast) = (
            props.session_id.clone(),
            props.poll.id.clone(),
            props.on_cast.clone(),
        );
        Callback::from(move |(choice, key): (Choice, String)| {
            ballot.set(Ballot::Sending(choice, key.clone()));
            let (ballot, sid, pid, on_cast) =
                (ballot.clone(), sid.clone(), pid.clone(), on_cast.clone());
            spawn_local(async move {
                match council_api::cast_vote(&sid, &pid, choice, &key).await {
                    Ok(receipt) => ballot.set(Ballot::Cast(receipt)),
                    // Already recorded (an earlier attempt got through): the live view has
                    // the receipt; show it from there.
                    Err(e) if e.code() == "already_voted" => ballot.set(Ballot::Choosing),
                    Err(e) => ballot.set(Ballot::Failed(choice, key, failure_text(&e, texts))),
                }
                on_cast.emit(());
            });
        })
    };

    let my = props.poll.my_vote.clone();
    let recorded_receipt = match &*ballot {
        Ballot::Cast(r) => Some(r.receipt.clone()),
        _ => my
            .as_ref()
            .filter(|m| m.cast)
            .and_then(|m| m.receipt.clone()),
    };
    let recorded_choice = match &*ballot {
        Ballot::Cast(r) => Some(r.choice),
        _ => my.as_ref().and_then(|m| m.choice),
    };
    let cast = recorded_receipt.is_some() || my.as_ref().is_some_and(|m| m.cast);
    let entitled = my.as_ref().is_some_and(|m| m.entitled);
    let open = props.poll.state == PollState::Open;
    // A recorded vote may be replaced only where the meeting allows it, in an open poll (a
    // secret ballot is not linked to its voter, so the server cannot replace it).
    let may_change = props.allow_change && props.poll.kind == PollKind::Open;

    let status = if cast {
        html! {
            <div class="receipt">
                <p class="receipt-title" tabindex="-1" ref={focus_ref.clone()}><strong>{ t.vote_recorded }</strong></p>
                if let Some(choice) = recorded_choice {
                    <p>{ format!("{}: {}", t.your_vote, choice_name(choice, t)) }</p>
                }
                if let Some(code) = recorded_receipt {
                    <p>{ t.receipt }{ ": " }<strong class="receipt-code">{ code }</strong></p>
                    <p class="muted">{ t.receipt_hint }</p>
                }
            </div>
        }
    } else if let Ballot::Sending(choice, _) = &*ballot {
        html! { <p>{ format!("{} {}…", t.vote_sending, choice_name(*choice, t)) }</p> }
    } else {
        html! {}
    };

    let choosing = matches!(&*ballot, Ballot::Choosing | Ballot::Cast(_));
    let controls = if !open || (cast && !(may_change && entitled)) {
        html! {}
    } else if !entitled {
        html! { <p class="notice">{ t.not_entitled }</p> }
    } else {
        match &*ballot {
            Ballot::Choosing | Ballot::Cast(_) => {
                let buttons = props.poll.options.iter().map(|choice| {
                    let (ballot, choice) = (ballot.clone(), *choice);
                    let onclick = Callback::from(move |_: MouseEvent| {
                        ballot.set(Ballot::Confirming(choice, new_idempotency_key()));
                    });
                    let class = classes!("button", "vote-button", format!("vote-{}", choice.as_str()));
                    html! { <button type="button" {class} {onclick}>{ choice_name(choice, t) }</button> }
                });
                html! {
                    <>
                        if cast && choosing { <p>{ t.vote_change_offer }</p> }
                        <div class="vote-buttons" role="group" aria-label={t.vote_group}>{ for buttons }</div>
                    </>
                }
            }
            Ballot::Confirming(choice, key) | Ballot::Failed(choice, key, _) => {
                let (choice, key) = (*choice, key.clone());
                let confirm = send.reform(move |_: MouseEvent| (choice, key.clone()));
                let back = {
                    let ballot = ballot.clone();
                    Callback::from(move |_: MouseEvent| ballot.set(Ballot::Choosing))
                };
                let retry = matches!(&*ballot, Ballot::Failed(..));
                let label = if retry { t.vote_retry } else { t.vote_confirm };
                html! {
                    <div class="confirm vote-confirm" role="group" aria-label={t.vote_confirm_group}>
                        <p class="confirm-question">{ format!("{} {}?", t.vote_question, choice_name(choice, t)) }</p>
                        if let Ballot::Failed(_, _, error) = &*ballot {
                            <p class="form-error">{ error.clone() }</p>
                        }
                        <div class="button-row">
                            <button type="button" class="button vote-button" ref={focus_ref.clone()} onclick={confirm}>
                                { format!("{label}: {}", choice_name(choice, t)) }
                            </button>
                            <button type="button" class="button button-secondary" onclick={back}>{ t.vote_change }</button>
                        </div>
                    </div>
                }
            }
            Ballot::Sending(..) => html! {},
        }
    };

    html! {
        <div class="vote-panel">
            if props.poll.kind == PollKind::Secret {
                <p class="notice">{ t.secret_note }</p>
            }
            <div role="status">{ status }</div>
            { controls }
        </div>
    }
}

/// What to say when a cast failed: a network failure may have reached the server, so the
/// retry (same key) is the safe answer.
fn failure_text(error: &ApiError, texts: &'static crate::i18n::Texts) -> String {
    if error.is_network() {
        texts.council.vote_network.to_owned()
    } else {
        error_message(error, texts)
    }
}
