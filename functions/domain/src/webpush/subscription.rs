//! A push subscription as the browser's `PushSubscription.toJSON()` gives it: an endpoint URL
//! and two keys. Everything is parsed strictly; malformed input is an error, never a panic.

use super::{from_base64url, PushError};
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::PublicKey;

/// Length of `auth` in bytes (RFC 8291 §3.2).
pub const AUTH_LEN: usize = 16;
/// Length of an uncompressed P-256 point (`p256dh`).
pub const P256DH_LEN: usize = 65;
/// Longest endpoint URL accepted (browsers' are well under 1 KiB).
pub const MAX_ENDPOINT_LEN: usize = 2048;

/// The user agent's keys: its ECDH public key and the shared authentication secret.
#[derive(Clone, PartialEq, Eq)]
pub struct SubscriptionKeys {
    pub(crate) p256dh: PublicKey,
    pub(crate) auth: [u8; AUTH_LEN],
}

impl std::fmt::Debug for SubscriptionKeys {
    // `auth` is a secret shared with the browser: never in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubscriptionKeys { .. }")
    }
}

impl SubscriptionKeys {
    /// Parses `keys.p256dh` and `keys.auth` (base64url).
    pub fn parse(p256dh: &str, auth: &str) -> Result<Self, PushError> {
        let point = from_base64url(p256dh).ok_or(PushError::BadP256dh)?;
        let secret = from_base64url(auth).ok_or(PushError::BadAuth)?;
        Self::from_bytes(&point, &secret)
    }

    /// From raw bytes: a 65-byte uncompressed point on the curve and a 16-byte secret.
    pub fn from_bytes(p256dh: &[u8], auth: &[u8]) -> Result<Self, PushError> {
        // RFC 8291 §3.1: the uncompressed form only (0x04 || X || Y).
        if p256dh.len() != P256DH_LEN || p256dh.first() != Some(&4) {
            return Err(PushError::BadP256dh);
        }
        let p256dh = PublicKey::from_sec1_bytes(p256dh).map_err(|_| PushError::BadP256dh)?;
        let auth = <[u8; AUTH_LEN]>::try_from(auth).map_err(|_| PushError::BadAuth)?;
        Ok(Self { p256dh, auth })
    }

    /// The public key, 65 bytes uncompressed.
    pub fn p256dh_bytes(&self) -> Vec<u8> {
        self.p256dh.to_sec1_point(false).as_bytes().to_vec()
    }

    /// The authentication secret.
    pub fn auth_bytes(&self) -> [u8; AUTH_LEN] {
        self.auth
    }
}

/// Which push services the sender may call: one `allowed_outbound_hosts` entry
/// (`scheme://host[:port]`, host `*`, `*.suffix` or a name), the same value the manifest
/// grants, so a subscription the runtime would refuse to reach is refused when it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushServices {
    scheme: String,
    host: String,
    port: u16,
}

impl PushServices {
    /// Parses the entry; `None` if it is not `scheme://host[:port]` with http(s).
    pub fn parse(entry: &str) -> Option<Self> {
        let (scheme, authority) = entry.trim().trim_end_matches('/').split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return None,
        };
        let (host, port) = split_port(authority, default_port)?;
        if host.is_empty() || authority.contains(['/', '@', '?', '#']) {
            return None;
        }
        Some(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    fn allows(&self, endpoint: &PushEndpoint) -> bool {
        if endpoint.scheme != self.scheme || endpoint.port != self.port {
            return false;
        }
        match self.host.strip_prefix('*') {
            // A wildcard reaches only public DNS names: a subscription must not turn the
            // server into a client of the city's internal network or of itself.
            Some(suffix) => endpoint.is_public_name() && endpoint.host.ends_with(suffix),
            None => endpoint.host == self.host,
        }
    }
}

/// A push service URL the sender may POST to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushEndpoint {
    url: String,
    scheme: String,
    host: String,
    port: u16,
}

impl PushEndpoint {
    /// Parses an endpoint and checks it against the services the sender may call.
    pub fn parse(url: &str, services: &PushServices) -> Result<Self, PushError> {
        let endpoint = Self::parse_url(url).ok_or(PushError::BadEndpoint)?;
        if services.allows(&endpoint) {
            Ok(endpoint)
        } else {
            Err(PushError::BadEndpoint)
        }
    }

