//! End-to-end: the residents' key rotation (docs/api/notifications.md § Administrator: keys)
//! on the real host — residents registered under keyring A, a report with its photo, note and
//! reply and a photo still waiting for its report, the host restarted on the same state with a
//! new first key for both keyrings, the administrator starts a rotation that the scheduled
//! tick moves a batch at a time (progress readable in between, a second start refused), every
//! ciphertext and blind index ends under the new keys, and after a restart with the new keys
//! alone every resident still opens and is found by e-mail and phone, the report and its photo
//! open with the same bytes and the waiting photo joins a report. Photos move in batches
//! bounded by bytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{CaptureServer, HostBuilder};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};
use support::accounts::*;
use support::notify::{bound_resident, registration, Resident};
use support::notify_staff::{register, resident as staff_body, CENTRUM};
use support::{TEST_RESIDENT_DATA_KEYS, TEST_RESIDENT_INDEX_KEY};

/// The token of `POST /api/notify/tick` in these tests.
const TICK_TOKEN: &str = "notify-keys-tick-token-0123456789abcdef";
/// The new first keys ("B"): 32 bytes each, base64url.
const DATA_KEY_B: &str = "r2:cmVzaWRlbnQtZGF0YS1rZXktQi1mb3Itcm90YXRpb24";
const INDEX_KEY_B: &str = "i2:cmVzaWRlbnQtaW5kZXgta2V5LUItZm9yLXJvdGF0aW8";
/// A third pair ("C").
const DATA_KEY_C: &str = "r3:cmVzaWRlbnQtZGF0YS1rZXktQy1mb3Itcm90YXRpb24";
const INDEX_KEY_C: &str = "i3:cmVzaWRlbnQtaW5kZXgta2V5LUMtZm9yLXJvdGF0aW8";
/// Rows per tick: small, so the progress shows between ticks.
const BATCH: &str = "2";
/// The report's description, note and reply.
const DESCRIPTION: &str = "Dziura w jezdni przy szkole";
const NOTE: &str = "Zlecone drogowcom";
const REPLY: &str = "Dziękujemy, naprawa w tym tygodniu.";

/// The app on `state` with the residents' keyrings `data_keys` and `index_key`.
fn host_with(
    state: &Path,
    gateway: &CaptureServer,
    data_keys: &str,
    index_key: &str,
) -> HostBuilder {
    support::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .variable("notify_throttle_per_address", "1000")
        .variable("notify_rotation_batch", BATCH)
        .variable("tick_token", TICK_TOKEN)
        .variable("resident_data_keys", data_keys)
        .variable("resident_index_key", index_key)
        .gateways(gateway)
        .test_clock()
        .state_dir(state)
}

fn start(builder: HostBuilder, gateway: CaptureServer) -> App {
    let host = builder
        .start()
        .expect("the app starts (run `cargo xtask build` first)");
    App { host, gateway }
}

/// Stops `app` and starts it again on the same state with other keyrings; the gateway stays.
fn restart_with(app: App, state: &Path, data_keys: &str, index_key: &str) -> App {
    let App { mut host, gateway } = app;
    host.stop().expect("the host stops");
    let builder = host_with(state, &gateway, data_keys, index_key);
    start(builder, gateway)
}

/// The same session on the restarted host.
fn moved(session: &Session, app: &App) -> Session {
    Session::with_token(&app.base(), &session.token)
}

fn keys(admin: &Session) -> Value {
    admin.get_ok("/api/notify/keys")
}

fn tick(app: &App) {
    let reply = Session::with_token(&app.base(), TICK_TOKEN).post_empty("/api/notify/tick");
    assert!(
        (200..300).contains(&reply.status),
        "tick: {} {}",
        reply.status,
        reply.text()
    );
}

/// The people of the test, as registered.
struct People {
    /// Bound through the public form.
    bound: Vec<Resident>,
    /// Registered by staff: (id, e-mail, phone).
    by_staff: Vec<(String, Option<String>, Option<String>)>,
}

