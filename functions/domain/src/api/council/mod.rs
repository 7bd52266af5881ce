//! Council meetings, agenda, attendance, floor control, polls and results
//! (`shared/spec/council.md`, § Endpoints and shapes — field names there are a contract).
//!
//! Requests reject unknown fields; responses may grow. Ids are opaque strings.
//!
//! One file per endpoint group; every type is re-exported here, so paths stay `api::council::X`.

mod agenda;
mod attendance;
mod floor;
mod live;
mod meetings;
mod minutes;
mod polls;

pub use agenda::*;
pub use attendance::*;
pub use floor::*;
pub use live::*;
pub use meetings::*;
pub use minutes::*;
pub use polls::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn meeting_vocabulary_has_one_wire_name_each() {
        assert_serde_matches(MeetingKind::ALL, MeetingKind::as_str, MeetingKind::parse);
        assert_serde_matches(MeetingState::ALL, MeetingState::as_str, MeetingState::parse);
        assert_serde_matches(
            AttendanceMode::ALL,
            AttendanceMode::as_str,
            AttendanceMode::parse,
        );
        assert_serde_matches(FloorKind::ALL, FloorKind::as_str, FloorKind::parse);
        assert_serde_matches(RequestState::ALL, RequestState::as_str, RequestState::parse);
    }

    #[test]
    fn poll_vocabulary_has_one_wire_name_each() {
        assert_serde_matches(PollKind::ALL, PollKind::as_str, PollKind::parse);
        assert_serde_matches(PollState::ALL, PollState::as_str, PollState::parse);
        assert_serde_matches(Choice::ALL, Choice::as_str, Choice::parse);
        assert_serde_matches(MajorityRule::ALL, MajorityRule::as_str, MajorityRule::parse);
        assert_serde_matches(MajorityBase::ALL, MajorityBase::as_str, MajorityBase::parse);
    }

    #[test]
    fn choices_come_in_ballot_order() {
        assert_eq!(Choice::ALL, [Choice::For, Choice::Against, Choice::Abstain]);
    }
}
