//! End-to-end: the registry's scheduled tick erases a resident whose consent was withdrawn
//! `notify_withdrawn_days` (30 by default) ago — not a day before, and not when consent was
//! given again — through the same erasure as `DELETE /api/notify/me` (data and binding gone,
//! the audit entry `recipient.erased`), a bounded batch per tick (docs/api/notifications.md
//! § The bound device). The ticks are the scheduler's `POST /api/notify/tick` with the tick
//! token; the clock is the host's `--test-clock`.
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

fn erased_by_tick(entries: &[Value], id: &str) -> Vec<Value> {
    entries
        .iter()
        .filter(|e| e["action"] == "recipient.erased" && e["object"] == format!("recipient:{id}"))
        .cloned()
        .collect()
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
    // One batch is 20 (ratusz_domain::notify::suspension::WITHDRAWN_ERASURE_BATCH).
    let ids: Vec<String> = (0..23)
        .map(|_| {
            let id = str_field(
                &staff_register(&staff, &resident("Jan", "Kowalski", CENTRUM)),
                "id",
            );
            let reply =
                staff.post_empty(&format!("/api/notify/recipients/{id}/consent-withdrawal"));
            assert_eq!(reply.status, 200, "{}", reply.text());
            id
        })
        .collect();
    // Counted by a fresh staff session each time (the clock moves past the idle timeout).
    let erased = || {
        let staff = app.login(&registrar.email, STRONG_PASSWORD);
        ids.iter()
            .filter(|id| staff.get_ok(&format!("/api/notify/recipients/{id}"))["erased"] == true)
            .count()
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
}
