//! End-to-end: the session token is only a signed bearer of the session id. Tampered, unsigned,
//! foreign, expired, mis-addressed and edited tokens are all refused, and a cookie alone cannot
//! change state.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::TEST_SIGNING_KEY;

/// A signed-in councillor and the app.
fn signed_in() -> (App, Session, Session) {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_user, session) = app.active_user(&admin, &["councillor"], &council);
    (app, admin, session)
}

fn assert_refused(session: &Session, what: &str) {
    let reply = session.me();
    assert_eq!(reply.status, 401, "{what}: {}", reply.text());
    assert!(
        reply
            .header("content-type")
            .unwrap_or("")
            .starts_with("application/problem+json"),
        "{what}: a problem"
    );
    let reply = session.get("/api/users");
    assert_eq!(reply.status, 401, "{what} on /api/users: {}", reply.text());
}

/// The HMAC key the server signs with (derived from the configured `token_signing_key`).
fn server_key(token: &str) -> Vec<u8> {
    server_key_for(token, TEST_SIGNING_KEY).unwrap_or_else(|| {
        panic!(
            "no HS256 key derived from token_signing_key (raw bytes, base64, SHA-256) \
             reproduces the server's signature: the tests cannot forge claims"
        )
    })
}

#[test]
fn issued_tokens_are_hs256_and_carry_only_the_session_id() {
    let (_app, _admin, session) = signed_in();
    let (header, claims, signature) = split_token(&session.token);
    assert_eq!(header["alg"], "HS256", "{header}");
    assert_eq!(signature.len(), 32);
    let sid = claims["sid"].as_str().expect("a sid claim");
    assert!(
        sid.len() >= 22,
        "≥ 128 random bits in the session id: {sid}"
    );
    assert_eq!(claims["aud"], json!("ratusz"), "{claims}");
    let (iat, exp) = (
        claims["iat"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    assert!(exp > iat && exp - iat <= 12 * HOUR + 60, "{claims}");
    let allowed = ["sid", "aud", "iat", "exp", "nbf", "iss", "jti"];
    for key in claims.as_object().unwrap().keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "unexpected claim {key}: {claims}"
        );
    }
    assert!(!claims.to_string().contains('@'), "no e-mail in the token");
}

#[test]
fn unsigned_alg_none_token_is_refused() {
    let (app, _admin, session) = signed_in();
    let (_, claims, _) = split_token(&session.token);
    for alg in ["none", "None", "NONE"] {
        let header = json!({ "alg": alg, "typ": "JWT" });
        let token = make_token(&header, &claims, None, b"");
        assert_refused(
            &Session::with_token(&app.base(), &token),
            &format!("alg {alg}"),
        );
        // Also with the old signature kept.
        let (_, _, signature) = split_token(&session.token);
        let token = make_token(&header, &claims, None, &signature);
        assert_refused(
            &Session::with_token(&app.base(), &token),
            "alg none + signature",
        );
    }
    assert_eq!(session.me().status, 200, "the real token still works");
}

#[test]
fn token_signed_with_another_key_is_refused() {
    let (app, _admin, session) = signed_in();
    let (header, claims, _) = split_token(&session.token);
    for key in [
        b"another-key-that-the-server-never-used-0123456789".as_slice(),
        b"",
        b"secret",
    ] {
        let token = make_token(&header, &claims, Some(key), b"");
        assert_refused(&Session::with_token(&app.base(), &token), "foreign key");
    }
    // Also through the cookie.
    let token = make_token(&header, &claims, Some(b"another-key"), b"");
    assert_refused(
        &session.with_other_token(&token).cookie(),
        "foreign key in the cookie",
    );
}

#[test]
fn token_with_an_edited_session_id_is_refused() {
    let (app, admin, session) = signed_in();
    let (header, claims, signature) = split_token(&session.token);
    let (_, admin_claims, _) = split_token(&admin.token);

    // Swap in the administrator's live session id, keep the signature.
    let mut swapped = claims.clone();
    swapped["sid"] = admin_claims["sid"].clone();
    let token = make_token(&header, &swapped, None, &signature);
    assert_refused(&Session::with_token(&app.base(), &token), "swapped sid");

    // A flipped character in the session id.
    let mut edited = claims.clone();
    let sid = claims["sid"].as_str().unwrap();
    let flipped: String = sid
        .char_indices()
        .map(|(i, c)| {
            if i == 0 {
                if c == 'A' {
                    'B'
                } else {
                    'A'
                }
            } else {
                c
            }
        })
        .collect();
    edited["sid"] = Value::String(flipped);
    let token = make_token(&header, &edited, None, &signature);
    assert_refused(&Session::with_token(&app.base(), &token), "edited sid");

    // A flipped bit in the signature.
    let mut bad = signature.clone();
    bad[0] ^= 1;
    let token = make_token(&header, &claims, None, &bad);
    assert_refused(
        &Session::with_token(&app.base(), &token),
        "flipped signature bit",
    );

    // Both the original sessions are untouched.
    assert_eq!(session.me().status, 200);
    assert_eq!(admin.me().status, 200);
}

