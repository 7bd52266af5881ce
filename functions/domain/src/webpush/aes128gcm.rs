//! RFC 8291 message encryption in the `aes128gcm` content coding of RFC 8188.
//!
//! The body is `salt (16) || rs (4, big-endian) || idlen (1) = 65 || as_public (65)` followed by
//! one record: AES-128-GCM over `plaintext || 0x02 || zero padding`. Keys (RFC 8291 §3.4):
//! `IKM = HKDF(auth, ECDH(as_private, ua_public), "WebPush: info\0" || ua_public || as_public)`,
//! then `CEK` and `NONCE` from HKDF(salt, IKM) as RFC 8188 §2.2–2.3 say.

use super::subscription::{SubscriptionKeys, AUTH_LEN};
use super::PushError;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use hkdf::Hkdf;
use p256::elliptic_curve::sec1::ToSec1Point;
use p256::{PublicKey, SecretKey};
use sha2_011::Sha256;

/// Record size written in the header: one record always fits (push services take ≤ 4096 bytes).
pub const RECORD_SIZE: u32 = 4096;
/// Header length: salt, rs, idlen and the 65-byte sender key.
pub const HEADER_LEN: usize = 16 + 4 + 1 + 65;
/// AES-GCM tag length.
const TAG_LEN: usize = 16;
/// The largest payload (plus padding) one message carries: the whole body within 4096 bytes.
pub const MAX_PLAINTEXT: usize = RECORD_SIZE as usize - HEADER_LEN - TAG_LEN - 1;
/// The delimiter of the last (and only) record (RFC 8188 §2).
const LAST_RECORD: u8 = 2;

/// The application server's one-time ECDH key (RFC 8291 §3.1: a new one per message).
#[derive(Clone)]
pub struct EphemeralKey(SecretKey);

impl EphemeralKey {
    /// From 32 random bytes (the caller's CSPRNG); refused if not a valid scalar (zero or ≥ n,
    /// about 2⁻³² of random draws: draw again).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, PushError> {
        SecretKey::from_slice(bytes)
            .map(Self)
            .map_err(|_| PushError::BadEphemeralKey)
    }
}

/// Padding that rounds `plaintext_len + 1` up to a multiple of `bucket` (never past one
/// record), so push services see one size per bucket instead of each message's length.
pub fn bucket_padding(plaintext_len: usize, bucket: usize) -> usize {
    if bucket == 0 {
        return 0;
    }
    let used = plaintext_len + 1;
    let padded = used.div_ceil(bucket) * bucket;
    padded.min(MAX_PLAINTEXT + 1).saturating_sub(used)
}

/// Encrypts `plaintext` for the subscription with `padding` zero bytes after the delimiter.
pub fn encrypt(
    plaintext: &[u8],
    keys: &SubscriptionKeys,
    ephemeral: &EphemeralKey,
    salt: &[u8; 16],
    padding: usize,
) -> Result<Vec<u8>, PushError> {
    if plaintext.len().saturating_add(padding) > MAX_PLAINTEXT {
        return Err(PushError::PayloadTooLarge);
    }
    let as_public = uncompressed(&ephemeral.0.public_key());
    let ua_public = keys.p256dh_bytes();
    let shared = ephemeral.0.diffie_hellman(&keys.p256dh);
    let (cek, nonce) = derive(
        shared.raw_secret_bytes().as_slice(),
        &keys.auth,
        &ua_public,
        &as_public,
        salt,
    )?;
    let mut record = Vec::with_capacity(plaintext.len() + 1 + padding);
    record.extend_from_slice(plaintext);
    record.push(LAST_RECORD);
    record.resize(record.len() + padding, 0);
    let sealed = cipher(&cek)?
        .encrypt(&Nonce::from(nonce), record.as_slice())
        .map_err(|_| PushError::PayloadTooLarge)?;
    let mut body = Vec::with_capacity(HEADER_LEN + sealed.len());
    body.extend_from_slice(salt);
    body.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    body.push(65);
    body.extend_from_slice(&as_public);
    body.extend_from_slice(&sealed);
    Ok(body)
}

