//! End-to-end: residents' reports (zgłoszenia, docs/api/notifications-messages.md § Reports)
//! on the real `notify` component — a bound resident uploads a photo and sends a report,
//! `notifier_admin` finds it first in the queue, reads it (audited), moves it and replies, and
//! the resident reads the status and the reply; another resident's report is 404; bad input
//! (too large, wrong type, a PNG labelled JPEG, coordinates out of range, a photo that is not
//! the caller's) changes nothing; the status moves follow the table; every role on every
//! endpoint; an unused photo is purged by the tick after an hour.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint};
use ratusz_tests::raw_request;
use serde_json::{json, Value};
use std::time::Duration;
use support::accounts::*;
use support::notify::*;

const TICK_TOKEN: &str = "notify-tick-token-reports-0123456789";

/// A small valid PNG's first bytes (the server checks the signature only).
fn png(marker: &str) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    bytes.extend_from_slice(marker.as_bytes());
    bytes
}

fn jpeg() -> Vec<u8> {
    vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0]
}

/// `POST /api/notify/me/report-photos` with `content_type` and `bytes`.
fn upload(device: &Session, content_type: &str, bytes: Vec<u8>) -> ratusz_tests::HttpReply {
    device
        .request("POST", "/api/notify/me/report-photos")
        .header("content-type", content_type)
        .body(bytes)
        .send()
        .unwrap()
}

fn photo_id(device: &Session, bytes: Vec<u8>) -> String {
    let reply = upload(device, "image/png", bytes);
    assert_eq!(reply.status, 201, "{}", reply.text());
    str_field(&json_of(&reply), "photo_id")
}

