//! The payload a push carries: just enough for the service worker to show a notification and
//! open the right page. Never a message's text: push services see a payload's size and timing,
//! and the contract (docs/api/messaging.md § Live) keeps contents off them.

use serde::{Deserialize, Serialize};

/// What the service worker shows: a title, a short body and the app path to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushNotification {
    /// The notification's title (e.g. the conversation).
    pub title: String,
    /// Its body (e.g. "Nowa wiadomość").
    pub body: String,
    /// The same-origin path the click opens (e.g. `/chat/<id>`).
    pub url: String,
}

impl PushNotification {
    /// The JSON the service worker parses.
    pub fn to_json_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}
