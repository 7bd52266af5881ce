//! The staff's side of the resident registry in the document (`notify`,
//! docs/api/notifications.md § Staff): `notifier_admin`'s registry and `notifier`'s counts,
//! merged into [`super::document`], with the limits of their request fields and query
//! parameters ([`apply_limits`]; the recipient's fields are the registration's, from
//! [`super::notify`]).
#![allow(dead_code)]

use super::notify::{ade_address_pattern, birth_date_pattern, optional_email_pattern};
use crate::api::notify::{
    CodeSendInput, CodeSent, ConsentDocumentInput, ConsentDocumentMark, District, DistrictCount,
    DistrictInput, ErasedRecipient, ErasureRequest, ErasureRequestInput, ErasureState, NotifyStats,
    Recipient, RecipientCounts, RecipientInput, RecipientPatch, RecipientRecord, RecipientSummary,
    SuspensionInput, Verification, VerificationInput,
};
use crate::api::page::Page;
use crate::api::Problem;
use crate::validate::limits::{
    AGE_MAX, DISTRICT_NAME_MAX, EMAIL_MAX, PERSON_NAME_MAX, PHONE_MAX, REASON_MAX,
};
use crate::validate::schema;
use serde_json::{json, Value};
use utoipa::OpenApi;

/// The staff's operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        create_recipient, list_recipients, get_recipient, update_recipient, verify_recipient,
        consent_document, mark_consent_document, suspend_recipient, resume_recipient,
        withdraw_recipient_consent, send_recipient_code, request_erasure, confirm_erasure,
        withdraw_erasure, create_district, rename_district, stats
    ),
    components(schemas(
        RecipientInput, RecipientSummary, Page<RecipientSummary>, RecipientRecord,
        ErasedRecipient, VerificationInput, ConsentDocumentInput, ConsentDocumentMark,
        CodeSendInput, CodeSent, ErasureRequestInput, ErasureRequest, ErasureState,
        DistrictInput, NotifyStats, RecipientCounts, DistrictCount
    ))
)]
pub struct NotifyStaffDoc;

/// Register a person.
#[utoipa::path(
    post,
    path = "/api/notify/recipients",
    tag = "notify",
    operation_id = "notify_create_recipient",
    description = "`notifier_admin` registers a person at their request: `registered_by: staff`, the consent document `to_sign`; `send_code` sends a validation code there now. With an `Idempotency-Key` a retry returns the first answer.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe: a repeat with the same key returns the first answer (kept at least 24 h, per caller and endpoint)"),
    ),
    request_body(content = RecipientInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The recipient", body = Recipient),
        (status = 409, description = "`conflict` rule `contact_taken` (`params.field`: `email` or `phone`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (field codes and rules such as `unknown_district`, `one_contact_required`, `contact_missing`, `channel_without_contact`), or the same `Idempotency-Key` with another body (`idempotency_mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_recipient() {}

/// Find recipients.
#[utoipa::path(
    get,
    path = "/api/notify/recipients",
    tag = "notify",
    operation_id = "notify_list_recipients",
    description = "Newest first. At most one kind of filter: `email` or `phone` (exact, through the blind index), or `district_id` with an optional `name` (a part of the first or last name, case and accents ignored, matched after decryption within the district) and optional `age_min` / `age_max` (completed years on the day it is in Poland, from the decrypted birth date, both ends included); plus `verification`. An empty parameter is no filter, except `age_min` and `age_max`, which must be whole numbers when present (an empty one is 422 `out_of_range`). Recorded in the audit chain (`recipient.read`, ids only).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("email" = Option<String>, Query, description = "An exact e-mail"),
        ("phone" = Option<String>, Query, description = "An exact phone (Polish or E.164)"),
        ("district_id" = Option<String>, Query, description = "A district"),
        ("name" = Option<String>, Query, description = "A part of a first or last name (needs `district_id`)"),
        ("age_min" = Option<u32>, Query, description = "At least this old, in completed years on today's date in Poland (needs `district_id`)", minimum = 0, maximum = 130),
        ("age_max" = Option<u32>, Query, description = "At most this old, in completed years on today's date in Poland (needs `district_id`; not below `age_min`)", minimum = 0, maximum = 130),
        ("verification" = Option<Verification>, Query, description = "Only recipients in this state"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "A page of recipients", body = Page<RecipientSummary>),
        (status = 422, description = "`validation_failed`: a malformed filter, two kinds of filter (rule `one_filter_kind`), `name`, `age_min` or `age_max` without `district_id` (`district_id` `required`), an age that is no whole number from 0 to 130 or `age_max` below `age_min` (`out_of_range`), `limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_recipients() {}

/// A recipient.
#[utoipa::path(
    get,
    path = "/api/notify/recipients/{id}",
    tag = "notify",
    operation_id = "notify_get_recipient",
    description = "The recipient's data, or what is left after erasure (`{id, erased: true, erased_at}`). Recorded in the audit chain (`recipient.read`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    responses(
        (status = 200, description = "The recipient or the erased record", body = RecipientRecord),
        (status = 404, description = "No such recipient", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_recipient() {}

/// Correct a recipient.
#[utoipa::path(
    patch,
    path = "/api/notify/recipients/{id}",
    tag = "notify",
    operation_id = "notify_update_recipient",
    description = "Absent fields stay; `null` clears an optional one. A verified recipient whose name, birth date or address changes is unverified again.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    request_body(content = RecipientPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient, corrected", body = Recipient),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `contact_taken` (`params.field`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_recipient() {}

/// Verify.
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/verification",
    tag = "notify",
    operation_id = "notify_verify_recipient",
    description = "A recipient registered by staff is verified by another person than the one who registered them (403 `four_eyes` rule `own_registration`). The note is sealed in the audit chain.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    request_body(content = VerificationInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient", body = Recipient),
        (status = 403, description = "`four_eyes` rule `own_registration`, or not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
    )
)]
fn verify_recipient() {}

/// The printable consent document.
#[utoipa::path(
    get,
    path = "/api/notify/recipients/{id}/consent-document",
    tag = "notify",
    operation_id = "notify_consent_document",
    description = "Polish HTML (the person's data, the consent text and version, the recipient id, places to sign) under the strict document CSP, `Cache-Control: no-store`. Recorded in the audit chain (`recipient.read`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    responses(
        (status = 200, description = "The printable document", body = String, content_type = "text/html"),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
    )
)]
fn consent_document() {}

