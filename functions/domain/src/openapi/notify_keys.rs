//! The administrator's keys of the resident registry in the document (`notify`,
//! docs/api/notifications.md § Administrator: keys), merged into [`super::document`]. Neither
//! operation takes a body or a parameter, so there are no limits to write.
#![allow(dead_code)]

use crate::api::notify::{NotifyKeys, Rotation, RotationState};
use crate::api::Problem;
use utoipa::OpenApi;

/// The keys' operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(keys, start_rotation),
    components(schemas(NotifyKeys, Rotation, RotationState))
)]
pub struct NotifyKeysDoc;

/// The residents' keys.
#[utoipa::path(
    get,
    path = "/api/notify/keys",
    tag = "notify",
    operation_id = "notify_keys",
    description = "The administrator's view of the residents' keys: the ids of the sealing and the blind-index keys (the keyrings' first), how many ciphertexts and blind indexes each key id holds, and the last rotation. No personal data is opened.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses((status = 200, description = "Key ids, counts per key and the last rotation", body = NotifyKeys))
)]
fn keys() {}

/// Start a key rotation.
#[utoipa::path(
    post,
    path = "/api/notify/keys/rotation",
    tag = "notify",
    operation_id = "notify_start_key_rotation",
    description = "Re-seals every value under `resident_data_keys` under its first key — each resident's personal fields, device label, push subscription and pending erasure reason, and each report's description, location, status notes, replies and photo (a photo still waiting for its report too) — and recomputes the blind indexes under `resident_index_key`'s first key, one batch per scheduled tick (photos' batches bounded by bytes as well); progress (`done` of `total` residents, reports and photos) is read with `GET /api/notify/keys`. The rotation is done only when no value is left under another key. With nothing to re-seal it is done at once.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 202, description = "The rotation", body = Rotation),
        (status = 409, description = "`conflict` rule `rotation_running`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn start_rotation() {}

#[cfg(test)]
mod tests {
    use crate::openapi::document_json;

    #[test]
    fn the_document_has_the_keys_and_the_rotation() {
        let doc = document_json();
        let keys = &doc["paths"]["/api/notify/keys"]["get"];
        assert!(keys["responses"]["200"].is_object(), "{keys}");
        let rotation = &doc["paths"]["/api/notify/keys/rotation"]["post"];
        for status in ["202", "409"] {
            assert!(rotation["responses"][status].is_object(), "{status}");
        }
        let schema = &doc["components"]["schemas"]["NotifyKeys"]["properties"];
        for field in [
            "sealing_key_id",
            "index_key_id",
            "ciphertexts_by_key",
            "indexes_by_key",
            "rotation",
        ] {
            assert!(schema[field].is_object(), "{field}");
        }
        let states = &doc["components"]["schemas"]["RotationState"]["enum"];
        assert_eq!(states, &serde_json::json!(["running", "done"]));
    }
}
