//! Connectivity: `navigator.onLine`, the `online`/`offline` events, and failed API calls,
//! combined into one flag that drives the offline banner.

use gloo::events::EventListener;
use yew::prelude::*;

use crate::dom;
use crate::i18n::use_texts;

/// Whether the app can reach the server, shared through a Yew context.
#[derive(Clone, PartialEq)]
pub struct Network {
    /// False when the browser is offline or the last API call could not reach the server.
    pub online: bool,
    /// Pages report each API call's outcome: `true` when the server answered (any status),
    /// `false` when the request failed before an answer.
    pub report: Callback<bool>,
}

/// Owns the connectivity state; used once, by the app root.
#[hook]
pub fn use_network_provider() -> Network {
    let browser_online = use_state(dom::navigator_online);
    let server_unreachable = use_state(|| false);

    {
        let browser_online = browser_online.clone();
        let server_unreachable = server_unreachable.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|window| {
                let on = {
                    let browser_online = browser_online.clone();
                    EventListener::new(&window, "online", move |_| {
                        browser_online.set(true);
                        // The network is back: give the server the benefit of the doubt
                        // until the next call says otherwise.
                        server_unreachable.set(false);
                    })
                };
                let off = EventListener::new(&window, "offline", move |_| {
                    browser_online.set(false);
                });
                (on, off)
            });
            move || drop(listeners)
        });
    }

    let report = {
        let server_unreachable = server_unreachable.clone();
        Callback::from(move |reached: bool| server_unreachable.set(!reached))
    };
    Network {
        online: *browser_online && !*server_unreachable,
        report,
    }
}

/// The callback pages use to report whether an API call reached the server.
#[hook]
pub fn use_network_report() -> Callback<bool> {
    use_context::<Network>().map_or_else(Callback::noop, |n| n.report)
}

/// A polite live region that tells the user when the app is offline. The region is always in
/// the DOM (empty when online) so screen readers announce the change when it fills.
#[component]
pub fn OfflineBanner() -> Html {
    let texts = use_texts();
    let online = use_context::<Network>().is_none_or(|n| n.online);
    html! {
        <div class="offline-region" role="status">
            if !online {
                <p class="offline-banner">{ texts.offline_banner }</p>
            }
        </div>
    }
}
