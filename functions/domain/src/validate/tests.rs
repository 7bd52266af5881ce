use super::*;

fn code<T: std::fmt::Debug>(r: Result<T, Invalid>) -> &'static str {
    match r {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(e) => e.code.as_str(),
    }
}

#[test]
fn field_codes_have_one_wire_name() {
    crate::wire::assert_serde_matches(FieldCode::ALL, FieldCode::as_str, FieldCode::parse);
}

#[test]
fn text_rules() {
    assert_eq!(text("  Anna ", 10).ok().as_deref(), Some("Anna"));
    assert_eq!(code(text("   ", 10)), "required");
    assert_eq!(code(text("a\u{7}", 10)), "control_characters");
    assert_eq!(code(text("a\nb", 10)), "control_characters");
    let long = text(&"ą".repeat(11), 10);
    assert_eq!(
        long.as_ref().err().map(|e| e.params.get("max").cloned()),
        Some(Some("10".into()))
    );
    assert!(text(&"ą".repeat(10), 10).is_ok());
    assert_eq!(optional_text(Some("  "), 5), Ok(None));
    assert_eq!(optional_text(None, 5), Ok(None));
    assert_eq!(code(optional_text(Some("123456"), 5)), "too_long");
}

#[test]
fn long_text_rules() {
    assert_eq!(long_text(" a\nb\tc ", 10).ok().as_deref(), Some("a\nb\tc"));
    assert_eq!(code(long_text("", 10)), "required");
    assert_eq!(code(long_text("a\u{7}b", 10)), "control_characters");
    assert_eq!(code(long_text("123456", 5)), "too_long");
    assert_eq!(optional_long_text(Some(" "), 5), Ok(None));
}

#[test]
fn email_rules() {
    assert_eq!(
        email(" Jan@Gmina.PL ").ok().as_deref(),
        Some("jan@gmina.pl")
    );
    assert_eq!(code(email("  ")), "required");
    assert_eq!(code(email("jan")), "invalid_format");
    assert_eq!(
        code(email(&format!("{}@gmina.pl", "a".repeat(260)))),
        "too_long"
    );
}

#[test]
fn phone_rules() {
    assert_eq!(
        phone(Some("+48 600-100-200")),
        Ok(Some("+48600100200".into()))
    );
    assert_eq!(phone(Some("")), Ok(None));
    assert_eq!(phone(None), Ok(None));
    assert_eq!(code(phone(Some("12"))), "invalid_format");
    assert_eq!(code(phone(Some("600+100"))), "invalid_format");
    assert_eq!(code(phone(Some("abc1234567"))), "invalid_format");
    assert_eq!(code(phone(Some("1 2 3 4 5 6 7 8 9 0 1"))), "too_long");
}

#[test]
fn https_url_rules() {
    let cases = [
        ("https://meet.jit.si/ratusz", true),
        ("HTTPS://meet.jit.si", true),
        ("https://", false),
        ("https:///path", false),
        ("http://meet.jit.si/ratusz", false),
        ("javascript:alert(1)", false),
        ("https://meet.jit.si/a b", false),
        ("meet.jit.si", false),
    ];
    for (url, ok) in cases {
        assert_eq!(https_url(Some(url)).is_ok(), ok, "{url}");
    }
    assert_eq!(https_url(Some(" ")), Ok(None));
}

#[test]
fn range_and_ids() {
    assert_eq!(range(5u32, 1, 10), Ok(5));
    assert_eq!(code(range(0u32, 1, 10)), "out_of_range");
    assert_eq!(id(" 01ABC ").ok().as_deref(), Some("01ABC"));
    assert_eq!(code(id("")), "required");
    assert_eq!(code(id("a b")), "invalid_format");
    assert_eq!(code(distinct_ids(&["a".into(), "a".into()])), "duplicate");
    assert_eq!(
        distinct_ids(&["a".into(), "b".into()]).map(|v| v.len()),
        Ok(2)
    );
}

#[test]
fn checks_collect_every_refused_field() {
    let mut checks = Checks::new();
    let first = checks.check("first_name", text("", 10));
    let last = checks.check("last_name", text("Kowalski", 10));
    let mail = checks.check("email", email("nope"));
    assert_eq!(
        (first, last.as_deref(), mail),
        (None, Some("Kowalski"), None)
    );
    let errors = checks.finish().err().map(|e| e.0).unwrap_or_default();
    let fields: Vec<_> = errors.keys().map(String::as_str).collect();
    assert_eq!(fields, ["email", "first_name"]);
    assert_eq!(
        errors.get("first_name").map(|e| e.message_en()).as_deref(),
        Some("This field is required.")
    );
}
