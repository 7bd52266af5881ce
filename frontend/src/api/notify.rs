//! Typed calls of the resident registry's public and bound-device endpoints
//! (docs/api/notifications.md § Public, § The bound device).
//!
//! They go out without cookies (`credentials: omit`): the resident's only credential is this
//! device's token (`crate::resident_device`), and the `notify` component refuses a staff
//! session on `/api/notify/me…`, so a clerk's browser that is also a resident's stays both.
//! Nor do they tell the staff session watcher about a 401: a wrong code or a revoked device
//! token says nothing about a staff session. A `401 invalid_token` forgets the token.

use gloo_net::http::Response;
use ratusz_domain::api::notify::{
    Binding, BindingRequest, CodeRequest, ConsentInput, ConsentText, Districts, Recipient,
    RecipientPatch, RegistrationAccepted, RegistrationInput, SuspensionInput,
};
use ratusz_domain::api::notify_messages::{NewsItem, ResidentMessage};
use ratusz_domain::api::page::Page;
use ratusz_domain::api::push::{PushKey, PushSubscriptionCreate};
use ratusz_domain::endpoints::{self, Endpoint};
use ratusz_domain::time::Timestamp;
use serde::de::DeserializeOwned;
use web_sys::RequestCredentials;

use super::{builder, classify, failure, parse, to_json, ApiError, BodyKind};
use crate::resident_device::{self, DeviceToken};

/// The problem code of a missing, unknown or revoked device token.
pub const INVALID_TOKEN: &str = "invalid_token";

/// `GET /api/notify/districts`.
pub async fn districts() -> Result<Districts, ApiError> {
    json(&endpoints::NOTIFY_DISTRICTS, None, None).await
}

/// `GET /api/notify/consent`.
pub async fn consent() -> Result<ConsentText, ApiError> {
    json(&endpoints::NOTIFY_CONSENT, None, None).await
}

/// `POST /api/notify/registrations` → 202: where the code went.
pub async fn register(body: &RegistrationInput) -> Result<RegistrationAccepted, ApiError> {
    json(&endpoints::NOTIFY_REGISTER, to_json(body), None).await
}

/// `POST /api/notify/codes` → 202 (always, for a known contact or not).
pub async fn request_code(body: &CodeRequest) -> Result<(), ApiError> {
    send(&endpoints::NOTIFY_CODES, to_json(body), None)
        .await
        .map(drop)
}

/// `POST /api/notify/bindings` → 201: the token is kept on this device, never handed out.
pub async fn bind(body: &BindingRequest) -> Result<(), ApiError> {
    let binding: Binding = json(&endpoints::NOTIFY_BIND, to_json(body), None).await?;
    let token =
        DeviceToken::parse(&binding.device_token).ok_or(ApiError::Unexpected { status: 201 })?;
    resident_device::keep(token).await;
    Ok(())
}

/// Whether this device holds a token (the server decides whether it still works).
pub async fn is_bound() -> bool {
    resident_device::token().await.is_some()
}

/// `GET /api/notify/me`: the recipient, and the JSON text itself (the portable copy).
pub async fn me() -> Result<(Recipient, String), ApiError> {
    let text = me_call(&endpoints::NOTIFY_ME, None).await?;
    Ok((parse(&text)?, text))
}

/// `PATCH /api/notify/me`.
pub async fn correct(patch: &RecipientPatch) -> Result<Recipient, ApiError> {
    parse(&me_call(&endpoints::NOTIFY_ME_UPDATE, to_json(patch)).await?)
}

/// `POST /api/notify/me/suspension`.
pub async fn suspend(body: &SuspensionInput) -> Result<Recipient, ApiError> {
    parse(&me_call(&endpoints::NOTIFY_ME_SUSPEND, to_json(body)).await?)
}

/// `DELETE /api/notify/me/suspension`.
pub async fn lift_suspension() -> Result<Recipient, ApiError> {
    parse(&me_call(&endpoints::NOTIFY_ME_RESUME, None).await?)
}

/// `POST /api/notify/me/consent-withdrawal`.
pub async fn withdraw_consent() -> Result<Recipient, ApiError> {
    parse(&me_call(&endpoints::NOTIFY_ME_WITHDRAW, None).await?)
}

/// `POST /api/notify/me/consent`.
pub async fn give_consent(body: &ConsentInput) -> Result<Recipient, ApiError> {
    parse(&me_call(&endpoints::NOTIFY_ME_CONSENT, to_json(body)).await?)
}

/// `DELETE /api/notify/me` → 204: erased; this device forgets its token.
pub async fn erase() -> Result<(), ApiError> {
    me_call(&endpoints::NOTIFY_ME_ERASE, None).await?;
    resident_device::forget().await;
    Ok(())
}