    fn parse_url(url: &str) -> Option<Self> {
        // A URL as browsers serialise it: visible ASCII only (anything else percent-encoded).
        if url.len() > MAX_ENDPOINT_LEN || !url.bytes().all(|b| (b'!'..=b'~').contains(&b)) {
            return None;
        }
        let (scheme, rest) = url.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return None,
        };
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if authority.contains('@') {
            return None;
        }
        let (host, port) = split_port(authority, default_port)?;
        let valid_host = !host.is_empty()
            && host.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':')
            });
        if !valid_host {
            return None;
        }
        Some(Self {
            url: url.to_owned(),
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }

    /// A DNS name with a dot that is neither an IP literal nor `localhost`.
    fn is_public_name(&self) -> bool {
        let host = self.host.trim_end_matches('.');
        let is_ipv4 = host
            .split('.')
            .all(|label| label.bytes().all(|b| b.is_ascii_digit()));
        host.contains('.')
            && !host.contains([':', '[', ']'])
            && !is_ipv4
            && !host.ends_with(".localhost")
            && host
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
    }

    /// The URL as given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `scheme://host[:port]`, the port only when not the scheme's default (RFC 6454's
    /// serialisation): the VAPID JWT's `aud` (RFC 8292 §2).
    pub fn origin(&self) -> String {
        let default_port = if self.scheme == "https" { 443 } else { 80 };
        if self.port != default_port {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        } else {
            format!("{}://{}", self.scheme, self.host)
        }
    }
}

