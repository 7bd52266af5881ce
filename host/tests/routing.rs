//! Routing as real Spin 3.6.3 answers it (docs/…/platform.md § Routing): exact beats wildcard,
//! longest prefix wins, `/...` matches its bare prefix, `:param` segments, private routes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, echoed_header, get_json, matched_route, start, status_of};

/// Every route shape the app uses, each on its own component (all the probe).
const ROUTES: &str = r#"
spin_manifest_version = 2

[application]
name = "routing"

[[trigger.http]]
route = "/..."
component = "all"

[[trigger.http]]
route = "/api/..."
component = "api"

[[trigger.http]]
route = "/api/users"
component = "users"

[[trigger.http]]
route = "/api/users/:id"
component = "user"

[[trigger.http]]
route = "/api/users/:id/..."
component = "user-deep"

[[trigger.http]]
route = "/one/..."
component = "one"

[[trigger.http]]
route = "/one/two/..."
component = "one-two"

[component.all]
source = @PROBE_WASM@
[component.api]
source = @PROBE_WASM@
[component.users]
source = @PROBE_WASM@
[component.user]
source = @PROBE_WASM@
[component.user-deep]
source = @PROBE_WASM@
[component.one]
source = @PROBE_WASM@
[component.one-two]
source = @PROBE_WASM@
"#;

#[test]
fn exact_route_beats_wildcard() {
    let app = app(ROUTES);
    let host = start(&app);
    assert_eq!(matched_route(&host, "/api/users"), "/api/users");
}

#[test]
fn exact_route_also_matches_with_trailing_slash() {
    let app = app(ROUTES);
    let host = start(&app);
    assert_eq!(matched_route(&host, "/api/users/"), "/api/users");
}

#[test]
fn longest_wildcard_prefix_wins_whatever_the_manifest_order() {
    let app = app(ROUTES);
    let host = start(&app);
    assert_eq!(matched_route(&host, "/one/two/three"), "/one/two/...");
    assert_eq!(matched_route(&host, "/one/twofold"), "/one/...");
    assert_eq!(matched_route(&host, "/one"), "/one/...");
}

#[test]
fn root_wildcard_matches_root_and_anything_unrouted() {
    let app = app(ROUTES);
    let host = start(&app);
    let root = get_json(&host, "/");
    assert_eq!(echoed_header(&root, "spin-matched-route"), Some("/..."));
    assert_eq!(echoed_header(&root, "spin-path-info"), Some("/"));
    assert_eq!(matched_route(&host, "/elsewhere/deep/"), "/...");
}

#[test]
fn api_wildcard_matches_bare_prefix_and_prefix_with_slash() {
    let app = app(ROUTES);
    let host = start(&app);
    let bare = get_json(&host, "/api");
    assert_eq!(echoed_header(&bare, "spin-matched-route"), Some("/api/..."));
    assert_eq!(echoed_header(&bare, "spin-path-info"), Some(""));
    let slash = get_json(&host, "/api/");
    assert_eq!(
        echoed_header(&slash, "spin-matched-route"),
        Some("/api/...")
    );
    assert_eq!(echoed_header(&slash, "spin-path-info"), Some("/"));
}

#[test]
fn api_usersx_falls_to_api_wildcard_not_users() {
    let app = app(ROUTES);
    let host = start(&app);
    let echo = get_json(&host, "/api/usersx");
    assert_eq!(echoed_header(&echo, "spin-matched-route"), Some("/api/..."));
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some("/usersx"));
}

#[test]
fn param_route_matches_and_sets_path_match_header() {
    let app = app(ROUTES);
    let host = start(&app);
    let echo = get_json(&host, "/api/users/42");
    assert_eq!(
        echoed_header(&echo, "spin-matched-route"),
        Some("/api/users/:id")
    );
    assert_eq!(echoed_header(&echo, "spin-path-match-id"), Some("42"));
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some(""));
}

#[test]
fn deeper_param_wildcard_wins_for_deeper_paths() {
    let app = app(ROUTES);
    let host = start(&app);
    let echo = get_json(&host, "/api/users/42/posts/7");
    assert_eq!(
        echoed_header(&echo, "spin-matched-route"),
        Some("/api/users/:id/...")
    );
    assert_eq!(echoed_header(&echo, "spin-path-match-id"), Some("42"));
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some("/posts/7"));
}

