//! End-to-end: `notifier`'s message templates (docs/api/notifications-messages.md § Staff:
//! `notifier`) on the real `notify` component — a notifier keeps, lists, reads, changes and
//! deletes templates (each change audited); a name is unique whatever its case (409
//! `name_taken`), also on a rename; bad input (an unknown placeholder, limits, duplicate
//! channels, an `http` link, unknown fields, broken JSON, no CSRF header) is refused with the
//! field named and changes nothing; and every role on every template endpoint gets exactly
//! its row: the notifier 2xx, every other staff role 403 (`notifier_admin` too: templates are
//! for composing), nobody 401, a resident's device token 401.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint};
use serde_json::{json, Value};
use support::accounts::*;
use support::notify::*;

/// The app with an administrator, the council unit and a notifier.
struct World {
    app: App,
    admin: Session,
    unit: String,
    notifier: Session,
}

fn world() -> World {
    let app = start_registry(&[]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, notifier) = app.active_user(&admin, &["notifier"], &unit);
    World {
        app,
        admin,
        unit,
        notifier,
    }
}

fn water(name: &str) -> Value {
    json!({
        "name": name,
        "title": "Przerwa w dostawie wody: ((district))",
        "text": "Dzień dobry ((first_name)) ((last_name)),\njutro 8:00–14:00 nie będzie wody.",
        "category": "warning",
        "link": "https://siedlce.pl/woda",
        "channels": ["sms", "email"]
    })
}

fn create(staff: &Session, body: &Value) -> Value {
    let reply = staff.post("/api/notify/templates", body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    json_of(&reply)
}

fn names(staff: &Session) -> Vec<String> {
    let list = staff.get_ok("/api/notify/templates");
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| str_field(t, "name"))
        .collect()
}

fn field<'a>(reply: &'a Value, name: &str) -> &'a Value {
    &reply["fields"][name]
}

