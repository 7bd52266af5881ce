//! A push service for tests, as a browser vendor's would treat our pushes (RFC 8030, 8291,
//! 8292): it holds each test subscription's private key and auth secret, and for every POST
//! checks the VAPID JWT (ES256 signature with the key in `k`, verified by `jwt-simple`; `aud`
//! = this service's origin; `exp` in the future and at most 24 hours ahead; `sub` a contact),
//! decrypts the `aes128gcm` body, and records what arrived. It answers 201, or 403 for a bad
//! VAPID token, 400 for a body that does not decrypt, 404 for an unknown subscription, or
//! whatever [`PushService::set_status`] tells it for one subscription (404, 410, 429…).

use crate::capture::{CaptureServer, CapturedRequest};
use anyhow::{anyhow, bail, Context, Result};
use jwt_simple::prelude::{ECDSAP256PublicKeyLike, ES256PublicKey, NoCustomClaims};
use p256::elliptic_curve::sec1::ToSec1Point;
use ratusz_domain::webpush::{base64url, decrypt, from_base64url};
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where subscription endpoints live on the service.
const PUSH_PATH: &str = "/push/";

/// What a browser's `PushSubscription.toJSON()` gives for one test subscription.
#[derive(Debug, Clone)]
pub struct TestSubscription {
    /// The endpoint URL.
    pub endpoint: String,
    /// `keys.p256dh`.
    pub p256dh: String,
    /// `keys.auth`.
    pub auth: String,
}

impl TestSubscription {
    /// The JSON body a client POSTs to subscribe.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "endpoint": self.endpoint,
            "keys": { "p256dh": self.p256dh, "auth": self.auth },
        })
    }
}

/// One push the service accepted: decrypted and with a valid VAPID token.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedPush {
    /// The decrypted payload, parsed as JSON.
    pub payload: serde_json::Value,
    /// `TTL`.
    pub ttl: u32,
    /// `Urgency`, if sent.
    pub urgency: Option<String>,
    /// `Topic`, if sent.
    pub topic: Option<String>,
    /// The VAPID public key (`k`) that signed it.
    pub vapid_key: String,
    /// The JWT's `sub`.
    pub subject: String,
}

/// What happened to one POST.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The subscription (the last path segment).
    pub name: String,
    /// The status answered.
    pub status: u16,
    /// The push, or why it was refused.
    pub outcome: std::result::Result<ReceivedPush, String>,
}

struct Subscriber {
    private_key: [u8; 32],
    auth: [u8; 16],
    status: Option<u16>,
}

#[derive(Default)]
struct State {
    origin: String,
    subscribers: HashMap<String, Subscriber>,
    arrivals: Vec<Arrival>,
    vapid_key: Option<String>,
    clock_offset_ms: i64,
}

/// The service, on `127.0.0.1:<free port>` until dropped.
pub struct PushService {
    capture: CaptureServer,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for PushService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushService")
            .field("origin", &self.origin())
            .finish_non_exhaustive()
    }
}

impl PushService {
    /// Starts the service.
    pub fn start() -> Result<Self> {
        let state = Arc::new(Mutex::new(State::default()));
        let handler_state = Arc::clone(&state);
        let capture = CaptureServer::with_responder(Arc::new(move |request| {
            let mut state = lock(&handler_state);
            let arrival = receive(&state, request);
            let status = arrival.status;
            state.arrivals.push(arrival);
            status
        }))?;
        lock(&state).origin = capture.origin();
        Ok(Self { capture, state })
    }

    /// `http://127.0.0.1:PORT`: the app's `push_service_origin` and the tokens' `aud`.
    pub fn origin(&self) -> String {
        self.capture.origin()
    }