/// The user agent's side: decrypts a one-record `aes128gcm` body with the subscription's
/// private key (32 bytes) and `auth` secret, and strips the padding.
pub fn decrypt(body: &[u8], ua_private: &[u8], auth: &[u8]) -> Result<Vec<u8>, PushError> {
    let ua_secret = SecretKey::from_slice(ua_private).map_err(|_| PushError::Undecryptable)?;
    let auth = <[u8; AUTH_LEN]>::try_from(auth).map_err(|_| PushError::BadAuth)?;
    if body.len() < HEADER_LEN + TAG_LEN + 1 {
        return Err(PushError::Undecryptable);
    }
    let (salt, rest) = body.split_at(16);
    let (rs, rest) = rest.split_at(4);
    let (idlen, rest) = rest.split_at(1);
    let rs = u32::from_be_bytes([rs[0], rs[1], rs[2], rs[3]]) as usize;
    if idlen[0] != 65 || rest.len() - 65 > rs {
        return Err(PushError::Undecryptable);
    }
    let (as_public, sealed) = rest.split_at(65);
    let sender = PublicKey::from_sec1_bytes(as_public).map_err(|_| PushError::Undecryptable)?;
    let ua_public = uncompressed(&ua_secret.public_key());
    let shared = ua_secret.diffie_hellman(&sender);
    let salt = <[u8; 16]>::try_from(salt).map_err(|_| PushError::Undecryptable)?;
    let (cek, nonce) = derive(
        shared.raw_secret_bytes().as_slice(),
        &auth,
        &ua_public,
        as_public,
        &salt,
    )?;
    let mut record = cipher(&cek)?
        .decrypt(&Nonce::from(nonce), sealed)
        .map_err(|_| PushError::Undecryptable)?;
    // Padding is zeros after the delimiter; the delimiter of a last record is 0x02.
    let end = record
        .iter()
        .rposition(|&b| b != 0)
        .ok_or(PushError::Undecryptable)?;
    if record[end] != LAST_RECORD {
        return Err(PushError::Undecryptable);
    }
    record.truncate(end);
    Ok(record)
}

fn uncompressed(key: &PublicKey) -> Vec<u8> {
    key.to_sec1_point(false).as_bytes().to_vec()
}

fn cipher(cek: &[u8; 16]) -> Result<Aes128Gcm, PushError> {
    Aes128Gcm::new_from_slice(cek).map_err(|_| PushError::Undecryptable)
}

/// RFC 8291 §3.3–3.4 and RFC 8188 §2.2–2.3: the content-encryption key and the nonce.
fn derive(
    ecdh_secret: &[u8],
    auth: &[u8; AUTH_LEN],
    ua_public: &[u8],
    as_public: &[u8],
    salt: &[u8; 16],
) -> Result<([u8; 16], [u8; 12]), PushError> {
    let mut key_info = Vec::with_capacity(14 + 65 + 65);
    key_info.extend_from_slice(b"WebPush: info\0");
    key_info.extend_from_slice(ua_public);
    key_info.extend_from_slice(as_public);
    let mut ikm = [0u8; 32];
    Hkdf::<Sha256>::new(Some(auth), ecdh_secret)
        .expand(&key_info, &mut ikm)
        .map_err(|_| PushError::Undecryptable)?;
    let prk = Hkdf::<Sha256>::new(Some(salt), &ikm);
    let mut cek = [0u8; 16];
    let mut nonce = [0u8; 12];
    prk.expand(b"Content-Encoding: aes128gcm\0", &mut cek)
        .and_then(|()| prk.expand(b"Content-Encoding: nonce\0", &mut nonce))
        .map_err(|_| PushError::Undecryptable)?;
    Ok((cek, nonce))
}

#[cfg(test)]
mod tests {
    use super::super::{base64url, from_base64url};
    use super::*;

    // RFC 8291 Appendix A.
    const PLAINTEXT: &[u8] = b"When I grow up, I want to be a watermelon";
    const AS_PRIVATE: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    const AS_PUBLIC: &str =
        "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    const UA_PRIVATE: &str = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    const UA_PUBLIC: &str =
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    const SALT: &str = "DGv6ra1nlYgDCS1FRnbzlw";
    const AUTH: &str = "BTBZMqHH6r4Tts7J_aSIgg";
    const BODY: &str = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    fn bytes32(b64: &str) -> [u8; 32] {
        <[u8; 32]>::try_from(from_base64url(b64).unwrap()).unwrap()
    }

    fn rfc_keys() -> SubscriptionKeys {
        SubscriptionKeys::parse(UA_PUBLIC, AUTH).unwrap()
    }

    fn salt() -> [u8; 16] {
        <[u8; 16]>::try_from(from_base64url(SALT).unwrap()).unwrap()
    }

