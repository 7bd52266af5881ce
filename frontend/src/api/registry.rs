//! Typed calls of the resident registry's staff endpoints (docs/api/notifications.md § Staff):
//! the staff session's cookie and CSRF header like every office call, unlike `api::notify`,
//! which speaks as a resident's bound device.

use ratusz_domain::api::notify::{
    CodeSendInput, CodeSent, ConsentDocumentInput, ConsentDocumentMark, District, DistrictInput,
    ErasedRecipient, ErasureRequest, ErasureRequestInput, NotifyStats, Recipient, RecipientInput,
    RecipientPatch, RecipientRecord, RecipientSummary, SuspensionInput, VerificationInput,
};
use ratusz_domain::api::Page;
use ratusz_domain::endpoints::{self, Endpoint, HttpMethod};

use super::{call_with, get, parse, path_of, request, request_empty, to_json, with_query};
use super::{ApiError, Outgoing};

/// What the list is searched by (the contract allows one kind per request).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// `email=`.
    pub email: Option<String>,
    /// `phone=`.
    pub phone: Option<String>,
    /// `district_id=`.
    pub district_id: Option<String>,
    /// `name=` (with `district_id`).
    pub name: Option<String>,
    /// `verification=`.
    pub verification: Option<String>,
}

/// `GET /api/notify/recipients?…&cursor=`: one page of summaries.
pub async fn list(
    search: &Search,
    cursor: Option<&str>,
) -> Result<Page<RecipientSummary>, ApiError> {
    get(&with_query(
        endpoints::NOTIFY_RECIPIENTS.path,
        &[
            ("email", search.email.as_deref()),
            ("phone", search.phone.as_deref()),
            ("district_id", search.district_id.as_deref()),
            ("name", search.name.as_deref()),
            ("verification", search.verification.as_deref()),
            ("cursor", cursor),
        ],
    ))
    .await
}

/// `POST /api/notify/recipients` with this submit's `Idempotency-Key` (a repeated submit of
/// the same form gets the first answer, so the person is registered once).
pub async fn register(body: &RecipientInput, idempotency_key: &str) -> Result<Recipient, ApiError> {
    let outgoing = Outgoing {
        json: to_json(body),
        headers: vec![("Idempotency-Key", idempotency_key.to_owned())],
        ..Outgoing::default()
    };
    let answer = call_with(
        HttpMethod::Post,
        endpoints::NOTIFY_RECIPIENT_CREATE.path,
        outgoing,
        true,
    )
    .await?;
    parse(&answer.text)
}

/// `GET /api/notify/recipients/{id}`: the person, or what is left after erasure.
pub async fn recipient(id: &str) -> Result<RecipientRecord, ApiError> {
    get(&path_of(&endpoints::NOTIFY_RECIPIENT, id)).await
}

/// `PATCH /api/notify/recipients/{id}`.
pub async fn correct(id: &str, patch: &RecipientPatch) -> Result<Recipient, ApiError> {
    on(&endpoints::NOTIFY_RECIPIENT_UPDATE, id, to_json(patch)).await
}

/// `POST …/verification`.
pub async fn verify(id: &str, body: &VerificationInput) -> Result<Recipient, ApiError> {
    on(&endpoints::NOTIFY_RECIPIENT_VERIFY, id, to_json(body)).await
}

/// The printable consent document (`text/html`, the session cookie goes with a plain link).
pub fn consent_document_url(id: &str) -> String {
    path_of(&endpoints::NOTIFY_CONSENT_DOCUMENT, id)
}

/// `POST …/consent-document` `{state}`.
pub async fn mark_document(id: &str, state: ConsentDocumentMark) -> Result<Recipient, ApiError> {
    let body = ConsentDocumentInput { state };
    on(&endpoints::NOTIFY_CONSENT_DOCUMENT_MARK, id, to_json(&body)).await
}

/// `POST …/suspension`.
pub async fn suspend(id: &str, body: &SuspensionInput) -> Result<Recipient, ApiError> {
    on(&endpoints::NOTIFY_RECIPIENT_SUSPEND, id, to_json(body)).await
}

/// `DELETE …/suspension`.
pub async fn lift_suspension(id: &str) -> Result<Recipient, ApiError> {
    on(&endpoints::NOTIFY_RECIPIENT_RESUME, id, None).await
}

/// `POST …/consent-withdrawal`.
pub async fn withdraw_consent(id: &str) -> Result<Recipient, ApiError> {
    on(&endpoints::NOTIFY_RECIPIENT_WITHDRAW, id, None).await
}

/// `POST …/code` → 202 `{sent_to, expires_at}`.
pub async fn send_code(id: &str, body: &CodeSendInput) -> Result<CodeSent, ApiError> {
    on(&endpoints::NOTIFY_RECIPIENT_CODE, id, to_json(body)).await
}

/// `POST …/erasure` `{reason}` → 202 pending.
pub async fn request_erasure(
    id: &str,
    body: &ErasureRequestInput,
) -> Result<ErasureRequest, ApiError> {
    on(&endpoints::NOTIFY_ERASURE_REQUEST, id, to_json(body)).await
}

/// `POST …/erasure/confirm` (another `notifier_admin`) → the erased recipient.
pub async fn confirm_erasure(id: &str) -> Result<ErasedRecipient, ApiError> {
    on(&endpoints::NOTIFY_ERASURE_CONFIRM, id, None).await
}

/// `DELETE …/erasure` → 204.
pub async fn withdraw_erasure(id: &str) -> Result<(), ApiError> {
    let endpoint = &endpoints::NOTIFY_ERASURE_WITHDRAW;
    request_empty(endpoint.method, &path_of(endpoint, id), None).await
}

/// `POST /api/notify/districts`.
pub async fn create_district(body: &DistrictInput) -> Result<District, ApiError> {
    let endpoint = &endpoints::NOTIFY_DISTRICT_CREATE;
    request(endpoint.method, endpoint.path, to_json(body)).await
}

/// `PATCH /api/notify/districts/{id}`.
pub async fn rename_district(id: &str, body: &DistrictInput) -> Result<District, ApiError> {
    on(&endpoints::NOTIFY_DISTRICT_RENAME, id, to_json(body)).await
}

/// `GET /api/notify/stats` (counts only; `notifier` and `notifier_admin`).
pub async fn stats() -> Result<NotifyStats, ApiError> {
    get(endpoints::NOTIFY_STATS.path).await
}

/// `endpoint` on object `id`, answered by a JSON document.
async fn on<T: serde::de::DeserializeOwned>(
    endpoint: &Endpoint,
    id: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    request(endpoint.method, &path_of(endpoint, id), body).await
}
