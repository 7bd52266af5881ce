//! Brute-force protection per account (accounts.md § Lockout): a small state machine over
//! persisted [`LockState`], driven by the time passed in.
//!
//! How the auth shell uses it on every login attempt:
//! 1. [`LockoutPolicy::is_locked`] → refuse without hashing.
//! 2. `attempt` = atomic KV increment of the account's consecutive-failure counter, taken
//!    *before* hashing; [`LockoutPolicy::may_check_password`] false → refuse without hashing.
//!    So 50 parallel guesses get at most `threshold` hashes checked.
//! 3. Right password → reset the counter, store [`LockState::after_success`].
//! 4. Wrong password → count the failure in the 24 h window, then
//!    [`LockoutPolicy::after_failure`]; on a lock, store [`LockState::apply`], reset the
//!    counter, open an incident and e-mail the owner (never tell the person at the keyboard).

use crate::time::Timestamp;

/// The configurable lockout rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Consecutive failures that lock the account (5).
    pub threshold: u32,
    /// First lock, in seconds (900 = 15 minutes); each further lock in a row doubles it.
    pub base_lock_s: i64,
    /// Longest temporary lock, in seconds (86 400 = 24 hours).
    pub max_lock_s: i64,
    /// Failures within the window that lock until an admin or support unlocks (20).
    pub permanent_after: u32,
    /// That window, in seconds (86 400 = 24 hours).
    pub permanent_window_s: i64,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        Self {
            threshold: 5,
            base_lock_s: 900,
            max_lock_s: 86_400,
            permanent_after: 20,
            permanent_window_s: 86_400,
        }
    }
}

/// The persisted lock of one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockState {
    /// Locked until this instant (temporary lock); past instants mean unlocked.
    pub locked_until: Option<Timestamp>,
    /// Locked until an admin or support unlocks.
    pub permanent: bool,
    /// Locks in a row without a successful login in between (doubles the next lock).
    pub streak: u32,
}

/// What a failed attempt does to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockDecision {
    /// Nothing yet.
    None,
    /// Lock until `until`; store `streak` as the new [`LockState::streak`].
    Lock {
        /// End of the lock.
        until: Timestamp,
        /// Locks in a row, this one included.
        streak: u32,
    },
    /// Lock until an admin or support unlocks.
    Permanent,
}

impl LockState {
    /// The state after `decision` (an admin unlock is `LockState::default()`).
    pub fn apply(self, decision: LockDecision) -> LockState {
        match decision {
            LockDecision::None => self,
            LockDecision::Lock { until, streak } => LockState {
                locked_until: Some(until),
                permanent: false,
                streak,
            },
            LockDecision::Permanent => LockState {
                locked_until: None,
                permanent: true,
                streak: self.streak,
            },
        }
    }

    /// The state after a successful login: no lock, and the doubling starts over.
    pub fn after_success(self) -> LockState {
        LockState::default()
    }
}

impl LockoutPolicy {
    /// Whether logins are refused (without computing a hash) at `now`.
    pub fn is_locked(&self, state: &LockState, now: Timestamp) -> bool {
        state.permanent || state.locked_until.is_some_and(|until| now < until)
    }

    /// Whether the attempt numbered `attempt` by the atomic increment may have its password
    /// checked: only the first `threshold` of a run, however many arrive in parallel.
    pub fn may_check_password(&self, attempt: i64) -> bool {
        (1..=i64::from(self.threshold)).contains(&attempt)
    }

    /// Length of the lock after `streak` earlier locks in a row: `base × 2^streak`, capped.
    pub fn lock_duration_s(&self, streak: u32) -> i64 {
        let doubled = 1i64
            .checked_shl(streak)
            .filter(|factor| *factor > 0)
            .and_then(|factor| self.base_lock_s.checked_mul(factor));
        doubled
            .map_or(self.max_lock_s, |s| s.min(self.max_lock_s))
            .max(0)
    }

