//! End-to-end: a bound device's own data and GDPR rights (docs/api/notifications.md § The
//! bound device) on the real `notify` component — only its token opens `/api/notify/me…`
//! (a staff session is refused), correction with `null` clearing and the contact uniqueness,
//! suspension, consent withdrawn and given again, unbinding, and erasure (data and binding
//! gone, the contact free for a new registration).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::accounts::*;
use support::notify::*;

#[test]
fn only_the_device_token_opens_the_residents_own_paths_no_staff_role_does() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    let anon = app.anon();
    let paths = [
        ("GET", "/api/notify/me"),
        ("PATCH", "/api/notify/me"),
        ("DELETE", "/api/notify/me"),
        ("POST", "/api/notify/me/suspension"),
        ("DELETE", "/api/notify/me/suspension"),
        ("POST", "/api/notify/me/consent-withdrawal"),
        ("POST", "/api/notify/me/consent"),
        ("DELETE", "/api/notify/me/device"),
        ("PUT", "/api/notify/me/push-subscription"),
        ("DELETE", "/api/notify/me/push-subscription"),
        ("GET", "/api/notify/me/messages"),
    ];
    let admin = app.bootstrap_admin();
    // A session of every staff role (the administrator's is the bootstrap one).
    let unit = app.council_unit(&admin);
    let mut staff = vec![("admin".to_owned(), admin.clone())];
    for role in [
        "support",
        "clerk",
        "chair",
        "councillor",
        "director",
        "notifier",
        "notifier_admin",
    ] {
        let (_, session) = app.active_user(&admin, &[role], &unit);
        staff.push((role.to_owned(), session));
    }
    let garbage = Session::with_token(&app.base(), &format!("ntd1.{}", "A".repeat(43)));
    let malformed = Session::with_token(&app.base(), "ntd1.short");
    for (method, path) in paths {
        let body = (method != "GET" && method != "DELETE").then(|| json!({}));
        for (who, session) in [
            ("nobody", &anon),
            ("unknown token", &garbage),
            ("malformed", &malformed),
        ] {
            let reply = session.send(method, path, body.as_ref());
            assert_eq!(reply.status, 401, "{who} {method} {path}");
            assert_eq!(
                problem_code(&reply),
                "invalid_token",
                "{who} {method} {path}"
            );
        }
        // No staff session, whatever its role, reads a resident's data here.
        for (role, session) in &staff {
            let reply = session.send(method, path, body.as_ref());
            assert_eq!(reply.status, 401, "{role} {method} {path}");
            assert_eq!(
                problem_code(&reply),
                "unauthenticated",
                "{role} {method} {path}"
            );
        }
    }
    // Still there after all of that.
    assert_eq!(resident.device.get_ok("/api/notify/me")["id"], resident.id);
}

