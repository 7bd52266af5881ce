//! Vote receipts: a short code from HMAC-SHA256(key, poll ‖ voter ‖ choice ‖ nonce).
//!
//! The councillor sees the code on the tablet when voting and finds it again next to their
//! name in the published named list: a vote recorded differently from how it was cast would
//! show a different code. The key stays on the server, so nobody can compute the receipt of
//! a choice they did not cast; the nonce makes two votes of the same person in two polls
//! with the same choice unlinkable by their codes.

use crate::api::council::Choice;
use sha2::{Digest, Sha256};

/// SHA-256 block size in bytes (RFC 2104's `B`).
const BLOCK: usize = 64;
/// Domain separation: a receipt MAC can never be confused with another use of the same key.
const CONTEXT: &[u8] = b"ratusz/vote-receipt/v1";
/// Crockford's base32 alphabet (no I, L, O, U: nothing to misread on a tablet).
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a receipt (5 bits each: 50 bits).
pub const RECEIPT_LEN: usize = 10;

/// The receipt, 10 characters of Crockford base32 (50 bits).
///
/// Every field is length-prefixed before it is MACed, so `("ab", "c")` and `("a", "bc")` give
/// different codes.
pub fn receipt(key: &[u8], poll_id: &str, voter: &str, choice: Choice, nonce: &[u8]) -> String {
    let mut message = Vec::with_capacity(64 + poll_id.len() + voter.len() + nonce.len());
    for field in [
        CONTEXT,
        poll_id.as_bytes(),
        voter.as_bytes(),
        choice.as_str().as_bytes(),
        nonce,
    ] {
        // usize → u64 never truncates on the targets we build for (≤ 64-bit).
        message.extend_from_slice(&(field.len() as u64).to_be_bytes());
        message.extend_from_slice(field);
    }
    crockford_50_bits(&hmac_sha256(key, &message))
}

/// HMAC-SHA256 (RFC 2104): `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))`, keys longer than a block
/// hashed first.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// The first 50 bits of `mac` as 10 Crockford base32 characters, most significant first.
fn crockford_50_bits(mac: &[u8; 32]) -> String {
    let mut first = [0u8; 8];
    first[1..].copy_from_slice(&mac[..7]);
    // 56 bits read; drop the lowest 6 to keep the first 50.
    let bits = u64::from_be_bytes(first) >> 6;
    (0..RECEIPT_LEN)
        .rev()
        .map(|i| char::from(CROCKFORD[((bits >> (5 * i)) & 0x1f) as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test cases 1, 2 and 6 (short key, short key with text, key longer than a block).
    #[test]
    fn hmac_matches_rfc_4231() {
        let cases: [(Vec<u8>, &[u8], &str); 3] = [
            (
                vec![0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                vec![0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
        ];
        for (key, data, expected) in cases {
            assert_eq!(hex::encode(hmac_sha256(&key, data)), expected);
        }
    }

    #[test]
    fn crockford_takes_the_first_50_bits() {
        let mut mac = [0u8; 32];
        assert_eq!(crockford_50_bits(&mac), "0000000000");
        mac[..7].copy_from_slice(&[0xff; 7]);
        assert_eq!(crockford_50_bits(&mac), "ZZZZZZZZZZ");
        // 0b00001_00010_… : the first two characters are 1 and 2.
        let mut mac = [0u8; 32];
        mac[0] = 0b0000_1000;
        mac[1] = 0b1000_0000;
        assert_eq!(crockford_50_bits(&mac), "1200000000");
        // Bits beyond the 50th do not matter.
        let mut mac = [0u8; 32];
        mac[6] = 0b0011_1111;
        mac[7] = 0xff;
        assert_eq!(crockford_50_bits(&mac), "0000000000");
    }

    #[test]
    fn receipt_is_deterministic_short_and_crockford() {
        let a = receipt(b"key", "p1", "u1", Choice::For, b"n1");
        assert_eq!(a, receipt(b"key", "p1", "u1", Choice::For, b"n1"));
        assert_eq!(a.len(), RECEIPT_LEN);
        assert!(a.bytes().all(|c| CROCKFORD.contains(&c)), "{a}");
    }

    #[test]
    fn receipt_differs_in_every_field() {
        let base = receipt(b"key", "p1", "u1", Choice::For, b"n1");
        let others = [
            receipt(b"kez", "p1", "u1", Choice::For, b"n1"),
            receipt(b"key", "p2", "u1", Choice::For, b"n1"),
            receipt(b"key", "p1", "u2", Choice::For, b"n1"),
            receipt(b"key", "p1", "u1", Choice::Against, b"n1"),
            receipt(b"key", "p1", "u1", Choice::Abstain, b"n1"),
            receipt(b"key", "p1", "u1", Choice::For, b"n2"),
        ];
        for other in others {
            assert_ne!(base, other);
        }
        // Length prefixes: moving a byte across a field boundary changes the code.
        assert_ne!(
            receipt(b"key", "ab", "c", Choice::For, b""),
            receipt(b"key", "a", "bc", Choice::For, b"")
        );
        assert_ne!(
            receipt(b"key", "p", "u", Choice::For, b"x"),
            receipt(b"key", "p", "ux", Choice::For, b"")
        );
    }

    #[test]
    fn receipts_spread_over_the_alphabet() {
        let codes: std::collections::HashSet<String> = (0..500)
            .map(|i| receipt(b"key", "p1", &format!("u{i}"), Choice::For, b"n"))
            .collect();
        assert_eq!(codes.len(), 500, "50-bit codes of 500 voters collide");
        let used: std::collections::HashSet<char> = codes.iter().flat_map(|c| c.chars()).collect();
        assert_eq!(used.len(), 32, "every Crockford character appears");
    }
}