fn report(device: &Session, body: &Value) -> Value {
    let reply = device.post("/api/notify/me/reports", body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    json_of(&reply)
}

fn a_report(device: &Session) -> String {
    str_field(
        &report(
            device,
            &json!({ "category": "lighting", "description": "Latarnia nie świeci" }),
        ),
        "id",
    )
}

/// The app with a `notifier_admin` and two bound residents.
struct World {
    app: App,
    admin: Session,
    unit: String,
    staff: Session,
    resident: Resident,
    other: Resident,
}

fn world() -> World {
    let app = start_registry(&[("tick_token", TICK_TOKEN)]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, staff) = app.active_user(&admin, &["notifier_admin"], &unit);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    let other = bound_resident(&app, &registration(&district, unique()));
    World {
        app,
        admin,
        unit,
        staff,
        resident,
        other,
    }
}

fn status(staff: &Session, id: &str, to: &str) -> ratusz_tests::HttpReply {
    staff.post(
        &format!("/api/notify/reports/{id}/status"),
        &json!({ "status": to }),
    )
}

#[test]
fn a_resident_reports_with_a_photo_staff_take_it_up_and_reply_and_the_resident_reads_it() {
    let w = world();
    let device = &w.resident.device;
    let image = png("zdjecie-dziury");
    let photo = photo_id(device, image.clone());
    let body = json!({
        "category": "roads",
        "description": "  Dziura w jezdni przy szkole  ",
        "location": { "lat": 52.1675, "lon": 22.2901, "description": "ul. Szkolna 3" },
        "photo_id": photo,
    });
    // The same press twice (a flaky network): one report.
    let first = device
        .request("POST", "/api/notify/me/reports")
        .header("idempotency-key", "report-press-1")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(first.status, 201, "{}", first.text());
    let again = device
        .request("POST", "/api/notify/me/reports")
        .header("idempotency-key", "report-press-1")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(again.status, 201, "{}", again.text());
    let created = json_of(&first);
    assert_eq!(json_of(&again)["id"], created["id"]);
    let id = str_field(&created, "id");
    assert_eq!(created["status"], "new");
    assert_eq!(created["description"], "Dziura w jezdni przy szkole");
    assert_eq!(created["location"]["lat"], 52.1675);
    assert_eq!(created["location"]["description"], "ul. Szkolna 3");
    assert_eq!(created["photo"]["content_type"], "image/png");
    assert_eq!(created["photo"]["size"], image.len());
    assert_eq!(created["history"][0]["kind"], "created");
    assert!(created.get("recipient_id").is_none(), "{created}");
    let mine = device.get_ok("/api/notify/me/reports");
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1), "{mine}");
    let photo_reply = device.get(&format!("/api/notify/me/reports/{id}/photo"));
    assert_eq!(photo_reply.status, 200);
    assert_eq!(photo_reply.header("content-type"), Some("image/png"));
    assert_eq!(photo_reply.body, image);

    // The queue: new first, nothing personal in it.
    let queue = w.staff.get_ok("/api/notify/reports");
    let line = &queue["items"][0];
    assert_eq!(line["id"], id.as_str());
    assert_eq!(line["has_photo"], true);
    assert_eq!(line["has_location"], true);
    assert!(line.get("description").is_none(), "{line}");
    let read = w.staff.get_ok(&format!("/api/notify/reports/{id}"));
    assert_eq!(read["recipient_id"], w.resident.id.as_str());
    assert_eq!(read["description"], "Dziura w jezdni przy szkole");
    let staff_photo = w.staff.get(&format!("/api/notify/reports/{id}/photo"));
    assert_eq!(staff_photo.status, 200);
    assert_eq!(staff_photo.header("cache-control"), Some("no-store"));
    assert_eq!(staff_photo.body, image);

    let moved = w.staff.post(
        &format!("/api/notify/reports/{id}/status"),
        &json!({ "status": "in_progress", "note": "Zlecone drogowcom" }),
    );
    assert_eq!(moved.status, 200, "{}", moved.text());
    let replied = w.staff.post(
        &format!("/api/notify/reports/{id}/replies"),
        &json!({ "text": "Dziękujemy, naprawa w tym tygodniu." }),
    );
    assert_eq!(replied.status, 201, "{}", replied.text());
    let staff_view = json_of(&replied);
    let history = staff_view["history"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let kinds: Vec<&str> = history.iter().filter_map(|h| h["kind"].as_str()).collect();
    assert_eq!(kinds, ["created", "status", "reply"]);
    assert_eq!(history[0]["by"], Value::Null);
    assert_eq!(history[2]["by"]["id"], w.staff.user_id().as_str());
    assert!(!history[2]["by"]["name"].as_str().unwrap_or("").is_empty());

    // The resident reads the status and the reply, never who on the staff wrote it.
    let seen = device.get_ok(&format!("/api/notify/me/reports/{id}"));
    assert_eq!(seen["status"], "in_progress");
    assert_eq!(seen["history"][1]["status"], "in_progress");
    assert_eq!(seen["history"][1]["text"], "Zlecone drogowcom");
    assert_eq!(seen["history"][2]["kind"], "reply");
    assert_eq!(
        seen["history"][2]["text"],
        "Dziękujemy, naprawa w tym tygodniu."
    );
    assert!(seen["history"][2].get("by").is_none(), "{seen}");

    // Every staff read is in the audit chain, ids only.
    let entries = w.app.audit(&w.admin);
    let reads: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "report.read" && e["object"] == format!("report:{id}"))
        .collect();
    assert_eq!(reads.len(), 2, "the detail and the photo");
    assert!(reads
        .iter()
        .all(|e| e["actor"] == w.staff.user_id().as_str()));
    assert!(entries.iter().any(|e| e["action"] == "report.status"));
    assert!(entries.iter().any(|e| e["action"] == "report.replied"));
    let chain = entries
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !chain.contains("Dziura"),
        "no report text in the audit chain"
    );
}

