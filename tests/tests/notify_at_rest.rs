//! End-to-end: no resident's personal data in plaintext at rest (issue 15). Residents are
//! registered through the public form with marker values in every personal field, their codes
//! read at the capture gateway, their devices bound with a label, their data read and
//! corrected; then every file under the host's state directory (SQLite with its `-wal`, KV)
//! and the host's log are searched for each marker, in the form typed and the form stored.
//! None may appear: the fields are sealed one by one, e-mail and phone are found through a
//! keyed blind index, codes are kept as HMAC and device tokens as SHA-256, the outbox is
//! sealed and wiped once delivered. A resident's report (description, location, photo) and
//! the staff's note and reply on it are sealed as well.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::accounts::*;
use support::at_rest::occurrences;
use support::notify::*;

#[test]
fn registered_residents_leave_no_personal_value_in_the_state_directory_or_the_log() {
    let app = start_registry(&[]);
    let district = a_district(&app);
    let mut markers: Vec<String> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    for i in 0..3 {
        let n = unique();
        let tag = format!("Qx{n}z{i}");
        let phone_digits = format!("60{:07}", 1_234_500 + n * 10 + i);
        let body = json!({
            "first_name": format!("Zefiryna{tag}"),
            "last_name": format!("Markerowska{tag}"),
            "birth_date": "1931-07-17",
            "sex": "female",
            "address": {
                "street": format!("Ulica Znacznikowa {tag}"),
                "number": format!("{tag}/9"),
                "postal_code": "97-531",
                "district_id": district,
            },
            "email": format!("Marker.{tag}@Znacznik.example"),
            "phone": format!("{} {} {}", &phone_digits[..3], &phone_digits[3..6], &phone_digits[6..]),
            "ade_address": format!("AE:PL-{:05}-{:05}-QWERT-{:02}", 10_000 + n, 20_000 + n, i),
            "quiet_hours": { "start": format!("2{i}:1{i}"), "end": format!("0{i}:4{i}") },
            "code_channel": if i == 1 { "sms" } else { "email" },
            "consent_version": CONSENT_VERSION,
        });
        let email = body["email"].as_str().unwrap().to_owned();
        let reply = register(&app, &body);
        assert_eq!(reply.status, 202, "{}", reply.text());
        let code = if i == 1 {
            wait_code_by_sms(&app, &phone_digits, 0)
        } else {
            wait_code_by_email(&app, &email.to_lowercase(), 0)
        };
        let reply = app.anon().post(
            "/api/notify/bindings",
            &json!({ "contact": email, "code": code, "device_label": format!("Telefon{tag}") }),
        );
        assert_eq!(reply.status, 201, "{}", reply.text());
        let token = json_of(&reply)["device_token"].as_str().unwrap().to_owned();
        let device = Session::with_token(&app.base(), &token);
        let me = device.get_ok("/api/notify/me");
        assert_eq!(me["last_name"], format!("Markerowska{tag}"));
        let reply = device.patch(
            "/api/notify/me",
            &json!({ "first_name": format!("Poprawiona{tag}") }),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        markers.extend([
            format!("Zefiryna{tag}"),
            format!("Poprawiona{tag}"),
            format!("Markerowska{tag}"),
            format!("Ulica Znacznikowa {tag}"),
            format!("{tag}/9"),
            "1931-07-17".to_owned(),
            email.clone(),
            email.to_lowercase(),
            format!("+48{phone_digits}"),
            phone_digits.clone(),
            body["ade_address"].as_str().unwrap().to_owned(),
            format!("Telefon{tag}"),
            format!("2{i}:1{i}-0{i}:4{i}"),
            code,
        ]);
        tokens.push(token);
    }
    // A repeated registration (the owner is told) and a code request, both by e-mail.
    let again = app
        .anon()
        .post("/api/notify/codes", &json!({ "contact": markers[6] }));
    assert_eq!(again.status, 202);
    app.wait_emails_to(&markers[7], 2);
    // A report with a photo, a status note and a reply (issue 16): what the resident wrote,
    // where they were and what staff answered are sealed too.
    let device = Session::with_token(&app.base(), &tokens[0]);
    let tag = format!("Rz{}", unique());
    let mut photo = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    photo.extend_from_slice(format!("ZdjecieZnacznik{tag}").as_bytes());
    let uploaded = device
        .request("POST", "/api/notify/me/report-photos")
        .header("content-type", "image/png")
        .body(photo)
        .send()
        .unwrap();
    assert_eq!(uploaded.status, 201, "{}", uploaded.text());
    let reply = device.post(
        "/api/notify/me/reports",
        &json!({
            "category": "safety",
            "description": format!("OpisZgloszenia{tag} przy moim domu"),
            "location": { "lat": 51.7654321, "lon": 19.4567891, "description": format!("Podworko{tag}") },
            "photo_id": json_of(&uploaded)["photo_id"],
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let report = str_field(&json_of(&reply), "id");
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, staff) = app.active_user(&admin, &["notifier_admin"], &unit);
    let moved = staff.post(
        &format!("/api/notify/reports/{report}/status"),
        &json!({ "status": "in_progress", "note": format!("NotatkaStatusu{tag}") }),
    );
    assert_eq!(moved.status, 200, "{}", moved.text());
    let answered = staff.post(
        &format!("/api/notify/reports/{report}/replies"),
        &json!({ "text": format!("OdpowiedzUrzedu{tag}") }),
    );
    assert_eq!(answered.status, 201, "{}", answered.text());
    markers.extend([
        format!("OpisZgloszenia{tag}"),
        format!("Podworko{tag}"),
        "51.7654321".to_owned(),
        "19.4567891".to_owned(),
        format!("ZdjecieZnacznik{tag}"),
        format!("NotatkaStatusu{tag}"),
        format!("OdpowiedzUrzedu{tag}"),
    ]);
    // Let the delivery passes record what they sent, then look.
    std::thread::sleep(std::time::Duration::from_millis(500));
    markers.extend(tokens);
    let found = occurrences(app.host.state_dir(), &app.host.logs(), &markers);
    assert!(
        found.is_empty(),
        "personal data or secrets in plaintext at rest: {found:#?}"
    );
    // The search can find what is there: the seeded districts' names are plain.
    let control = occurrences(app.host.state_dir(), "", &["Piaski Zamiejskie".to_owned()]);
    assert!(!control.is_empty(), "the search reads the database files");
}
