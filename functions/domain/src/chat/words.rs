//! The search index's words: a message's text cut into words, each folded so that search is
//! case- and accent-insensitive (`Łódź`, `LODZ` and `łódź` are one word), and the keyed token
//! stored for it (HMAC-SHA256 under a key derived from the data keys), so the database holds
//! no plaintext word of any message.

use super::mentions;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Longest word indexed (characters); longer runs are cut (a pasted hash, a long URL part).
pub const WORD_MAX_CHARS: usize = 64;
/// Most distinct words indexed per message (a 10,000-character text has fewer in practice).
pub const WORDS_PER_MESSAGE_MAX: usize = 2000;
/// Hex characters of a token kept (128 bits: no collision in a council's lifetime).
const TOKEN_HEX: usize = 32;

/// One word folded (the shared [`crate::fold::fold`]).
pub use crate::fold::fold;

/// The distinct folded words of a text, in order of first appearance: runs of letters and
/// digits, mentions counted by the mentioned name.
pub fn words(text: &str) -> Vec<String> {
    let plain = mentions::display(text);
    let mut seen: Vec<String> = Vec::new();
    for raw in plain.split(|c: char| !c.is_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        let cut: String = raw.chars().take(WORD_MAX_CHARS).collect();
        let word = fold(&cut);
        if !word.is_empty() && !seen.contains(&word) {
            seen.push(word);
            if seen.len() == WORDS_PER_MESSAGE_MAX {
                break;
            }
        }
    }
    seen
}

/// The stored token of `word` under the index key `kid`/`key`: `<kid>.<hex>`, so after a key
/// rotation the old tokens still answer a search made with the old key.
pub fn token(kid: &str, key: &[u8; 32], word: &str) -> Result<String, hmac::digest::InvalidLength> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)?;
    mac.update(word.as_bytes());
    let digest = hex::encode(mac.finalize().into_bytes());
    Ok(format!(
        "{kid}.{}",
        digest.get(..TOKEN_HEX).unwrap_or(&digest)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_table() {
        let cases = [
            ("Łódź", "lodz"),
            ("ŁÓDŹ", "lodz"),
            ("zażółć", "zazolc"),
            ("GĘŚLĄ", "gesla"),
            ("Jaźń", "jazn"),
            ("Straße", "strasse"),
            ("Øresund", "oresund"),
            ("ﬁnanse", "finanse"),
            ("２０２６", "2026"),
            ("budżet", "budzet"),
        ];
        for (word, expected) in cases {
            assert_eq!(fold(word), expected, "{word}");
        }
    }

    #[test]
    fn words_of_a_message() {
        assert_eq!(
            words("**Budżet** na 2026: budżet, BUDŻET! Pytanie do @[Anna Nowak](user:01HA)."),
            ["budzet", "na", "2026", "pytanie", "do", "anna", "nowak"]
        );
        assert_eq!(words("  ***  "), Vec::<String>::new());
        let long = "x".repeat(200);
        assert_eq!(words(&long), ["x".repeat(WORD_MAX_CHARS)]);
    }

    #[test]
    fn tokens_are_keyed_and_hide_the_word() {
        let key = [7u8; 32];
        let other = [8u8; 32];
        let t = token("k1", &key, "budzet").unwrap();
        assert!(t.starts_with("k1."));
        assert_eq!(t.len(), 3 + TOKEN_HEX);
        assert!(!t.contains("budzet"));
        assert_eq!(t, token("k1", &key, "budzet").unwrap());
        assert_ne!(t, token("k1", &other, "budzet").unwrap());
        assert_ne!(t, token("k1", &key, "budzety").unwrap());
    }
}
