//! The resident registry's part of the document (`notify`, docs/api/notifications.md): its
//! own `OpenApi` (merged into [`super::document`]), the `deviceToken` security scheme of a
//! bound device, and the limits of its request fields ([`apply_limits`], with patterns that
//! hold against the domain's rules in the tests below).
#![allow(dead_code)]

use crate::api::notify::{
    Address, AddressInput, Binding, BindingRequest, Channel, CodeChannel, CodeRequest,
    CodeRequested, ConsentDocument, ConsentDocumentState, ConsentInput, ConsentRecord,
    ConsentState, ConsentText, District, Districts, QuietHours, Recipient, RecipientPatch,
    RegisteredBy, RegistrationAccepted, RegistrationInput, Sex, SuspensionInput, Verification,
};
use crate::api::Problem;
use crate::validate::limits::{
    CONSENT_VERSION_MAX, CONTACT_MAX, DEVICE_LABEL_MAX, EMAIL_MAX, HOUSE_NUMBER_MAX, ID_MAX,
    PERSON_NAME_MAX, PHONE_MAX, STREET_MAX,
};
use crate::validate::schema::{self, WHITESPACE};
use serde_json::{json, Map, Value};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The registry's operations, schemas and tag.
#[derive(OpenApi)]
#[openapi(
    paths(
        districts, consent, register, request_code, bind, me, update_me, erase_me, suspend_me,
        resume_me, withdraw_consent, give_consent, unbind_device
    ),
    components(schemas(
        Verification, Channel, CodeChannel, ConsentState, ConsentDocumentState, Sex, RegisteredBy,
        District, Districts, ConsentText, Address, AddressInput, ConsentRecord, ConsentDocument,
        Recipient, RegistrationInput, RegistrationAccepted, CodeRequest, CodeRequested,
        BindingRequest, Binding, RecipientPatch, SuspensionInput, ConsentInput, QuietHours
    )),
    modifiers(&DeviceToken),
    tags((name = "notify", description = "Citizen notifications: the resident registry (registration, binding a device, the resident's own data and GDPR rights)"))
)]
pub struct NotifyDoc;

/// `deviceToken`: the bound device's `Authorization: Bearer ntd1.…`.
struct DeviceToken;

impl Modify for DeviceToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "deviceToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("ntd1")
                    .description(Some(
                        "The `device_token` of `POST /api/notify/bindings` (`ntd1.` and 43 \
                         base64url characters); a staff session is refused here",
                    ))
                    .build(),
            ),
        );
    }
}

/// The city's districts.
#[utoipa::path(
    get,
    path = "/api/notify/districts",
    tag = "notify",
    operation_id = "notify_districts",
    responses((status = 200, description = "Every district, by name", body = Districts))
)]
fn districts() {}

/// The consent text.
#[utoipa::path(
    get,
    path = "/api/notify/consent",
    tag = "notify",
    operation_id = "notify_consent",
    responses((status = 200, description = "The current consent text and its version", body = ConsentText))
)]
fn consent() {}