    /// The decision after a wrong password: `consecutive_failures` counts this one (the
    /// `attempt` value), `failures_in_window` the failures in the last `permanent_window_s`.
    pub fn after_failure(
        &self,
        state: &LockState,
        consecutive_failures: u32,
        failures_in_window: u32,
        now: Timestamp,
    ) -> LockDecision {
        if state.permanent || failures_in_window >= self.permanent_after {
            return LockDecision::Permanent;
        }
        if consecutive_failures < self.threshold {
            return LockDecision::None;
        }
        LockDecision::Lock {
            until: now.plus_seconds(self.lock_duration_s(state.streak)),
            streak: state.streak.saturating_add(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;
    const HOUR: i64 = 60 * MINUTE;

    #[derive(Debug, PartialEq, Eq)]
    enum Outcome {
        /// Refused before any hash was computed.
        Refused,
        Wrong,
        SignedIn,
        LockedNow(i64),
        PermanentNow,
    }

    /// What the auth shell does, with the KV counters as plain fields.
    struct Account {
        policy: LockoutPolicy,
        state: LockState,
        counter: i64,
        failures: Vec<Timestamp>,
        hashes: u32,
    }

    impl Account {
        fn new(policy: LockoutPolicy) -> Self {
            Self {
                policy,
                state: LockState::default(),
                counter: 0,
                failures: Vec::new(),
                hashes: 0,
            }
        }

        fn login(&mut self, now: Timestamp, right_password: bool) -> Outcome {
            if self.policy.is_locked(&self.state, now) {
                return Outcome::Refused;
            }
            self.counter += 1;
            if !self.policy.may_check_password(self.counter) {
                return Outcome::Refused;
            }
            self.hashes += 1;
            if right_password {
                self.counter = 0;
                self.state = self.state.after_success();
                return Outcome::SignedIn;
            }
            let window_ms = self.policy.permanent_window_s * 1000;
            self.failures.push(now);
            self.failures.retain(|t| now.ms_since(*t) < window_ms);
            let decision = self.policy.after_failure(
                &self.state,
                u32::try_from(self.counter).unwrap_or(u32::MAX),
                u32::try_from(self.failures.len()).unwrap_or(u32::MAX),
                now,
            );
            self.state = self.state.apply(decision);
            match decision {
                LockDecision::None => Outcome::Wrong,
                LockDecision::Lock { until, .. } => {
                    self.counter = 0;
                    Outcome::LockedNow(until.ms_since(now) / MINUTE)
                }
                LockDecision::Permanent => {
                    self.counter = 0;
                    Outcome::PermanentNow
                }
            }
        }

        /// Five wrong passwords, one per second from `now`; returns the last outcome.
        fn burst(&mut self, now: Timestamp) -> Outcome {
            let mut last = Outcome::Wrong;
            for i in 0..5 {
                last = self.login(now.plus_seconds(i), false);
            }
            last
        }
    }

    fn t0() -> Timestamp {
        Timestamp::from_unix_ms(1_795_425_875_000)
    }

    #[test]
    fn defaults_match_the_spec() {
        let p = LockoutPolicy::default();
        assert_eq!(
            (
                p.threshold,
                p.base_lock_s,
                p.max_lock_s,
                p.permanent_after,
                p.permanent_window_s
            ),
            (5, 900, 86_400, 20, 86_400)
        );
    }

    #[test]
    fn lock_duration_doubles_and_caps_without_overflow() {
        let p = LockoutPolicy::default();
        let cases = [
            (0, 900),
            (1, 1_800),
            (2, 3_600),
            (3, 7_200),
            (6, 57_600),
            (7, 86_400),
            (40, 86_400),
            (62, 86_400),
            (63, 86_400),
            (64, 86_400),
            (u32::MAX, 86_400),
        ];
        for (streak, seconds) in cases {
            assert_eq!(p.lock_duration_s(streak), seconds, "streak {streak}");
        }
        let huge = LockoutPolicy {
            base_lock_s: i64::MAX,
            max_lock_s: i64::MAX,
            ..p
        };
        assert_eq!(huge.lock_duration_s(3), i64::MAX);
    }

    #[test]
    fn only_the_first_threshold_attempts_are_checked() {
        let p = LockoutPolicy::default();
        let cases = [
            (i64::MIN, false),
            (-1, false),
            (0, false),
            (1, true),
            (5, true),
            (6, false),
            (50, false),
        ];
        for (attempt, allowed) in cases {
            assert_eq!(p.may_check_password(attempt), allowed, "{attempt}");
        }
        // 50 parallel guesses all increment before any of them is answered.
        let checked = (1..=50).filter(|a| p.may_check_password(*a)).count();
        assert_eq!(checked, 5);
    }

    #[test]
    fn fifth_consecutive_failure_locks_for_fifteen_minutes() {
        let mut acc = Account::new(LockoutPolicy::default());
        let now = t0();
        for _ in 0..4 {
            assert_eq!(acc.login(now, false), Outcome::Wrong);
        }
        assert_eq!(acc.login(now, false), Outcome::LockedNow(15));
        assert_eq!(acc.state.streak, 1);
        // While locked even the right password is refused, and no hash is computed.
        let hashes = acc.hashes;
        assert_eq!(acc.login(now.plus_ms(14 * MINUTE), true), Outcome::Refused);
        assert_eq!(
            acc.login(now.plus_ms(15 * MINUTE - 1), true),
            Outcome::Refused
        );
        assert_eq!(acc.hashes, hashes);
        // The lock expires on its own.
        assert_eq!(acc.login(now.plus_ms(15 * MINUTE), true), Outcome::SignedIn);
        assert_eq!(acc.state, LockState::default());
    }

    #[test]
    fn success_resets_the_consecutive_count() {
        let mut acc = Account::new(LockoutPolicy::default());
        let mut now = t0();
        for right in [false, false, false, false, true, false, false, false, false] {
            now = now.plus_seconds(10);
            acc.login(now, right);
        }
        assert!(!acc.policy.is_locked(&acc.state, now));
        assert_eq!(acc.login(now, false), Outcome::LockedNow(15));
    }

    #[test]
    fn locks_in_a_row_double_up_to_a_day() {
        // Each burst comes a day after the previous lock ended: never 20 in 24 h, never permanent.
        let mut acc = Account::new(LockoutPolicy::default());
        let mut now = t0();
        let mut minutes = Vec::new();
        for _ in 0..9 {
            let Outcome::LockedNow(m) = acc.burst(now) else {
                panic!("expected a lock at {now}");
            };
            minutes.push(m);
            now = acc.state.locked_until.unwrap_or(now).plus_ms(25 * HOUR);
        }
        assert_eq!(minutes, [15, 30, 60, 120, 240, 480, 960, 1440, 1440]);
        // A success in between starts the doubling over.
        assert_eq!(acc.login(now, true), Outcome::SignedIn);
        assert_eq!(acc.burst(now.plus_seconds(10)), Outcome::LockedNow(15));
    }

    #[test]
    fn twenty_failures_in_a_day_lock_until_an_admin_unlocks() {
        let mut acc = Account::new(LockoutPolicy::default());
        let mut now = t0();
        // The attacker retries the moment each lock ends: 15, 30, 60 minutes…
        let mut outcomes = Vec::new();
        for _ in 0..4 {
            let outcome = acc.burst(now);
            now = acc.state.locked_until.unwrap_or(now);
            outcomes.push(outcome);
        }
        assert_eq!(
            outcomes,
            [
                Outcome::LockedNow(15),
                Outcome::LockedNow(30),
                Outcome::LockedNow(60),
                Outcome::PermanentNow
            ]
        );
        // …and the 20th failure (1 h 45 min in) makes it permanent: time no longer helps.
        assert!(acc.state.permanent);
        assert_eq!(
            acc.login(now.plus_ms(365 * 24 * HOUR), true),
            Outcome::Refused
        );
        // An admin unlock is the default state.
        acc.state = LockState::default();
        assert_eq!(acc.login(now.plus_ms(HOUR), true), Outcome::SignedIn);
    }

    #[test]
    fn failures_older_than_the_window_do_not_count_towards_permanent() {
        let policy = LockoutPolicy {
            threshold: 100,
            ..LockoutPolicy::default()
        };
        let mut acc = Account::new(policy);
        // Failures two hours apart: the 24 h window never holds more than 12.
        for i in 0..40 {
            let outcome = acc.login(t0().plus_ms(i * 2 * HOUR), false);
            assert_eq!(outcome, Outcome::Wrong, "failure {i}");
        }
        assert!(!acc.state.permanent);
    }

    #[test]
    fn decision_table() {
        let p = LockoutPolicy::default();
        let now = t0();
        let fresh = LockState::default();
        let after_two = LockState { streak: 2, ..fresh };
        let permanent = LockState {
            permanent: true,
            ..fresh
        };
        let lock = |minutes: i64, streak| LockDecision::Lock {
            until: now.plus_ms(minutes * MINUTE),
            streak,
        };
        let cases = [
            (fresh, 1, 1, LockDecision::None),
            (fresh, 4, 4, LockDecision::None),
            (fresh, 5, 5, lock(15, 1)),
            (fresh, 7, 7, lock(15, 1)),
            (after_two, 5, 15, lock(60, 3)),
            (after_two, 5, 19, lock(60, 3)),
            (after_two, 5, 20, LockDecision::Permanent),
            (fresh, 1, 20, LockDecision::Permanent),
            (permanent, 1, 1, LockDecision::Permanent),
        ];
        for (state, consecutive, window, expected) in cases {
            assert_eq!(
                p.after_failure(&state, consecutive, window, now),
                expected,
                "{state:?} {consecutive} {window}"
            );
        }
    }

    #[test]
    fn is_locked_table() {
        let p = LockoutPolicy::default();
        let now = t0();
        let until = |ms| LockState {
            locked_until: Some(now.plus_ms(ms)),
            ..LockState::default()
        };
        let cases = [
            (LockState::default(), false),
            (until(1), true),
            (until(0), false),
            (until(-1), false),
            (
                LockState {
                    permanent: true,
                    ..LockState::default()
                },
                true,
            ),
        ];
        for (state, locked) in cases {
            assert_eq!(p.is_locked(&state, now), locked, "{state:?}");
        }
    }
}
