//! The chat's configuration from Spin variables: the data keyring (message bodies sealed at
//! rest, the word index's keys) and how long messages are kept.

use ratusz_domain::chat::retention::{Retention, RETENTION_DAYS_DEFAULT};
use ratusz_platform::config::{ConfigError, Vars};
use ratusz_platform::sealed::Keyring;
use ratusz_platform::ApiError;

/// The per-request environment of the messaging component.
pub type Env = ratusz_platform::Env<Settings>;

/// Everything configurable about the chat.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `data_keys`: seals message bodies; derives the word index's keys.
    pub keyring: Keyring,
    /// `chat_retention_days` (730; 0 = keep): the tick purges older messages.
    pub retention: Retention,
}

impl ratusz_platform::Settings for Settings {
    fn load<V: Vars>(vars: &V) -> Result<Self, ApiError> {
        Ok(Self::from_vars(vars)?)
    }
}

impl Settings {
    /// Reads the variables; a missing keyring fails closed (nothing is stored in plaintext).
    pub fn from_vars<V: Vars>(vars: &V) -> Result<Self, ConfigError> {
        Ok(Self {
            keyring: Keyring::from_vars(vars)?,
            retention: Retention::from_days(
                vars.parsed_or("chat_retention_days", RETENTION_DAYS_DEFAULT)?,
            ),
        })
    }
}
