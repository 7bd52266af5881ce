//! Council rules, pure and clock-free (`shared/spec/council.md`): the meeting lifecycle and
//! its fields, the agenda, attachments' names, quorum, the poll state machine, the majority
//! function, speaker-queue ordering and the chair's floor actions, casting rules, vote
//! receipts, and the printable/exportable renderings of results and minutes.
//!
//! No I/O: the `voting` component loads rows, calls these, stores the outcome. Refusals carry
//! a stable problem `code`, a plain English `detail` and the parameters a translated message
//! needs; field refusals are [`crate::validate::Invalid`].

pub mod agenda;
pub mod attachment;
pub mod casting;
pub mod export;
pub mod floor;
pub mod lifecycle;
pub mod majority;
pub mod meeting_fields;
pub mod plural;
pub mod poll;
pub mod quorum;
pub mod receipt;
