//! The meeting's state at a glance, the same on the councillor's tablet and the chair's
//! console: the state badge, the current agenda item, attendance against quorum, and the
//! offline-copy note when the network is gone.

use std::rc::Rc;

use ratusz_domain::api::council::LiveView;
use ratusz_domain::time::Timestamp;
use yew::prelude::*;

use crate::components::council::offline_copy::OfflineCopyNote;
use crate::council::meeting_state_name;
use crate::i18n::use_texts;
use crate::pages::council::QuorumLine;

/// Props of [`MeetingStatusLine`].
#[derive(Properties, PartialEq)]
pub struct MeetingStatusLineProps {
    /// The live document.
    pub view: Rc<LiveView>,
    /// When the document on screen was kept by the service worker, if it is an offline copy.
    #[prop_or_default]
    pub offline_copy: Option<Timestamp>,
}

/// "Trwa · Bieżący punkt: … / Obecnych 8 z 15 — kworum".
#[component]
pub fn MeetingStatusLine(props: &MeetingStatusLineProps) -> Html {
    let t = use_texts().council;
    let view = &props.view;
    html! {
        <>
            <OfflineCopyNote kept_at={props.offline_copy} />
            <p class="chamber-meta">
                <span class="badge">{ meeting_state_name(view.state, t) }</span>
                if let Some(item) = &view.current_item {
                    { " " }{ t.current_item }{ ": " }<strong>{ item.title.clone() }</strong>
                }
            </p>
            <QuorumLine present={view.attendance.present} statutory={view.attendance.statutory}
                quorum={view.attendance.quorum} />
        </>
    }
}
