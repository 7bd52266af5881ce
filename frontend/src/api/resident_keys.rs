//! Typed calls of the administrator's keys of the resident registry
//! (docs/api/notifications.md § Administrator: keys).

use super::{get, request, ApiError};
use ratusz_domain::api::notify::{NotifyKeys, Rotation};
use ratusz_domain::endpoints::{self, HttpMethod};

/// `GET /api/notify/keys` (admin).
pub async fn keys() -> Result<NotifyKeys, ApiError> {
    get(endpoints::NOTIFY_KEYS.path).await
}

/// `POST /api/notify/keys/rotation` (admin): 202 the rotation, 409 `rotation_running`.
pub async fn start_rotation() -> Result<Rotation, ApiError> {
    request(HttpMethod::Post, endpoints::NOTIFY_KEY_ROTATION.path, None).await
}
