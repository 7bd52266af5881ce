//! Sealing data at rest: AES-256-GCM (RustCrypto `aes-gcm`) under a keyring from the secret
//! variable `data_keys`, so a copy of the database files (a backup, a grep of the state
//! directory) holds no secret and no personal data in plaintext.
//!
//! A sealed value is one ASCII text, `v1.<kid>.<nonce>.<ciphertext>` (base64url without
//! padding), so it fits a TEXT column and names the key that opens it: keys rotate by adding a
//! new key in front of the keyring (it seals from then on) and keeping the old ones until every
//! value they sealed is re-sealed or gone. The associated data binds a ciphertext to its
//! purpose and row (`outbox.message` + the row id): a value copied into another row or
//! column does not open. Nonces are 96 random bits from the injected [`Entropy`]; with a
//! random nonce one key may seal at most 2³² values, far beyond a municipality's traffic,
//! and rotation resets the count.
//!
//! Missing keys fail closed: [`Keyring::from_vars`] refuses, so nothing is ever stored in
//! plaintext instead.

use crate::config::{ConfigError, Vars};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use ratusz_domain::id::Entropy;
use std::fmt;

/// The variable holding the keyring: `kid:key[,kid:key…]`, each key 32 bytes in base64url;
/// the first seals, all open.
pub const KEYRING_VARIABLE: &str = "data_keys";
/// The format version every sealed value starts with.
const VERSION: &str = "v1";
/// Bytes in a nonce (AES-GCM's 96 bits).
const NONCE_LEN: usize = 12;
/// Bytes in a key (AES-256).
const KEY_LEN: usize = 32;
/// Longest key id.
const MAX_KID_LEN: usize = 16;

/// Why a value could not be sealed or opened (never says anything about the value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The keyring text is malformed.
    #[error("keyring: {0}")]
    Keyring(String),
    /// The value is not `v1.<kid>.<nonce>.<ct>`.
    #[error("sealed value is malformed")]
    Malformed,
    /// No key in the keyring has this id.
    #[error("no key `{0}` in the keyring")]
    UnknownKey(String),
    /// Authentication failed: wrong key, wrong purpose/row, or tampered.
    #[error("sealed value does not open (wrong key, wrong binding or tampered)")]
    Inauthentic,
}

impl From<SealError> for crate::db::DbError {
    fn from(e: SealError) -> Self {
        crate::db::DbError::Decode(e.to_string())
    }
}

/// One key of the keyring.
#[derive(Clone)]
struct DataKey {
    kid: String,
    key: [u8; KEY_LEN],
}

/// The data keys: the first seals, every one opens. `Debug` shows key ids only.
#[derive(Clone)]
pub struct Keyring {
    keys: Vec<DataKey>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kids: Vec<&str> = self.keys.iter().map(|k| k.kid.as_str()).collect();
        f.debug_struct("Keyring").field("kids", &kids).finish()
    }
}

