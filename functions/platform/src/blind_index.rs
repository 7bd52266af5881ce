//! Keyed blind indexes: HMAC-SHA256 of a normalised value under a key from a secret variable
//! (the residents' `resident_index_key`), so an exact look-up (an e-mail, a phone) finds its
//! row without the value ever being stored in plaintext, and a copy of the database cannot be
//! searched by guessing without the key.
//!
//! The variable has the keyring's format (`kid:<32 bytes base64url>[,kid:key…]`): the first
//! key writes, every key is tried on look-up, so the key rotates like the data keys (add the
//! new one in front, recompute, drop the old one).

use crate::config::{ConfigError, Vars};
use crate::sealed::Keyring;
use ratusz_domain::council::receipt::hmac_sha256;

/// The index keys.
#[derive(Debug, Clone)]
pub struct BlindIndex {
    keys: Keyring,
}

impl BlindIndex {
    /// The keys from the secret variable `name`; unset or malformed fails closed.
    pub fn from_variable(vars: &impl Vars, name: &str) -> Result<Self, ConfigError> {
        Keyring::from_variable(vars, name).map(|keys| Self { keys })
    }

    /// From a parsed keyring (tests, benches).
    pub fn new(keys: Keyring) -> Self {
        Self { keys }
    }

    /// The id of the key that writes.
    pub fn active_kid(&self) -> &str {
        self.keys.active_kid()
    }

    /// The index of `normalised` under the writing key, as lowercase hex.
    pub fn compute(&self, normalised: &str) -> String {
        self.under(self.keys.active_kid(), normalised)
            .unwrap_or_default()
    }

    /// The index under every key, writing key first: what a look-up matches during a rotation.
    pub fn candidates(&self, normalised: &str) -> Vec<String> {
        self.keys
            .kids()
            .filter_map(|kid| self.under(kid, normalised))
            .collect()
    }

    /// A keyed MAC of `message` under the writing key, for secrets stored only as a MAC (a
    /// validation code): the same key, a message the caller keeps apart from index inputs.
    pub fn mac_key(&self) -> &[u8] {
        self.keys
            .key_bytes(self.keys.active_kid())
            .map_or(&[][..], |k| &k[..])
    }

    fn under(&self, kid: &str, normalised: &str) -> Option<String> {
        let key = self.keys.key_bytes(kid)?;
        Some(hex::encode(hmac_sha256(key, normalised.as_bytes())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    fn index(text: &str) -> BlindIndex {
        BlindIndex::new(Keyring::parse(text).unwrap())
    }

    #[test]
    fn same_value_same_index_other_key_other_index() {
        let k1 = format!("i1:{}", URL_SAFE_NO_PAD.encode([1u8; 32]));
        let k2 = format!("i2:{}", URL_SAFE_NO_PAD.encode([2u8; 32]));
        let one = index(&k1);
        let a = one.compute("email:anna@example.pl");
        assert_eq!(a.len(), 64);
        assert_eq!(a, one.compute("email:anna@example.pl"));
        assert_ne!(a, one.compute("email:anne@example.pl"));
        assert!(!a.contains("anna"));
        let rotated = index(&format!("{k2},{k1}"));
        assert_eq!(rotated.active_kid(), "i2");
        let candidates = rotated.candidates("email:anna@example.pl");
        assert_eq!(candidates.len(), 2);
        assert_ne!(candidates[0], a);
        assert_eq!(
            candidates[1], a,
            "the old key still finds rows not recomputed yet"
        );
        assert_eq!(one.mac_key(), &[1u8; 32]);
    }
}
