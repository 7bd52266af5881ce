//! End-to-end: the e-Doręczenia channel (docs/api/notifications-messages.md § Gateways,
//! Progress) on the real compiled `notify` component. Residents are registered through the
//! staff's API with an ADE address (`AE:PL-NNNNN-NNNNN-XXXXX-NN`); the city's certified gateway
//! is a capture server of its own (`edoreczenia_gateway_origin`), answering the batch form, so
//! what reaches it is told apart from the e-mail gateway's; time moves with the host's test
//! clock and the scheduler's `POST /api/notify/tick`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{CaptureServer, CapturedRequest};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::accounts::*;
use support::at_rest::occurrences;
use support::notify::accept_every_batch;
use support::notify_staff::CENTRUM;

const TICK_TOKEN: &str = "notify-tick-token-0123456789abcdef";
const CALLBACK_TOKEN: &str = "gateway-callback-token-0123456789abcdef";
const ADE_TOKEN: &str = "edoreczenia-adapter-token-0123456789abcdef";
const ADE_PATH: &str = "/edoreczenia/batch";
const LINK: &str = "https://ratusz.example.pl/komunikaty/42";

/// The app with a `notifier` and a `notifier_admin`, and the city's e-Doręczenia gateway.
struct World {
    app: App,
    ade: CaptureServer,
    notifier: Session,
    registrar: Session,
}

/// The e-mail gateway takes every batch; when `ade_configured` the e-Doręczenia gateway is
/// `ade` with [`ADE_TOKEN`] (taking every batch too), else it is left at its default (`http://gateway.invalid`: not
/// configured) and `ade` must hear nothing.
fn world(ade_configured: bool) -> World {
    let ade = CaptureServer::start().unwrap();
    let origin = ade.origin();
    let mut variables = vec![
        ("tick_token", TICK_TOKEN),
        ("notify_callback_token", CALLBACK_TOKEN),
        ("notify_throttle_per_address", "1000"),
        // The clock moves by a day: the staff's sessions outlive that.
        ("session_idle_minutes", "100000"),
        ("session_absolute_hours", "10000"),
    ];
    if ade_configured {
        variables.push(("edoreczenia_gateway_origin", origin.as_str()));
        variables.push(("edoreczenia_gateway_token", ADE_TOKEN));
    }
    let app = start_with(&variables);
    accept_every_batch(&app);
    ade.set_answerer(ratusz_tests::accepting_batches());
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, notifier) = app.active_user(&admin, &["notifier"], &unit);
    let (_, registrar) = app.active_user(&admin, &["notifier_admin"], &unit);
    World {
        app,
        ade,
        notifier,
        registrar,
    }
}

/// A resident registered by staff, with what must never leave in a batch beyond `to`.
#[derive(Debug, Clone)]
struct Resident {
    id: String,
    first: String,
    last: String,
    email: Option<String>,
    /// The ADE address as stored and sent: upper case.
    ade: Option<String>,
}

impl World {
    /// Registers a resident in Centrum without quiet hours (so the hour the test runs at does
    /// not hold anything back) choosing `channels`; the ADE address is typed in lower case.
    fn resident(&self, first: &str, email: bool, ade: bool, channels: &[&str]) -> Resident {
        let n = unique();
        let last = format!("Kowalska{n}");
        let email = email.then(|| format!("k.{n}@example.pl"));
        let ade = ade.then(|| {
            format!(
                "AE:PL-{:05}-{:05}-RATUS-{:02}",
                10_000 + n,
                20_000 + n,
                n % 100
            )
        });
        let body = json!({
            "first_name": first,
            "last_name": last,
            "birth_date": "1975-06-21",
            "sex": "female",
            "address": {
                "street": "Piłsudskiego",
                "number": "7",
                "postal_code": "08-110",
                "district_id": CENTRUM,
            },
            "email": email,
            "ade_address": ade.as_ref().map(|a| a.to_ascii_lowercase()),
            "channels": channels,
            "quiet_hours": null,
        });
        let reply = self.registrar.post("/api/notify/recipients", &body);
        assert_eq!(reply.status, 201, "{}", reply.text());
        let recipient = json_of(&reply);
        assert_eq!(recipient["ade_address"], json!(ade), "stored in upper case");
        Resident {
            id: str_field(&recipient, "id"),
            first: first.to_owned(),
            last,
            email,
            ade,
        }
    }

    fn tick(&self) {
        let reply =
            Session::with_token(&self.app.base(), TICK_TOKEN).post_empty("/api/notify/tick");
        assert_eq!(reply.status, 200, "{}", reply.text());
    }

    fn create(&self, body: &Value) -> String {
        let reply = self.notifier.post("/api/notify/messages", body);
        assert_eq!(reply.status, 201, "{}", reply.text());
        str_field(&json_of(&reply), "id")
    }

