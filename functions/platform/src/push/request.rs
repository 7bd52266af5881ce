//! One push as an HTTP request (RFC 8030 §5): built without I/O, so it is tested natively.

use super::config::PushConfig;
use ratusz_domain::id::Entropy;
use ratusz_domain::time::Timestamp;
use ratusz_domain::webpush::aes128gcm::bucket_padding;
use ratusz_domain::webpush::subscription::PushServices;
use ratusz_domain::webpush::{
    encrypt, EphemeralKey, PushEndpoint, PushError, PushNotification, SubscriptionKeys, Urgency,
};
use std::collections::HashMap;

/// Payloads are padded to a multiple of this, so push services learn little from the size.
pub const PAD_BUCKET: usize = 256;
/// RFC 8030 §5.4: a topic is at most 32 characters of the base64url alphabet.
pub const TOPIC_MAX: usize = 32;
/// How often a fresh ephemeral key is drawn before giving up (a draw fails with p ≈ 2⁻³²).
const KEY_DRAWS: usize = 4;

/// A subscription the sender can use: an allowed endpoint and valid keys.
#[derive(Debug, Clone)]
pub struct PushSubscription {
    /// Where to POST.
    pub endpoint: PushEndpoint,
    /// Whom to encrypt for.
    pub keys: SubscriptionKeys,
}

impl PushSubscription {
    /// Parses what the browser's `PushSubscription.toJSON()` gave.
    pub fn parse(
        endpoint: &str,
        p256dh: &str,
        auth: &str,
        services: &PushServices,
    ) -> Result<Self, PushError> {
        Ok(Self {
            endpoint: PushEndpoint::parse(endpoint, services)?,
            keys: SubscriptionKeys::parse(p256dh, auth)?,
        })
    }
}

/// What to push and how the push service should treat it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMessage {
    /// The notification (never a message's text).
    pub notification: PushNotification,
    /// How long the push service keeps it for an offline browser (`TTL`, seconds).
    pub ttl_s: u32,
    /// `Urgency`.
    pub urgency: Urgency,
    /// `Topic`: a newer push with the same topic replaces an undelivered older one (e.g. one
    /// per conversation); dropped unless it is 1–32 base64url characters.
    pub topic: Option<String>,
}

/// The request to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRequest {
    /// The endpoint.
    pub url: String,
    /// Header names (lowercase) and values.
    pub headers: Vec<(&'static str, String)>,
    /// The `aes128gcm` body.
    pub body: Vec<u8>,
}

/// The `Authorization` headers of one fan-out, by push service. RFC 8292 lets one token serve
/// every push to the same origin until it expires, so a fan-out signs once per push service
/// instead of once per push (the ES256 signature was one of the three P-256 operations a push
/// cost). Kept only for one fan-out (seconds): a token is valid for 12 hours from `now`.
#[derive(Debug, Default)]
pub struct Authorizations(HashMap<String, String>);

impl Authorizations {
    /// The header for the push service at `audience` (an origin), signed on first use.
    pub fn for_audience(&mut self, config: &PushConfig, audience: &str, now: Timestamp) -> &str {
        self.0
            .entry(audience.to_owned())
            .or_insert_with(|| config.vapid.authorization(audience, &config.subject, now))
    }

    /// How many tokens were signed.
    pub fn signed(&self) -> usize {
        self.0.len()
    }
}

/// Encrypts `message` for `subscription` with fresh randomness and signs it at `now` (the
/// token from `authorizations`, signed there once per push service).
pub fn build(
    config: &PushConfig,
    subscription: &PushSubscription,
    message: &PushMessage,
    now: Timestamp,
    authorizations: &mut Authorizations,
    entropy: &mut dyn Entropy,
) -> Result<PushRequest, PushError> {
    let payload = message.notification.to_json_bytes();
    let ephemeral = draw_ephemeral_key(entropy)?;
    let mut salt = [0u8; 16];
    entropy.fill(&mut salt);
    let padding = bucket_padding(payload.len(), PAD_BUCKET);
    let body = encrypt(&payload, &subscription.keys, &ephemeral, &salt, padding)?;
    let audience = subscription.endpoint.origin();
    let mut headers = vec![
        ("content-type", "application/octet-stream".to_owned()),
        ("content-encoding", "aes128gcm".to_owned()),
        // A known length: push services refuse chunked bodies.
        ("content-length", body.len().to_string()),
        ("ttl", message.ttl_s.to_string()),
        ("urgency", message.urgency.as_str().to_owned()),
        (
            "authorization",
            authorizations
                .for_audience(config, &audience, now)
                .to_owned(),
        ),
    ];
    if let Some(topic) = message.topic.as_deref().filter(|t| valid_topic(t)) {
        headers.push(("topic", topic.to_owned()));
    }
    Ok(PushRequest {
        url: subscription.endpoint.url().to_owned(),
        headers,
        body,
    })
}