impl Keyring {
    /// Parses `kid:key[,kid:key…]` (whitespace around entries ignored). Key ids are 1–16 of
    /// `[A-Za-z0-9_-]`, unique; keys are 32 bytes in base64url (padding optional).
    pub fn parse(text: &str) -> Result<Self, SealError> {
        let mut keys: Vec<DataKey> = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (kid, encoded) = entry
                .split_once(':')
                .ok_or_else(|| SealError::Keyring("an entry is not `kid:key`".into()))?;
            let kid = kid.trim();
            if !valid_kid(kid) {
                return Err(SealError::Keyring(
                    "a key id is not 1–16 of A-Z a-z 0-9 _ -".into(),
                ));
            }
            if keys.iter().any(|k| k.kid == kid) {
                return Err(SealError::Keyring(format!("key id `{kid}` appears twice")));
            }
            let bytes = URL_SAFE_NO_PAD
                .decode(encoded.trim().trim_end_matches('='))
                .map_err(|_| SealError::Keyring(format!("key `{kid}` is not base64url")))?;
            let key: [u8; KEY_LEN] = bytes
                .try_into()
                .map_err(|_| SealError::Keyring(format!("key `{kid}` is not 32 bytes")))?;
            keys.push(DataKey {
                kid: kid.to_owned(),
                key,
            });
        }
        if keys.is_empty() {
            return Err(SealError::Keyring("no key".into()));
        }
        Ok(Self { keys })
    }

    /// The keyring from [`KEYRING_VARIABLE`]; unset, empty or malformed → an error (fail
    /// closed: the caller must not store the value in plaintext instead).
    pub fn from_vars(vars: &impl Vars) -> Result<Self, ConfigError> {
        Self::from_variable(vars, KEYRING_VARIABLE)
    }

    /// The keyring from the secret variable `name` (another keyring than `data_keys`, e.g. the
    /// residents' `resident_data_keys`), failing closed as [`Keyring::from_vars`].
    pub fn from_variable(vars: &impl Vars, name: &str) -> Result<Self, ConfigError> {
        let text = vars.get(name)?.unwrap_or_default();
        if text.trim().is_empty() {
            return Err(ConfigError::Missing(name.to_owned()));
        }
        Self::parse(&text).map_err(|e| ConfigError::Invalid {
            name: name.to_owned(),
            reason: e.to_string(),
        })
    }

    /// Every key id, the sealing one first.
    pub fn kids(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(|k| k.kid.as_str())
    }

    /// The raw key with id `kid` (for the platform's keyed hashes, `blind_index`).
    pub(crate) fn key_bytes(&self, kid: &str) -> Option<&[u8; KEY_LEN]> {
        self.keys.iter().find(|k| k.kid == kid).map(|k| &k.key)
    }

    /// A one-key keyring whose key is SHA-256 over `parts` (length-prefixed), for values that
    /// only the holder of some secret may open (an idempotency answer under the client's key).
    pub fn derived(kid: &str, parts: &[&[u8]]) -> Result<Self, SealError> {
        use sha2::{Digest, Sha256};
        if !valid_kid(kid) {
            return Err(SealError::Keyring(
                "a key id is not 1–16 of A-Z a-z 0-9 _ -".into(),
            ));
        }
        let mut h = Sha256::new();
        for part in parts {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        Ok(Self {
            keys: vec![DataKey {
                kid: kid.to_owned(),
                key: h.finalize().into(),
            }],
        })
    }

    /// For each key of the ring (the sealing one first), its id and a 32-byte key derived
    /// from it for `purpose` (SHA-256 over a label, the purpose and the key, length-prefixed).
    /// A keyed index (the chat's word tokens) writes with the first and matches with all, so
    /// it keeps answering across a rotation; the data keys themselves never leave the ring.
    pub fn derive_keys(&self, purpose: &str) -> Vec<(String, [u8; KEY_LEN])> {
        use sha2::{Digest, Sha256};
        self.keys
            .iter()
            .map(|k| {
                let mut h = Sha256::new();
                for part in [
                    b"ratusz derived key v1".as_slice(),
                    purpose.as_bytes(),
                    &k.key,
                ] {
                    h.update((part.len() as u64).to_be_bytes());
                    h.update(part);
                }
                (k.kid.clone(), h.finalize().into())
            })
            .collect()
    }

    /// The id of the key that seals.
    pub fn active_kid(&self) -> &str {
        self.keys.first().map_or("", |k| k.kid.as_str())
    }

    /// Seals `plaintext` for `purpose` (e.g. `outbox.message`) and `binding` (the row).
    pub fn seal(
        &self,
        purpose: &str,
        binding: &str,
        plaintext: &[u8],
        entropy: &mut dyn Entropy,
    ) -> Result<String, SealError> {
        let key = self
            .keys
            .first()
            .ok_or(SealError::Keyring("no key".into()))?;
        let mut nonce = [0u8; NONCE_LEN];
        entropy.fill(&mut nonce);
        let aad = associated_data(&key.kid, purpose, binding);
        let ciphertext = cipher(key)?
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Inauthentic)?;
        Ok(format!(
            "{VERSION}.{}.{}.{}",
            key.kid,
            URL_SAFE_NO_PAD.encode(nonce),
            URL_SAFE_NO_PAD.encode(ciphertext)
        ))
    }

    /// Opens a value sealed by [`Keyring::seal`] with the same `purpose` and `binding`.
    pub fn open(&self, purpose: &str, binding: &str, sealed: &str) -> Result<Vec<u8>, SealError> {
        let mut parts = sealed.split('.');
        let (Some(VERSION), Some(kid), Some(nonce), Some(ciphertext), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(SealError::Malformed);
        };
        let key = self
            .keys
            .iter()
            .find(|k| k.kid == kid)
            .ok_or_else(|| SealError::UnknownKey(kid.to_owned()))?;
        let nonce: [u8; NONCE_LEN] = URL_SAFE_NO_PAD
            .decode(nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or(SealError::Malformed)?;
        let ciphertext = URL_SAFE_NO_PAD
            .decode(ciphertext)
            .map_err(|_| SealError::Malformed)?;
        let aad = associated_data(kid, purpose, binding);
        cipher(key)?
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: &ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError::Inauthentic)
    }

    /// Opens a sealed UTF-8 text.
    pub fn open_text(
        &self,
        purpose: &str,
        binding: &str,
        sealed: &str,
    ) -> Result<String, SealError> {
        String::from_utf8(self.open(purpose, binding, sealed)?).map_err(|_| SealError::Malformed)
    }
}