    fn message(&self, id: &str) -> Value {
        self.notifier.get_ok(&format!("/api/notify/messages/{id}"))
    }

    /// Polls the message until `done(message)` (the sending pass runs after the response).
    fn wait(&self, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        ratusz_tests::wait_until(what, Duration::from_secs(20), || {
            let m = self.message(id);
            done(&m).then_some(m)
        })
        .unwrap_or_else(|e| panic!("{e:#}: {}", self.message(id)))
    }

    fn wait_done(&self, id: &str) -> Value {
        self.wait(id, "message done", |m| m["state"] == "done")
    }

    /// `POST /api/notify/deliveries/events` as the gateway; `applied`.
    fn events(&self, events: Value) -> u64 {
        let reply = Session::with_token(&self.app.base(), CALLBACK_TOKEN).post(
            "/api/notify/deliveries/events",
            &json!({ "events": events }),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        json_of(&reply)["applied"].as_u64().unwrap()
    }

    /// What the e-Doręczenia gateway received: its batch requests, oldest first.
    fn ade_batches(&self) -> Vec<CapturedRequest> {
        self.ade.requests_to(ADE_PATH)
    }

    /// Lets a sending pass that may still be running finish before the test looks.
    fn settle(&self) {
        std::thread::sleep(Duration::from_millis(800));
    }
}

/// Every message in `requests`' batches, in order.
fn messages_in(requests: &[CapturedRequest]) -> Vec<Value> {
    requests
        .iter()
        .flat_map(|r| r.json().unwrap()["messages"].as_array().unwrap().clone())
        .collect()
}

fn to_of(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .map(|m| m["to"].as_str().unwrap().to_owned())
        .collect()
}

fn ids_of(messages: &[Value]) -> BTreeSet<String> {
    messages
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A channel's whole progress `{queued, sent, delivered, failed, skipped, cancelled}`.
fn progress(m: &Value, channel: &str) -> Value {
    m["progress"]["by_channel"][channel].clone()
}

fn counts(queued: u64, sent: u64, delivered: u64, failed: u64) -> Value {
    json!({"queued": queued, "sent": sent, "delivered": delivered, "failed": failed,
           "skipped": 0, "cancelled": 0})
}

fn district_name(w: &World, id: &str) -> String {
    let districts = w.app.anon().get_ok("/api/notify/districts");
    let found = districts["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {districts}"));
    str_field(found, "name")
}

#[test]
fn an_ade_message_reaches_exactly_the_residents_with_an_ade_address_once_with_the_adapter_token() {
    let w = world(true);
    let anna = w.resident("Anna", true, true, &["email", "edoreczenia"]);
    let beata = w.resident("Beata", false, true, &["edoreczenia"]);
    let celina = w.resident("Celina", true, true, &["email", "edoreczenia"]);
    let no_ade = w.resident("Dorota", true, false, &["email"]);
    // Holds an ADE address but did not choose the channel.
    let not_chosen = w.resident("Ewa", true, true, &["email"]);
    let everyone = [&anna, &beata, &celina, &no_ade, &not_chosen];

    let message = json!({
        "title": "Pismo dla ((first_name))",
        "text": "Szanowna Pani ((first_name)), w dzielnicy ((district)) zmienia się rozkład.",
        "category": "warning",
        "link": LINK,
        "channels": ["email", "edoreczenia"],
        "audience": {"kind": "individuals",
                     "recipient_ids": everyone.iter().map(|r| r.id.clone()).collect::<Vec<_>>()},
    });
    let preview = json_of(&w.notifier.post("/api/notify/messages/preview", &message));
    assert_eq!(preview["audience"]["count"], 5, "{preview}");
    assert_eq!(
        preview["audience"]["by_channel"]["edoreczenia"], 3,
        "{preview}"
    );
    assert_eq!(preview["audience"]["by_channel"]["email"], 4, "{preview}");

    let id = w.create(&message);
    let done = w.wait_done(&id);
    assert_eq!(progress(&done, "edoreczenia"), counts(0, 3, 0, 0), "{done}");
    assert_eq!(progress(&done, "email"), counts(0, 4, 0, 0), "{done}");
    let channels: BTreeSet<&str> = done["progress"]["by_channel"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(channels, BTreeSet::from(["edoreczenia", "email"]));

    // Exactly the chosen ADE addresses, each once, in the canonical upper case.
    let batches = w.ade_batches();
    let sent = messages_in(&batches);
    let mut got = to_of(&sent);
    got.sort();
    let mut want: Vec<String> = [&anna, &beata, &celina]
        .iter()
        .map(|r| r.ade.clone().unwrap())
        .collect();
    want.sort();
    assert_eq!(got, want, "{sent:?}");
    // Nothing but the batch form reached the adapter, and no ADE batch the e-mail gateway.
    assert_eq!(w.ade.requests().len(), batches.len());
    assert!(w
        .app
        .gateway
        .requests()
        .iter()
        .all(|r| !r.path.contains("edoreczenia")));
    for r in &batches {
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.header("authorization"),
            Some(format!("Bearer {ADE_TOKEN}").as_str())
        );
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
    }
    // The adapter's token is the adapter's: the e-mail gateway never sees it.
    for r in w.app.gateway.requests() {
        let auth = r.header("authorization").unwrap_or("");
        assert!(
            !auth.contains(ADE_TOKEN) && !r.text().contains(ADE_TOKEN),
            "{r:?}"
        );
    }

    // Subject = the title filled, text = the text filled with the link below it.
    let centrum = district_name(&w, CENTRUM);
    for r in [&anna, &beata, &celina] {
        let m = sent
            .iter()
            .find(|m| m["to"] == r.ade.as_deref().unwrap())
            .unwrap();
        let keys: BTreeSet<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["id", "to", "subject", "text", "category"]),
            "{m}"
        );
        assert_eq!(m["subject"], format!("Pismo dla {}", r.first));
        assert_eq!(
            m["text"],
            format!(
                "Szanowna Pani {}, w dzielnicy {centrum} zmienia się rozkład.\n\n{LINK}",
                r.first
            )
        );
        assert_eq!(m["category"], "warning");
    }
    // No personal datum beyond `to`: ids are the deliveries' own, and no other contact, last
    // name or recipient id is in any batch.
    let delivery_ids = ids_of(&sent);
    assert_eq!(delivery_ids.len(), 3);
    for r in everyone {
        assert!(!delivery_ids.contains(&r.id));
        let mut personal = vec![r.id.clone(), r.last.clone(), "1975-06-21".to_owned()];
        personal.extend(r.email.clone());
        for batch in &batches {
            for value in &personal {
                assert!(
                    !batch.text().contains(value.as_str()),
                    "{value} in {}",
                    batch.text()
                );
            }
        }
    }

    // A resident gets each channel once: Anna one e-mail and one ADE letter, Beata no e-mail,
    // the resident without ADE and the one who did not choose it only e-mail.
    let emails = messages_in(&w.app.gateway.requests_to("/email/batch"));
    let mut email_to = to_of(&emails);
    email_to.sort();
    let mut want_email: Vec<String> = [&anna, &celina, &no_ade, &not_chosen]
        .iter()
        .map(|r| r.email.clone().unwrap())
        .collect();
    want_email.sort();
    assert_eq!(email_to, want_email);
    assert!(ids_of(&emails).is_disjoint(&delivery_ids));

    // Delivery events move ADE deliveries; a repeat and an e-mail's leave the ADE counts.
    let of = |r: &Resident| {
        sent.iter()
            .find(|m| m["to"] == r.ade.as_deref().unwrap())
            .unwrap()["id"]
            .clone()
    };
    let applied = w.events(json!([
        {"id": of(&anna), "status": "delivered"},
        {"id": of(&beata), "status": "failed", "reason": "skrzynka nieaktywna"},
    ]));
    assert_eq!(applied, 2);
    assert_eq!(w.events(json!([{"id": of(&anna), "status": "failed"}])), 0);
    assert_eq!(
        w.events(json!([{"id": emails[0]["id"], "status": "delivered"}])),
        1
    );
    let m = w.message(&id);
    assert_eq!(progress(&m, "edoreczenia"), counts(0, 1, 1, 1), "{m}");
    assert_eq!(progress(&m, "email"), counts(0, 3, 1, 0), "{m}");
}

