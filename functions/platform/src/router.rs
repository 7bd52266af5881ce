//! A small router: catalogued endpoint (method + path pattern with `:params`) → handler.
//!
//! Matching is pure and tested here; [`crate::App`] runs the guard and the handler.

use crate::guard::Access;
use crate::request::{ApiRequest, DEFAULT_BODY_LIMIT};
use crate::{ApiError, Caller};
use ratusz_domain::endpoints::Endpoint;
use spin_sdk::http::Response;
use std::collections::BTreeMap;

/// Path parameters captured by `:name` segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(BTreeMap<&'static str, String>);

impl Params {
    /// The value of `:name`, if the pattern has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The value of `:name`, or 404 (a pattern without it is a bug, and shows as not found).
    pub fn require(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name).ok_or(ApiError::NotFound)
    }
}

/// What a handler gets: the request, its path parameters and who is calling.
pub struct Ctx<'a> {
    /// The request.
    pub req: &'a ApiRequest,
    /// Captured `:params`.
    pub params: Params,
    /// The caller established by the guard.
    pub caller: Caller,
}

/// A request handler.
pub type Handler = Box<dyn Fn(&Ctx) -> Result<Response, ApiError>>;

/// One routed endpoint.
pub struct Route {
    /// The catalogued endpoint.
    pub endpoint: &'static Endpoint,
    /// Who may call it.
    pub access: Access,
    /// Media types its body may have (JSON unless said otherwise).
    pub accepts: &'static [&'static str],
    /// Largest body accepted, in bytes.
    pub body_limit: usize,
    /// What answers it.
    pub handler: Handler,
}

/// The outcome of matching a request against the routes.
pub enum Match<'r> {
    /// A route answers this method and path.
    Found(&'r Route, Params),
    /// The path exists, with other methods.
    MethodNotAllowed(Vec<&'static str>),
    /// No route has this path.
    NotFound,
}

/// Routes of one component.
#[derive(Default)]
pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    /// An empty router (every request → 404).
    pub fn new() -> Self {
        Self::default()
    }

    /// Routes `endpoint` to `handler` for callers allowed by `access`, with a JSON body.
    pub fn route(
        self,
        endpoint: &'static Endpoint,
        access: Access,
        handler: impl Fn(&Ctx) -> Result<Response, ApiError> + 'static,
    ) -> Self {
        self.route_accepting(
            endpoint,
            access,
            &["application/json"],
            DEFAULT_BODY_LIMIT,
            handler,
        )
    }

    /// Like [`Router::route`] for an endpoint whose body has other media types or another
    /// size limit (PDF attachments: `&["application/pdf"]`, 10 MiB).
    pub fn route_accepting(
        mut self,
        endpoint: &'static Endpoint,
        access: Access,
        accepts: &'static [&'static str],
        body_limit: usize,
        handler: impl Fn(&Ctx) -> Result<Response, ApiError> + 'static,
    ) -> Self {
        self.routes.push(Route {
            endpoint,
            access,
            accepts,
            body_limit,
            handler: Box::new(handler),
        });
        self
    }

    /// Finds the route for `method` and `path`. Literal segments beat parameters when two
    /// patterns match (`/api/users/me` before `/api/users/:id`), for every method: a path that
    /// a more specific pattern matches belongs to that pattern alone, so
    /// `DELETE /api/sessions/1/agenda/order` is 405 (`Allow: PUT`, as the document says) and
    /// never reaches `/api/sessions/:id/agenda/:item` with `item = "order"`.
    pub fn find(&self, method: &str, path: &str) -> Match<'_> {
        let matching: Vec<(&Route, Params, usize)> = self
            .routes
            .iter()
            .filter_map(|route| {
                match_path(route.endpoint.path, path)
                    .map(|params| (route, params, specificity(route.endpoint.path)))
            })
            .collect();
        let Some(most) = matching.iter().map(|(_, _, s)| *s).max() else {
            return Match::NotFound;
        };
        let mut allowed = Vec::new();
        for (route, params, literals) in matching {
            if literals != most {
                continue;
            }
            if route.endpoint.method.as_str().eq_ignore_ascii_case(method) {
                return Match::Found(route, params);
            }
            allowed.push(route.endpoint.method.as_str());
        }
        allowed.sort_unstable();
        allowed.dedup();
        Match::MethodNotAllowed(allowed)
    }
}

/// How specific a pattern is: a literal segment counts 2, a parameter with a literal
/// extension (`:pid.csv`) 1, a bare parameter 0 — so `/x/:pid.csv` beats `/x/:pid`.
fn specificity(pattern: &str) -> usize {
    pattern
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            None => 2,
            Some(p) if p.contains('.') => 1,
            Some(_) => 0,
        })
        .sum()
}

