//! End-to-end: the staff's side of the resident registry (docs/api/notifications.md § Staff)
//! on the real host — registration by staff with its paper consent, four eyes on verification
//! and erasure, search by exact contact and by name within a district, the person's rights
//! exercised in the office, districts and the anonymous counts; every read of personal data
//! is in the audit chain with ids only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::notify_staff::*;

fn path(id: &str, rest: &str) -> String {
    format!("/api/notify/recipients/{id}{rest}")
}

#[test]
fn staff_register_another_verifies_and_the_consent_document_is_printed_signed_and_filed() {
    let r = Registry::start();
    let body = resident("Zofia", "Żołądź", CENTRUM);
    let created = register(&r.first, &body);
    let id = str_field(&created, "id");
    assert_eq!(created["registered_by"], "staff");
    assert_eq!(created["consent_document"]["state"], "to_sign");
    assert_eq!(created["verification"], "unverified");
    assert_eq!(created["first_name"], "Zofia");
    assert_eq!(created["phone"].as_str().unwrap().len(), 12, "E.164");

    // four eyes: the registrar cannot verify, another notifier_admin can
    let own = r.first.post(
        &path(&id, "/verification"),
        &json!({ "decision": "verified" }),
    );
    assert_problem(&own, 403, "four_eyes");
    assert_eq!(json_of(&own)["params"]["rule"], "own_registration");
    let restricted = r.first.post(
        &path(&id, "/verification"),
        &json!({ "decision": "restricted", "note": "Adres do sprawdzenia" }),
    );
    assert_eq!(restricted.status, 200, "{}", restricted.text());
    assert_eq!(json_of(&restricted)["verification"], "restricted");
    let verified = r.second.post(
        &path(&id, "/verification"),
        &json!({ "decision": "verified" }),
    );
    assert_eq!(verified.status, 200, "{}", verified.text());
    assert_eq!(json_of(&verified)["verification"], "verified");
    let mut quiet_body = resident("Zenon", "Cichy", CENTRUM);
    quiet_body["quiet_hours"] = json!({ "start": "23:00", "end": "05:00" });
    assert_eq!(
        register(&r.first, &quiet_body)["quiet_hours"],
        json!({ "start": "23:00", "end": "05:00" })
    );

    // the printable consent: Polish HTML, the strict document CSP, never cached
    let doc = r.first.get(&path(&id, "/consent-document"));
    assert_eq!(doc.status, 200, "{}", doc.text());
    assert!(doc.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(doc.header("cache-control"), Some("no-store"));
    assert!(doc
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    let html = doc.text();
    for part in [
        id.as_str(),
        "Zofia",
        "Żołądź",
        "1961-05-17",
        "Centrum",
        "wersja 2026-1",
        "Data i czytelny podpis osoby wyrażającej zgodę",
    ] {
        assert!(html.contains(part), "the document shows {part}");
    }

    // to_sign → signed → archived, one step at a time
    let archived_early = r.first.post(
        &path(&id, "/consent-document"),
        &json!({ "state": "archived" }),
    );
    assert_problem(&archived_early, 409, "conflict");
    assert_eq!(
        json_of(&archived_early)["params"]["rule"],
        "consent_document_state"
    );
    let signed = r.first.post(
        &path(&id, "/consent-document"),
        &json!({ "state": "signed" }),
    );
    assert_eq!(signed.status, 200, "{}", signed.text());
    let signed = json_of(&signed);
    assert_eq!(signed["consent_document"]["state"], "signed");
    assert!(signed["consent_document"]["signed_at"].is_string());
    let again = r.first.post(
        &path(&id, "/consent-document"),
        &json!({ "state": "signed" }),
    );
    assert_problem(&again, 409, "conflict");
    let archived = r.second.post(
        &path(&id, "/consent-document"),
        &json!({ "state": "archived" }),
    );
    assert_eq!(json_of(&archived)["consent_document"]["state"], "archived");

    // every read is in the audit chain, with ids only
    let audit = r.app.audit(&r.admin);
    let reads: Vec<&Value> = audit
        .iter()
        .filter(|e| e["action"] == "recipient.read")
        .collect();
    assert!(
        reads
            .iter()
            .any(|e| e["data"]["view"] == "consent_document"
                && e["object"] == format!("recipient:{id}")),
        "the printed document is recorded: {reads:?}"
    );
    let chain = serde_json::to_string(&audit).unwrap();
    assert!(!chain.contains("Żołądź") && !chain.contains("Adres do sprawdzenia"));
    assert!(!chain.contains(body["email"].as_str().unwrap()));
}

#[test]
fn a_contact_belongs_to_one_recipient_and_a_retried_registration_creates_one() {
    let r = Registry::start();
    let body = resident("Anna", "Nowak", CENTRUM);
    let first = r
        .first
        .request("POST", "/api/notify/recipients")
        .header("idempotency-key", "rejestracja-1")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(first.status, 201, "{}", first.text());
    let retried = r
        .first
        .request("POST", "/api/notify/recipients")
        .header("idempotency-key", "rejestracja-1")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(retried.status, 201);
    assert_eq!(json_of(&retried)["id"], json_of(&first)["id"]);

    let mut other = resident("Jan", "Nowak", CENTRUM);
    other["email"] = json!(body["email"].as_str().unwrap().to_uppercase());
    let taken = r.first.post("/api/notify/recipients", &other);
    assert_problem(&taken, 409, "conflict");
    assert_eq!(json_of(&taken)["params"]["rule"], "contact_taken");
    assert_eq!(json_of(&taken)["params"]["field"], "email");
    let mut by_phone = resident("Jan", "Nowak", CENTRUM);
    by_phone["phone"] = json!(body["phone"].as_str().unwrap().replace(' ', ""));
    let taken = r.second.post("/api/notify/recipients", &by_phone);
    assert_eq!(json_of(&taken)["params"]["field"], "phone");

    let bad = r.first.post(
        "/api/notify/recipients",
        &json!({ "first_name": "", "last_name": "X", "birth_date": "2999-01-01",
                 "address": { "street": "A", "number": "1", "postal_code": "08110",
                              "district_id": "nope" } }),
    );
    assert_problem(&bad, 422, "validation_failed");
    let everyone = r.first.get_ok("/api/notify/recipients");
    assert_eq!(ids_of(&everyone).len(), 1, "nothing else was stored");
}

#[test]
fn staff_find_recipients_by_exact_contact_or_by_name_within_a_district() {
    let r = Registry::start();
    let lukasz_body = resident("Łukasz", "Wiśniewski", CENTRUM);
    let lukasz = str_field(&register(&r.first, &lukasz_body), "id");
    let anna = str_field(
        &register(&r.first, &resident("Anna", "Nowakowska", CENTRUM)),
        "id",
    );
    let zofia = str_field(
        &register(&r.first, &resident("Zofia", "Łukasiewicz", CENTRUM)),
        "id",
    );
    let elsewhere = str_field(
        &register(&r.second, &resident("Łukasz", "Nowak", STARE_MIASTO)),
        "id",
    );

    // everyone, newest first, in pages
    let all = r.first.get_ok("/api/notify/recipients");
    assert_eq!(
        ids_of(&all),
        [
            elsewhere.as_str(),
            zofia.as_str(),
            anna.as_str(),
            lukasz.as_str()
        ]
    );
    let page = r.first.get_ok("/api/notify/recipients?limit=3");
    assert_eq!(
        ids_of(&page),
        [elsewhere.as_str(), zofia.as_str(), anna.as_str()]
    );
    let cursor = str_field(&page, "next_cursor");
    let rest = r
        .first
        .get_ok(&format!("/api/notify/recipients?limit=3&cursor={cursor}"));
    assert_eq!(ids_of(&rest), [lukasz.as_str()]);
    assert!(rest["next_cursor"].is_null());
    assert_eq!(all["items"][3]["first_name"], "Łukasz");

    // exact contact through the blind index, whatever the case or spacing
    let email = lukasz_body["email"].as_str().unwrap().to_uppercase();
    let found = r
        .first
        .get_ok(&format!("/api/notify/recipients?email={email}"));
    assert_eq!(ids_of(&found), [lukasz.as_str()]);
    let phone = lukasz_body["phone"]
        .as_str()
        .unwrap()
        .replace("+48 ", "")
        .replace(' ', "%20");
    let found = r
        .first
        .get_ok(&format!("/api/notify/recipients?phone={phone}"));
    assert_eq!(ids_of(&found), [lukasz.as_str()]);
    let none = r
        .first
        .get_ok("/api/notify/recipients?email=nikt@example.pl");
    assert!(ids_of(&none).is_empty());

    // a part of a name, case and accents ignored, only within the district
    let by_name = r.first.get_ok(&format!(
        "/api/notify/recipients?district_id={CENTRUM}&name=LUKAS"
    ));
    assert_eq!(ids_of(&by_name), [zofia.as_str(), lukasz.as_str()]);
    let by_name = r.first.get_ok(&format!(
        "/api/notify/recipients?district_id={CENTRUM}&name=nowak"
    ));
    assert_eq!(ids_of(&by_name), [anna.as_str()]);
    let district = r.first.get_ok(&format!(
        "/api/notify/recipients?district_id={STARE_MIASTO}"
    ));
    assert_eq!(ids_of(&district), [elsewhere.as_str()]);

    // verification filter
    r.second.post(
        &path(&anna, "/verification"),
        &json!({ "decision": "verified" }),
    );
    let verified = r
        .first
        .get_ok("/api/notify/recipients?verification=verified");
    assert_eq!(ids_of(&verified), [anna.as_str()]);

    // refusals name the parameter
    let no_district = r.first.get("/api/notify/recipients?name=nowak");
    assert_problem(&no_district, 422, "validation_failed");
    assert_eq!(
        json_of(&no_district)["fields"]["district_id"]["code"],
        "required"
    );
    for query in [
        "email=a@b.pl&phone=600100200",
        "verification=maybe",
        "cursor=%00",
        "limit=0",
        "email=nie-mail",
    ] {
        let reply = r.first.get(&format!("/api/notify/recipients?{query}"));
        assert_problem(&reply, 422, "validation_failed");
    }
}

#[test]
fn erasure_through_staff_takes_a_second_person() {
    let r = Registry::start();
    let body = resident("Marek", "Kowalczyk", CENTRUM);
    let id = str_field(&register(&r.first, &body), "id");
    let asked = r.first.post(
        &path(&id, "/erasure"),
        &json!({ "reason": "Wniosek pisemny z 6.12." }),
    );
    assert_eq!(asked.status, 202, "{}", asked.text());
    let asked = json_of(&asked);
    assert_eq!(asked["state"], "pending");
    assert_eq!(asked["requested_by"], r.first.user_id());
    let twice = r.second.post(
        &path(&id, "/erasure"),
        &json!({ "reason": "Drugi wniosek" }),
    );
    assert_problem(&twice, 409, "conflict");
    let own = r.first.post_empty(&path(&id, "/erasure/confirm"));
    assert_problem(&own, 403, "four_eyes");
    assert_eq!(json_of(&own)["params"]["rule"], "own_request");

    // withdrawn by either person, then asked again and confirmed by the other
    assert_eq!(r.second.delete(&path(&id, "/erasure")).status, 204);
    assert_problem(
        &r.second.post_empty(&path(&id, "/erasure/confirm")),
        404,
        "not_found",
    );
    let blank = r
        .first
        .post(&path(&id, "/erasure"), &json!({ "reason": "  " }));
    assert_problem(&blank, 422, "validation_failed");
    r.first.post(
        &path(&id, "/erasure"),
        &json!({ "reason": "Wniosek pisemny" }),
    );
    let erased = r.second.post_empty(&path(&id, "/erasure/confirm"));
    assert_eq!(erased.status, 200, "{}", erased.text());
    assert_eq!(json_of(&erased)["erased"], true);

    let left = r.first.get_ok(&path(&id, ""));
    assert_eq!(left["erased"], true);
    assert!(left.get("first_name").is_none());
    assert_problem(
        &r.first.patch(&path(&id, ""), &json!({ "first_name": "X" })),
        404,
        "not_found",
    );
    assert_problem(
        &r.first.get(&path(&id, "/consent-document")),
        404,
        "not_found",
    );
    assert!(ids_of(&r.first.get_ok("/api/notify/recipients")).is_empty());
    let found = r.first.get_ok(&format!(
        "/api/notify/recipients?email={}",
        body["email"].as_str().unwrap()
    ));
    assert!(ids_of(&found).is_empty(), "the blind index is gone too");
    let stats = r.first.get_ok("/api/notify/stats");
    assert_eq!(stats["recipients"]["erased"], 1);
    assert_eq!(stats["recipients"]["total"], 0);
    // the contact is free again
    register(&r.first, &body);
}

#[test]
fn the_persons_rights_through_staff_suspend_withdraw_correct_and_send_a_code() {
    let r = Registry::start();
    let mut body = resident("Ewa", "Lis", CENTRUM);
    body["phone"] = Value::Null;
    let email = body["email"].as_str().unwrap().to_owned();
    let id = str_field(&register(&r.first, &body), "id");
    r.second.post(
        &path(&id, "/verification"),
        &json!({ "decision": "verified" }),
    );

    let until = "2099-01-01T00:00:00Z";
    let far = r
        .first
        .post(&path(&id, "/suspension"), &json!({ "until": until }));
    assert_problem(&far, 422, "validation_failed");
    let suspended = r.first.post_empty(&path(&id, "/suspension"));
    assert_eq!(suspended.status, 200, "{}", suspended.text());
    assert_eq!(json_of(&suspended)["suspended"], true);
    let resumed = r.first.delete(&path(&id, "/suspension"));
    assert_eq!(json_of(&resumed)["suspended"], false);

    // a correction of the identity undoes the verification; a channel needs its contact
    let corrected = r
        .first
        .patch(&path(&id, ""), &json!({ "last_name": "Lisowska" }));
    assert_eq!(corrected.status, 200, "{}", corrected.text());
    let corrected = json_of(&corrected);
    assert_eq!(corrected["last_name"], "Lisowska");
    assert_eq!(corrected["verification"], "unverified");
    let no_contact = r.first.patch(&path(&id, ""), &json!({ "email": null }));
    assert_problem(&no_contact, 422, "validation_failed");

    // quiet hours: the default at registration, changed and cleared at the person's request
    assert_eq!(
        corrected["quiet_hours"],
        json!({ "start": "22:00", "end": "07:00" })
    );
    let quiet = r.first.patch(
        &path(&id, ""),
        &json!({ "quiet_hours": { "start": "21:00", "end": "06:30" } }),
    );
    assert_eq!(quiet.status, 200, "{}", quiet.text());
    assert_eq!(
        r.second.get_ok(&path(&id, ""))["quiet_hours"],
        json!({ "start": "21:00", "end": "06:30" })
    );
    let same = r.first.patch(
        &path(&id, ""),
        &json!({ "quiet_hours": { "start": "06:30", "end": "06:30" } }),
    );
    assert_problem(&same, 422, "validation_failed");
    let cleared = r
        .first
        .patch(&path(&id, ""), &json!({ "quiet_hours": null }));
    assert_eq!(json_of(&cleared)["quiet_hours"], Value::Null);

    // a new code by the channel the person has
    let sms = r
        .first
        .post(&path(&id, "/code"), &json!({ "channel": "sms" }));
    assert_problem(&sms, 422, "validation_failed");
    let sent = r
        .first
        .post(&path(&id, "/code"), &json!({ "channel": "email" }));
    assert_eq!(sent.status, 202, "{}", sent.text());
    let sent = json_of(&sent);
    assert!(sent["sent_to"].as_str().unwrap().contains("***"));
    let mail = r.app.wait_emails_to(&email, 1);
    assert!(
        sms_code_in(&email_text(&mail[0])).is_some(),
        "8 digits went out"
    );
    for _ in 0..2 {
        r.first
            .post(&path(&id, "/code"), &json!({ "channel": "email" }));
    }
    let fourth = r
        .first
        .post(&path(&id, "/code"), &json!({ "channel": "email" }));
    assert_problem(&fourth, 429, "too_many_requests");

    let withdrawn = r.first.post_empty(&path(&id, "/consent-withdrawal"));
    assert_eq!(withdrawn.status, 200, "{}", withdrawn.text());
    assert_eq!(json_of(&withdrawn)["consent"]["state"], "withdrawn");
    let stats = r.first.get_ok("/api/notify/stats");
    assert_eq!(stats["recipients"]["withdrawn"], 1);
    assert_problem(
        &r.first.get(&path("01JZNOSUCHRECIPIENT0000000", "")),
        404,
        "not_found",
    );
}

#[test]
fn districts_are_unique_by_name_and_counts_are_anonymous() {
    let r = Registry::start();
    let created = r.first.post(
        "/api/notify/districts",
        &json!({ "name": "Osiedle Młynarska" }),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let district = str_field(&json_of(&created), "id");
    let dup = r.second.post(
        "/api/notify/districts",
        &json!({ "name": "osiedle młynarska" }),
    );
    assert_problem(&dup, 409, "conflict");
    assert_eq!(json_of(&dup)["params"]["rule"], "name_taken");
    let renamed = r.first.patch(
        &format!("/api/notify/districts/{district}"),
        &json!({ "name": "Młynarska" }),
    );
    assert_eq!(json_of(&renamed)["name"], "Młynarska");
    let clash = r.first.patch(
        &format!("/api/notify/districts/{district}"),
        &json!({ "name": "CENTRUM" }),
    );
    assert_eq!(json_of(&clash)["params"]["rule"], "name_taken");
    let listed = r.app.anon().get_ok("/api/notify/districts");
    assert!(listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["name"] == "Młynarska"));

    register(&r.first, &resident("Adam", "Nowy", &district));
    let notifier = r.person(&["notifier"]);
    let stats = notifier.get_ok("/api/notify/stats");
    assert_eq!(stats["recipients"]["total"], 1);
    assert_eq!(stats["recipients"]["unverified"], 1);
    let here = stats["by_district"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["district_id"] == district.as_str())
        .cloned()
        .unwrap();
    assert_eq!(here["count"], 1);
    assert!(!serde_json::to_string(&stats).unwrap().contains("Adam"));
    assert_problem(&notifier.get("/api/notify/recipients"), 403, "forbidden");
}
