//! The majority function: `Majority` is data (rule × base × fraction), evaluated here.
//!
//! Every comparison is done on exact integers (`u64`), never on floats: "more than half of
//! 15" is `2·for > 15`, "at least 2/3 of 21" is `3·for ≥ 2·21`. Ties fail under every rule.

use super::plural::{glosy, pl_plural, radni};
use crate::api::council::{Fraction, Majority, MajorityBase, MajorityRule};
use crate::validate::Invalid;

/// Votes cast.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// ZA.
    pub for_: u32,
    /// PRZECIW.
    pub against: u32,
    /// WSTRZYMUJĘ SIĘ.
    pub abstain: u32,
}

/// The sizes a base can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bases {
    /// Members present at opening (the entitled voters).
    pub present: u32,
    /// Statutory composition.
    pub statutory: u32,
}

/// The outcome with the rule spelled out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Passed?
    pub passed: bool,
    /// The size of the base used (`None` for `simple`, which compares for with against).
    pub base_size: Option<u32>,
    /// Polish sentence: result, counts, rule in words.
    pub text_pl: String,
    /// English sentence.
    pub text_en: String,
}

/// The largest denominator accepted: percentages are the finest fractions statutes use.
pub const MAX_DENOMINATOR: u32 = 100;

/// Why a majority is not acceptable (the component answers 422 on field `majority`).
///
/// `qualified` needs a `fraction` with 1 ≤ num ≤ den ≤ 100; `simple` and `absolute` must not
/// carry one. A `simple` majority with a base other than `cast` is accepted and the base is
/// ignored: a simple majority compares votes for with votes against (abstentions and absent
/// members never count), so no base can change its outcome — refusing it would only make
/// clients special-case the field.
pub fn validate(m: &Majority) -> Result<(), Invalid> {
    match (m.rule, m.fraction) {
        (MajorityRule::Qualified, None) => Err(Invalid::rule("qualified_needs_fraction")),
        (MajorityRule::Qualified, Some(f)) => validate_fraction(f),
        (MajorityRule::Simple | MajorityRule::Absolute, Some(_)) => {
            Err(Invalid::rule("fraction_only_for_qualified"))
        }
        (MajorityRule::Simple | MajorityRule::Absolute, None) => Ok(()),
    }
}

/// 1 ≤ num ≤ den ≤ [`MAX_DENOMINATOR`].
fn validate_fraction(f: Fraction) -> Result<(), Invalid> {
    if f.num == 0 || f.num > f.den {
        // A share of the base: at least one vote, never more than all of it.
        return Err(Invalid::rule("fraction_between_0_and_1"));
    }
    if f.den > MAX_DENOMINATOR {
        return Err(Invalid::out_of_range(1, MAX_DENOMINATOR).with("rule", "fraction_denominator"));
    }
    Ok(())
}

/// Evaluates `m` on `tally`.
///
/// Base sizes: `cast` = for + against + abstain, `present` = [`Bases::present`], `statutory` =
/// [`Bases::statutory`]. Simple: for > against. Absolute: 2·for > base. Qualified:
/// for·den ≥ num·base and for > 0. A majority that [`validate`] would refuse is never
/// trusted: a qualified one without a valid fraction is evaluated as unanimity (1/1), so a
/// bad row can only make a poll harder to pass, never easier.
pub fn evaluate(m: &Majority, tally: Tally, bases: Bases) -> Outcome {
    let for_ = u64::from(tally.for_);
    let base = base_size(m.base, tally, bases);
    let (passed, base_size, rule_pl, rule_en) = match m.rule {
        MajorityRule::Simple => (
            for_ > u64::from(tally.against),
            None,
            "Wymagana zwykła większość głosów: więcej głosów za niż przeciw \
             (głosy wstrzymujące się nie są liczone)."
                .to_owned(),
            "Required: simple majority: more votes for than against (abstentions do not count)."
                .to_owned(),
        ),
        MajorityRule::Absolute => {
            let b = u64::from(base);
            let (pl, en) = absolute_words(m.base, b);
            (2 * for_ > b, Some(base), pl, en)
        }
        MajorityRule::Qualified => {
            let f = effective_fraction(m.fraction);
            let (num, den, b) = (u64::from(f.num), u64::from(f.den), u64::from(base));
            let (pl, en) = qualified_words(m.base, f, b);
            (for_ > 0 && for_ * den >= num * b, Some(base), pl, en)
        }
    };
    Outcome {
        passed,
        base_size,
        text_pl: format!("{} {rule_pl}", counts_pl(passed, tally)),
        text_en: format!("{} {rule_en}", counts_en(passed, tally)),
    }
}

