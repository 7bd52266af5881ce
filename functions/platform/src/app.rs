//! The imperative shell every component runs: read the request (within the route's body
//! limit) → route → guard → handler → one error mapping → common headers.

use crate::guard::{RequestGuard, SessionCheck};
use crate::maintenance::{KvSchedule, NoWindows, ScheduleSource};
use crate::request::{self, ApiRequest};
use crate::router::{Ctx, Match, Router};
use crate::ApiError;
use spin_sdk::http::{Headers, IncomingRequest, OutgoingResponse, Response, ResponseOutparam};

/// A component's HTTP application.
pub struct App {
    router: Router,
    guard: RequestGuard,
}

impl App {
    /// An app over `router`, with no sessions (the foundation's state).
    pub fn new(router: Router) -> Self {
        Self {
            router,
            guard: RequestGuard::new(),
        }
    }

    /// Uses `sessions` to resolve callers (the accounts milestone's KV session check).
    pub fn with_sessions(mut self, sessions: impl SessionCheck + 'static) -> Self {
        self.guard = RequestGuard::with_sessions(sessions);
        self
    }

    /// Serves one request from the host. The body is read only for a routed request, and
    /// never beyond the route's limit.
    pub async fn serve(&self, incoming: IncomingRequest) -> Response {
        let mut req = head_of(&incoming);
        let limit = match self.router.find(&req.method, &req.path) {
            Match::Found(route, _) => route.body_limit,
            // Unrouted: answer without reading the body.
            _ => return self.dispatch_with(&req, &KvSchedule),
        };
        match read_body(incoming, &req, limit).await {
            Ok(body) => req.body = body,
            Err(e) => return finish(e.into_response()),
        }
        self.dispatch_with(&req, &KvSchedule)
    }

    /// Serves one request and then, with the answer already on its way to the client,
    /// delivers the e-mails, SMS and pushes the request queued (best effort: a slow or failing gateway
    /// never delays nor fails the person's request; the outbox keeps what was not sent).
    pub async fn handle(&self, incoming: IncomingRequest, out: ResponseOutparam) {
        let response = self.serve(incoming).await;
        match outgoing(&response) {
            Ok(head) => {
                if let Err(e) = out.set_with_body(head, response.into_body()).await {
                    crate::log::error(&format!("writing the response body: {e:?}"));
                }
            }
            Err(e) => {
                crate::log::error(&format!("building the response: {e}"));
                if let Ok(fallback) = outgoing(&ApiError::internal(e).to_response()) {
                    out.set(fallback);
                }
            }
        }
        crate::outbox::deliver_if_requested().await;
        #[cfg(feature = "push")]
        crate::push::deliver_queued().await;
    }

    /// Routes, guards and handles a request whose body has been read, with no maintenance
    /// windows. Pure when the handler is, so the whole pipeline is tested natively.
    pub fn dispatch(&self, req: &ApiRequest) -> Response {
        self.dispatch_with(req, &NoWindows)
    }

    /// [`App::dispatch`] with the maintenance windows of `windows` (the KV store when deployed).
    pub fn dispatch_with(&self, req: &ApiRequest, windows: &dyn ScheduleSource) -> Response {
        let result = match self.router.find(&req.method, &req.path) {
            Match::NotFound => Err(ApiError::NotFound),
            Match::MethodNotAllowed(allow) => Err(ApiError::MethodNotAllowed { allow }),
            Match::Found(route, params) => {
                if req.body.len() > route.body_limit {
                    Err(ApiError::PayloadTooLarge {
                        limit: route.body_limit,
                    })
                } else {
                    self.guard
                        .check_maintenance(req, route.endpoint, windows)
                        .and_then(|()| {
                            self.guard.check(
                                req,
                                route.access,
                                route.endpoint.exposure,
                                route.accepts,
                            )
                        })
                        .and_then(|caller| {
                            (route.handler)(&Ctx {
                                req,
                                params,
                                caller,
                            })
                        })
                }
            }
        };
        finish(match result {
            Ok(resp) => resp,
            Err(e) => {
                if let ApiError::Internal(detail) = &e {
                    crate::log::error(&format!("{} {}: {detail}", req.method, req.path));
                }
                e.to_response()
            }
        })
    }
}

/// The wasi:http head (status and headers) of `response`.
fn outgoing(response: &Response) -> Result<OutgoingResponse, String> {
    let headers: Vec<(String, Vec<u8>)> = response
        .headers()
        .map(|(name, value)| (name.to_owned(), value.as_bytes().to_vec()))
        .collect();
    let head = OutgoingResponse::new(Headers::from_list(&headers).map_err(|e| format!("{e:?}"))?);
    head.set_status_code(*response.status())
        .map_err(|()| format!("invalid status {}", response.status()))?;
    Ok(head)
}

/// Headers every API response carries unless the handler chose otherwise.
pub fn finish(mut resp: Response) -> Response {
    if resp.header("cache-control").is_none() {
        // API answers are personal or live: never stored by a shared cache or the browser.
        resp.set_header("cache-control", "no-store");
    }
    resp.set_header("x-content-type-options", "nosniff");
    resp
}

fn head_of(incoming: &IncomingRequest) -> ApiRequest {
    let path_and_query = incoming.path_with_query().unwrap_or_else(|| "/".to_owned());
    let mut req = ApiRequest::new(&incoming.method().to_string(), &path_and_query);
    req.headers = incoming
        .headers()
        .entries()
        .into_iter()
        .map(|(name, value)| {
            (
                name.to_ascii_lowercase(),
                String::from_utf8_lossy(&value).into_owned(),
            )
        })
        .collect();
    req
}