#[test]
fn another_residents_report_and_photo_are_404_and_not_in_their_list() {
    let w = world();
    let photo = photo_id(&w.resident.device, png("cudze"));
    let id = str_field(
        &report(
            &w.resident.device,
            &json!({ "category": "waste", "description": "Przepełniony kosz", "photo_id": photo }),
        ),
        "id",
    );
    let other = &w.other.device;
    for path in [
        format!("/api/notify/me/reports/{id}"),
        format!("/api/notify/me/reports/{id}/photo"),
    ] {
        assert_problem(&other.get(&path), 404, "not_found");
    }
    assert_eq!(
        other.get_ok("/api/notify/me/reports")["items"],
        json!([]),
        "only one's own reports"
    );
    // Nor can they attach the first resident's upload to their own report.
    let photo2 = photo_id(&w.resident.device, png("cudze2"));
    let reply = other.post(
        "/api/notify/me/reports",
        &json!({ "category": "other", "description": "x", "photo_id": photo2 }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(field_refusal(&reply, "photo_id"), "unknown_reference");
    // A report without a photo has no photo to show.
    let bare = a_report(&w.resident.device);
    assert_problem(
        &w.resident
            .device
            .get(&format!("/api/notify/me/reports/{bare}/photo")),
        404,
        "not_found",
    );
}

#[test]
fn bad_input_is_refused_with_its_problem_and_changes_nothing() {
    let w = world();
    let device = &w.resident.device;
    // Over 10 MiB: 413, before the host reads it all (a raw request, as a client that keeps
    // sending would see the answer only after its last byte).
    let mut huge = png("duze");
    huge.resize(10 * 1024 * 1024 + 1, 0);
    let head = format!(
        "POST /api/notify/me/report-photos HTTP/1.1\r\nhost: {}\r\n\
         authorization: Bearer {}\r\ncontent-type: image/png\r\n\
         content-length: {}\r\nconnection: close",
        w.app.host.addr(),
        device.token,
        huge.len()
    );
    let raw = raw_request(w.app.host.addr(), &head, &huge, Duration::from_secs(60)).unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 413"),
        "{}",
        raw.lines().next().unwrap_or("")
    );
    // Exactly 10 MiB is a photo.
    let mut largest = jpeg();
    largest.resize(10 * 1024 * 1024, 0);
    assert_eq!(upload(device, "image/jpeg", largest).status, 201);
    // Another type, a PNG labelled JPEG, HTML labelled PNG: 415.
    for (content_type, bytes) in [
        ("image/gif", b"GIF89a\x01\0\x01\0".to_vec()),
        ("application/pdf", b"%PDF-1.7\n".to_vec()),
        ("image/jpeg", png("etykieta")),
        ("image/png", b"<html><script>alert(1)</script>".to_vec()),
        ("image/webp", jpeg()),
    ] {
        let reply = upload(device, content_type, bytes);
        assert_eq!(reply.status, 415, "{content_type}: {}", reply.text());
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json")
        );
    }
    // Coordinates out of range, a blank description, an unknown category or photo, a field
    // the contract does not have: 422 naming the field.
    let cases = [
        (
            json!({ "category": "roads", "description": "x", "location": { "lat": 90.5, "lon": 0 } }),
            "location.lat",
            "out_of_range",
        ),
        (
            json!({ "category": "roads", "description": "x", "location": { "lat": 0, "lon": -181 } }),
            "location.lon",
            "out_of_range",
        ),
        (
            json!({ "category": "roads", "description": "x", "location": { "lat": 0, "lon": 0, "description": "a".repeat(201) } }),
            "location.description",
            "too_long",
        ),
        (
            json!({ "category": "roads", "description": "   " }),
            "description",
            "required",
        ),
        (
            json!({ "category": "roads", "description": "x".repeat(4001) }),
            "description",
            "too_long",
        ),
        (
            json!({ "category": "roads", "description": "x", "photo_id": "01JNOSUCHPHOTO000000000000" }),
            "photo_id",
            "unknown_reference",
        ),
    ];
    for (body, field, code) in cases {
        let reply = device.post("/api/notify/me/reports", &body);
        assert_eq!(reply.status, 422, "{body}: {}", reply.text());
        assert_eq!(field_refusal(&reply, field), code, "{body}");
    }
    for body in [
        json!({ "category": "potholes", "description": "x" }),
        json!({ "category": "roads", "description": "x", "priority": "high" }),
    ] {
        let reply = device.post("/api/notify/me/reports", &body);
        assert_eq!(reply.status, 422, "{body}: {}", reply.text());
    }
    // A photo is used once.
    let photo = photo_id(device, png("raz"));
    let body =
        json!({ "category": "greenery", "description": "Złamane drzewo", "photo_id": photo });
    report(device, &body);
    let reply = device.post("/api/notify/me/reports", &body);
    assert_eq!(field_refusal(&reply, "photo_id"), "unknown_reference");
    // Only the one good report exists.
    let mine = device.get_ok("/api/notify/me/reports");
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1), "{mine}");
    // Staff input: a reply too long or blank, a note too long, an unknown status.
    let id = str_field(&mine["items"][0], "id");
    for (path, body, field) in [
        ("replies", json!({ "text": " " }), "text"),
        ("replies", json!({ "text": "r".repeat(2001) }), "text"),
        (
            "status",
            json!({ "status": "in_progress", "note": "n".repeat(2001) }),
            "note",
        ),
    ] {
        let reply = w
            .staff
            .post(&format!("/api/notify/reports/{id}/{path}"), &body);
        assert_eq!(reply.status, 422, "{body}: {}", reply.text());
        assert!(!field_refusal(&reply, field).is_empty(), "{}", reply.text());
    }
    let reply = w.staff.post(
        &format!("/api/notify/reports/{id}/status"),
        &json!({ "status": "closed" }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    for query in [
        "status=",
        "status=closed",
        "category=x",
        "cursor=zz",
        "limit=0",
    ] {
        let reply = w.staff.get(&format!("/api/notify/reports?{query}"));
        assert_eq!(reply.status, 422, "{query}: {}", reply.text());
    }
    let unchanged = w.staff.get_ok(&format!("/api/notify/reports/{id}"));
    assert_eq!(unchanged["status"], "new");
    assert_eq!(unchanged["history"].as_array().map(Vec::len), Some(1));
    // Unknown report: 404.
    assert_problem(
        &status(&w.staff, "01JNOSUCHREPORT00000000000", "in_progress"),
        404,
        "not_found",
    );
}

#[test]
fn status_moves_follow_the_table_and_the_queue_puts_new_reports_first() {
    let w = world();
    let device = &w.resident.device;
    let first = a_report(device);
    let second = a_report(device);
    let third = a_report(device);
    let refused = |id: &str, to: &str| {
        let reply = status(&w.staff, id, to);
        assert_eq!(reply.status, 409, "{to}: {}", reply.text());
        let body = json_of(&reply);
        assert_eq!(body["code"], "conflict");
        assert_eq!(body["params"]["rule"], "report_status");
    };
    let moved = |id: &str, to: &str| {
        let reply = status(&w.staff, id, to);
        assert_eq!(reply.status, 200, "{to}: {}", reply.text());
        assert_eq!(json_of(&reply)["status"], to);
    };
    refused(&first, "resolved");
    refused(&first, "new");
    moved(&first, "in_progress");
    refused(&first, "in_progress");
    refused(&first, "new");
    moved(&first, "resolved");
    refused(&first, "rejected");
    moved(&first, "in_progress");
    moved(&first, "rejected");
    refused(&first, "resolved");
    moved(&first, "in_progress");
    moved(&second, "rejected");

    // New first (oldest first), then the rest oldest first; pages of one follow the cursor.
    let mut seen = Vec::new();
    let mut path = "/api/notify/reports?limit=1".to_owned();
    loop {
        let page = w.staff.get_ok(&path);
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| str_field(i, "id")),
        );
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/notify/reports?limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, [third.clone(), first.clone(), second.clone()]);
    let only = w.staff.get_ok("/api/notify/reports?status=rejected");
    assert_eq!(only["items"][0]["id"], second.as_str());
    assert_eq!(only["items"].as_array().map(Vec::len), Some(1));
    let lighting = w.staff.get_ok("/api/notify/reports?category=lighting");
    assert_eq!(lighting["items"].as_array().map(Vec::len), Some(3));
    let roads = w.staff.get_ok("/api/notify/reports?category=roads");
    assert_eq!(roads["items"], json!([]));
    let history = w.staff.get_ok(&format!("/api/notify/reports/{first}"))["history"].clone();
    assert_eq!(history.as_array().map(Vec::len), Some(6), "{history}");
}

