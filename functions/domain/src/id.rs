//! Opaque, sortable, unguessable ids (ULID: 48 bits of milliseconds, 80 bits of randomness,
//! 26 characters of Crockford base32).
//!
//! Time and randomness are injected ([`Clock`], [`Entropy`]) so generation is pure and testable;
//! the platform crate supplies the system clock and the host's CSPRNG.

use crate::time::{Clock, Timestamp};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Crockford's base32 alphabet (no I, L, O, U: nothing to misread when a person copies a code).
pub const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A source of cryptographically secure random bytes.
pub trait Entropy {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}

/// Why a text is not an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError;

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a valid id (26 characters of Crockford base32)")
    }
}

impl std::error::Error for IdError {}

/// An opaque id. Sorting ids as strings sorts them by creation time (to the millisecond).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, example = "01JDA3Y8T5C0Q9W6M2V4R7X1ZB"))]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Length of an id in characters.
    pub const LEN: usize = 26;

    /// Builds the id of `at` with 80 bits of `random` (pure; see [`Id::generate`]).
    pub fn from_parts(at: Timestamp, random: [u8; 10]) -> Self {
        // 48-bit timestamp (clamped: before 1970 and after year 10889 are not ours to name).
        let ms = u128::from(
            u64::try_from(at.unix_ms())
                .unwrap_or(0)
                .min((1u64 << 48) - 1),
        );
        let rnd = random
            .iter()
            .fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
        let value = (ms << 80) | rnd;
        Self(encode_base32_128(value))
    }

    /// A fresh id for now.
    pub fn generate(clock: &dyn Clock, entropy: &mut dyn Entropy) -> Self {
        let mut random = [0u8; 10];
        entropy.fill(&mut random);
        Self::from_parts(clock.now(), random)
    }

    /// Accepts a client-supplied id: 26 Crockford base32 characters (case-insensitive).
    pub fn parse(text: &str) -> Result<Self, IdError> {
        let upper = text.to_ascii_uppercase();
        let b = upper.as_bytes();
        // The first character carries only 3 bits (128 = 26 × 5 − 2).
        if b.len() != Self::LEN || b[0] > b'7' || !b.iter().all(|c| CROCKFORD.contains(c)) {
            return Err(IdError);
        }
        Ok(Self(upper))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Crockford base32 of `bytes` (5 bits a character, no padding): receipts and codes.
pub fn crockford_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(CROCKFORD[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(CROCKFORD[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

fn encode_base32_128(mut value: u128) -> String {
    let mut out = [b'0'; Id::LEN];
    for slot in out.iter_mut().rev() {
        *slot = CROCKFORD[(value & 31) as usize];
        value >>= 5;
    }
    out.iter().map(|c| char::from(*c)).collect()
}

/// Declares a typed id (`UserId`, `MeetingId`, …) over [`Id`], so ids of different things
/// cannot be swapped by mistake.
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub $crate::id::Id);

        impl $name {
            /// Accepts a client-supplied id.
            pub fn parse(text: &str) -> Result<Self, $crate::id::IdError> {
                $crate::id::Id::parse(text).map(Self)
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::__serde::Serialize::serialize(&self.0, s)
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$crate::id::Id as $crate::__serde::Deserialize>::deserialize(d).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

/// Deterministic [`Entropy`] for tests: repeats the given byte pattern.
#[derive(Debug, Clone)]
pub struct FixedEntropy(pub Vec<u8>);

impl Entropy for FixedEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = self.0.get(i % self.0.len().max(1)).copied().unwrap_or(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::FixedClock;

    #[test]
    fn ulid_layout_matches_the_spec_examples() {
        // The ULID spec's maximum value, and a zero id.
        let max = Id::from_parts(Timestamp::from_unix_ms((1 << 48) - 1), [0xff; 10]);
        assert_eq!(max.as_str(), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        let zero = Id::from_parts(Timestamp::EPOCH, [0; 10]);
        assert_eq!(zero.as_str(), "00000000000000000000000000");
        // 1469918176385 ms is "01ARYZ6S41" in the spec's example.
        let id = Id::from_parts(Timestamp::from_unix_ms(1_469_918_176_385), [0; 10]);
        assert!(id.as_str().starts_with("01ARYZ6S41"), "{id}");
    }

    #[test]
    fn ids_sort_by_time() {
        let mut rng = FixedEntropy(vec![0xab, 0xcd]);
        let a = Id::generate(&FixedClock(Timestamp::from_unix_ms(1_000)), &mut rng);
        let b = Id::generate(&FixedClock(Timestamp::from_unix_ms(1_001)), &mut rng);
        assert!(a < b);
        assert_eq!(a.as_str().len(), Id::LEN);
    }

    #[test]
    fn parse_accepts_only_well_formed_ids() {
        let cases = [
            ("01ARYZ6S41TSV4RRFFQ69G5FAV", true),
            ("01aryz6s41tsv4rrffq69g5fav", true),
            ("01ARYZ6S41TSV4RRFFQ69G5FA", false),
            ("01ARYZ6S41TSV4RRFFQ69G5FAVX", false),
            ("01ARYZ6S41TSV4RRFFQ69G5FAU", false),
            ("81ARYZ6S41TSV4RRFFQ69G5FAV", false),
            ("../../etc/passwd0000000000", false),
        ];
        for (text, ok) in cases {
            assert_eq!(Id::parse(text).is_ok(), ok, "{text}");
        }
    }

    crate::typed_id!(
        /// A test id.
        UserId
    );

    #[test]
    fn typed_ids_wrap_ids() {
        let id = UserId::parse("01ARYZ6S41TSV4RRFFQ69G5FAV");
        assert_eq!(
            id.as_ref().map(UserId::as_str),
            Ok("01ARYZ6S41TSV4RRFFQ69G5FAV")
        );
        let json = serde_json::to_string(&id.ok()).unwrap_or_default();
        assert_eq!(json, "\"01ARYZ6S41TSV4RRFFQ69G5FAV\"");
        assert!(serde_json::from_str::<UserId>("\"nope\"").is_err());
    }

    #[test]
    fn crockford_encodes_bytes() {
        assert_eq!(crockford_encode(&[]), "");
        assert_eq!(crockford_encode(&[0xff]), "ZW");
        assert_eq!(crockford_encode(&[0, 0, 0, 0, 0]), "00000000");
        assert_eq!(crockford_encode(&[0xff; 5]), "ZZZZZZZZ");
    }
}