fn register_people(app: &App, registrar: &Session, other: &Session) -> People {
    let district = support::notify::a_district(app);
    let bound: Vec<Resident> = (0..3)
        .map(|_| bound_resident(app, &registration(&district, unique())))
        .collect();
    let mut by_staff = Vec::new();
    for n in 0..3 {
        let mut body = staff_body("Zofia", "Żołądź", CENTRUM);
        if n == 2 {
            // a phone only
            body.as_object_mut().unwrap().remove("email");
        }
        let made = register(registrar, &body);
        by_staff.push((
            str_field(&made, "id"),
            made["email"].as_str().map(str::to_owned),
            made["phone"].as_str().map(str::to_owned),
        ));
    }
    // a pending erasure request: its reason is sealed under the residents' keyring as well
    let asked = other.post(
        &format!("/api/notify/recipients/{}/erasure", by_staff[0].0),
        &json!({ "reason": "Wniosek pisemny z 6 grudnia" }),
    );
    assert_eq!(asked.status, 202, "{}", asked.text());
    People { bound, by_staff }
}

fn count(map: &Value, kid: &str) -> u64 {
    map[kid].as_u64().unwrap_or(0)
}

fn only_key(map: &Value) -> Vec<String> {
    map.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every resident opens as staff and on their own device, and is found by e-mail and phone.
fn everyone_opens_and_is_found(app: &App, staff: &Session, people: &People) {
    for r in &people.bound {
        let mine = moved(&r.device, app).get("/api/notify/me");
        assert_eq!(mine.status, 200, "/me of {}: {}", r.id, mine.text());
        assert_eq!(json_of(&mine)["email"], r.email.as_str());
        let read = staff.get_ok(&format!("/api/notify/recipients/{}", r.id));
        assert_eq!(read["id"], r.id.as_str());
        found_by(staff, "email", &r.email, &r.id);
        let phone = json_of(&mine)["phone"].as_str().unwrap().to_owned();
        found_by(staff, "phone", &phone, &r.id);
    }
    for (id, email, phone) in &people.by_staff {
        let read = staff.get_ok(&format!("/api/notify/recipients/{id}"));
        assert_eq!(read["first_name"], "Zofia");
        assert_eq!(read["last_name"], "Żołądź");
        if let Some(email) = email {
            found_by(staff, "email", email, id);
        }
        if let Some(phone) = phone {
            found_by(staff, "phone", phone, id);
        }
    }
}

fn found_by(staff: &Session, field: &str, value: &str, id: &str) {
    let page = staff.get_ok(&format!(
        "/api/notify/recipients?{field}={}",
        url_encode(value)
    ));
    let ids: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, [id], "{field}={value}");
}

/// A PNG's first bytes (the server checks the signature only), then `marker`, padded with
/// `x` to `len` bytes when longer.
fn png(marker: &str, len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    bytes.extend_from_slice(marker.as_bytes());
    if bytes.len() < len {
        bytes.resize(len, b'x');
    }
    bytes
}

/// Uploads `bytes` as a PNG from `device`; the photo id.
fn upload_photo(device: &Session, bytes: &[u8]) -> String {
    let reply = device
        .request("POST", "/api/notify/me/report-photos")
        .header("content-type", "image/png")
        .body(bytes.to_vec())
        .send()
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    str_field(&json_of(&reply), "photo_id")
}

