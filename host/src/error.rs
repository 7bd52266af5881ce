//! Start-up configuration errors: everything that stops the host before it serves.

use std::path::PathBuf;

/// Why the app could not be loaded. Each message names the field, variable or path at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A manifest or runtime-config field this host does not implement.
    #[error("unsupported field '{0}'")]
    UnsupportedField(String),
    /// A field that is present but has a value this host cannot accept.
    #[error("invalid value for '{field}': {reason}")]
    InvalidValue {
        /// Dotted path of the field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A required application variable with no value from any provider.
    #[error("variable '{0}' is required but has no value")]
    MissingVariable(String),
    /// A file the app refers to does not exist.
    #[error("file not found: {0}")]
    MissingFile(PathBuf),
    /// The file could not be read or parsed at all.
    #[error("cannot read {path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        reason: String,
    },
}

impl ConfigError {
    /// Shorthand for [`ConfigError::InvalidValue`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidValue {
            field: field.into(),
            reason: reason.into(),
        }
    }
}
