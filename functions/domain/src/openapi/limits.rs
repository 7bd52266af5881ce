//! What the server enforces, written into the generated document so outside tools (a fuzzer, a
//! client generator) can trust it: each request field's rule as `pattern` (bounds included;
//! `x-max-chars` repeats the bound as a number), `minLength`, `minItems`, `uniqueItems`,
//! `minimum`/`maximum` from [`crate::validate::limits`] and
//! [`crate::validate::schema`] (the same constants and rules the components check with — no
//! number is written twice), the formats of cursors and headers, and the answers every
//! operation can give besides its own (400/413/415/422 for a body, 401/403 for a session,
//! 409 for a meeting in the wrong state, 503 `busy`).
//!
//! The test `every_request_string_has_a_limit` fails when a request type gains a string field
//! that is not listed in [`FIELDS`].

use crate::api::page::MAX_LIMIT;
use crate::validate::limits::*;
use crate::validate::schema;
use serde_json::{json, Map, Value};

/// The rule of one request field.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// [`crate::validate::text`] (present → 1..=max characters, one line).
    Text(usize),
    /// [`crate::validate::text`] with a floor: `min..=max` characters.
    TextBetween(usize, usize),
    /// [`crate::validate::long_text`] (present → 1..=max characters, lines allowed).
    LongText(usize),
    /// [`crate::validate::optional_long_text`] (blank allowed).
    OptLongText(usize),
    /// [`crate::validate::id`].
    Id,
    /// An id or `""` (clears the reference).
    OptId,
    /// [`crate::validate::distinct_ids`]: a list of ids, none twice.
    Ids,
    /// [`crate::validate::phone`] (blank allowed).
    Phone,
    /// [`crate::validate::https_url`] (blank allowed).
    Url,
    /// [`crate::validate::email`].
    Email,
    /// The last characters of an identity document.
    Last4,
    /// A list of at least one value.
    NonEmptyList,
    /// An integer in `min..=max`.
    Int(u32, u32),
    /// A Web Push subscription field ([`schema::push_endpoint`] and friends, held against
    /// `webpush`'s parser in its tests): the pattern and the bound it implies.
    Push(fn() -> String, usize),
}

use Rule::*;

