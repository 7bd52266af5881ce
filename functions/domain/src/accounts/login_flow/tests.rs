use super::*;

const HOUR_MS: i64 = 3_600_000;

fn now() -> Timestamp {
    Timestamp::from_unix_ms(1_795_425_600_000)
}

/// One attempt as the world answers it.
#[derive(Clone, Copy)]
struct World {
    /// The address counter before this attempt's reservation.
    address_failures: i64,
    account: Lookup,
    /// The attempt counter before this attempt's increment.
    earlier_attempts: i64,
    oversized: bool,
    password: PasswordCheck,
}

fn active() -> AccountFacts {
    AccountFacts {
        disabled: false,
        lock: LockState::default(),
        has_password: true,
        start_password_expires_at: None,
    }
}

fn world(account: AccountFacts) -> World {
    World {
        address_failures: 0,
        account: Lookup::Found(account),
        earlier_attempts: 0,
        oversized: false,
        password: PasswordCheck::Match {
            needs_rehash: false,
        },
    }
}

/// Runs the shell's loop against `w`; returns the I/O steps taken, in order, and the outcome.
fn run(w: World) -> (Vec<&'static str>, Outcome) {
    let (lockout, throttle) = (LockoutPolicy::default(), AddressThrottle::default());
    let mut facts = LoginFacts {
        password_oversized: w.oversized,
        ..LoginFacts::default()
    };
    let mut steps = Vec::new();
    for _ in 0..10 {
        match next(&lockout, &throttle, &facts, now()) {
            Step::ReserveAddress => {
                steps.push("address");
                facts.address_reservation = Some(w.address_failures + 1);
            }
            Step::FindAccount => {
                steps.push("lookup");
                facts.account = Some(w.account);
            }
            Step::CountAttempt => {
                steps.push("count");
                facts.attempt = Some(w.earlier_attempts + 1);
            }
            Step::VerifyPassword => {
                steps.push("hash");
                facts.password = Some(w.password);
            }
            Step::Finish(outcome) => return (steps, outcome),
        }
    }
    panic!("the flow did not finish");
}

fn refused(reason: LoginFailure, dummy_hash: bool) -> Outcome {
    Outcome::Refused {
        reason,
        dummy_hash,
        counts_as_failure: reason == LoginFailure::WrongPassword,
    }
}

