//! Quorum: at least half of the statutory composition present (`2 × present ≥ statutory`).

/// Whether `present` members make a quorum of a body of `statutory` members.
///
/// Art. 14 ust. 1 u.s.g.: resolutions need "co najmniej połowa ustawowego składu". Counted in
/// `u64` so no size can overflow; a body with no statutory members has no quorum (a
/// misconfigured meeting must not be able to vote).
pub fn has_quorum(present: u32, statutory: u32) -> bool {
    statutory > 0 && 2 * u64::from(present) >= u64::from(statutory)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_of_the_statutory_composition_is_a_quorum() {
        let cases = [
            (0, 0, false),
            (5, 0, false),
            (0, 15, false),
            (7, 15, false),
            (8, 15, true),
            (9, 20, false),
            (10, 20, true),
            (10, 21, false),
            (11, 21, true),
            (21, 21, true),
            (u32::MAX, u32::MAX, true),
            (u32::MAX / 2, u32::MAX, false),
        ];
        for (present, statutory, expected) in cases {
            assert_eq!(
                has_quorum(present, statutory),
                expected,
                "{present} of {statutory}"
            );
        }
    }
}