/// Every checked field of every request body: (schema, property, rule).
const FIELDS: &[(&str, &str, Rule)] = &[
    ("CreateUser", "first_name", Text(PERSON_NAME_MAX)),
    ("CreateUser", "last_name", Text(PERSON_NAME_MAX)),
    ("CreateUser", "email", Email),
    ("CreateUser", "phone", Phone),
    ("CreateUser", "unit_id", Id),
    ("CreateUser", "roles", NonEmptyList),
    ("UpdateUser", "first_name", Text(PERSON_NAME_MAX)),
    ("UpdateUser", "last_name", Text(PERSON_NAME_MAX)),
    ("UpdateUser", "phone", Phone),
    ("UpdateUser", "unit_id", Id),
    ("UpdateUser", "roles", NonEmptyList),
    ("ReasonBody", "reason", LongText(REASON_MAX)),
    ("UnitInput", "name", Text(UNIT_NAME_MAX)),
    ("CreateResetRequest", "email", Email),
    ("CreateResetRequest", "reason", LongText(REASON_MAX)),
    ("RejectRequest", "reason", LongText(REASON_MAX)),
    ("HandoverRequest", "document_last4", Last4),
    ("HandoverRequest", "proxy_name", Text(PROXY_NAME_MAX)),
    ("CreateIncident", "title", Text(INCIDENT_TITLE_MAX)),
    (
        "MaintenanceWindowInput",
        "reason",
        Text(MAINTENANCE_REASON_MAX),
    ),
    (
        "CreateIncident",
        "description",
        OptLongText(INCIDENT_TEXT_MAX),
    ),
    ("CreateIncident", "account_id", OptId),
    ("UpdateIncident", "note", OptLongText(INCIDENT_TEXT_MAX)),
    ("UpdateIncident", "owner_id", Id),
    ("MeetingCreate", "title", Text(MEETING_TITLE_MAX)),
    ("MeetingCreate", "number", Text(MEETING_NUMBER_MAX)),
    ("MeetingCreate", "location", Text(LOCATION_MAX)),
    ("MeetingCreate", "video_url", Url),
    ("MeetingCreate", "chair_id", Id),
    ("MeetingCreate", "member_ids", Ids),
    ("MeetingCreate", "statutory_members", Int(1, STATUTORY_MAX)),
    ("MeetingPatch", "title", Text(MEETING_TITLE_MAX)),
    ("MeetingPatch", "number", Text(MEETING_NUMBER_MAX)),
    ("MeetingPatch", "location", Text(LOCATION_MAX)),
    ("MeetingPatch", "video_url", Url),
    ("MeetingPatch", "chair_id", OptId),
    ("MeetingPatch", "member_ids", Ids),
    ("MeetingPatch", "statutory_members", Int(1, STATUTORY_MAX)),
    ("SpeakingLimits", "normal", Int(1, SPEAKING_SECONDS_MAX)),
    ("SpeakingLimits", "ad_vocem", Int(1, SPEAKING_SECONDS_MAX)),
    (
        "SpeakingLimits",
        "formal_motion",
        Int(1, SPEAKING_SECONDS_MAX),
    ),
    ("AgendaItemInput", "title", Text(ITEM_TITLE_MAX)),
    (
        "AgendaItemInput",
        "description",
        OptLongText(ITEM_DESCRIPTION_MAX),
    ),
    ("AgendaOrder", "item_ids", Ids),
    ("FloorGrant", "name", Text(GUEST_NAME_MAX)),
    ("FloorGrant", "request_id", Id),
    ("FloorOrder", "request_ids", Ids),
    ("FloorExtend", "seconds", Int(1, SPEAKING_SECONDS_MAX)),
    ("PollCreate", "title", Text(POLL_TITLE_MAX)),
    ("PollCreate", "item_id", Id),
    (
        "PollCreate",
        "time_limit_s",
        Int(POLL_TIME_LIMIT_MIN_S, POLL_TIME_LIMIT_MAX_S),
    ),
    (
        "PollOpen",
        "override_reason",
        TextBetween(OVERRIDE_REASON_MIN, OVERRIDE_REASON_MAX),
    ),
    ("ConversationPatch", "title", Text(CHAT_TITLE_MAX)),
    ("MembersPut", "member_ids", Ids),
    ("ReadMarkerPut", "message_id", Id),
    ("MessageCreate", "text", LongText(CHAT_TEXT_MAX)),
    ("MessageCreate", "reply_to", Id),
    ("MessageCreate", "attachment_ids", Ids),
    ("MessageEdit", "text", LongText(CHAT_TEXT_MAX)),
    (
        "PushSubscriptionCreate",
        "endpoint",
        Push(schema::push_endpoint, PUSH_ENDPOINT_MAX),
    ),
    (
        "PushKeys",
        "p256dh",
        Push(schema::push_p256dh, schema::PUSH_P256DH_CHARS),
    ),
    (
        "PushKeys",
        "auth",
        Push(schema::push_auth, schema::PUSH_AUTH_CHARS),
    ),
];

/// The chat's `POST /api/chat/conversations` body is one of two shapes (by `kind`): the
/// rules of each variant's fields.
const CHAT_CREATE_FIELDS: &[(&str, Rule)] = &[
    ("user_id", Id),
    ("title", Text(CHAT_TITLE_MAX)),
    ("member_ids", Ids),
];

/// Request fields whose strings the server takes as they are (credentials, claim secrets):
/// a wrong one is a 401/422 the schema cannot predict.
#[cfg(test)]
const UNCHECKED: &[(&str, &str)] = &[
    ("LoginRequest", "email"),
    ("LoginRequest", "password"),
    ("ChangePasswordRequest", "current_password"),
    ("ChangePasswordRequest", "new_password"),
    ("ClaimRequest", "token"),
    ("ClaimRequest", "code"),
    ("ClaimRequest", "new_password"),
];

/// Request bodies that create with a type shared with the update: the create's copy requires
/// the field (schema, copy's name, required field, the create operation's path and method).
const CREATE_COPIES: &[(&str, &str, &str, &str, &str)] = &[
    ("UnitInput", "UnitCreate", "name", "/api/units", "post"),
    (
        "AgendaItemInput",
        "AgendaItemCreate",
        "title",
        "/api/sessions/{id}/agenda",
        "post",
    ),
];

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {
            "application/problem+json": {
                "schema": { "$ref": "#/components/schemas/Problem" }
            }
        }
    })
}