/// Sends a report from `device` (with `photo_id`, when given); its id.
fn send_report(device: &Session, description: &str, photo_id: Option<&str>) -> String {
    let mut body = json!({
        "category": "roads",
        "description": description,
        "location": { "lat": 52.1675, "lon": 22.2901, "description": "ul. Szkolna 3" },
    });
    if let Some(photo_id) = photo_id {
        body["photo_id"] = json!(photo_id);
    }
    let reply = device.post("/api/notify/me/reports", &body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    str_field(&json_of(&reply), "id")
}

/// A report with everything a report seals (description, location, photo, a status note, a
/// reply) and a photo still waiting for its report.
struct Filed {
    /// The report's author: an index into `People::bound`.
    author: usize,
    /// The report.
    id: String,
    /// Its photo's bytes.
    photo: Vec<u8>,
    /// Who uploaded the waiting photo: an index into `People::bound`.
    uploader: usize,
    /// The waiting photo.
    pending_id: String,
    /// Its bytes.
    pending: Vec<u8>,
}

fn file_report(staff: &Session, people: &People) -> Filed {
    let (author, uploader) = (1, 2);
    let photo = png("dziura-przed-zmiana-klucza", 0);
    let photo_id = upload_photo(&people.bound[author].device, &photo);
    let id = send_report(&people.bound[author].device, DESCRIPTION, Some(&photo_id));
    let moved = staff.post(
        &format!("/api/notify/reports/{id}/status"),
        &json!({ "status": "in_progress", "note": NOTE }),
    );
    assert_eq!(moved.status, 200, "{}", moved.text());
    let replied = staff.post(
        &format!("/api/notify/reports/{id}/replies"),
        &json!({ "text": REPLY }),
    );
    assert_eq!(replied.status, 201, "{}", replied.text());
    let pending = png("czeka-na-zgloszenie", 0);
    let pending_id = upload_photo(&people.bound[uploader].device, &pending);
    Filed {
        author,
        id,
        photo,
        uploader,
        pending_id,
        pending,
    }
}

/// The report opens for staff and for its author, texts and photo as sent.
fn the_report_opens(app: &App, staff: &Session, people: &People, filed: &Filed) {
    let id = &filed.id;
    let read = staff.get_ok(&format!("/api/notify/reports/{id}"));
    assert_eq!(read["description"], DESCRIPTION, "{read}");
    assert_eq!(read["location"]["description"], "ul. Szkolna 3");
    let texts: Vec<&str> = read["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["text"].as_str())
        .collect();
    assert_eq!(texts, [NOTE, REPLY], "{read}");
    let photo = staff.get(&format!("/api/notify/reports/{id}/photo"));
    assert_eq!(photo.status, 200, "{}", photo.text());
    assert!(
        photo.body == filed.photo,
        "the staff's photo is the one sent"
    );
    let author = moved(&people.bound[filed.author].device, app);
    let mine = author.get_ok(&format!("/api/notify/me/reports/{id}"));
    assert_eq!(mine["description"], DESCRIPTION);
    assert_eq!(mine["history"][2]["text"], REPLY);
    let photo = author.get(&format!("/api/notify/me/reports/{id}/photo"));
    assert_eq!(photo.status, 200, "{}", photo.text());
    assert!(
        photo.body == filed.photo,
        "the author's photo is the one sent"
    );
}

#[test]
fn a_rotation_moves_every_resident_to_the_new_keys_a_batch_per_tick() {
    let state = tempfile::tempdir().unwrap();
    let gateway = CaptureServer::start().expect("the capture gateway starts");
    let app = start(
        host_with(
            state.path(),
            &gateway,
            TEST_RESIDENT_DATA_KEYS,
            TEST_RESIDENT_INDEX_KEY,
        ),
        gateway,
    );
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, registrar) = app.active_user(&admin, &["notifier_admin"], &unit);
    let (_, other) = app.active_user(&admin, &["notifier_admin"], &unit);
    let people = register_people(&app, &registrar, &other);
    let filed = file_report(&registrar, &people);

    let before = keys(&admin);
    assert_eq!(before["sealing_key_id"], "r1");
    assert_eq!(before["index_key_id"], "i1");
    assert_eq!(before["rotation"], Value::Null);
    assert_eq!(only_key(&before["ciphertexts_by_key"]), ["r1"]);
    assert_eq!(only_key(&before["indexes_by_key"]), ["i1"]);
    // 6 people × 8 fields every one has (7 personal and the quiet hours) + 5 e-mails + 6 phones
    // (none with an ADE address; sex given) + 3 device labels + 1 erasure reason; the report's
    // description, location, note and reply + its photo and the waiting one
    let sealed = count(&before["ciphertexts_by_key"], "r1");
    assert_eq!(sealed, 6 * 8 + 5 + 6 + 3 + 1 + 4 + 2, "{before}");
    assert_eq!(count(&before["indexes_by_key"], "i1"), 5 + 6);

    // B in front of A: B seals and indexes from now on, A still opens and finds
    let both_data = format!("{DATA_KEY_B},{TEST_RESIDENT_DATA_KEYS}");
    let both_index = format!("{INDEX_KEY_B},{TEST_RESIDENT_INDEX_KEY}");
    let app = restart_with(app, state.path(), &both_data, &both_index);
    let (admin, registrar) = (moved(&admin, &app), moved(&registrar, &app));
    let mid = keys(&admin);
    assert_eq!(mid["sealing_key_id"], "r2");
    assert_eq!(mid["index_key_id"], "i2");
    assert_eq!(only_key(&mid["ciphertexts_by_key"]), ["r1"]);

    let started = admin.post_empty("/api/notify/keys/rotation");
    assert_eq!(started.status, 202, "{}", started.text());
    let rotation = json_of(&started);
    assert_eq!(rotation["state"], "running");
    // 6 residents, 1 report, 2 photos
    assert_eq!(
        (rotation["done"].as_u64(), rotation["total"].as_u64()),
        (Some(0), Some(9))
    );
    let again = admin.post_empty("/api/notify/keys/rotation");
    assert_problem(&again, 409, "conflict");
    assert_eq!(json_of(&again)["params"]["rule"], "rotation_running");

    // a resident corrects their data mid-rotation: sealed under B by the correction itself
    let first = &people.bound[0];
    let corrected = moved(&first.device, &app).patch(
        "/api/notify/me",
        &json!({ "address": { "street": "Kilińskiego", "number": "7", "postal_code": "08-110",
                              "district_id": support::notify::a_district(&app) } }),
    );
    assert_eq!(corrected.status, 200, "{}", corrected.text());

    // a batch per tick, progress readable in between, look-ups and reports working throughout
    let mut seen = Vec::new();
    for _ in 0..12 {
        tick(&app);
        let now = keys(&admin);
        let r = &now["rotation"];
        seen.push((
            r["done"].as_u64().unwrap(),
            r["state"].as_str().unwrap().to_owned(),
        ));
        everyone_opens_and_is_found(&app, &registrar, &people);
        the_report_opens(&app, &registrar, &people, &filed);
        if r["state"] == "done" {
            break;
        }
    }
    assert!(
        seen.iter()
            .any(|(done, state)| state == "running" && *done > 0 && *done < 9),
        "progress between ticks: {seen:?}"
    );
    let dones: Vec<u64> = seen.iter().map(|(d, _)| *d).collect();
    assert!(dones.windows(2).all(|w| w[0] <= w[1]), "{dones:?}");
    let after = keys(&admin);
    assert_eq!(after["rotation"]["state"], "done", "{seen:?}");
    assert_eq!(after["rotation"]["done"], 9);
    assert_eq!(only_key(&after["ciphertexts_by_key"]), ["r2"]);
    assert_eq!(count(&after["ciphertexts_by_key"], "r2"), sealed);
    assert_eq!(only_key(&after["indexes_by_key"]), ["i2"]);
    assert_eq!(count(&after["indexes_by_key"], "i2"), 5 + 6);
    // a finished rotation may be started again (nothing to do: done at once)
    let idle = admin.post_empty("/api/notify/keys/rotation");
    assert_eq!(idle.status, 202, "{}", idle.text());
    assert_eq!(json_of(&idle)["state"], "done");
    assert_eq!(json_of(&idle)["total"], 0);

    // A is gone: everything still opens and is found under B alone
    let app = restart_with(app, state.path(), DATA_KEY_B, INDEX_KEY_B);
    let (admin, registrar) = (moved(&admin, &app), moved(&registrar, &app));
    everyone_opens_and_is_found(&app, &registrar, &people);
    let corrected = moved(&first.device, &app).get_ok("/api/notify/me");
    assert_eq!(corrected["address"]["street"], "Kilińskiego");
    // the report and its photo open as sent, and the waiting photo joins a report and opens
    the_report_opens(&app, &registrar, &people, &filed);
    let uploader = moved(&people.bound[filed.uploader].device, &app);
    let later = send_report(&uploader, "Znak przewrócony", Some(&filed.pending_id));
    let photo = uploader.get(&format!("/api/notify/me/reports/{later}/photo"));
    assert_eq!(photo.status, 200, "{}", photo.text());
    assert!(
        photo.body == filed.pending,
        "the waiting photo is the one sent"
    );
    // the pending erasure (its reason re-sealed, counted under r2 above) is confirmed as ever
    let confirmed = registrar.post_empty(&format!(
        "/api/notify/recipients/{}/erasure/confirm",
        people.by_staff[0].0
    ));
    assert_eq!(confirmed.status, 200, "{}", confirmed.text());
    // the audit chain names the rotation, never a key or a resident's data
    let audit = app.audit(&admin);
    let actions: Vec<&str> = audit.iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(
        actions.contains(&"resident_keys.rotation_started"),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"resident_keys.rotation_done"),
        "{actions:?}"
    );
}

