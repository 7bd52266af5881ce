//! Runs `--schedule` entries: every interval, `POST PATH` with an empty body straight to the
//! component, bypassing the public router (so private components are reachable only here).

use crate::exchange::{Exchange, Routed};
use crate::limits::BodyVerdict;
use crate::routing::Router;
use crate::schedule::Schedule;
use crate::server::Frontend;
use bytes::Bytes;
use http::{Method, Request};
use http_body_util::Empty;
use std::sync::Arc;
use tokio::task::JoinHandle;

/// Starts one task per schedule; abort the handles to stop them.
pub fn start(frontend: &Arc<Frontend>) -> Vec<JoinHandle<()>> {
    frontend
        .app
        .schedules
        .iter()
        .cloned()
        .map(|schedule| tokio::spawn(run(Arc::clone(frontend), schedule)))
        .collect()
}

async fn run(frontend: Arc<Frontend>, schedule: Schedule) {
    let mut ticks = tokio::time::interval(schedule.interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await; // the first tick fires immediately; wait one full interval
    loop {
        ticks.tick().await;
        call(&frontend, &schedule).await;
    }
}

async fn call(frontend: &Frontend, schedule: &Schedule) {
    let path = schedule
        .path
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let exchange = Exchange::begin(Method::POST, path.clone());
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("http://localhost{}", schedule.path))
        .header(http::header::HOST, "localhost")
        .header(http::header::CONTENT_LENGTH, "0");
    // Headers as for Spin service chaining: the whole path is the wildcard part.
    if let Ok((router, _)) = Router::build("/", [("/...", schedule.component.as_str())]) {
        if let (Some(m), Some(headers)) = (router.route(&path), request.headers_mut()) {
            let facts = crate::headers::RequestFacts {
                scheme: "http",
                path_and_query: &schedule.path,
                client_addr: ([127, 0, 0, 1], 0).into(),
            };
            crate::headers::apply(headers, &m, facts);
        }
    }
    let Ok(request) = request.body(Empty::<Bytes>::new()) else {
        crate::log::warn(&format!("schedule: invalid path '{}'", schedule.path));
        return;
    };
    let response = frontend
        .run_body(&schedule.component, request, &BodyVerdict::default())
        .await;
    let status = response.status();
    // Drain the body so the guest can finish streaming it.
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .map_or(0, |body| body.to_bytes().len() as u64);
    let routed = Routed {
        route: None,
        component: Some(schedule.component.clone()),
    };
    exchange.done(
        status,
        routed,
        bytes,
        frontend.log_format,
        frontend.metrics(),
    );
}
