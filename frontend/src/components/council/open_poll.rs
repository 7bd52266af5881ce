//! The open poll's box on the chair's console: its title, turnout, time left and the close
//! button, confirmed in place. It comes into view when a poll opens (typically from the list
//! below it), so the chair never scrolls to close a vote.

use ratusz_domain::api::council::LivePoll;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::components::confirm::ConfirmButton;
use crate::components::council::action::Actions;
use crate::components::council::countdown::PollClock;
use crate::components::council::poll::PollProgress;
use crate::i18n::use_texts;

/// Props of [`OpenPollBox`].
#[derive(Properties, PartialEq)]
pub struct OpenPollBoxProps {
    /// The open poll, from the live document.
    pub poll: LivePoll,
    /// Meeting id.
    pub id: AttrValue,
    /// Server time minus local time, in ms (for the time left).
    pub offset_ms: i64,
    /// The console's action runner.
    pub actions: Actions,
}

/// The open poll with its close button.
#[component]
pub fn OpenPollBox(props: &OpenPollBoxProps) -> Html {
    let t = use_texts().council;
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.poll.id.clone(), move |_| {
            if let Some(el) = node.cast::<web_sys::Element>() {
                el.scroll_into_view_with_bool(false);
            }
        });
    }
    let on_confirm = {
        let (actions, id, pid) = (
            props.actions.clone(),
            props.id.clone(),
            props.poll.id.clone(),
        );
        Callback::from(move |()| {
            let (id, pid) = (id.clone(), pid.clone());
            actions.run(
                async move { council_api::close_poll(&id, &pid).await },
                |t| t.poll_closed,
            );
        })
    };
    let poll = &props.poll;
    html! {
        <div class="open-poll" ref={node}>
            <p class="poll-title"><strong>{ poll.title.clone() }</strong></p>
            <PollProgress poll={poll.clone()} />
            if let Some(closes_at) = poll.closes_at {
                <PollClock {closes_at} offset_ms={props.offset_ms} />
            }
            <ConfirmButton label={t.close_poll} question={t.close_poll_question} {on_confirm} />
        </div>
    }
}