    #[test]
    fn rfc_8291_appendix_a_reproduces_byte_for_byte() {
        let ephemeral = EphemeralKey::from_bytes(&bytes32(AS_PRIVATE)).unwrap();
        assert_eq!(
            base64url(&uncompressed(&ephemeral.0.public_key())),
            AS_PUBLIC
        );
        let body = encrypt(PLAINTEXT, &rfc_keys(), &ephemeral, &salt(), 0).unwrap();
        assert_eq!(base64url(&body), BODY);
    }

    #[test]
    fn rfc_8291_appendix_a_decrypts_as_the_user_agent() {
        let body = from_base64url(BODY).unwrap();
        let auth = from_base64url(AUTH).unwrap();
        let plaintext = decrypt(&body, &bytes32(UA_PRIVATE), &auth).unwrap();
        assert_eq!(plaintext, PLAINTEXT);
    }

    #[test]
    fn what_we_encrypt_decrypts_with_padding_and_only_with_the_right_keys() {
        let ua_private = [7u8; 32];
        let ua_public = SecretKey::from_slice(&ua_private).unwrap().public_key();
        let auth = [9u8; 16];
        let keys = SubscriptionKeys::from_bytes(&uncompressed(&ua_public), &auth).unwrap();
        let ephemeral = EphemeralKey::from_bytes(&[3u8; 32]).unwrap();
        let payload = br#"{"title":"Rada","body":"Nowa wiadomo\u015b\u0107"}"#;
        for padding in [
            0,
            1,
            bucket_padding(payload.len(), 256),
            MAX_PLAINTEXT - payload.len(),
        ] {
            let body = encrypt(payload, &keys, &ephemeral, &[5u8; 16], padding).unwrap();
            assert_eq!(
                body.len(),
                HEADER_LEN + payload.len() + 1 + padding + TAG_LEN
            );
            assert!(body.len() <= RECORD_SIZE as usize);
            assert_eq!(
                decrypt(&body, &ua_private, &auth).unwrap(),
                payload,
                "{padding}"
            );
            // Someone else's key, a wrong auth secret, a flipped bit: nothing opens.
            assert_eq!(
                decrypt(&body, &[8u8; 32], &auth),
                Err(PushError::Undecryptable)
            );
            assert_eq!(
                decrypt(&body, &ua_private, &[1u8; 16]),
                Err(PushError::Undecryptable)
            );
            let mut tampered = body.clone();
            let last = tampered.len() - 1;
            tampered[last] ^= 1;
            assert_eq!(
                decrypt(&tampered, &ua_private, &auth),
                Err(PushError::Undecryptable)
            );
        }
        assert_eq!(bucket_padding(payload.len(), 256) + payload.len() + 1, 256);
    }

    #[test]
    fn oversized_payloads_and_malformed_bodies_are_errors() {
        let ephemeral = EphemeralKey::from_bytes(&bytes32(AS_PRIVATE)).unwrap();
        let too_big = vec![b'x'; MAX_PLAINTEXT + 1];
        assert_eq!(
            encrypt(&too_big, &rfc_keys(), &ephemeral, &salt(), 0),
            Err(PushError::PayloadTooLarge)
        );
        assert_eq!(
            encrypt(b"x", &rfc_keys(), &ephemeral, &salt(), MAX_PLAINTEXT),
            Err(PushError::PayloadTooLarge)
        );
        assert!(encrypt(b"", &rfc_keys(), &ephemeral, &salt(), MAX_PLAINTEXT).is_ok());
        let body = from_base64url(BODY).unwrap();
        let auth = from_base64url(AUTH).unwrap();
        let ua = bytes32(UA_PRIVATE);
        let mut bad_idlen = body.clone();
        bad_idlen[20] = 64;
        let mut small_rs = body.clone();
        small_rs[16..20].copy_from_slice(&10u32.to_be_bytes());
        for bad in [
            &[][..],
            &body[..50],
            &body[..HEADER_LEN + 5],
            &bad_idlen,
            &small_rs,
        ] {
            assert_eq!(decrypt(bad, &ua, &auth), Err(PushError::Undecryptable));
        }
        assert_eq!(
            decrypt(&body, &[0u8; 32], &auth),
            Err(PushError::Undecryptable)
        );
        assert_eq!(decrypt(&body, &ua, &auth[..15]), Err(PushError::BadAuth));
        assert!(EphemeralKey::from_bytes(&[0u8; 32]).is_err());
        assert!(EphemeralKey::from_bytes(&[0xff; 32]).is_err());
    }
}