#[test]
fn trailing_slash_after_param_still_matches_param_route() {
    let app = app(ROUTES);
    let host = start(&app);
    let echo = get_json(&host, "/api/users/42/");
    assert_eq!(
        echoed_header(&echo, "spin-matched-route"),
        Some("/api/users/:id")
    );
    assert_eq!(echoed_header(&echo, "spin-path-match-id"), Some("42"));
}

const EXACT_ROOT: &str = r#"
spin_manifest_version = 2

[application]
name = "exact-root"

[[trigger.http]]
route = "/"
component = "root"

[[trigger.http]]
route = "/api/..."
component = "api"

[component.root]
source = @PROBE_WASM@
[component.api]
source = @PROBE_WASM@
"#;

#[test]
fn exact_root_matches_only_root_and_reports_empty_matched_route() {
    let app = app(EXACT_ROOT);
    let host = start(&app);
    let echo = get_json(&host, "/");
    assert_eq!(echoed_header(&echo, "spin-matched-route"), Some(""));
    assert_eq!(echoed_header(&echo, "spin-raw-component-route"), Some("/"));
    assert_eq!(status_of(&host, "/other"), 404);
}

#[test]
fn unmatched_path_is_404() {
    let app = app(EXACT_ROOT);
    let host = start(&app);
    assert_eq!(status_of(&host, "/nothing/here"), 404);
    assert_eq!(status_of(&host, "/apix"), 404);
}

#[test]
fn health_endpoint_answers_200_even_under_a_catch_all_route() {
    let app = app(ROUTES);
    let host = start(&app);
    let reply = host.get("/.well-known/spin/health").unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    // The catch-all component must not have seen it (the probe answers JSON echoes).
    assert!(
        !reply.text().contains("spin-matched-route"),
        "health was routed to a component: {}",
        reply.text()
    );
}

const PRIVATE: &str = r#"
spin_manifest_version = 2

[application]
name = "private"

[[trigger.http]]
route = { private = true }
component = "hidden"

[[trigger.http]]
route = "/pub/..."
component = "public"

[component.hidden]
source = @PROBE_WASM@
key_value_stores = ["default"]

[component.public]
source = @PROBE_WASM@
key_value_stores = ["default"]
"#;

#[test]
fn private_route_is_unreachable_from_outside() {
    let app = app(PRIVATE);
    let host = start(&app);
    for path in ["/", "/atomic/default/incr/hits", "/hidden", "/private"] {
        assert_eq!(status_of(&host, path), 404, "{path}");
    }
    // The private component never ran: its counter is untouched.
    let count = get_json(&host, "/pub/atomic/default/incr/hits?delta=0");
    assert_eq!(count["value"], 0, "{count}");
}

const DUPLICATE: &str = r#"
spin_manifest_version = 2

[application]
name = "duplicate"

[[trigger.http]]
route = "/dup/..."
component = "first"

[[trigger.http]]
route = "/dup/..."
component = "second"

[component.first]
source = @PROBE_WASM@

[component.second]
source = @PROBE_WASM@
key_value_stores = ["default"]
"#;

#[test]
fn duplicate_route_last_one_wins() {
    let app = app(DUPLICATE);
    let host = start(&app);
    // Only `second` lists the store, so a successful open proves it handled the request.
    let answer = get_json(&host, "/dup/kv/default/exists/x");
    assert_eq!(answer, serde_json::json!({ "ok": true, "exists": false }));
}

#[test]
fn request_log_line_names_method_path_status_and_component() {
    let app = app(ROUTES);
    let host = start(&app);
    get_json(&host, "/api/users/42");
    let line = host
        .wait_for_request_log(std::time::Duration::from_secs(5), |l| {
            l.path == "/api/users/42"
        })
        .unwrap();
    assert_eq!(line.method, "GET");
    assert_eq!(line.status, 200);
    assert_eq!(line.component, "user");
    assert!(line.duration_ms >= 0.0);
}

#[test]
fn unrouted_request_is_logged_as_404() {
    let app = app(EXACT_ROOT);
    let host = start(&app);
    assert_eq!(status_of(&host, "/nothing"), 404);
    let line = host
        .wait_for_request_log(std::time::Duration::from_secs(5), |l| l.path == "/nothing")
        .unwrap();
    assert_eq!((line.method.as_str(), line.status), ("GET", 404));
}
