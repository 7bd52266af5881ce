//! A message's body at rest: its Markdown source and the server's rendering, sealed together
//! under `data_keys` with the conversation and message ids as associated data, so a body
//! copied into another row or conversation does not open.

use crate::settings::Settings;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::ApiError;
use serde::{Deserialize, Serialize};

/// What the seal's associated data names.
const PURPOSE: &str = "chat.message";

/// The plaintext of a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// Markdown source.
    pub text: String,
    /// The safe rendering.
    pub html: String,
}

fn binding(cid: &str, mid: &str) -> String {
    format!("{cid}/{mid}")
}

/// Seals `body` for message `mid` of `cid`.
pub fn seal(settings: &Settings, cid: &str, mid: &str, body: &Body) -> Result<String, ApiError> {
    let plain = serde_json::to_vec(body).map_err(ApiError::internal)?;
    settings
        .keyring
        .seal(PURPOSE, &binding(cid, mid), &plain, &mut HostEntropy)
        .map_err(ApiError::internal)
}

/// Opens the sealed body of message `mid` of `cid`.
pub fn open(settings: &Settings, cid: &str, mid: &str, sealed: &str) -> Result<Body, ApiError> {
    let plain = settings
        .keyring
        .open(PURPOSE, &binding(cid, mid), sealed)
        .map_err(ApiError::internal)?;
    serde_json::from_slice(&plain).map_err(ApiError::internal)
}
