//! A conversation's change mark: the KV copy of its last committed change number (the chat
//! change number of its newest message, edit, deletion, rename, member change or purge —
//! a change every member's cursor takes), which lets the updates poll tell a person's cursor
//! without opening SQLite (`poll_stamp`).
//!
//! The database keeps the number (`chat_conversations.change_seq`, set inside each writing
//! transaction, so it follows the commit order); the mark follows it *after* the commit. Two
//! writers committing `n` and `n + 1` may set their marks in the other order, and a plain set
//! would then leave `n` — a mark below a committed change, which would hide `n + 1` from a
//! poll already at `n`. So a writer sets its number and then reads the committed number back:
//! while that is higher, it sets that instead ([`MarkRaise`]). Whichever set comes last was
//! followed by its writer's read, which saw every commit whose mark had been set before it,
//! so once the writers are done the mark is the committed number. This needs only plain
//! `get`/`set` and one read by primary key, not compare-and-swap: Spin's SQLite KV swaps a key
//! that was absent with a blind upsert, and its Redis swap does not report an aborted
//! `EXEC` (docs/decisions.md). A writer that dies between its commit and its mark leaves the
//! mark low until the person's stamp ages out (`poll_stamp::POLL_STAMP_MAX_AGE_MS`).

/// How many sets one writer makes at most; each round's number is higher than the last, so
/// only as many concurrent commits to one conversation can make it go round again. Past it
/// the stamp's age limit bounds what a low mark hides.
pub const MARK_ROUNDS_MAX: u8 = 8;

/// One writer raising a conversation's mark after its commit (the shell sets [`Self::value`],
/// reads the committed number and hands it to [`Self::checked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkRaise {
    value: i64,
    rounds: u8,
}

impl MarkRaise {
    /// After committing change `change` to the conversation.
    pub fn after_commit(change: i64) -> Self {
        Self {
            value: change,
            rounds: 1,
        }
    }

    /// The number to set now.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// After the set, the conversation's committed number read back: the number to set next
    /// (another writer's higher mark may have been overwritten), or `None` when done.
    pub fn checked(&mut self, committed: i64) -> Option<i64> {
        if committed <= self.value || self.rounds >= MARK_ROUNDS_MAX {
            return None;
        }
        self.value = committed;
        self.rounds += 1;
        Some(committed)
    }
}

/// How a stored mark reads: decimal text; anything else as never set (the key holds only
/// what a writer wrote).
pub fn parse(bytes: &[u8]) -> Option<i64> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

/// How a mark is stored.
pub fn format(change: i64) -> String {
    change.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_sets_its_number_and_goes_round_only_while_a_higher_one_is_committed() {
        // (own change, committed numbers read back after each set, sets made)
        let cases: [(&str, i64, &[i64], &[i64]); 5] = [
            ("alone", 7, &[7], &[7]),
            ("a later commit already marked", 7, &[9, 9], &[7, 9]),
            ("commits kept coming", 7, &[8, 9, 9], &[7, 8, 9]),
            ("the read lags (never lower the mark)", 7, &[5], &[7]),
            ("equal", 7, &[7, 7], &[7]),
        ];
        for (name, change, reads, expected) in cases {
            let mut raise = MarkRaise::after_commit(change);
            let mut sets = vec![raise.value()];
            for committed in reads {
                match raise.checked(*committed) {
                    Some(next) => sets.push(next),
                    None => break,
                }
            }
            assert_eq!(sets, expected, "{name}");
        }
    }

    #[test]
    fn a_writer_stops_after_the_last_round() {
        let mut raise = MarkRaise::after_commit(1);
        let mut sets = 1;
        for committed in 2..100 {
            if raise.checked(committed).is_none() {
                break;
            }
            sets += 1;
        }
        assert_eq!(sets, usize::from(MARK_ROUNDS_MAX));
    }

    #[test]
    fn marks_read_as_decimal_text_and_nothing_else() {
        assert_eq!(parse(format(42).as_bytes()), Some(42));
        assert_eq!(parse(b"0"), Some(0));
        for bad in [
            &b""[..],
            b"x",
            b"01ARZ3NDEKTSV4RRFFQ69G5FAV",
            b"\xff",
            b" 4",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    // --- the race, as a model: every interleaving of a few writers' atomic steps ---

    /// What a writer does next.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Step {
        Commit,
        Set(MarkRaise),
        Check(MarkRaise),
        Done,
    }

    /// The shared state: the database's counter and column, the KV mark.
    #[derive(Debug, Clone, Copy, Default)]
    struct World {
        counter: i64,
        column: i64,
        mark: Option<i64>,
    }

    fn step(world: &mut World, writers: &mut [Step], i: usize) {
        writers[i] = match writers[i] {
            Step::Commit => {
                // Commits are serialised by the database's write lock and take the next number.
                world.counter += 1;
                world.column = world.counter;
                Step::Set(MarkRaise::after_commit(world.counter))
            }
            Step::Set(raise) => {
                world.mark = Some(raise.value());
                Step::Check(raise)
            }
            Step::Check(mut raise) => match raise.checked(world.column) {
                Some(_) => Step::Set(raise),
                None => Step::Done,
            },
            Step::Done => Step::Done,
        };
    }

    /// Walks every interleaving; at each state checks that the mark never exceeds what is
    /// committed, and at the end that it equals the last commit. Returns how many ends.
    fn explore(world: World, writers: Vec<Step>) -> usize {
        if let Some(mark) = world.mark {
            assert!(mark <= world.column, "a mark above the committed number");
        }
        let ready: Vec<usize> = (0..writers.len())
            .filter(|&i| writers[i] != Step::Done)
            .collect();
        if ready.is_empty() {
            assert_eq!(
                world.mark,
                Some(world.column),
                "all writers done, the mark must be the last commit"
            );
            return 1;
        }
        ready
            .into_iter()
            .map(|i| {
                let (mut w, mut ws) = (world, writers.clone());
                step(&mut w, &mut ws, i);
                explore(w, ws)
            })
            .sum()
    }

    #[test]
    fn whatever_the_order_of_commits_and_sets_the_mark_ends_at_the_last_commit() {
        for writers in 1..=3 {
            let ends = explore(World::default(), vec![Step::Commit; writers]);
            assert!(ends >= writers, "{writers} writers explored");
        }
    }

    #[test]
    fn plain_sets_without_the_read_back_would_lose_a_change() {
        // Writer A commits 1; writer B commits 2, sets 2, reads 2 back and is done; then A
        // sets 1: without A's read-back the mark would stay at 1, below the committed 2.
        let mut world = World::default();
        let mut writers = vec![Step::Commit, Step::Commit];
        for i in [0, 1, 1, 1] {
            step(&mut world, &mut writers, i);
        }
        assert_eq!(writers[1], Step::Done);
        step(&mut world, &mut writers, 0); // A's late set
        assert_eq!((world.mark, world.column), (Some(1), 2));
        // A's read-back finds 2, so A sets 2.
        step(&mut world, &mut writers, 0);
        assert_eq!(
            writers[0],
            Step::Set(MarkRaise {
                value: 2,
                rounds: 2
            })
        );
        step(&mut world, &mut writers, 0);
        assert_eq!(world.mark, Some(2));
    }
}