/// The number of votes or members the rule is counted against.
fn base_size(base: MajorityBase, tally: Tally, bases: Bases) -> u32 {
    match base {
        MajorityBase::Cast => tally
            .for_
            .saturating_add(tally.against)
            .saturating_add(tally.abstain),
        MajorityBase::Present => bases.present,
        MajorityBase::Statutory => bases.statutory,
    }
}

/// The fraction to apply: the given one if valid, else unanimity (see [`evaluate`]).
fn effective_fraction(f: Option<Fraction>) -> Fraction {
    f.filter(|f| validate_fraction(*f).is_ok())
        .unwrap_or(Fraction { num: 1, den: 1 })
}

/// "Wniosek przyjęty: 12 za, 5 przeciw, 2 wstrzymujące się."
fn counts_pl(passed: bool, t: Tally) -> String {
    let verdict = if passed {
        "Wniosek przyjęty"
    } else {
        "Wniosek odrzucony"
    };
    let abstain = u64::from(t.abstain);
    let abstain_word = pl_plural(
        abstain,
        "wstrzymujący się",
        "wstrzymujące się",
        "wstrzymujących się",
    );
    format!(
        "{verdict}: {} za, {} przeciw, {abstain} {abstain_word}.",
        t.for_, t.against
    )
}

/// "Passed: 12 for, 5 against, 2 abstentions."
fn counts_en(passed: bool, t: Tally) -> String {
    let verdict = if passed { "Passed" } else { "Failed" };
    let abstain_word = if t.abstain == 1 {
        "abstention"
    } else {
        "abstentions"
    };
    format!(
        "{verdict}: {} for, {} against, {} {abstain_word}.",
        t.for_, t.against, t.abstain
    )
}

/// "głosów ustawowego składu (15 radnych)" / "of the statutory composition (15)".
fn base_words(base: MajorityBase, size: u64) -> (String, String) {
    match base {
        MajorityBase::Cast => (
            format!("głosów oddanych ({})", glosy(size)),
            format!("of the votes cast ({size})"),
        ),
        MajorityBase::Present => (
            format!("głosów radnych obecnych ({})", radni(size)),
            format!("of the members present ({size})"),
        ),
        MajorityBase::Statutory => (
            format!("głosów ustawowego składu ({})", radni(size)),
            format!("of the statutory composition ({size})"),
        ),
    }
}

/// The absolute majority in words: "more than half of the base" with the half written out.
fn absolute_words(base: MajorityBase, size: u64) -> (String, String) {
    let (base_pl, base_en) = base_words(base, size);
    let whole = size / 2;
    let (half_pl, half_en) = if size.is_multiple_of(2) {
        (glosy(whole), votes_en(whole))
    } else {
        // A fraction takes the genitive singular in Polish: "7,5 głosu".
        (format!("{whole},5 głosu"), format!("{whole}.5 votes"))
    };
    (
        format!("Wymagana bezwzględna większość {base_pl}: więcej niż {half_pl} za."),
        format!("Required: absolute majority {base_en}: more than {half_en} for."),
    )
}

/// The qualified majority in words, with the smallest number of votes for that passes.
fn qualified_words(base: MajorityBase, f: Fraction, size: u64) -> (String, String) {
    let (base_pl, base_en) = base_words(base, size);
    let (num, den) = (u64::from(f.num), u64::from(f.den));
    // ceil(num·size / den), and never 0: a poll nobody voted for does not pass.
    let needed = (num * size).div_ceil(den).max(1);
    (
        format!(
            "Wymagana większość kwalifikowana {}/{} {base_pl}: co najmniej {} za.",
            f.num,
            f.den,
            glosy(needed)
        ),
        format!(
            "Required: qualified majority of {}/{} {base_en}: at least {} for.",
            f.num,
            f.den,
            votes_en(needed)
        ),
    )
}