/// Path and body of a valid request to staff endpoint `e` on report `id`.
fn staff_request(e: &Endpoint, id: &str) -> (String, Option<Value>) {
    let body = match e.path {
        "/api/notify/reports/:id/status" => Some(json!({ "status": "in_progress" })),
        "/api/notify/reports/:id/replies" => Some(json!({ "text": "Odpowiedź" })),
        _ => None,
    };
    (e.path.replace(":id", id), body)
}

#[test]
fn every_role_gets_exactly_its_row_on_every_report_endpoint() {
    let w = world();
    let device = &w.resident.device;
    let staff_endpoints: Vec<&Endpoint> = endpoints::NOTIFY_REPORTS_ALL
        .iter()
        .copied()
        .filter(|e| !e.path.starts_with("/api/notify/me"))
        .collect();
    assert_eq!(staff_endpoints.len(), 5);
    let mut sessions = vec![("admin", w.admin.clone())];
    for role in [
        "notifier",
        "support",
        "clerk",
        "chair",
        "councillor",
        "director",
    ] {
        sessions.push((role, w.app.active_user(&w.admin, &[role], &w.unit).1));
    }
    // Each allowed call gets a report of its own (a status move changes it).
    for e in &staff_endpoints {
        let name = format!("{} {}", e.method.as_str(), e.path);
        let photo = photo_id(device, png("macierz"));
        let id = str_field(
            &report(
                device,
                &json!({ "category": "safety", "description": "Macierz", "photo_id": photo }),
            ),
            "id",
        );
        let (path, body) = staff_request(e, &id);
        for (role, session) in &sessions {
            let reply = session.send(e.method.as_str(), &path, body.as_ref());
            assert_eq!(reply.status, 403, "{role} on {name}: {}", reply.text());
        }
        let anonymous = w.app.anon().send(e.method.as_str(), &path, body.as_ref());
        assert_eq!(anonymous.status, 401, "nobody on {name}");
        let as_device = device.send(e.method.as_str(), &path, body.as_ref());
        assert_eq!(as_device.status, 401, "a device token on {name}");
        let allowed = w.staff.send(e.method.as_str(), &path, body.as_ref());
        assert!(
            (200..300).contains(&allowed.status),
            "notifier_admin on {name}: {} {}",
            allowed.status,
            allowed.text()
        );
    }
    // The device's paths: its own token only; no staff session, not even notifier_admin's.
    let own = a_report(device);
    let mut staff_too = sessions.clone();
    staff_too.push(("notifier_admin", w.staff.clone()));
    for e in endpoints::NOTIFY_REPORTS_ALL
        .iter()
        .filter(|e| e.path.starts_with("/api/notify/me"))
    {
        let name = format!("{} {}", e.method.as_str(), e.path);
        let path = e.path.replace(":id", &own);
        let call = |session: &Session| {
            if **e == endpoints::NOTIFY_ME_REPORT_PHOTO_UPLOAD {
                upload(session, "image/png", png("rola"))
            } else if **e == endpoints::NOTIFY_ME_REPORT_CREATE {
                session.post(&path, &json!({ "category": "other", "description": "x" }))
            } else {
                session.get(&path)
            }
        };
        for (role, session) in &staff_too {
            assert_eq!(call(session).status, 401, "{role} on {name}");
        }
        assert_eq!(call(&w.app.anon()).status, 401, "nobody on {name}");
        let expected = if path.ends_with("/photo") { 404 } else { 0 };
        let reply = call(device);
        if expected == 404 {
            // The report has no photo; the caller was let in.
            assert_eq!(reply.status, 404, "the device on {name}");
        } else {
            assert!(
                (200..300).contains(&reply.status),
                "the device on {name}: {}",
                reply.text()
            );
        }
    }
}

