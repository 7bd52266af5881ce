//! A poll's life: `draft` → `open` → `closed`, one open poll per meeting, quorum to open
//! unless the chair records why not; and the rules of a new poll's fields.
//!
//! Who may act (the office or the chair prepares, only the chair opens and closes) and
//! whether the meeting is live are the handler's and [`super::lifecycle`]'s checks.

use super::{casting, majority, quorum};
use crate::api::council::{Choice, Majority, PollCreate, PollKind, PollState};
use crate::validate::limits::{
    OVERRIDE_REASON_MAX, OVERRIDE_REASON_MIN, POLL_TIME_LIMIT_MAX_S, POLL_TIME_LIMIT_MIN_S,
    POLL_TITLE_MAX,
};
use crate::validate::{id, range, text, Checks, FieldCode, FieldErrors, Invalid};

/// A refused poll action (all 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollRefusal {
    /// `poll_open`: this or another poll of the meeting is already open.
    AlreadyOpen,
    /// `poll_closed`: a closed poll never opens again.
    Closed,
    /// `poll_not_open`: closing (or voting in) a poll that is not open.
    NotOpen,
    /// `poll_not_closed`: the result exists only after close.
    NotClosed,
    /// `no_quorum`: too few members present and no override reason given.
    NoQuorum {
        /// Members present.
        present: u32,
        /// Statutory composition.
        statutory: u32,
    },
}

impl PollRefusal {
    /// The problem `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyOpen => "poll_open",
            Self::Closed => "poll_closed",
            Self::NotOpen => "poll_not_open",
            Self::NotClosed => "poll_not_closed",
            Self::NoQuorum { .. } => "no_quorum",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        409
    }

    /// The problem `detail`, plain English for API clients (the frontend translates `code`).
    pub fn detail(&self) -> &'static str {
        match self {
            Self::AlreadyOpen => "Another poll is open.",
            Self::Closed => "The poll is already closed.",
            Self::NotOpen => "The poll is not open.",
            Self::NotClosed => "The result is available once the poll is closed.",
            Self::NoQuorum { .. } => "No quorum: opening the poll needs a recorded reason.",
        }
    }

    /// The values a message needs: for `no_quorum`, members `present`, the `statutory`
    /// composition and the number `required` for a quorum.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::NoQuorum { present, statutory } => vec![
                ("present", present.to_string()),
                ("statutory", statutory.to_string()),
                ("required", quorum::required(*statutory).to_string()),
            ],
            _ => Vec::new(),
        }
    }
}

/// What the meeting looks like when the chair opens a poll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFacts<'a> {
    /// The poll's state.
    pub state: PollState,
    /// Whether another poll of the meeting is open.
    pub another_open: bool,
    /// Members present now (they become the entitled voters).
    pub present: u32,
    /// Statutory composition.
    pub statutory: u32,
    /// The chair's override reason, already checked with [`override_reason`].
    pub reason: Option<&'a str>,
}

/// A permitted opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// Whether the members present make a quorum.
    pub quorum: bool,
    /// The override reason to record: only when it was needed (with quorum it overrides
    /// nothing, so it is not recorded).
    pub override_reason: Option<String>,
}

/// Decides opening a poll. Checked in this order: the poll is a draft (`poll_open` when
/// already open, `poll_closed` when closed), no other poll is open (`poll_open`: one vote at
/// a time, every tablet shows one ballot), and a quorum is present or a reason recorded
/// (`no_quorum`).
pub fn check_open(facts: OpenFacts<'_>) -> Result<Opening, PollRefusal> {
    match facts.state {
        PollState::Draft => {}
        PollState::Open => return Err(PollRefusal::AlreadyOpen),
        PollState::Closed => return Err(PollRefusal::Closed),
    }
    if facts.another_open {
        return Err(PollRefusal::AlreadyOpen);
    }
    let has_quorum = quorum::has_quorum(facts.present, facts.statutory);
    if has_quorum {
        return Ok(Opening {
            quorum: true,
            override_reason: None,
        });
    }
    match facts.reason {
        Some(reason) => Ok(Opening {
            quorum: false,
            override_reason: Some(reason.to_owned()),
        }),
        None => Err(PollRefusal::NoQuorum {
            present: facts.present,
            statutory: facts.statutory,
        }),
    }
}

