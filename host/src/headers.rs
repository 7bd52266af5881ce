//! The `spin-*` request headers Spin gives a component, computed from the route match.
//!
//! Every client-sent `spin-*` header is removed first: real Spin passes unknown ones through
//! (a forged `spin-path-match-id` reaches the component); this host does not.

use crate::routing::RouteMatch;
use http::header::{HeaderMap, HeaderName, HeaderValue, HOST};
use std::net::SocketAddr;

/// Removes every header whose name starts with `spin-` (names are already lowercase).
pub fn strip_spin_headers(headers: &mut HeaderMap) {
    let spin: Vec<HeaderName> = headers
        .keys()
        .filter(|name| name.as_str().starts_with("spin-"))
        .cloned()
        .collect();
    for name in spin {
        headers.remove(&name);
    }
}

/// Facts about the request that the headers are computed from.
#[derive(Debug, Clone, Copy)]
pub struct RequestFacts<'a> {
    /// `http` (this host does not terminate TLS).
    pub scheme: &'a str,
    /// Path and query as received.
    pub path_and_query: &'a str,
    /// TCP peer address.
    pub client_addr: SocketAddr,
}

/// The headers Spin sets, as `(name, value)` pairs.
pub fn spin_headers(
    m: &RouteMatch<'_>,
    host: &str,
    facts: RequestFacts<'_>,
) -> Vec<(String, String)> {
    let mut out = vec![
        ("spin-path-info".to_string(), m.path_info.clone()),
        (
            "spin-full-url".to_string(),
            format!("{}://{host}{}", facts.scheme, facts.path_and_query),
        ),
        ("spin-matched-route".to_string(), m.based_route.to_string()),
        ("spin-base-path".to_string(), "/".to_string()),
        (
            "spin-raw-component-route".to_string(),
            m.raw_route.to_string(),
        ),
        (
            "spin-component-route".to_string(),
            m.component_route().to_string(),
        ),
        (
            "spin-client-addr".to_string(),
            facts.client_addr.to_string(),
        ),
    ];
    for (name, value) in &m.params {
        let name = name.to_ascii_lowercase().replace('_', "-");
        out.push((format!("spin-path-match-{name}"), value.clone()));
    }
    out
}

/// Strips client `spin-*` headers and sets Spin's. Values that are not valid header values
/// (impossible for well-formed requests) are skipped rather than failing the request.
pub fn apply(headers: &mut HeaderMap, m: &RouteMatch<'_>, facts: RequestFacts<'_>) {
    strip_spin_headers(headers);
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    for (name, value) in spin_headers(m, &host, facts) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            headers.insert(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::Router;

    fn facts(pq: &str) -> RequestFacts<'_> {
        RequestFacts {
            scheme: "http",
            path_and_query: pq,
            client_addr: "127.0.0.1:5555".parse().unwrap(),
        }
    }

    fn header_map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn wildcard_route_headers_match_spin() {
        let (r, _) = Router::build("/", [("/api/...", "api")]).unwrap();
        let m = r.route("/api/a/b/").unwrap();
        let mut h = header_map(&[
            ("host", "127.0.0.1:3000"),
            ("spin-client-addr", "6.6.6.6:1"),
        ]);
        apply(&mut h, &m, facts("/api/a/b/?x=1"));
        let get = |n: &str| h.get(n).unwrap().to_str().unwrap().to_string();
        assert_eq!(get("spin-path-info"), "/a/b/");
        assert_eq!(get("spin-matched-route"), "/api/...");
        assert_eq!(get("spin-raw-component-route"), "/api/...");
        assert_eq!(get("spin-component-route"), "/api");
        assert_eq!(get("spin-base-path"), "/");
        assert_eq!(get("spin-full-url"), "http://127.0.0.1:3000/api/a/b/?x=1");
        assert_eq!(get("spin-client-addr"), "127.0.0.1:5555");
    }

    #[test]
    fn forged_spin_headers_are_removed() {
        let (r, _) = Router::build("/", [("/users/:user_id", "u"), ("/exact", "e")]).unwrap();
        let m = r.route("/exact").unwrap();
        let mut h = header_map(&[
            ("spin-path-match-id", "forged"),
            ("spin-anything", "x"),
            ("x-other", "kept"),
        ]);
        apply(&mut h, &m, facts("/exact"));
        assert!(h.get("spin-path-match-id").is_none());
        assert!(h.get("spin-anything").is_none());
        assert_eq!(h.get("x-other").unwrap(), "kept");
        assert_eq!(h.get("spin-path-info").unwrap(), "");
        assert_eq!(h.get("spin-full-url").unwrap(), "http://localhost/exact");

        let m = r.route("/users/7").unwrap();
        let mut h = HeaderMap::new();
        apply(&mut h, &m, facts("/users/7"));
        assert_eq!(h.get("spin-path-match-user-id").unwrap(), "7");
    }
}
