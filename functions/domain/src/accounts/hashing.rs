//! Password hashing: argon2id in PHC strings, parameters upgraded at the next login
//! (accounts.md § Passwords). Behind the `password-hash` feature: the frontend never hashes.
//!
//! The salt comes from the injected [`Entropy`] (the host's CSPRNG in production), never from
//! `OsRng`, so this module builds for every target and is deterministic in tests.

use crate::id::Entropy;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::fmt;

/// Cost parameters of argon2id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    /// Memory in KiB.
    pub m_cost_kib: u32,
    /// Passes over the memory.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

/// What new hashes use: OWASP's minimum for argon2id (m=19456 KiB, t=2, p=1).
pub const PARAMS: HashParams = HashParams {
    m_cost_kib: 19_456,
    t_cost: 2,
    p_cost: 1,
};

/// Salt length in bytes (the PHC recommendation).
pub const SALT_LEN: usize = 16;

/// A PHC string made once with [`PARAMS`] from a password nobody has; [`dummy_verify`] checks
/// against it so an unknown e-mail costs as much time as a wrong password.
const DUMMY_PHC: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$WhfDiCGeBNZaF8OIIZ4E1g$lroXluWa0vjygD03OBiFlzSqJrxCsz7ZCXQrzEsmLRY";

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    /// The password is right; `needs_rehash` asks the caller to store a fresh [`hash_password`]
    /// because the stored one is weaker than [`PARAMS`] or not argon2id.
    Match {
        /// Store a new hash made with the current parameters.
        needs_rehash: bool,
    },
    /// Wrong password, or a stored hash we cannot read.
    Mismatch,
}

/// Why a hash could not be made (only a broken parameter set or salt; never the password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashError(String);

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "password hashing failed: {}", self.0)
    }
}

impl std::error::Error for HashError {}

/// The argon2id PHC string of `password` (already NFKC-normalised by the caller) with a fresh
/// 16-byte salt drawn from `entropy`.
pub fn hash_password(password: &str, entropy: &mut dyn Entropy) -> Result<String, HashError> {
    hash_with(password, entropy, PARAMS)
}

fn hash_with(
    password: &str,
    entropy: &mut dyn Entropy,
    params: HashParams,
) -> Result<String, HashError> {
    let argon2_params = Params::new(params.m_cost_kib, params.t_cost, params.p_cost, None)
        .map_err(|e| HashError(e.to_string()))?;
    let mut salt_bytes = [0u8; SALT_LEN];
    entropy.fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| HashError(e.to_string()))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, argon2_params)
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Checks `password` against the stored PHC string `phc` (an unreadable PHC is a mismatch).
pub fn verify_password(password: &str, phc: &str) -> Verification {
    let Ok(hash) = PasswordHash::new(phc) else {
        return Verification::Mismatch;
    };
    // The verifier takes algorithm, version and cost from the PHC string itself, so hashes
    // made with older parameters keep working until they are upgraded.
    match Argon2::default().verify_password(password.as_bytes(), &hash) {
        Ok(()) => Verification::Match {
            needs_rehash: needs_rehash(&hash),
        },
        Err(_) => Verification::Mismatch,
    }
}

/// Spends the time of a real [`verify_password`] and always fails: the login path runs it
/// for unknown e-mails so response time does not reveal which accounts exist.
pub fn dummy_verify(password: &str) {
    std::hint::black_box(verify_password(password, DUMMY_PHC));
}

fn needs_rehash(hash: &PasswordHash<'_>) -> bool {
    if hash.algorithm != argon2::ARGON2ID_IDENT || hash.version != Some(Version::V0x13.into()) {
        return true;
    }
    let Ok(stored) = Params::try_from(hash) else {
        return true;
    };
    stored.m_cost() < PARAMS.m_cost_kib
        || stored.t_cost() < PARAMS.t_cost
        || stored.p_cost() < PARAMS.p_cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::FixedEntropy;

    /// Cheap parameters for the cases that don't test cost (argon2's minimum is m = 8 p).
    const WEAK: HashParams = HashParams {
        m_cost_kib: 64,
        t_cost: 1,
        p_cost: 1,
    };

    fn salt() -> FixedEntropy {
        FixedEntropy(vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
    }

    #[test]
    fn hashes_with_argon2id_and_the_owasp_minimum() {
        let phc = hash_password("Zielona łąka nad Wisłą", &mut salt()).unwrap_or_default();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        // 16 salt bytes are 22 characters of unpadded base64.
        assert_eq!(phc.split('$').nth(4).map(str::len), Some(22), "{phc}");
        assert_eq!(
            verify_password("Zielona łąka nad Wisłą", &phc),
            Verification::Match {
                needs_rehash: false
            }
        );
    }

    #[test]
    fn salt_comes_from_the_injected_entropy() {
        let a = hash_with("same password", &mut salt(), WEAK).unwrap_or_default();
        let b = hash_with("same password", &mut salt(), WEAK).unwrap_or_default();
        let c = hash_with("same password", &mut FixedEntropy(vec![9]), WEAK).unwrap_or_default();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn verification_table() {
        let current = hash_password("correct horse battery", &mut salt()).unwrap_or_default();
        let weak = hash_with("correct horse battery", &mut salt(), WEAK).unwrap_or_default();
        let params = Params::new(PARAMS.m_cost_kib, PARAMS.t_cost, PARAMS.p_cost, None);
        let argon2i = params
            .ok()
            .map(|p| Argon2::new(Algorithm::Argon2i, Version::V0x13, p))
            .zip(SaltString::encode_b64(&[7; SALT_LEN]).ok())
            .and_then(|(a, s)| {
                a.hash_password(b"correct horse battery", &s)
                    .ok()
                    .map(|h| h.to_string())
            })
            .unwrap_or_default();
        let matched = |needs_rehash| Verification::Match { needs_rehash };
        let cases = [
            ("correct horse battery", current.as_str(), matched(false)),
            (
                "correct horse batterY",
                current.as_str(),
                Verification::Mismatch,
            ),
            ("", weak.as_str(), Verification::Mismatch),
            ("correct horse battery", weak.as_str(), matched(true)),
            ("wrong", weak.as_str(), Verification::Mismatch),
            ("correct horse battery", argon2i.as_str(), matched(true)),
            ("correct horse battery", "", Verification::Mismatch),
            (
                "correct horse battery",
                "not a phc string",
                Verification::Mismatch,
            ),
            (
                "correct horse battery",
                "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
                Verification::Mismatch,
            ),
            (
                "correct horse battery",
                current.get(..current.len() - 5).unwrap_or_default(),
                Verification::Mismatch,
            ),
        ];
        for (i, (password, phc, expected)) in cases.into_iter().enumerate() {
            assert_eq!(verify_password(password, phc), expected, "case {i}: {phc}");
        }
    }

    #[test]
    fn dummy_hash_costs_what_a_real_one_costs() {
        let dummy = PasswordHash::new(DUMMY_PHC);
        assert!(dummy.as_ref().is_ok_and(|h| !needs_rehash(h)), "{dummy:?}");
        let stored = dummy.ok().and_then(|h| Params::try_from(&h).ok());
        let stored = stored.map(|p| (p.m_cost(), p.t_cost(), p.p_cost()));
        assert_eq!(
            stored,
            Some((PARAMS.m_cost_kib, PARAMS.t_cost, PARAMS.p_cost)),
            "regenerate DUMMY_PHC when PARAMS change"
        );
        assert_eq!(verify_password("", DUMMY_PHC), Verification::Mismatch);
        dummy_verify("anything");
    }
}
