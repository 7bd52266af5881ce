//! End-to-end: the scheduler's token routes, one per component with periodic work —
//! `POST /api/system/tick` (auth), `POST /api/notify/tick`, `POST /api/chat/tick` — for Spin and
//! SpinKube, where nothing drives a private route. Each is off (404) while `tick_token` is
//! unset or too short, refuses a missing or wrong token, a person's session and a resident's
//! bound device token (401 `invalid_token`), and runs with the right one (200, the tick
//! report).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::accounts::*;
use support::notify::{a_district, bound_resident, registration};

/// The token the host is given.
const TICK_TOKEN: &str = "tick-routes-token-0123456789abcdef";

const ROUTES: [&str; 3] = ["/api/system/tick", "/api/notify/tick", "/api/chat/tick"];

#[test]
fn the_token_routes_do_not_exist_while_tick_token_is_unset_or_too_short() {
    for app in [start(), start_with(&[("tick_token", "too-short-0123")])] {
        for route in ROUTES {
            let anon = app.anon().post_empty(route);
            assert_eq!(anon.status, 404, "{route}: {}", anon.text());
            let with_token = Session::with_token(&app.base(), TICK_TOKEN).post_empty(route);
            assert_eq!(with_token.status, 404, "{route}: {}", with_token.text());
        }
    }
}

#[test]
fn the_token_routes_refuse_a_wrong_token_and_run_with_the_right_one() {
    let app = start_with(&[("tick_token", TICK_TOKEN)]);
    let admin = app.bootstrap_admin();
    let wrong = Session::with_token(&app.base(), &format!("{TICK_TOKEN}x"));
    let right = Session::with_token(&app.base(), TICK_TOKEN);
    // A resident's device token is a bearer too, and a valid one: it must not pass for the
    // scheduler's on any component (notify's own included).
    let resident = bound_resident(&app, &registration(&a_district(&app), unique()));
    assert_eq!(resident.device.get("/api/notify/me").status, 200, "bound");
    for route in ROUTES {
        for (who, session) in [
            ("nobody", &app.anon()),
            ("a wrong token", &wrong),
            ("a session", &admin),
            ("a bound device", &resident.device),
        ] {
            let reply = session.post_empty(route);
            assert_problem(&reply, 401, "invalid_token");
            assert!(!reply.text().contains(TICK_TOKEN), "{who} on {route}");
        }
        let reply = right.post_empty(route);
        assert_eq!(reply.status, 200, "{route}: {}", reply.text());
        assert!(
            json_of(&reply)["ran_at"].is_string(),
            "{route}: {}",
            reply.text()
        );
        let line = app
            .host
            .wait_for_request_log(std::time::Duration::from_secs(5), |l| {
                l.path == route && l.status == 200
            })
            .unwrap();
        assert!(
            ["auth", "notify", "messaging"].contains(&line.component.as_str()),
            "{route} served by its public component, not a private one: {}",
            line.component
        );
    }
}
