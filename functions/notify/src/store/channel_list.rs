//! A list of channels in one TEXT column: wire names joined by commas (`sms,email`), read back
//! strictly (an unknown name is a decoding error, never dropped).

use ratusz_domain::api::notify::Channel;
use ratusz_platform::db::{self, DbError};

/// `channels` as stored.
pub fn to_text(channels: &[Channel]) -> String {
    channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The channels stored as `text` in column `what`.
pub fn parse(text: &str, what: &str) -> Result<Vec<Channel>, DbError> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| db::wire_text(c, what, Channel::parse))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_unknown_names() {
        let all = Channel::ALL.to_vec();
        assert_eq!(parse(&to_text(&all), "c").ok(), Some(all));
        assert_eq!(parse("", "c").ok(), Some(Vec::new()));
        assert!(parse("sms,fax", "c").is_err());
    }
}