/// Mark the consent document.
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/consent-document",
    tag = "notify",
    operation_id = "notify_mark_consent_document",
    description = "`to_sign → signed → archived`, one step at a time.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    request_body(content = ConsentDocumentInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient", body = Recipient),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `consent_document_state` (`params.state`: the current one)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn mark_consent_document() {}

/// Suspend.
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/suspension",
    tag = "notify",
    operation_id = "notify_suspend_recipient",
    description = "At the person's request: nothing is sent until `until` (in the future, within ten years) or, without it, until lifted.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    request_body(content = Option<SuspensionInput>, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient, suspended", body = Recipient),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
    )
)]
fn suspend_recipient() {}

/// Lift a suspension.
#[utoipa::path(
    delete,
    path = "/api/notify/recipients/{id}/suspension",
    tag = "notify",
    operation_id = "notify_resume_recipient",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    responses(
        (status = 200, description = "The recipient", body = Recipient),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
    )
)]
fn resume_recipient() {}

/// Withdraw consent (recorded in the office: sending stops, and an erasure request in the
/// caller's name waits for a second `notifier_admin`; the tick does not erase it).
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/consent-withdrawal",
    tag = "notify",
    operation_id = "notify_withdraw_recipient_consent",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    responses(
        (status = 200, description = "The recipient, consent withdrawn; an erasure request in the caller's name is pending unless one was already", body = Recipient),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
    )
)]
fn withdraw_recipient_consent() {}

/// A new code.
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/code",
    tag = "notify",
    operation_id = "notify_send_recipient_code",
    description = "A new validation code over a contact the recipient has (else 422 `channel` rule `contact_missing`); an earlier code stops working; at most 3 an hour (429).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    request_body(content = CodeSendInput, content_type = "application/json"),
    responses(
        (status = 202, description = "Sent", body = CodeSent),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Three codes this hour already (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn send_recipient_code() {}

/// Ask for an erasure.
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/erasure",
    tag = "notify",
    operation_id = "notify_request_erasure",
    description = "Another `notifier_admin` confirms. The reason is sealed.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    request_body(content = ErasureRequestInput, content_type = "application/json"),
    responses(
        (status = 202, description = "Pending", body = ErasureRequest),
        (status = 404, description = "No such recipient, or erased", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `erasure_pending`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn request_erasure() {}

/// Confirm an erasure.
#[utoipa::path(
    post,
    path = "/api/notify/recipients/{id}/erasure/confirm",
    tag = "notify",
    operation_id = "notify_confirm_erasure",
    description = "By another `notifier_admin` than the one who asked (403 `four_eyes` rule `own_request`): the personal data, the device binding and any code are gone; the id and anonymous counts stay.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    responses(
        (status = 200, description = "Erased", body = ErasedRecipient),
        (status = 403, description = "`four_eyes` rule `own_request`, or not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such recipient, erased already, or no pending request", body = Problem, content_type = "application/problem+json"),
    )
)]
fn confirm_erasure() {}

/// Withdraw an erasure request.
#[utoipa::path(
    delete,
    path = "/api/notify/recipients/{id}/erasure",
    tag = "notify",
    operation_id = "notify_withdraw_erasure",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Recipient id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such recipient, or no pending request", body = Problem, content_type = "application/problem+json"),
    )
)]
fn withdraw_erasure() {}

