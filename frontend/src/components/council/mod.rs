//! Views shared by the council screens (tablet, chair console, clerk editor, public screen):
//! the live-polling hook, the countdown, the speaker, poll progress and results, the vote
//! panel, the meeting's status line with the offline-copy note, and the runner for chair and
//! clerk actions.

pub mod action;
pub mod countdown;
pub mod live;
pub mod offline_copy;
pub mod open_poll;
pub mod poll;
pub mod poll_form;
pub mod poll_list;
pub mod speaker;
pub mod status_line;
pub mod vote;
