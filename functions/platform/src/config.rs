//! Typed configuration from Spin variables (`[component.X.variables]` in `spin.toml`).
//!
//! Configuration is read once in the shell and passed into the code that needs it; nothing
//! deeper reads variables (so tests pass a [`MapVars`] instead of mutating a global).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A configuration problem (logged; the request gets a generic 500).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A required variable has no value.
    #[error("variable `{0}` is not set")]
    Missing(String),
    /// A variable's value does not parse.
    #[error("variable `{name}` is not valid: {reason}")]
    Invalid {
        /// The variable.
        name: String,
        /// Why (never the value: it may be a secret).
        reason: String,
    },
    /// The host could not answer.
    #[error("variables: {0}")]
    Host(String),
}

impl From<ConfigError> for crate::ApiError {
    fn from(e: ConfigError) -> Self {
        crate::ApiError::internal(e)
    }
}

/// A source of variables.
pub trait Vars {
    /// The value of `name`, `None` when undefined.
    fn get(&self, name: &str) -> Result<Option<String>, ConfigError>;

    /// The value of a required variable.
    fn required(&self, name: &str) -> Result<String, ConfigError> {
        self.get(name)?
            .ok_or_else(|| ConfigError::Missing(name.to_owned()))
    }

    /// The parsed value of `name`, or `default` when undefined or empty.
    fn parsed_or<T: FromStr>(&self, name: &str, default: T) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
        Self: Sized,
    {
        match self.get(name)? {
            Some(v) if !v.trim().is_empty() => {
                v.trim().parse().map_err(|e: T::Err| ConfigError::Invalid {
                    name: name.to_owned(),
                    reason: e.to_string(),
                })
            }
            _ => Ok(default),
        }
    }
}

/// The component's Spin variables.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpinVars;

impl Vars for SpinVars {
    fn get(&self, name: &str) -> Result<Option<String>, ConfigError> {
        use spin_sdk::variables::Error;
        match spin_sdk::variables::get(name) {
            Ok(v) => Ok(Some(v)),
            Err(Error::Undefined(_)) => Ok(None),
            Err(e) => Err(ConfigError::Host(format!("{name}: {e:?}"))),
        }
    }
}

/// Variables from a map (tests, tools).
#[derive(Debug, Clone, Default)]
pub struct MapVars(pub BTreeMap<String, String>);

impl Vars for MapVars {
    fn get(&self, name: &str) -> Result<Option<String>, ConfigError> {
        Ok(self.0.get(name).cloned())
    }
}

/// A secret value: shown as `[redacted]` by `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself: use it, never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The origin that means "no gateway configured: write messages to the log".
pub const UNCONFIGURED_GATEWAY: &str = "http://gateway.invalid";

/// An outgoing message gateway (accounts.md § Outgoing e-mail and SMS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayConfig {
    /// `scheme://host[:port]`, no path (Spin refuses paths in `allowed_outbound_hosts`).
    pub origin: String,
    /// Path POSTed to (`/email`).
    pub path: String,
    /// Sent as `Authorization: Bearer` when not empty.
    pub token: Secret,
}

impl GatewayConfig {
    /// Reads `<prefix>_gateway_origin`, `_path` and `_token` (prefix `email` or `sms`).
    pub fn from_vars(vars: &dyn Vars, prefix: &str) -> Result<Self, ConfigError> {
        let origin_var = format!("{prefix}_gateway_origin");
        let origin = vars
            .get(&origin_var)?
            .unwrap_or_else(|| UNCONFIGURED_GATEWAY.to_owned());
        let origin = origin.trim().trim_end_matches('/').to_owned();
        let scheme_ok = origin.starts_with("http://") || origin.starts_with("https://");
        let after_scheme = origin.split_once("://").map_or("", |(_, rest)| rest);
        if !scheme_ok || after_scheme.is_empty() || after_scheme.contains('/') {
            return Err(ConfigError::Invalid {
                name: origin_var,
                reason: "expected scheme://host[:port] without a path".into(),
            });
        }
        let path = vars
            .get(&format!("{prefix}_gateway_path"))?
            .unwrap_or_else(|| format!("/{prefix}"));
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        let token = Secret::new(
            vars.get(&format!("{prefix}_gateway_token"))?
                .unwrap_or_default(),
        );
        Ok(Self {
            origin,
            path,
            token,
        })
    }

    /// False for the reserved "not configured" origin.
    pub fn is_configured(&self) -> bool {
        self.origin != UNCONFIGURED_GATEWAY
    }

    /// The URL messages are POSTed to.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> MapVars {
        MapVars(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn typed_values_and_defaults() {
        let v = vars(&[("timeout_s", "30"), ("empty", " "), ("bad", "x")]);
        assert_eq!(v.parsed_or("timeout_s", 5u32), Ok(30));
        assert_eq!(v.parsed_or("empty", 5u32), Ok(5));
        assert_eq!(v.parsed_or("absent", 5u32), Ok(5));
        assert!(matches!(
            v.parsed_or("bad", 5u32),
            Err(ConfigError::Invalid { .. })
        ));
        assert_eq!(
            v.required("absent"),
            Err(ConfigError::Missing("absent".into()))
        );
    }

    #[test]
    fn gateway_table() {
        let cases = [
            (vec![], Some(("http://gateway.invalid/email", false))),
            (
                vec![
                    ("email_gateway_origin", "http://127.0.0.1:18025/"),
                    ("email_gateway_path", "mail"),
                ],
                Some(("http://127.0.0.1:18025/mail", true)),
            ),
            (
                vec![("email_gateway_origin", "https://mail.example.pl")],
                Some(("https://mail.example.pl/email", true)),
            ),
            (vec![("email_gateway_origin", "mail.example.pl")], None),
            (
                vec![("email_gateway_origin", "https://mail.example.pl/api")],
                None,
            ),
        ];
        for (pairs, expected) in cases {
            let got = GatewayConfig::from_vars(&vars(&pairs), "email")
                .ok()
                .map(|g| (g.url(), g.is_configured()));
            assert_eq!(
                got.as_ref().map(|(u, c)| (u.as_str(), *c)),
                expected,
                "{pairs:?}"
            );
        }
    }

    #[test]
    fn secrets_are_redacted() {
        let g = GatewayConfig::from_vars(&vars(&[("sms_gateway_token", "s3cret")]), "sms");
        let shown = format!("{g:?}");
        assert!(
            !shown.contains("s3cret") && shown.contains("[redacted]"),
            "{shown}"
        );
    }
}
