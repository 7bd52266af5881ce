//! All SQL of the `voting` component, one module per table group.

pub mod agenda;
pub mod attachments;
pub mod attendance;
pub mod floor;
pub mod meetings;
pub mod polls;
pub mod votes;
