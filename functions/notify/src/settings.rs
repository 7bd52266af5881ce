//! The registry's policies as configured by Spin variables (defaults from
//! docs/api/notifications.md).

use ratusz_domain::accounts::throttle::AddressThrottle;
use ratusz_domain::notify::audience::MIN_AUDIENCE_DEFAULT;
use ratusz_domain::notify::code::CodePolicy;
use ratusz_domain::notify::key_rotation;
use ratusz_domain::notify::sms_estimate::SEGMENT_PRICE_GROSZE_DEFAULT;
use ratusz_domain::notify::suspension::{WITHDRAWN_DAYS_DEFAULT, WITHDRAWN_DAYS_MAX};
use ratusz_platform::config::{ConfigError, Vars};
use ratusz_platform::ApiError;

/// The per-request environment of `notify`: the platform's, with these settings.
pub type Env = ratusz_platform::Env<Settings>;

/// Everything configurable about the registry.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Validation codes (`notify_code_hours`, 24).
    pub code: CodePolicy,
    /// Requests per client address on the public forms (`notify_throttle_per_address`, 20 per
    /// `notify_throttle_window_minutes`, 10).
    pub throttle: AddressThrottle,
    /// Recipients a key rotation re-seals per tick (`notify_rotation_batch`, 200).
    pub rotation_batch: u32,
    /// Days after a withdrawal of consent before the tick erases the data
    /// (`notify_withdrawn_days`, 30; 0 = at the next tick).
    pub withdrawn_days: i64,
    /// Messages: the k rule, batches and the tick's budget.
    pub messages: MessagePolicy,
}

/// How messages are sent (docs/api/notifications-messages.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessagePolicy {
    /// The k rule's k (`notify_min_audience`, 5).
    pub min_audience: u32,
    /// Messages per gateway POST and deliveries per batch (`notify_gateway_batch`, 500).
    pub gateway_batch: u32,
    /// How long one tick's sending work may run (`notify_tick_budget_ms`, 20000: under the
    /// platform's 30 s limit with room for the last batch's gateway call).
    pub tick_budget_ms: i64,
    /// What one SMS segment costs, for the preview's estimate
    /// (`notify_sms_segment_price_grosze`, 16).
    pub sms_segment_price_grosze: u64,
}

impl ratusz_platform::Settings for Settings {
    fn load<V: Vars>(vars: &V) -> Result<Self, ApiError> {
        Ok(Self::from_vars(vars)?)
    }
}

impl Settings {
    /// Reads the variables (absent → defaults).
    pub fn from_vars<V: Vars>(vars: &V) -> Result<Self, ConfigError> {
        let code = CodePolicy {
            valid_hours: vars
                .parsed_or("notify_code_hours", 24_i64)?
                .clamp(1, 24 * 30),
            ..CodePolicy::default()
        };
        let throttle = AddressThrottle {
            limit: vars
                .parsed_or("notify_throttle_per_address", 20_u32)?
                .max(1),
            window_s: vars
                .parsed_or("notify_throttle_window_minutes", 10_i64)?
                .max(1)
                * 60,
        };
        let rotation_batch = vars
            .parsed_or("notify_rotation_batch", key_rotation::DEFAULT_BATCH)?
            .clamp(1, 5_000);
        let withdrawn_days = vars
            .parsed_or("notify_withdrawn_days", WITHDRAWN_DAYS_DEFAULT)?
            .clamp(0, WITHDRAWN_DAYS_MAX);
        let messages = MessagePolicy {
            min_audience: vars
                .parsed_or("notify_min_audience", MIN_AUDIENCE_DEFAULT)?
                .clamp(1, 1_000),
            gateway_batch: vars
                .parsed_or("notify_gateway_batch", 500_u32)?
                .clamp(1, 5_000),
            tick_budget_ms: vars
                .parsed_or("notify_tick_budget_ms", 20_000_i64)?
                .clamp(100, 25_000),
            sms_segment_price_grosze: vars
                .parsed_or(
                    "notify_sms_segment_price_grosze",
                    SEGMENT_PRICE_GROSZE_DEFAULT,
                )?
                .min(1_000_000),
        };
        Ok(Self {
            code,
            throttle,
            rotation_batch,
            withdrawn_days,
            messages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_platform::config::MapVars;

    #[test]
    fn defaults_and_overrides() {
        let s = Settings::from_vars(&MapVars::default()).unwrap();
        assert_eq!(s.code.valid_hours, 24);
        assert_eq!((s.throttle.limit, s.throttle.window_s), (20, 600));
        assert_eq!(s.rotation_batch, 200);
        assert_eq!(s.withdrawn_days, 30);
        assert_eq!(
            s.messages,
            MessagePolicy {
                min_audience: 5,
                gateway_batch: 500,
                tick_budget_ms: 20_000,
                sms_segment_price_grosze: 16
            }
        );
        let vars = MapVars(
            [
                ("notify_code_hours".to_owned(), "2".to_owned()),
                ("notify_throttle_per_address".to_owned(), "0".to_owned()),
                ("notify_rotation_batch".to_owned(), "0".to_owned()),
                ("notify_withdrawn_days".to_owned(), "-5".to_owned()),
            ]
            .into(),
        );
        let s = Settings::from_vars(&vars).unwrap();
        assert_eq!((s.code.valid_hours, s.throttle.limit), (2, 1));
        assert_eq!(s.rotation_batch, 1);
        assert_eq!(s.withdrawn_days, 0);
    }
}
