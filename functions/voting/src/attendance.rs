//! `/api/sessions/{id}/attendance…`: members check in from their own device (in the chamber or
//! over the video link); the council office marks anyone, including absent (council.md names
//! the clerk for `PUT`; the chair asks the office to correct the list). Present = in person +
//! remote; quorum = half the statutory composition (`has_quorum`). Attendance is taken from
//! publication until close (the lifecycle's `TakeAttendance`).

use crate::access::{self, Seat};
use crate::meetings::object;
use crate::store::attendance;
use crate::store::meetings::{self, MeetingRow};
use crate::{revision, Env};
use ratusz_domain::api::council::{AttendanceInput, AttendanceMode, AttendanceView};
use ratusz_domain::council::lifecycle::Activity;
use ratusz_domain::council::quorum::has_quorum;
use ratusz_domain::validate::{FieldCode, Invalid};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// Every member's attendance with the count and the quorum.
pub fn view(env: &Env, m: &MeetingRow) -> Result<AttendanceView, ApiError> {
    let members = attendance::entries(&env.db, &m.id)?;
    let present = members
        .iter()
        .filter(|e| matches!(e.mode, AttendanceMode::InPerson | AttendanceMode::Remote))
        .count();
    let present = u32::try_from(present).unwrap_or(u32::MAX);
    Ok(AttendanceView {
        members,
        present,
        statutory: m.statutory_members,
        quorum: has_quorum(present, m.statutory_members),
    })
}

/// Records `user_id`'s `mode` (audited as `action`) unless it is already so, then bumps the
/// live revision. A repeated check-in (a tablet retrying) changes nothing and logs nothing.
fn record(
    env: &Env,
    m: &MeetingRow,
    seat: &Seat,
    user_id: &str,
    mode: AttendanceMode,
    action: &str,
) -> Result<Response, ApiError> {
    let actor = seat.user_id()?;
    let changed = env.db.transaction(|db| {
        // Checked under the write lock: the meeting may have closed meanwhile.
        let fresh = meetings::by_id(db, &m.id)?.ok_or(ApiError::NotFound)?;
        access::allow(&fresh, Activity::TakeAttendance)?;
        if attendance::mode_of(db, &m.id, user_id)? == mode {
            return Ok(false);
        }
        attendance::set(db, &m.id, user_id, mode, actor, env.now)?;
        env.audit(
            actor,
            action,
            &object(&m.id),
            serde_json::json!({"user_id": user_id, "mode": mode.as_str()}),
        )?;
        Ok::<_, ApiError>(true)
    })?;
    if changed {
        revision::bump(&m.id)?;
    }
    Ok(response::ok(&view(env, m)?))
}

/// `GET …/attendance`: members, the chair, the office and administrators.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    if !seat.insider() {
        return Err(ApiError::forbidden());
    }
    Ok(response::ok(&view(&env, &m)?))
}

/// `POST …/attendance` `{mode}` (a member, for themselves): `in_person` or `remote`.
pub fn check_in(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    let user_id = seat.require_member()?.to_owned();
    let body: AttendanceInput = ctx.req.json()?;
    if body.mode == AttendanceMode::Absent {
        // Leaving is recorded by the office: a member cannot drop the quorum from a tablet.
        return Err(ApiError::invalid_field(
            "mode",
            Invalid::new(FieldCode::InvalidChoice).with("allowed", "in_person,remote"),
        ));
    }
    access::allow(&m, Activity::TakeAttendance)?;
    record(&env, &m, &seat, &user_id, body.mode, "attendance_check_in")
}

/// `PUT …/attendance/{user_id}` `{mode}` (the council office), any mode including `absent`.
pub fn set(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_clerk()?;
    let user_id = env.param("user_id")?.to_owned();
    if !meetings::is_member(&env.db, &m.id, &user_id)? {
        return Err(ApiError::NotFound);
    }
    let body: AttendanceInput = ctx.req.json()?;
    access::allow(&m, Activity::TakeAttendance)?;
    record(&env, &m, &seat, &user_id, body.mode, "attendance_set")
}