#[test]
fn correctly_signed_token_for_an_unknown_session_is_refused() {
    let (app, _admin, session) = signed_in();
    let key = server_key(&session.token);
    let (header, claims, _) = split_token(&session.token);

    // Control: the same claims re-signed by us are accepted (so the key is right).
    let token = make_token(&header, &claims, Some(&key), b"");
    assert_eq!(
        Session::with_token(&app.base(), &token).me().status,
        200,
        "re-signed original claims"
    );

    let mut invented = claims.clone();
    invented["sid"] = json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    let token = make_token(&header, &invented, Some(&key), b"");
    assert_refused(&Session::with_token(&app.base(), &token), "invented sid");
}

#[test]
fn correctly_signed_token_with_a_wrong_audience_is_refused() {
    let (app, _admin, session) = signed_in();
    let key = server_key(&session.token);
    let (header, claims, _) = split_token(&session.token);
    for aud in [
        json!("voting"),
        json!("ratusz-admin"),
        json!(["other"]),
        Value::Null,
    ] {
        let mut forged = claims.clone();
        if aud.is_null() {
            forged.as_object_mut().unwrap().remove("aud");
        } else {
            forged["aud"] = aud.clone();
        }
        let token = make_token(&header, &forged, Some(&key), b"");
        assert_refused(
            &Session::with_token(&app.base(), &token),
            &format!("aud {aud}"),
        );
    }
    assert_eq!(session.me().status, 200);
}

#[test]
fn correctly_signed_token_past_its_expiry_is_refused_while_the_session_lives() {
    let (app, _admin, session) = signed_in();
    let key = server_key(&session.token);
    let (header, claims, _) = split_token(&session.token);
    let iat = claims["iat"].as_i64().unwrap();

    let mut expired = claims.clone();
    expired["exp"] = json!(iat - 60);
    let token = make_token(&header, &expired, Some(&key), b"");
    assert_refused(&Session::with_token(&app.base(), &token), "exp in the past");

    let mut early = claims.clone();
    early["nbf"] = json!(iat + 3600);
    let token = make_token(&header, &early, Some(&key), b"");
    assert_refused(
        &Session::with_token(&app.base(), &token),
        "nbf in the future",
    );

    assert_eq!(session.me().status, 200, "the real session is alive");
}

#[test]
fn token_is_refused_after_twelve_hours() {
    let (app, _admin, session) = signed_in();
    // Keep the session active so only the absolute limit and the token's exp can end it.
    for _ in 0..29 {
        app.advance_clock(25 * MINUTE);
        let _ = session.me();
    }
    assert_refused(&session, "after 12 h");
}

#[test]
fn malformed_tokens_are_refused_without_a_server_error() {
    let (app, _admin, session) = signed_in();
    let parts: Vec<&str> = session.token.split('.').collect();
    let malformed = [
        String::new(),
        "abc".to_owned(),
        "a.b".to_owned(),
        "a.b.c".to_owned(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{}..{}", parts[0], parts[2]),
        format!("{}.e30.{}", parts[0], parts[2]),
        format!("{}.bm90IGpzb24.{}", parts[0], parts[2]),
        format!("{}.{}", session.token, parts[2]),
        session.token.repeat(5),
    ];
    for token in malformed {
        let reply = Session::with_token(&app.base(), &token).me();
        assert_eq!(reply.status, 401, "token {token:?}: {}", reply.text());
        let reply = session.with_other_token(&token).cookie().me();
        assert_eq!(reply.status, 401, "cookie {token:?}: {}", reply.text());
    }
    // Other schemes or a missing space are not a session either.
    for value in [
        format!("Basic {}", session.token),
        format!("Bearer{}", session.token),
        "Bearer".to_owned(),
    ] {
        let reply = Session::anonymous(&app.base())
            .request("GET", "/api/auth/me")
            .header("authorization", &value)
            .send()
            .unwrap();
        assert_eq!(
            reply.status,
            401,
            "authorization {value:?}: {}",
            reply.text()
        );
    }
}

#[test]
fn cookie_without_csrf_header_cannot_change_state() {
    let (_app, admin, session) = signed_in();
    let bare = session.cookie_without_csrf();
    assert_problem(&bare.post_empty("/api/auth/logout"), 403, "csrf_required");
    assert_problem(
        &bare.change_password(STRONG_PASSWORD, OTHER_PASSWORD),
        403,
        "csrf_required",
    );
    let bare_admin = admin.cookie_without_csrf();
    assert_problem(
        &bare_admin.post(
            "/api/incidents",
            &json!({ "kind": "other", "title": "próba CSRF" }),
        ),
        403,
        "csrf_required",
    );
    assert_eq!(session.me().status, 200, "still signed in");
    assert_eq!(admin.me().status, 200, "still signed in");
    // The header makes it work.
    assert_eq!(session.cookie().post_empty("/api/auth/logout").status, 204);
}