/// The version, the key id, the purpose and the row, length-prefixed so that no two bindings
/// share bytes.
fn associated_data(kid: &str, purpose: &str, binding: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(32 + kid.len() + purpose.len() + binding.len());
    for part in [VERSION, kid, purpose, binding] {
        aad.extend_from_slice(&(part.len() as u64).to_be_bytes());
        aad.extend_from_slice(part.as_bytes());
    }
    aad
}

fn cipher(key: &DataKey) -> Result<Aes256Gcm, SealError> {
    Aes256Gcm::new_from_slice(&key.key).map_err(|_| SealError::Keyring("key length".into()))
}

fn valid_kid(kid: &str) -> bool {
    (1..=MAX_KID_LEN).contains(&kid.len())
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A fresh keyring text with one key `kid` from `entropy` (for `cargo xtask up` and tests).
pub fn generate_keyring(kid: &str, entropy: &mut dyn Entropy) -> String {
    let mut key = [0u8; KEY_LEN];
    entropy.fill(&mut key);
    format!("{kid}:{}", URL_SAFE_NO_PAD.encode(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapVars;

    /// Deterministic bytes (a counter), enough to test the format.
    struct Counter(u8);
    impl Entropy for Counter {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                self.0 = self.0.wrapping_add(1);
                *b = self.0;
            }
        }
    }

    fn ring(text: &str) -> Keyring {
        Keyring::parse(text).unwrap()
    }

    fn key_b64(byte: u8) -> String {
        URL_SAFE_NO_PAD.encode([byte; 32])
    }

    #[test]
    fn seals_and_opens_with_the_same_purpose_and_row() {
        let keys = ring(&format!("k1:{}", key_b64(7)));
        let sealed = keys
            .seal("outbox.message", "42", b"haslo-startowe", &mut Counter(0))
            .unwrap();
        assert!(sealed.starts_with("v1.k1."), "{sealed}");
        assert_eq!(sealed.split('.').count(), 4);
        assert!(!sealed.contains("haslo"));
        assert_eq!(
            keys.open("outbox.message", "42", &sealed).unwrap(),
            b"haslo-startowe"
        );
    }

    #[test]
    fn another_row_purpose_or_tampering_does_not_open() {
        let keys = ring(&format!("k1:{}", key_b64(7)));
        let sealed = keys
            .seal("outbox.message", "42", b"x", &mut Counter(0))
            .unwrap();
        let cases: Vec<(&str, &str, String)> = vec![
            ("outbox.message", "43", sealed.clone()),
            ("resident.email", "42", sealed.clone()),
            ("outbox.message", "42", sealed.replacen("v1.", "v2.", 1)),
            ("outbox.message", "42", format!("{sealed}A")),
            ("outbox.message", "42", sealed.replacen(".k1.", ".k9.", 1)),
            ("outbox.message", "42", "plain text".to_owned()),
        ];
        for (purpose, binding, value) in cases {
            assert!(
                keys.open(purpose, binding, &value).is_err(),
                "{purpose} {binding} {value}"
            );
        }
    }

    #[test]
    fn rotation_seals_with_the_first_key_and_opens_with_any() {
        let old = ring(&format!("old:{}", key_b64(1)));
        let sealed_old = old.seal("p", "1", b"before", &mut Counter(0)).unwrap();
        let rotated = ring(&format!("new:{}, old:{}", key_b64(2), key_b64(1)));
        assert_eq!(rotated.active_kid(), "new");
        assert_eq!(rotated.open("p", "1", &sealed_old).unwrap(), b"before");
        let sealed_new = rotated.seal("p", "1", b"after", &mut Counter(9)).unwrap();
        assert!(sealed_new.starts_with("v1.new."));
        assert_eq!(
            old.open("p", "1", &sealed_new),
            Err(SealError::UnknownKey("new".into()))
        );
    }

    #[test]
    fn nonces_come_from_the_entropy() {
        let keys = ring(&format!("k:{}", key_b64(3)));
        let a = keys.seal("p", "1", b"same", &mut Counter(0)).unwrap();
        let b = keys.seal("p", "1", b"same", &mut Counter(100)).unwrap();
        assert_ne!(a, b, "a fresh nonce gives a fresh ciphertext");
        let again = keys.seal("p", "1", b"same", &mut Counter(0)).unwrap();
        assert_eq!(
            a, again,
            "the nonce is the injected randomness, nothing else"
        );
    }

    #[test]
    fn malformed_keyrings_are_refused() {
        let good = key_b64(1);
        for text in [
            String::new(),
            " , ".to_owned(),
            good.clone(),
            format!("k1:{good},k1:{good}"),
            format!("bad kid:{good}"),
            format!("k1234567890123456:{good}"),
            "k1:c2hvcnQ".to_owned(),
            "k1:not base64!".to_owned(),
        ] {
            assert!(Keyring::parse(&text).is_err(), "{text:?}");
        }
        assert!(Keyring::parse(&format!("k1:{good}=")).is_ok());
    }

    #[test]
    fn no_keyring_fails_closed() {
        let none = MapVars::default();
        assert_eq!(
            Keyring::from_vars(&none).unwrap_err(),
            ConfigError::Missing(KEYRING_VARIABLE.into())
        );
        let empty = MapVars([(KEYRING_VARIABLE.to_owned(), " ".to_owned())].into());
        assert!(Keyring::from_vars(&empty).is_err());
        let bad = MapVars([(KEYRING_VARIABLE.to_owned(), "k1:xyz".to_owned())].into());
        let err = Keyring::from_vars(&bad).unwrap_err().to_string();
        assert!(!err.contains("xyz"), "the value never shows: {err}");
    }

    #[test]
    fn another_keyring_variable_is_read_the_same_way() {
        let vars = MapVars(
            [
                (KEYRING_VARIABLE.to_owned(), format!("a:{}", key_b64(1))),
                (
                    "resident_data_keys".to_owned(),
                    format!("r2:{},r1:{}", key_b64(2), key_b64(3)),
                ),
            ]
            .into(),
        );
        let residents = Keyring::from_variable(&vars, "resident_data_keys").unwrap();
        assert_eq!(residents.kids().collect::<Vec<_>>(), ["r2", "r1"]);
        assert_eq!(residents.key_bytes("r1"), Some(&[3u8; KEY_LEN]));
        assert_eq!(
            Keyring::from_variable(&vars, "missing").unwrap_err(),
            ConfigError::Missing("missing".into())
        );
        let sealed = residents
            .seal("notify.recipient", "r:first_name", b"Anna", &mut Counter(0))
            .unwrap();
        assert!(Keyring::from_vars(&vars)
            .unwrap()
            .open("notify.recipient", "r:first_name", &sealed)
            .is_err());
    }

    #[test]
    fn debug_shows_key_ids_only() {
        let keys = ring(&format!("k1:{}", key_b64(200)));
        let shown = format!("{keys:?}");
        assert!(
            shown.contains("k1") && !shown.contains(&key_b64(200)),
            "{shown}"
        );
    }

    #[test]
    fn derived_keys_depend_on_every_part() {
        let a = Keyring::derived("idem", &[b"scope", b"key-1"]).unwrap();
        let b = Keyring::derived("idem", &[b"scope", b"key-2"]).unwrap();
        let shifted = Keyring::derived("idem", &[b"scopek", b"ey-1"]).unwrap();
        let sealed = a.seal("p", "1", b"answer", &mut Counter(0)).unwrap();
        assert_eq!(a.open("p", "1", &sealed).unwrap(), b"answer");
        assert!(b.open("p", "1", &sealed).is_err());
        assert!(shifted.open("p", "1", &sealed).is_err());
    }

    #[test]
    fn index_keys_follow_the_ring_and_the_purpose() {
        let old = ring(&format!("k1:{}", key_b64(7)));
        let rotated = ring(&format!("k2:{},k1:{}", key_b64(9), key_b64(7)));
        let words = old.derive_keys("chat.words");
        let after = rotated.derive_keys("chat.words");
        assert_eq!(words.len(), 1);
        assert_eq!(
            after
                .iter()
                .map(|(kid, _)| kid.as_str())
                .collect::<Vec<_>>(),
            ["k2", "k1"]
        );
        // the old key's index key survives the rotation; the new one differs
        assert_eq!(after[1], words[0]);
        assert_ne!(after[0].1, words[0].1);
        // another purpose, another key; never the data key itself
        assert_ne!(old.derive_keys("other")[0].1, words[0].1);
        assert_ne!(words[0].1, [7u8; 32]);
    }

    #[test]
    fn generated_keyrings_parse() {
        let text = generate_keyring("dev", &mut Counter(0));
        assert_eq!(ring(&text).active_kid(), "dev");
    }
}
