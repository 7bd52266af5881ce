//! End-to-end: messages to residents (docs/api/notifications-messages.md) on the real compiled
//! `notify` component. Residents are registered through the staff's API; the e-mail and SMS
//! gateway is the capture server answering the batch form (`{accepted, rejected}` naming the
//! ids it took); the sending pass runs after a create (self-chaining) and after each
//! scheduler's `POST /api/notify/tick`; time moves with the host's test clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::accounts::local_time::warsaw_offset_s;
use ratusz_tests::{CapturedRequest, HttpReply};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::accounts::*;
use support::notify_staff::{CENTRUM, STARE_MIASTO};

const TICK_TOKEN: &str = "notify-tick-token-0123456789abcdef";
const CALLBACK_TOKEN: &str = "gateway-callback-token-0123456789abcdef";

/// The app with a `notifier`, two `notifier_admin`s and the scheduler's and gateways' tokens.
struct World {
    app: App,
    admin: Session,
    unit: String,
    notifier: Session,
    registrar: Session,
    second: Session,
}

fn world(variables: &[(&str, &str)]) -> World {
    let mut all = vec![
        ("tick_token", TICK_TOKEN),
        ("notify_callback_token", CALLBACK_TOKEN),
        ("notify_throttle_per_address", "1000"),
        // The tests move the clock by hours and days: the staff's sessions outlive that.
        ("session_idle_minutes", "100000"),
        ("session_absolute_hours", "10000"),
    ];
    all.extend_from_slice(variables);
    let app = start_with(&all);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, notifier) = app.active_user(&admin, &["notifier"], &unit);
    let (_, registrar) = app.active_user(&admin, &["notifier_admin"], &unit);
    let (_, second) = app.active_user(&admin, &["notifier_admin"], &unit);
    World {
        app,
        admin,
        unit,
        notifier,
        registrar,
        second,
    }
}

/// A resident registered by staff.
#[derive(Debug, Clone)]
struct Resident {
    id: String,
    email: String,
    phone: String,
}

impl World {
    /// Registers a resident born on `birth_date` in `district` (e-mail and SMS, no quiet hours
    /// unless `quiet` names them).
    fn resident(&self, first: &str, birth_date: &str, district: &str, quiet: Value) -> Resident {
        let n = unique();
        let email = format!("m.{n}@example.pl");
        let phone = format!("+48602{:06}", n % 1_000_000);
        let body = json!({
            "first_name": first,
            "last_name": format!("Nowak{n}"),
            "birth_date": birth_date,
            "sex": "female",
            "address": {
                "street": "Piłsudskiego",
                "number": "1",
                "postal_code": "08-110",
                "district_id": district,
            },
            "email": email,
            "phone": phone,
            "quiet_hours": quiet,
        });
        let reply = self.registrar.post("/api/notify/recipients", &body);
        assert_eq!(reply.status, 201, "{}", reply.text());
        Resident {
            id: json_of(&reply)["id"].as_str().unwrap().to_owned(),
            email,
            phone,
        }
    }

    fn plain(&self, first: &str, district: &str) -> Resident {
        self.resident(first, "1980-03-10", district, Value::Null)
    }

    fn tick(&self) {
        let reply =
            Session::with_token(&self.app.base(), TICK_TOKEN).post_empty("/api/notify/tick");
        assert_eq!(reply.status, 200, "{}", reply.text());
    }

    fn create(&self, body: &Value) -> Value {
        let reply = self.notifier.post("/api/notify/messages", body);
        assert_eq!(reply.status, 201, "{}", reply.text());
        json_of(&reply)
    }

    fn message(&self, id: &str) -> Value {
        self.notifier.get_ok(&format!("/api/notify/messages/{id}"))
    }

    /// Polls the message until `done(message)` (the pass runs after the response).
    fn wait(&self, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        ratusz_tests::wait_until(what, Duration::from_secs(20), || {
            let m = self.message(id);
            done(&m).then_some(m)
        })
        .unwrap_or_else(|e| panic!("{e:#}: {}", self.message(id)))
    }

