//! The OpenAPI document as a contract (issue 13): what the server enforces is what the
//! document says — limits, formats of cursors, the shape of bodies, and `Allow` on every 405
//! naming exactly the methods the document lists for that path. The fuzz step
//! (`api_fuzz.rs`) finds such gaps; these tests pin each fix on its own.

mod support;

use ratusz_domain::validate::limits::{PERSON_NAME_MAX, UNIT_NAME_MAX};
use serde_json::{json, Value};
use support::accounts::*;

fn allow_of(reply: &ratusz_tests::HttpReply) -> String {
    reply.header("allow").unwrap_or_default().to_owned()
}

#[test]
fn every_405_carries_allow_with_the_documented_methods_of_its_path() {
    let app = start();
    let admin = app.bootstrap_admin();
    let doc = app.anon().get_ok("/api/openapi.json");
    let documented = |path: &str| -> String {
        let mut methods: Vec<String> = doc["paths"][path]
            .as_object()
            .map(|m| m.keys().map(|k| k.to_ascii_uppercase()).collect())
            .unwrap_or_default();
        methods.sort();
        methods.join(", ")
    };
    // (method, path as sent, path as documented) — auth, voting and the platform's own routes.
    let cases = [
        ("PUT", "/api/health", "/api/health"),
        ("DELETE", "/api/users", "/api/users"),
        // A literal segment beside a parameter (`/agenda/{item}`, `/password-resets/{id}`):
        // the literal path answers only its own methods.
        (
            "DELETE",
            "/api/sessions/01HZX0000000000000000000AA/agenda/order",
            "/api/sessions/{id}/agenda/order",
        ),
        (
            "PATCH",
            "/api/sessions/01HZX0000000000000000000AA/agenda/order",
            "/api/sessions/{id}/agenda/order",
        ),
        (
            "GET",
            "/api/password-resets/claim",
            "/api/password-resets/claim",
        ),
        ("OPTIONS", "/api/sessions", "/api/sessions"),
    ];
    for (method, path, documented_path) in cases {
        let reply = admin.send(method, path, None);
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text());
        assert_eq!(
            allow_of(&reply),
            documented(documented_path),
            "{method} {path}: Allow must list the documented methods"
        );
        assert_eq!(code_of(&reply), "method_not_allowed", "{method} {path}");
    }
    // The web component (static files) says it too.
    let reply = app.anon().send("POST", "/", Some(&json!({})));
    assert_eq!(reply.status, 405, "{}", reply.text());
    assert_eq!(allow_of(&reply), "GET, HEAD");
}

#[test]
fn a_json_array_is_refused_where_the_document_says_object() {
    let app = start();
    let admin = app.bootstrap_admin();
    let id = admin.user_id();
    let before = admin.get_ok(&format!("/api/users/{id}"));
    // serde fills a struct from an array; the document says object.
    let reply = admin.patch(&format!("/api/users/{id}"), &json!([null, null]));
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(code_of(&reply), "validation_failed");
    let reply = admin.post("/api/units", &json!(["Szkoła", "school"]));
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(
        admin.get_ok(&format!("/api/users/{id}")),
        before,
        "nothing changed"
    );
}

/// The published limits are the enforced ones: a name of exactly `x-max-chars` characters
/// (padded with blanks the server trims) is accepted, one more is refused.
#[test]
fn the_document_publishes_the_limits_the_server_enforces() {
    let app = start();
    let admin = app.bootstrap_admin();
    let doc = app.anon().get_ok("/api/openapi.json");
    let schemas = &doc["components"]["schemas"];
    let first_name = &schemas["CreateUser"]["properties"]["first_name"];
    // The bound is in the pattern (blanks around a value do not count) and, as a number, in
    // `x-max-chars`.
    assert_eq!(
        first_name["x-max-chars"],
        json!(PERSON_NAME_MAX),
        "{first_name}"
    );
    assert_eq!(first_name["minLength"], json!(1), "{first_name}");
    assert!(first_name["pattern"].is_string(), "{first_name}");
    let unit_name = &schemas["UnitCreate"]["properties"]["name"];
    assert_eq!(
        unit_name["x-max-chars"],
        json!(UNIT_NAME_MAX),
        "{unit_name}"
    );
    assert!(
        schemas["UnitCreate"]["required"]
            .as_array()
            .is_some_and(|r| r.contains(&json!("name"))),
        "creating a unit needs a name"
    );

    let longest = "Ż".repeat(UNIT_NAME_MAX);
    let reply = admin.post(
        "/api/units",
        &json!({ "name": format!("  {longest} "), "kind": "school" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let reply = admin.post(
        "/api/units",
        &json!({ "name": format!("{longest}x"), "kind": "school" }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    let reply = admin.post("/api/units", &json!({ "name": " \t ", "kind": "school" }));
    assert_eq!(reply.status, 422, "{}", reply.text());
}

/// Cursors have the format the document gives them: the audit chain's is digits only (not
/// `+5`, which `u64::from_str` would take), the meetings lists' the hex of ASCII text.
#[test]
fn cursors_outside_their_published_format_are_refused() {
    let app = start();
    let admin = app.bootstrap_admin();
    let doc = app.anon().get_ok("/api/openapi.json");
    let pattern = |path: &str| -> Value {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == "cursor"))
            .map(|p| p["schema"]["pattern"].clone())
            .unwrap_or(Value::Null)
    };
    assert!(pattern("/api/audit").is_string());
    assert!(pattern("/api/sessions").is_string());
    assert!(pattern("/api/public/sessions").is_string());

    assert_eq!(admin.get("/api/audit?cursor=1").status, 200);
    let reply = admin.get("/api/audit?cursor=%2B1");
    assert_eq!(reply.status, 400, "{}", reply.text());
    // "ł|x" in hex: valid UTF-8 holding a `|`, but not what the server ever writes.
    let reply = admin.get("/api/sessions?cursor=c5827c78");
    assert_eq!(reply.status, 422, "{}", reply.text());
    let reply = admin.get("/api/sessions?cursor=617c78");
    assert_eq!(reply.status, 200, "{}", reply.text());
}
