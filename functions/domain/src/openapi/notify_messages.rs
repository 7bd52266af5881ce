//! Messages to residents in the document (`notify`, docs/api/notifications-messages.md §
//! Staff: `notifier`, Gateways): `notifier`'s compose, preview, list, read and cancel, and the
//! gateways' delivery events under their own `callbackToken`, merged into
//! [`super::document`], with the limits of the request fields ([`apply_limits`]; the patterns
//! hold against the domain's rules in the tests below).
#![allow(dead_code)]

use crate::api::notify_messages::{
    Audience, AudienceFilter, AudienceProgress, AudienceState, ByChannelProgress, Category,
    ChannelCounts, ChannelProgress, DeliveryEvent, DeliveryEventStatus, DeliveryEvents,
    DeliveryState, EventsApplied, Individuals, Message, MessageInput, MessageState, MessageSummary,
    Preview, PreviewAudience, Progress, SmsEncodingName, SmsPreview, StaffRef,
};
use crate::api::page::Page;
use crate::api::Problem;
use crate::notify::audience::{FILTER_LIST_MAX, INDIVIDUALS_MAX};
use crate::notify::sending::EVENTS_MAX;
use crate::validate::limits::{
    AGE_MAX, ID_MAX, MESSAGE_CHANNELS_MAX, MESSAGE_TEXT_MAX, MESSAGE_TITLE_MAX, STREET_MAX, URL_MAX,
};
use crate::validate::schema;
use serde_json::{json, Value};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// A delivery event's `reason`, at most (not stored).
pub const EVENT_REASON_MAX: usize = 500;

/// The messages' operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(preview_message, create_message, list_messages, get_message, cancel_message, delivery_events),
    components(schemas(
        Category, Audience, AudienceFilter, Individuals, MessageInput, MessageState,
        AudienceState, DeliveryState, AudienceProgress, ChannelProgress, ByChannelProgress,
        Progress, StaffRef, Message, MessageSummary, Page<MessageSummary>, ChannelCounts,
        PreviewAudience, SmsEncodingName, SmsPreview, Preview, DeliveryEventStatus,
        DeliveryEvent, DeliveryEvents, EventsApplied
    )),
    modifiers(&CallbackToken)
)]
pub struct NotifyMessagesDoc;

/// `callbackToken`: the gateways' `Authorization: Bearer <notify_callback_token>`.
struct CallbackToken;

impl Modify for CallbackToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "callbackToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The deployment's `notify_callback_token` variable, for the e-mail, \
                         SMS and e-Doręczenia gateways reporting deliveries",
                    ))
                    .build(),
            ),
        );
    }
}