/// The constraints of `rule` merged into the property `schema`.
fn constrain(schema: &mut Map<String, Value>, rule: Rule) {
    let mut set = |key: &str, value: Value| {
        schema.insert(key.to_owned(), value);
    };
    let text = |max: usize, pattern: String| (max, pattern);
    let (max, pattern) = match rule {
        Text(max) => text(max, schema::text(max)),
        TextBetween(min, max) => {
            set("minLength", json!(min));
            text(max, schema::text_between(min, max))
        }
        LongText(max) => text(max, schema::long_text(max)),
        OptLongText(max) => text(max, schema::optional_long_text(max)),
        Id => (0, schema::id()),
        OptId => (0, schema::optional_id()),
        Phone => text(PHONE_MAX, schema::phone()),
        Url => text(URL_MAX, schema::https_url()),
        Email => text(EMAIL_MAX, schema::email()),
        Last4 => (0, schema::document_last4()),
        Ids => {
            set("uniqueItems", json!(true));
            set(
                "items",
                json!({ "type": "string", "pattern": schema::id(), "x-max-chars": ID_MAX }),
            );
            return;
        }
        NonEmptyList => {
            set("minItems", json!(1));
            return;
        }
        Int(min, max) => {
            set("minimum", json!(min));
            set("maximum", json!(max));
            return;
        }
        Push(pattern, max) => text(max, pattern()),
    };
    // `maxLength` would count the blanks the server trims (`"  Ala "` is a name of 3), so a
    // padded value would be refused by the schema and taken by the server: the bound is in the
    // pattern, and `x-max-chars` states it as a number for clients sizing their fields.
    if !matches!(rule, OptLongText(_) | Phone | Url | OptId | TextBetween(..)) {
        set("minLength", json!(1));
    }
    if max > 0 {
        set("x-max-chars", json!(max));
    } else if matches!(rule, Id | OptId) {
        set("x-max-chars", json!(ID_MAX));
    }
    set("pattern", json!(pattern));
}

fn properties<'a>(doc: &'a mut Value, schema: &str) -> Option<&'a mut Map<String, Value>> {
    doc.pointer_mut(&format!("/components/schemas/{schema}/properties"))
        .and_then(Value::as_object_mut)
}

/// Applies every limit and the common answers to the generated document.
pub fn apply(doc: &mut Value) {
    for (schema, field, rule) in FIELDS {
        if let Some(prop) = properties(doc, schema)
            .and_then(|p| p.get_mut(*field))
            .and_then(Value::as_object_mut)
        {
            constrain(prop, *rule);
        }
    }
    handover_needs_a_proxy_name(doc);
    chat_lists(doc);
    optional_bodies(doc);
    create_copies(doc);
    parameters(doc);
    common_answers(doc);
}

/// The chat's bodies: each variant of a conversation's creation gets its fields' rules, and a
/// group's members are 1–[`CHAT_MEMBERS_MAX`] (a list the server refuses empty).
fn chat_lists(doc: &mut Value) {
    if let Some(variants) = doc
        .pointer_mut("/components/schemas/ConversationCreate/oneOf")
        .and_then(Value::as_array_mut)
    {
        for variant in variants {
            for (field, rule) in CHAT_CREATE_FIELDS {
                if let Some(prop) = variant
                    .pointer_mut(&format!("/properties/{field}"))
                    .and_then(Value::as_object_mut)
                {
                    constrain(prop, *rule);
                    if *field == "member_ids" {
                        prop.insert("minItems".into(), json!(1));
                        prop.insert("maxItems".into(), json!(CHAT_MEMBERS_MAX));
                    }
                }
            }
        }
    }
    if let Some(prop) = properties(doc, "MembersPut")
        .and_then(|p| p.get_mut("member_ids"))
        .and_then(Value::as_object_mut)
    {
        prop.insert("minItems".into(), json!(1));
        prop.insert("maxItems".into(), json!(CHAT_MEMBERS_MAX));
    }
}

/// A body that may be left out (`Option<T>` in a stub) is `T` or nothing — not JSON `null`,
/// which the server refuses like any other value that is not a `T`.
fn optional_bodies(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for op in paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
    {
        let Some(body) = op.get_mut("requestBody") else {
            continue;
        };
        let Some(schema) = body.pointer_mut("/content/application~1json/schema") else {
            continue;
        };
        let inner = schema["oneOf"].as_array().and_then(|variants| {
            let mut rest = variants.iter().filter(|v| v["type"] != "null");
            match (variants.len(), rest.next(), rest.next()) {
                (2, Some(only), None) => Some(only.clone()),
                _ => None,
            }
        });
        if let Some(inner) = inner {
            *schema = inner;
            if let Some(body) = body.as_object_mut() {
                body.insert("required".into(), json!(false));
            }
        }
    }
}

/// A proxy's name is required exactly when a proxy collects the letter.
fn handover_needs_a_proxy_name(doc: &mut Value) {
    if let Some(schema) = doc
        .pointer_mut("/components/schemas/HandoverRequest")
        .and_then(Value::as_object_mut)
    {
        schema.insert(
            "if".into(),
            json!({ "properties": { "collected_by": { "const": "proxy" } } }),
        );
        schema.insert(
            "then".into(),
            json!({
                "required": ["proxy_name"],
                "properties": { "proxy_name": { "type": "string" } }
            }),
        );
    }
}