/// Matches `path` against `pattern` (`:name` = one non-empty segment). One trailing slash on
/// the path is ignored, as Spin does for exact routes.
pub fn match_path(pattern: &'static str, path: &str) -> Option<Params> {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    let mut pat = pattern.split('/');
    let mut got = path.split('/');
    let mut params = Params::default();
    loop {
        match (pat.next(), got.next()) {
            (None, None) => return Some(params),
            (Some(p), Some(g)) => match p.strip_prefix(':') {
                // `:name.ext`: the segment must end in `.ext`; the rest is the parameter.
                Some(param) if param.contains('.') => {
                    let (name, ext) = param.split_once('.').unwrap_or((param, ""));
                    match g.strip_suffix(ext).and_then(|v| v.strip_suffix('.')) {
                        Some(value) if !value.is_empty() => {
                            params.0.insert(name, crate::request::percent_decode(value));
                        }
                        _ => return None,
                    }
                }
                Some(name) if !g.is_empty() => {
                    params.0.insert(name, crate::request::percent_decode(g));
                }
                Some(_) => return None,
                None if p == g => {}
                None => return None,
            },
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::endpoints::{Exposure, HttpMethod};

    const fn ep(method: HttpMethod, path: &'static str) -> Endpoint {
        Endpoint {
            method,
            path,
            summary: "",
            exposure: Exposure::Public,
        }
    }
    static USER: Endpoint = ep(HttpMethod::Get, "/api/users/:id");
    static USER_DELETE: Endpoint = ep(HttpMethod::Delete, "/api/users/:id");
    static ME: Endpoint = ep(HttpMethod::Get, "/api/users/me");
    static VOTE: Endpoint = ep(HttpMethod::Post, "/api/sessions/:id/polls/:pid/votes");

    fn named(name: &'static str) -> impl Fn(&Ctx) -> Result<Response, ApiError> {
        move |ctx: &Ctx| {
            let body = format!("{name}:{}", ctx.params.get("id").unwrap_or("-"));
            Ok(Response::new(200, body))
        }
    }

    fn router() -> Router {
        Router::new()
            .route(&USER, Access::Public, named("user"))
            .route(&USER_DELETE, Access::Public, named("delete"))
            .route(&ME, Access::Public, named("me"))
            .route(&VOTE, Access::Public, named("vote"))
    }

    fn outcome(method: &str, path: &str) -> String {
        let r = router();
        match r.find(method, path) {
            Match::Found(route, params) => {
                let ctx = Ctx {
                    req: &ApiRequest::default(),
                    params,
                    caller: Caller::Anonymous,
                };
                let resp =
                    (route.handler)(&ctx).map(|r| String::from_utf8_lossy(r.body()).into_owned());
                resp.unwrap_or_default()
            }
            Match::MethodNotAllowed(allow) => format!("405 {}", allow.join(",")),
            Match::NotFound => "404".into(),
        }
    }

    #[test]
    fn a_parameter_with_an_extension_beats_a_bare_parameter() {
        static POLL: Endpoint = ep(HttpMethod::Get, "/p/:id/polls/:pid");
        static POLL_CSV: Endpoint = ep(HttpMethod::Get, "/p/:id/polls/:pid.csv");
        let r = Router::new()
            .route(&POLL, Access::Public, named("json"))
            .route(&POLL_CSV, Access::Public, named("csv"));
        let pid = |path: &str| match r.find("GET", path) {
            Match::Found(route, params) => {
                format!(
                    "{} {}",
                    route.endpoint.path,
                    params.get("pid").unwrap_or("-")
                )
            }
            _ => "404".into(),
        };
        assert_eq!(pid("/p/s1/polls/a.b"), "/p/:id/polls/:pid a.b");
        assert_eq!(pid("/p/s1/polls/abc"), "/p/:id/polls/:pid abc");
        assert_eq!(pid("/p/s1/polls/abc.csv"), "/p/:id/polls/:pid.csv abc");
        // `.csv` alone has an empty parameter: the bare pattern takes it.
        assert_eq!(pid("/p/s1/polls/.csv"), "/p/:id/polls/:pid .csv");
    }

    #[test]
    fn routing_table() {
        let cases = [
            ("GET", "/api/users/01ABC", "user:01ABC"),
            ("GET", "/api/users/01ABC/", "user:01ABC"),
            ("get", "/api/users/01ABC", "user:01ABC"),
            ("DELETE", "/api/users/01ABC", "delete:01ABC"),
            ("GET", "/api/users/me", "me:-"),
            // A literal segment owns its path for every method: the `Allow` of its 405 lists
            // only its own methods.
            ("DELETE", "/api/users/me", "405 GET"),
            ("POST", "/api/users/me", "405 GET"),
            ("PUT", "/api/users/01ABC", "405 DELETE,GET"),
            ("GET", "/api/users", "404"),
            ("GET", "/api/users/", "404"),
            ("GET", "/api/users/a/b", "404"),
            ("GET", "/api/usersx/1", "404"),
            ("POST", "/api/sessions/S1/polls/P1/votes", "vote:S1"),
            ("GET", "/api/sessions/S1/polls/P1/votes", "405 POST"),
            ("POST", "/api/sessions//polls/P1/votes", "404"),
            ("GET", "/", "404"),
        ];
        for (method, path, expected) in cases {
            assert_eq!(outcome(method, path), expected, "{method} {path}");
        }
    }

    #[test]
    fn params_are_percent_decoded() {
        let p = match_path("/a/:x", "/a/b%20c");
        assert_eq!(p.as_ref().and_then(|p| p.get("x")), Some("b c"));
    }
}
