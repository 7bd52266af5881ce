use super::*;

fn router(routes: &[(&str, &str)]) -> Router {
    Router::build("/", routes.iter().map(|(r, c)| (*r, *c)))
        .unwrap()
        .0
}

const APP: &[(&str, &str)] = &[
    ("/", "root"),
    ("/...", "web"),
    ("/api/...", "api"),
    ("/api/users", "users"),
    ("/api/users/:id", "user"),
    ("/api/users/:id/...", "user-sub"),
    ("/api/users/me", "me"),
];

#[test]
fn routes_like_spin() {
    // (path, component, matched route, path info)
    let cases = [
        ("/", "root", "", ""),
        ("/index.html", "web", "/...", "/index.html"),
        ("/a/b/", "web", "/...", "/a/b/"),
        ("/api", "api", "/api/...", ""),
        ("/api/", "api", "/api/...", "/"),
        ("/api/a/b/", "api", "/api/...", "/a/b/"),
        ("/api/users", "users", "/api/users", ""),
        ("/api/users/", "users", "/api/users", ""),
        ("/api/usersx", "api", "/api/...", "/usersx"),
        ("/api/users/42", "user", "/api/users/:id", ""),
        ("/api/users/42/", "user", "/api/users/:id", ""),
        (
            "/api/users/42/roles",
            "user-sub",
            "/api/users/:id/...",
            "/roles",
        ),
        ("/api/users/me", "me", "/api/users/me", ""),
    ];
    let r = router(APP);
    for (path, component, matched, info) in cases {
        let m = r.route(path).unwrap_or_else(|| panic!("{path} unmatched"));
        assert_eq!(m.component, component, "{path}");
        assert_eq!(m.based_route, matched, "{path}");
        assert_eq!(m.path_info, info, "{path}");
    }
}

#[test]
fn params_are_captured() {
    let r = router(APP);
    let m = r.route("/api/users/42/roles").unwrap();
    assert_eq!(m.params, vec![("id", "42".to_string())]);
}

#[test]
fn root_wildcard_matches_root() {
    let r = router(&[("/...", "web")]);
    let m = r.route("/").unwrap();
    assert_eq!((m.component, m.path_info.as_str()), ("web", "/"));
    assert_eq!(m.component_route(), "");
    assert_eq!(m.raw_route, "/...");
}

#[test]
fn exact_root_matches_only_root() {
    let r = router(&[("/", "root")]);
    assert!(r.route("/").is_some());
    assert!(r.route("/x").is_none());
    assert_eq!(r.route("/").unwrap().raw_route, "/");
}

#[test]
fn unmatched_is_none() {
    let r = router(&[("/api/...", "api"), ("/exact", "e")]);
    assert!(r.route("/other").is_none());
    assert!(r.route("/exact/more").is_none());
    assert!(r.route("/apix").is_none());
}

#[test]
fn longest_prefix_wins_regardless_of_order() {
    let r = router(&[
        ("/one/two/...", "two"),
        ("/one/...", "one"),
        ("/one/two/three/...", "three"),
    ]);
    assert_eq!(r.route("/one/two/three/four").unwrap().component, "three");
    assert_eq!(r.route("/one/two/x").unwrap().component, "two");
    assert_eq!(r.route("/one/x").unwrap().component, "one");
}

#[test]
fn duplicate_route_last_wins() {
    let (r, dups) = Router::build("/", [("/foo", "first"), ("/foo", "second")]).unwrap();
    assert_eq!(r.route("/foo").unwrap().component, "second");
    assert_eq!(
        dups,
        vec![DuplicateRoute {
            route: "/foo".into(),
            replaced: "first".into(),
            effective: "second".into()
        }]
    );
}

#[test]
fn component_route_strips_wildcard() {
    let r = router(&[("/api/...", "api")]);
    let m = r.route("/api/x").unwrap();
    assert_eq!(m.component_route(), "/api");
    assert_eq!(m.raw_route, "/api/...");
}

#[test]
fn base_is_prefixed() {
    let (r, _) = Router::build("/base", [("/foo", "foo")]).unwrap();
    let m = r.route("/base/foo").unwrap();
    assert_eq!(m.based_route, "/base/foo");
    assert_eq!(m.raw_route, "/foo");
}

#[test]
fn bad_routes_are_refused() {
    assert!(Router::build("/", [("/a/*/b", "x")]).is_err());
    assert!(Router::build("/", [("/a/:/b", "x")]).is_err());
}
