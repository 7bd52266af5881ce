//! `auth` component: accounts, sessions, password resets, incidents, audit (next milestone);
//! for now the system endpoints — health, the OpenAPI document — and the scheduled tick.
//!
//! Thin shell: every request goes through [`ratusz_platform::App`] (parse → guard → handler →
//! one error mapping). Paths under this component's routes that no handler serves get a 404
//! `not_found` problem.

use ratusz_domain::endpoints;
use ratusz_platform::{system, Access, App, Router};

/// The component's routes. The same code also runs as `auth-tick`, whose private route is
/// the only way to reach `/internal/tick`.
fn app() -> App {
    let router =
        system::routes(Router::new()).route(&endpoints::TICK, Access::Internal, system::tick);
    App::new(router)
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