/// Preview a message.
#[utoipa::path(
    post,
    path = "/api/notify/messages/preview",
    tag = "notify",
    operation_id = "notify_preview_message",
    description = "Who the message would reach: the audience's count and, per channel, who would get it (chosen by the recipient, with its contact; push: a bound device with a subscription). With `sms` among the channels, the text's encoding (GSM-7, or UCS-2 for any character outside it), characters and segments as written without the placeholders, and the exact segments and cost over the SMS audience with the placeholders filled. A filter matching fewer than `notify_min_audience` recipients is refused with `audience_too_small` and no count; an `individuals` audience is exempt.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = MessageInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The audience and the SMS estimate", body = Preview),
        (status = 422, description = "`validation_failed` (field codes such as `unknown_placeholder`, `not_in_future`, `unknown_reference` on `audience.district_ids` or `audience.recipient_ids`, rule `no_criterion` on `audience`), or `audience_too_small` (`params.k`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn preview_message() {}

/// Send or schedule a message.
#[utoipa::path(
    post,
    path = "/api/notify/messages",
    tag = "notify",
    operation_id = "notify_create_message",
    description = "Stored `scheduled` when `send_at` is later than now, else `sending` (the audience is counted and delivered in batches by the scheduled tick, and at once after this answer). Audited (`message.created`: the audience kind and the channels). With an `Idempotency-Key` a retry returns the first answer.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe: a repeat with the same key returns the first answer (kept at least 24 h, per caller and endpoint)"),
    ),
    request_body(content = MessageInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The message", body = Message),
        (status = 422, description = "`validation_failed` (as the preview), `audience_too_small` (`params.k`), or the same `Idempotency-Key` with another body (`idempotency_mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_message() {}

/// The messages.
#[utoipa::path(
    get,
    path = "/api/notify/messages",
    tag = "notify",
    operation_id = "notify_list_messages",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("state" = Option<MessageState>, Query, description = "Only messages in this state"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "Newest first, without text and audience", body = Page<MessageSummary>),
        (status = 422, description = "`validation_failed` on `state`, `cursor` or `limit`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_messages() {}

/// One message.
#[utoipa::path(
    get,
    path = "/api/notify/messages/{id}",
    tag = "notify",
    operation_id = "notify_get_message",
    description = "The message and its progress per channel. The `ETag` changes with every batch of progress; `If-None-Match` with the current one answers 304.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Message id"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the last answer"),
    ),
    responses(
        (status = 200, description = "The message", body = Message, headers(("ETag" = String, description = "The message's revision"))),
        (status = 304, description = "Unchanged since the `ETag` given", headers(("ETag" = String, description = "The message's revision"))),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_message() {}

/// Cancel a message.
#[utoipa::path(
    post,
    path = "/api/notify/messages/{id}/cancel",
    tag = "notify",
    operation_id = "notify_cancel_message",
    description = "A scheduled or sending message stops: what is still queued becomes `cancelled`, what was sent stays sent. Audited (`message.cancelled`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Message id")),
    responses(
        (status = 200, description = "The message, `cancelled`", body = Message),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `message_finished` (done or cancelled already)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn cancel_message() {}

/// Delivery events.
#[utoipa::path(
    post,
    path = "/api/notify/deliveries/events",
    tag = "notify",
    operation_id = "notify_delivery_events",
    description = "A gateway reports messages it accepted as delivered or failed (each `id` is the batch message's `id`). Only a `sent` delivery moves; an event for any other is ignored and not counted. Answers 404 while `notify_callback_token` is unset.",
    security(("callbackToken" = [])),
    request_body(content = DeliveryEvents, content_type = "application/json"),
    responses(
        (status = 200, description = "How many events moved a delivery", body = EventsApplied),
        (status = 401, description = "A missing or wrong token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No callback token configured", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: more than 1000 events, an `id` or a `reason` out of bounds", body = Problem, content_type = "application/problem+json"),
    )
)]
fn delivery_events() {}

fn set(doc: &mut Value, pointer: &str, entries: &[(&str, Value)]) {
    if let Some(prop) = doc.pointer_mut(pointer).and_then(Value::as_object_mut) {
        for (k, v) in entries {
            prop.insert((*k).into(), v.clone());
        }
    }
}

/// The properties of the filter audience's schema (utoipa inlines it in `Audience`'s
/// `oneOf`, or refers to `AudienceFilter`): every place it can sit.
fn filter_pointers(doc: &Value) -> Vec<String> {
    let mut out = vec!["/components/schemas/AudienceFilter/properties".to_owned()];
    if let Some(variants) = doc
        .pointer("/components/schemas/Audience/oneOf")
        .and_then(Value::as_array)
    {
        for (i, v) in variants.iter().enumerate() {
            if v.pointer("/properties/age_min").is_some() {
                out.push(format!("/components/schemas/Audience/oneOf/{i}/properties"));
            }
            if let Some(all) = v.get("allOf").and_then(Value::as_array) {
                for (j, part) in all.iter().enumerate() {
                    if part.pointer("/properties/age_min").is_some() {
                        out.push(format!(
                            "/components/schemas/Audience/oneOf/{i}/allOf/{j}/properties"
                        ));
                    }
                }
            }
        }
    }
    out
}

/// Writes the messages' field limits into the document (before the common answers).
pub fn apply_limits(doc: &mut Value) {
    let input = "/components/schemas/MessageInput/properties";
    set(
        doc,
        &format!("{input}/title"),
        &[
            ("pattern", json!(schema::text(MESSAGE_TITLE_MAX))),
            ("x-max-chars", json!(MESSAGE_TITLE_MAX)),
            ("minLength", json!(1)),
        ],
    );
    set(
        doc,
        &format!("{input}/text"),
        &[
            ("pattern", json!(schema::long_text(MESSAGE_TEXT_MAX))),
            ("x-max-chars", json!(MESSAGE_TEXT_MAX)),
            ("minLength", json!(1)),
        ],
    );
    set(
        doc,
        &format!("{input}/link"),
        &[
            ("pattern", json!(schema::https_url())),
            ("x-max-chars", json!(URL_MAX)),
        ],
    );
    set(
        doc,
        &format!("{input}/channels"),
        &[
            ("minItems", json!(1)),
            ("maxItems", json!(MESSAGE_CHANNELS_MAX)),
            ("uniqueItems", json!(true)),
        ],
    );
    set(
        doc,
        &format!("{input}/template_id"),
        &[
            ("pattern", json!(schema::optional_id())),
            ("x-max-chars", json!(ID_MAX)),
        ],
    );
    for pointer in filter_pointers(doc) {
        for age in ["age_min", "age_max"] {
            set(
                doc,
                &format!("{pointer}/{age}"),
                &[("maximum", json!(AGE_MAX))],
            );
        }
        set(
            doc,
            &format!("{pointer}/district_ids"),
            &[
                ("minItems", json!(1)),
                ("maxItems", json!(FILTER_LIST_MAX)),
                ("uniqueItems", json!(true)),
                ("items", json!({"type": "string", "pattern": schema::id()})),
            ],
        );
        set(
            doc,
            &format!("{pointer}/postal_codes"),
            &[
                ("minItems", json!(1)),
                ("maxItems", json!(FILTER_LIST_MAX)),
                ("uniqueItems", json!(true)),
                (
                    "items",
                    json!({"type": "string", "pattern": "^[0-9]{2}-[0-9]{3}$"}),
                ),
            ],
        );
        set(
            doc,
            &format!("{pointer}/street"),
            &[
                ("pattern", json!(schema::text(STREET_MAX))),
                ("x-max-chars", json!(STREET_MAX)),
                ("minLength", json!(1)),
            ],
        );
    }
    for pointer in individuals_pointers(doc) {
        set(
            doc,
            &format!("{pointer}/recipient_ids"),
            &[
                ("minItems", json!(1)),
                ("maxItems", json!(INDIVIDUALS_MAX)),
                ("uniqueItems", json!(true)),
                ("items", json!({"type": "string", "pattern": schema::id()})),
            ],
        );
    }
    // An audience's kind sits beside its variant's fields (`allOf` of the variant's schema and
    // `{kind}`): a variant schema forbidding other properties would forbid `kind` and make
    // every filter and individuals audience invalid. The server still refuses an unknown field.
    for name in ["AudienceFilter", "Individuals"] {
        if let Some(schema) = doc
            .pointer_mut(&format!("/components/schemas/{name}"))
            .and_then(Value::as_object_mut)
        {
            schema.remove("additionalProperties");
        }
    }
    let events = "/components/schemas/DeliveryEvents/properties/events";
    set(doc, events, &[("maxItems", json!(EVENTS_MAX))]);
    let event = "/components/schemas/DeliveryEvent/properties";
    set(
        doc,
        &format!("{event}/id"),
        &[
            ("pattern", json!(schema::id())),
            ("x-max-chars", json!(ID_MAX)),
            ("minLength", json!(1)),
        ],
    );
    set(
        doc,
        &format!("{event}/reason"),
        &[
            (
                "pattern",
                json!(schema::optional_long_text(EVENT_REASON_MAX)),
            ),
            ("x-max-chars", json!(EVENT_REASON_MAX)),
        ],
    );
    let Some(params) = doc
        .pointer_mut("/paths/~1api~1notify~1messages/get/parameters")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for param in params {
        if param["name"] == "cursor" {
            if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) {
                schema.insert("pattern".into(), json!(schema::optional_id()));
            }
        }
    }
}

