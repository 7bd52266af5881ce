//! Who has the floor (name, kind, countdown) and the queue, shown alike on every screen.

use ratusz_domain::api::council::FloorView;
use yew::prelude::*;

use crate::components::council::countdown::Countdown;
use crate::council::{floor_kind_name, screen_text_class};
use crate::i18n::use_texts;

/// Props of [`SpeakerView`].
#[derive(Properties, PartialEq)]
pub struct SpeakerViewProps {
    /// The floor.
    pub floor: FloorView,
    /// Server time minus local time (ms).
    pub offset_ms: i64,
    /// Large type.
    #[prop_or_default]
    pub large: bool,
}

/// The current speaker with the countdown, or "nobody has the floor".
#[component]
pub fn SpeakerView(props: &SpeakerViewProps) -> Html {
    let t = use_texts().council;
    match &props.floor.speaker {
        Some(speaker) => html! {
            <div class="speaker">
                // On the projector a long name (a guest's, up to 200 characters) steps down.
                <p class={classes!("speaker-name", props.large.then(|| screen_text_class(&speaker.name)).flatten())}>
                    <span class="muted">{ t.speaking_now }</span>{ " " }
                    <strong>{ speaker.name.clone() }</strong>
                    { format!(" ({})", floor_kind_name(speaker.kind, t)) }
                </p>
                <Countdown speaker={speaker.clone()} offset_ms={props.offset_ms} large={props.large} />
            </div>
        },
        None => html! { <p class="speaker muted">{ t.nobody_speaking }</p> },
    }
}

/// Props of [`QueueList`].
#[derive(Properties, PartialEq)]
pub struct QueueListProps {
    /// The floor.
    pub floor: FloorView,
}

/// The waiting requests in speaking order (read only).
#[component]
pub fn QueueList(props: &QueueListProps) -> Html {
    let t = use_texts().council;
    if props.floor.queue.is_empty() {
        return html! { <p class="muted">{ t.queue_empty }</p> };
    }
    html! {
        <ol class="queue">
            { for props.floor.queue.iter().map(|q| html! {
                <li>{ q.name.clone() }{ format!(" — {}", floor_kind_name(q.kind, t)) }</li>
            }) }
        </ol>
    }
}
