//! Where a residents' key rotation's pass stands (docs/api/notifications.md § Administrator:
//! keys). A pass goes through the tables that hold values sealed under `resident_data_keys`
//! one [`Phase`] after the other, in id order within each, a batch per tick; the cursor kept
//! with the rotation names the phase and the last id reached. A short batch ends its phase, and
//! the end of the last phase starts a new pass, so a row no key opens is looked at once per
//! pass and never stalls the rest. Photos (≤ 10 MiB each) are batched by bytes as well.

/// The tables a pass goes through, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `notify_recipients` with their devices' labels and push subscriptions and their pending
    /// erasure reasons.
    Recipients,
    /// `notify_reports` (description, location) with their history's notes and replies.
    Reports,
    /// `notify_report_photos` (attached or still waiting for their report).
    Photos,
}

impl Phase {
    /// Every phase, in pass order.
    pub const ALL: [Phase; 3] = [Phase::Recipients, Phase::Reports, Phase::Photos];

    /// The name in the stored cursor and in log lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recipients => "recipient",
            Self::Reports => "report",
            Self::Photos => "photo",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The phase after this one in a pass (`None`: the pass ends).
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Recipients => Some(Self::Reports),
            Self::Reports => Some(Self::Photos),
            Self::Photos => None,
        }
    }
}

/// The plaintext bytes of photos one batch re-seals at most (a single larger photo still goes
/// alone): what one tick opens, seals and writes back in its short transaction stays near
/// 16 MiB plus the base64 of it, well inside an instance's 256 MiB.
pub const PHOTO_BATCH_BYTES: u64 = 16 * 1024 * 1024;

/// Where the pass stands: the phase and the last id its batches reached (`""`: its start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassCursor {
    /// The phase the next batch reads.
    pub phase: Phase,
    /// The next batch reads ids after this one.
    pub after: String,
}

impl PassCursor {
    /// The start of a pass.
    pub fn start() -> Self {
        Self::at(Phase::ALL[0])
    }

    fn at(phase: Phase) -> Self {
        Self {
            phase,
            after: String::new(),
        }
    }

    /// The cursor of stored text `stored`: NULL is a pass's start, `<phase>:<id>` a phase and
    /// its last id; a bare id is a recipient id (what migration 15's cursor held before reports
    /// were rotated, so a rotation running across the upgrade carries on where it was).
    pub fn decode(stored: Option<&str>) -> Self {
        let Some(text) = stored.filter(|t| !t.is_empty()) else {
            return Self::start();
        };
        match text.split_once(':') {
            Some((name, after)) => match Phase::parse(name) {
                Some(phase) => Self {
                    phase,
                    after: after.to_owned(),
                },
                // Unknown (a newer build's phase after a downgrade was refused anyway): a new
                // pass re-reads everything, which loses nothing.
                None => Self::start(),
            },
            None => Self {
                phase: Phase::Recipients,
                after: text.to_owned(),
            },
        }
    }

    /// The text to store (`None` at a pass's start, as before).
    pub fn encode(&self) -> Option<String> {
        (*self != Self::start()).then(|| format!("{}:{}", self.phase.as_str(), self.after))
    }

    /// Where the pass stands after a batch of this phase whose last row was `last` (`None`:
    /// it read none) and after which `more` rows may follow in id order. A batch with more to
    /// come stays in its phase; otherwise the next phase starts from its first id, and after
    /// the last phase a new pass begins.
    pub fn after_batch(&self, last: Option<&str>, more: bool) -> Self {
        match last {
            Some(last) if more => Self {
                phase: self.phase,
                after: last.to_owned(),
            },
            _ => self.phase.next().map_or_else(Self::start, Self::at),
        }
    }
}