/// "1 vote" / "7 votes".
fn votes_en(n: u64) -> String {
    if n == 1 {
        "1 vote".to_owned()
    } else {
        format!("{n} votes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MajorityBase::{Cast, Present, Statutory};

    fn simple() -> Majority {
        Majority {
            rule: MajorityRule::Simple,
            base: Cast,
            fraction: None,
        }
    }

    fn absolute(base: MajorityBase) -> Majority {
        Majority {
            rule: MajorityRule::Absolute,
            base,
            fraction: None,
        }
    }

    fn qualified(base: MajorityBase, num: u32, den: u32) -> Majority {
        Majority {
            rule: MajorityRule::Qualified,
            base,
            fraction: Some(Fraction { num, den }),
        }
    }

    fn tally(for_: u32, against: u32, abstain: u32) -> Tally {
        Tally {
            for_,
            against,
            abstain,
        }
    }

    fn bases(present: u32, statutory: u32) -> Bases {
        Bases { present, statutory }
    }

    #[test]
    fn validate_accepts_the_rules_and_refuses_bad_fractions() {
        let ok = [
            simple(),
            Majority {
                base: Statutory,
                ..simple()
            },
            absolute(Cast),
            absolute(Present),
            absolute(Statutory),
            qualified(Statutory, 3, 5),
            qualified(Present, 2, 3),
            qualified(Cast, 1, 1),
            qualified(Cast, 100, 100),
        ];
        for m in ok {
            assert_eq!(validate(&m), Ok(()), "{m:?}");
        }
        let refused = [
            (
                Majority {
                    fraction: None,
                    ..qualified(Statutory, 3, 5)
                },
                "qualified_needs_fraction",
            ),
            (qualified(Statutory, 0, 5), "fraction_between_0_and_1"),
            (qualified(Statutory, 6, 5), "fraction_between_0_and_1"),
            (qualified(Statutory, 3, 101), "fraction_denominator"),
            (qualified(Statutory, 0, 0), "fraction_between_0_and_1"),
            (
                Majority {
                    fraction: Some(Fraction { num: 1, den: 2 }),
                    ..simple()
                },
                "fraction_only_for_qualified",
            ),
            (
                Majority {
                    fraction: Some(Fraction { num: 1, den: 2 }),
                    ..absolute(Cast)
                },
                "fraction_only_for_qualified",
            ),
        ];
        for (m, rule) in refused {
            let refusal = validate(&m).err();
            assert_eq!(
                refusal
                    .as_ref()
                    .and_then(|e| e.params.get("rule"))
                    .map(String::as_str),
                Some(rule),
                "{m:?}"
            );
        }
    }

    /// (majority, [for, against, abstain], [present, statutory], passed, base size).
    type Case = (Majority, [u32; 3], [u32; 2], bool, Option<u32>);

    /// The Polish cases.
    #[test]
    fn evaluates_the_polish_cases() {
        let cases: &[Case] = &[
            // Simple: more for than against; abstentions do not count; ties fail.
            (simple(), [10, 9, 2], [21, 21], true, None),
            (simple(), [9, 9, 3], [21, 21], false, None),
            (simple(), [2, 1, 18], [21, 21], true, None),
            (simple(), [0, 0, 0], [21, 21], false, None),
            (simple(), [0, 0, 21], [21, 21], false, None),
            (
                Majority {
                    base: Statutory,
                    ..simple()
                },
                [2, 1, 0],
                [3, 21],
                true,
                None,
            ),
            // Absolute of the votes cast: 2·for > cast.
            (absolute(Cast), [8, 5, 2], [15, 15], true, Some(15)),
            (absolute(Cast), [7, 5, 3], [15, 15], false, Some(15)),
            (absolute(Cast), [10, 5, 5], [20, 20], false, Some(20)),
            (absolute(Cast), [11, 5, 4], [20, 20], true, Some(20)),
            (absolute(Cast), [0, 0, 0], [15, 15], false, Some(0)),
            (absolute(Cast), [0, 0, 15], [15, 15], false, Some(15)),
            // Absolute of the members present.
            (absolute(Present), [7, 0, 0], [14, 21], false, Some(14)),
            (absolute(Present), [8, 0, 0], [14, 21], true, Some(14)),
            (absolute(Present), [10, 0, 0], [19, 21], true, Some(19)),
            (absolute(Present), [9, 0, 0], [19, 21], false, Some(19)),
            // Absolute of the statutory composition: absent members count against.
            (absolute(Statutory), [8, 0, 0], [8, 15], true, Some(15)),
            (absolute(Statutory), [7, 0, 0], [14, 15], false, Some(15)),
            (absolute(Statutory), [11, 0, 0], [11, 21], true, Some(21)),
            (absolute(Statutory), [10, 2, 0], [21, 21], false, Some(21)),
            (absolute(Statutory), [10, 0, 0], [20, 20], false, Some(20)),
            (absolute(Statutory), [11, 9, 0], [20, 20], true, Some(20)),
            // Qualified at exact boundaries.
            (
                qualified(Statutory, 2, 3),
                [14, 0, 0],
                [21, 21],
                true,
                Some(21),
            ),
            (
                qualified(Statutory, 2, 3),
                [13, 8, 0],
                [21, 21],
                false,
                Some(21),
            ),
            (
                qualified(Statutory, 3, 5),
                [9, 6, 0],
                [15, 15],
                true,
                Some(15),
            ),
            (
                qualified(Statutory, 3, 5),
                [8, 0, 0],
                [15, 15],
                false,
                Some(15),
            ),
            (
                qualified(Statutory, 3, 5),
                [12, 0, 0],
                [20, 20],
                true,
                Some(20),
            ),
            (
                qualified(Statutory, 3, 5),
                [11, 0, 0],
                [20, 20],
                false,
                Some(20),
            ),
            (
                qualified(Present, 2, 3),
                [12, 6, 0],
                [18, 21],
                true,
                Some(18),
            ),
            (
                qualified(Present, 2, 3),
                [11, 0, 0],
                [18, 21],
                false,
                Some(18),
            ),
            (qualified(Cast, 2, 3), [2, 1, 0], [21, 21], true, Some(3)),
            (qualified(Cast, 2, 3), [2, 1, 1], [21, 21], false, Some(4)),
            (qualified(Cast, 1, 1), [5, 0, 0], [5, 21], true, Some(5)),
            (qualified(Cast, 1, 1), [5, 0, 1], [6, 21], false, Some(6)),
            // Zero votes never pass, even against an empty base.
            (qualified(Cast, 2, 3), [0, 0, 0], [0, 21], false, Some(0)),
            (qualified(Present, 3, 5), [0, 0, 0], [0, 0], false, Some(0)),
            // Invalid fraction is evaluated as unanimity, never as something easier.
            (
                Majority {
                    fraction: None,
                    ..qualified(Cast, 1, 2)
                },
                [5, 1, 0],
                [6, 21],
                false,
                Some(6),
            ),
            (qualified(Cast, 1, 0), [6, 0, 0], [6, 21], true, Some(6)),
        ];
        for (m, [f, a, ab], [present, statutory], passed, base) in cases {
            let out = evaluate(m, tally(*f, *a, *ab), bases(*present, *statutory));
            assert_eq!(
                (out.passed, out.base_size),
                (*passed, *base),
                "{m:?} {f}/{a}/{ab} present {present} statutory {statutory}"
            );
        }
    }

    #[test]
    fn spells_the_rule_out_in_polish_and_english() {
        let out = evaluate(&absolute(Statutory), tally(12, 5, 2), bases(19, 15));
        assert_eq!(
            out.text_pl,
            "Wniosek przyjęty: 12 za, 5 przeciw, 2 wstrzymujące się. Wymagana bezwzględna \
             większość głosów ustawowego składu (15 radnych): więcej niż 7,5 głosu za."
        );
        assert_eq!(
            out.text_en,
            "Passed: 12 for, 5 against, 2 abstentions. Required: absolute majority of the \
             statutory composition (15): more than 7.5 votes for."
        );
        let cases = [
            (
                evaluate(&absolute(Present), tally(10, 10, 0), bases(20, 21)),
                "Wniosek odrzucony: 10 za, 10 przeciw, 0 wstrzymujących się. Wymagana \
                 bezwzględna większość głosów radnych obecnych (20 radnych): więcej niż \
                 10 głosów za.",
            ),
            (
                evaluate(&absolute(Cast), tally(3, 0, 1), bases(20, 21)),
                "Wniosek przyjęty: 3 za, 0 przeciw, 1 wstrzymujący się. Wymagana bezwzględna \
                 większość głosów oddanych (4 głosy): więcej niż 2 głosy za.",
            ),
            (
                evaluate(&qualified(Statutory, 2, 3), tally(13, 8, 0), bases(21, 21)),
                "Wniosek odrzucony: 13 za, 8 przeciw, 0 wstrzymujących się. Wymagana \
                 większość kwalifikowana 2/3 głosów ustawowego składu (21 radnych): co \
                 najmniej 14 głosów za.",
            ),
            (
                evaluate(&qualified(Statutory, 3, 5), tally(9, 0, 5), bases(14, 15)),
                "Wniosek przyjęty: 9 za, 0 przeciw, 5 wstrzymujących się. Wymagana \
                 większość kwalifikowana 3/5 głosów ustawowego składu (15 radnych): co \
                 najmniej 9 głosów za.",
            ),
            (
                evaluate(&simple(), tally(0, 0, 21), bases(21, 21)),
                "Wniosek odrzucony: 0 za, 0 przeciw, 21 wstrzymujących się. Wymagana zwykła \
                 większość głosów: więcej głosów za niż przeciw (głosy wstrzymujące się nie \
                 są liczone).",
            ),
        ];
        for (out, pl) in cases {
            assert_eq!(out.text_pl, pl);
        }
        let en = evaluate(&qualified(Cast, 2, 3), tally(0, 0, 0), bases(0, 21)).text_en;
        assert_eq!(
            en,
            "Failed: 0 for, 0 against, 0 abstentions. Required: qualified majority of 2/3 of \
             the votes cast (0): at least 1 vote for."
        );
    }
}
