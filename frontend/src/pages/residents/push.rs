//! "Powiadomienia na tym urządzeniu" for a bound resident: turns Web Push on (the server's
//! VAPID key from `GET /api/notify/push-key`, the permission, `pushManager.subscribe`, then
//! `PUT /api/notify/me/push-subscription`) and off (unsubscribe, `DELETE`), saying which state
//! it is in with the chat's states (`chat::push::PushState`). On only with a subscription the
//! server took: the endpoint it took is remembered on this device (not secret: the device
//! token, not the endpoint, is what changes anything).

use yew::platform::spawn_local;
use yew::prelude::*;

use super::messages::use_message_texts;
use crate::api::notify;
use crate::api::ApiError;
use crate::chat::push::{after_permission, PushState};
use crate::dom;
use crate::i18n::resident_messages::ResidentMessageTexts;
use crate::i18n::use_texts;
use crate::messages::error_message;
use crate::web_push;

/// The `localStorage` key of the endpoint the server holds for this device.
const KEY: &str = "ratusz.resident.push";

async fn check() -> PushState {
    if !web_push::supported() {
        return PushState::Unsupported;
    }
    if let Err(ApiError::Problem(p)) = notify::push_key().await {
        if p.status == 404 {
            return PushState::Unavailable;
        }
    }
    if web_push::blocked() {
        return PushState::Blocked;
    }
    match (web_push::current().await, dom::stored(KEY)) {
        (Ok(Some(sub)), Some(kept)) if kept == sub.endpoint() => PushState::On,
        _ => PushState::Off,
    }
}

async fn turn_on() -> (PushState, Option<ApiError>) {
    if let Some(state) = after_permission(&web_push::request_permission().await) {
        return (state, None);
    }
    let key = match notify::push_key().await {
        Ok(key) => key.vapid_public_key,
        Err(e) => return (PushState::Off, Some(e)),
    };
    let Some((sub, body)) = web_push::subscribe(&key).await else {
        return (PushState::Failed, None);
    };
    match notify::set_push_subscription(&body).await {
        Ok(()) => {
            dom::store(KEY, &body.endpoint);
            (PushState::On, None)
        }
        Err(e) => {
            // The server would not take it: no subscription left behind in the browser.
            web_push::unsubscribe(&sub).await;
            (PushState::Off, Some(e))
        }
    }
}

async fn turn_off() -> (PushState, Option<ApiError>) {
    if let Ok(Some(sub)) = web_push::current().await {
        web_push::unsubscribe(&sub).await;
    }
    let refused = notify::remove_push_subscription().await.err();
    if refused.is_none() {
        dom::unstore(KEY);
    }
    (PushState::Off, refused)
}

fn said(state: PushState, t: &ResidentMessageTexts) -> &'static str {
    match state {
        PushState::Checking | PushState::Working => t.push_checking,
        PushState::Unsupported => t.push_unsupported,
        PushState::Unavailable => t.push_unavailable,
        PushState::Blocked => t.push_blocked,
        PushState::NotAllowed => t.push_not_allowed,
        PushState::Failed => t.push_failed,
        PushState::Off => t.push_off,
        PushState::On => t.push_on,
    }
}

/// The control on "Moje dane".
#[component]
pub fn ResidentPushOptIn() -> Html {
    let texts = use_texts();
    let t = use_message_texts();
    let state = use_state(|| PushState::Checking);
    let error = use_state(|| None::<ApiError>);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { state.set(check().await) });
        });
    }
    let toggle = {
        let (state, error) = (state.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, error) = (state.clone(), error.clone());
            let on = *state == PushState::On;
            state.set(PushState::Working);
            spawn_local(async move {
                let (next, refused) = if on {
                    turn_off().await
                } else {
                    turn_on().await
                };
                state.set(next);
                error.set(refused);
            });
        })
    };
    let label = if *state == PushState::On {
        t.push_turn_off
    } else {
        t.push_turn_on
    };
    html! {
        <section aria-labelledby="resident-push-heading">
            <h2 id="resident-push-heading">{ t.push_heading }</h2>
            <p>{ t.push_explain }</p>
            <p role="status">{ said(*state, t) }</p>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ error_message(e, texts) }</p>
            }
            if state.can_toggle() || *state == PushState::Working {
                <button type="button" class="button button-secondary" onclick={toggle}
                    disabled={*state == PushState::Working}>{ label }</button>
            }
        </section>
    }
}

/// Links to the resident's messages and the public news feed.
#[component]
pub fn ResidentMessageLinks() -> Html {
    let t = use_message_texts();
    html! {
        <ul class="link-list">
            <li>
                <yew_router::prelude::Link<crate::app::Route> to={crate::app::Route::ResidentMessages}>
                    { t.messages_link }
                </yew_router::prelude::Link<crate::app::Route>>
            </li>
            <li>
                <yew_router::prelude::Link<crate::app::Route> to={crate::app::Route::ResidentNews}>
                    { t.news_link }
                </yew_router::prelude::Link<crate::app::Route>>
            </li>
        </ul>
    }
}