fn create_copies(doc: &mut Value) {
    for (shared, copy, field, path, method) in CREATE_COPIES {
        let Some(mut schema) = doc
            .pointer(&format!("/components/schemas/{shared}"))
            .cloned()
        else {
            continue;
        };
        if let Some(prop) = schema
            .pointer_mut(&format!("/properties/{field}"))
            .and_then(Value::as_object_mut)
        {
            prop.insert("type".into(), json!("string"));
        }
        if let Some(obj) = schema.as_object_mut() {
            let required = obj.entry("required").or_insert_with(|| json!([]));
            if let Some(list) = required.as_array_mut() {
                list.push(json!(field));
            }
        }
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            schemas.insert((*copy).to_owned(), schema);
        }
        let pointer = format!(
            "/paths/{}/{method}/requestBody/content/application~1json/schema",
            path.replace('~', "~0").replace('/', "~1")
        );
        if let Some(body) = doc.pointer_mut(&pointer) {
            *body = json!({ "$ref": format!("#/components/schemas/{copy}") });
        }
    }
}

/// Formats of query and header parameters.
fn parameters(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for op in item.values_mut() {
            let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
                continue;
            };
            for param in params {
                let name = param["name"].as_str().unwrap_or("").to_owned();
                let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) else {
                    continue;
                };
                match name.as_str() {
                    "cursor" => cursor(path, schema),
                    // `limit=` (empty) is the default page size, like no `limit` at all.
                    "limit" => {
                        // A chat message page is at most 100 messages.
                        let max = if path.starts_with("/api/chat/conversations/{cid}/messages")
                            || path == "/api/chat/search"
                        {
                            CHAT_PAGE_MAX
                        } else {
                            MAX_LIMIT
                        };
                        schema.clear();
                        schema.insert(
                            "anyOf".into(),
                            json!([
                                { "type": "integer", "minimum": 1, "maximum": max },
                                { "type": "string", "maxLength": 0 }
                            ]),
                        );
                    }
                    // A message id to page before; empty is no bound.
                    "before" => {
                        schema.insert("pattern".into(), json!(schema::optional_id()));
                    }
                    // The chat's search: 2–200 characters (and a conversation id, or none).
                    "q" if path == "/api/chat/search" => {
                        schema.insert(
                            "pattern".into(),
                            json!(schema::text_between(CHAT_SEARCH_MIN, CHAT_SEARCH_MAX)),
                        );
                    }
                    "conversation_id" => {
                        schema.insert("pattern".into(), json!(schema::optional_id()));
                    }
                    // The chat's updates cursor; empty is none (the current cursor only).
                    "since" => {
                        schema.insert(
                            "pattern".into(),
                            json!(format!("^(?:c[0-9]{{1,{SEQ_CURSOR_DIGITS_MAX}}})?$")),
                        );
                    }
                    "Idempotency-Key" => {
                        schema.insert("type".into(), json!("string"));
                        schema.insert(
                            "pattern".into(),
                            json!(schema::idempotency_key(IDEMPOTENCY_KEY_MAX)),
                        );
                        schema.insert("maxLength".into(), json!(IDEMPOTENCY_KEY_MAX));
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The `cursor` of a list is opaque, but its format is checked: the meetings lists' cursors
/// are hex (start and id), the audit chain's a sequence number, the others an id.
fn cursor(path: &str, schema: &mut Map<String, Value>) {
    // An empty cursor is no cursor (the first page).
    let pattern = if path.ends_with("/sessions") {
        // Hex of ASCII text holding a `|` (what `ListCursor::encode` writes).
        "^(?:(?:[0-7][0-9A-Fa-f])*7[Cc](?:[0-7][0-9A-Fa-f])*)?$".to_owned()
    } else if path == "/api/audit" || path == "/api/audit/export" {
        format!("^(?:[0-9]{{1,{SEQ_CURSOR_DIGITS_MAX}}})?$")
    } else if path == "/api/chat/conversations"
        || path == "/api/chat/search"
        || path == "/api/chat/groups"
        || path == "/api/notify/me/messages"
        || path == "/api/notify/news"
    {
        // The last conversation (or, in the residents' feeds, message) id of the previous page.
        schema::optional_id()
    } else {
        return;
    };
    schema.insert("pattern".into(), json!(pattern));
}

/// The answers every operation can give besides its own.
fn common_answers(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let secured = op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| s.iter().any(|s| s.get("bearerAuth").is_some()));
            let has_body = op.get("requestBody").is_some();
            let changes = method != "get";
            let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                continue;
            };
            let mut add = |status: &str, description: &str| {
                responses
                    .entry(status.to_owned())
                    .or_insert_with(|| problem(description));
            };
            if has_body {
                add("400", "Malformed body");
                add("413", "Request body too large");
                add("415", "Request body of another media type");
                add(
                    "422",
                    "Validation failed (`validation_failed`; `fields` names the fields)",
                );
            }
            if secured {
                add("401", "Not signed in, or the session has ended");
                add(
                    "403",
                    "Not allowed for the caller, the password must be changed first \
                     (`password_change_required`), or a cookie request lacks `X-Ratusz-CSRF: 1`",
                );
            }
            if changes && path.starts_with("/api/sessions/{id}/") {
                add(
                    "409",
                    "The meeting's state does not allow this now (`invalid_state`, \
                     `meeting_not_live`, …)",
                );
            }
            if path != "/api/openapi.json" {
                add(
                    "503",
                    "The database stayed busy (`busy`), or a maintenance window runs \
                     (`maintenance`); retry after `Retry-After` seconds",
                );
            }
        }
    }
}

