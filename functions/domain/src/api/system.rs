//! Bodies of the system endpoints other than health.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// Body of `POST /internal/tick`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TickReport {
    /// When this tick ran.
    pub ran_at: Timestamp,
}
