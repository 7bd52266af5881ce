//! RFC 8292 VAPID: the application server proves who it is to the push service with an ES256
//! JWT (`aud` = the push service's origin, `exp` at most 24 hours ahead, `sub` a contact URI)
//! and its public key, in `Authorization: vapid t=<jwt>, k=<public key>`.
//!
//! Signed here with `p256::ecdsa` (RFC 6979 deterministic signatures, so no randomness) rather
//! than with `jwt-simple`, which reads the clock itself; the tests and the capture push
//! service verify the tokens with `jwt-simple`, an independent implementation.

use super::{base64url, from_base64url, PushError};
use crate::time::Timestamp;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};

/// RFC 8292 §2: `exp` MUST NOT be more than 24 hours after the request.
pub const MAX_VALIDITY_S: i64 = 24 * 3600;
/// How long our tokens live: well inside the limit, so clock skew never breaks one.
pub const VALIDITY_S: i64 = 12 * 3600;

/// The application server's VAPID key pair (the private key is a secret variable).
#[derive(Clone)]
pub struct VapidKey(SigningKey);

impl std::fmt::Debug for VapidKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VapidKey(public {})", self.public_key_base64url())
    }
}

impl VapidKey {
    /// From the private scalar, 32 bytes in base64url (padding tolerated).
    pub fn from_base64url(private: &str) -> Result<Self, PushError> {
        let bytes = from_base64url(private.trim()).ok_or(PushError::BadVapidKey)?;
        SigningKey::from_slice(&bytes)
            .map(Self)
            .map_err(|_| PushError::BadVapidKey)
    }

    /// The public key, uncompressed, in base64url: `applicationServerKey` for the browser's
    /// `pushManager.subscribe` and the `k` of the header.
    pub fn public_key_base64url(&self) -> String {
        base64url(self.0.verifying_key().to_sec1_point(false).as_bytes())
    }

    /// The signed JWT for the push service at `audience` (an origin), valid from `now` for
    /// [`VALIDITY_S`], with `subject` (`mailto:` or `https:`) as the contact.
    pub fn token(&self, audience: &str, subject: &str, now: Timestamp) -> String {
        let header = base64url(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": audience,
            "exp": now.unix_seconds() + VALIDITY_S,
            "sub": subject,
        });
        let claims = base64url(claims.to_string().as_bytes());
        let signing_input = format!("{header}.{claims}");
        // JWS ES256 is the raw r || s (64 bytes), not DER (RFC 7518 §3.4).
        let signature: Signature = self.0.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", base64url(&signature.to_bytes()))
    }

    /// The `Authorization` header value (RFC 8292 §3).
    pub fn authorization(&self, audience: &str, subject: &str, now: Timestamp) -> String {
        format!(
            "vapid t={}, k={}",
            self.token(audience, subject, now),
            self.public_key_base64url()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jwt_simple::prelude::*;

    // A fixed key: the RFC 8291 example's application-server scalar serves as any other.
    const PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    const PUBLIC: &str =
        "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";

    fn now() -> Timestamp {
        // Ahead of any real clock running these tests, so jwt-simple's own expiry check passes.
        Timestamp::parse_rfc3339("2036-05-01T10:00:00Z").unwrap()
    }

    #[test]
    fn the_token_verifies_with_the_public_key_and_carries_aud_exp_sub() {
        let key = VapidKey::from_base64url(PRIVATE).unwrap();
        assert_eq!(key.public_key_base64url(), PUBLIC);
        let header = key.authorization("https://fcm.googleapis.com", "mailto:it@gorzow.pl", now());
        let (token, k) = header
            .strip_prefix("vapid t=")
            .and_then(|rest| rest.split_once(", k="))
            .unwrap();
        assert_eq!(k, PUBLIC);
        let verifier = ES256PublicKey::from_bytes(&from_base64url(k).unwrap()).unwrap();
        let claims = verifier
            .verify_token::<NoCustomClaims>(token, None)
            .unwrap();
        assert_eq!(
            claims.audiences.unwrap().into_set(),
            ["https://fcm.googleapis.com".to_owned()].into()
        );
        assert_eq!(claims.subject.as_deref(), Some("mailto:it@gorzow.pl"));
        let exp = claims.expires_at.unwrap().as_secs() as i64;
        assert_eq!(exp, now().unix_seconds() + VALIDITY_S);
        assert!(exp - now().unix_seconds() <= MAX_VALIDITY_S);
        // The same input signs the same way (RFC 6979): tests can pin tokens.
        assert_eq!(
            key.token("https://fcm.googleapis.com", "mailto:it@gorzow.pl", now()),
            token
        );
    }

    #[test]
    fn another_key_does_not_verify_the_token() {
        let key = VapidKey::from_base64url(PRIVATE).unwrap();
        let other =
            VapidKey::from_base64url("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94").unwrap();
        let token = key.token("https://web.push.apple.com", "mailto:a@b.pl", now());
        let verifier =
            ES256PublicKey::from_bytes(&from_base64url(&other.public_key_base64url()).unwrap())
                .unwrap();
        assert!(verifier
            .verify_token::<NoCustomClaims>(&token, None)
            .is_err());
    }

    #[test]
    fn malformed_private_keys_are_refused() {
        for bad in [
            "",
            "abc",
            "!!!!",
            &"A".repeat(43),
            &"_".repeat(43),
            &format!("{PRIVATE}AA"),
        ] {
            assert_eq!(
                VapidKey::from_base64url(bad).err(),
                Some(PushError::BadVapidKey),
                "{bad:?}"
            );
        }
        assert!(VapidKey::from_base64url(&format!("{PRIVATE}=")).is_ok());
        assert!(!format!("{:?}", VapidKey::from_base64url(PRIVATE).unwrap()).contains(PRIVATE));
    }
}
