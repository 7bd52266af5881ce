//! `--schedule "INTERVAL [COMPONENT] PATH"`: the host POSTs the path to the named component or,
//! unnamed, to every private component, periodically; private components stay unreachable
//! from outside.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, status_of};
use ratusz_tests::{wait_until, HostProcess};
use std::time::Duration;

/// A private ticker and a public reader on the same KV store. Scheduling the path
/// `/atomic/default/incr/ticks` makes the ticker count its own calls.
const ONE_PRIVATE: &str = r#"
spin_manifest_version = 2

[application]
name = "schedule"

[[trigger.http]]
route = { private = true }
component = "ticker"

[[trigger.http]]
route = "/read/..."
component = "reader"

[component.ticker]
source = @PROBE_WASM@
key_value_stores = ["default"]

[component.reader]
source = @PROBE_WASM@
key_value_stores = ["default"]
"#;

fn ticks(host: &HostProcess, key: &str) -> i64 {
    let answer = get_json(host, &format!("/read/atomic/default/incr/{key}?delta=0"));
    answer["value"]
        .as_i64()
        .unwrap_or_else(|| panic!("{answer}"))
}

#[test]
fn schedule_calls_the_single_private_component_repeatedly() {
    let app = app(ONE_PRIVATE);
    let host = host(&app)
        .schedule("1s /atomic/default/incr/ticks")
        .start()
        .unwrap();
    wait_until("two scheduled ticks", Duration::from_secs(15), || {
        (ticks(&host, "ticks") >= 2).then_some(())
    })
    .unwrap_or_else(|e| panic!("{e}\n{}", host.logs()));
}

#[test]
fn scheduled_request_is_a_post_to_the_given_path() {
    let app = app(ONE_PRIVATE);
    let host = host(&app)
        .schedule("1s /atomic/default/incr/ticks")
        .start()
        .unwrap();
    let line = host
        .wait_for_request_log(Duration::from_secs(15), |l| {
            l.path == "/atomic/default/incr/ticks"
        })
        .unwrap();
    assert_eq!(
        (line.method.as_str(), line.status, line.component.as_str()),
        ("POST", 200, "ticker")
    );
}

#[test]
fn scheduled_private_component_stays_unreachable_from_outside() {
    let app = app(ONE_PRIVATE);
    let host = host(&app)
        .schedule("1s /atomic/default/incr/ticks")
        .start()
        .unwrap();
    assert_eq!(status_of(&host, "/atomic/default/incr/ticks"), 404);
}

/// Two private components: only `tick-b` may use the store.
const TWO_PRIVATE: &str = r#"
spin_manifest_version = 2

[application]
name = "schedule-named"

[[trigger.http]]
route = { private = true }
component = "tick-a"

[[trigger.http]]
route = { private = true }
component = "tick-b"

[[trigger.http]]
route = "/read/..."
component = "reader"

[component.tick-a]
source = @PROBE_WASM@

[component.tick-b]
source = @PROBE_WASM@
key_value_stores = ["default"]

[component.reader]
source = @PROBE_WASM@
key_value_stores = ["default"]
"#;

#[test]
fn schedule_naming_a_component_calls_that_component() {
    let app = app(TWO_PRIVATE);
    let host = host(&app)
        .schedule("1s tick-b /atomic/default/incr/b-ticks")
        .start()
        .unwrap();
    // tick-a has no store: only tick-b's calls can count.
    wait_until("a tick by tick-b", Duration::from_secs(15), || {
        (ticks(&host, "b-ticks") >= 1).then_some(())
    })
    .unwrap_or_else(|e| panic!("{e}\n{}", host.logs()));
    let line = host
        .wait_for_request_log(Duration::from_secs(5), |l| {
            l.path == "/atomic/default/incr/b-ticks"
        })
        .unwrap();
    assert_eq!(line.component, "tick-b");
}

#[test]
fn schedule_without_component_calls_every_private_component() {
    let app = app(TWO_PRIVATE);
    let host = host(&app)
        .schedule("1s /atomic/default/incr/ticks")
        .start()
        .unwrap();
    // tick-b counts its calls in the store; tick-a has none, so its calls fail inside the
    // component, but the log shows the host made them.
    wait_until("a tick by tick-b", Duration::from_secs(15), || {
        (ticks(&host, "ticks") >= 1).then_some(())
    })
    .unwrap_or_else(|e| panic!("{e}\n{}", host.logs()));
    for component in ["tick-a", "tick-b"] {
        let line = host
            .wait_for_request_log(Duration::from_secs(15), |l| {
                l.path == "/atomic/default/incr/ticks" && l.component == component
            })
            .unwrap_or_else(|e| panic!("{component}: {e}\n{}", host.logs()));
        assert_eq!(line.method, "POST");
    }
}

/// Only public routes: nothing for an unnamed schedule to call.
const NO_PRIVATE: &str = r#"
spin_manifest_version = 2

[application]
name = "schedule-none"

[[trigger.http]]
route = "/read/..."
component = "reader"

[component.reader]
source = @PROBE_WASM@
key_value_stores = ["default"]
"#;

#[test]
fn schedule_without_component_is_refused_when_none_is_private() {
    let app = app(NO_PRIVATE);
    let exited = host(&app)
        .schedule("1s /atomic/default/incr/ticks")
        .run_expecting_exit(Duration::from_secs(20))
        .unwrap();
    assert!(!exited.status.success(), "{exited:?}");
}
