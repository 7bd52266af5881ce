//! Views shared by the council screens (tablet, chair console, clerk editor, public screen):
//! the live-polling hook, the countdown, the speaker, poll progress and results, the vote
//! panel, the meeting's status line with the offline-copy note, and the runner for chair and
//! clerk actions.

pub mod action;
pub mod countdown;
pub mod live;
pub mod offline_copy;
// The chair console's poll column, in the office bundle with the console (`crate::bundle`).
#[cfg(feature = "office")]
pub mod open_poll;
pub mod poll;
#[cfg(feature = "office")]
pub mod poll_form;
#[cfg(feature = "office")]
pub mod poll_list;
pub mod speaker;
pub mod status_line;
pub mod vote;