/// Decides closing a poll: only an open one.
pub fn check_close(state: PollState) -> Result<(), PollRefusal> {
    if state == PollState::Open {
        Ok(())
    } else {
        Err(PollRefusal::NotOpen)
    }
}

/// Whether a poll in `state` has a result to show: only once closed.
pub fn check_result(state: PollState) -> Result<(), PollRefusal> {
    if state == PollState::Closed {
        Ok(())
    } else {
        Err(PollRefusal::NotClosed)
    }
}

/// A quorum override's reason: one line of
/// [`OVERRIDE_REASON_MIN`]..=[`OVERRIDE_REASON_MAX`] characters (it is recorded in the audit
/// chain and the minutes, so a keystroke is not a reason). Absent → `None`.
pub fn override_reason(value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(raw) = value else {
        return Ok(None);
    };
    let reason = text(raw, OVERRIDE_REASON_MAX)?;
    if reason.chars().count() < OVERRIDE_REASON_MIN {
        return Err(Invalid::new(FieldCode::TooShort).with("min", OVERRIDE_REASON_MIN));
    }
    Ok(Some(reason))
}

/// A new poll's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPoll {
    /// Title, one line.
    pub title: String,
    /// Open or secret.
    pub kind: PollKind,
    /// The majority it needs.
    pub majority: Majority,
    /// The choices offered, in ballot order.
    pub options: Vec<Choice>,
    /// The agenda item (whether it exists is the handler's database check).
    pub item_id: Option<String>,
    /// Closes by itself after this many seconds.
    pub time_limit_s: Option<u32>,
}