#[test]
fn order_of_checks_table() {
    let wrong = PasswordCheck::Mismatch;
    let rehash = PasswordCheck::Match { needs_rehash: true };
    let locked = AccountFacts {
        lock: LockState {
            locked_until: Some(now().plus_ms(HOUR_MS)),
            ..LockState::default()
        },
        ..active()
    };
    let lock_over = AccountFacts {
        lock: LockState {
            locked_until: Some(now()),
            streak: 1,
            ..LockState::default()
        },
        ..active()
    };
    let permanent = AccountFacts {
        lock: LockState {
            permanent: true,
            ..LockState::default()
        },
        ..active()
    };
    let disabled_and_locked = AccountFacts {
        disabled: true,
        ..locked
    };
    let no_password = AccountFacts {
        has_password: false,
        ..active()
    };
    let start_expired = AccountFacts {
        start_password_expires_at: Some(now()),
        ..active()
    };
    let start_valid = AccountFacts {
        start_password_expires_at: Some(now().plus_ms(1)),
        ..active()
    };
    let unknown = World {
        account: Lookup::Unknown,
        ..world(active())
    };
    let all = ["address", "lookup", "count", "hash"];
    let cases: Vec<(&str, World, Vec<&str>, Outcome)> = vec![
        (
            "right password",
            world(active()),
            all.to_vec(),
            Outcome::SignedIn { rehash: false },
        ),
        (
            "right password, old parameters",
            World {
                password: rehash,
                ..world(active())
            },
            all.to_vec(),
            Outcome::SignedIn { rehash: true },
        ),
        (
            "wrong password",
            World {
                password: wrong,
                ..world(active())
            },
            all.to_vec(),
            refused(LoginFailure::WrongPassword, false),
        ),
        (
            "throttled address: no lookup, no hash",
            World {
                address_failures: 30,
                ..world(active())
            },
            vec!["address"],
            Outcome::Throttled { retry_after_s: 600 },
        ),
        (
            "the attempt that reaches the throttle limit still checks",
            World {
                address_failures: 29,
                ..world(active())
            },
            all.to_vec(),
            Outcome::SignedIn { rehash: false },
        ),
        (
            "unknown e-mail: dummy hash, no counter",
            unknown,
            vec!["address", "lookup"],
            refused(LoginFailure::UnknownEmail, true),
        ),
        (
            "disabled: no counter, no hash",
            world(AccountFacts {
                disabled: true,
                ..active()
            }),
            vec!["address", "lookup"],
            refused(LoginFailure::Disabled, false),
        ),
        (
            "disabled wins over locked",
            world(disabled_and_locked),
            vec!["address", "lookup"],
            refused(LoginFailure::Disabled, false),
        ),
        (
            "locked: even the right password costs no hash",
            world(locked),
            vec!["address", "lookup"],
            refused(LoginFailure::Locked, false),
        ),
        (
            "locked until an unlock",
            world(permanent),
            vec!["address", "lookup"],
            refused(LoginFailure::Locked, false),
        ),
        (
            "a lock that has ended",
            world(lock_over),
            all.to_vec(),
            Outcome::SignedIn { rehash: false },
        ),
        (
            "fifth attempt is still checked",
            World {
                earlier_attempts: 4,
                ..world(active())
            },
            all.to_vec(),
            Outcome::SignedIn { rehash: false },
        ),
        (
            "sixth parallel attempt: counted, never hashed",
            World {
                earlier_attempts: 5,
                ..world(active())
            },
            vec!["address", "lookup", "count"],
            refused(LoginFailure::AttemptLimit, false),
        ),
        (
            "no password: dummy hash, the counter is left alone",
            world(no_password),
            vec!["address", "lookup"],
            refused(LoginFailure::NoPassword, true),
        ),
        (
            "oversized password: counted as wrong, dummy hash instead of the real one",
            World {
                oversized: true,
                ..world(active())
            },
            vec!["address", "lookup", "count"],
            refused(LoginFailure::WrongPassword, true),
        ),
        (
            "oversized password past the limit",
            World {
                oversized: true,
                earlier_attempts: 5,
                ..world(active())
            },
            vec!["address", "lookup", "count"],
            refused(LoginFailure::AttemptLimit, false),
        ),
        (
            "expired start password, right",
            world(start_expired),
            all.to_vec(),
            refused(LoginFailure::StartPasswordExpired, false),
        ),
        (
            "expired start password, wrong: a wrong password first",
            World {
                password: wrong,
                ..world(start_expired)
            },
            all.to_vec(),
            refused(LoginFailure::WrongPassword, false),
        ),
        (
            "valid start password",
            world(start_valid),
            all.to_vec(),
            Outcome::SignedIn { rehash: false },
        ),
    ];
    for (name, w, steps, outcome) in cases {
        assert_eq!(run(w), (steps, outcome), "{name}");
    }
}

#[test]
fn no_refusal_hashes_the_real_password_unless_it_is_checked() {
    // Every account state × every counter value: a hash of the real password happens only
    // when the attempt is within the threshold and the account may sign in.
    let states = [
        active(),
        AccountFacts {
            disabled: true,
            ..active()
        },
        AccountFacts {
            lock: LockState {
                permanent: true,
                ..LockState::default()
            },
            ..active()
        },
        AccountFacts {
            has_password: false,
            ..active()
        },
    ];
    for (i, account) in states.into_iter().enumerate() {
        for earlier in 0..50 {
            let (steps, _) = run(World {
                earlier_attempts: earlier,
                password: PasswordCheck::Mismatch,
                ..world(account)
            });
            let hashed = steps.contains(&"hash");
            assert_eq!(
                hashed,
                i == 0 && earlier < 5,
                "state {i}, attempt {earlier}"
            );
        }
    }
}

#[test]
fn only_a_refusal_keeps_the_address_reservation() {
    let cases = [
        (Outcome::Throttled { retry_after_s: 1 }, false),
        (Outcome::SignedIn { rehash: false }, false),
        (Outcome::SignedIn { rehash: true }, false),
        (refused(LoginFailure::WrongPassword, false), true),
        (refused(LoginFailure::UnknownEmail, true), true),
        (refused(LoginFailure::Locked, false), true),
        (refused(LoginFailure::AttemptLimit, false), true),
    ];
    for (outcome, keeps) in cases {
        assert_eq!(outcome.keeps_address_reservation(), keeps, "{outcome:?}");
    }
}

#[test]
fn of_sixty_parallel_attempts_at_most_the_limit_pass_the_throttle() {
    // Sixty reservations land on one counter in some order; each attempt sees its own value.
    let throttle = AddressThrottle::default();
    let passed = (1..=60)
        .filter(|reserved| throttle.check(*reserved, now()).is_ok())
        .count();
    assert_eq!(passed, 30);
}

#[test]
fn failure_reasons_have_wire_names() {
    crate::wire::assert_serde_matches(LoginFailure::ALL, LoginFailure::as_str, LoginFailure::parse);
}
