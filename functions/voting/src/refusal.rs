//! The council rules' refusals as problems: the rule's `code`, status, plain English `detail`
//! and the parameters a translated message needs (the frontend words them from `code`).

use ratusz_domain::council::casting::CastRefusal;
use ratusz_domain::council::floor::FloorRefusal;
use ratusz_domain::council::lifecycle::MeetingRefusal;
use ratusz_domain::council::poll::PollRefusal;
use ratusz_platform::ApiError;

/// A 409 with `params`.
fn conflict(code: &'static str, detail: &str, params: Vec<(&'static str, String)>) -> ApiError {
    params
        .into_iter()
        .fold(ApiError::conflict(code, detail), |e, (name, value)| {
            e.with_param(name, value)
        })
}

/// 403 `not_a_member`: the caller is not in this meeting's member list.
pub fn not_a_member() -> ApiError {
    ApiError::forbidden_because("not_a_member", "You are not a member of this meeting.")
}

/// A meeting whose state refuses the action.
pub fn meeting(r: MeetingRefusal) -> ApiError {
    conflict(r.code(), r.detail(), r.params())
}

/// A refused poll action.
pub fn poll(r: PollRefusal) -> ApiError {
    conflict(r.code(), r.detail(), r.params())
}

/// A refused floor action.
pub fn floor(r: FloorRefusal) -> ApiError {
    if let Some((field, why)) = r.field() {
        return ApiError::invalid_field(field, why.clone());
    }
    match r.status() {
        404 => ApiError::NotFound,
        _ => ApiError::conflict(r.code(), r.detail()),
    }
}

/// A refused cast.
pub fn cast(r: CastRefusal) -> ApiError {
    if let Some(field) = r.field() {
        return ApiError::invalid_field(field, r.invalid());
    }
    match r.status() {
        403 => ApiError::forbidden_because(r.code(), r.detail()),
        _ => ApiError::conflict(r.code(), r.detail()),
    }
}
