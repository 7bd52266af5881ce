//! Poll options and the casting rules.

use crate::api::council::{Choice, Counts, PollState};
use crate::time::Timestamp;
use crate::validate::{FieldCode, Invalid};

/// A refused cast (a problem `code` with a plain English `detail`; no translation here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastRefusal {
    /// 409 `poll_not_open`.
    PollNotOpen,
    /// 403 `not_entitled`.
    NotEntitled,
    /// 409 `already_voted`.
    AlreadyVoted,
    /// 422 `validation_failed` on `choice`.
    ChoiceNotOffered,
}

impl CastRefusal {
    /// The problem `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::PollNotOpen => "poll_not_open",
            Self::NotEntitled => "not_entitled",
            Self::AlreadyVoted => "already_voted",
            Self::ChoiceNotOffered => "validation_failed",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::PollNotOpen | Self::AlreadyVoted => 409,
            Self::NotEntitled => 403,
            Self::ChoiceNotOffered => 422,
        }
    }

    /// The request field a 422 is about (`choice`), `None` for the other refusals.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::ChoiceNotOffered => Some("choice"),
            _ => None,
        }
    }

    /// The problem `detail`, plain English for API clients (the frontend translates `code`).
    pub fn detail(&self) -> &'static str {
        match self {
            Self::PollNotOpen => "The poll is not open.",
            Self::NotEntitled => {
                "You are not entitled to vote in this poll (the entitled voters are the \
                 members present when it was opened)."
            }
            Self::AlreadyVoted => "Your vote has already been cast and cannot be changed.",
            Self::ChoiceNotOffered => "This choice is not offered in this poll.",
        }
    }

    /// Why the field named by [`CastRefusal::field`] was refused.
    pub fn invalid(&self) -> Invalid {
        Invalid::new(FieldCode::InvalidChoice)
    }
}

/// What a permitted cast does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastEffect {
    /// First vote.
    New,
    /// Replaces the caller's earlier choice (meeting allows changes, open poll).
    Change,
}

/// The facts a cast is decided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CastFacts {
    /// Poll state.
    pub state: PollState,
    /// When it closes by itself.
    pub closes_at: Option<Timestamp>,
    /// Whether the caller is in the snapshot of entitled voters.
    pub entitled: bool,
    /// Whether the caller already voted.
    pub already_voted: bool,
    /// Meeting setting.
    pub allow_change: bool,
    /// Secret polls never allow changes (ballots are not linked to voters).
    pub secret: bool,
}

/// Validates poll options: default all three, at least two, `for` required, no repeats.
///
/// The result is in ballot order (for, against, abstain) whatever order was asked for, so
/// every tablet shows the buttons in the same places.
pub fn options(requested: Option<&[Choice]>) -> Result<Vec<Choice>, Invalid> {
    let Some(requested) = requested else {
        return Ok(Choice::ALL.to_vec());
    };
    if requested.len() < 2 {
        return Err(Invalid::rule("at_least_two_options"));
    }
    if !requested.contains(&Choice::For) {
        return Err(Invalid::rule("options_include_for"));
    }
    let mut sorted = requested.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|pair| pair[0] == pair[1]) {
        return Err(Invalid::new(FieldCode::Duplicate));
    }
    Ok(sorted)
}

/// Whether a poll is past its time limit: open, with a `closes_at`, and `now ≥ closes_at`.
///
/// An expired poll refuses votes even before anything has closed it in storage, so a vote
/// arriving in the last instant cannot race the closing.
pub fn expired(state: PollState, closes_at: Option<Timestamp>, now: Timestamp) -> bool {
    state == PollState::Open && closes_at.is_some_and(|at| now >= at)
}

/// Decides a cast.
///
/// Checked in this order: the poll is open and not expired (`PollNotOpen`), the caller is an
/// entitled voter (`NotEntitled`), the choice is offered (`ChoiceNotOffered`), and a second
/// cast replaces the first only when the meeting allows changes and the poll is not secret
/// (`Change`), else it is refused (`AlreadyVoted`).
pub fn check_cast(
    facts: CastFacts,
    choice: Choice,
    options: &[Choice],
    now: Timestamp,
) -> Result<CastEffect, CastRefusal> {
    if facts.state != PollState::Open || expired(facts.state, facts.closes_at, now) {
        return Err(CastRefusal::PollNotOpen);
    }
    if !facts.entitled {
        return Err(CastRefusal::NotEntitled);
    }
    if !options.contains(&choice) {
        return Err(CastRefusal::ChoiceNotOffered);
    }
    if !facts.already_voted {
        return Ok(CastEffect::New);
    }
    if facts.allow_change && !facts.secret {
        Ok(CastEffect::Change)
    } else {
        Err(CastRefusal::AlreadyVoted)
    }
}