#[test]
fn the_scheduled_tick_drives_a_rotation_to_done_without_any_other_call() {
    let state = tempfile::tempdir().unwrap();
    let gateway = CaptureServer::start().expect("the capture gateway starts");
    let app = start(
        host_with(
            state.path(),
            &gateway,
            TEST_RESIDENT_DATA_KEYS,
            TEST_RESIDENT_INDEX_KEY,
        ),
        gateway,
    );
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, registrar) = app.active_user(&admin, &["notifier_admin"], &unit);
    for _ in 0..5 {
        register(&registrar, &staff_body("Jan", "Kowalski", CENTRUM));
    }
    let App { mut host, gateway } = app;
    host.stop().unwrap();
    let builder = host_with(
        state.path(),
        &gateway,
        &format!("{DATA_KEY_B},{TEST_RESIDENT_DATA_KEYS}"),
        &format!("{INDEX_KEY_B},{TEST_RESIDENT_INDEX_KEY}"),
    )
    .schedule("1s /internal/tick");
    let app = start(builder, gateway);
    let admin = moved(&admin, &app);
    let started = admin.post_empty("/api/notify/keys/rotation");
    assert_eq!(started.status, 202, "{}", started.text());
    assert_eq!(json_of(&started)["total"], 5);
    let deadline = Instant::now() + Duration::from_secs(60);
    let last = loop {
        let now = keys(&admin);
        if now["rotation"]["state"] == "done" || Instant::now() > deadline {
            break now;
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    assert_eq!(last["rotation"]["state"], "done", "{last}");
    assert_eq!(only_key(&last["ciphertexts_by_key"]), ["r2"]);
    assert_eq!(only_key(&last["indexes_by_key"]), ["i2"]);
}

#[test]
fn only_the_administrator_reads_the_keys_and_starts_a_rotation() {
    let app = support::notify::start_registry(&[]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let district = support::notify::a_district(&app);
    let device = bound_resident(&app, &registration(&district, unique())).device;
    let roles = [
        "support",
        "clerk",
        "chair",
        "councillor",
        "director",
        "notifier",
        "notifier_admin",
    ];
    let sessions: Vec<(&str, Session)> = roles
        .iter()
        .map(|role| (*role, app.active_user(&admin, &[role], &unit).1))
        .collect();
    let endpoints = [
        ("GET", "/api/notify/keys"),
        ("POST", "/api/notify/keys/rotation"),
    ];
    for (method, path) in endpoints {
        let ok = admin.send(method, path, None);
        assert!(
            (200..300).contains(&ok.status),
            "admin {method} {path}: {}",
            ok.text()
        );
        // the cookie session too, with its CSRF header
        let ok = admin.cookie().send(method, path, None);
        assert!(
            (200..300).contains(&ok.status),
            "admin cookie {method} {path}: {}",
            ok.text()
        );
        for (role, session) in &sessions {
            let reply = session.send(method, path, None);
            assert_eq!(
                reply.status,
                403,
                "{role} on {method} {path}: {}",
                reply.text()
            );
            assert_problem(&reply, 403, "forbidden");
        }
        assert_problem(&app.anon().send(method, path, None), 401, "unauthenticated");
        // a resident's device token is no staff session
        assert_problem(&device.send(method, path, None), 401, "unauthenticated");
    }
    // a cookie without the CSRF header changes nothing
    let no_csrf = admin
        .cookie_without_csrf()
        .post_empty("/api/notify/keys/rotation");
    assert_eq!(no_csrf.status, 403, "{}", no_csrf.text());
}

#[test]
fn a_key_dropped_too_early_is_passed_over_and_the_rotation_runs_until_it_is_back() {
    let state = tempfile::tempdir().unwrap();
    let gateway = CaptureServer::start().expect("the capture gateway starts");
    let app = start(
        host_with(
            state.path(),
            &gateway,
            TEST_RESIDENT_DATA_KEYS,
            TEST_RESIDENT_INDEX_KEY,
        ),
        gateway,
    );
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, registrar) = app.active_user(&admin, &["notifier_admin"], &unit);
    let register_two = |staff: &Session| -> Vec<String> {
        (0..2)
            .map(|_| {
                str_field(
                    &register(staff, &staff_body("Jan", "Kowalski", CENTRUM)),
                    "id",
                )
            })
            .collect()
    };
    // two under r1 (the lower ids), two under r2
    let lost = register_two(&registrar);
    let both_data = format!("{DATA_KEY_B},{TEST_RESIDENT_DATA_KEYS}");
    let both_index = format!("{INDEX_KEY_B},{TEST_RESIDENT_INDEX_KEY}");
    let app = restart_with(app, state.path(), &both_data, &both_index);
    let (admin, registrar) = (moved(&admin, &app), moved(&registrar, &app));
    let kept = register_two(&registrar);

    // r3 in front and r1 dropped too early: the r1 residents open no more, the r2 ones do
    let app = restart_with(
        app,
        state.path(),
        &format!("{DATA_KEY_C},{DATA_KEY_B}"),
        &format!("{INDEX_KEY_C},{INDEX_KEY_B}"),
    );
    let (admin, registrar) = (moved(&admin, &app), moved(&registrar, &app));
    let started = admin.post_empty("/api/notify/keys/rotation");
    assert_eq!(started.status, 202, "{}", started.text());
    assert_eq!(json_of(&started)["total"], 4);
    // a batch of the two lost ones, a batch of the two kept ones, the end of the pass
    for _ in 0..3 {
        tick(&app);
    }
    let stuck = keys(&admin);
    assert_eq!(stuck["rotation"]["state"], "running", "{stuck}");
    assert_eq!(
        stuck["rotation"]["done"], 2,
        "the lost ones do not stall the rest"
    );
    assert_eq!(only_key(&stuck["ciphertexts_by_key"]), ["r1", "r3"]);
    for id in &kept {
        let read = registrar.get_ok(&format!("/api/notify/recipients/{id}"));
        assert_eq!(read["last_name"], "Kowalski");
    }
    let named = |logs: &str| {
        lost.iter()
            .all(|id| logs.contains(&format!("key rotation: recipient {id}")))
    };
    // (the host's stderr is read by another thread: give it a moment)
    let deadline = Instant::now() + Duration::from_secs(10);
    while !named(&app.host.logs()) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let logs = app.host.logs();
    assert!(named(&logs), "the lost ones are named in the log: {logs}");

    // r1 back behind the others: the next pass finishes, and everyone opens
    let app = restart_with(
        app,
        state.path(),
        &format!("{DATA_KEY_C},{DATA_KEY_B},{TEST_RESIDENT_DATA_KEYS}"),
        &format!("{INDEX_KEY_C},{INDEX_KEY_B},{TEST_RESIDENT_INDEX_KEY}"),
    );
    let (admin, registrar) = (moved(&admin, &app), moved(&registrar, &app));
    for _ in 0..3 {
        tick(&app);
    }
    let after = keys(&admin);
    assert_eq!(after["rotation"]["state"], "done", "{after}");
    assert_eq!(after["rotation"]["done"], 4);
    assert_eq!(only_key(&after["ciphertexts_by_key"]), ["r3"]);
    assert_eq!(only_key(&after["indexes_by_key"]), ["i3"]);
    for id in lost.iter().chain(&kept) {
        let read = registrar.get_ok(&format!("/api/notify/recipients/{id}"));
        assert_eq!(read["last_name"], "Kowalski");
    }
}

#[test]
fn photos_move_in_batches_bounded_by_bytes_and_open_under_the_new_key_alone() {
    let state = tempfile::tempdir().unwrap();
    let gateway = CaptureServer::start().expect("the capture gateway starts");
    let app = start(
        host_with(
            state.path(),
            &gateway,
            TEST_RESIDENT_DATA_KEYS,
            TEST_RESIDENT_INDEX_KEY,
        ),
        gateway,
    );
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, staff) = app.active_user(&admin, &["notifier_admin"], &unit);
    let district = support::notify::a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    // 9 MiB each: the two together are over the 16 MiB one batch re-seals, though the batch's
    // row limit (2) would take both
    let big = |marker: &str| png(marker, 9 * 1024 * 1024);
    let (first, second) = (big("pierwsze"), big("drugie"));
    let first_id = upload_photo(&resident.device, &first);
    let report = send_report(&resident.device, DESCRIPTION, Some(&first_id));
    let second_id = upload_photo(&resident.device, &second);

    let both_data = format!("{DATA_KEY_B},{TEST_RESIDENT_DATA_KEYS}");
    let both_index = format!("{INDEX_KEY_B},{TEST_RESIDENT_INDEX_KEY}");
    let app = restart_with(app, state.path(), &both_data, &both_index);
    let (admin, staff) = (moved(&admin, &app), moved(&staff, &app));
    let started = admin.post_empty("/api/notify/keys/rotation");
    assert_eq!(started.status, 202, "{}", started.text());
    // the resident, the report, the two photos
    assert_eq!(json_of(&started)["total"], 4);
    let mut dones = Vec::new();
    for _ in 0..8 {
        tick(&app);
        let now = keys(&admin);
        dones.push(now["rotation"]["done"].as_u64().unwrap());
        if now["rotation"]["state"] == "done" {
            break;
        }
    }
    // the resident, the report, then one photo per tick: never both in one batch
    assert_eq!(dones, [1, 2, 3, 4], "done after each tick");
    let after = keys(&admin);
    assert_eq!(after["rotation"]["state"], "done", "{after}");
    assert_eq!(only_key(&after["ciphertexts_by_key"]), ["r2"]);

    let app = restart_with(app, state.path(), DATA_KEY_B, INDEX_KEY_B);
    let (staff, device) = (moved(&staff, &app), moved(&resident.device, &app));
    let read = staff.get_ok(&format!("/api/notify/reports/{report}"));
    assert_eq!(read["description"], DESCRIPTION);
    let photo = staff.get(&format!("/api/notify/reports/{report}/photo"));
    assert_eq!(photo.status, 200, "{}", photo.text());
    assert!(photo.body == first, "the first photo opens as sent");
    let later = send_report(&device, "Drugie zgłoszenie", Some(&second_id));
    let photo = device.get(&format!("/api/notify/me/reports/{later}/photo"));
    assert_eq!(photo.status, 200, "{}", photo.text());
    assert!(photo.body == second, "the second photo opens as sent");
}
