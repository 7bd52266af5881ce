//! A meeting's lifecycle: `draft` → `published` → `live` → `closed`, and what each state
//! allows. Who may act (the office publishes, the chair opens and closes) is the handler's
//! check; this module answers whether the meeting's *state* allows it.
//!
//! - Nothing changes after close (the record is final once the chair closes it).
//! - Members and the statutory composition are fixed once the meeting opens: attendance,
//!   quorum and every poll's entitled voters rest on them.
//! - Attendance is taken from publication until close (members learn of a draft only when it
//!   is announced).
//! - The floor and polls run only while the meeting is live.

use crate::api::council::MeetingState;

/// A state change of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingAction {
    /// The office announces the meeting (draft → published).
    Publish,
    /// The chair opens it (published → live).
    Open,
    /// The chair closes it (live → closed).
    Close,
}

impl MeetingAction {
    /// The state the action starts from.
    pub fn from(self) -> MeetingState {
        match self {
            Self::Publish => MeetingState::Draft,
            Self::Open => MeetingState::Published,
            Self::Close => MeetingState::Live,
        }
    }

    /// The state it leads to.
    pub fn to(self) -> MeetingState {
        match self {
            Self::Publish => MeetingState::Published,
            Self::Open => MeetingState::Live,
            Self::Close => MeetingState::Closed,
        }
    }

    /// The audit chain's action name.
    pub fn audit_action(self) -> &'static str {
        match self {
            Self::Publish => "meeting_published",
            Self::Open => "meeting_opened",
            Self::Close => "meeting_closed",
        }
    }
}

/// Work on a meeting that its state may forbid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Edit the details (title, number, kind, start, place, video room, speaking limits,
    /// vote changes).
    EditDetails,
    /// Change the member list or the statutory composition.
    ChangeMembers,
    /// Add, edit, delete or reorder agenda items, upload attachments, move the current item,
    /// prepare polls.
    EditAgenda,
    /// Check in, or mark a member's attendance.
    TakeAttendance,
    /// Floor control and opening polls.
    Debate,
}

/// A meeting whose state refuses an action (all 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingRefusal {
    /// `meeting_closed`: nothing changes after close.
    Closed,
    /// `meeting_not_live`: the floor and polls run only while the meeting is open.
    NotLive {
        /// The meeting's state.
        state: MeetingState,
    },
    /// `invalid_state`: the action needs another state.
    InvalidState {
        /// The meeting's state.
        state: MeetingState,
        /// The states the action needs.
        allowed: &'static [MeetingState],
    },
    /// `poll_open`: the meeting cannot close over an open poll (its result would never be
    /// counted).
    PollOpen,
}

impl MeetingRefusal {
    /// The problem `code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Closed => "meeting_closed",
            Self::NotLive { .. } => "meeting_not_live",
            Self::InvalidState { .. } => "invalid_state",
            Self::PollOpen => "poll_open",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        409
    }

    /// The problem `detail`, plain English for API clients (the frontend translates `code`).
    pub fn detail(&self) -> &'static str {
        match self {
            Self::Closed => "The meeting is closed.",
            Self::NotLive { .. } => "The meeting is not open.",
            Self::InvalidState { .. } => "The meeting's state does not allow this.",
            Self::PollOpen => "Close the open poll first.",
        }
    }

    /// The problem parameters: the meeting's `state` and the `allowed` states (comma-separated).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Closed => vec![("state", MeetingState::Closed.as_str().to_owned())],
            Self::NotLive { state } => vec![
                ("state", state.as_str().to_owned()),
                ("allowed", MeetingState::Live.as_str().to_owned()),
            ],
            Self::InvalidState { state, allowed } => vec![
                ("state", state.as_str().to_owned()),
                (
                    "allowed",
                    allowed
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
            ],
            Self::PollOpen => Vec::new(),
        }
    }
}

/// Whether `state` allows `activity`.
pub fn check_activity(state: MeetingState, activity: Activity) -> Result<(), MeetingRefusal> {
    use MeetingState::{Closed, Draft, Live, Published};
    match (activity, state) {
        (Activity::Debate, Live) => Ok(()),
        (Activity::Debate, state) => Err(MeetingRefusal::NotLive { state }),
        (_, Closed) => Err(MeetingRefusal::Closed),
        (Activity::ChangeMembers, Live) => Err(MeetingRefusal::InvalidState {
            state,
            allowed: &[Draft, Published],
        }),
        (Activity::TakeAttendance, Draft) => Err(MeetingRefusal::InvalidState {
            state,
            allowed: &[Published, Live],
        }),
        _ => Ok(()),
    }
}

/// Whether an edit may be written to a meeting in `state`: the details while not closed, the
/// membership (`members_changed`) only before it opens.
pub fn check_edit(state: MeetingState, members_changed: bool) -> Result<(), MeetingRefusal> {
    check_activity(state, Activity::EditDetails)?;
    if members_changed {
        check_activity(state, Activity::ChangeMembers)?;
    }
    Ok(())
}