/// Counts choices; `not_voted = entitled − cast` (never below zero).
pub fn count(choices: &[Choice], entitled: u32) -> Counts {
    let mut counts = Counts::default();
    for choice in choices {
        let slot = match choice {
            Choice::For => &mut counts.for_,
            Choice::Against => &mut counts.against,
            Choice::Abstain => &mut counts.abstain,
        };
        *slot = slot.saturating_add(1);
    }
    let cast = counts
        .for_
        .saturating_add(counts.against)
        .saturating_add(counts.abstain);
    counts.not_voted = entitled.saturating_sub(cast);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use Choice::{Abstain, Against, For};

    const NOW: Timestamp = Timestamp::from_unix_ms(1_000_000);

    fn facts() -> CastFacts {
        CastFacts {
            state: PollState::Open,
            closes_at: None,
            entitled: true,
            already_voted: false,
            allow_change: false,
            secret: false,
        }
    }

    #[test]
    fn options_cases() {
        let ok: &[(Option<&[Choice]>, &[Choice])] = &[
            (None, &[For, Against, Abstain]),
            (Some(&[For, Against]), &[For, Against]),
            (Some(&[Against, For]), &[For, Against]),
            (Some(&[Abstain, For]), &[For, Abstain]),
            (Some(&[Abstain, Against, For]), &[For, Against, Abstain]),
        ];
        for (requested, expected) in ok {
            assert_eq!(
                options(*requested).as_deref(),
                Ok(*expected),
                "{requested:?}"
            );
        }
        let refused: &[&[Choice]] = &[
            &[],
            &[For],
            &[Against, Abstain],
            &[For, For],
            &[For, Against, For],
        ];
        for requested in refused {
            assert!(options(Some(requested)).is_err(), "{requested:?}");
        }
        let code = |r: &[Choice]| options(Some(r)).err().map(|e| e.code.as_str());
        assert_eq!(code(&[For, For]), Some("duplicate"));
        assert_eq!(code(&[Against, Abstain]), Some("rule"));
    }

    #[test]
    fn expiry_cases() {
        let at = |ms| Some(Timestamp::from_unix_ms(ms));
        let cases = [
            (PollState::Open, None, false),
            (PollState::Open, at(1_000_001), false),
            (PollState::Open, at(1_000_000), true),
            (PollState::Open, at(999_999), true),
            (PollState::Draft, at(1), false),
            (PollState::Closed, at(1), false),
        ];
        for (state, closes_at, expected) in cases {
            assert_eq!(
                expired(state, closes_at, NOW),
                expected,
                "{state:?} {closes_at:?}"
            );
        }
    }

    #[test]
    fn check_cast_cases() {
        let all = Choice::ALL;
        let two = [For, Against];
        let cases = [
            (facts(), For, &all[..], Ok(CastEffect::New)),
            (facts(), Abstain, &all[..], Ok(CastEffect::New)),
            (
                CastFacts {
                    state: PollState::Draft,
                    ..facts()
                },
                For,
                &all[..],
                Err(CastRefusal::PollNotOpen),
            ),
            (
                CastFacts {
                    state: PollState::Closed,
                    entitled: false,
                    ..facts()
                },
                For,
                &all[..],
                Err(CastRefusal::PollNotOpen),
            ),
            (
                CastFacts {
                    closes_at: Some(NOW),
                    ..facts()
                },
                For,
                &all[..],
                Err(CastRefusal::PollNotOpen),
            ),
            (
                CastFacts {
                    closes_at: Some(NOW.plus_ms(1)),
                    ..facts()
                },
                For,
                &all[..],
                Ok(CastEffect::New),
            ),
            (
                CastFacts {
                    entitled: false,
                    already_voted: true,
                    ..facts()
                },
                Abstain,
                &two[..],
                Err(CastRefusal::NotEntitled),
            ),
            (
                CastFacts {
                    already_voted: true,
                    ..facts()
                },
                Abstain,
                &two[..],
                Err(CastRefusal::ChoiceNotOffered),
            ),
            (
                CastFacts {
                    already_voted: true,
                    ..facts()
                },
                For,
                &all[..],
                Err(CastRefusal::AlreadyVoted),
            ),
            (
                CastFacts {
                    already_voted: true,
                    allow_change: true,
                    ..facts()
                },
                Against,
                &all[..],
                Ok(CastEffect::Change),
            ),
            (
                CastFacts {
                    already_voted: true,
                    allow_change: true,
                    secret: true,
                    ..facts()
                },
                Against,
                &all[..],
                Err(CastRefusal::AlreadyVoted),
            ),
            (
                CastFacts {
                    allow_change: true,
                    secret: true,
                    ..facts()
                },
                Against,
                &all[..],
                Ok(CastEffect::New),
            ),
        ];
        for (f, choice, opts, expected) in cases {
            assert_eq!(
                check_cast(f, choice, opts, NOW),
                expected,
                "{f:?} {choice:?}"
            );
        }
    }

    #[test]
    fn refusals_map_to_codes_and_statuses() {
        let cases = [
            (CastRefusal::PollNotOpen, "poll_not_open", 409),
            (CastRefusal::NotEntitled, "not_entitled", 403),
            (CastRefusal::AlreadyVoted, "already_voted", 409),
            (CastRefusal::ChoiceNotOffered, "validation_failed", 422),
        ];
        for (refusal, code, status) in cases {
            assert_eq!((refusal.code(), refusal.status()), (code, status));
            assert_eq!(refusal.field().is_some(), status == 422);
            assert!(!refusal.detail().is_empty());
        }
    }

    #[test]
    fn counts_choices_and_non_voters() {
        let c = count(&[For, For, Against, Abstain, For], 8);
        assert_eq!(
            c,
            Counts {
                for_: 3,
                against: 1,
                abstain: 1,
                not_voted: 3
            }
        );
        assert_eq!(
            count(&[], 21),
            Counts {
                not_voted: 21,
                ..Counts::default()
            }
        );
        // More ballots than entitled (a corrupted snapshot) never underflows.
        assert_eq!(count(&[For, For], 1).not_voted, 0);
    }
}
