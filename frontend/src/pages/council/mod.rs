//! The council screens (`shared/spec/council.md` § Screens): the meetings list, the
//! councillor's tablet, the chair's console, the clerk's meeting editor, and the public
//! screen and list. Live data comes from `components::council::live::use_live`.

// The chair's console and the clerk's pages run in the office bundle only (`crate::bundle`).
#[cfg(feature = "office")]
pub mod chair;
#[cfg(feature = "office")]
pub mod clerk_edit;
#[cfg(feature = "office")]
pub mod clerk_list;
pub mod list;
#[cfg(feature = "office")]
pub mod meeting_form;
#[cfg(feature = "office")]
pub mod members;
pub mod public;
// The projector's screen runs in the office bundle, the whole app (`crate::bundle`).
#[cfg(feature = "office")]
pub mod screen;
pub mod tablet;

use ratusz_domain::api::council::{AgendaItem, LiveView, Meeting, MeetingSummary};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council as council_api;
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::i18n::use_texts;
use crate::pages::admin::Loaded;

/// Props of a page about one meeting.
#[derive(Properties, PartialEq)]
pub struct MeetingPageProps {
    /// Meeting id (from the route).
    pub id: AttrValue,
}

/// `GET /api/sessions/:id`, again whenever `key` changes (the agenda, the current item).
#[hook]
pub fn use_meeting(id: AttrValue, key: String) -> Option<Result<Meeting, ApiError>> {
    let meeting = use_state(|| None);
    {
        let meeting = meeting.clone();
        use_effect_with((id, key), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move { meeting.set(Some(council_api::session(&id).await)) });
        });
    }
    (*meeting).clone()
}

/// `GET /api/sessions` (members, chair, clerk) or `GET /api/public/sessions` (anyone).
#[hook]
pub fn use_sessions(public: bool) -> Loaded<Vec<MeetingSummary>> {
    let list = use_state(|| Loaded::Loading);
    {
        let list = list.clone();
        use_effect_with(public, move |public| {
            let public = *public;
            spawn_local(async move {
                let result = if public {
                    council_api::public_sessions().await
                } else {
                    council_api::sessions().await
                };
                list.set(match result {
                    Ok(items) => Loaded::Ready(items),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    (*list).clone()
}

/// Props of [`LiveWaiting`].
#[derive(Properties, PartialEq)]
pub struct LiveWaitingProps {
    /// The page's heading.
    pub title: AttrValue,
    /// Why the first live document did not come, if it failed.
    #[prop_or_default]
    pub error: Option<ApiError>,
}

/// A live page before its first document: the heading and "loading" or the failure.
#[component]
pub fn LiveWaiting(props: &LiveWaitingProps) -> Html {
    let texts = use_texts();
    html! {
        <>
            <h1>{ props.title.clone() }</h1>
            if let Some(e) = &props.error { <ErrorView error={e.clone()} /> }
            else { <p role="status">{ texts.loading }</p> }
        </>
    }
}

/// What in the live document means the meeting document should be read again: its state,
/// its current item, and whether it is an offline copy (back online, the agenda on screen may
/// be the kept copy too: read it again).
pub fn meeting_key(view: Option<&LiveView>, offline_copy: bool) -> String {
    view.map_or_else(String::new, |v| {
        format!(
            "{:?}/{}/{offline_copy}",
            v.state,
            v.current_item.as_ref().map_or("", |c| c.id.as_str())
        )
    })
}

/// Props of [`Agenda`].
#[derive(Properties, PartialEq)]
pub struct AgendaProps {
    /// Meeting id.
    pub session_id: AttrValue,
    /// Items in order.
    pub items: Vec<AgendaItem>,
    /// The current item.
    #[prop_or_default]
    pub current: Option<String>,
    /// Public download links.
    #[prop_or_default]
    pub public: bool,
    /// Extra controls per item (chair: "make current").
    #[prop_or_default]
    pub controls: Option<Callback<AgendaItem, Html>>,
}

/// The agenda with the current item marked and the attachments as download links.
#[component]
pub fn Agenda(props: &AgendaProps) -> Html {
    let t = use_texts().council;
    if props.items.is_empty() {
        return html! { <p class="muted">{ t.agenda_empty }</p> };
    }
    html! {
        <ol class="agenda">
            { for props.items.iter().map(|item| {
                let current = props.current.as_deref() == Some(item.id.as_str());
                html! {
                    <li class={classes!(current.then_some("agenda-current"))}
                        aria-current={current.then_some("step")}>
                        <span class="agenda-title">{ item.title.clone() }</span>
                        if current { { " " }<strong class="badge">{ t.current_item_badge }</strong> }
                        if let Some(d) = &item.description { <p class="prewrap">{ d.clone() }</p> }
                        if !item.attachments.is_empty() {
                            <ul class="attachments">
                                { for item.attachments.iter().map(|a| html! {
                                    <li><a href={council_api::attachment_url(&props.session_id, &a.id, props.public)}
                                        download={a.filename.clone()}>
                                        { format!("{} ({} kB, PDF)", a.filename, a.size.div_ceil(1024)) }
                                    </a></li>
                                }) }
                            </ul>
                        }
                        if let Some(controls) = &props.controls { { controls.emit(item.clone()) } }
                    </li>
                }
            }) }
        </ol>
    }
}

/// Props of [`QuorumLine`].
#[derive(Properties, PartialEq)]
pub struct QuorumLineProps {
    /// Present.
    pub present: u32,
    /// Statutory composition.
    pub statutory: u32,
    /// Quorum.
    pub quorum: bool,
}

/// "Present 8 of 15 — quorum" with the state in words and colour.
#[component]
pub fn QuorumLine(props: &QuorumLineProps) -> Html {
    let t = use_texts().council;
    let (class, word) = if props.quorum {
        ("state state-ok", t.quorum_yes)
    } else {
        ("state state-bad", t.quorum_no)
    };
    html! {
        <p class="quorum">
            { format!("{} {} {} {} — ", t.present, props.present, t.of, props.statutory) }
            <span {class}>{ word }</span>
        </p>
    }
}
