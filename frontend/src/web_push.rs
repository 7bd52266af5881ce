//! This browser's side of Web Push, written once for every opt-in (the chat's councillors,
//! the residents' bound devices): whether the browser can, the page's service worker
//! registration, its current subscription, and subscribing with the server's VAPID key. The
//! callers decide what the server is told and what the control says.

use js_sys::{Promise, Reflect, JSON};
use ratusz_domain::api::push::{PushKeys, PushSubscriptionCreate};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Whether this browser has what push needs (checked before touching `Notification`, whose
/// absence would otherwise throw).
pub fn supported() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let has = |target: &JsValue, name: &str| {
        Reflect::has(target, &JsValue::from_str(name)).unwrap_or(false)
    };
    has(&window, "PushManager")
        && has(&window, "Notification")
        && has(&window.navigator(), "serviceWorker")
}

/// Whether notifications are blocked for this site.
pub fn blocked() -> bool {
    web_sys::Notification::permission() == web_sys::NotificationPermission::Denied
}

/// Awaits a promise the browser may have refused to start.
pub async fn resolve(promise: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// The page's service worker registration (once it is active).
pub async fn registration() -> Result<web_sys::ServiceWorkerRegistration, JsValue> {
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let ready = resolve(window.navigator().service_worker().ready()).await?;
    Ok(ready.unchecked_into())
}

/// This browser's current subscription, if any.
pub async fn current() -> Result<Option<web_sys::PushSubscription>, JsValue> {
    let manager = registration().await?.push_manager()?;
    let found = resolve(manager.get_subscription()).await?;
    Ok((!found.is_null() && !found.is_undefined()).then(|| found.unchecked_into()))
}

/// `Notification.requestPermission()`'s answer (`granted`, `denied`, `default`).
pub async fn request_permission() -> String {
    resolve(web_sys::Notification::request_permission())
        .await
        .ok()
        .and_then(|a| a.as_string())
        .unwrap_or_default()
}

/// Subscribes this browser with the server's VAPID key: the subscription and the body the
/// server takes; `None` when the browser could not (its push service unreachable).
pub async fn subscribe(
    vapid_public_key: &str,
) -> Option<(web_sys::PushSubscription, PushSubscriptionCreate)> {
    let manager = registration().await.and_then(|r| r.push_manager()).ok()?;
    let options = web_sys::PushSubscriptionOptionsInit::new();
    options.set_user_visible_only(true);
    options.set_application_server_key_opt_str(Some(vapid_public_key));
    let sub = resolve(manager.subscribe_with_options(&options))
        .await
        .ok()?;
    let sub: web_sys::PushSubscription = sub.unchecked_into();
    let body = JSON::stringify(&sub)
        .ok()
        .and_then(|j| j.as_string())
        .and_then(|j| subscription_body(&j))?;
    Some((sub, body))
}

/// Ends `sub` in the browser (best effort).
pub async fn unsubscribe(sub: &web_sys::PushSubscription) {
    let _ = resolve(sub.unsubscribe()).await;
}

/// `PushSubscription.toJSON()` as the browser writes it (its `expirationTime` is ignored).
#[derive(Deserialize)]
struct BrowserSubscription {
    endpoint: String,
    keys: PushKeys,
}

/// The request body from the JSON of the browser's subscription.
pub fn subscription_body(json: &str) -> Option<PushSubscriptionCreate> {
    let s: BrowserSubscription = serde_json::from_str(json).ok()?;
    Some(PushSubscriptionCreate {
        endpoint: s.endpoint,
        keys: s.keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_subscription_becomes_the_request() {
        let json = r#"{"endpoint":"https://fcm.googleapis.com/fcm/send/abc","expirationTime":null,"keys":{"p256dh":"BCV","auth":"BTB"}}"#;
        let body = subscription_body(json).unwrap();
        assert_eq!(body.endpoint, "https://fcm.googleapis.com/fcm/send/abc");
        assert_eq!(body.keys.p256dh, "BCV");
        assert_eq!(body.keys.auth, "BTB");
        assert!(subscription_body(r#"{"endpoint":"x"}"#).is_none());
        assert!(subscription_body("not json").is_none());
    }
}
