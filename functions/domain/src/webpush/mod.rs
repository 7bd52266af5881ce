//! Web Push, the pure part: what a push service must receive (feature `webpush`).
//!
//! - [`aes128gcm`]: RFC 8291 message encryption in RFC 8188's `aes128gcm` content coding
//!   (ECDH P-256 with the subscription's `p256dh`, HKDF-SHA256 with its `auth` secret,
//!   AES-128-GCM, one record, padded), and the receiver's decryption (tests, capture service).
//! - [`vapid`]: RFC 8292 VAPID, an ES256 JWT for the push service's origin and the
//!   `Authorization: vapid t=…, k=…` header.
//! - [`subscription`]: a subscription's keys and endpoint, parsed strictly (never a panic).
//! - [`delivery`]: what the push service's answer means (delivered, gone, retry).
//!
//! No I/O: the ephemeral key, the salt and the time are passed in, so every output is
//! reproducible in a test. The platform's `push` module does the POST.

pub mod aes128gcm;
pub mod delivery;
pub mod notification;
pub mod subscription;
pub mod vapid;

pub use aes128gcm::{decrypt, encrypt, EphemeralKey};
pub use delivery::{Delivery, Urgency};
pub use notification::PushNotification;
pub use subscription::{PushEndpoint, SubscriptionKeys};
pub use vapid::VapidKey;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use std::fmt;

/// Why a push could not be built or read. Never carries key material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushError {
    /// `p256dh` is not base64url of an uncompressed P-256 point (65 bytes, on the curve).
    BadP256dh,
    /// `auth` is not base64url of 16 bytes.
    BadAuth,
    /// The VAPID private key is not base64url of a valid P-256 scalar.
    BadVapidKey,
    /// The ephemeral key given is not a valid P-256 scalar.
    BadEphemeralKey,
    /// The payload does not fit one 4096-byte record.
    PayloadTooLarge,
    /// The endpoint is not an absolute URL the sender may call.
    BadEndpoint,
    /// The body is not an `aes128gcm` message for these keys (receiver side).
    Undecryptable,
}

impl fmt::Display for PushError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadP256dh => "p256dh is not an uncompressed P-256 public key",
            Self::BadAuth => "auth is not a 16-byte secret",
            Self::BadVapidKey => "the VAPID private key is not a P-256 scalar",
            Self::BadEphemeralKey => "the ephemeral key is not a P-256 scalar",
            Self::PayloadTooLarge => "the payload does not fit one push record",
            Self::BadEndpoint => "the endpoint is not an allowed push service URL",
            Self::Undecryptable => "the message does not decrypt with these keys",
        })
    }
}

impl std::error::Error for PushError {}

/// Base64url without padding, as the Push API and VAPID write keys.
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url, tolerating `=` padding (some clients send it); `None` for anything else.
pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}
