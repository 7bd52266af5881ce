//! The maintenance banner on every page (docs/api/operations.md): the current or next window
//! from the public notice, in Polish time, read again every five minutes so a window scheduled
//! while the page is open shows up. A polite status region, always in the DOM, so a screen
//! reader announces it when it fills.

use gloo::timers::callback::Interval;
use ratusz_domain::api::maintenance::NoticeWindow;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::maintenance;
use crate::i18n::{maintenance::texts, use_lang};
use crate::messages::format_timestamp;

/// How often the notice is read again (ms).
const REFRESH_MS: u32 = 5 * 60 * 1000;

/// The banner; empty when no window is scheduled (or the notice cannot be read).
#[component]
pub fn MaintenanceBanner() -> Html {
    let lang = use_lang();
    let window = use_state(|| None::<NoticeWindow>);
    {
        let window = window.setter();
        use_effect_with((), move |_| {
            let load = move || {
                let window = window.clone();
                spawn_local(async move {
                    // A failed read (offline, maintenance elsewhere) keeps what was shown.
                    if let Ok(notice) = maintenance::notice().await {
                        window.set(notice.window);
                    }
                });
            };
            load();
            let timer = Interval::new(REFRESH_MS, load);
            move || drop(timer)
        });
    }
    let t = texts(lang);
    html! {
        <div class="maintenance-region" role="status">
            if let Some(w) = (*window).clone() {
                <p class="maintenance-banner">
                    <strong>{ if w.in_progress { t.in_progress } else { t.scheduled } }</strong>
                    { format!(
                        " {} {} {} {}. ",
                        t.from,
                        format_timestamp(w.starts_at, lang),
                        t.to,
                        format_timestamp(w.ends_at, lang),
                    ) }
                    { format!("{} {}. ", t.reason, w.reason.trim_end_matches('.')) }
                    { if w.in_progress { t.in_progress_hint } else { t.scheduled_hint } }
                </p>
            }
        </div>
    }
}
