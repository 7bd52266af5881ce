//! Web Push (issues 16 and 17): what one push costs the sender before the network — the
//! RFC 8291 encryption (an ephemeral P-256 key, ECDH, HKDF, AES-128-GCM) and the RFC 8292
//! VAPID signature — natively, and what that makes of a 100,000-push fan-out. The components
//! run the same code compiled to wasm, which is slower; the number is a floor.

use anyhow::{anyhow, Result};
use ratusz_domain::time::Timestamp;
use ratusz_domain::webpush::aes128gcm::bucket_padding;
use ratusz_domain::webpush::{encrypt, EphemeralKey, SubscriptionKeys, VapidKey};
use std::time::Instant;

const PUSHES: u32 = 2_000;
const FAN_OUT: f64 = 100_000.0;
/// RFC 8291 Appendix A's user agent and the VAPID key of the domain's tests (bench only).
const P256DH: &str =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
const VAPID: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

/// Prints the cost of building one push.
pub fn bench() -> Result<()> {
    println!("\n## Web Push: building one push (native; the wasm sender is slower)");
    let keys = SubscriptionKeys::parse(P256DH, AUTH).map_err(|e| anyhow!("{e}"))?;
    let vapid = VapidKey::from_base64url(VAPID).map_err(|e| anyhow!("{e}"))?;
    let payload = br#"{"title":"Komisja Budzetowa","body":"Nowa wiadomosc","url":"/chat/01JC"}"#;
    let padding = bucket_padding(payload.len(), 256);
    let now = Timestamp::from_unix_ms(1_800_000_000_000);
    let started = Instant::now();
    let mut bytes = 0usize;
    for i in 0..PUSHES {
        // A fresh ephemeral key and salt per push, as the sender draws them.
        let mut seed = [7u8; 32];
        seed[..4].copy_from_slice(&i.to_be_bytes());
        let ephemeral = EphemeralKey::from_bytes(&seed).map_err(|e| anyhow!("{e}"))?;
        let body = encrypt(payload, &keys, &ephemeral, &[i as u8; 16], padding)
            .map_err(|e| anyhow!("{e}"))?;
        let header = vapid.authorization("https://fcm.googleapis.com", "mailto:it@example.pl", now);
        bytes += body.len() + header.len();
    }
    let per_push = started.elapsed().as_secs_f64() / f64::from(PUSHES);
    println!(
        "encrypt + VAPID per push:   {:>8.1} µs ({} pushes, {} bytes each)",
        per_push * 1e6,
        PUSHES,
        bytes / PUSHES as usize
    );
    println!(
        "CPU for 100,000 pushes:     {:>8.1} s (one core, before any request is sent)",
        per_push * FAN_OUT
    );
    Ok(())
}