/// Self-registration.
#[utoipa::path(
    post,
    path = "/api/notify/registrations",
    tag = "notify",
    operation_id = "notify_register",
    description = "A validation code goes to the chosen contact. A contact that already belongs to a recipient gets the same 202 and nothing is created (that recipient is told instead).",
    request_body(content = RegistrationInput, content_type = "application/json"),
    responses(
        (status = 202, description = "Accepted; a code was sent (or the existing recipient told)", body = RegistrationAccepted),
        (status = 422, description = "`validation_failed`: field codes and rules such as `unknown_district`, `consent_outdated`, `one_contact_required`, `contact_missing`, `channel_without_contact`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn register() {}

/// A new code.
#[utoipa::path(
    post,
    path = "/api/notify/codes",
    tag = "notify",
    operation_id = "notify_request_code",
    description = "Always 202 `{}`. A registered contact gets a new code (an earlier one stops working), at most 3 an hour.",
    request_body(content = CodeRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Accepted", body = CodeRequested),
        (status = 429, description = "Too many requests from this address (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn request_code() {}

/// Bind this device.
#[utoipa::path(
    post,
    path = "/api/notify/bindings",
    tag = "notify",
    operation_id = "notify_bind",
    description = "The 8-digit code binds this device; an earlier device of the recipient is unbound. The token is shown only here.",
    request_body(content = BindingRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Bound", body = Binding),
        (status = 401, description = "`invalid_code`: wrong, expired, burned, or no such contact (one answer for all)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn bind() {}

/// The resident's data.
#[utoipa::path(
    get,
    path = "/api/notify/me",
    tag = "notify",
    operation_id = "notify_me",
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "The recipient", body = Recipient),
        (status = 401, description = "`invalid_token` (no, unknown or unbound token) or `unauthenticated` (a staff session)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn me() {}

/// Correct or complete.
#[utoipa::path(
    patch,
    path = "/api/notify/me",
    tag = "notify",
    operation_id = "notify_update_me",
    description = "Absent fields stay; `null` clears an optional one. A verified recipient whose name, birth date or address changes is unverified again.",
    security(("deviceToken" = [])),
    request_body(content = RecipientPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient, corrected", body = Recipient),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `contact_taken` (`params.field`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_me() {}

/// Erasure now.
#[utoipa::path(
    delete,
    path = "/api/notify/me",
    tag = "notify",
    operation_id = "notify_erase_me",
    security(("deviceToken" = [])),
    responses(
        (status = 204, description = "Erased; the token stops working"),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn erase_me() {}

/// Suspend.
#[utoipa::path(
    post,
    path = "/api/notify/me/suspension",
    tag = "notify",
    operation_id = "notify_suspend_me",
    description = "Nothing is sent until `until` (in the future, within ten years) or, without it, until lifted.",
    security(("deviceToken" = [])),
    request_body(content = Option<SuspensionInput>, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient, suspended", body = Recipient),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn suspend_me() {}

/// Lift a suspension.
#[utoipa::path(
    delete,
    path = "/api/notify/me/suspension",
    tag = "notify",
    operation_id = "notify_resume_me",
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "The recipient", body = Recipient),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn resume_me() {}

/// Withdraw consent.
#[utoipa::path(
    post,
    path = "/api/notify/me/consent-withdrawal",
    tag = "notify",
    operation_id = "notify_withdraw_consent",
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "The recipient, consent withdrawn", body = Recipient),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn withdraw_consent() {}

/// Give consent again.
#[utoipa::path(
    post,
    path = "/api/notify/me/consent",
    tag = "notify",
    operation_id = "notify_give_consent",
    security(("deviceToken" = [])),
    request_body(content = ConsentInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The recipient, consent given", body = Recipient),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn give_consent() {}

/// Unbind this device.
#[utoipa::path(
    delete,
    path = "/api/notify/me/device",
    tag = "notify",
    operation_id = "notify_unbind_device",
    security(("deviceToken" = [])),
    responses(
        (status = 204, description = "Unbound; the token stops working"),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn unbind_device() {}

fn ws() -> String {
    format!("[{WHITESPACE}]*")
}

/// [`crate::notify::fields::postal_code`]: `NN-NNN` after trimming.
pub fn postal_code_pattern() -> String {
    let ws = ws();
    format!("^{ws}[0-9]{{2}}-[0-9]{{3}}{ws}$")
}

/// The shape of [`crate::notify::fields::birth_date`]: `YYYY-MM-DD` after trimming (whether
/// the day exists and is not in the future is the server's).
pub fn birth_date_pattern() -> String {
    let ws = ws();
    format!("^{ws}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{ws}$")
}

/// [`crate::notify::fields::ade_address`]: blank, or `AE:PL-NNNNN-NNNNN-XXXXX-NN` in any case.
pub fn ade_address_pattern() -> String {
    let ws = ws();
    format!("^(?:{ws}|{ws}[Aa][Ee]:[Pp][Ll]-[0-9]{{5}}-[0-9]{{5}}-[A-Za-z]{{5}}-[0-9]{{2}}{ws})$")
}

/// [`crate::notify::fields::clock_minutes`]: `HH:MM`, 24-hour, exactly (whether the start
/// equals the end is the server's rule `quiet_hours_empty`).
pub fn clock_pattern() -> String {
    "^(?:[01][0-9]|2[0-3]):[0-5][0-9]$".to_owned()
}

/// An optional e-mail: blank, or as [`schema::email`].
pub fn optional_email_pattern() -> String {
    let email = schema::email();
    let inner = email
        .strip_prefix('^')
        .and_then(|e| e.strip_suffix('$'))
        .unwrap_or(&email);
    format!("^(?:{}|{inner})$", ws())
}

/// How a field is checked.
#[derive(Clone, Copy)]
enum Field {
    /// Required one-line text of 1..=max characters.
    Text(usize),
    /// Blank or one line of 1..=max characters.
    OptText(usize),
    /// An id.
    Id,
    /// `NN-NNN`.
    PostalCode,
    /// `YYYY-MM-DD`.
    BirthDate,
    /// Blank or an e-mail.
    OptEmail,
    /// Blank or a phone (the server also wants it Polish or E.164: stricter than the pattern).
    Phone,
    /// Blank or an e-Doręczenia address.
    AdeAddress,
    /// `HH:MM`.
    Clock,
}

/// Every checked string of the registry's request bodies.
const FIELDS: &[(&str, &str, Field)] = &[
    (
        "RegistrationInput",
        "first_name",
        Field::Text(PERSON_NAME_MAX),
    ),
    (
        "RegistrationInput",
        "last_name",
        Field::Text(PERSON_NAME_MAX),
    ),
    ("RegistrationInput", "birth_date", Field::BirthDate),
    ("RegistrationInput", "email", Field::OptEmail),
    ("RegistrationInput", "phone", Field::Phone),
    ("RegistrationInput", "ade_address", Field::AdeAddress),
    (
        "RegistrationInput",
        "consent_version",
        Field::Text(CONSENT_VERSION_MAX),
    ),
    ("RecipientPatch", "first_name", Field::Text(PERSON_NAME_MAX)),
    ("RecipientPatch", "last_name", Field::Text(PERSON_NAME_MAX)),
    ("RecipientPatch", "birth_date", Field::BirthDate),
    ("RecipientPatch", "email", Field::OptEmail),
    ("RecipientPatch", "phone", Field::Phone),
    ("RecipientPatch", "ade_address", Field::AdeAddress),
    ("AddressInput", "street", Field::Text(STREET_MAX)),
    ("AddressInput", "number", Field::Text(HOUSE_NUMBER_MAX)),
    ("AddressInput", "postal_code", Field::PostalCode),
    ("AddressInput", "district_id", Field::Id),
    ("CodeRequest", "contact", Field::Text(CONTACT_MAX)),
    ("BindingRequest", "contact", Field::Text(CONTACT_MAX)),
    ("BindingRequest", "code", Field::Text(CONTACT_MAX)),
    (
        "BindingRequest",
        "device_label",
        Field::OptText(DEVICE_LABEL_MAX),
    ),
    (
        "ConsentInput",
        "consent_version",
        Field::Text(CONSENT_VERSION_MAX),
    ),
    ("QuietHours", "start", Field::Clock),
    ("QuietHours", "end", Field::Clock),
];

fn constrain(prop: &mut Map<String, Value>, field: Field) {
    let (pattern, max, min) = match field {
        Field::Text(max) => (schema::text(max), max, true),
        Field::OptText(max) => (schema::optional_text(max), max, false),
        Field::Id => (schema::id(), ID_MAX, true),
        Field::PostalCode => (postal_code_pattern(), 6, true),
        Field::BirthDate => (birth_date_pattern(), 10, true),
        Field::OptEmail => (optional_email_pattern(), EMAIL_MAX, false),
        Field::Phone => (schema::phone(), PHONE_MAX, false),
        Field::AdeAddress => (ade_address_pattern(), 26, false),
        Field::Clock => (clock_pattern(), 5, true),
    };
    prop.insert("pattern".into(), json!(pattern));
    prop.insert("x-max-chars".into(), json!(max));
    if min {
        prop.insert("minLength".into(), json!(1));
    }
}

/// Writes the registry's field limits into the document (before the common answers).
pub fn apply_limits(doc: &mut Value) {
    for (name, field, rule) in FIELDS {
        if let Some(prop) = doc
            .pointer_mut(&format!("/components/schemas/{name}/properties/{field}"))
            .and_then(Value::as_object_mut)
        {
            constrain(prop, *rule);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::fields;
    use crate::time::Timestamp;
    use regex::Regex;

    fn re(p: &str) -> Regex {
        Regex::new(p).unwrap()
    }

    #[test]
    fn patterns_agree_with_the_rules() {
        let postal = re(&postal_code_pattern());
        for s in [
            "08-110", " 08-110 ", "08110", "8-110", "08-1100", "", "ab-cde",
        ] {
            assert_eq!(postal.is_match(s), fields::postal_code(s).is_ok(), "{s:?}");
        }
        let ade = re(&ade_address_pattern());
        for s in [
            "",
            " ",
            "AE:PL-12345-67890-ABCDE-12",
            " ae:pl-12345-67890-abcde-12 ",
            "AE:PL-1234-67890-ABCDE-12",
            "AE:PL-12345-67890-ABCD1-12",
            "AE:DE-12345-67890-ABCDE-12",
        ] {
            assert_eq!(
                ade.is_match(s),
                fields::ade_address(Some(s)).is_ok(),
                "{s:?}"
            );
        }
        // The shape only: a day that does not exist, or one after today, is refused by the
        // server (documented as a schema-valid request it may refuse).
        let far = Timestamp::parse_rfc3339("2999-01-01T00:00:00Z").unwrap();
        let date = re(&birth_date_pattern());
        for s in [
            "1980-01-02",
            " 1980-01-02 ",
            "1980-1-02",
            "80-01-02",
            "1980/01/02",
            "",
        ] {
            assert_eq!(
                date.is_match(s),
                fields::birth_date(s, far).is_ok(),
                "{s:?}"
            );
        }
        let clock = re(&clock_pattern());
        for s in [
            "00:00", "23:59", "07:30", "24:00", "7:30", "07:60", " 07:30", "07:30 ", "", "0730",
        ] {
            assert_eq!(
                clock.is_match(s),
                fields::clock_minutes(s).is_some(),
                "{s:?}"
            );
        }
        // The e-mail's bound is a lookahead (which `regex` cannot read): the optional e-mail is
        // the blank alternative and the whole e-mail pattern, held against its rule in
        // `validate::schema`.
        let email = schema::email();
        assert_eq!(
            optional_email_pattern(),
            format!("^(?:{}|{})$", ws(), &email[1..email.len() - 1])
        );
    }

    #[test]
    fn the_document_has_the_registry_with_its_limits() {
        let doc = super::super::document_json();
        let register = &doc["paths"]["/api/notify/registrations"]["post"];
        assert!(register["responses"]["202"].is_object());
        assert!(register["responses"]["429"].is_object());
        let me = &doc["paths"]["/api/notify/me"]["get"];
        assert_eq!(me["security"][0]["deviceToken"], json!([]));
        assert_eq!(
            doc["components"]["securitySchemes"]["deviceToken"]["scheme"],
            "bearer"
        );
        let address = &doc["components"]["schemas"]["AddressInput"]["properties"];
        assert_eq!(address["postal_code"]["pattern"], postal_code_pattern());
        assert_eq!(address["street"]["x-max-chars"], STREET_MAX);
        let quiet = &doc["components"]["schemas"]["QuietHours"]["properties"];
        assert_eq!(quiet["start"]["pattern"], clock_pattern());
        let input = &doc["components"]["schemas"]["RegistrationInput"]["properties"];
        assert_eq!(
            input["first_name"]["pattern"],
            schema::text(PERSON_NAME_MAX)
        );
    }
}
