//! Signed checkpoints of the audit chain (docs/api/operations.md § Audit checkpoints).
//!
//! A checkpoint is an Ed25519 signature over `(sequence, head_hash, at)` made with a key the
//! database never holds. Someone who can write the database can rewrite an entry and recompute
//! every later hash, or cut the tail off, and the chain still links; a checkpoint published
//! and kept outside the database then no longer matches. The message layout is fixed here
//! ([`message`]) so any Ed25519 tool can check one without our code.

use super::ChainHead;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// First line of every signed message: names the format so a signature over anything else
/// (another protocol, a later layout) can never be taken for a checkpoint.
pub const MESSAGE_TAG: &str = "ratusz-audit-checkpoint/1";

/// A signed statement "the chain's entry `sequence` had hash `head_hash` at `at`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checkpoint {
    /// `seq` of the last entry covered (0 = the empty chain).
    pub sequence: u64,
    /// That entry's `hash` (64 lowercase hex; the genesis hash for 0).
    pub head_hash: String,
    /// When it was signed.
    pub at: Timestamp,
    /// Ed25519 signature over [`message`], 64 bytes in standard base64.
    pub signature: String,
    /// First 16 hex digits of SHA-256 of the public key bytes.
    pub key_id: String,
    /// The Ed25519 public key, 32 bytes in standard base64.
    pub public_key: String,
}

/// The exact bytes a checkpoint's signature covers: four lines, each ending in `\n`.
pub fn message(sequence: u64, head_hash: &str, at: Timestamp) -> Vec<u8> {
    format!(
        "{MESSAGE_TAG}\n{sequence}\n{head_hash}\n{}\n",
        at.to_rfc3339()
    )
    .into_bytes()
}

/// Whether `head` (the chain's current end) is already covered by `newest`: the tick signs
/// only when the head moved, so an idle chain does not grow the checkpoint table.
pub fn head_moved(newest: Option<&Checkpoint>, head: &ChainHead) -> bool {
    newest.is_none_or(|c| c.sequence != head.seq || c.head_hash != head.hash)
}

/// `key_id` of a public key: the first 8 bytes of its SHA-256, in lowercase hex.
pub fn key_id(public_key: &[u8; 32]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(public_key)[..8])
}

#[cfg(feature = "checkpoints")]
pub use keys::{CheckpointSigner, KeyError, TrustedKey};

#[cfg(feature = "checkpoints")]
mod keys {
    use super::{key_id, message, Checkpoint};
    use crate::audit::ChainHead;
    use crate::time::Timestamp;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    use base64::Engine;
    use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