async fn read_body(
    incoming: IncomingRequest,
    head: &ApiRequest,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    use futures::StreamExt;
    request::check_declared_length(head.header("content-length"), limit)?;
    let mut stream = incoming.into_body_stream();
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::BadRequest("The request body could not be read.".into()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::Access;
    use ratusz_domain::endpoints::{Endpoint, Exposure, HttpMethod};

    static ECHO: Endpoint = Endpoint {
        method: HttpMethod::Post,
        path: "/api/echo/:id",
        summary: "",
        exposure: Exposure::Public,
    };
    static BOOM: Endpoint = Endpoint {
        method: HttpMethod::Get,
        path: "/api/boom",
        summary: "",
        exposure: Exposure::Public,
    };

    fn app() -> App {
        App::new(
            Router::new()
                .route(&ECHO, Access::Public, |ctx: &Ctx| {
                    let v: serde_json::Value = ctx.req.json()?;
                    Ok(crate::response::ok(
                        &serde_json::json!({"id": ctx.params.get("id"), "got": v}),
                    ))
                })
                .route(&BOOM, Access::Public, |_: &Ctx| {
                    Err(ApiError::internal("disk on fire at /var/db"))
                }),
        )
    }

    fn status_and_body(req: ApiRequest) -> (u16, String) {
        let resp = app().dispatch(&req);
        (
            *resp.status(),
            String::from_utf8_lossy(resp.body()).into_owned(),
        )
    }

    #[test]
    fn pipeline_table() {
        let json_post = |path: &str, body: &str| {
            ApiRequest::new("POST", path)
                .with_header("content-type", "application/json")
                .with_body(body.to_owned())
        };
        let cases = [
            (
                "routed",
                json_post("/api/echo/7", r#"{"a":1}"#),
                200,
                r#""id":"7""#,
            ),
            (
                "unknown path",
                ApiRequest::new("GET", "/api/nope"),
                404,
                r#""code":"not_found""#,
            ),
            (
                "wrong method",
                ApiRequest::new("GET", "/api/echo/7"),
                405,
                r#""code":"method_not_allowed""#,
            ),
            (
                "bad JSON",
                json_post("/api/echo/7", "{"),
                400,
                r#""code":"bad_request""#,
            ),
            (
                "too large",
                json_post("/api/echo/7", &"x".repeat(request::DEFAULT_BODY_LIMIT + 1)),
                413,
                "payload_too_large",
            ),
            (
                "csrf",
                json_post("/api/echo/7", "{}").with_header("cookie", "s=1"),
                403,
                "csrf_required",
            ),
            (
                "internal",
                ApiRequest::new("GET", "/api/boom"),
                500,
                r#""code":"internal""#,
            ),
        ];
        for (name, req, status, needle) in cases {
            let (s, body) = status_and_body(req);
            assert_eq!(s, status, "{name}: {body}");
            assert!(body.contains(needle), "{name}: {body}");
            assert!(!body.contains("disk on fire"), "{name}: leaked {body}");
        }
    }

    /// A window running now (an hour either side of the wall clock).
    struct RunningWindow;

    impl ScheduleSource for RunningWindow {
        fn schedule(&self) -> Result<ratusz_domain::maintenance::Schedule, ApiError> {
            let now = crate::runtime::now();
            Ok(ratusz_domain::maintenance::Schedule {
                windows: vec![ratusz_domain::maintenance::ScheduledWindow {
                    id: "w".into(),
                    starts_at: now.plus_seconds(-3600),
                    ends_at: now.plus_seconds(3600),
                    reason: "aktualizacja".into(),
                }],
            })
        }
    }

    #[test]
    fn a_running_window_answers_503_with_retry_after_except_on_open_routes() {
        let app = app().with_sessions(crate::guard::NoSessions);
        let req = ApiRequest::new("POST", "/api/echo/7")
            .with_header("content-type", "application/json")
            .with_body("{}");
        let resp = app.dispatch_with(&req, &RunningWindow);
        assert_eq!(*resp.status(), 503);
        let body = String::from_utf8_lossy(resp.body()).into_owned();
        assert!(body.contains(r#""code":"maintenance""#), "{body}");
        let retry: u64 = resp
            .header("retry-after")
            .and_then(|v| v.as_str())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        assert!((3590..=3600).contains(&retry), "{retry}");
        // Unrouted paths stay 404 and the same request without a window is served.
        let unrouted = app.dispatch_with(&ApiRequest::new("GET", "/api/nope"), &RunningWindow);
        assert_eq!(*unrouted.status(), 404);
        assert_eq!(*app.dispatch_with(&req, &NoWindows).status(), 200);
    }

    #[test]
    fn health_stays_open_during_a_window() {
        let app = App::new(Router::new().route(
            &ratusz_domain::endpoints::HEALTH,
            Access::Public,
            |_: &Ctx| Ok(crate::response::ok(&serde_json::json!({"status": "ok"}))),
        ));
        let resp = app.dispatch_with(&ApiRequest::new("GET", "/api/health"), &RunningWindow);
        assert_eq!(*resp.status(), 200);
    }

    #[test]
    fn common_headers_are_added() {
        let resp = app().dispatch(&ApiRequest::new("GET", "/api/nope"));
        assert_eq!(
            resp.header("cache-control").and_then(|v| v.as_str()),
            Some("no-store")
        );
        assert_eq!(
            resp.header("x-content-type-options")
                .and_then(|v| v.as_str()),
            Some("nosniff")
        );
        let resp = app().dispatch(&ApiRequest::new("PUT", "/api/echo/1"));
        assert_eq!(resp.header("allow").and_then(|v| v.as_str()), Some("POST"));
    }
}
