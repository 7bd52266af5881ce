//! Typed calls of the message templates (docs/api/notifications-messages.md § Staff:
//! `notifier`): the staff session's cookie and CSRF header like every office call.

use ratusz_domain::api::notify_templates::{Template, TemplateInput, TemplatePatch, Templates};
use ratusz_domain::endpoints;

use super::{get, path_of, request, request_empty, to_json, ApiError};

/// `GET /api/notify/templates`.
pub async fn list() -> Result<Templates, ApiError> {
    get(endpoints::NOTIFY_TEMPLATES.path).await
}

/// `POST /api/notify/templates`: 409 `name_taken` for a name in use.
pub async fn create(body: &TemplateInput) -> Result<Template, ApiError> {
    let endpoint = &endpoints::NOTIFY_TEMPLATE_CREATE;
    request(endpoint.method, endpoint.path, to_json(body)).await
}

/// `PATCH /api/notify/templates/{id}` (the form sends every field).
pub async fn update(id: &str, body: &TemplatePatch) -> Result<Template, ApiError> {
    let endpoint = &endpoints::NOTIFY_TEMPLATE_UPDATE;
    request(endpoint.method, &path_of(endpoint, id), to_json(body)).await
}

/// `DELETE /api/notify/templates/{id}` → 204.
pub async fn delete(id: &str) -> Result<(), ApiError> {
    let endpoint = &endpoints::NOTIFY_TEMPLATE_DELETE;
    request_empty(endpoint.method, &path_of(endpoint, id), None).await
}