    /// Why a key cannot be used.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum KeyError {
        /// Not base64 (standard or URL-safe, with or without padding).
        NotBase64,
        /// Decoded to another length than 32 bytes.
        WrongLength(usize),
        /// 32 bytes that are not a valid Ed25519 public key.
        NotAKey,
    }

    impl std::fmt::Display for KeyError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Self::NotBase64 => write!(f, "the key is not base64"),
                Self::WrongLength(n) => write!(f, "the key is {n} bytes, not 32"),
                Self::NotAKey => write!(f, "the bytes are not an Ed25519 public key"),
            }
        }
    }

    impl std::error::Error for KeyError {}

    /// Decodes 32 bytes given in any common base64 alphabet (operators paste keys from
    /// `openssl rand -base64 32` or a URL-safe generator alike).
    fn decode_32(text: &str) -> Result<[u8; 32], KeyError> {
        let text = text.trim();
        let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(text).ok())
            .ok_or(KeyError::NotBase64)?;
        <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| KeyError::WrongLength(bytes.len()))
    }

    /// The private signing key (`audit_signing_key`: a 32-byte Ed25519 seed in base64).
    pub struct CheckpointSigner {
        key: SigningKey,
    }

    impl std::fmt::Debug for CheckpointSigner {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "CheckpointSigner({})", self.public_key().key_id())
        }
    }

    impl CheckpointSigner {
        /// The signer for a base64 seed.
        pub fn from_seed_base64(text: &str) -> Result<Self, KeyError> {
            Ok(Self {
                key: SigningKey::from_bytes(&decode_32(text)?),
            })
        }

        /// Its public half.
        pub fn public_key(&self) -> TrustedKey {
            TrustedKey {
                key: self.key.verifying_key(),
            }
        }

        /// Signs `head` as of `at`.
        pub fn sign(&self, head: &ChainHead, at: Timestamp) -> Checkpoint {
            let signature = self.key.sign(&message(head.seq, &head.hash, at));
            let public = self.public_key();
            Checkpoint {
                sequence: head.seq,
                head_hash: head.hash.clone(),
                at,
                signature: STANDARD.encode(signature.to_bytes()),
                key_id: public.key_id(),
                public_key: public.to_base64(),
            }
        }
    }

    /// A public key whose checkpoints are believed (given by the verifier's user, or the
    /// server's own key).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct TrustedKey {
        key: VerifyingKey,
    }

    impl TrustedKey {
        /// Parses a base64 public key.
        pub fn from_base64(text: &str) -> Result<Self, KeyError> {
            let bytes = decode_32(text)?;
            VerifyingKey::from_bytes(&bytes)
                .map(|key| Self { key })
                .map_err(|_| KeyError::NotAKey)
        }

        /// Standard base64 with padding (as checkpoints carry it).
        pub fn to_base64(&self) -> String {
            STANDARD.encode(self.key.as_bytes())
        }

        /// Its `key_id`.
        pub fn key_id(&self) -> String {
            key_id(self.key.as_bytes())
        }

        /// Whether `checkpoint` names this key (by its public key bytes, whatever the
        /// base64 alphabet).
        pub fn names(&self, checkpoint: &Checkpoint) -> bool {
            decode_32(&checkpoint.public_key).is_ok_and(|b| &b == self.key.as_bytes())
        }

        /// Whether the checkpoint's signature is this key's over its fields (RFC 8032 strict
        /// verification: no malleable or small-order signatures).
        pub fn verifies(&self, checkpoint: &Checkpoint) -> bool {
            let Some(bytes) = [STANDARD, STANDARD_NO_PAD]
                .iter()
                .find_map(|e| e.decode(checkpoint.signature.trim()).ok())
            else {
                return false;
            };
            let Ok(signature) = Signature::from_slice(&bytes) else {
                return false;
            };
            let msg = message(checkpoint.sequence, &checkpoint.head_hash, checkpoint.at);
            self.key.verify_strict(&msg, &signature).is_ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::GENESIS_HASH;

    #[test]
    fn message_is_four_lines_with_the_tag_first() {
        let at = Timestamp::from_unix_ms(1_700_000_000_000);
        let m = String::from_utf8(message(42, &"ab".repeat(32), at)).unwrap_or_default();
        assert_eq!(
            m,
            format!(
                "ratusz-audit-checkpoint/1\n42\n{}\n2023-11-14T22:13:20.000Z\n",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn head_moved_table() {
        let cp = |seq: u64, hash: &str| Checkpoint {
            sequence: seq,
            head_hash: hash.to_owned(),
            at: Timestamp::EPOCH,
            signature: String::new(),
            key_id: String::new(),
            public_key: String::new(),
        };
        let head = ChainHead {
            seq: 3,
            hash: "c".repeat(64),
        };
        let cases = [
            ("no checkpoint yet", None, true),
            ("same head", Some(cp(3, &"c".repeat(64))), false),
            ("chain grew", Some(cp(2, &"b".repeat(64))), true),
            (
                "same length, other hash",
                Some(cp(3, &"d".repeat(64))),
                true,
            ),
        ];
        for (name, newest, moved) in cases {
            assert_eq!(head_moved(newest.as_ref(), &head), moved, "{name}");
        }
        assert!(head_moved(None, &ChainHead::genesis()));
        assert_eq!(ChainHead::genesis().hash, GENESIS_HASH);
    }

    #[test]
    fn key_id_is_sixteen_hex_digits() {
        let id = key_id(&[7u8; 32]);
        assert_eq!(id.len(), 16);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[cfg(feature = "checkpoints")]
    mod signing {
        use super::super::*;
        use crate::audit::ChainHead;
        use crate::time::Timestamp;

        /// A fixed seed for tests (base64 of 32 bytes `0x01..=0x20`).
        const SEED: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

        fn head(seq: u64) -> ChainHead {
            ChainHead {
                seq,
                hash: format!("{seq:064x}"),
            }
        }

        #[test]
        fn a_signed_checkpoint_verifies_under_its_key_only() {
            let signer = CheckpointSigner::from_seed_base64(SEED).unwrap();
            let other = CheckpointSigner::from_seed_base64(&"A".repeat(43)).unwrap();
            let cp = signer.sign(&head(5), Timestamp::from_unix_ms(1_000));
            let key = signer.public_key();
            assert!(key.names(&cp) && key.verifies(&cp));
            assert_eq!(cp.key_id, key.key_id());
            assert!(!other.public_key().verifies(&cp));
            assert!(!other.public_key().names(&cp));
            let parsed = TrustedKey::from_base64(&cp.public_key).unwrap();
            assert_eq!(parsed, key);
        }

        #[test]
        fn any_changed_field_breaks_the_signature() {
            let signer = CheckpointSigner::from_seed_base64(SEED).unwrap();
            let key = signer.public_key();
            let cp = signer.sign(&head(5), Timestamp::from_unix_ms(1_000));
            let mut changed = Vec::new();
            let mut c = cp.clone();
            c.sequence = 6;
            changed.push(("sequence", c));
            let mut c = cp.clone();
            c.head_hash = format!("{:064x}", 6);
            changed.push(("head hash", c));
            let mut c = cp.clone();
            c.at = Timestamp::from_unix_ms(1_001);
            changed.push(("time", c));
            let mut c = cp.clone();
            c.signature = "not base64!".into();
            changed.push(("garbage signature", c));
            let mut c = cp.clone();
            c.signature = "AAAA".into();
            changed.push(("short signature", c));
            for (name, c) in changed {
                assert!(!key.verifies(&c), "{name}");
            }
        }

        #[test]
        fn keys_table() {
            let cases: Vec<(&str, Result<(), KeyError>)> = vec![
                (SEED, Ok(())),
                ("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA", Ok(())),
                ("  AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=\n", Ok(())),
                ("not base64 at all!", Err(KeyError::NotBase64)),
                ("AQID", Err(KeyError::WrongLength(3))),
                ("", Err(KeyError::WrongLength(0))),
            ];
            for (text, expected) in cases {
                let got = CheckpointSigner::from_seed_base64(text).map(|_| ());
                assert_eq!(got, expected, "{text:?}");
            }
        }

        #[test]
        fn signer_debug_shows_only_the_key_id() {
            let signer = CheckpointSigner::from_seed_base64(SEED).unwrap();
            let shown = format!("{signer:?}");
            assert!(shown.contains(&signer.public_key().key_id()));
            assert!(!shown.contains(SEED));
        }
    }
}
