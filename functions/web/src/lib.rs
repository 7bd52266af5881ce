//! `web` component: serves the built frontend (`frontend/dist`, mounted at `/`) with per-kind
//! cache policies, precompressed variants, strong ETags, SPA fallback and security headers.
//!
//! Every decision is in [`policy`] (pure, table-tested); this file only reads `_files.json`
//! and the chosen file, and sends the answer.

pub mod manifest;
pub mod policy;

use manifest::{Manifest, MANIFEST_PATH};
use policy::{Body, Decision, StaticRequest};
use spin_sdk::http::{IncomingRequest, Response};

/// Where `spin.toml` mounts the dist (`destination = "/"`).
const ROOT: &str = "";

fn serve(req: &IncomingRequest) -> Response {
    let method = req.method().to_string();
    let path_and_query = req.path_with_query().unwrap_or_else(|| "/".to_owned());
    let path = path_and_query.split('?').next().unwrap_or("/");
    let headers = req.headers();
    let first = |name: &str| {
        headers
            .get(name)
            .first()
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    let (accept_encoding, if_none_match) = (first("accept-encoding"), first("if-none-match"));
    let static_req = StaticRequest {
        method: &method,
        path,
        accept_encoding: accept_encoding.as_deref(),
        if_none_match: if_none_match.as_deref(),
    };
    let decision = match load_manifest() {
        Ok(manifest) => policy::decide(&static_req, &manifest),
        Err(e) if policy::is_api(path) => {
            eprintln!("ratusz-web: {e}");
            policy::decide(&static_req, &Manifest::default())
        }
        Err(e) => {
            eprintln!("ratusz-web: {e}");
            policy::not_built()
        }
    };
    respond(decision)
}

fn load_manifest() -> Result<Manifest, String> {
    let bytes = std::fs::read(format!("{ROOT}{MANIFEST_PATH}"))
        .map_err(|e| format!("reading {MANIFEST_PATH}: {e}"))?;
    Manifest::parse(&bytes).map_err(|e| format!("parsing {MANIFEST_PATH}: {e}"))
}

fn respond(decision: Decision) -> Response {
    let Decision {
        status,
        headers,
        body,
    } = decision;
    let bytes = match body {
        Body::Empty => Vec::new(),
        Body::Text(text) => text.into_bytes(),
        Body::File(path) => match std::fs::read(format!("{ROOT}{path}")) {
            Ok(bytes) => bytes,
            Err(e) => {
                // Listed in the manifest but not on disk: a broken build, not a client error.
                eprintln!("ratusz-web: reading {path}: {e}");
                return respond(policy::not_built());
            }
        },
    };
    let mut builder = Response::builder();
    builder.status(status);
    for (name, value) in headers {
        builder.header(name, value);
    }
    builder.body(bytes).build()
}

/// The wasi:http export; the ABI glue `#[http_component]` generates is `unsafe` by nature,
/// so the allowance is scoped to this module.
#[allow(unsafe_code)]
mod export {
    use spin_sdk::http::{IncomingRequest, Response};

    #[spin_sdk::http_component]
    fn handle(req: IncomingRequest) -> Response {
        super::serve(&req)
    }
}
