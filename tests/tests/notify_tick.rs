//! End-to-end: the registry's scheduled tick erases a resident who withdrew their consent
//! from their bound device `notify_withdrawn_days` (30 by default) ago — not a day before,
//! and not when consent was given again — through the same erasure as `DELETE
//! /api/notify/me` (data and binding gone, the audit entry `recipient.erased`), a bounded
//! batch per tick (docs/api/notifications.md § The bound device, § The scheduler). A
//! withdrawal a `notifier_admin` records in the office is never erased by the tick: it opens
//! an erasure request in that staff member's name, which only a second person confirms
//! (§ Staff). The ticks are the scheduler's `POST /api/notify/tick` with the tick token; the
//! clock is the host's `--test-clock`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::notify::*;
use support::notify_staff::{register as staff_register, resident, CENTRUM};

/// The scheduler's token the host is given.
const TICK_TOKEN: &str = "notify-tick-token-0123456789abcdef";
/// Seconds in a day.
const DAY: i64 = 24 * HOUR;

fn tick(app: &App) {
    let reply = Session::with_token(&app.base(), TICK_TOKEN).post_empty("/api/notify/tick");
    assert_eq!(reply.status, 200, "{}", reply.text());
}

fn withdraw(device: &Session) {
    let reply = device.post_empty("/api/notify/me/consent-withdrawal");
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// The resident's own data as their device reads it, or the status when it cannot.
fn own_data(device: &Session) -> Result<Value, u16> {
    let reply = device.get("/api/notify/me");
    match reply.status {
        200 => Ok(json_of(&reply)),
        status => Err(status),
    }
}

/// The audit entries `action` on recipient `id`.
fn entries_of(entries: &[Value], action: &str, id: &str) -> Vec<Value> {
    entries
        .iter()
        .filter(|e| e["action"] == action && e["object"] == format!("recipient:{id}"))
        .cloned()
        .collect()
}

fn erased_by_tick(entries: &[Value], id: &str) -> Vec<Value> {
    entries_of(entries, "recipient.erased", id)
}

/// `POST /api/notify/recipients/{id}/consent-withdrawal` as `staff` (in the office).
fn withdraw_in_office(staff: &Session, id: &str) -> Value {
    let reply = staff.post_empty(&format!("/api/notify/recipients/{id}/consent-withdrawal"));
    assert_eq!(reply.status, 200, "{}", reply.text());
    json_of(&reply)
}

/// Whether staff read recipient `id` as erased.
fn is_erased(staff: &Session, id: &str) -> bool {
    staff.get_ok(&format!("/api/notify/recipients/{id}"))["erased"] == true
}

#[test]
fn a_withdrawn_resident_is_erased_thirty_days_later_not_before_and_not_after_consent_again() {
    let app = start_registry(&[("tick_token", TICK_TOKEN)]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (registrar, _) = app.active_user(&admin, &["notifier_admin"], &unit);
    let district = a_district(&app);
    let leaving = bound_resident(&app, &registration(&district, unique()));
    let staying = bound_resident(&app, &registration(&district, unique()));
    let returning = bound_resident(&app, &registration(&district, unique()));
    withdraw(&leaving.device);
    withdraw(&returning.device);

    // Day 29: nothing is due; the one who comes back gives consent again.
    app.advance_clock(29 * DAY);
    let reply = returning.device.post(
        "/api/notify/me/consent",
        &json!({ "consent_version": CONSENT_VERSION }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    tick(&app);
    let before = own_data(&leaving.device).expect("not erased on day 29");
    assert_eq!(before["consent"]["state"], "withdrawn");
    assert_eq!(before["email"], leaving.email);

    // Day 30 and an hour: the withdrawal is due.
    app.advance_clock(DAY + HOUR);
    tick(&app);
    assert_eq!(own_data(&leaving.device), Err(401), "the binding is gone");
    let staff = app.login(&registrar.email, STRONG_PASSWORD);
    let erased = staff.get_ok(&format!("/api/notify/recipients/{}", leaving.id));
    assert_eq!(erased["erased"], true, "{erased}");
    assert!(!erased.to_string().contains(&leaving.email), "{erased}");
    for kept in [&staying, &returning] {
        let data = own_data(&kept.device).expect("kept");
        assert_eq!(data["email"], kept.email);
        assert_eq!(data["consent"]["state"], "given");
    }

    // Long after: the one who gave consent again is still there; nothing is erased twice.
    app.advance_clock(40 * DAY);
    tick(&app);
    tick(&app);
    assert!(own_data(&returning.device).is_ok());
    let entries = app.audit(&app.admin());
    let leaving_entries = erased_by_tick(&entries, &leaving.id);
    assert_eq!(leaving_entries.len(), 1, "{leaving_entries:?}");
    assert_eq!(leaving_entries[0]["data"]["by"], "tick");
    assert_eq!(leaving_entries[0]["data"]["reason"], "consent_withdrawn");
    assert!(!leaving_entries[0].to_string().contains(&leaving.email));
    assert!(erased_by_tick(&entries, &returning.id).is_empty());
    assert!(erased_by_tick(&entries, &staying.id).is_empty());
}

#[test]
fn the_tick_erases_a_bounded_batch_and_the_next_tick_the_rest() {
    let app = start_registry(&[("tick_token", TICK_TOKEN), ("notify_withdrawn_days", "2")]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (registrar, staff) = app.active_user(&admin, &["notifier_admin"], &unit);
    let district = a_district(&app);
    // Withdrawn in the office first, so they are the oldest withdrawals: they must not take
    // a batch's places nor ever be erased by the tick.
    let in_office: Vec<String> = (0..2)
        .map(|_| {
            let id = str_field(
                &staff_register(&staff, &resident("Jan", "Kowalski", CENTRUM)),
                "id",
            );
            withdraw_in_office(&staff, &id);
            id
        })
        .collect();
    // One batch is 20 (ratusz_domain::notify::suspension::WITHDRAWN_ERASURE_BATCH).
    let ids: Vec<String> = (0..23)
        .map(|_| {
            let resident = bound_resident(&app, &registration(&district, unique()));
            withdraw(&resident.device);
            resident.id
        })
        .collect();
    // Counted by a fresh staff session each time (the clock moves past the idle timeout).
    let erased = || {
        let staff = app.login(&registrar.email, STRONG_PASSWORD);
        ids.iter().filter(|id| is_erased(&staff, id)).count()
    };
    // The variable says two days: a day and 23 hours is not enough.
    app.advance_clock(2 * DAY - HOUR);
    tick(&app);
    assert_eq!(erased(), 0);
    app.advance_clock(2 * HOUR);
    tick(&app);
    assert_eq!(erased(), 20, "one batch per tick");
    tick(&app);
    assert_eq!(erased(), 23, "the rest at the next tick");
    let staff = app.login(&registrar.email, STRONG_PASSWORD);
    let stats = staff.get_ok("/api/notify/stats");
    assert_eq!(stats["recipients"]["erased"], 23, "{stats}");
    for id in &in_office {
        assert!(!is_erased(&staff, id), "withdrawn in the office: {id}");
    }
}

#[test]
fn a_withdrawal_recorded_by_staff_is_never_erased_by_the_tick_but_by_a_second_person() {
    let app = start_registry(&[("tick_token", TICK_TOKEN), ("notify_withdrawn_days", "2")]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (recorder, first) = app.active_user(&admin, &["notifier_admin"], &unit);
    let (confirmer, second) = app.active_user(&admin, &["notifier_admin"], &unit);
    let district = a_district(&app);
    let own = bound_resident(&app, &registration(&district, unique()));
    let in_office = bound_resident(&app, &registration(&district, unique()));
    let kept = bound_resident(&app, &registration(&district, unique()));
    let later_own = bound_resident(&app, &registration(&district, unique()));

    withdraw(&own.device);
    // Sending stops at once: the consent state is what every send reads.
    let recorded = withdraw_in_office(&first, &in_office.id);
    assert_eq!(recorded["consent"]["state"], "withdrawn", "{recorded}");
    assert_eq!(
        own_data(&in_office.device).unwrap()["consent"]["state"],
        "withdrawn"
    );
    // The request is in the recorder's name: their own confirmation is refused, and asking
    // again finds it pending.
    let own_confirm = first.post_empty(&format!(
        "/api/notify/recipients/{}/erasure/confirm",
        in_office.id
    ));
    assert_problem(&own_confirm, 403, "four_eyes");
    assert_eq!(json_of(&own_confirm)["params"]["rule"], "own_request");
    let again = second.post(
        &format!("/api/notify/recipients/{}/erasure", in_office.id),
        &json!({ "reason": "Drugi wniosek" }),
    );
    assert_problem(&again, 409, "conflict");
    assert_eq!(json_of(&again)["params"]["rule"], "erasure_pending");
    // Recording it a second time (another person) opens no second request.
    withdraw_in_office(&second, &in_office.id);
    // Either person may withdraw such a request: the data then stays, sending stays off.
    withdraw_in_office(&first, &kept.id);
    let dropped = second.delete(&format!("/api/notify/recipients/{}/erasure", kept.id));
    assert_eq!(dropped.status, 204, "{}", dropped.text());
    // Withdrawn in the office, then by the resident from the device a day later: theirs now,
    // so the tick erases it two days after that.
    withdraw_in_office(&first, &later_own.id);
    app.advance_clock(DAY);
    withdraw(&later_own.device);

    // Two days and an hour after the first withdrawals: the resident's own one is erased.
    app.advance_clock(DAY + HOUR);
    tick(&app);
    assert_eq!(
        own_data(&own.device),
        Err(401),
        "the resident's own: erased"
    );
    assert!(
        own_data(&later_own.device).is_ok(),
        "a day and an hour of two"
    );
    app.advance_clock(DAY);
    tick(&app);
    assert_eq!(
        own_data(&later_own.device),
        Err(401),
        "theirs from the device"
    );

    // However long it waits, the tick leaves the staff-recorded ones alone.
    for _ in 0..3 {
        app.advance_clock(400 * DAY);
        tick(&app);
    }
    for waiting in [&in_office, &kept] {
        let data = own_data(&waiting.device).expect("not erased by the tick");
        assert_eq!(data["consent"]["state"], "withdrawn");
        assert_eq!(data["email"], waiting.email);
    }

    // Sessions ended while the clock ran: both sign in again. The recorder still cannot
    // confirm; the second person can, and the resident is erased.
    let first = app.login(&recorder.email, STRONG_PASSWORD);
    let second = app.login(&confirmer.email, STRONG_PASSWORD);
    let confirm = format!("/api/notify/recipients/{}/erasure/confirm", in_office.id);
    let refused = first.post_empty(&confirm);
    assert_problem(&refused, 403, "four_eyes");
    assert_eq!(json_of(&refused)["params"]["rule"], "own_request");
    let erased = second.post_empty(&confirm);
    assert_eq!(erased.status, 200, "{}", erased.text());
    assert_eq!(json_of(&erased)["erased"], true);
    assert_eq!(own_data(&in_office.device), Err(401), "the binding is gone");
    assert!(is_erased(&first, &in_office.id));
    assert!(!is_erased(&first, &kept.id), "its request was withdrawn");
    let none = second.post_empty(&format!(
        "/api/notify/recipients/{}/erasure/confirm",
        kept.id
    ));
    assert_problem(&none, 404, "not_found");

    let entries = app.audit(&app.admin());
    let requested = entries_of(&entries, "recipient.erasure_requested", &in_office.id);
    assert_eq!(requested.len(), 1, "one request: {requested:?}");
    assert_eq!(requested[0]["actor"], recorder.id);
    assert_eq!(requested[0]["data"]["reason"], "consent_withdrawn");
    let erasures = entries_of(&entries, "recipient.erased", &in_office.id);
    assert_eq!(erasures.len(), 1, "{erasures:?}");
    assert_eq!(erasures[0]["actor"], confirmer.id);
    assert_eq!(erasures[0]["data"]["by"], "staff");
    assert_eq!(erasures[0]["data"]["requested_by"], recorder.id);
    for id in [&own.id, &later_own.id] {
        let by_tick = erased_by_tick(&entries, id);
        assert_eq!(by_tick.len(), 1, "{by_tick:?}");
        assert_eq!(by_tick[0]["data"]["by"], "tick");
    }
    assert!(erased_by_tick(&entries, &kept.id).is_empty());
    let withdrawn = entries_of(&entries, "recipient.erasure_withdrawn", &kept.id);
    assert_eq!(withdrawn.len(), 1, "{withdrawn:?}");
    assert_eq!(withdrawn[0]["actor"], confirmer.id);
}