    fn wait_state(&self, id: &str, state: &str) -> Value {
        self.wait(id, &format!("message {id} {state}"), |m| {
            m["state"] == state
        })
    }

    fn events(&self, events: Value) -> HttpReply {
        Session::with_token(&self.app.base(), CALLBACK_TOKEN).post(
            "/api/notify/deliveries/events",
            &json!({ "events": events }),
        )
    }
}

/// What the gateway received in batches to `path`: every message, in order.
fn batch_messages(app: &App, path: &str) -> Vec<Value> {
    app.gateway
        .requests_to(path)
        .iter()
        .flat_map(|r| {
            r.json().unwrap()["messages"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect()
}

fn recipients_of(messages: &[Value]) -> BTreeSet<String> {
    messages
        .iter()
        .map(|m| m["to"].as_str().unwrap().to_owned())
        .collect()
}

fn accepting(app: &App) {
    app.gateway.set_answerer(ratusz_tests::accepting_batches());
}

fn channel(m: &Value, channel: &str, state: &str) -> u64 {
    m["progress"]["by_channel"][channel][state]
        .as_u64()
        .unwrap_or_else(|| panic!("{channel}.{state} in {m}"))
}

fn birth_years_ago(years: i64) -> String {
    // Mid-year, so the age is the same on any sending day this test may run on.
    let year = 2026 - years;
    format!("{year}-01-15")
}

#[test]
fn a_district_and_age_message_reaches_exactly_the_right_residents_by_email_and_sms() {
    let w = world(&[]);
    accepting(&w.app);
    let adults: Vec<Resident> = ["Anna", "Beata", "Celina", "Dorota", "Ewa"]
        .iter()
        .map(|n| w.resident(n, &birth_years_ago(40), CENTRUM, Value::Null))
        .collect();
    let child = w.resident("Franek", &birth_years_ago(15), CENTRUM, Value::Null);
    let elsewhere = w.resident("Gosia", &birth_years_ago(40), STARE_MIASTO, Value::Null);
    let restricted = w.resident("Hanna", &birth_years_ago(40), CENTRUM, Value::Null);
    let suspended = w.resident("Irena", &birth_years_ago(40), CENTRUM, Value::Null);
    let withdrawn = w.resident("Jola", &birth_years_ago(40), CENTRUM, Value::Null);
    let reply = w.second.post(
        &format!("/api/notify/recipients/{}/verification", restricted.id),
        &json!({"decision": "restricted"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = w.registrar.post(
        &format!("/api/notify/recipients/{}/suspension", suspended.id),
        &json!({}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = w.registrar.post_empty(&format!(
        "/api/notify/recipients/{}/consent-withdrawal",
        withdrawn.id
    ));
    assert_eq!(reply.status, 200, "{}", reply.text());

    let message = json!({
        "title": "Dla ((first_name)): woda",
        "text": "Dzień dobry ((first_name)), w osiedlu ((district)) nie będzie wody.",
        "category": "warning",
        "channels": ["email", "sms"],
        "audience": {"kind": "filter", "district_ids": [CENTRUM], "age_min": 18, "age_max": 64},
    });
    let preview = json_of(&w.notifier.post("/api/notify/messages/preview", &message));
    assert_eq!(preview["audience"]["count"], 5, "{preview}");
    assert_eq!(preview["audience"]["by_channel"]["email"], 5);
    assert_eq!(preview["audience"]["by_channel"]["sms"], 5);
    assert_eq!(preview["sms"]["encoding"], "ucs2", "{preview}");
    assert_eq!(preview["sms"]["messages"], 5);

    let created = w.create(&message);
    assert_eq!(created["state"], "sending");
    assert_eq!(created["title"], "Dla ((first_name)): woda");
    let id = created["id"].as_str().unwrap();
    let done = w.wait_state(id, "done");
    assert_eq!(
        done["progress"]["audience"],
        json!({"state": "done", "count": 5})
    );
    assert_eq!(channel(&done, "email", "sent"), 5);
    assert_eq!(channel(&done, "sms", "sent"), 5);
    assert!(done["progress"]["by_channel"].get("push").is_none());

    let emails = batch_messages(&w.app, "/email/batch");
    let sms = batch_messages(&w.app, "/sms/batch");
    let want_emails: BTreeSet<String> = adults.iter().map(|r| r.email.clone()).collect();
    let want_phones: BTreeSet<String> = adults.iter().map(|r| r.phone.clone()).collect();
    assert_eq!(recipients_of(&emails), want_emails);
    assert_eq!(recipients_of(&sms), want_phones);
    assert_eq!(emails.len(), 5, "one e-mail each");
    for other in [&child, &elsewhere, &restricted, &suspended, &withdrawn] {
        assert!(!recipients_of(&emails).contains(&other.email), "{other:?}");
    }
    // Placeholders filled per resident; an SMS carries the text alone, an e-mail a subject.
    let anna = emails
        .iter()
        .find(|m| m["to"] == adults[0].email.as_str())
        .unwrap();
    assert_eq!(anna["subject"], "Dla Anna: woda");
    assert!(anna["text"]
        .as_str()
        .unwrap()
        .starts_with("Dzień dobry Anna, w osiedlu "));
    assert_eq!(anna["category"], "warning");
    let anna_sms = sms
        .iter()
        .find(|m| m["to"] == adults[0].phone.as_str())
        .unwrap();
    assert!(anna_sms.get("subject").is_none(), "{anna_sms}");
    assert!(!anna_sms["text"].as_str().unwrap().contains("(("));

    // Events: delivered and failed move sent deliveries; a repeat and an unknown id do not.
    let first = emails[0]["id"].as_str().unwrap();
    let second = emails[1]["id"].as_str().unwrap();
    let reply = w.events(json!([
        {"id": first, "status": "delivered"},
        {"id": second, "status": "failed", "reason": "mailbox full"},
        {"id": "01JNOSUCHDELIVERY000000000", "status": "delivered"},
    ]));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(json_of(&reply)["applied"], 2);
    let again = w.events(json!([{"id": first, "status": "failed"}]));
    assert_eq!(json_of(&again)["applied"], 0);
    let m = w.message(id);
    assert_eq!(
        (
            channel(&m, "email", "sent"),
            channel(&m, "email", "delivered"),
            channel(&m, "email", "failed")
        ),
        (3, 1, 1)
    );
    let wrong = Session::with_token(&w.app.base(), "not-the-callback-token-0123456789abcdef")
        .post("/api/notify/deliveries/events", &json!({"events": []}));
    assert_eq!(wrong.status, 401);

    // The audit chain names the notifier, the audience kind and the channels.
    let audit = w.admin.get_ok("/api/audit?action=message.created");
    let entry = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["object"] == format!("message:{id}"))
        .unwrap_or_else(|| panic!("message.created in {audit}"));
    assert_eq!(entry["data"]["audience"], "filter");
    assert_eq!(entry["data"]["channels"], json!(["email", "sms"]));
}

#[test]
fn a_filter_below_k_is_refused_without_the_count_and_individuals_are_exempt() {
    let w = world(&[]);
    accepting(&w.app);
    let a = w.plain("Anna", STARE_MIASTO);
    w.plain("Beata", STARE_MIASTO);
    let small = json!({
        "title": "T", "text": "x", "category": "event", "channels": ["email"],
        "audience": {"kind": "filter", "district_ids": [STARE_MIASTO]},
    });
    for path in ["/api/notify/messages/preview", "/api/notify/messages"] {
        let reply = w.notifier.post(path, &small);
        assert_eq!(reply.status, 422, "{path}: {}", reply.text());
        let body = json_of(&reply);
        assert_eq!(body["code"], "audience_too_small");
        assert_eq!(body["params"]["k"], "5");
        assert!(!reply.text().contains("\"count\""), "{}", reply.text());
        assert!(!reply.text().contains(": 2") && !reply.text().contains("2 recipients"));
    }
    let list = w.notifier.get_ok("/api/notify/messages");
    assert_eq!(list["items"], json!([]));
    let one = json!({
        "title": "Odpowiedź", "text": "Dla jednej osoby", "category": "other",
        "channels": ["email"], "audience": {"kind": "individuals", "recipient_ids": [a.id]},
    });
    let created = w.create(&one);
    w.wait_state(created["id"].as_str().unwrap(), "done");
    assert_eq!(
        recipients_of(&batch_messages(&w.app, "/email/batch")),
        BTreeSet::from([a.email])
    );
}

#[test]
fn a_scheduled_message_waits_for_its_moment_then_goes() {
    let w = world(&[]);
    accepting(&w.app);
    let residents: Vec<Resident> = (0..5).map(|i| w.plain(&format!("R{i}"), CENTRUM)).collect();
    let now_ms = server_now_ms(&w.app);
    let send_at = ratusz_domain::time::Timestamp::from_unix_ms(now_ms + 3_600_000).to_rfc3339();
    let created = w.create(&json!({
        "title": "Festyn", "text": "Zapraszamy", "category": "event", "channels": ["email"],
        "audience": {"kind": "everyone"}, "send_at": send_at,
    }));
    assert_eq!(created["state"], "scheduled");
    assert_eq!(created["public"], true);
    let id = created["id"].as_str().unwrap();
    w.tick();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(w.message(id)["state"], "scheduled");
    assert!(w.app.gateway.requests_to("/email/batch").is_empty());
    w.app.advance_clock(2 * HOUR);
    w.tick();
    let done = w.wait_state(id, "done");
    assert!(done["started_at"].is_string());
    let got = recipients_of(&batch_messages(&w.app, "/email/batch"));
    assert_eq!(got, residents.iter().map(|r| r.email.clone()).collect());
}

fn server_now_ms(app: &App) -> i64 {
    let wall = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    wall + app.host.clock_offset_ms()
}

#[test]
fn a_cancel_mid_way_leaves_the_rest_cancelled_and_the_sent_sent() {
    let w = world(&[("notify_gateway_batch", "2")]);
    // The gateway takes the first batch, then answers 503 (the rest waits for its retry).
    let batches = Arc::new(AtomicUsize::new(0));
    let taken = Arc::clone(&batches);
    let accept_all = ratusz_tests::accepting_batches();
    w.app
        .gateway
        .set_answerer(Arc::new(move |r: &CapturedRequest| {
            if !r.path_only().ends_with("/batch") {
                return None;
            }
            if taken.fetch_add(1, Ordering::SeqCst) == 0 {
                accept_all(r)
            } else {
                Some((503, "{}".to_owned()))
            }
        }));
    for i in 0..6 {
        w.plain(&format!("R{i}"), CENTRUM);
    }
    let created = w.create(&json!({
        "title": "T", "text": "x", "category": "event", "channels": ["email"],
        "audience": {"kind": "everyone"},
    }));
    let id = created["id"].as_str().unwrap();
    let m = w.wait(id, "two sent", |m| {
        m["progress"]["audience"]["state"] == "done"
            && m["progress"]["by_channel"]["email"]["sent"] == 2
    });
    assert_eq!(channel(&m, "email", "queued"), 4);
    let reply = w
        .notifier
        .post_empty(&format!("/api/notify/messages/{id}/cancel"));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let cancelled = json_of(&reply);
    assert_eq!(cancelled["state"], "cancelled");
    assert!(cancelled["cancelled_by"]["id"].is_string());
    assert_eq!(channel(&cancelled, "email", "sent"), 2);
    assert_eq!(channel(&cancelled, "email", "queued"), 0);
    assert_eq!(channel(&cancelled, "email", "cancelled"), 4);
    let again = w
        .notifier
        .post_empty(&format!("/api/notify/messages/{id}/cancel"));
    assert_eq!(again.status, 409);
    assert_eq!(json_of(&again)["params"]["rule"], "message_finished");
    // Nothing more goes out, however long the retries would have waited.
    let before = w.app.gateway.requests_to("/email/batch").len();
    w.app.advance_clock(HOUR);
    w.tick();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(w.app.gateway.requests_to("/email/batch").len(), before);
}

#[test]
fn rejected_deliveries_fail_and_a_failing_gateway_is_retried_with_backoff_then_given_up() {
    let w = world(&[]);
    let reject = Arc::new(Mutex::new(HashSet::new()));
    w.app
        .gateway
        .set_answerer(ratusz_tests::batch_answerer(Arc::clone(&reject)));
    let residents: Vec<Resident> = (0..5).map(|i| w.plain(&format!("R{i}"), CENTRUM)).collect();
    reject.lock().unwrap().insert(residents[0].email.clone());
    let first = w.create(&json!({
        "title": "T", "text": "x", "category": "event", "channels": ["email"],
        "audience": {"kind": "everyone"},
    }));
    let m = w.wait_state(first["id"].as_str().unwrap(), "done");
    assert_eq!(
        (channel(&m, "email", "sent"), channel(&m, "email", "failed")),
        (4, 1)
    );

    // A gateway answering 500: each attempt is one request; the next waits 30 s, then 60 s.
    w.app.gateway.set_failing(true);
    let before = w.app.gateway.requests_to("/email/batch").len();
    let second = w.create(&json!({
        "title": "T2", "text": "y", "category": "event", "channels": ["email"],
        "audience": {"kind": "individuals", "recipient_ids": [residents[1].id]},
    }));
    let id = second["id"].as_str().unwrap();
    let attempts = |n: usize| {
        ratusz_tests::wait_until("gateway attempts", Duration::from_secs(20), || {
            (w.app.gateway.requests_to("/email/batch").len() >= before + n).then_some(())
        })
        .unwrap();
    };
    attempts(1);
    w.tick();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        w.app.gateway.requests_to("/email/batch").len(),
        before + 1,
        "not before 30 s"
    );
    w.app.advance_clock(31);
    w.tick();
    attempts(2);
    w.app.advance_clock(31);
    w.tick();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        w.app.gateway.requests_to("/email/batch").len(),
        before + 2,
        "the second wait is 60 s"
    );
    assert_eq!(channel(&w.message(id), "email", "queued"), 1);
    // Past a day of failures the delivery is given up.
    for _ in 0..30 {
        w.app.advance_clock(HOUR);
        w.tick();
        std::thread::sleep(Duration::from_millis(300));
    }
    let m = w.wait_state(id, "done");
    assert_eq!(channel(&m, "email", "failed"), 1);
}

/// Moves the test clock to `hh:mm` Polish time of the next day at least an hour ahead.
fn advance_to_polish(app: &App, hh: i64, mm: i64) {
    let now_ms = server_now_ms(app);
    let now = ratusz_domain::time::Timestamp::from_unix_ms(now_ms);
    let local_ms = now_ms + warsaw_offset_s(now) * 1000;
    let day_ms = 86_400_000;
    let target_local = (local_ms.div_euclid(day_ms) + 1) * day_ms + (hh * 60 + mm) * 60_000;
    app.host.advance_clock_ms(target_local - local_ms).unwrap();
}

#[test]
fn a_crisis_passes_quiet_hours_and_other_messages_wait_until_they_end() {
    let w = world(&[]);
    accepting(&w.app);
    let quiet = json!({"start": "22:00", "end": "07:00"});
    let residents: Vec<Resident> = (0..5)
        .map(|i| w.resident(&format!("R{i}"), "1980-03-10", CENTRUM, quiet.clone()))
        .collect();
    advance_to_polish(&w.app, 23, 30);
    let warning = w.create(&json!({
        "title": "Ostrzeżenie", "text": "Wiatr", "category": "warning", "channels": ["sms"],
        "audience": {"kind": "everyone"},
    }));
    let wid = warning["id"].as_str().unwrap();
    let held = w.wait(wid, "counted", |m| {
        m["progress"]["audience"]["state"] == "done"
    });
    assert_eq!(channel(&held, "sms", "queued"), 5);
    let crisis = w.create(&json!({
        "title": "Alarm", "text": "Powódź", "category": "crisis", "channels": ["sms"],
        "audience": {"kind": "everyone"},
    }));
    let cid = crisis["id"].as_str().unwrap();
    let done = w.wait_state(cid, "done");
    assert_eq!(channel(&done, "sms", "sent"), 5);
    let texts: Vec<String> = batch_messages(&w.app, "/sms/batch")
        .iter()
        .map(|m| m["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts, vec!["Powódź".to_owned(); 5], "only the crisis went");
    w.tick();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(channel(&w.message(wid), "sms", "queued"), 5);
    // 07:00 in Warsaw: the warning goes.
    w.app.advance_clock(8 * HOUR);
    w.tick();
    let m = w.wait_state(wid, "done");
    assert_eq!(channel(&m, "sms", "sent"), 5);
    let phones: BTreeSet<String> = residents.iter().map(|r| r.phone.clone()).collect();
    let warned: Vec<Value> = batch_messages(&w.app, "/sms/batch")
        .into_iter()
        .filter(|m| m["text"] == "Wiatr")
        .collect();
    assert_eq!(recipients_of(&warned), phones);
}

#[test]
fn progress_answers_304_until_a_batch_moves_it() {
    let w = world(&[]);
    accepting(&w.app);
    (0..5).for_each(|i| {
        w.plain(&format!("R{i}"), CENTRUM);
    });
    let created = w.create(&json!({
        "title": "T", "text": "x", "category": "event", "channels": ["email"],
        "audience": {"kind": "everyone"},
    }));
    let id = created["id"].as_str().unwrap();
    w.wait_state(id, "done");
    let path = format!("/api/notify/messages/{id}");
    let first = w.notifier.get(&path);
    let etag = first.header("etag").unwrap().to_owned();
    let same = w
        .notifier
        .request("GET", &path)
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(same.status, 304);
    assert!(same.body.is_empty());
    let sent = batch_messages(&w.app, "/email/batch");
    let reply = w.events(json!([{"id": sent[0]["id"], "status": "delivered"}]));
    assert_eq!(json_of(&reply)["applied"], 1);
    let moved = w
        .notifier
        .request("GET", &path)
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(moved.status, 200);
    assert_ne!(moved.header("etag").unwrap(), etag);
    assert_eq!(channel(&json_of(&moved), "email", "delivered"), 1);
}

#[test]
fn an_idempotency_key_gives_one_message_and_bad_input_stores_nothing() {
    let w = world(&[]);
    accepting(&w.app);
    let a = w.plain("Anna", CENTRUM);
    let body = json!({
        "title": "T", "text": "x", "category": "other", "channels": ["email"],
        "audience": {"kind": "individuals", "recipient_ids": [a.id]},
    });
    let send = || {
        w.notifier
            .request("POST", "/api/notify/messages")
            .header("idempotency-key", "message-1")
            .json(&body)
            .send()
            .unwrap()
    };
    let (one, two) = (send(), send());
    assert_eq!((one.status, two.status), (201, 201));
    assert_eq!(json_of(&one)["id"], json_of(&two)["id"]);
    let listed = w.notifier.get_ok("/api/notify/messages");
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    let bad = [
        (json!({"title": ""}), "title", "required"),
        (
            json!({"text": "Cześć ((imie))"}),
            "text",
            "unknown_placeholder",
        ),
        (json!({"channels": []}), "channels", "required"),
        (
            json!({"link": "http://example.pl"}),
            "link",
            "invalid_format",
        ),
        (
            json!({"send_at": "2020-01-01T00:00:00Z"}),
            "send_at",
            "not_in_future",
        ),
        (
            json!({"audience": {"kind": "filter", "district_ids": ["01JNOSUCHDISTRICT000000000"]}}),
            "audience.district_ids",
            "unknown_reference",
        ),
        (
            json!({"audience": {"kind": "individuals", "recipient_ids": ["01JNOSUCHRECIPIENT00000000"]}}),
            "audience.recipient_ids",
            "unknown_reference",
        ),
        (
            json!({"audience": {"kind": "filter"}}),
            "audience",
            "no_criterion",
        ),
        (
            json!({"audience": {"kind": "filter", "age_min": 200}}),
            "audience.age_min",
            "out_of_range",
        ),
    ];
    for (patch, field, code) in bad {
        let mut b = body.clone();
        for (k, v) in patch.as_object().unwrap() {
            b[k] = v.clone();
        }
        let reply = w.notifier.post("/api/notify/messages", &b);
        assert_eq!(reply.status, 422, "{patch}: {}", reply.text());
        let problem = json_of(&reply);
        let f = &problem["fields"][field];
        let got = f["params"]["rule"].as_str().or(f["code"].as_str());
        assert_eq!(got, Some(code), "{patch}: {problem}");
    }
    let unknown = w.notifier.post(
        "/api/notify/messages",
        &json!({"title": "T", "text": "x", "category": "other", "channels": ["email"],
                "audience": {"kind": "everyone"}, "priority": 1}),
    );
    assert_eq!(unknown.status, 422);
    let listed = w.notifier.get_ok("/api/notify/messages");
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        1,
        "nothing stored"
    );
    let bad_state = w.notifier.get("/api/notify/messages?state=sent");
    assert_eq!(bad_state.status, 422);
    assert_eq!(
        w.notifier
            .get("/api/notify/messages/01JNOSUCHMESSAGE0000000000")
            .status,
        404
    );
}

#[test]
fn only_a_notifier_composes_reads_and_cancels_messages() {
    let w = world(&[]);
    accepting(&w.app);
    let a = w.plain("Anna", CENTRUM);
    let body = json!({
        "title": "T", "text": "x", "category": "other", "channels": ["email"],
        "audience": {"kind": "individuals", "recipient_ids": [a.id]},
        "send_at": ratusz_domain::time::Timestamp::from_unix_ms(server_now_ms(&w.app) + 3_600_000).to_rfc3339(),
    });
    let created = w.create(&body);
    let id = created["id"].as_str().unwrap().to_owned();
    let calls: Vec<(&str, String, Option<Value>)> = vec![
        (
            "POST",
            "/api/notify/messages/preview".to_owned(),
            Some(body.clone()),
        ),
        (
            "POST",
            "/api/notify/messages".to_owned(),
            Some(body.clone()),
        ),
        ("GET", "/api/notify/messages".to_owned(), None),
        ("GET", format!("/api/notify/messages/{id}"), None),
        ("POST", format!("/api/notify/messages/{id}/cancel"), None),
    ];
    // Every messages endpoint has its row here (the gateways' events below).
    for e in ratusz_domain::endpoints::NOTIFY_MESSAGES_ALL {
        let covered = calls
            .iter()
            .any(|(m, p, _)| *m == e.method.as_str() && *p == e.path.replace(":id", &id))
            || **e == ratusz_domain::endpoints::NOTIFY_DELIVERY_EVENTS;
        assert!(covered, "{} {} has no row", e.method.as_str(), e.path);
    }
    let roles = [
        "admin",
        "support",
        "clerk",
        "chair",
        "councillor",
        "director",
        "notifier_admin",
    ];
    for role in roles {
        let (_, s) = w.app.active_user(&w.admin, &[role], &w.unit);
        for (method, path, b) in &calls {
            let reply = s.send(method, path, b.as_ref());
            assert_eq!(
                reply.status,
                403,
                "{role} {method} {path}: {}",
                reply.text()
            );
        }
        // A staff session is no gateway.
        let events = s.post("/api/notify/deliveries/events", &json!({"events": []}));
        assert_eq!(events.status, 401, "{role}");
    }
    let anonymous = Session::anonymous(&w.app.base());
    for (method, path, b) in &calls {
        let reply = anonymous.send(method, path, b.as_ref());
        assert_eq!(reply.status, 401, "anonymous {method} {path}");
    }
    // The notifier may do each (the cancel last).
    for (method, path, b) in &calls {
        let reply = w.notifier.send(method, path, b.as_ref());
        assert!(
            (200..300).contains(&reply.status),
            "notifier {method} {path}: {}",
            reply.text()
        );
    }
    assert_eq!(w.events(json!([])).status, 200);
    let _ = &w.registrar;
}