#[test]
fn an_unused_photo_is_purged_by_the_tick_after_an_hour() {
    let w = world();
    let device = &w.resident.device;
    let kept = photo_id(device, png("zostaje"));
    let dropped = photo_id(device, png("znika"));
    let tick = || {
        let reply = Session::with_token(&w.app.base(), TICK_TOKEN).post_empty("/api/notify/tick");
        assert_eq!(reply.status, 200, "{}", reply.text());
    };
    // Within the hour the tick leaves both.
    w.app.advance_clock(50 * 60);
    tick();
    report(
        device,
        &json!({ "category": "other", "description": "Z fotografią", "photo_id": kept }),
    );
    w.app.advance_clock(11 * 60);
    tick();
    // The pending upload is gone from the database, the used one stays.
    let db = rusqlite::Connection::open(w.app.database_path()).unwrap();
    let left: Vec<String> = db
        .prepare("SELECT id FROM notify_report_photos ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(left, std::slice::from_ref(&kept));
    let reply = device.post(
        "/api/notify/me/reports",
        &json!({ "category": "other", "description": "Za późno", "photo_id": dropped }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(field_refusal(&reply, "photo_id"), "unknown_reference");
    // The report's photo stays after the hour.
    let mine = device.get_ok("/api/notify/me/reports");
    let id = str_field(&mine["items"][0], "id");
    let photo = device.get(&format!("/api/notify/me/reports/{id}/photo"));
    assert_eq!(photo.status, 200);
    assert_eq!(photo.body, png("zostaje"));
}

#[test]
fn erasure_removes_the_residents_reports() {
    let w = world();
    let id = a_report(&w.resident.device);
    assert_eq!(
        w.staff.get(&format!("/api/notify/reports/{id}")).status,
        200
    );
    assert_eq!(w.resident.device.delete("/api/notify/me").status, 204);
    assert_problem(
        &w.staff.get(&format!("/api/notify/reports/{id}")),
        404,
        "not_found",
    );
    assert_eq!(w.staff.get_ok("/api/notify/reports")["items"], json!([]));
}

#[test]
fn a_reply_reaches_the_resident_by_their_first_chosen_channel() {
    let w = world();
    // Quiet hours off, so the test does not depend on the hour in Poland.
    let mut body = registration(&a_district(&w.app), unique());
    body["quiet_hours"] = Value::Null;
    let resident = bound_resident(&w.app, &body);
    let id = a_report(&resident.device);
    let reply = w.staff.post(
        &format!("/api/notify/reports/{id}/replies"),
        &json!({ "text": "Lampa wymieniona, dziękujemy za zgłoszenie." }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    // No push subscription: e-mail is the first chosen channel that reaches the resident.
    let batches = w
        .app
        .gateway
        .wait_for("/email/batch", 1, WAIT)
        .expect("the reply goes out through the e-mail gateway");
    let sent: Vec<Value> = batches
        .iter()
        .flat_map(|b| b["messages"].as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(sent.len(), 1, "{batches:?}");
    assert_eq!(sent[0]["to"], resident.email.as_str());
    assert_eq!(sent[0]["subject"], "Odpowiedź na Twoje zgłoszenie");
    assert!(sent[0]["text"]
        .as_str()
        .unwrap_or("")
        .contains("Lampa wymieniona, dziękujemy za zgłoszenie."));
    assert_eq!(sent[0]["category"], "other");
    // The reply is also the staff's message to one, in the audit chain with its channel.
    let entries = w.app.audit(&w.admin);
    let replied = entries
        .iter()
        .find(|e| e["action"] == "report.replied")
        .expect("the reply is audited");
    let message = replied["data"]["message_id"].as_str().unwrap_or("");
    assert!(entries.iter().any(|e| e["action"] == "message.created"
        && e["object"] == format!("message:{message}")
        && e["data"]["audience"] == "individuals"));
}