    /// A new subscription named `name` with a fresh key pair and auth secret.
    pub fn subscribe(&self, name: &str) -> Result<TestSubscription> {
        let (private_key, public) = loop {
            let bytes: [u8; 32] = random_bytes()?;
            if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
                let public = secret.public_key().to_sec1_point(false).as_bytes().to_vec();
                break (bytes, public);
            }
        };
        let auth: [u8; 16] = random_bytes()?;
        lock(&self.state).subscribers.insert(
            name.to_owned(),
            Subscriber {
                private_key,
                auth,
                status: None,
            },
        );
        Ok(TestSubscription {
            endpoint: format!("{}{PUSH_PATH}{name}", self.origin()),
            p256dh: base64url(&public),
            auth: base64url(&auth),
        })
    }

    /// Answers `status` for `name` from now on without reading the push (404, 410, 429…);
    /// `None` goes back to checking and 201.
    pub fn set_status(&self, name: &str, status: Option<u16>) {
        if let Some(s) = lock(&self.state).subscribers.get_mut(name) {
            s.status = status;
        }
    }

    /// Refuses (403) pushes signed by any VAPID key but `key` (base64url), as a push service
    /// does for a subscription made with `applicationServerKey` = `key`.
    pub fn expect_vapid_key(&self, key: &str) {
        lock(&self.state).vapid_key = Some(key.to_owned());
    }

    /// Shifts the service's clock (to match a host run with a moved test clock).
    pub fn set_clock_offset_ms(&self, offset: i64) {
        lock(&self.state).clock_offset_ms = offset;
    }

    /// Every POST so far, oldest first.
    pub fn arrivals(&self) -> Vec<Arrival> {
        lock(&self.state).arrivals.clone()
    }

    /// The POSTs to `name` so far.
    pub fn arrivals_for(&self, name: &str) -> Vec<Arrival> {
        self.arrivals()
            .into_iter()
            .filter(|a| a.name == name)
            .collect()
    }

    /// Waits until `count` POSTs reached `name`; fails if any of them was refused.
    pub fn wait_for(
        &self,
        name: &str,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<ReceivedPush>> {
        let arrivals = crate::wait_until(&format!("{count} push(es) to {name}"), timeout, || {
            let arrivals = self.arrivals_for(name);
            (arrivals.len() >= count).then_some(arrivals)
        })
        .with_context(|| format!("arrivals: {:?}", self.arrivals()))?;
        arrivals
            .into_iter()
            .map(|a| {
                a.outcome
                    .map_err(|why| anyhow!("push to {name} refused: {why}"))
            })
            .collect()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom")?;
    Ok(bytes)
}

fn receive(state: &State, request: &CapturedRequest) -> Arrival {
    let name = request
        .path_only()
        .strip_prefix(PUSH_PATH)
        .unwrap_or_default()
        .to_owned();
    let refuse = |status: u16, why: String| Arrival {
        name: name.clone(),
        status,
        outcome: Err(why),
    };
    let Some(subscriber) = state.subscribers.get(&name) else {
        return refuse(404, format!("no subscription at {}", request.path));
    };
    if let Some(status) = subscriber.status {
        return refuse(status, format!("told to answer {status}"));
    }
    if request.method != "POST" {
        return refuse(405, format!("method {}", request.method));
    }
    let vapid = match check_vapid(state, request) {
        Ok(vapid) => vapid,
        Err(e) => return refuse(403, format!("VAPID: {e:#}")),
    };
    match open(subscriber, request) {
        Ok((payload, ttl)) => Arrival {
            name: name.clone(),
            status: 201,
            outcome: Ok(ReceivedPush {
                payload,
                ttl,
                urgency: request.header("urgency").map(str::to_owned),
                topic: request.header("topic").map(str::to_owned),
                vapid_key: vapid.0,
                subject: vapid.1,
            }),
        },
        Err(e) => refuse(400, format!("{e:#}")),
    }
}

/// RFC 8292: `Authorization: vapid t=<jwt>, k=<key>`; returns (key, sub).
fn check_vapid(state: &State, request: &CapturedRequest) -> Result<(String, String)> {
    let header = request
        .header("authorization")
        .context("no Authorization")?;
    let (token, key) = header
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .context("not `vapid t=…, k=…`")?;
    if let Some(expected) = &state.vapid_key {
        if key != expected {
            bail!("signed by another application server key");
        }
    }
    let key_bytes = from_base64url(key).context("k is not base64url")?;
    let verifier = ES256PublicKey::from_bytes(&key_bytes).context("k is not a P-256 point")?;
    let claims = verifier
        .verify_token::<NoCustomClaims>(token, None)
        .map_err(|e| anyhow!("signature: {e}"))?;
    let audiences = claims.audiences.context("no aud")?.into_set();
    if audiences != [state.origin.clone()].into() {
        bail!("aud {audiences:?} is not {}", state.origin);
    }
    let exp = claims.expires_at.context("no exp")?.as_secs() as i64;
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
        + state.clock_offset_ms;
    let now = now_ms / 1000;
    if exp <= now || exp > now + 24 * 3600 {
        bail!("exp {exp} is not within 24 h after {now}");
    }
    let subject = claims.subject.context("no sub")?;
    if !(subject.starts_with("mailto:") || subject.starts_with("https://")) {
        bail!("sub {subject:?} is not a contact");
    }
    Ok((key.to_owned(), subject))
}

/// RFC 8030 §5 headers and the RFC 8291 body; returns (payload, TTL).
fn open(subscriber: &Subscriber, request: &CapturedRequest) -> Result<(serde_json::Value, u32)> {
    if request.header("content-encoding") != Some("aes128gcm") {
        bail!("Content-Encoding {:?}", request.header("content-encoding"));
    }
    let ttl = request
        .header("ttl")
        .context("no TTL")?
        .parse()
        .context("TTL is not a number")?;
    if request.body.len() > 4096 {
        bail!("body of {} bytes", request.body.len());
    }
    let plaintext = decrypt(&request.body, &subscriber.private_key, &subscriber.auth)
        .map_err(|e| anyhow!("aes128gcm: {e}"))?;
    let payload = serde_json::from_slice(&plaintext).context("payload is not JSON")?;
    Ok((payload, ttl))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RequestBuilder;
    use ratusz_domain::time::Timestamp;
    use ratusz_domain::webpush::{encrypt, EphemeralKey, SubscriptionKeys, VapidKey};

    const VAPID: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

    fn now() -> Timestamp {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis();
        Timestamp::from_unix_ms(ms as i64)
    }

    /// A push as our sender makes it, with a chosen audience and time.
    fn post(sub: &TestSubscription, payload: &[u8], aud: &str, at: Timestamp, tamper: bool) -> u16 {
        let keys = SubscriptionKeys::parse(&sub.p256dh, &sub.auth).unwrap();
        let ephemeral = EphemeralKey::from_bytes(&[0x42; 32]).unwrap();
        let mut body = encrypt(payload, &keys, &ephemeral, &[7; 16], 10).unwrap();
        if tamper {
            let last = body.len() - 1;
            body[last] ^= 1;
        }
        let vapid = VapidKey::from_base64url(VAPID).unwrap();
        RequestBuilder::new("POST", sub.endpoint.clone())
            .header("content-encoding", "aes128gcm")
            .header("ttl", "60")
            .header("urgency", "high")
            .header(
                "authorization",
                &vapid.authorization(aud, "mailto:it@gorzow.pl", at),
            )
            .body(body)
            .send()
            .unwrap()
            .status
    }

    #[test]
    fn accepts_a_valid_push_and_refuses_bad_tokens_bodies_and_gone_subscriptions() {
        let service = PushService::start().unwrap();
        let anna = service.subscribe("anna").unwrap();
        let origin = service.origin();
        assert_eq!(post(&anna, br#"{"title":"T"}"#, &origin, now(), false), 201);
        let got = service.wait_for("anna", 1, Duration::from_secs(5)).unwrap();
        assert_eq!(got[0].payload, serde_json::json!({"title": "T"}));
        assert_eq!((got[0].ttl, got[0].urgency.as_deref()), (60, Some("high")));
        assert_eq!(got[0].subject, "mailto:it@gorzow.pl");

        // Another audience, an expired token, one valid for more than a day, a tampered body.
        assert_eq!(
            post(&anna, b"{}", "https://fcm.googleapis.com", now(), false),
            403
        );
        assert_eq!(
            post(&anna, b"{}", &origin, now().plus_seconds(-13 * 3600), false),
            403
        );
        assert_eq!(
            post(&anna, b"{}", &origin, now().plus_seconds(13 * 3600), false),
            403
        );
        assert_eq!(post(&anna, b"{}", &origin, now(), true), 400);
        // Another subscription's keys: a body for anna does not open for piotr.
        let piotr = service.subscribe("piotr").unwrap();
        let for_anna = TestSubscription {
            endpoint: piotr.endpoint.clone(),
            ..anna.clone()
        };
        assert_eq!(post(&for_anna, b"{}", &origin, now(), false), 400);
        // Only pushes from the expected application server key.
        service.expect_vapid_key("BOther");
        assert_eq!(post(&anna, b"{}", &origin, now(), false), 403);
        service.expect_vapid_key(
            &VapidKey::from_base64url(VAPID)
                .unwrap()
                .public_key_base64url(),
        );
        assert_eq!(post(&anna, b"{}", &origin, now(), false), 201);
        service.set_status("anna", Some(410));
        assert_eq!(post(&anna, b"{}", &origin, now(), false), 410);
        let unknown = TestSubscription {
            endpoint: format!("{origin}/push/nobody"),
            ..anna.clone()
        };
        assert_eq!(post(&unknown, b"{}", &origin, now(), false), 404);
        assert!(service.wait_for("anna", 3, Duration::from_secs(5)).is_err());
    }
}
