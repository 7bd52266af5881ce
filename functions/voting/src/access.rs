//! Who the caller is *for this meeting*: member, the chair running it, the council office.
//!
//! Roles come from the session (`Principal`); membership and the named chair from the
//! meeting. Decisions (docs/decisions.md): the council office (`clerk`) edits meetings, the
//! administrator only reads them (IT, not the council's business); a meeting with a named
//! chair is run by that person only, otherwise by any holder of the `chair` role.

use crate::refusal;
use crate::store::meetings::{self, MeetingRow};
use crate::Env;
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::council::MeetingState;
use ratusz_domain::council::lifecycle::{self, Activity};
use ratusz_platform::{ApiError, Principal};

/// The caller's standing in one meeting.
#[derive(Debug, Clone)]
pub struct Seat {
    /// The signed-in caller (`None` on public endpoints without a session).
    pub principal: Option<Principal>,
    /// A member of the meeting (may check in, request the floor, vote when entitled).
    pub member: bool,
    /// Runs this meeting (opens, closes, floor, polls).
    pub chair: bool,
    /// Council office: prepares and edits.
    pub clerk: bool,
    /// Holds the `chair` role (sees drafts) without necessarily running this meeting.
    pub chair_role: bool,
    /// Administrator (reads everything).
    pub admin: bool,
}

impl Seat {
    /// The caller's standing, from their roles and the meeting.
    pub fn of(principal: Option<Principal>, meeting: &MeetingRow, member: bool) -> Self {
        let has = |r: Role| principal.as_ref().is_some_and(|p| p.roles.contains(&r));
        let chair_role = has(Role::Chair);
        let chair = match (&meeting.chair_id, &principal) {
            (Some(named), Some(p)) => *named == p.user_id,
            (None, Some(_)) => chair_role,
            _ => false,
        };
        Self {
            member,
            chair,
            clerk: has(Role::Clerk),
            chair_role,
            admin: has(Role::Admin),
            principal,
        }
    }

    /// The caller's account id, or 401.
    pub fn user_id(&self) -> Result<&str, ApiError> {
        self.principal
            .as_ref()
            .map(|p| p.user_id.as_str())
            .ok_or_else(ApiError::unauthenticated)
    }

    /// Whether the caller may see the meeting at all in `state` (drafts: office, chair, admin).
    pub fn can_view(&self, state: MeetingState) -> bool {
        state != MeetingState::Draft || self.clerk || self.chair_role || self.chair || self.admin
    }

    /// Whether the caller may read members-only parts (video link, minutes, draft attachments).
    pub fn insider(&self) -> bool {
        self.member || self.chair || self.clerk || self.admin
    }

    /// The council office, or 403.
    pub fn require_clerk(&self) -> Result<(), ApiError> {
        if self.clerk {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// The chair running this meeting, or 403.
    pub fn require_chair(&self) -> Result<(), ApiError> {
        if self.chair {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// A member, or 403 `not_a_member`.
    pub fn require_member(&self) -> Result<&str, ApiError> {
        if self.member {
            self.user_id()
        } else {
            Err(refusal::not_a_member())
        }
    }
}

/// Loads meeting `:id` as the caller sees it: 404 when absent or not visible (no existence
/// leaks for drafts), else the row and the caller's seat.
pub fn load(env: &Env) -> Result<(MeetingRow, Seat), ApiError> {
    let meeting = meetings::by_id(&env.db, env.param("id")?)?.ok_or(ApiError::NotFound)?;
    let principal = env.maybe_principal().cloned();
    let member = match &principal {
        Some(p) => meetings::is_member(&env.db, &meeting.id, &p.user_id)?,
        None => false,
    };
    let seat = Seat::of(principal, &meeting, member);
    if seat.can_view(meeting.state) {
        Ok((meeting, seat))
    } else {
        Err(ApiError::NotFound)
    }
}

/// Loads a meeting for a public endpoint: only published, live or closed ones exist there.
pub fn load_public(env: &Env) -> Result<MeetingRow, ApiError> {
    match meetings::by_id(&env.db, env.param("id")?)? {
        Some(m) if m.state != MeetingState::Draft => Ok(m),
        _ => Err(ApiError::NotFound),
    }
}

/// 409 unless `meeting`'s state allows `activity` (the lifecycle rules of the domain).
pub fn allow(meeting: &MeetingRow, activity: Activity) -> Result<(), ApiError> {
    lifecycle::check_activity(meeting.state, activity).map_err(refusal::meeting)
}