#[test]
fn a_refused_ade_address_fails_and_a_503_is_retried_after_the_backoff() {
    let w = world(true);
    let residents: Vec<Resident> = ["Anna", "Beata", "Celina"]
        .iter()
        .map(|n| w.resident(n, false, true, &["edoreczenia"]))
        .collect();
    let refused = residents[1].ade.clone().unwrap();
    // The first batch meets a 503; later ones the gateway answers, refusing Beata's address.
    let seen = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&seen);
    let answer =
        ratusz_tests::batch_answerer(Arc::new(Mutex::new(HashSet::from([refused.clone()]))));
    w.ade.set_answerer(Arc::new(move |r: &CapturedRequest| {
        if count.fetch_add(1, Ordering::SeqCst) == 0 {
            Some((503, r#"{"error":"maintenance"}"#.to_owned()))
        } else {
            answer(r)
        }
    }));
    let id = w.create(&json!({
        "title": "Decyzja", "text": "Treść", "category": "other", "channels": ["edoreczenia"],
        "audience": {"kind": "individuals",
                     "recipient_ids": residents.iter().map(|r| r.id.clone()).collect::<Vec<_>>()},
    }));
    ratusz_tests::wait_until("the first ADE batch", Duration::from_secs(20), || {
        (!w.ade_batches().is_empty()).then_some(())
    })
    .unwrap();
    // Not before the backoff's 30 s: a tick now sends nothing.
    w.tick();
    w.settle();
    assert_eq!(w.ade_batches().len(), 1);
    let waiting = w.message(&id);
    assert_eq!(waiting["state"], "sending");
    assert_eq!(
        progress(&waiting, "edoreczenia"),
        counts(3, 0, 0, 0),
        "{waiting}"
    );

    w.app.advance_clock(31);
    w.tick();
    let done = w.wait_done(&id);
    assert_eq!(progress(&done, "edoreczenia"), counts(0, 2, 0, 1), "{done}");
    let batches = w.ade_batches();
    assert_eq!(batches.len(), 2);
    // The retry carries the same deliveries (by id), not new ones.
    let first = messages_in(&batches[..1]);
    let second = messages_in(&batches[1..]);
    assert_eq!(ids_of(&first), ids_of(&second));
    assert_eq!(ids_of(&first).len(), 3);
    // The refused one is failed for good: a later "delivered" does not revive it.
    let refused_id = second.iter().find(|m| m["to"] == refused.as_str()).unwrap()["id"].clone();
    assert_eq!(
        w.events(json!([{"id": refused_id, "status": "delivered"}])),
        0
    );
    let accepted_id = second.iter().find(|m| m["to"] != refused.as_str()).unwrap()["id"].clone();
    assert_eq!(
        w.events(json!([{"id": accepted_id, "status": "delivered"}])),
        1
    );
    let m = w.message(&id);
    assert_eq!(progress(&m, "edoreczenia"), counts(0, 1, 1, 1), "{m}");
    // Nothing is sent again however long one waits.
    w.app.advance_clock(2 * HOUR);
    w.tick();
    w.settle();
    assert_eq!(w.ade_batches().len(), 2);
}

#[test]
fn with_the_default_origin_ade_deliveries_wait_as_unanswered_and_fail_after_a_day() {
    let w = world(false);
    let residents: Vec<Resident> = ["Anna", "Beata"]
        .iter()
        .map(|n| w.resident(n, true, true, &["email", "edoreczenia"]))
        .collect();
    let message = json!({
        "title": "Zawiadomienie", "text": "Treść", "category": "event",
        "channels": ["email", "edoreczenia"],
        "audience": {"kind": "individuals",
                     "recipient_ids": residents.iter().map(|r| r.id.clone()).collect::<Vec<_>>()},
    });
    // An unconfigured adapter refuses nothing at compose time: the channel is counted and sent.
    let preview = json_of(&w.notifier.post("/api/notify/messages/preview", &message));
    assert_eq!(
        preview["audience"]["by_channel"]["edoreczenia"], 2,
        "{preview}"
    );
    let id = w.create(&message);
    let m = w.wait(&id, "e-mail sent", |m| {
        m["progress"]["by_channel"]["email"]["sent"] == 2
    });
    assert_eq!(m["state"], "sending");
    assert_eq!(progress(&m, "edoreczenia"), counts(2, 0, 0, 0), "{m}");

    // "No answer" (§ Gateways): retried with the backoff, still queued within the day...
    w.app.advance_clock(23 * HOUR);
    w.tick();
    w.settle();
    let m = w.message(&id);
    assert_eq!(m["state"], "sending");
    assert_eq!(progress(&m, "edoreczenia"), counts(2, 0, 0, 0), "{m}");
    // ...and given up past it; the message is then done, its e-mails untouched.
    w.app.advance_clock(2 * HOUR);
    w.tick();
    let done = w.wait_done(&id);
    assert_eq!(progress(&done, "edoreczenia"), counts(0, 0, 0, 2), "{done}");
    assert_eq!(progress(&done, "email"), counts(0, 2, 0, 0), "{done}");
    assert!(w.ade.requests().is_empty());
    assert!(w
        .app
        .gateway
        .requests()
        .iter()
        .all(|r| !r.path.contains("edoreczenia")));
    // The operator is told why, and neither the log nor the state holds an ADE address.
    let logs = w.app.host.logs();
    assert!(logs.contains("edoreczenia gateway"), "{logs}");
    let addresses: Vec<String> = residents
        .iter()
        .flat_map(|r| {
            let ade = r.ade.clone().unwrap();
            [ade.to_ascii_lowercase(), ade]
        })
        .collect();
    let found = occurrences(w.app.host.state_dir(), &logs, &addresses);
    assert!(found.is_empty(), "ADE addresses in plaintext: {found:#?}");
}
