//! Generated secrets (start passwords, reset tokens, SMS codes, session ids) and the helpers
//! to store and compare them. Randomness comes from the injected [`Entropy`].
//!
//! Every draw is unbiased (rejection sampling). A draw gives up on rejection only after
//! [`MAX_REJECTIONS`] bytes in a row, which a working CSPRNG never produces; that bound keeps a
//! broken entropy source from hanging a request.

use crate::id::Entropy;
use sha2::{Digest, Sha256};

/// Start-password characters: letters and digits with the look-alikes removed
/// (0/O/o, 1/l/I/i, 5/S/s, 2/Z/z, 8/B), so a password read from a letter is typed right.
pub const START_PASSWORD_ALPHABET: &str = "abcdefghjkmnpqrtuvwxyACDEFGHJKLMNPQRTUVWXY34679";
/// Length of a start password (the spec asks for at least 16; 20 × log2(47) ≈ 111 bits).
pub const START_PASSWORD_LEN: usize = 20;
/// Digits in an SMS code.
pub const SMS_CODE_LEN: usize = 8;
/// Random bytes in a reset token and a session id (256 bits).
pub const TOKEN_BYTES: usize = 32;
/// Rejected draws in a row after which a draw stops being picky (see the module docs).
pub const MAX_REJECTIONS: u32 = 1024;
/// Start-password candidates tried before the class fix-up (a real CSPRNG needs ~1.1).
const MAX_CANDIDATES: u32 = 64;

/// A start password: [`START_PASSWORD_LEN`] characters of [`START_PASSWORD_ALPHABET`] with
/// at least one lowercase letter, one uppercase letter and one digit.
pub fn start_password(entropy: &mut dyn Entropy) -> String {
    let alphabet: Vec<char> = START_PASSWORD_ALPHABET.chars().collect();
    let mut draw = Draw::new(entropy);
    let mut candidate = Vec::with_capacity(START_PASSWORD_LEN);
    // Drawing whole passwords until one has every class keeps the result uniform over the
    // valid passwords (about one draw in ten lacks a digit).
    for _ in 0..MAX_CANDIDATES {
        candidate = (0..START_PASSWORD_LEN)
            .map(|_| pick(&alphabet, draw.below(alphabet.len())))
            .collect();
        if has_every_class(&candidate) {
            return candidate.into_iter().collect();
        }
    }
    // Only a broken entropy source gets here: still honour the promise of every class.
    for (slot, class) in candidate.iter_mut().zip(classes()) {
        *slot = pick(&class, draw.below(class.len()));
    }
    candidate.into_iter().collect()
}

/// A single-use reset token: [`TOKEN_BYTES`] random bytes as unpadded base64url (43 chars).
pub fn reset_token(entropy: &mut dyn Entropy) -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    entropy.fill(&mut bytes);
    base64url(&bytes)
}

/// An SMS code: exactly [`SMS_CODE_LEN`] decimal digits, uniform over 00000000–99999999.
pub fn sms_code(entropy: &mut dyn Entropy) -> String {
    const RANGE: u32 = 100_000_000;
    // 42 whole ranges fit in a u32; values in the incomplete 43rd are redrawn.
    const ZONE: u32 = (u32::MAX / RANGE) * RANGE;
    let mut value = 0;
    for _ in 0..MAX_REJECTIONS {
        let mut bytes = [0u8; 4];
        entropy.fill(&mut bytes);
        value = u32::from_be_bytes(bytes);
        if value < ZONE {
            break;
        }
    }
    format!("{:08}", value % RANGE)
}

