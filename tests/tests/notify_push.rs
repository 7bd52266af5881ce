//! End-to-end: a resident's Web Push (docs/api/notifications-messages.md § The bound device) on
//! the real host with the test push service. The public push key is the server's VAPID key;
//! a bound device stores one subscription (a new one replaces it), checked like the chat's,
//! sealed at rest (neither the endpoint nor a key in the database file), and gone with the
//! device: on `DELETE`, on unbinding, on a new binding and on erasure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{PushService, TestSubscription};
use serde_json::json;
use support::accounts::*;
use support::notify::*;

const SUBSCRIPTION: &str = "/api/notify/me/push-subscription";

/// The sealed subscription of recipient `id`'s device, if any (read-only look at the file).
fn stored(app: &App, id: &str) -> Option<String> {
    let db = rusqlite::Connection::open_with_flags(
        app.database_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    db.query_row(
        "SELECT push_subscription FROM notify_devices WHERE recipient_id = ?",
        [id],
        |row| row.get::<_, Option<String>>(0),
    )
    .ok()
    .flatten()
}

fn put(device: &Session, body: &serde_json::Value) -> ratusz_tests::HttpReply {
    device.send("PUT", SUBSCRIPTION, Some(body))
}

fn subscribe(device: &Session, sub: &TestSubscription) {
    let reply = put(device, &sub.to_json());
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(json_of(&reply), json!({}));
}

#[test]
fn a_bound_device_keeps_one_checked_sealed_subscription_that_goes_with_the_device() {
    let push = PushService::start().unwrap();
    let app = start_registry(&[("push_service_origin", &push.origin())]);
    let district = a_district(&app);

    // The key is public and the one the push service will see.
    let key = app.anon().get("/api/notify/push-key");
    assert_eq!(key.status, 200, "{}", key.text());
    let key = str_field(&json_of(&key), "vapid_public_key");
    assert_eq!(key.len(), 87, "an uncompressed P-256 point: {key}");
    let chat_key = app.bootstrap_admin().get_ok("/api/chat/push-key");
    assert_eq!(
        chat_key["vapid_public_key"], key,
        "one server, one VAPID key"
    );

    let resident = bound_resident(&app, &registration(&district, unique()));
    let first = push.subscribe("first").unwrap();
    let second = push.subscribe("second").unwrap();

    // Malformed subscriptions: 422 naming the field, nothing stored.
    let with = |endpoint: &str, p256dh: &str, auth: &str| json!({ "endpoint": endpoint, "keys": { "p256dh": p256dh, "auth": auth } });
    let cases = [
        (
            with("https://fcm.googleapis.com/x", &first.p256dh, &first.auth),
            "endpoint",
        ),
        (with("", &first.p256dh, &first.auth), "endpoint"),
        (with(&first.endpoint, "BAAA", &first.auth), "keys.p256dh"),
        (with(&first.endpoint, &first.p256dh, "short"), "keys.auth"),
    ];
    for (body, field) in cases {
        let reply = put(&resident.device, &body);
        assert_problem(&reply, 422, "validation_failed");
        assert!(
            json_of(&reply)["fields"][field].is_object(),
            "{body}: {}",
            reply.text()
        );
    }
    let reply = put(&resident.device, &json!({ "endpoint": first.endpoint }));
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(stored(&app, &resident.id), None);

    // One per device: a new subscription replaces the earlier one; sealed at rest.
    subscribe(&resident.device, &first);
    let sealed_first = stored(&app, &resident.id).expect("stored");
    subscribe(&resident.device, &second);
    let sealed_second = stored(&app, &resident.id).expect("stored");
    assert_ne!(sealed_first, sealed_second);
    assert!(
        sealed_second.starts_with("v1.r1."),
        "sealed under resident_data_keys"
    );
    let file = std::fs::read(app.database_path()).unwrap();
    let wal = std::fs::read(app.database_path().with_extension("db-wal")).unwrap_or_default();
    for secret in [
        &second.endpoint,
        &second.p256dh,
        &second.auth,
        &first.endpoint,
    ] {
        for bytes in [&file, &wal] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} in plaintext at rest"
            );
        }
    }

    // DELETE removes it (and again is still 204); the device stays bound.
    assert_eq!(resident.device.delete(SUBSCRIPTION).status, 204);
    assert_eq!(stored(&app, &resident.id), None);
    assert_eq!(resident.device.delete(SUBSCRIPTION).status, 204);
    assert_eq!(
        resident.device.get_ok("/api/notify/me")["device_bound"],
        true
    );

    // Unbinding takes it with the device; the old token no longer subscribes.
    subscribe(&resident.device, &first);
    assert_eq!(resident.device.delete("/api/notify/me/device").status, 204);
    assert_eq!(stored(&app, &resident.id), None);
    let reply = put(&resident.device, &first.to_json());
    assert_problem(&reply, 401, "invalid_token");

    // A new binding of the same resident starts without the earlier device's subscription.
    let other = bound_resident(&app, &registration(&district, unique()));
    subscribe(&other.device, &first);
    let before = app.emails_to(&other.email).len();
    let reply = app
        .anon()
        .post("/api/notify/codes", &json!({ "contact": other.email }));
    assert_eq!(reply.status, 202);
    let code = wait_code_by_email(&app, &other.email, before);
    assert_eq!(bind_reply(&app, &other.email, &code).status, 201);
    assert_eq!(stored(&app, &other.id), None, "the new device has none");

    // Erasure takes it too.
    let erased = bound_resident(&app, &registration(&district, unique()));
    subscribe(&erased.device, &second);
    assert_eq!(erased.device.delete("/api/notify/me").status, 204);
    assert_eq!(stored(&app, &erased.id), None);
}

#[test]
fn without_a_vapid_key_push_is_off_for_residents() {
    let app = start_registry(&[("vapid_private_key", "")]);
    let district = a_district(&app);
    let reply = app.anon().get("/api/notify/push-key");
    assert_problem(&reply, 404, "not_found");
    let resident = bound_resident(&app, &registration(&district, unique()));
    let reply = put(
        &resident.device,
        &json!({ "endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": { "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4", "auth": "BTBZMqHH6r4Tts7J_aSIgg" } }),
    );
    assert_problem(&reply, 404, "not_found");
}
