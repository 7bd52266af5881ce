//! The operator's backup key: 32 random bytes, base64 in a file (`--backup-key-file`).

use aes_gcm::aead::KeyInit;
use aes_gcm::Aes256Gcm;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Why a key file is refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file cannot be read.
    #[error("cannot read the backup key file {path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The OS's reason.
        reason: String,
    },
    /// The file does not hold base64 of exactly 32 bytes.
    #[error("the backup key file {0} must hold base64 of exactly 32 random bytes (e.g. `head -c 32 /dev/urandom | base64`)")]
    Malformed(String),
}

/// An AES-256 key for backup files. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct BackupKey([u8; 32]);

impl std::fmt::Debug for BackupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BackupKey({})", self.fingerprint())
    }
}

impl BackupKey {
    /// The key from raw bytes (tests, benches).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Reads a key file: base64, standard or URL-safe, padding optional, surrounding
    /// whitespace ignored.
    pub fn from_file(path: &Path) -> Result<Self, KeyError> {
        let text = std::fs::read_to_string(path).map_err(|e| KeyError::Unreadable {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::parse(&text).ok_or_else(|| KeyError::Malformed(path.display().to_string()))
    }

    /// Parses base64 of exactly 32 bytes.
    pub fn parse(text: &str) -> Option<Self> {
        let normalised: String = text
            .trim()
            .trim_end_matches('=')
            .chars()
            .map(|c| match c {
                '-' => '+',
                '_' => '/',
                c => c,
            })
            .collect();
        let bytes = STANDARD_NO_PAD.decode(normalised).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// A short public name of the key (16 hex digits of a domain-separated SHA-256), written
    /// into a set's manifest so a restore with another key is refused by name before any
    /// decryption is tried.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"ratusz-backup-key-fingerprint\0")
            .chain_update(self.0)
            .finalize();
        hex::encode(&digest[..8])
    }

    pub(crate) fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_base64_spelling_of_32_bytes_and_nothing_else() {
        let key = [0xfb_u8; 32];
        let standard = base64::engine::general_purpose::STANDARD.encode(key);
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key);
        assert!(standard.contains('/') && url.contains('_'));
        for text in [standard.clone(), format!("{standard}\n"), url] {
            let parsed = BackupKey::parse(&text).expect("a valid key");
            assert_eq!(parsed.0, key);
        }
        let short = base64::engine::general_purpose::STANDARD.encode([1_u8; 31]);
        let long = base64::engine::general_purpose::STANDARD.encode([1_u8; 33]);
        for bad in [short.as_str(), long.as_str(), "", "not base64 at all!"] {
            assert!(BackupKey::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn fingerprints_differ_per_key_and_debug_hides_the_key() {
        let a = BackupKey::from_bytes([1; 32]);
        let b = BackupKey::from_bytes([2; 32]);
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 16);
        assert!(!format!("{a:?}").contains("0101"));
    }
}
