//! The residents' keys: `resident_data_keys` seals each personal field (AES-256-GCM through
//! `platform::sealed`, associated data = purpose + recipient id + field name, so a ciphertext
//! opens only in its own row and column) and `resident_index_key` computes the blind indexes
//! of e-mail and phone and the MACs of validation codes. Loaded only by the handlers that need
//! them; a missing keyring fails the request (nothing is ever stored in plaintext instead).

use ratusz_domain::notify::at_rest::{binding, PURPOSE};
use ratusz_platform::blind_index::BlindIndex;
use ratusz_platform::config::SpinVars;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::sealed::Keyring;
use ratusz_platform::ApiError;

/// The secret variable of the sealing keyring.
pub const DATA_KEYS_VARIABLE: &str = "resident_data_keys";
/// The secret variable of the blind index key.
pub const INDEX_KEY_VARIABLE: &str = "resident_index_key";

/// Both keyrings.
pub struct ResidentKeys {
    seal: Keyring,
    /// The blind index (and code MAC) key.
    pub index: BlindIndex,
}

impl ResidentKeys {
    /// Reads both variables.
    pub fn load() -> Result<Self, ApiError> {
        Ok(Self {
            seal: Keyring::from_variable(&SpinVars, DATA_KEYS_VARIABLE)?,
            index: BlindIndex::from_variable(&SpinVars, INDEX_KEY_VARIABLE)?,
        })
    }

    /// The id of the key that seals.
    pub fn seal_kid(&self) -> &str {
        self.seal.active_kid()
    }

    /// Seals `value` as field `field` of recipient `id`.
    pub fn seal(&self, id: &str, field: &str, value: &str) -> Result<String, ApiError> {
        self.seal
            .seal(
                PURPOSE,
                &binding(id, field),
                value.as_bytes(),
                &mut HostEntropy,
            )
            .map_err(ApiError::internal)
    }

    /// Seals `value` for `purpose`, bound to `binding` (a resident's report and its photo,
    /// `ratusz_domain::notify::report`): the same keyring, another associated data.
    pub fn seal_for(&self, purpose: &str, binding: &str, value: &[u8]) -> Result<String, ApiError> {
        self.seal
            .seal(purpose, binding, value, &mut HostEntropy)
            .map_err(ApiError::internal)
    }

    /// Opens what [`ResidentKeys::seal_for`] sealed.
    pub fn open_for(
        &self,
        purpose: &str,
        binding: &str,
        sealed: &str,
    ) -> Result<Vec<u8>, ApiError> {
        self.seal
            .open(purpose, binding, sealed)
            .map_err(ApiError::internal)
    }

    /// Opens field `field` of recipient `id`.
    pub fn open(&self, id: &str, field: &str, sealed: &str) -> Result<String, ApiError> {
        self.seal
            .open_text(PURPOSE, &binding(id, field), sealed)
            .map_err(ApiError::internal)
    }
}
