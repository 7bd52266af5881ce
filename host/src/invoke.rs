//! Running one request through a component: a fresh store and instance, a wall-clock
//! deadline enforced by epoch interruption, and the guest's response (or why there is none).

use crate::app::LoadedComponent;
use crate::state::HostState;
use bytes::Bytes;
use hyper::body::Body;
use std::time::{Duration, Instant};
use tokio::sync::OwnedSemaphorePermit;
use wasmtime::{Store, UpdateDeadline};
use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;
use wasmtime_wasi_http::WasiHttpView;

/// How a request ended.
pub enum Outcome {
    /// The guest produced a response head (the body may still be streaming).
    Response(hyper::Response<HyperOutgoingBody>),
    /// The guest trapped, returned an error, or never responded. The detail is for the log only.
    Failed(String),
    /// The deadline passed before a response head.
    TimedOut,
}

/// Instantiates the component and calls its `wasi:http/incoming-handler`. `permit` (a slot of
/// the instance pool) is held until the instance is gone.
pub async fn invoke<B>(
    component: &LoadedComponent,
    request: hyper::Request<B>,
    timeout: Duration,
    permit: OwnedSemaphorePermit,
) -> Outcome
where
    B: Body<Data = Bytes> + Send + 'static,
    B::Error: Into<wasmtime_wasi_http::Error>,
{
    let deadline = Instant::now() + timeout;
    let state =
        match HostState::with_test_clock(component.ctx.clone(), component.test_clock.as_deref()) {
            Ok(s) => s,
            Err(e) => return Outcome::Failed(format!("cannot prepare instance: {e:#}")),
        };
    let mut store = Store::new(component.pre.engine(), state);
    store.set_epoch_deadline(1);
    // Yield to tokio on every tick so a spinning guest never holds a worker thread, and
    // interrupt it once the wall-clock deadline has passed.
    store.epoch_deadline_callback(move |_| {
        if Instant::now() >= deadline {
            Ok(UpdateDeadline::Interrupt)
        } else {
            Ok(UpdateDeadline::Yield(1))
        }
    });
    let (sender, receiver) = tokio::sync::oneshot::channel();
    store.data_mut().admit_incoming_headers(true);
    let incoming = store
        .data_mut()
        .http()
        .new_incoming_request(Scheme::Http, request);
    store.data_mut().admit_incoming_headers(false);
    let prepared =
        incoming.and_then(|req| Ok((req, store.data_mut().http().new_response_outparam(sender)?)));
    let (req, out) = match prepared {
        Ok(pair) => pair,
        Err(e) => return Outcome::Failed(format!("cannot pass request to guest: {e:#}")),
    };
    let pre = component.pre.clone();
    let task = tokio::spawn(tokio::time::timeout_at(deadline.into(), async move {
        let _permit = permit;
        let proxy = pre.instantiate_async(&mut store).await?;
        proxy
            .wasi_http_incoming_handler()
            .call_handle(&mut store, req, out)
            .await
    }));
    match tokio::time::timeout_at(deadline.into(), receiver).await {
        Ok(Ok(Ok(response))) => Outcome::Response(response),
        Ok(Ok(Err(code))) => Outcome::Failed(format!("guest returned error {code:?}")),
        Ok(Err(_)) => match task.await {
            _ if Instant::now() >= deadline => Outcome::TimedOut,
            Ok(Ok(Ok(()))) => Outcome::Failed("guest never set a response".into()),
            Ok(Ok(Err(e))) => Outcome::Failed(format!("guest trapped: {e:#}")),
            Ok(Err(_)) => Outcome::TimedOut,
            Err(e) => Outcome::Failed(format!("guest task failed: {e}")),
        },
        Err(_) => {
            task.abort();
            Outcome::TimedOut
        }
    }
}