#[test]
fn a_correction_changes_the_data_and_null_clears_an_optional_field() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    let other = bound_resident(&app, &registration(&district, unique()));
    let reply = resident.device.patch(
        "/api/notify/me",
        &json!({ "last_name": "Kowalska", "phone": null, "ade_address": "ae:pl-12345-67890-abcde-12" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let me = json_of(&reply);
    assert_eq!(me["last_name"], "Kowalska");
    assert_eq!(me["phone"], serde_json::Value::Null);
    assert_eq!(me["ade_address"], "AE:PL-12345-67890-ABCDE-12");
    assert_eq!(
        me["channels"],
        json!(["email", "push"]),
        "the SMS channel left with the phone"
    );
    assert_eq!(me["verification"], "unverified");
    assert_eq!(resident.device.get_ok("/api/notify/me"), me);
    // Another recipient's e-mail is taken; the last contact cannot go; bad fields are named.
    let reply = resident
        .device
        .patch("/api/notify/me", &json!({ "email": other.email }));
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(json_of(&reply)["params"]["rule"], "contact_taken");
    assert_eq!(json_of(&reply)["params"]["field"], "email");
    let reply = resident.device.patch(
        "/api/notify/me",
        &json!({ "email": null, "ade_address": null }),
    );
    assert_eq!(reply.status, 422);
    assert_eq!(field_refusal(&reply, "email"), "one_contact_required");
    let reply = resident.device.patch(
        "/api/notify/me",
        &json!({ "birth_date": "1980-13-01", "address": { "street": "A", "number": "1", "postal_code": "08-110", "district_id": "nope" } }),
    );
    assert_eq!(reply.status, 422);
    assert_eq!(field_refusal(&reply, "birth_date"), "invalid_format");
    assert_eq!(
        field_refusal(&reply, "address.district_id"),
        "unknown_district"
    );
    let reply = resident
        .device
        .patch("/api/notify/me", &json!({ "id": "x" }));
    assert_eq!(reply.status, 422);
    // None of the refusals changed anything.
    assert_eq!(resident.device.get_ok("/api/notify/me"), me);
    // The e-mail found by the blind index is the new one only.
    let reply = resident.device.patch(
        "/api/notify/me",
        &json!({ "email": "nowy.adres@example.pl" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let anon = app.anon();
    assert_eq!(
        anon.post(
            "/api/notify/codes",
            &json!({ "contact": "nowy.adres@example.pl" })
        )
        .status,
        202
    );
    let code = wait_code_by_email(&app, "nowy.adres@example.pl", 0);
    assert_eq!(
        bind_reply(&app, &resident.email, &code).status,
        401,
        "the old e-mail is gone"
    );
    assert_eq!(bind_reply(&app, "nowy.adres@example.pl", &code).status, 201);
}

#[test]
fn suspension_until_a_time_or_until_lifted() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    let device = &resident.device;
    let reply = device.post_empty("/api/notify/me/suspension");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let me = json_of(&reply);
    assert_eq!(me["suspended"], true);
    assert_eq!(me["suspended_until"], serde_json::Value::Null);
    let reply = device.delete("/api/notify/me/suspension");
    assert_eq!(reply.status, 200);
    assert_eq!(json_of(&reply)["suspended"], false);
    let reply = device.post(
        "/api/notify/me/suspension",
        &json!({ "until": "2000-01-01T00:00:00Z" }),
    );
    assert_eq!(reply.status, 422, "the past");
    assert_eq!(json_of(&reply)["fields"]["until"]["code"], "out_of_range");
    let reply = device.post(
        "/api/notify/me/suspension",
        &json!({ "until": "2099-01-01T00:00:00Z" }),
    );
    assert_eq!(reply.status, 422, "more than ten years");
    // The next New Year in the app's time: in the future, well within ten years.
    let created = device.get_ok("/api/notify/me")["created_at"].clone();
    let year: i32 = created.as_str().unwrap()[..4].parse().unwrap();
    let until = format!("{}-01-01T00:00:00Z", year + 1);
    let reply = device.post("/api/notify/me/suspension", &json!({ "until": until }));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let me = json_of(&reply);
    assert_eq!(me["suspended"], true);
    assert!(me["suspended_until"]
        .as_str()
        .unwrap()
        .starts_with(&until[..10]));
    // It ends by itself.
    app.advance_clock(400 * DAY);
    assert_eq!(device.get_ok("/api/notify/me")["suspended"], false);
}

#[test]
fn consent_is_withdrawn_and_given_again() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    let device = &resident.device;
    let reply = device.post_empty("/api/notify/me/consent-withdrawal");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let me = json_of(&reply);
    assert_eq!(me["consent"]["state"], "withdrawn");
    assert!(me["consent"]["withdrawn_at"].is_string());
    let reply = device.post(
        "/api/notify/me/consent",
        &json!({ "consent_version": "2019-1" }),
    );
    assert_eq!(reply.status, 422);
    assert_eq!(field_refusal(&reply, "consent_version"), "consent_outdated");
    let reply = device.post(
        "/api/notify/me/consent",
        &json!({ "consent_version": CONSENT_VERSION }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let me = json_of(&reply);
    assert_eq!(me["consent"]["state"], "given");
    assert_eq!(me["consent"]["withdrawn_at"], serde_json::Value::Null);
}

#[test]
fn unbinding_ends_the_token_but_keeps_the_data() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    assert_eq!(resident.device.delete("/api/notify/me/device").status, 204);
    let reply = resident.device.get("/api/notify/me");
    assert_eq!(reply.status, 401);
    let reply = app
        .anon()
        .post("/api/notify/codes", &json!({ "contact": resident.email }));
    assert_eq!(reply.status, 202);
    let code = wait_code_by_email(&app, &resident.email, 1);
    let reply = bind_reply(&app, &resident.email, &code);
    assert_eq!(reply.status, 201);
    let again = Session::with_token(
        &app.base(),
        json_of(&reply)["device_token"].as_str().unwrap(),
    );
    let me = again.get_ok("/api/notify/me");
    assert_eq!(me["id"], resident.id);
    assert_eq!(me["device_bound"], true);
}

#[test]
fn erasure_removes_the_data_and_the_binding_and_frees_the_contact() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let body = registration(&district, unique());
    let resident = bound_resident(&app, &body);
    let reply = resident.device.delete("/api/notify/me");
    assert_eq!(reply.status, 204, "{}", reply.text());
    let reply = resident.device.get("/api/notify/me");
    assert_eq!(reply.status, 401);
    assert_eq!(problem_code(&reply), "invalid_token");
    // No code goes to an erased recipient's contact…
    let reply = app
        .anon()
        .post("/api/notify/codes", &json!({ "contact": resident.email }));
    assert_eq!(reply.status, 202);
    assert_eq!(
        settled_emails_to(&app, &resident.email),
        1,
        "only the first code"
    );
    // …and the same person may register anew, as a new recipient.
    let again = bound_resident(&app, &body);
    assert_ne!(again.id, resident.id);
    // The audit chain records the erasure by id only.
    let admin = app.bootstrap_admin();
    let entries = app.audit(&admin);
    let erased = entries
        .iter()
        .find(|e| e["action"] == "recipient.erased")
        .expect("an audit entry of the erasure");
    assert_eq!(erased["object"], format!("recipient:{}", resident.id));
    assert!(!erased.to_string().contains(&resident.email));
}

#[test]
fn quiet_hours_default_to_the_night_are_changed_cleared_and_checked() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let resident = bound_resident(&app, &registration(&district, unique()));
    let me = resident.device.get_ok("/api/notify/me");
    assert_eq!(
        me["quiet_hours"],
        json!({ "start": "22:00", "end": "07:00" }),
        "the default when the registration named none"
    );
    let reply = resident.device.patch(
        "/api/notify/me",
        &json!({ "quiet_hours": { "start": "23:30", "end": "06:15" } }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        json_of(&reply)["quiet_hours"],
        json!({ "start": "23:30", "end": "06:15" })
    );
    // Refusals name the field and change nothing.
    let cases = [
        (
            json!({ "start": "07:00", "end": "07:00" }),
            "quiet_hours",
            "quiet_hours_empty",
        ),
        (
            json!({ "start": "24:00", "end": "07:00" }),
            "quiet_hours.start",
            "invalid_format",
        ),
        (
            json!({ "start": "22:00", "end": "7:00" }),
            "quiet_hours.end",
            "invalid_format",
        ),
    ];
    for (value, field, code) in cases {
        let reply = resident
            .device
            .patch("/api/notify/me", &json!({ "quiet_hours": value }));
        assert_eq!(reply.status, 422, "{value}: {}", reply.text());
        assert_eq!(field_refusal(&reply, field), code, "{value}");
    }
    let reply = resident.device.patch(
        "/api/notify/me",
        &json!({ "quiet_hours": { "start": "22:00" } }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(
        resident.device.get_ok("/api/notify/me")["quiet_hours"],
        json!({ "start": "23:30", "end": "06:15" })
    );
    // A correction of something else keeps them; null clears them.
    let reply = resident
        .device
        .patch("/api/notify/me", &json!({ "first_name": "Urszula" }));
    assert_eq!(
        json_of(&reply)["quiet_hours"],
        json!({ "start": "23:30", "end": "06:15" })
    );
    let reply = resident
        .device
        .patch("/api/notify/me", &json!({ "quiet_hours": null }));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(json_of(&reply)["quiet_hours"], serde_json::Value::Null);
    assert_eq!(
        resident.device.get_ok("/api/notify/me")["quiet_hours"],
        serde_json::Value::Null
    );
    // A registration may choose them, or none.
    let mut body = registration(&district, unique());
    body["quiet_hours"] = json!({ "start": "20:45", "end": "08:00" });
    let chosen = bound_resident(&app, &body);
    assert_eq!(
        chosen.device.get_ok("/api/notify/me")["quiet_hours"],
        json!({ "start": "20:45", "end": "08:00" })
    );
    let mut body = registration(&district, unique());
    body["quiet_hours"] = serde_json::Value::Null;
    let none = bound_resident(&app, &body);
    assert_eq!(
        none.device.get_ok("/api/notify/me")["quiet_hours"],
        serde_json::Value::Null
    );
    let mut body = registration(&district, unique());
    body["quiet_hours"] = json!({ "start": "10:00", "end": "10:00" });
    let reply = register(&app, &body);
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(field_refusal(&reply, "quiet_hours"), "quiet_hours_empty");
}