/// `DELETE /api/notify/me/device` → 204: unbound; this device forgets its token.
pub async fn unbind() -> Result<(), ApiError> {
    me_call(&endpoints::NOTIFY_ME_UNBIND, None).await?;
    resident_device::forget().await;
    Ok(())
}

/// `GET /api/notify/me/messages`: a page of this resident's messages (`cursor`: the previous
/// page's `next_cursor`).
pub async fn my_messages(cursor: Option<&str>) -> Result<Page<ResidentMessage>, ApiError> {
    let path = paged(endpoints::NOTIFY_ME_MESSAGES.path, cursor);
    parse(&me_call_at(&endpoints::NOTIFY_ME_MESSAGES, &path, None).await?)
}

/// `GET /api/notify/news`: a page of the public news feed (no token: it is anyone's), and when
/// the service worker kept it, if this is its offline copy.
pub async fn news(cursor: Option<&str>) -> Result<(Page<NewsItem>, Option<Timestamp>), ApiError> {
    let path = paged(endpoints::NOTIFY_NEWS.path, cursor);
    let answer = super::call_with(
        endpoints::NOTIFY_NEWS.method,
        &path,
        super::Outgoing::default(),
        true,
    )
    .await?;
    Ok((parse(&answer.text)?, answer.kept_at))
}

/// `GET /api/notify/push-key`: the server's VAPID key (404 while push is off).
pub async fn push_key() -> Result<PushKey, ApiError> {
    json(&endpoints::NOTIFY_PUSH_KEY, None, None).await
}

/// `PUT /api/notify/me/push-subscription`: this browser's subscription.
pub async fn set_push_subscription(body: &PushSubscriptionCreate) -> Result<(), ApiError> {
    me_call(&endpoints::NOTIFY_ME_PUSH_SUBSCRIBE, to_json(body))
        .await
        .map(drop)
}

/// `DELETE /api/notify/me/push-subscription`.
pub async fn remove_push_subscription() -> Result<(), ApiError> {
    me_call(&endpoints::NOTIFY_ME_PUSH_UNSUBSCRIBE, None)
        .await
        .map(drop)
}

/// `path` with `?cursor=` when there is one.
fn paged(path: &str, cursor: Option<&str>) -> String {
    match cursor {
        Some(c) => format!("{path}?cursor={}", super::encode_component(c)),
        None => path.to_owned(),
    }
}

/// A call as the bound device. Without a token it fails as the server would, and a
/// `401 invalid_token` forgets the token.
async fn me_call(endpoint: &Endpoint, body: Option<String>) -> Result<String, ApiError> {
    me_call_at(endpoint, endpoint.path, body).await
}

/// [`me_call`] at `path` (the endpoint's path with a query).
async fn me_call_at(
    endpoint: &Endpoint,
    path: &str,
    body: Option<String>,
) -> Result<String, ApiError> {
    let Some(token) = resident_device::token().await else {
        return Err(ApiError::Problem(ratusz_domain::api::Problem::new(
            401,
            INVALID_TOKEN,
            "This device is not bound.",
        )));
    };
    let result = send_at(endpoint, path, body, Some(&token)).await;
    if matches!(&result, Err(e) if e.code() == INVALID_TOKEN) {
        resident_device::forget().await;
    }
    result
}

async fn json<T: DeserializeOwned>(
    endpoint: &Endpoint,
    body: Option<String>,
    token: Option<&DeviceToken>,
) -> Result<T, ApiError> {
    parse(&send(endpoint, body, token).await?)
}

/// One request: the JSON text of a 2xx answer (empty for a 204), or the error.
async fn send(
    endpoint: &Endpoint,
    body: Option<String>,
    token: Option<&DeviceToken>,
) -> Result<String, ApiError> {
    send_at(endpoint, endpoint.path, body, token).await
}

/// [`send`] at `path` (the endpoint's path with a query).
async fn send_at(
    endpoint: &Endpoint,
    path: &str,
    body: Option<String>,
    token: Option<&DeviceToken>,
) -> Result<String, ApiError> {
    let mut request = builder(endpoint.method, path).credentials(RequestCredentials::Omit);
    if let Some(token) = token {
        request = request.header("Authorization", &token.bearer());
    }
    let sent = match body {
        Some(json) => {
            request
                .header("Content-Type", "application/json")
                .body(json)
                .map_err(|_| ApiError::Unexpected { status: 0 })?
                .send()
                .await
        }
        None => request.send().await,
    };
    let response: Response = sent.map_err(|_| ApiError::Network)?;
    let status = response.status();
    if status == 204 {
        return Ok(String::new());
    }
    let content_type = response.headers().get("content-type").unwrap_or_default();
    match classify(status, &content_type, &[]) {
        BodyKind::Expected => response
            .text()
            .await
            .map_err(|_| ApiError::Unexpected { status }),
        kind => Err(failure(response, kind).await),
    }
}
