//! End-to-end: the resident registry's public forms (docs/api/notifications.md § Public) on
//! the real `notify` component — districts and consent text, self-registration with a code
//! sent to the chosen contact (capture gateway), binding a device with it, the one answer for
//! every wrong code, the 5th wrong code burning it, the hourly code limit, the per-address
//! throttle, and bad input refused with nothing stored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::accounts::*;
use support::notify::*;

#[test]
fn districts_and_the_consent_text_are_public() {
    let app = start_registry(&[]);
    let reply = app.anon().get("/api/notify/districts");
    assert_eq!(reply.status, 200, "{}", reply.text());
    let names: Vec<String> = json_of(&reply)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"Centrum".to_owned()), "{names:?}");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    let consent = app.anon().get_ok("/api/notify/consent");
    assert_eq!(consent["version"], CONSENT_VERSION);
    assert!(consent["text_pl"].as_str().unwrap().contains("zgodę"));
    assert!(!consent["text_en"].as_str().unwrap().is_empty());
}

#[test]
fn a_registration_sends_a_code_that_binds_the_device() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let n = unique();
    let body = registration(&district, n);
    let email = body["email"].as_str().unwrap().to_owned();
    let reply = register(&app, &body);
    assert_eq!(reply.status, 202, "{}", reply.text());
    let accepted = json_of(&reply);
    assert_eq!(accepted["code_channel"], "email");
    assert_eq!(accepted["sent_to"], "a***@e***.pl");
    assert!(accepted["expires_at"].is_string());
    let code = wait_code_by_email(&app, &email, 0);
    // The contact as typed in another form still finds the recipient (blind index of the
    // normal form).
    let reply = bind_reply(
        &app,
        &email.to_uppercase(),
        &format!("{} {}", &code[..4], &code[4..]),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let bound = json_of(&reply);
    let token = bound["device_token"].as_str().unwrap();
    assert!(token.starts_with("ntd1.") && token.len() == 48, "{token}");
    let device = Session::with_token(&app.base(), token);
    let me = device.get_ok("/api/notify/me");
    assert_eq!(me["id"], bound["recipient_id"]);
    assert_eq!(me["first_name"], format!("Anna{n}"));
    assert_eq!(me["email"], email);
    assert_eq!(me["phone"].as_str().unwrap().len(), 12);
    assert!(me["phone"].as_str().unwrap().starts_with("+48"));
    assert_eq!(me["address"]["postal_code"], "08-110");
    assert_eq!(me["verification"], "unverified");
    assert_eq!(me["registered_by"], "self");
    assert_eq!(me["consent"]["state"], "given");
    assert_eq!(me["consent_document"]["state"], "not_needed");
    assert_eq!(me["device_bound"], true);
    assert_eq!(me["channels"], json!(["email", "sms", "push"]));
    // The code is used up.
    let reply = bind_reply(&app, &email, &code);
    assert_eq!(reply.status, 401);
    assert_eq!(problem_code(&reply), "invalid_code");
}

#[test]
fn a_code_by_sms_binds_with_the_phone_as_typed_otherwise() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let mut body = registration(&district, unique());
    body["phone"] = json!("600 700 801");
    body["code_channel"] = json!("sms");
    let reply = register(&app, &body);
    assert_eq!(reply.status, 202, "{}", reply.text());
    assert_eq!(json_of(&reply)["sent_to"], "+48 *** *** 801");
    let code = wait_code_by_sms(&app, "600700801", 0);
    let reply = bind_reply(&app, "+48-600-700-801", &code);
    assert_eq!(reply.status, 201, "{}", reply.text());
}

#[test]
fn a_repeated_registration_answers_the_same_and_tells_the_owner() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let body = registration(&district, unique());
    let email = body["email"].as_str().unwrap().to_owned();
    let first = register(&app, &body);
    assert_eq!(first.status, 202);
    let code = wait_code_by_email(&app, &email, 0);
    // Someone else tries the same e-mail with other data.
    let mut again = registration(&district, unique());
    again["email"] = json!(email.to_uppercase());
    let second = register(&app, &again);
    assert_eq!(second.status, 202, "{}", second.text());
    let (a, b) = (json_of(&first), json_of(&second));
    assert_eq!(a["code_channel"], b["code_channel"]);
    assert_eq!(a["sent_to"], b["sent_to"]);
    let told = app.wait_email_matching(&email, 1, |t| t.contains("Próba ponownej rejestracji"));
    assert!(
        code_in(&email_text(&told)).is_none(),
        "no code to a stranger"
    );
    // Nothing was created or replaced: the first code still binds, to the first person.
    let reply = bind_reply(&app, &email, &code);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let device = Session::with_token(
        &app.base(),
        json_of(&reply)["device_token"].as_str().unwrap(),
    );
    assert_eq!(
        device.get_ok("/api/notify/me")["first_name"],
        body["first_name"]
    );
}

