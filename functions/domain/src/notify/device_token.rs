//! The device token a binding answers with: `ntd1.` and 256 random bits in base64url. Only its
//! SHA-256 is stored, so a copy of the database binds no device.

use crate::accounts::secrets::{reset_token, sha256_hex};
use crate::id::Entropy;

/// What every device token starts with (its format's version).
pub const PREFIX: &str = "ntd1.";
/// Characters after the prefix (32 bytes in base64url without padding).
pub const BODY_LEN: usize = 43;

/// A fresh device token.
pub fn generate(entropy: &mut dyn Entropy) -> String {
    format!("{PREFIX}{}", reset_token(entropy))
}

/// The stored form of a token that has the right shape; `None` for anything else (answered
/// 401 `invalid_token` without a database read).
pub fn stored_hash(token: &str) -> Option<String> {
    let body = token.strip_prefix(PREFIX)?;
    let shaped = body.len() == BODY_LEN
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    shaped.then(|| sha256_hex(token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::FixedEntropy;

    #[test]
    fn tokens_have_the_published_shape() {
        let token = generate(&mut FixedEntropy(vec![7; 64]));
        assert!(token.starts_with(PREFIX));
        assert_eq!(token.len(), PREFIX.len() + BODY_LEN);
        assert_eq!(stored_hash(&token), Some(sha256_hex(&token)));
        for bad in [
            "",
            "ntd1.",
            "ntd2.abc",
            &token[..token.len() - 1],
            &format!("{token}x"),
        ] {
            assert_eq!(stored_hash(bad), None, "{bad}");
        }
        let spaced = format!("{}{}", PREFIX, " ".repeat(BODY_LEN));
        assert_eq!(stored_hash(&spaced), None);
    }
}
