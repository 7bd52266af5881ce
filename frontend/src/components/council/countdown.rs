//! The speaking-time countdown everyone sees, derived from the speaker's start, the limit
//! and the server clock offset; it signals time-out visually (the chair decides what then).

use gloo::timers::callback::Interval;
use ratusz_domain::api::council::Speaker;
use ratusz_domain::time::Timestamp;
use yew::prelude::*;

use crate::council::{format_clock, js_now_ms, remaining_ms};
use crate::i18n::use_texts;

/// Props of [`Countdown`].
#[derive(Properties, PartialEq)]
pub struct CountdownProps {
    /// The speech.
    pub speaker: Speaker,
    /// Server time minus local time (ms).
    pub offset_ms: i64,
    /// Large type (public screen, "you have the floor" banner).
    #[prop_or_default]
    pub large: bool,
}

/// `m:ss` left, redrawn twice a second. `role="timer"` is not announced by screen readers
/// on every change; the time-out is said once through its own text.
#[component]
pub fn Countdown(props: &CountdownProps) -> Html {
    let t = use_texts().council;
    let now = use_clock();
    let left = remaining_ms(&props.speaker, props.offset_ms, now);
    let over = left <= 0;
    let class = classes!(
        "countdown",
        props.large.then_some("countdown-large"),
        over.then_some("countdown-over")
    );
    html! {
        <p {class}>
            <span class="countdown-label">{ t.time_left }</span>{ " " }
            <span role="timer" class="countdown-value">{ format_clock(left) }</span>
            if over {
                { " " }<strong class="countdown-out">{ t.time_up }</strong>
            }
        </p>
    }
}

/// The local clock, redrawn twice a second while the component is mounted.
#[hook]
fn use_clock() -> i64 {
    let now = use_state(js_now_ms);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(500, move || now.set(js_now_ms()));
            move || drop(timer)
        });
    }
    *now
}

/// Props of [`PollClock`].
#[derive(Properties, PartialEq)]
pub struct PollClockProps {
    /// When the poll closes by itself.
    pub closes_at: Timestamp,
    /// Server time minus local time (ms).
    pub offset_ms: i64,
}

/// "Voting ends in m:ss" for a poll with a time limit (never below zero: the server closes it).
#[component]
pub fn PollClock(props: &PollClockProps) -> Html {
    let t = use_texts().council;
    let now = use_clock();
    let left = (props.closes_at.unix_ms() - (now + props.offset_ms)).max(0);
    html! {
        <p class="countdown poll-clock">
            <span class="countdown-label">{ t.poll_time_left }</span>{ " " }
            <span role="timer" class="countdown-value">{ format_clock(left) }</span>
        </p>
    }
}
