//! "Powiadomienia na tym urządzeniu": turns Web Push on for this browser (the server's VAPID
//! key, `Notification.requestPermission`, `pushManager.subscribe`, then `POST` the
//! subscription) and off again (unsubscribe, `DELETE`), and says which state it is in — not
//! supported, not enabled on the server, blocked by the browser, not allowed, failed, on, off.
//! A browser that cannot reach its push service fails to subscribe: that is said as it is,
//! never shown as on.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::chat as chat_api;
use crate::api::ApiError;
use crate::chat::push::{self as record, after_permission, PushState, Record};
use crate::components::chat_live::use_chat_live;
use crate::i18n::chat::ChatTexts;
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::chat::chat_error;
use crate::web_push::{self, current, supported};

/// What the control shows when it opens.
async fn check(me: &str) -> PushState {
    if !supported() {
        return PushState::Unsupported;
    }
    if let Err(ApiError::Problem(p)) = chat_api::push_key().await {
        if p.status == 404 {
            return PushState::Unavailable;
        }
    }
    if web_push::blocked() {
        return PushState::Blocked;
    }
    match (current().await, record::load(me)) {
        (Ok(Some(sub)), Some(kept)) if kept.endpoint == sub.endpoint() => PushState::On,
        _ => PushState::Off,
    }
}

/// Turns push on: the state it ends in, and the server's refusal if there was one.
async fn turn_on(me: &str) -> (PushState, Option<ApiError>) {
    let answer = web_push::request_permission().await;
    if let Some(state) = after_permission(&answer) {
        return (state, None);
    }
    let key = match chat_api::push_key().await {
        Ok(key) => key.vapid_public_key,
        Err(e) => return (PushState::Off, Some(e)),
    };
    let Some((sub, body)) = web_push::subscribe(&key).await else {
        return (PushState::Failed, None);
    };
    match chat_api::push_subscribe(&body).await {
        Ok(created) => {
            record::save(&Record {
                user_id: me.to_owned(),
                endpoint: body.endpoint,
                id: created.id,
            });
            (PushState::On, None)
        }
        Err(e) => {
            // The server would not take it: no subscription left behind in the browser.
            web_push::unsubscribe(&sub).await;
            (PushState::Off, Some(e))
        }
    }
}

/// Turns push off: the browser's subscription ends and the server forgets it.
async fn turn_off(me: &str) -> (PushState, Option<ApiError>) {
    if let Ok(Some(sub)) = current().await {
        web_push::unsubscribe(&sub).await;
    }
    let refused = match record::load(me) {
        Some(kept) => match chat_api::push_unsubscribe(&kept.id).await {
            // Already gone there (removed elsewhere, or the push service retired it).
            Ok(()) | Err(ApiError::Problem(_)) => None,
            Err(e) => Some(e),
        },
        None => None,
    };
    if refused.is_none() {
        record::forget();
    }
    (PushState::Off, refused)
}

/// The sentence of a state.
fn said(state: PushState, t: &ChatTexts) -> &'static str {
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

/// The control.
#[component]
pub fn PushOptIn() -> Html {
    let texts = use_texts();
    let t = chat::texts(use_lang());
    let me = use_chat_live().and_then(|l| l.me).unwrap_or_default();
    let state = use_state(|| PushState::Checking);
    let error = use_state(|| None::<ApiError>);
    {
        let (state, me) = (state.clone(), me.clone());
        use_effect_with(me, move |me| {
            let me = me.clone();
            spawn_local(async move { state.set(check(&me).await) });
        });
    }
    let toggle = {
        let (state, error, me) = (state.clone(), error.clone(), me.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, error, me) = (state.clone(), error.clone(), me.clone());
            let on = *state == PushState::On;
            state.set(PushState::Working);
            spawn_local(async move {
                let (next, refused) = if on {
                    turn_off(&me).await
                } else {
                    turn_on(&me).await
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
        <section class="chat-push" aria-labelledby="chat-push-heading">
            <h2 id="chat-push-heading">{ t.push_heading }</h2>
            <p class="muted">{ t.push_explain }</p>
            <p role="status" class="chat-push-state">{ said(*state, t) }</p>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p>
            }
            if state.can_toggle() || *state == PushState::Working {
                <button type="button" class="button button-secondary" onclick={toggle}
                    disabled={*state == PushState::Working}>{ label }</button>
            }
        </section>
    }
}
