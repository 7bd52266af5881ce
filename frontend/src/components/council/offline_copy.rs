//! "Copy from 10:42 — offline": said on a meeting page whose live document is the copy the
//! service worker kept (`frontend/web/sw.js`), so nobody in the chamber takes it for the
//! current state of the meeting. Gone with the first answer from the server.

use ratusz_domain::time::Timestamp;
use yew::prelude::*;

use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;

/// Props of [`OfflineCopyNote`].
#[derive(Properties, PartialEq)]
pub struct OfflineCopyNoteProps {
    /// When the copy on screen was kept; `None` while the page shows the server's answer.
    pub kept_at: Option<Timestamp>,
}

/// A status region, always in the page so a screen reader announces the note when it
/// appears, holding the note while the page shows an offline copy.
#[component]
pub fn OfflineCopyNote(props: &OfflineCopyNoteProps) -> Html {
    let lang = use_lang();
    let t = use_texts().council;
    html! {
        <div class="offline-copy-region" role="status">
            if let Some(at) = props.kept_at {
                <p class="offline-copy">
                    { format!("{} {} — {}", t.offline_copy_from, format_timestamp(at, lang), t.offline_copy_offline) }
                </p>
            }
        </div>
    }
}
