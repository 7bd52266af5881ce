//! `/screen/:id` — the chamber projector and broadcast overlay, no sign-in and no site chrome
//! (the layout leaves it bare): the meeting line, then the current item and the speaker with
//! the countdown beside the poll — while open how many voted, after close the outcome in words
//! and the counts in the largest type. Sized in viewport units so that it fills a 1920×1080
//! or 1280×720 screen without scrolling and reads from the back of the room; the longest
//! titles and names the server allows step down in size (`screen_text_class`) so they fit too.

use ratusz_domain::api::council::PollState;
use yew::prelude::*;

use crate::components::council::countdown::PollClock;
use crate::components::council::live::{use_live, LiveAnnouncer};
use crate::components::council::poll::{PollProgress, PollResultView, ResultPart};
use crate::components::council::speaker::SpeakerView;
use crate::components::error_view::ErrorView;
use crate::council::{meeting_state_name, screen_text_class};
use crate::i18n::use_texts;
use crate::pages::council::{LiveWaiting, MeetingPageProps, QuorumLine};
use crate::pages::use_page_title;

/// The public screen.
#[component]
pub fn ScreenPage(props: &MeetingPageProps) -> Html {
    let texts = use_texts();
    let t = texts.council;
    use_page_title(t.screen_title);
    let live = use_live(props.id.clone(), true);
    let Some(view) = live.view.clone() else {
        return html! {
            <div class="screen">
                <LiveWaiting title={t.screen_title} error={live.error.clone()} />
            </div>
        };
    };
    let item = view
        .current_item
        .as_ref()
        .map_or(t.no_current_item.to_owned(), |i| i.title.clone());
    html! {
        <div class="screen">
            <div class="screen-head">
                <h1 class={classes!(screen_text_class(&view.title))}>{ format!("{} {}", view.title, view.number) }</h1>
                <p class="screen-state">
                    <span class="badge">{ meeting_state_name(view.state, t) }</span>
                </p>
                <QuorumLine present={view.attendance.present} statutory={view.attendance.statutory}
                    quorum={view.attendance.quorum} />
            </div>
            <LiveAnnouncer view={Some(view.clone())} />
            if let Some(e) = &live.error { <ErrorView error={e.clone()} /> }
            <div class="screen-body">
                <div class="screen-now">
                    <section aria-labelledby="screen-item">
                        <h2 id="screen-item">{ t.current_item }</h2>
                        <p class={classes!("screen-item", screen_text_class(&item))}>{ item.clone() }</p>
                    </section>
                    <section aria-labelledby="screen-floor">
                        <h2 id="screen-floor">{ t.floor_heading }</h2>
                        <SpeakerView floor={view.floor.clone()} offset_ms={live.offset_ms} large=true />
                    </section>
                </div>
                <section class="screen-poll" aria-labelledby="screen-poll">
                    <h2 id="screen-poll">{ t.poll_heading }</h2>
                    { match &view.poll {
                        Some(poll) if poll.state == PollState::Open => html! {
                            <>
                                <p class={classes!("screen-item", screen_text_class(&poll.title))}>{ poll.title.clone() }</p>
                                <PollProgress poll={poll.clone()} />
                                if let Some(closes_at) = poll.closes_at {
                                    <PollClock {closes_at} offset_ms={live.offset_ms} />
                                }
                            </>
                        },
                        Some(poll) => html! {
                            <PollResultView session_id={props.id.clone()} poll={poll.clone()} nested=true
                                part={ResultPart::Summary} />
                        },
                        None => html! { <p class="muted">{ t.no_poll }</p> },
                    } }
                </section>
            </div>
        </div>
    }
}