#[test]
fn a_notifier_keeps_changes_and_deletes_templates() {
    let w = world();
    let staff = &w.notifier;
    assert_eq!(names(staff), Vec::<String>::new());

    let made = create(staff, &water("  Woda – awaria  "));
    let id = str_field(&made, "id");
    assert_eq!(made["name"], "Woda – awaria", "the name is trimmed");
    assert_eq!(made["title"], "Przerwa w dostawie wody: ((district))");
    assert_eq!(made["channels"], json!(["sms", "email"]));
    assert_eq!(made["category"], "warning");
    assert_eq!(made["link"], "https://siedlce.pl/woda");
    assert_eq!(made["created_at"], made["updated_at"]);
    let second = create(
        staff,
        &json!({
            "name": "Festyn",
            "title": "Festyn osiedlowy",
            "text": "Zapraszamy w sobotę!",
            "category": "event",
            "channels": ["push"]
        }),
    );
    assert_eq!(second["link"], Value::Null);

    // Listed by name, whatever the case; read one by id.
    assert_eq!(names(staff), ["Festyn", "Woda – awaria"]);
    assert_eq!(staff.get_ok(&format!("/api/notify/templates/{id}")), made);

    // A patch changes what it names; `link: null` clears the link.
    w.app.advance_clock(60);
    let reply = staff.patch(
        &format!("/api/notify/templates/{id}"),
        &json!({ "name": "Woda", "link": null, "category": "crisis" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let changed = json_of(&reply);
    assert_eq!(
        (&changed["name"], &changed["link"], &changed["category"]),
        (&json!("Woda"), &Value::Null, &json!("crisis"))
    );
    assert_eq!(changed["text"], made["text"]);
    assert_eq!(changed["created_at"], made["created_at"]);
    assert_ne!(changed["updated_at"], made["updated_at"]);
    assert_eq!(
        staff.get_ok(&format!("/api/notify/templates/{id}")),
        changed
    );

    // Deleted: gone from the list, 404 to read, change or delete again.
    let reply = staff.delete(&format!("/api/notify/templates/{id}"));
    assert_eq!(reply.status, 204, "{}", reply.text());
    assert_eq!(names(staff), ["Festyn"]);
    for (method, body) in [
        ("GET", None),
        ("PATCH", Some(json!({ "name": "Nowa" }))),
        ("DELETE", None),
    ] {
        let reply = staff.send(
            method,
            &format!("/api/notify/templates/{id}"),
            body.as_ref(),
        );
        assert_problem(&reply, 404, "not_found");
    }

    // Each change is in the audit chain, naming the notifier and the template.
    let notifier_id = staff.user_id();
    let actions: Vec<String> = w
        .app
        .audit(&w.admin)
        .iter()
        .filter(|e| e["object"] == format!("template:{id}"))
        .map(|e| {
            assert_eq!(e["actor"], notifier_id, "{e}");
            str_field(e, "action")
        })
        .collect();
    assert_eq!(
        actions,
        ["template.created", "template.updated", "template.deleted"]
    );
}

#[test]
fn a_name_is_taken_whatever_its_case() {
    let w = world();
    let staff = &w.notifier;
    let first = str_field(&create(staff, &water("Łąka nad Liwcem")), "id");
    let other = str_field(&create(staff, &water("Inna")), "id");

    for taken in ["Łąka nad Liwcem", "ŁĄKA NAD LIWCEM", "  łąka nad liwcem "] {
        let reply = staff.post("/api/notify/templates", &water(taken));
        assert_problem(&reply, 409, "conflict");
        assert_eq!(json_of(&reply)["params"]["rule"], "name_taken", "{taken}");
    }
    // Renaming another template to it is refused and leaves that one as it was.
    let reply = staff.patch(
        &format!("/api/notify/templates/{other}"),
        &json!({ "name": "łąka NAD liwcem" }),
    );
    assert_problem(&reply, 409, "conflict");
    assert_eq!(
        staff.get_ok(&format!("/api/notify/templates/{other}"))["name"],
        "Inna"
    );
    // A template may change the case of its own name.
    let reply = staff.patch(
        &format!("/api/notify/templates/{first}"),
        &json!({ "name": "ŁĄKA nad Liwcem" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    // Only an accent makes another name.
    create(staff, &water("Laka nad Liwcem"));
    // Once deleted, the name is free again.
    assert_eq!(
        staff
            .delete(&format!("/api/notify/templates/{first}"))
            .status,
        204
    );
    create(staff, &water("łąka nad liwcem"));
    assert_eq!(names(staff), ["Inna", "Laka nad Liwcem", "łąka nad liwcem"]);
}

#[test]
fn bad_input_is_refused_with_its_field_and_changes_nothing() {
    let w = world();
    let staff = &w.notifier;
    let kept = create(staff, &water("Woda"));
    let id = str_field(&kept, "id");

    let with = |field: &str, value: Value| {
        let mut body = water("Nowy");
        body[field] = value;
        body
    };
    // (body, refused field, field code)
    let cases = [
        (
            with("title", json!("Witaj ((imię))")),
            "title",
            "unknown_placeholder",
        ),
        (
            with("text", json!("((First_name)), woda!")),
            "text",
            "unknown_placeholder",
        ),
        (with("name", json!("   ")), "name", "required"),
        (with("name", json!("n".repeat(81))), "name", "too_long"),
        (with("title", json!("t".repeat(121))), "title", "too_long"),
        (with("text", json!("x".repeat(2001))), "text", "too_long"),
        (
            with("title", json!("a\u{7}b")),
            "title",
            "control_characters",
        ),
        (
            with("link", json!("http://siedlce.pl")),
            "link",
            "invalid_format",
        ),
        (with("channels", json!([])), "channels", "required"),
        (
            with("channels", json!(["sms", "sms"])),
            "channels",
            "duplicate",
        ),
        (with("colour", json!("red")), "colour", "unknown_field"),
    ];
    for (body, name, code) in &cases {
        let reply = staff.post("/api/notify/templates", body);
        assert_problem(&reply, 422, "validation_failed");
        let problem = json_of(&reply);
        assert_eq!(field(&problem, name)["code"], *code, "{name}: {problem}");
        // The same on a patch of the kept template, which stays as it was.
        let mut patch = json!({});
        patch[*name] = body[*name].clone();
        let reply = staff.patch(&format!("/api/notify/templates/{id}"), &patch);
        assert_problem(&reply, 422, "validation_failed");
        assert_eq!(field(&json_of(&reply), name)["code"], *code, "patch {name}");
    }
    // The unknown placeholder is named as written.
    let reply = staff.post(
        "/api/notify/templates",
        &with("text", json!("Cześć ((ulica))")),
    );
    assert_eq!(field(&json_of(&reply), "text")["params"]["name"], "ulica");
    // Every refused field at once.
    let reply = staff.post(
        "/api/notify/templates",
        &json!({ "name": "", "title": "", "text": "((x))", "category": "event", "channels": [] }),
    );
    let problem = json_of(&reply);
    for name in ["name", "title", "text", "channels"] {
        assert!(field(&problem, name).is_object(), "{name}: {problem}");
    }
    // A wrong type, a missing field, an unknown category: refused as the body's shape.
    for body in [
        json!({ "name": 5, "title": "t", "text": "t", "category": "event", "channels": ["sms"] }),
        json!({ "title": "t", "text": "t", "category": "event", "channels": ["sms"] }),
        json!({ "name": "n", "title": "t", "text": "t", "category": "party", "channels": ["sms"] }),
        json!({ "name": "n", "title": "t", "text": "t", "category": "event", "channels": ["fax"] }),
    ] {
        let reply = staff.post("/api/notify/templates", &body);
        assert_eq!(reply.status, 422, "{body}: {}", reply.text());
    }
    // Broken JSON, another content type, no CSRF header on a cookie session.
    let reply = staff
        .request("POST", "/api/notify/templates")
        .header("content-type", "application/json")
        .body(b"{\"name\": ".to_vec())
        .send()
        .unwrap();
    assert_eq!(reply.status, 400, "{}", reply.text());
    let reply = staff
        .request("POST", "/api/notify/templates")
        .header("content-type", "text/plain")
        .body(b"name=x".to_vec())
        .send()
        .unwrap();
    assert_eq!(reply.status, 415, "{}", reply.text());
    let reply = staff
        .cookie_without_csrf()
        .post("/api/notify/templates", &water("Bez nagłówka"));
    assert_eq!(reply.status, 403, "{}", reply.text());

    // Nothing was stored or changed.
    assert_eq!(names(staff), ["Woda"]);
    assert_eq!(staff.get_ok(&format!("/api/notify/templates/{id}")), kept);
}

/// A valid call of `e` for the notifier: each call that changes or deletes gets a template of
/// its own.
fn valid_request(notifier: &Session, e: &Endpoint) -> (String, Option<Value>) {
    let n = unique();
    match (e.method.as_str(), e.path) {
        ("GET", "/api/notify/templates") => (e.path.to_owned(), None),
        ("POST", "/api/notify/templates") => {
            (e.path.to_owned(), Some(water(&format!("Szablon {n}"))))
        }
        (method, path) => {
            let id = str_field(&create(notifier, &water(&format!("Macierz {n}"))), "id");
            let body = (method == "PATCH").then(|| json!({ "title": "Zmieniony tytuł" }));
            (path.replace(":id", &id), body)
        }
    }
}

#[test]
fn every_role_gets_exactly_its_row_on_every_template_endpoint() {
    let w = world();
    assert_eq!(endpoints::NOTIFY_TEMPLATES_ALL.len(), 5);
    let mut refused = vec![("admin", w.admin.clone())];
    for role in [
        "support",
        "clerk",
        "chair",
        "councillor",
        "director",
        "notifier_admin",
    ] {
        refused.push((role, w.app.active_user(&w.admin, &[role], &w.unit).1));
    }
    let district = a_district(&w.app);
    let device = bound_resident(&w.app, &registration(&district, unique())).device;
    let target = str_field(&create(&w.notifier, &water("Cel")), "id");

    for e in endpoints::NOTIFY_TEMPLATES_ALL {
        let name = format!("{} {}", e.method.as_str(), e.path);
        let path = e.path.replace(":id", &target);
        let body = match e.method.as_str() {
            "POST" => Some(water(&format!("Odmowa {}", unique()))),
            "PATCH" => Some(json!({ "name": "Przejęty" })),
            _ => None,
        };
        for (role, session) in &refused {
            let reply = session.send(e.method.as_str(), &path, body.as_ref());
            assert_eq!(
                (reply.status, code_of(&reply)),
                (403, "forbidden".to_owned()),
                "{role} on {name}"
            );
        }
        let reply = w.app.anon().send(e.method.as_str(), &path, body.as_ref());
        assert_eq!(reply.status, 401, "nobody on {name}");
        let reply = device.send(e.method.as_str(), &path, body.as_ref());
        assert_problem(&reply, 401, "unauthenticated");

        let (path, body) = valid_request(&w.notifier, e);
        let reply = w.notifier.send(e.method.as_str(), &path, body.as_ref());
        assert!(
            (200..300).contains(&reply.status),
            "notifier on {name}: {} {}",
            reply.status,
            reply.text()
        );
    }
    // The refused calls changed nothing: the target is as made and no refused name exists.
    let target_now = w
        .notifier
        .get_ok(&format!("/api/notify/templates/{target}"));
    assert_eq!(target_now["name"], "Cel");
    assert!(!names(&w.notifier)
        .iter()
        .any(|n| n.starts_with("Odmowa") || n == "Przejęty"));
}
