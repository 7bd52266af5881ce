//! `GET …/minutes`: the draft of the minutes (protokół) — attendance, agenda, speakers with
//! times, every closed poll with its result and named list. Members, the chair, the council
//! office and the administrator; `Accept: text/html` gives the printable draft.

use crate::access;
use crate::meetings;
use crate::results;
use crate::store::{attendance, floor, polls};
use crate::Env;
use ratusz_domain::api::council::{CurrentItem, Minutes, MinutesAttendance};
use ratusz_domain::council::export;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// Whether an `Accept` header asks for HTML rather than JSON (the first of the two named).
fn wants_html(accept: Option<&str>) -> bool {
    let Some(accept) = accept else {
        return false;
    };
    let html = accept.find("text/html");
    let json = accept.find("application/json");
    match (html, json) {
        (Some(h), Some(j)) => h < j,
        (Some(_), None) => true,
        _ => false,
    }
}

/// `GET …/minutes`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.principal()?;
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    if !seat.insider() {
        return Err(ApiError::forbidden());
    }
    let session = meetings::view(&env, &meeting, &seat)?;
    let attendance = attendance::entries(&env.db, &meeting.id)?
        .into_iter()
        .map(|e| MinutesAttendance {
            user_id: e.user_id,
            name: e.name,
            mode: e.mode,
        })
        .collect();
    let agenda = session
        .agenda
        .iter()
        .map(|item| CurrentItem {
            id: item.id.clone(),
            title: item.title.clone(),
        })
        .collect();
    let speeches = floor::speeches(&env.db, &meeting.id)?;
    // A timed poll past its deadline is closed by `results::build` before it is listed.
    for row in polls::list(&env.db, &meeting.id)? {
        crate::polls::close_if_expired(&env, row)?;
    }
    let mut results = Vec::new();
    for row in polls::closed(&env.db, &meeting.id)? {
        results.push(results::build(&env, &meeting, &row.id)?);
    }
    let minutes = Minutes {
        session,
        attendance,
        agenda,
        speeches,
        polls: results,
    };
    if wants_html(ctx.req.header("accept")) {
        return Ok(response::html_document(
            export::minutes_html(&minutes),
            "private, no-cache",
        ));
    }
    Ok(response::ok(&minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_header_chooses_html_only_when_asked_first() {
        assert!(wants_html(Some("text/html")));
        assert!(wants_html(Some(
            "text/html,application/xhtml+xml,*/*;q=0.8"
        )));
        assert!(!wants_html(Some("application/json")));
        assert!(!wants_html(Some("application/json, text/html")));
        assert!(!wants_html(Some("*/*")));
        assert!(!wants_html(None));
    }
}
