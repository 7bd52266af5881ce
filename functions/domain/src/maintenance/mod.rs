//! Maintenance windows (operations.md): when an administrator may schedule one (inside the
//! night window, in Polish civil time, never over a meeting or another window) and what the
//! request guard does while one runs. Pure: the time, the meetings and the windows are passed in.

pub mod guard;
pub mod messages;
pub mod night;
pub mod schedule;

pub use guard::{GuardDecision, Schedule, ScheduledWindow};
pub use night::NightWindow;
pub use schedule::{MeetingSlot, ScheduleRefusal, ScheduleRules};