/// `host[:port]` → (host, port); `None` for a bad port.
fn split_port(authority: &str, default_port: u16) -> Option<(&str, u16)> {
    // An IPv6 literal `[::1]:443` keeps its colons inside the brackets.
    let colon = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => Some(i),
        _ => None,
    };
    match colon {
        None => Some((authority, default_port)),
        Some(i) => {
            let port = &authority[i + 1..];
            if port == "*" {
                // `https://*:*` is not something a push sender needs.
                return None;
            }
            Some((&authority[..i], port.parse().ok()?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P256DH: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";

    #[test]
    fn keys_parse_strictly_without_panicking() {
        assert!(SubscriptionKeys::parse(P256DH, AUTH).is_ok());
        assert!(SubscriptionKeys::parse(&format!("{P256DH}="), &format!("{AUTH}==")).is_ok());
        let compressed = {
            let keys = SubscriptionKeys::parse(P256DH, AUTH).unwrap();
            super::super::base64url(keys.p256dh.to_sec1_point(true).as_bytes())
        };
        // A point off the curve: the last byte of Y changed.
        let mut off_curve = from_base64url(P256DH).unwrap();
        off_curve[64] ^= 1;
        let off_curve = super::super::base64url(&off_curve);
        let cases: &[(&str, &str, PushError)] = &[
            ("", AUTH, PushError::BadP256dh),
            ("not base64!", AUTH, PushError::BadP256dh),
            (&compressed, AUTH, PushError::BadP256dh),
            (&off_curve, AUTH, PushError::BadP256dh),
            (&P256DH[..86], AUTH, PushError::BadP256dh),
            ("BA", AUTH, PushError::BadP256dh),
            (P256DH, "", PushError::BadAuth),
            (P256DH, "BTBZMqHH6r4Tts7J_aSI", PushError::BadAuth),
            (P256DH, "BTBZMqHH6r4Tts7J_aSIggAA", PushError::BadAuth),
            (P256DH, "BTBZMqHH6r4Tts7J+aSIgg", PushError::BadAuth),
        ];
        for (p256dh, auth, expected) in cases {
            assert_eq!(
                SubscriptionKeys::parse(p256dh, auth).err(),
                Some(*expected),
                "{p256dh:?} {auth:?}"
            );
        }
    }

    #[test]
    fn endpoints_and_their_vapid_audience() {
        let any_https = PushServices::parse("https://*:443").unwrap();
        let capture = PushServices::parse("http://127.0.0.1:18080").unwrap();
        let cases: &[(&PushServices, &str, Option<&str>)] = &[
            (
                &any_https,
                "https://fcm.googleapis.com/fcm/send/abc:def",
                Some("https://fcm.googleapis.com"),
            ),
            (
                &any_https,
                "https://updates.push.services.mozilla.com/wpush/v2/gAAA",
                Some("https://updates.push.services.mozilla.com"),
            ),
            (
                &any_https,
                "HTTPS://Web.Push.Apple.com/QGu",
                Some("https://web.push.apple.com"),
            ),
            (
                &any_https,
                "https://web.push.apple.com:443/x",
                Some("https://web.push.apple.com"),
            ),
            (&any_https, "http://fcm.googleapis.com/x", None),
            (&any_https, "https://fcm.googleapis.com:8443/x", None),
            (&any_https, "https://127.0.0.1/x", None),
            (&any_https, "https://[::1]/x", None),
            (&any_https, "https://localhost/x", None),
            (&any_https, "https://app.localhost/x", None),
            (&any_https, "https://intranet/x", None),
            (&any_https, "https://user@fcm.googleapis.com/x", None),
            (&any_https, "https://fcm.googleapis.com/a b", None),
            (&any_https, "ftp://fcm.googleapis.com/x", None),
            (&any_https, "fcm.googleapis.com/x", None),
            (&any_https, "", None),
            (&any_https, "https://", None),
            (&any_https, "https://fcm.googleapis.com:99999/x", None),
            (
                &capture,
                "http://127.0.0.1:18080/push/abc",
                Some("http://127.0.0.1:18080"),
            ),
            (&capture, "http://127.0.0.1:18081/push/abc", None),
            (&capture, "https://fcm.googleapis.com/x", None),
        ];
        for (services, url, origin) in cases {
            let got = PushEndpoint::parse(url, services).ok().map(|e| e.origin());
            assert_eq!(got.as_deref(), *origin, "{url:?}");
        }
        let long = format!(
            "https://fcm.googleapis.com/{}",
            "a".repeat(MAX_ENDPOINT_LEN)
        );
        assert!(PushEndpoint::parse(&long, &any_https).is_err());
    }

    /// The OpenAPI patterns (`validate::schema`) against the parser: what matches parses,
    /// but for the names only the sender refuses; what does not match never parses.
    #[test]
    fn the_published_patterns_agree_with_the_parser() {
        use crate::validate::schema;
        let re = |p: String| regex::Regex::new(&p).unwrap();
        let (endpoint, p256dh, auth) = (
            re(schema::push_endpoint()),
            re(schema::push_p256dh()),
            re(schema::push_auth()),
        );
        let services = PushServices::parse("https://*:443").unwrap();
        let refused_anyway = ["https://127.0.0.1/x", "https://app.localhost/x"];
        for url in [
            "https://fcm.googleapis.com/fcm/send/abc:def?x=1#y",
            "https://web.push.apple.com:443/QGu",
            "https://a.b",
            "https://x-1.example.pl/",
            "https://127.0.0.1/x",
            "https://app.localhost/x",
            "http://fcm.googleapis.com/x",
            "https://-a.pl/x",
            "https://a.pl:8443/x",
            "https://a/x",
            "https://a.pl/ x",
            "https://a.pl/ą",
        ] {
            let parses = PushEndpoint::parse(url, &services).is_ok();
            let matches = endpoint.is_match(url);
            assert_eq!(parses, matches && !refused_anyway.contains(&url), "{url}");
        }
        let keys = SubscriptionKeys::parse(P256DH, AUTH).unwrap();
        assert!(p256dh.is_match(P256DH) && auth.is_match(AUTH));
        assert!(p256dh.is_match(&super::super::base64url(&keys.p256dh_bytes())));
        for bad in [
            "",
            &P256DH[..86],
            &format!("{P256DH}A"),
            &P256DH.replace('B', "A"),
        ] {
            assert!(!p256dh.is_match(bad), "{bad}");
            assert!(SubscriptionKeys::parse(bad, AUTH).is_err(), "{bad}");
        }
        for bad in [
            "",
            "BTBZMqHH6r4Tts7J_aSIgh",
            "BTBZMqHH6r4Tts7J_aSIg",
            "BTBZMqHH6r4Tts7J+aSIgg",
        ] {
            assert!(!auth.is_match(bad), "{bad}");
            assert!(SubscriptionKeys::parse(P256DH, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn service_patterns() {
        for bad in [
            "",
            "*",
            "https://",
            "ftp://x.pl",
            "https://x.pl/path",
            "https://*:*",
        ] {
            assert_eq!(PushServices::parse(bad), None, "{bad:?}");
        }
        let apple = PushServices::parse("https://*.push.apple.com").unwrap();
        assert!(PushEndpoint::parse("https://web.push.apple.com/x", &apple).is_ok());
        assert!(PushEndpoint::parse("https://fcm.googleapis.com/x", &apple).is_err());
    }
}
