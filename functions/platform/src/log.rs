//! Logging to the component's stderr (the host and Spin write it to their log).
//!
//! Never log a password, token, start password or personal data here.

/// An error the operator should see.
pub fn error(message: &str) {
    eprintln!("ratusz error: {message}");
}

/// Something worth knowing (start-up work, migrations).
pub fn info(message: &str) {
    eprintln!("ratusz: {message}");
}
