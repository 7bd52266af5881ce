//! Variables: providers in precedence `--variable` > `SPIN_VARIABLE_<NAME>` > `.env` beside the
//! manifest > `default`; templates in component variables; `required` stops start-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host};
use serde_json::json;
use std::time::Duration;

const APP: &str = r#"
spin_manifest_version = 2

[application]
name = "variables"

[variables]
greeting = { default = "from-default" }
unmapped = { default = "invisible" }

[[trigger.http]]
route = "/..."
component = "probe"

[component.probe]
source = @PROBE_WASM@

[component.probe.variables]
greeting = "{{ greeting }}"
composed = "hello {{ greeting }}!"
literal = "plain text"
"#;

fn greeting(host: &ratusz_tests::HostProcess) -> serde_json::Value {
    get_json(host, "/var/greeting")
}

#[test]
fn default_is_used_when_no_provider_has_a_value() {
    let app = app(APP);
    let host = host(&app).start().unwrap();
    assert_eq!(
        greeting(&host),
        json!({ "ok": true, "value": "from-default" })
    );
    assert_eq!(
        get_json(&host, "/var/literal"),
        json!({ "ok": true, "value": "plain text" })
    );
}

#[test]
fn dotenv_beside_the_manifest_overrides_the_default() {
    let app = app(APP);
    app.write(".env", "SPIN_VARIABLE_GREETING=from-dotenv\n")
        .unwrap();
    let host = host(&app).start().unwrap();
    assert_eq!(
        greeting(&host),
        json!({ "ok": true, "value": "from-dotenv" })
    );
}

#[test]
fn environment_overrides_dotenv() {
    let app = app(APP);
    app.write(".env", "SPIN_VARIABLE_GREETING=from-dotenv\n")
        .unwrap();
    let host = host(&app)
        .env("SPIN_VARIABLE_GREETING", "from-env")
        .start()
        .unwrap();
    assert_eq!(greeting(&host), json!({ "ok": true, "value": "from-env" }));
}

#[test]
fn command_line_variable_overrides_environment_and_dotenv() {
    let app = app(APP);
    app.write(".env", "SPIN_VARIABLE_GREETING=from-dotenv\n")
        .unwrap();
    let host = host(&app)
        .env("SPIN_VARIABLE_GREETING", "from-env")
        .variable("greeting", "from-cli")
        .start()
        .unwrap();
    assert_eq!(greeting(&host), json!({ "ok": true, "value": "from-cli" }));
}

#[test]
fn template_is_interpolated_inside_text() {
    let app = app(APP);
    let host = host(&app)
        .variable("greeting", "dzień dobry")
        .start()
        .unwrap();
    assert_eq!(
        get_json(&host, "/var/composed"),
        json!({ "ok": true, "value": "hello dzień dobry!" })
    );
}

#[test]
fn component_sees_only_its_own_variables() {
    let app = app(APP);
    let host = host(&app).start().unwrap();
    for name in ["unmapped", "nope"] {
        let answer = get_json(&host, &format!("/var/{name}"));
        assert_eq!(answer["ok"], false, "{name}: {answer}");
        assert!(
            answer["error"].as_str().unwrap().starts_with("undefined"),
            "{name}: {answer}"
        );
    }
}

const REQUIRED: &str = r#"
spin_manifest_version = 2

[application]
name = "required"

[variables]
signing_key = { required = true, secret = true }

[[trigger.http]]
route = "/..."
component = "probe"

[component.probe]
source = @PROBE_WASM@

[component.probe.variables]
signing_key = "{{ signing_key }}"
"#;

#[test]
fn missing_required_variable_stops_startup_naming_it() {
    let app = app(REQUIRED);
    let exited = host(&app)
        .run_expecting_exit(Duration::from_secs(20))
        .unwrap();
    assert!(!exited.status.success(), "{exited:?}");
    assert!(exited.stderr.contains("signing_key"), "{exited:?}");
}

#[test]
fn required_variable_given_by_environment_starts() {
    let app = app(REQUIRED);
    let host = host(&app)
        .env("SPIN_VARIABLE_SIGNING_KEY", "s3cret")
        .start()
        .unwrap();
    assert_eq!(
        get_json(&host, "/var/signing_key"),
        json!({ "ok": true, "value": "s3cret" })
    );
}

#[test]
fn secret_variable_value_is_not_logged() {
    let app = app(REQUIRED);
    let host = host(&app)
        .variable("signing_key", "very-secret-value-123")
        .start()
        .unwrap();
    get_json(&host, "/var/signing_key");
    host.wait_for_request_log(Duration::from_secs(5), |l| l.path == "/var/signing_key")
        .unwrap();
    assert!(
        !host.logs().contains("very-secret-value-123"),
        "{}",
        host.logs()
    );
}
