//! Typed calls of the maintenance endpoints (docs/api/operations.md § Maintenance windows).

use super::{get, ApiError};
use ratusz_domain::api::maintenance::MaintenanceNotice;
use ratusz_domain::endpoints;

/// `GET /api/public/maintenance`: the current or next window, for the banner (no login).
pub async fn notice() -> Result<MaintenanceNotice, ApiError> {
    get(endpoints::PUBLIC_MAINTENANCE.path).await
}