/// A session id: [`TOKEN_BYTES`] random bytes (256 bits) as lowercase hex.
pub fn session_id(entropy: &mut dyn Entropy) -> String {
    let mut bytes = [0u8; TOKEN_BYTES];
    entropy.fill(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of `text` as lowercase hex: what we store instead of a token or code, so a copy of
/// the database cannot be used to claim a reset.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Equality whose time does not depend on where `a` and `b` differ (only on their length),
/// for comparing secrets and their hashes.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

fn pick(chars: &[char], index: usize) -> char {
    chars.get(index).copied().unwrap_or('?')
}

fn classes() -> [Vec<char>; 3] {
    let all = START_PASSWORD_ALPHABET.chars();
    [
        all.clone().filter(char::is_ascii_lowercase).collect(),
        all.clone().filter(char::is_ascii_uppercase).collect(),
        all.filter(char::is_ascii_digit).collect(),
    ]
}

fn has_every_class(password: &[char]) -> bool {
    password.iter().any(char::is_ascii_lowercase)
        && password.iter().any(char::is_ascii_uppercase)
        && password.iter().any(char::is_ascii_digit)
}

/// Random bytes read from an [`Entropy`] a block at a time.
struct Draw<'a> {
    entropy: &'a mut dyn Entropy,
    buf: [u8; 64],
    pos: usize,
}

impl<'a> Draw<'a> {
    fn new(entropy: &'a mut dyn Entropy) -> Self {
        Self {
            entropy,
            buf: [0; 64],
            pos: 64,
        }
    }

    fn byte(&mut self) -> u8 {
        if self.pos >= self.buf.len() {
            self.entropy.fill(&mut self.buf);
            self.pos = 0;
        }
        let b = self.buf.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A uniform index below `n` (1 ≤ n ≤ 256): bytes in the incomplete top slice are redrawn.
    fn below(&mut self, n: usize) -> usize {
        let n = n.clamp(1, 256);
        let zone = 256 - 256 % n;
        let mut b = usize::from(self.byte());
        for _ in 0..MAX_REJECTIONS {
            if b < zone {
                break;
            }
            b = usize::from(self.byte());
        }
        b % n
    }
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sextet = |v: u32, shift: u32| char::from(ALPHABET[((v >> shift) & 63) as usize]);
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let v = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        // n bytes make n + 1 characters; no padding.
        for shift in [18, 12, 6, 0].into_iter().take(chunk.len() + 1) {
            out.push(sextet(v, shift));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::FixedEntropy;
    use std::collections::HashSet;

    /// A deterministic, well-mixed stream (SplitMix64) for statistical tests.
    struct Counter(u64);

    impl Entropy for Counter {
        fn fill(&mut self, buf: &mut [u8]) {
            for b in buf {
                self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.0;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                *b = (z ^ (z >> 31)) as u8;
            }
        }
    }

    #[test]
    fn alphabet_has_no_look_alikes_and_every_class() {
        for c in "0Oo1lIi5Ss2Zz8B".chars() {
            assert!(!START_PASSWORD_ALPHABET.contains(c), "{c}");
        }
        let unique: HashSet<char> = START_PASSWORD_ALPHABET.chars().collect();
        assert_eq!(unique.len(), START_PASSWORD_ALPHABET.len());
        assert!(classes().iter().all(|c| !c.is_empty()));
    }

    #[test]
    fn start_passwords_are_long_mixed_and_different() {
        let mut rng = Counter(7);
        let mut seen = HashSet::new();
        for _ in 0..2_000 {
            let p = start_password(&mut rng);
            assert_eq!(p.chars().count(), START_PASSWORD_LEN, "{p}");
            assert!(
                p.chars().all(|c| START_PASSWORD_ALPHABET.contains(c)),
                "{p}"
            );
            let chars: Vec<char> = p.chars().collect();
            assert!(has_every_class(&chars), "{p}");
            assert!(seen.insert(p));
        }
    }

    #[test]
    fn start_password_survives_a_broken_entropy_source() {
        for pattern in [vec![0xff], vec![0], vec![]] {
            let p = start_password(&mut FixedEntropy(pattern.clone()));
            let chars: Vec<char> = p.chars().collect();
            assert_eq!(chars.len(), START_PASSWORD_LEN, "{pattern:?}");
            assert!(has_every_class(&chars), "{pattern:?}: {p}");
        }
    }

    #[test]
    fn draws_are_uniform() {
        let mut rng = Counter(1);
        let mut draw = Draw::new(&mut rng);
        let n = 47;
        let rounds = 47_000;
        let mut counts = vec![0u32; n];
        for _ in 0..rounds {
            counts[draw.below(n)] += 1;
        }
        // Every value within ±20 % of the expected 1000 (bias from `% n` alone would be ~±10 %
        // concentrated on low values; a real failure shows up far beyond this).
        assert!(counts.iter().all(|c| (800..1200).contains(c)), "{counts:?}");
        // The rejected top slice: byte 255 is not 255 % 47 = 20, it is redrawn.
        let mut fixed = FixedEntropy((0u8..=255).rev().collect());
        let mut draw = Draw::new(&mut fixed);
        assert_eq!(draw.below(47), 234 % 47);
    }

    #[test]
    fn sms_codes_are_eight_digits() {
        let mut rng = Counter(3);
        for _ in 0..1_000 {
            let code = sms_code(&mut rng);
            assert_eq!(code.len(), SMS_CODE_LEN, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
        let cases = [
            (vec![0, 0, 0, 0], "00000000"),
            (vec![0, 0, 0, 42], "00000042"),
            (vec![0x05, 0xF5, 0xE1, 0xFF], "00000255"), // 100_000_255
        ];
        for (bytes, expected) in cases {
            assert_eq!(sms_code(&mut FixedEntropy(bytes)), expected);
        }
        // Above the last full range of 10^8 is redrawn; a stuck source still terminates.
        assert_eq!(sms_code(&mut FixedEntropy(vec![0xff])), "94967295");
    }

    #[test]
    fn tokens_and_session_ids_carry_256_bits() {
        let token = reset_token(&mut FixedEntropy(vec![0xfb, 0xff]));
        assert_eq!(token.len(), 43);
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert!(token.starts_with("-__7__"), "{token}");
        let sid = session_id(&mut FixedEntropy(vec![0xab]));
        assert_eq!(sid, "ab".repeat(32));
        let mut rng = Counter(9);
        assert_ne!(session_id(&mut rng), session_id(&mut rng));
        assert_ne!(reset_token(&mut rng), reset_token(&mut rng));
    }

    #[test]
    fn base64url_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64url(input.as_bytes()), expected);
        }
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    #[test]
    fn sha256_and_constant_time_eq() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let cases: [(&[u8], &[u8], bool); 5] = [
            (b"", b"", true),
            (b"abc", b"abc", true),
            (b"abc", b"abd", false),
            (b"abc", b"ab", false),
            (b"\x00", b"\x80", false),
        ];
        for (a, b, equal) in cases {
            assert_eq!(constant_time_eq(a, b), equal, "{a:?} {b:?}");
        }
    }
}