/// Add a district.
#[utoipa::path(
    post,
    path = "/api/notify/districts",
    tag = "notify",
    operation_id = "notify_create_district",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = DistrictInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The district", body = District),
        (status = 409, description = "`conflict` rule `name_taken` (names are unique whatever the case)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_district() {}

/// Rename a district.
#[utoipa::path(
    patch,
    path = "/api/notify/districts/{id}",
    tag = "notify",
    operation_id = "notify_rename_district",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "District id")),
    request_body(content = DistrictInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The district", body = District),
        (status = 404, description = "No such district", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `name_taken`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn rename_district() {}

/// Anonymous counts.
#[utoipa::path(
    get,
    path = "/api/notify/stats",
    tag = "notify",
    operation_id = "notify_stats",
    description = "Counts only (`notifier` and `notifier_admin`); no personal data is opened.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses((status = 200, description = "The counts", body = NotifyStats))
)]
fn stats() {}

fn set(doc: &mut Value, pointer: &str, pattern: String, max: usize, required: bool) {
    if let Some(prop) = doc.pointer_mut(pointer).and_then(Value::as_object_mut) {
        prop.insert("pattern".into(), json!(pattern));
        prop.insert("x-max-chars".into(), json!(max));
        if required {
            prop.insert("minLength".into(), json!(1));
        }
    }
}

/// Writes the staff's field and query limits into the document (before the common answers).
pub fn apply_limits(doc: &mut Value) {
    let input = "/components/schemas/RecipientInput/properties";
    let fields = [
        (
            "first_name",
            schema::text(PERSON_NAME_MAX),
            PERSON_NAME_MAX,
            true,
        ),
        (
            "last_name",
            schema::text(PERSON_NAME_MAX),
            PERSON_NAME_MAX,
            true,
        ),
        ("birth_date", birth_date_pattern(), 10, true),
        ("email", optional_email_pattern(), EMAIL_MAX, false),
        ("phone", schema::phone(), PHONE_MAX, false),
        ("ade_address", ade_address_pattern(), 26, false),
    ];
    for (field, pattern, max, required) in fields {
        set(doc, &format!("{input}/{field}"), pattern, max, required);
    }
    let bodies = [
        (
            "VerificationInput",
            "note",
            schema::optional_long_text(REASON_MAX),
            REASON_MAX,
            false,
        ),
        (
            "ErasureRequestInput",
            "reason",
            schema::long_text(REASON_MAX),
            REASON_MAX,
            true,
        ),
        (
            "DistrictInput",
            "name",
            schema::text(DISTRICT_NAME_MAX),
            DISTRICT_NAME_MAX,
            true,
        ),
    ];
    for (name, field, pattern, max, required) in bodies {
        set(
            doc,
            &format!("/components/schemas/{name}/properties/{field}"),
            pattern,
            max,
            required,
        );
    }
    let Some(params) = doc
        .pointer_mut("/paths/~1api~1notify~1recipients/get/parameters")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for param in params {
        let pattern = match param["name"].as_str() {
            Some("email") => optional_email_pattern(),
            Some("phone") => schema::phone(),
            Some("district_id") | Some("cursor") => schema::optional_id(),
            Some("name") => schema::optional_text(PERSON_NAME_MAX),
            Some("age_min") | Some("age_max") => {
                // The attribute's literal, kept equal to the rule's limit.
                if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) {
                    schema.insert("maximum".into(), json!(AGE_MAX));
                }
                continue;
            }
            _ => continue,
        };
        if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) {
            schema.insert("pattern".into(), json!(pattern));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_has_the_staff_endpoints_with_their_limits() {
        let doc = super::super::document_json();
        let create = &doc["paths"]["/api/notify/recipients"]["post"];
        assert!(create["responses"]["201"].is_object());
        assert!(create["responses"]["409"].is_object());
        assert_eq!(create["security"][0]["cookieAuth"], json!([]));
        let input = &doc["components"]["schemas"]["RecipientInput"]["properties"];
        assert_eq!(
            input["first_name"]["pattern"],
            schema::text(PERSON_NAME_MAX)
        );
        assert_eq!(input["birth_date"]["pattern"], birth_date_pattern());
        let reason = &doc["components"]["schemas"]["ErasureRequestInput"]["properties"]["reason"];
        assert_eq!(reason["x-max-chars"], REASON_MAX);
        let list = &doc["paths"]["/api/notify/recipients"]["get"]["parameters"];
        let name = list
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "name")
            .unwrap();
        assert_eq!(
            name["schema"]["pattern"],
            schema::optional_text(PERSON_NAME_MAX)
        );
        for age in ["age_min", "age_max"] {
            let param = list
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == age)
                .unwrap();
            assert_eq!(param["schema"]["minimum"], 0, "{age}");
            assert_eq!(param["schema"]["maximum"], AGE_MAX, "{age}");
        }
        let print = &doc["paths"]["/api/notify/recipients/{id}/consent-document"]["get"];
        assert!(print["responses"]["200"]["content"]["text/html"].is_object());
    }
}
