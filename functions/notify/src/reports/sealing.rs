//! What of a report is sealed and how: under `resident_data_keys` (the residents' keyring),
//! purpose `notify.report`, bound to the report id and the column (`description`,
//! `location`, `history.<seq>`), and a photo's bytes under `notify.report_photo` bound to the
//! photo's id — a ciphertext copied into another row, column or step does not open.

use crate::keys::ResidentKeys;
use ratusz_domain::api::notify_reports::ReportLocation;
use ratusz_domain::notify::at_rest::binding;
use ratusz_domain::notify::report::{PHOTO_PURPOSE, PURPOSE};
use ratusz_platform::ApiError;

/// The description's binding column. The handlers and the key rotation name the columns from
/// here, so a rename cannot leave the rotation unable to open them.
pub const DESCRIPTION: &str = "description";
/// The location's binding column (see [`DESCRIPTION`]).
pub const LOCATION: &str = "location";

fn step(seq: i64) -> String {
    format!("history.{seq}")
}

/// Seals text `value` as `column` of report `id`.
pub fn seal_text(
    keys: &ResidentKeys,
    id: &str,
    column: &str,
    value: &str,
) -> Result<String, ApiError> {
    keys.seal_for(PURPOSE, &binding(id, column), value.as_bytes())
}

/// Opens text `column` of report `id`.
pub fn open_text(
    keys: &ResidentKeys,
    id: &str,
    column: &str,
    sealed: &str,
) -> Result<String, ApiError> {
    let bytes = keys.open_for(PURPOSE, &binding(id, column), sealed)?;
    String::from_utf8(bytes).map_err(ApiError::internal)
}

/// Seals a location (as JSON) for report `id`.
pub fn seal_location(
    keys: &ResidentKeys,
    id: &str,
    location: &ReportLocation,
) -> Result<String, ApiError> {
    let json = serde_json::to_string(location).map_err(ApiError::internal)?;
    seal_text(keys, id, LOCATION, &json)
}

/// Opens report `id`'s location.
pub fn open_location(
    keys: &ResidentKeys,
    id: &str,
    sealed: &str,
) -> Result<ReportLocation, ApiError> {
    let json = open_text(keys, id, LOCATION, sealed)?;
    serde_json::from_str(&json).map_err(ApiError::internal)
}

/// Seals step `seq`'s note or reply of report `id`.
pub fn seal_step(keys: &ResidentKeys, id: &str, seq: i64, text: &str) -> Result<String, ApiError> {
    seal_text(keys, id, &step(seq), text)
}

/// Opens step `seq`'s note or reply of report `id`.
pub fn open_step(
    keys: &ResidentKeys,
    id: &str,
    seq: i64,
    sealed: &str,
) -> Result<String, ApiError> {
    open_text(keys, id, &step(seq), sealed)
}

/// Seals photo `photo_id`'s bytes.
pub fn seal_photo(keys: &ResidentKeys, photo_id: &str, bytes: &[u8]) -> Result<String, ApiError> {
    keys.seal_for(PHOTO_PURPOSE, &binding(photo_id, "body"), bytes)
}

/// Opens photo `photo_id`'s bytes.
pub fn open_photo(keys: &ResidentKeys, photo_id: &str, sealed: &str) -> Result<Vec<u8>, ApiError> {
    keys.open_for(PHOTO_PURPOSE, &binding(photo_id, "body"), sealed)
}
