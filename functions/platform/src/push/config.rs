//! The push sender's configuration, from Spin variables.

use crate::config::{ConfigError, Secret, Vars};
use ratusz_domain::webpush::subscription::PushServices;
use ratusz_domain::webpush::VapidKey;

/// The VAPID private key: a P-256 scalar, 32 bytes base64url. Empty = Web Push off.
pub const VAPID_KEY_VARIABLE: &str = "vapid_private_key";
/// The VAPID contact (`mailto:` of the city's administrator, or an `https:` page).
pub const VAPID_SUBJECT_VARIABLE: &str = "vapid_subject";
/// The push services the sender may reach: the component's `allowed_outbound_hosts` entry.
pub const PUSH_SERVICES_VARIABLE: &str = "push_service_origin";
/// What [`PUSH_SERVICES_VARIABLE`] means when unset: any public HTTPS name on port 443.
pub const DEFAULT_PUSH_SERVICES: &str = "https://*:443";

/// A configured sender: who we are to push services and which of them we may call.
#[derive(Debug, Clone)]
pub struct PushConfig {
    /// The signing key (its public half is the browser's `applicationServerKey`).
    pub vapid: VapidKey,
    /// The JWT's `sub`.
    pub subject: String,
    /// The push services subscriptions may name.
    pub services: PushServices,
}

impl PushConfig {
    /// The configuration, `None` when no VAPID key is set (push off); a malformed value is
    /// an error that names the variable, never the value.
    pub fn from_vars(vars: &dyn Vars) -> Result<Option<Self>, ConfigError> {
        let key = Secret::new(vars.get(VAPID_KEY_VARIABLE)?.unwrap_or_default());
        if key.expose().trim().is_empty() {
            return Ok(None);
        }
        let invalid = |name: &str, reason: &str| ConfigError::Invalid {
            name: name.to_owned(),
            reason: reason.to_owned(),
        };
        let vapid = VapidKey::from_base64url(key.expose()).map_err(|_| {
            invalid(
                VAPID_KEY_VARIABLE,
                "expected a P-256 scalar, 32 bytes base64url",
            )
        })?;
        let subject = vars
            .get(VAPID_SUBJECT_VARIABLE)?
            .unwrap_or_default()
            .trim()
            .to_owned();
        // RFC 8292 §2.1: a contact the push service can reach.
        let contact = subject
            .strip_prefix("mailto:")
            .or_else(|| subject.strip_prefix("https://"))
            .is_some_and(|rest| !rest.is_empty());
        if !contact {
            return Err(invalid(
                VAPID_SUBJECT_VARIABLE,
                "expected mailto:address or https://page",
            ));
        }
        let services_text = vars
            .get(PUSH_SERVICES_VARIABLE)?
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_PUSH_SERVICES.to_owned());
        let services = PushServices::parse(&services_text).ok_or_else(|| {
            invalid(
                PUSH_SERVICES_VARIABLE,
                "expected one allowed_outbound_hosts entry, e.g. https://*:443",
            )
        })?;
        Ok(Some(Self {
            vapid,
            subject,
            services,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapVars;

    const KEY: &str = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";

    fn vars(pairs: &[(&str, &str)]) -> MapVars {
        MapVars(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn push_is_off_without_a_key_and_a_bad_value_names_its_variable() {
        assert!(PushConfig::from_vars(&vars(&[])).unwrap().is_none());
        assert!(PushConfig::from_vars(&vars(&[(VAPID_KEY_VARIABLE, " ")]))
            .unwrap()
            .is_none());
        let on = PushConfig::from_vars(&vars(&[
            (VAPID_KEY_VARIABLE, KEY),
            (VAPID_SUBJECT_VARIABLE, "mailto:it@gorzow.pl"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(on.services, PushServices::parse("https://*:443").unwrap());
        let cases: &[(&[(&str, &str)], &str)] = &[
            (
                &[(VAPID_KEY_VARIABLE, "secret-but-not-a-key")],
                VAPID_KEY_VARIABLE,
            ),
            (&[(VAPID_KEY_VARIABLE, KEY)], VAPID_SUBJECT_VARIABLE),
            (
                &[
                    (VAPID_KEY_VARIABLE, KEY),
                    (VAPID_SUBJECT_VARIABLE, "it@gorzow.pl"),
                ],
                VAPID_SUBJECT_VARIABLE,
            ),
            (
                &[
                    (VAPID_KEY_VARIABLE, KEY),
                    (VAPID_SUBJECT_VARIABLE, "mailto:it@gorzow.pl"),
                    (PUSH_SERVICES_VARIABLE, "*"),
                ],
                PUSH_SERVICES_VARIABLE,
            ),
        ];
        for (pairs, variable) in cases {
            match PushConfig::from_vars(&vars(pairs)) {
                Err(ConfigError::Invalid { name, reason }) => {
                    assert_eq!(name, *variable);
                    assert!(!reason.contains("secret-but-not-a-key"));
                }
                other => panic!("{pairs:?}: {other:?}"),
            }
        }
    }
}
