//! Views shared by the council screens (tablet, chair console, clerk editor, public screen):
//! the live-polling hook, the countdown, the speaker, poll progress and results, the vote
//! panel, and the runner for chair and clerk actions.

pub mod action;
pub mod countdown;
pub mod live;
pub mod poll;
pub mod speaker;
pub mod vote;
