//! `voting` component: meetings, attendance, floor, polls, results (council milestone).
//!
//! For now it serves nothing of its own: every path under its routes answers a 404
//! `not_found` problem through the shared shell.

use ratusz_platform::{App, Router};

fn app() -> App {
    App::new(Router::new())
}

/// The wasi:http export. `#[http_component]` expands to the component ABI glue, which is
/// `unsafe` by nature; the allowance is scoped to this module, our own code stays safe.
#[allow(unsafe_code)]
mod export {
    use spin_sdk::http::{IncomingRequest, Response};

    #[spin_sdk::http_component]
    async fn handle(req: IncomingRequest) -> Response {
        super::app().serve(req).await
    }
}