/// Whether `schema.property` is a request string the document leaves unconstrained on
/// purpose.
#[cfg(test)]
fn unchecked(schema: &str, property: &str) -> bool {
    UNCHECKED.contains(&(schema, property))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        super::super::document_json()
    }

    fn request_schemas(doc: &Value) -> Vec<String> {
        let mut names = Vec::new();
        for item in doc["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
        {
            for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                let body = op["requestBody"].to_string();
                for part in body.split("#/components/schemas/").skip(1) {
                    let name: String = part.chars().take_while(|c| c.is_alphanumeric()).collect();
                    names.push(name);
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn every_request_string_has_a_limit() {
        let doc = doc();
        for name in request_schemas(&doc) {
            let props = doc["components"]["schemas"][&name]["properties"].clone();
            for (field, prop) in props.as_object().cloned().unwrap_or_default() {
                let text = prop.to_string();
                let is_string = text.contains("\"string\"") && !text.contains("$ref");
                if !is_string || unchecked(&name, &field) {
                    continue;
                }
                let limited =
                    prop.get("pattern").is_some() || prop["items"].get("pattern").is_some();
                assert!(limited, "{name}.{field} has no published limit: {prop}");
            }
        }
    }

    #[test]
    fn limits_come_from_the_shared_constants() {
        let doc = doc();
        let user = &doc["components"]["schemas"]["CreateUser"]["properties"];
        assert_eq!(user["first_name"]["x-max-chars"], PERSON_NAME_MAX);
        assert_eq!(user["first_name"]["minLength"], 1);
        assert_eq!(user["first_name"]["pattern"], schema::text(PERSON_NAME_MAX));
        assert_eq!(user["email"]["pattern"], schema::email());
        assert_eq!(user["roles"]["minItems"], 1);
        let meeting = &doc["components"]["schemas"]["MeetingCreate"]["properties"];
        assert_eq!(meeting["statutory_members"]["maximum"], STATUTORY_MAX);
        assert_eq!(meeting["member_ids"]["uniqueItems"], true);
        let unit = &doc["components"]["schemas"]["UnitCreate"];
        assert!(unit["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("name"))));
        let create = &doc["paths"]["/api/units"]["post"]["requestBody"]["content"];
        assert_eq!(
            create["application/json"]["schema"]["$ref"],
            "#/components/schemas/UnitCreate"
        );
    }

    #[test]
    fn headers_and_cursors_have_their_formats() {
        let doc = doc();
        let cast = &doc["paths"]["/api/sessions/{id}/polls/{pid}/votes"]["post"];
        let key = cast["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == "Idempotency-Key"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            key["schema"]["pattern"],
            schema::idempotency_key(IDEMPOTENCY_KEY_MAX)
        );
        let list = &doc["paths"]["/api/sessions"]["get"]["parameters"];
        let cursor = list
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == "cursor"))
            .cloned()
            .unwrap_or_default();
        assert!(cursor["schema"]["pattern"].is_string());
        assert!(cast["responses"]["503"].is_object() && cast["responses"]["409"].is_object());
        let lock = &doc["paths"]["/api/users/{id}/lock"]["post"]["requestBody"];
        assert_eq!(lock["required"], false);
        assert_eq!(
            lock["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ReasonBody"
        );
    }
}