/// Decides a state change of a meeting in `state`; `poll_open` says whether one of its polls
/// is open. Returns the new state.
pub fn check_action(
    state: MeetingState,
    action: MeetingAction,
    poll_open: bool,
) -> Result<MeetingState, MeetingRefusal> {
    if state != action.from() {
        return Err(MeetingRefusal::InvalidState {
            state,
            allowed: match action {
                MeetingAction::Publish => &[MeetingState::Draft],
                MeetingAction::Open => &[MeetingState::Published],
                MeetingAction::Close => &[MeetingState::Live],
            },
        });
    }
    if action == MeetingAction::Close && poll_open {
        return Err(MeetingRefusal::PollOpen);
    }
    Ok(action.to())
}

/// The `Cache-Control` of a meeting's documents for a signed-in reader (the meeting with its
/// agenda, the live document, the attachments): from publication on a member's device may keep
/// them to read in the chamber when the network drops (the service worker keeps only what is
/// not `no-store`, and only until someone signs out or in), always revalidated while online;
/// a draft is the office's working copy and never stays on a device.
pub fn reader_cache_control(state: MeetingState) -> &'static str {
    match state {
        MeetingState::Draft => "no-store",
        MeetingState::Published | MeetingState::Live | MeetingState::Closed => "private, no-cache",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingState::{Closed, Draft, Live, Published};

    #[test]
    fn only_announced_meetings_may_stay_on_a_device() {
        for (state, kept) in [
            (Draft, false),
            (Published, true),
            (Live, true),
            (Closed, true),
        ] {
            let value = reader_cache_control(state);
            assert_eq!(!value.contains("no-store"), kept, "{state:?}");
            // Never from a shared cache, never used without asking the server while online.
            assert!(
                value == "no-store" || value == "private, no-cache",
                "{state:?}"
            );
        }
    }

    /// The code of the outcome (`"ok"` when allowed).
    fn code<T>(r: Result<T, MeetingRefusal>) -> &'static str {
        r.err().map_or("ok", |e| e.code())
    }

    #[test]
    fn what_each_state_allows() {
        const STATES: [MeetingState; 4] = [Draft, Published, Live, Closed];
        // Per activity, the outcome in draft, published, live, closed.
        let table = [
            (Activity::EditDetails, ["ok", "ok", "ok", "meeting_closed"]),
            (
                Activity::ChangeMembers,
                ["ok", "ok", "invalid_state", "meeting_closed"],
            ),
            (Activity::EditAgenda, ["ok", "ok", "ok", "meeting_closed"]),
            (
                Activity::TakeAttendance,
                ["invalid_state", "ok", "ok", "meeting_closed"],
            ),
            (
                Activity::Debate,
                [
                    "meeting_not_live",
                    "meeting_not_live",
                    "ok",
                    "meeting_not_live",
                ],
            ),
        ];
        for (activity, expected) in table {
            for (state, want) in STATES.into_iter().zip(expected) {
                assert_eq!(
                    code(check_activity(state, activity)),
                    want,
                    "{activity:?} in {state:?}"
                );
            }
        }
    }

    #[test]
    fn edits_and_membership() {
        let cases = [
            (Draft, true, "ok"),
            (Published, true, "ok"),
            (Live, false, "ok"),
            (Live, true, "invalid_state"),
            (Closed, false, "meeting_closed"),
            (Closed, true, "meeting_closed"),
        ];
        for (state, members_changed, want) in cases {
            assert_eq!(
                code(check_edit(state, members_changed)),
                want,
                "{state:?} {members_changed}"
            );
        }
    }

    #[test]
    fn transitions_follow_the_lifecycle() {
        use MeetingAction::{Close, Open, Publish};
        let cases = [
            (Draft, Publish, false, Ok(Published)),
            (Published, Open, false, Ok(Live)),
            (Live, Close, false, Ok(Closed)),
            (Live, Close, true, Err("poll_open")),
            (Published, Publish, false, Err("invalid_state")),
            (Live, Publish, false, Err("invalid_state")),
            (Draft, Open, false, Err("invalid_state")),
            (Live, Open, false, Err("invalid_state")),
            (Closed, Open, false, Err("invalid_state")),
            (Published, Close, false, Err("invalid_state")),
            (Closed, Close, false, Err("invalid_state")),
            (Draft, Close, true, Err("invalid_state")),
        ];
        for (state, action, poll_open, want) in cases {
            assert_eq!(
                check_action(state, action, poll_open).map_err(|e| e.code()),
                want,
                "{action:?} from {state:?}"
            );
        }
        assert_eq!(Publish.from(), Draft);
        assert_eq!(Close.to(), Closed);
    }

    #[test]
    fn refusals_name_the_states() {
        let refusal = check_action(Live, MeetingAction::Publish, false).err();
        let params = refusal.map(|r| r.params()).unwrap_or_default();
        assert_eq!(
            params,
            [
                ("state", "live".to_owned()),
                ("allowed", "draft".to_owned())
            ]
        );
        let refusal = check_activity(Live, Activity::ChangeMembers).err();
        let params = refusal.map(|r| r.params()).unwrap_or_default();
        assert_eq!(params[1], ("allowed", "draft,published".to_owned()));
        for r in [
            MeetingRefusal::Closed,
            MeetingRefusal::NotLive { state: Draft },
            MeetingRefusal::PollOpen,
        ] {
            assert_eq!(r.status(), 409);
            assert!(!r.detail().is_empty() && !r.detail().contains(" / "));
        }
    }
}