impl NewPoll {
    /// Checks every field of `POST …/polls` at once.
    pub fn from_create(body: &PollCreate) -> Result<Self, FieldErrors> {
        let mut c = Checks::new();
        let title = c.check("title", text(&body.title, POLL_TITLE_MAX));
        let majority = c.check("majority", majority::validate(&body.majority));
        let options = c.check("options", casting::options(body.options.as_deref()));
        let item_id = c.check("item_id", body.item_id.as_deref().map(id).transpose());
        let time_limit_s = c.check(
            "time_limit_s",
            body.time_limit_s
                .map(|s| range(s, POLL_TIME_LIMIT_MIN_S, POLL_TIME_LIMIT_MAX_S))
                .transpose(),
        );
        let poll = (|| {
            majority?;
            Some(Self {
                title: title?,
                kind: body.kind,
                majority: body.majority,
                options: options?,
                item_id: item_id?,
                time_limit_s: time_limit_s?,
            })
        })();
        c.finish_with(poll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::council::{MajorityBase, MajorityRule};
    use PollState::{Closed, Draft, Open};

    fn facts(state: PollState, another_open: bool, present: u32) -> OpenFacts<'static> {
        OpenFacts {
            state,
            another_open,
            present,
            statutory: 15,
            reason: None,
        }
    }

    #[test]
    fn opening_cases() {
        let cases = [
            (facts(Draft, false, 8), Ok(true)),
            (facts(Draft, false, 15), Ok(true)),
            (facts(Draft, false, 7), Err("no_quorum")),
            (facts(Draft, false, 0), Err("no_quorum")),
            (facts(Draft, true, 15), Err("poll_open")),
            (facts(Open, false, 15), Err("poll_open")),
            (facts(Open, true, 15), Err("poll_open")),
            (facts(Closed, false, 15), Err("poll_closed")),
            (facts(Closed, true, 0), Err("poll_closed")),
        ];
        for (f, want) in cases {
            assert_eq!(
                check_open(f).map(|o| o.quorum).map_err(|e| e.code()),
                want,
                "{f:?}"
            );
        }
    }

    #[test]
    fn an_override_reason_is_recorded_only_when_needed() {
        let with = |present| OpenFacts {
            reason: Some("Awaria łącza"),
            ..facts(Draft, false, present)
        };
        assert_eq!(
            check_open(with(7)),
            Ok(Opening {
                quorum: false,
                override_reason: Some("Awaria łącza".into())
            })
        );
        assert_eq!(
            check_open(with(8)),
            Ok(Opening {
                quorum: true,
                override_reason: None
            })
        );
        // A reason does not open a poll that is not a draft, nor a second one.
        assert_eq!(
            check_open(OpenFacts {
                another_open: true,
                ..with(7)
            }),
            Err(PollRefusal::AlreadyOpen)
        );
    }

    #[test]
    fn no_quorum_names_the_counts() {
        let refusal = check_open(facts(Draft, false, 7)).err();
        assert_eq!(
            refusal.map(|r| r.params()).unwrap_or_default(),
            [
                ("present", "7".to_owned()),
                ("statutory", "15".to_owned()),
                ("required", "8".to_owned())
            ]
        );
    }

    #[test]
    fn closing_and_results() {
        let cases = [
            (Draft, Err("poll_not_open"), Err("poll_not_closed")),
            (Open, Ok(()), Err("poll_not_closed")),
            (Closed, Err("poll_not_open"), Ok(())),
        ];
        for (state, close, result) in cases {
            assert_eq!(check_close(state).map_err(|e| e.code()), close, "{state:?}");
            assert_eq!(
                check_result(state).map_err(|e| e.code()),
                result,
                "{state:?}"
            );
        }
        for r in [PollRefusal::AlreadyOpen, PollRefusal::NotClosed] {
            assert_eq!(r.status(), 409);
            assert!(r.params().is_empty() && !r.detail().contains(" / "));
        }
    }

    #[test]
    fn override_reasons() {
        assert_eq!(override_reason(None), Ok(None));
        assert_eq!(
            override_reason(Some("  Awaria  ")),
            Ok(Some("Awaria".into()))
        );
        let code = |r: &str| override_reason(Some(r)).err().map(|e| e.code.as_str());
        assert_eq!(code("ab"), Some("too_short"));
        assert_eq!(code("  "), Some("required"));
        assert_eq!(code(&"x".repeat(501)), Some("too_long"));
        assert_eq!(code("a\nbcd"), Some("control_characters"));
        assert!(override_reason(Some(&"ż".repeat(500))).is_ok());
    }

    fn create() -> PollCreate {
        PollCreate {
            title: " Uchwała nr 1 ".into(),
            kind: PollKind::Open,
            majority: Majority {
                rule: MajorityRule::Simple,
                base: MajorityBase::Cast,
                fraction: None,
            },
            options: None,
            item_id: None,
            time_limit_s: None,
        }
    }

    #[test]
    fn a_new_poll_is_checked_as_a_whole() {
        let poll = NewPoll::from_create(&create()).ok();
        assert_eq!(
            poll.as_ref().map(|p| (p.title.as_str(), p.options.len())),
            Some(("Uchwała nr 1", 3))
        );
        let bad = PollCreate {
            title: String::new(),
            majority: Majority {
                rule: MajorityRule::Qualified,
                ..create().majority
            },
            options: Some(vec![Choice::Against, Choice::Abstain]),
            item_id: Some("a b".into()),
            time_limit_s: Some(9),
            ..create()
        };
        let fields: Vec<(String, &str)> = NewPoll::from_create(&bad)
            .err()
            .map(|e| e.0.into_iter().map(|(f, i)| (f, i.code.as_str())).collect())
            .unwrap_or_default();
        let fields: Vec<(&str, &str)> = fields.iter().map(|(f, c)| (f.as_str(), *c)).collect();
        assert_eq!(
            fields,
            [
                ("item_id", "invalid_format"),
                ("majority", "rule"),
                ("options", "rule"),
                ("time_limit_s", "out_of_range"),
                ("title", "required"),
            ]
        );
        for (limit, ok) in [(10, true), (86_400, true), (86_401, false), (0, false)] {
            let body = PollCreate {
                time_limit_s: Some(limit),
                ..create()
            };
            assert_eq!(NewPoll::from_create(&body).is_ok(), ok, "{limit}");
        }
    }
}
