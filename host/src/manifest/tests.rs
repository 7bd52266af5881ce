use super::*;

const MINIMAL: &str = r#"
spin_manifest_version = 2
[application]
name = "app"
[[trigger.http]]
route = "/..."
component = "web"
[component.web]
source = "web.wasm"
"#;

fn parse_str(text: &str) -> Result<Manifest, ConfigError> {
    parse(text, Path::new("/app"))
}

fn error_of(text: &str) -> String {
    parse_str(text).unwrap_err().to_string()
}

#[test]
fn minimal_manifest_resolves_source_against_manifest_dir() {
    let m = parse_str(MINIMAL).unwrap();
    assert_eq!(m.name, "app");
    assert_eq!(m.base, "/");
    assert_eq!(m.components["web"].source, PathBuf::from("/app/web.wasm"));
    assert_eq!(m.triggers[0].route, Route::Path("/...".into()));
}

#[test]
fn project_manifest_parses() {
    let text = include_str!("../../../spin.toml");
    let m = parse_str(text).unwrap();
    assert!(m.triggers.iter().any(|t| t.route == Route::Private));
    assert!(m.variables["token_signing_key"].required);
    assert!(m.variables["token_signing_key"].secret);
    assert_eq!(
        m.components["web"].files,
        vec![FileMount::Mapping {
            source: PathBuf::from("/app/frontend/dist"),
            destination: "/".into()
        }]
    );
}

#[test]
fn unknown_fields_are_named() {
    let cases = [
        (
            format!("{MINIMAL}foo = 1\n"),
            "unsupported field 'component.web.foo'",
        ),
        (
            MINIMAL.replace("name = \"app\"", "name = \"app\"\nbar = 1"),
            "'application.bar'",
        ),
        (
            format!("{MINIMAL}[component.web.dependencies]\n"),
            "'component.web.dependencies'",
        ),
        (
            MINIMAL.replace("component = \"web\"", "component = \"web\"\nexecutor = {}"),
            "'trigger.http[0].executor'",
        ),
        (format!("{MINIMAL}[trigger.redis]\n"), "'trigger.redis'"),
        (
            format!("{MINIMAL}[variables]\nx = {{ default = \"1\", foo = true }}\n"),
            "'variables.x.foo'",
        ),
        (format!("wat = 1\n{MINIMAL}"), "'wat'"),
    ];
    for (text, expected) in cases {
        let err = error_of(&text);
        assert!(err.contains(expected), "{err} should contain {expected}");
    }
}

#[test]
fn build_section_is_accepted_and_ignored() {
    let text = format!("{MINIMAL}[component.web.build]\ncommand = \"make\"\nwatch = [\"x\"]\n");
    assert!(parse_str(&text).is_ok());
}

#[test]
fn private_route_and_inline_component() {
    let text = MINIMAL.replace("route = \"/...\"", "route = { private = true }");
    assert_eq!(parse_str(&text).unwrap().triggers[0].route, Route::Private);
    let text = MINIMAL.replace("route = \"/...\"", "route = { private = false }");
    assert!(error_of(&text).contains("private"));
    let text = MINIMAL.replace("component = \"web\"", "component = { source = \"x.wasm\" }");
    assert!(error_of(&text).contains("inline component tables are not supported"));
}

#[test]
fn variable_rules() {
    let both = format!("{MINIMAL}[variables]\nx = {{ default = \"1\", required = true }}\n");
    assert!(error_of(&both).contains("variables.x"));
    let neither = format!("{MINIMAL}[variables]\nx = {{ secret = true }}\n");
    assert!(error_of(&neither).contains("variables.x"));
    let bad_name = format!("{MINIMAL}[variables]\nBad = {{ default = \"1\" }}\n");
    assert!(error_of(&bad_name).contains("variables.Bad"));
}

#[test]
fn trigger_must_name_a_declared_component() {
    let text = MINIMAL.replace("component = \"web\"", "component = \"nope\"");
    assert!(error_of(&text).contains("nope"));
}

#[test]
fn remote_source_is_refused() {
    let text = MINIMAL.replace(
        "source = \"web.wasm\"",
        "source = { url = \"https://x\", digest = \"y\" }",
    );
    assert!(error_of(&text).contains("component.web.source"));
}