#[test]
fn bad_input_is_refused_with_its_field_and_nothing_is_stored() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let n = unique();
    let good = registration(&district, n);
    let email = good["email"].as_str().unwrap().to_owned();
    let cases: Vec<(serde_json::Value, &str, &str)> = vec![
        (
            json!({"first_name": "x".repeat(101)}),
            "first_name",
            "too_long",
        ),
        (json!({"last_name": "  "}), "last_name", "required"),
        (
            json!({"birth_date": "1980-02-30"}),
            "birth_date",
            "invalid_format",
        ),
        (
            json!({"birth_date": "2999-01-01"}),
            "birth_date",
            "out_of_range",
        ),
        (
            json!({"birth_date": "02.01.1980"}),
            "birth_date",
            "invalid_format",
        ),
        (json!({"email": "anna@"}), "email", "invalid_format"),
        (json!({"phone": "12"}), "phone", "invalid_format"),
        (
            json!({"ade_address": "AE:PL-1"}),
            "ade_address",
            "invalid_format",
        ),
        (
            json!({"email": null, "phone": null}),
            "email",
            "one_contact_required",
        ),
        (
            json!({"phone": null, "code_channel": "sms"}),
            "code_channel",
            "contact_missing",
        ),
        (
            json!({"consent_version": "2020-1"}),
            "consent_version",
            "consent_outdated",
        ),
        (
            json!({"channels": ["edoreczenia"]}),
            "channels",
            "channel_without_contact",
        ),
    ];
    for (patch, field, code) in cases {
        let mut body = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let reply = register(&app, &body);
        assert_eq!(reply.status, 422, "{patch}: {}", reply.text());
        assert_eq!(problem_code(&reply), "validation_failed");
        assert_eq!(
            field_refusal(&reply, field),
            code,
            "{patch}: {}",
            reply.text()
        );
    }
    let mut body = good.clone();
    body["address"]["district_id"] = json!("01JZDSTRCT00000000000000XX");
    body["address"]["postal_code"] = json!("08110");
    let reply = register(&app, &body);
    assert_eq!(reply.status, 422);
    assert_eq!(
        field_refusal(&reply, "address.district_id"),
        "unknown_district"
    );
    assert_eq!(
        field_refusal(&reply, "address.postal_code"),
        "invalid_format"
    );
    // Unknown fields, a wrong type, a broken body, another media type, an oversized body.
    let mut body = good.clone();
    body["pesel"] = json!("80022912345");
    assert_eq!(register(&app, &body).status, 422);
    let mut body = good.clone();
    body["sex"] = json!("other");
    assert_eq!(register(&app, &body).status, 422);
    let anon = app.anon();
    let broken = anon
        .request("POST", "/api/notify/registrations")
        .header("content-type", "application/json")
        .body("{\"first_name\":")
        .send()
        .unwrap();
    assert_eq!(broken.status, 400);
    let text = anon
        .request("POST", "/api/notify/registrations")
        .header("content-type", "text/plain")
        .body(good.to_string())
        .send()
        .unwrap();
    assert_eq!(text.status, 415);
    // Over the 1 MiB body limit: the host answers before reading it all.
    let mut huge = good.clone();
    huge["street"] = json!("x".repeat(1024 * 1024));
    let huge = huge.to_string();
    let head = format!(
        "POST /api/notify/registrations HTTP/1.1\r\nhost: {}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close",
        app.host.addr(),
        huge.len()
    );
    let raw = ratusz_tests::raw_request(
        app.host.addr(),
        &head,
        huge.as_bytes(),
        std::time::Duration::from_secs(30),
    )
    .unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 413"),
        "{}",
        raw.lines().next().unwrap_or("")
    );
    // Nothing was stored: no message went out, and the same person registers as new.
    assert_eq!(settled_emails_to(&app, &email), 0);
    let resident = bound_resident(&app, &good);
    assert!(!resident.id.is_empty());
}