/// How many of the photos of `sizes` (bytes, in id order) one batch takes: as many as fit in
/// `budget` together, and always the first one (one photo over the budget goes alone rather
/// than never).
pub fn photos_within(sizes: &[u64], budget: u64) -> usize {
    let mut total: u64 = 0;
    let mut taken = 0;
    for size in sizes {
        total = total.saturating_add(*size);
        if taken > 0 && total > budget {
            break;
        }
        taken += 1;
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(phase: Phase, after: &str) -> PassCursor {
        PassCursor {
            phase,
            after: after.to_owned(),
        }
    }

    #[test]
    fn the_stored_cursor_reads_back_and_an_old_one_is_a_recipient_id() {
        let cases: [(Option<&str>, PassCursor); 8] = [
            (None, PassCursor::start()),
            (Some(""), PassCursor::start()),
            // migration 15's cursor: a bare recipient id
            (Some("01JR0A"), cursor(Phase::Recipients, "01JR0A")),
            (
                Some("recipient:01JR0A"),
                cursor(Phase::Recipients, "01JR0A"),
            ),
            (Some("report:01JR0B"), cursor(Phase::Reports, "01JR0B")),
            (Some("report:"), cursor(Phase::Reports, "")),
            (Some("photo:01JR0C"), cursor(Phase::Photos, "01JR0C")),
            (Some("message:01JR0D"), PassCursor::start()),
        ];
        for (stored, expected) in cases {
            assert_eq!(PassCursor::decode(stored), expected, "{stored:?}");
        }
        for c in [
            cursor(Phase::Recipients, "01JR0A"),
            cursor(Phase::Reports, ""),
            cursor(Phase::Reports, "01JR0B"),
            cursor(Phase::Photos, "01JR0C"),
        ] {
            assert_eq!(PassCursor::decode(c.encode().as_deref()), c);
        }
        assert_eq!(PassCursor::start().encode(), None);
    }

    #[test]
    fn a_short_batch_ends_its_phase_and_the_last_phase_ends_the_pass() {
        // (phase, last row read, more may follow) → the next cursor
        let cases = [
            (
                (Phase::Recipients, Some("r9"), true),
                (Phase::Recipients, "r9"),
            ),
            ((Phase::Recipients, Some("r9"), false), (Phase::Reports, "")),
            ((Phase::Recipients, None, false), (Phase::Reports, "")),
            ((Phase::Reports, Some("q4"), true), (Phase::Reports, "q4")),
            ((Phase::Reports, Some("q4"), false), (Phase::Photos, "")),
            ((Phase::Photos, Some("p2"), true), (Phase::Photos, "p2")),
            ((Phase::Photos, Some("p2"), false), (Phase::Recipients, "")),
            ((Phase::Photos, None, false), (Phase::Recipients, "")),
            // nothing read but "more" (cannot happen): the phase ends rather than loop
            ((Phase::Reports, None, true), (Phase::Photos, "")),
        ];
        for ((phase, last, more), (e_phase, e_after)) in cases {
            let next = cursor(phase, "x").after_batch(last, more);
            assert_eq!(next, cursor(e_phase, e_after), "{phase:?} {last:?} {more}");
        }
        assert_eq!(
            Phase::ALL.map(|p| p.next()),
            [Some(Phase::Reports), Some(Phase::Photos), None]
        );
    }

    #[test]
    fn a_photo_batch_stops_at_its_byte_budget_but_takes_at_least_one() {
        const MIB: u64 = 1024 * 1024;
        // (sizes in id order, budget) → how many the batch takes
        let cases: [(&[u64], u64, usize); 8] = [
            (&[], 16 * MIB, 0),
            (&[MIB], 16 * MIB, 1),
            (&[4 * MIB, 4 * MIB, 4 * MIB, 4 * MIB], 16 * MIB, 4),
            (&[4 * MIB, 4 * MIB, 4 * MIB, 4 * MIB, 1], 16 * MIB, 4),
            (&[10 * MIB, 10 * MIB], 16 * MIB, 1),
            // one photo over the budget still moves, alone
            (&[20 * MIB, 1], 16 * MIB, 1),
            (&[1, 20 * MIB], 16 * MIB, 1),
            (&[u64::MAX, u64::MAX], 16 * MIB, 1),
        ];
        for (sizes, budget, expected) in cases {
            assert_eq!(photos_within(sizes, budget), expected, "{sizes:?}");
        }
    }
}
