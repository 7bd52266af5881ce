//! The accounts policies as configured by Spin variables (defaults from accounts.md).

use ratusz_domain::accounts::lockout::LockoutPolicy;
use ratusz_domain::accounts::reset_policy::ResetPolicy;
use ratusz_domain::accounts::session_policy::SessionPolicy;
use ratusz_domain::accounts::throttle::AddressThrottle;
use ratusz_platform::config::{ConfigError, Vars};
use ratusz_platform::{session, ApiError};

/// The per-request environment of the auth component: the platform's, with these settings.
pub type Env = ratusz_platform::Env<Settings>;

/// Everything configurable about accounts.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Lockout per account.
    pub lockout: LockoutPolicy,
    /// Throttle per client address.
    pub throttle: AddressThrottle,
    /// Idle and absolute session timeouts.
    pub session: SessionPolicy,
    /// Days a start password works (`start_password_days`, 7).
    pub start_password_days: i64,
    /// Claim link lifetime and wrong-code limit.
    pub reset: ResetPolicy,
    /// The bootstrap administrator's e-mail (`bootstrap_admin_email`).
    pub bootstrap_admin_email: String,
    /// Public base URL for links in e-mails (`public_url`, e.g. `https://rada.example.pl`).
    pub public_url: String,
}

impl ratusz_platform::Settings for Settings {
    fn load<V: Vars>(vars: &V) -> Result<Self, ApiError> {
        Ok(Self::from_vars(vars)?)
    }
}

impl Settings {
    /// Reads the variables (absent → defaults).
    pub fn from_vars<V: Vars>(vars: &V) -> Result<Self, ConfigError> {
        let defaults = LockoutPolicy::default();
        let lockout = LockoutPolicy {
            threshold: vars
                .parsed_or("lockout_threshold", defaults.threshold)?
                .max(1),
            base_lock_s: vars
                .parsed_or("lockout_base_minutes", defaults.base_lock_s / 60)?
                .max(1)
                * 60,
            max_lock_s: vars
                .parsed_or("lockout_max_hours", defaults.max_lock_s / 3600)?
                .max(1)
                * 3600,
            permanent_after: vars
                .parsed_or("lockout_permanent_failures", defaults.permanent_after)?
                .max(1),
            ..defaults
        };
        let throttle_defaults = AddressThrottle::default();
        let throttle = AddressThrottle {
            limit: vars
                .parsed_or("throttle_per_address", throttle_defaults.limit)?
                .max(1),
            window_s: vars
                .parsed_or("throttle_window_minutes", throttle_defaults.window_s / 60)?
                .max(1)
                * 60,
        };
        let public_url: String = vars.parsed_or("public_url", String::new())?;
        Ok(Self {
            lockout,
            throttle,
            session: session::policy_from_vars(vars)?,
            start_password_days: vars.parsed_or("start_password_days", 7_i64)?.max(1),
            reset: ResetPolicy::default(),
            bootstrap_admin_email: vars
                .parsed_or("bootstrap_admin_email", "admin@ratusz.local".to_owned())?,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }
}