#[test]
fn every_wrong_code_is_the_same_401_and_the_fifth_burns_the_code() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let body = registration(&district, unique());
    let email = body["email"].as_str().unwrap().to_owned();
    assert_eq!(register(&app, &body).status, 202);
    let code = wait_code_by_email(&app, &email, 0);
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };
    for (contact, code) in [
        ("nobody.here@example.pl", code.as_str()),
        (email.as_str(), "1234"),
        ("not a contact", code.as_str()),
    ] {
        let reply = bind_reply(&app, contact, code);
        assert_eq!(reply.status, 401, "{contact} {code}");
        assert_eq!(problem_code(&reply), "invalid_code");
    }
    for _ in 0..5 {
        let reply = bind_reply(&app, &email, wrong);
        assert_eq!(reply.status, 401);
        assert_eq!(problem_code(&reply), "invalid_code");
    }
    let reply = bind_reply(&app, &email, &code);
    assert_eq!(reply.status, 401, "the 5th wrong code burned it");
    // A new code works again.
    let reply = app
        .anon()
        .post("/api/notify/codes", &json!({ "contact": email }));
    assert_eq!(reply.status, 202);
    assert_eq!(json_of(&reply), json!({}));
    let fresh = wait_code_by_email(&app, &email, 1);
    assert_eq!(bind_reply(&app, &email, &fresh).status, 201);
}

#[test]
fn codes_expire_and_a_new_one_replaces_the_old_at_most_three_an_hour() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let body = registration(&district, unique());
    let email = body["email"].as_str().unwrap().to_owned();
    assert_eq!(register(&app, &body).status, 202);
    let first = wait_code_by_email(&app, &email, 0);
    let anon = app.anon();
    // An unknown contact gets the same answer and nothing is sent.
    let reply = anon.post(
        "/api/notify/codes",
        &json!({ "contact": "nikt@example.pl" }),
    );
    assert_eq!((reply.status, json_of(&reply)), (202, json!({})));
    // Two more codes this hour (three in all), the fourth is not sent.
    for _ in 0..3 {
        let reply = anon.post("/api/notify/codes", &json!({ "contact": email }));
        assert_eq!(reply.status, 202);
    }
    let second = wait_code_by_email(&app, &email, 1);
    let third = wait_code_by_email(&app, &email, 2);
    assert_eq!(
        settled_emails_to(&app, &email),
        3,
        "the fourth code was not sent"
    );
    assert_eq!(bind_reply(&app, &email, &first).status, 401, "replaced");
    assert_eq!(bind_reply(&app, &email, &second).status, 401, "replaced");
    // After 24 hours the last code no longer works; a new one may be asked for.
    app.advance_clock(24 * HOUR);
    assert_eq!(bind_reply(&app, &email, &third).status, 401, "expired");
    let reply = anon.post("/api/notify/codes", &json!({ "contact": email }));
    assert_eq!(reply.status, 202);
    let fourth = wait_code_by_email(&app, &email, 3);
    assert_eq!(bind_reply(&app, &email, &fourth).status, 201);
    // An over-long contact is a refused field, not a silent 202.
    let reply = anon.post("/api/notify/codes", &json!({ "contact": "x".repeat(300) }));
    assert_eq!(reply.status, 422);
}

#[test]
fn the_public_forms_are_throttled_per_address() {
    let app = start_registry(&[("notify_throttle_per_address", "3")]);
    let anon = app.anon();
    for _ in 0..3 {
        let reply = anon.post(
            "/api/notify/codes",
            &json!({ "contact": "nikt@example.pl" }),
        );
        assert_eq!(reply.status, 202);
    }
    let reply = bind_reply(&app, "nikt@example.pl", "12345678");
    assert_eq!(reply.status, 429, "{}", reply.text());
    assert_eq!(problem_code(&reply), "too_many_requests");
    let retry: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    // The next window lets the address in again.
    app.advance_clock(10 * MINUTE);
    let reply = anon.post(
        "/api/notify/codes",
        &json!({ "contact": "nikt@example.pl" }),
    );
    assert_eq!(reply.status, 202);
}

#[test]
fn a_new_binding_unbinds_the_earlier_device() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let body = registration(&district, unique());
    let first = bound_resident(&app, &body);
    let reply = app
        .anon()
        .post("/api/notify/codes", &json!({ "contact": first.email }));
    assert_eq!(reply.status, 202);
    let code = wait_code_by_email(&app, &first.email, 1);
    let reply = bind_reply(&app, &first.email, &code);
    assert_eq!(reply.status, 201);
    let second = Session::with_token(
        &app.base(),
        json_of(&reply)["device_token"].as_str().unwrap(),
    );
    assert_eq!(second.get("/api/notify/me").status, 200);
    let old = first.device.get("/api/notify/me");
    assert_eq!(old.status, 401);
    assert_eq!(problem_code(&old), "invalid_token");
}
