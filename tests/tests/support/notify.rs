//! Resident registry end-to-end helpers (docs/api/notifications.md): the app with a capture
//! gateway, registrations through the public form, the validation code read from the captured
//! e-mail or SMS, and a bound device's session (its `ntd1.` token as a bearer).

use super::accounts::{self, digits, email_text, App, Session, MESSAGE_TIMEOUT};
use ratusz_tests::HttpReply;
use serde_json::{json, Value};

/// The consent version the app serves.
pub const CONSENT_VERSION: &str = "2026-1";

/// The app with a generous address throttle (the tests send many forms from one address) and
/// extra variables.
pub fn start_registry(variables: &[(&str, &str)]) -> App {
    let mut all = vec![("notify_throttle_per_address", "1000")];
    all.extend_from_slice(variables);
    accounts::start_with(&all)
}

/// The id of a seeded district.
pub fn a_district(app: &App) -> String {
    let reply = app.anon().get("/api/notify/districts");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = accounts::json_of(&reply);
    body["items"][0]["id"]
        .as_str()
        .expect("a seeded district")
        .to_owned()
}

/// A complete registration body for person `n` (e-mail and phone, code by e-mail).
pub fn registration(district: &str, n: usize) -> Value {
    json!({
        "first_name": format!("Anna{n}"),
        "last_name": format!("Nowak{n}"),
        "birth_date": "1980-02-29",
        "sex": "female",
        "address": {
            "street": "Piłsudskiego",
            "number": format!("{n}/4"),
            "postal_code": "08-110",
            "district_id": district,
        },
        "email": format!("anna.nowak.{n}@example.pl"),
        "phone": format!("600 {:03} {:03}", n % 1000, (n * 7) % 1000),
        "code_channel": "email",
        "consent_version": CONSENT_VERSION,
    })
}

/// `POST /api/notify/registrations`.
pub fn register(app: &App, body: &Value) -> HttpReply {
    app.anon().post("/api/notify/registrations", body)
}

/// The 8-digit code in a message's text.
pub fn code_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == 8)
        .map(str::to_owned)
}

/// Waits for the code e-mail to `to` after the first `skip` e-mails to it.
pub fn wait_code_by_email(app: &App, to: &str, skip: usize) -> String {
    let mail = app.wait_email_matching(to, skip, |t| t.contains("kod weryfikacyjny"));
    code_in(&email_text(&mail)).expect("the e-mail holds a code")
}

/// Waits for the code SMS to the phone ending in `phone_digits` after the first `skip`.
pub fn wait_code_by_sms(app: &App, phone_digits: &str, skip: usize) -> String {
    let sms = app.wait_sms_to(phone_digits, skip);
    code_in(sms["text"].as_str().unwrap_or("")).expect("the SMS holds a code")
}

/// `POST /api/notify/bindings`.
pub fn bind_reply(app: &App, contact: &str, code: &str) -> HttpReply {
    app.anon().post(
        "/api/notify/bindings",
        &json!({ "contact": contact, "code": code, "device_label": "Telefon" }),
    )
}

/// A bound resident: their e-mail, recipient id and device session.
pub struct Resident {
    /// E-mail.
    pub email: String,
    /// Phone as registered (typed form).
    pub phone: String,
    /// Recipient id.
    pub id: String,
    /// The bound device.
    pub device: Session,
}

/// Registers `body` (code by e-mail), reads the code and binds a device.
pub fn bound_resident(app: &App, body: &Value) -> Resident {
    let email = body["email"].as_str().expect("an e-mail").to_owned();
    let before = app.emails_to(&email).len();
    let reply = register(app, body);
    assert_eq!(reply.status, 202, "{}", reply.text());
    let code = wait_code_by_email(app, &email, before);
    let reply = bind_reply(app, &email, &code);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let bound = accounts::json_of(&reply);
    Resident {
        email,
        phone: body["phone"].as_str().unwrap_or("").to_owned(),
        id: bound["recipient_id"].as_str().expect("an id").to_owned(),
        device: Session::with_token(
            &app.base(),
            bound["device_token"].as_str().expect("a token"),
        ),
    }
}

/// The problem's `code`, and `fields.<field>.code` / `.params.rule` when asked.
pub fn problem_code(reply: &HttpReply) -> String {
    accounts::json_of(reply)["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

/// The rule (or else the code) of field `field` in a 422 problem.
pub fn field_refusal(reply: &HttpReply, field: &str) -> String {
    let body = accounts::json_of(reply);
    let f = &body["fields"][field];
    f["params"]["rule"]
        .as_str()
        .or_else(|| f["code"].as_str())
        .unwrap_or("")
        .to_owned()
}

/// Waits until no more messages arrive for a moment, then counts those to `to` (e-mail).
pub fn settled_emails_to(app: &App, to: &str) -> usize {
    std::thread::sleep(std::time::Duration::from_millis(700));
    app.emails_to(to).len()
}

/// SMS to a phone ending in `phone_digits` so far.
pub fn sms_to(app: &App, phone_digits: &str) -> usize {
    app.sms()
        .iter()
        .filter(|m| digits(m["to"].as_str().unwrap_or("")).ends_with(phone_digits))
        .count()
}

/// How long to wait for a message.
pub const WAIT: std::time::Duration = MESSAGE_TIMEOUT;

/// Makes the capture gateway answer the batch form (docs/api/notifications-messages.md §
/// Gateways) as a gateway that takes every message: `{accepted: [every id], rejected: []}`.
pub fn accept_every_batch(app: &App) {
    app.gateway.set_answerer(ratusz_tests::accepting_batches());
}
