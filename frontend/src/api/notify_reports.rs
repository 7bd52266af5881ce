//! Typed calls of the residents' reports (docs/api/notifications-messages.md § Reports): the
//! bound device's (without cookies, its token as a bearer, as `api::notify`; a
//! `401 invalid_token` forgets the token) and `notifier_admin`'s (the staff session, as
//! `api::registry`).

use gloo_net::http::Response;
use ratusz_domain::api::notify_reports::{
    Report, ReportInput, ReportPhotoType, ReportPhotoUploaded, ReportReplyInput, ReportStatus,
    ReportStatusInput, ReportSummary, Reports, StaffReport,
};
use ratusz_domain::api::{Page, Problem};
use ratusz_domain::endpoints::{self, Endpoint, HttpMethod};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use web_sys::RequestCredentials;

use super::notify::INVALID_TOKEN;
use super::{builder, call_with, classify, failure, get, parse, path_of, to_json, with_query};
use super::{ApiError, BodyKind, Outgoing};
use crate::resident_device;

/// `POST /api/notify/me/report-photos`: the image's bytes as its own type.
pub async fn upload_photo(
    file: web_sys::File,
    kind: ReportPhotoType,
) -> Result<ReportPhotoUploaded, ApiError> {
    let body = Body::Raw(file.into(), kind.as_str());
    parse(&device(&endpoints::NOTIFY_ME_REPORT_PHOTO_UPLOAD, None, body, None).await?)
}

/// `POST /api/notify/me/reports` with this press's `Idempotency-Key` (a repeated press of the
/// same form gets the first answer: one report).
pub async fn create(body: &ReportInput, idempotency_key: &str) -> Result<Report, ApiError> {
    let json = to_json(body).map_or(Body::None, Body::Json);
    parse(
        &device(
            &endpoints::NOTIFY_ME_REPORT_CREATE,
            None,
            json,
            Some(idempotency_key),
        )
        .await?,
    )
}

/// `GET /api/notify/me/reports`: the resident's reports, newest first.
pub async fn mine() -> Result<Reports, ApiError> {
    device_json(&endpoints::NOTIFY_ME_REPORTS, None).await
}

/// `GET /api/notify/reports?status=&cursor=`: a page of the staff's queue.
pub async fn queue(
    status: Option<ReportStatus>,
    cursor: Option<&str>,
) -> Result<Page<ReportSummary>, ApiError> {
    get(&with_query(
        endpoints::NOTIFY_REPORTS.path,
        &[
            ("status", status.map(ReportStatus::as_str)),
            ("cursor", cursor),
        ],
    ))
    .await
}

/// `GET /api/notify/reports/{id}` (the server records the read).
pub async fn report(id: &str) -> Result<StaffReport, ApiError> {
    get(&path_of(&endpoints::NOTIFY_REPORT, id)).await
}

/// The staff's address of report `id`'s photo (an `<img>` sends the session cookie).
pub fn photo_path(id: &str) -> String {
    path_of(&endpoints::NOTIFY_REPORT_PHOTO, id)
}

/// `POST /api/notify/reports/{id}/status`.
pub async fn move_status(id: &str, body: &ReportStatusInput) -> Result<StaffReport, ApiError> {
    staff(&endpoints::NOTIFY_REPORT_STATUS, id, to_json(body)).await
}

/// `POST /api/notify/reports/{id}/replies`.
pub async fn reply(id: &str, body: &ReportReplyInput) -> Result<StaffReport, ApiError> {
    staff(&endpoints::NOTIFY_REPORT_REPLY, id, to_json(body)).await
}

async fn staff<T: DeserializeOwned>(
    endpoint: &Endpoint,
    id: &str,
    json: Option<String>,
) -> Result<T, ApiError> {
    let outgoing = Outgoing {
        json,
        ..Outgoing::default()
    };
    let answer = call_with(HttpMethod::Post, &path_of(endpoint, id), outgoing, true).await?;
    parse(&answer.text)
}

async fn device_json<T: DeserializeOwned>(
    endpoint: &Endpoint,
    id: Option<&str>,
) -> Result<T, ApiError> {
    parse(&device(endpoint, id, Body::None, None).await?)
}

/// What a device request carries.
enum Body {
    None,
    Json(String),
    Raw(JsValue, &'static str),
}

/// One request as the bound device: the JSON text of a 2xx answer, or the error. Without a
/// token it fails as the server would; a `401 invalid_token` forgets the token.
async fn device(
    endpoint: &Endpoint,
    id: Option<&str>,
    body: Body,
    idempotency_key: Option<&str>,
) -> Result<String, ApiError> {
    let Some(token) = resident_device::token().await else {
        return Err(ApiError::Problem(Problem::new(
            401,
            INVALID_TOKEN,
            "This device is not bound.",
        )));
    };
    let path = id.map_or_else(|| endpoint.path.to_owned(), |id| path_of(endpoint, id));
    let mut request = builder(endpoint.method, &path)
        .credentials(RequestCredentials::Omit)
        .header("Authorization", &token.bearer());
    if let Some(key) = idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let sent = match body {
        Body::None => request.send().await,
        Body::Json(json) => {
            request
                .header("Content-Type", "application/json")
                .body(json)
                .map_err(|_| ApiError::Unexpected { status: 0 })?
                .send()
                .await
        }
        Body::Raw(data, content_type) => {
            request
                .header("Content-Type", content_type)
                .body(data)
                .map_err(|_| ApiError::Unexpected { status: 0 })?
                .send()
                .await
        }
    };
    let response: Response = sent.map_err(|_| ApiError::Network)?;
    let status = response.status();
    let content_type = response.headers().get("content-type").unwrap_or_default();
    let result = match classify(status, &content_type, &[]) {
        BodyKind::Expected => response
            .text()
            .await
            .map_err(|_| ApiError::Unexpected { status }),
        kind => Err(failure(response, kind).await),
    };
    if matches!(&result, Err(e) if e.code() == INVALID_TOKEN) {
        resident_device::forget().await;
    }
    result
}