fn draw_ephemeral_key(entropy: &mut dyn Entropy) -> Result<EphemeralKey, PushError> {
    let mut last = PushError::BadEphemeralKey;
    for _ in 0..KEY_DRAWS {
        let mut bytes = [0u8; 32];
        entropy.fill(&mut bytes);
        match EphemeralKey::from_bytes(&bytes) {
            Ok(key) => return Ok(key),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn valid_topic(topic: &str) -> bool {
    (1..=TOPIC_MAX).contains(&topic.len())
        && topic
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapVars;
    use ratusz_domain::webpush::{decrypt, from_base64url};

    /// Counts up from a seed: reproducible randomness.
    struct Counter(u8);
    impl Entropy for Counter {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                *b = self.0;
                self.0 = self.0.wrapping_add(1);
            }
        }
    }

    const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const UA_PUBLIC: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

    fn config() -> PushConfig {
        let vars = MapVars(
            [
                (
                    "vapid_private_key",
                    "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
                ),
                ("vapid_subject", "mailto:it@gorzow.pl"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        );
        PushConfig::from_vars(&vars).unwrap().unwrap()
    }

    fn message(topic: Option<&str>) -> PushMessage {
        PushMessage {
            notification: PushNotification {
                title: "Komisja Budżetowa".into(),
                body: "Nowa wiadomość".into(),
                url: "/chat/01JC".into(),
            },
            ttl_s: 3600,
            urgency: Urgency::High,
            topic: topic.map(str::to_owned),
        }
    }

    #[test]
    fn the_request_carries_an_encrypted_padded_body_and_the_rfc_8030_headers() {
        let config = config();
        let sub = PushSubscription::parse(
            "https://fcm.googleapis.com/fcm/send/abc",
            UA_PUBLIC,
            AUTH,
            &config.services,
        )
        .unwrap();
        let now = Timestamp::from_unix_ms(1_800_000_000_000);
        let mut authorizations = Authorizations::default();
        let request = build(
            &config,
            &sub,
            &message(Some("01JCCONV")),
            now,
            &mut authorizations,
            &mut Counter(1),
        )
        .unwrap();
        assert_eq!(request.url, "https://fcm.googleapis.com/fcm/send/abc");
        let header = |name: &str| {
            request
                .headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("content-encoding"), Some("aes128gcm"));
        assert_eq!(header("ttl"), Some("3600"));
        assert_eq!(header("urgency"), Some("high"));
        assert_eq!(header("topic"), Some("01JCCONV"));
        assert_eq!(
            header("content-length"),
            Some(request.body.len().to_string().as_str())
        );
        let auth = header("authorization").unwrap();
        assert_eq!(
            auth,
            config
                .vapid
                .authorization("https://fcm.googleapis.com", "mailto:it@gorzow.pl", now)
        );
        // The browser's side opens it; the size is one bucket whatever the text.
        let plaintext = decrypt(
            &request.body,
            &from_base64url(UA_PRIVATE).unwrap(),
            &from_base64url(AUTH).unwrap(),
        )
        .unwrap();
        let shown: PushNotification = serde_json::from_slice(&plaintext).unwrap();
        assert_eq!(shown, message(None).notification);
        assert_eq!(request.body.len(), 86 + PAD_BUCKET + 16);
        // Fresh randomness, a fresh body.
        let again = build(
            &config,
            &sub,
            &message(None),
            now,
            &mut authorizations,
            &mut Counter(77),
        )
        .unwrap();
        assert_ne!(again.body, request.body);
        // One push service, one token for the fan-out.
        assert_eq!(authorizations.signed(), 1);
    }

    #[test]
    fn a_fan_out_signs_one_token_per_push_service_each_for_its_own_origin() {
        let config = config();
        let now = Timestamp::from_unix_ms(1_800_000_000_000);
        let mut authorizations = Authorizations::default();
        let mut sent_to = |endpoint: &str| {
            let sub = PushSubscription::parse(endpoint, UA_PUBLIC, AUTH, &config.services).unwrap();
            let request = build(
                &config,
                &sub,
                &message(None),
                now,
                &mut authorizations,
                &mut Counter(3),
            )
            .unwrap();
            request
                .headers
                .into_iter()
                .find(|(n, _)| *n == "authorization")
                .map(|(_, v)| v)
                .unwrap()
        };
        let fcm_1 = sent_to("https://fcm.googleapis.com/fcm/send/a");
        let apple = sent_to("https://web.push.apple.com/b");
        let fcm_2 = sent_to("https://fcm.googleapis.com/fcm/send/c");
        assert_eq!(fcm_1, fcm_2);
        assert_eq!(
            fcm_1,
            config
                .vapid
                .authorization("https://fcm.googleapis.com", "mailto:it@gorzow.pl", now)
        );
        assert_eq!(
            apple,
            config
                .vapid
                .authorization("https://web.push.apple.com", "mailto:it@gorzow.pl", now)
        );
        assert_eq!(authorizations.signed(), 2);
    }

    #[test]
    fn topics_outside_rfc_8030_are_left_out() {
        let config = config();
        let sub = PushSubscription::parse(
            "https://web.push.apple.com/x",
            UA_PUBLIC,
            AUTH,
            &config.services,
        )
        .unwrap();
        let now = Timestamp::from_unix_ms(0);
        for bad in ["", "with space", "ą", &"a".repeat(33)] {
            let request = build(
                &config,
                &sub,
                &message(Some(bad)),
                now,
                &mut Authorizations::default(),
                &mut Counter(1),
            )
            .unwrap();
            assert!(
                request.headers.iter().all(|(n, _)| *n != "topic"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_payload_too_large_for_one_record_is_an_error_not_a_panic() {
        let config = config();
        let sub = PushSubscription::parse(
            "https://web.push.apple.com/x",
            UA_PUBLIC,
            AUTH,
            &config.services,
        )
        .unwrap();
        let mut big = message(None);
        big.notification.title = "x".repeat(5000);
        assert_eq!(
            build(
                &config,
                &sub,
                &big,
                Timestamp::from_unix_ms(0),
                &mut Authorizations::default(),
                &mut Counter(1)
            )
            .err(),
            Some(PushError::PayloadTooLarge)
        );
    }
}
