//! Quorum: at least half of the statutory composition present (`2 × present ≥ statutory`).

/// Whether `present` members make a quorum of a body of `statutory` members.
///
/// Art. 14 ust. 1 u.s.g.: resolutions need "co najmniej połowa ustawowego składu". Counted in
/// `u64` so no size can overflow; a body with no statutory members has no quorum (a
/// misconfigured meeting must not be able to vote).
pub fn has_quorum(present: u32, statutory: u32) -> bool {
    statutory > 0 && 2 * u64::from(present) >= u64::from(statutory)
}

/// The fewest members present that make a quorum of `statutory` (for problem parameters and
/// screens: "8 of 15 needed"). At least one, so a misconfigured body never reads as "0 needed".
pub fn required(statutory: u32) -> u32 {
    statutory.div_ceil(2).max(1)
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

    #[test]
    fn required_is_the_smallest_quorum() {
        for statutory in [1, 2, 15, 20, 21, 60, 1000] {
            let n = required(statutory);
            assert!(has_quorum(n, statutory), "{n} of {statutory}");
            assert!(!has_quorum(n - 1, statutory), "{} of {statutory}", n - 1);
        }
        assert_eq!(required(15), 8);
        assert_eq!(required(0), 1);
    }
}
