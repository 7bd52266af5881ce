//! Typed calls of the maintenance endpoints (docs/api/operations.md § Maintenance windows).

use super::{fill_path, get, request, to_json, ApiError};
use ratusz_domain::api::maintenance::{
    MaintenanceNotice, MaintenanceWindow, MaintenanceWindowInput, MaintenanceWindows,
};
use ratusz_domain::endpoints::{self, HttpMethod};

/// `GET /api/public/maintenance`: the current or next window, for the banner (no login).
pub async fn notice() -> Result<MaintenanceNotice, ApiError> {
    get(endpoints::PUBLIC_MAINTENANCE.path).await
}

/// `GET /api/maintenance-windows` (admin, support).
pub async fn list() -> Result<MaintenanceWindows, ApiError> {
    get(endpoints::MAINTENANCE_LIST.path).await
}

/// `POST /api/maintenance-windows` (admin).
pub async fn schedule(body: &MaintenanceWindowInput) -> Result<MaintenanceWindow, ApiError> {
    request(
        HttpMethod::Post,
        endpoints::MAINTENANCE_CREATE.path,
        to_json(body),
    )
    .await
}

/// `POST /api/maintenance-windows/{id}/cancel` (admin).
pub async fn cancel(id: &str) -> Result<MaintenanceWindow, ApiError> {
    request(
        HttpMethod::Post,
        &fill_path(endpoints::MAINTENANCE_CANCEL.path, &[id]),
        None,
    )
    .await
}
