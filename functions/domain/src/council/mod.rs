//! Council rules, pure and clock-free (`shared/spec/council.md`): quorum, the majority
//! function, speaker-queue ordering and the chair's floor actions, casting rules, vote
//! receipts, and the printable/exportable renderings of results and minutes.
//!
//! No I/O: the `voting` component loads rows, calls these, stores the outcome.

pub mod casting;
pub mod export;
pub mod floor;
pub mod majority;
pub mod plural;
pub mod quorum;
pub mod receipt;
