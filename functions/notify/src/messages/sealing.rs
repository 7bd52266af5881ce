//! A message's title and text at rest: sealed under `data_keys` (the platform's keyring for
//! the app's own secrets), bound to the message id and the field, so a ciphertext copied into
//! another row or column does not open. An individual message (a reply to a report) may be
//! personal; a message to everyone is sealed the same way, so no row says which is which.

use ratusz_platform::config::SpinVars;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::sealed::Keyring;
use ratusz_platform::ApiError;

/// The associated data's purpose.
const PURPOSE: &str = "notify.message";

/// The `data_keys` keyring; a missing one fails the request (nothing is stored in plaintext
/// instead).
pub fn keyring() -> Result<Keyring, ApiError> {
    Ok(Keyring::from_vars(&SpinVars)?)
}

/// Seals `value` as `field` (`title`, `text`) of message `id`.
pub fn seal(keys: &Keyring, id: &str, field: &str, value: &str) -> Result<String, ApiError> {
    keys.seal(
        PURPOSE,
        &format!("{id}:{field}"),
        value.as_bytes(),
        &mut HostEntropy,
    )
    .map_err(ApiError::internal)
}

/// Opens `field` of message `id`.
pub fn open(keys: &Keyring, id: &str, field: &str, sealed: &str) -> Result<String, ApiError> {
    keys.open_text(PURPOSE, &format!("{id}:{field}"), sealed)
        .map_err(ApiError::internal)
}