/// Where the `individuals` audience's properties sit (as [`filter_pointers`]).
fn individuals_pointers(doc: &Value) -> Vec<String> {
    let mut out = vec!["/components/schemas/Individuals/properties".to_owned()];
    if let Some(variants) = doc
        .pointer("/components/schemas/Audience/oneOf")
        .and_then(Value::as_array)
    {
        for (i, v) in variants.iter().enumerate() {
            if v.pointer("/properties/recipient_ids").is_some() {
                out.push(format!("/components/schemas/Audience/oneOf/{i}/properties"));
            }
            if let Some(all) = v.get("allOf").and_then(Value::as_array) {
                for (j, part) in all.iter().enumerate() {
                    if part.pointer("/properties/recipient_ids").is_some() {
                        out.push(format!(
                            "/components/schemas/Audience/oneOf/{i}/allOf/{j}/properties"
                        ));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::openapi::document_json;

    #[test]
    fn the_document_has_the_messages_with_their_limits() {
        let doc = document_json();
        for (path, method, statuses) in [
            ("/api/notify/messages/preview", "post", &["200", "422"][..]),
            ("/api/notify/messages", "post", &["201", "422"]),
            ("/api/notify/messages", "get", &["200"]),
            ("/api/notify/messages/{id}", "get", &["200", "304", "404"]),
            (
                "/api/notify/messages/{id}/cancel",
                "post",
                &["200", "404", "409"],
            ),
            (
                "/api/notify/deliveries/events",
                "post",
                &["200", "401", "404"],
            ),
        ] {
            let op = &doc["paths"][path][method];
            for status in statuses {
                assert!(
                    op["responses"][status].is_object(),
                    "{method} {path} {status}"
                );
            }
        }
        // Not the chat's `Message`: both are in the document under their own names.
        let message = &doc["components"]["schemas"]["NotifyMessage"]["properties"];
        assert!(message["progress"].is_object(), "{message}");
        let chat = &doc["components"]["schemas"]["Message"]["properties"];
        assert!(chat["conversation_id"].is_object(), "{chat}");
        let created = &doc["paths"]["/api/notify/messages"]["post"]["responses"]["201"];
        assert!(created.to_string().contains("NotifyMessage"), "{created}");
        let input = &doc["components"]["schemas"]["MessageInput"]["properties"];
        assert_eq!(input["title"]["x-max-chars"], 120);
        assert_eq!(input["text"]["x-max-chars"], 2000);
        assert_eq!(input["channels"]["maxItems"], 4);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["AudienceFilter"]["properties"]["age_max"]["maximum"],
            130
        );
        assert_eq!(
            schemas["AudienceFilter"]["properties"]["district_ids"]["maxItems"],
            50
        );
        assert_eq!(
            schemas["Individuals"]["properties"]["recipient_ids"]["maxItems"],
            1000
        );
        // `kind` sits beside the variant's fields (allOf): neither part may forbid the other's.
        for name in ["AudienceFilter", "Individuals"] {
            assert!(
                schemas[name].get("additionalProperties").is_none(),
                "{name}"
            );
        }
        let security = &doc["paths"]["/api/notify/deliveries/events"]["post"]["security"];
        assert!(security.to_string().contains("callbackToken"), "{security}");
        let states = &doc["components"]["schemas"]["DeliveryState"]["enum"];
        assert_eq!(
            states,
            &serde_json::json!([
                "queued",
                "sent",
                "delivered",
                "failed",
                "skipped",
                "cancelled"
            ])
        );
    }
}
