//! Polls: the clerk or the chair prepares them, the chair opens (with quorum, or with a
//! recorded reason) and closes them; a time-limited poll closes by itself.
//!
//! Closing counts the votes, evaluates the majority (pure, `ratusz_domain::council`), appends
//! the result to the audit chain and stores the whole result with that entry's hash, all in
//! one transaction: a published result is exactly what was hashed.

use crate::access::{self};
use crate::env::{principal, Env};
use crate::floor::body_or_default;
use crate::revision;
use crate::store::meetings::MeetingRow;
use crate::store::polls::{self as store, PollRow};
use crate::store::{attendance, meetings, votes};
use ratusz_domain::api::council::{PollCreate, PollKind, PollOpen, PollResult, PollState};
use ratusz_domain::council::majority::{self, Bases, Tally};
use ratusz_domain::council::{casting, quorum};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Db;
use ratusz_platform::{response, runtime, ApiError, Ctx};
use sha2::{Digest, Sha256};
use spin_sdk::http::Response;

/// Longest poll title, in characters.
const TITLE_MAX: usize = 300;
/// Shortest and longest time limit, in seconds.
const TIME_LIMIT: std::ops::RangeInclusive<u32> = 10..=86_400;
/// Length of a quorum override reason, in characters.
const REASON: std::ops::RangeInclusive<usize> = 3..=500;

/// `value` trimmed, `min..=max` characters without control characters, else 422 on `field`.
pub(crate) fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, ApiError> {
    let value = value.trim();
    let len = value.chars().count();
    if len < min || len > max {
        return Err(ApiError::invalid_field(
            field,
            format!("Must be {min}–{max} characters."),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::invalid_field(
            field,
            "Must not contain control characters.",
        ));
    }
    Ok(value.to_owned())
}

/// `POST …/polls` (the clerk or the chair; not after the meeting closed) → 201 draft poll.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, seat) = access::load(&env, ctx)?;
    if !(seat.clerk || seat.chair) {
        return Err(ApiError::forbidden());
    }
    let user_id = seat.user_id()?.to_owned();
    access::require_not_closed(&meeting)?;
    let body: PollCreate = ctx.req.json()?;
    let title = text("title", &body.title, 1, TITLE_MAX)?;
    majority::validate(&body.majority).map_err(|m| ApiError::invalid_field("majority", m))?;
    let options = casting::options(body.options.as_deref())
        .map_err(|m| ApiError::invalid_field("options", m))?;
    if body
        .time_limit_s
        .is_some_and(|limit| !TIME_LIMIT.contains(&limit))
    {
        return Err(ApiError::invalid_field(
            "time_limit_s",
            "Must be 10–86400 seconds.",
        ));
    }
    if let Some(item) = &body.item_id {
        if store::item_title(&env.db, &meeting.id, item)?.is_none() {
            return Err(ApiError::invalid_field(
                "item_id",
                "No such agenda item in this meeting.",
            ));
        }
    }
    let row = PollRow {
        id: runtime::new_id().as_str().to_owned(),
        session_id: meeting.id.clone(),
        item_id: body.item_id.clone(),
        title,
        kind: body.kind,
        majority: body.majority,
        options,
        time_limit_s: body.time_limit_s,
        state: PollState::Draft,
        opened_at: None,
        closes_at: None,
        closed_at: None,
        override_reason: None,
        entitled: 0,
        voted: 0,
        result: None,
    };
    env.db.transaction(|db| {
        store::insert(db, &row, &user_id, env.now)?;
        env.audit(
            &user_id,
            "poll_created",
            &format!("poll:{}", row.id),
            serde_json::json!({
                "session_id": meeting.id,
                "title": row.title,
                "kind": store::kind_text(row.kind),
                "majority": row.majority,
                "options": row.options,
                "time_limit_s": row.time_limit_s,
            }),
        )
    })?;
    Ok(response::created(&row.view()?))
}

/// `GET …/polls`: every poll of the meeting, oldest first (anyone who can see the meeting).
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, _) = access::load(&env, ctx)?;
    let mut polls = Vec::new();
    for row in store::list(&env.db, &meeting.id)? {
        polls.push(close_if_expired(&env, row)?.view()?);
    }
    Ok(response::ok(&polls))
}

/// `GET …/polls/{pid}`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, _) = access::load(&env, ctx)?;
    let row = store::by_id(&env.db, &meeting.id, ctx.params.require("pid")?)?
        .ok_or(ApiError::NotFound)?;
    Ok(response::ok(&close_if_expired(&env, row)?.view()?))
}

/// `POST …/polls/{pid}/open` (the chair; meeting live; one open poll at a time; quorum or a
/// recorded override reason). Snapshots the members present as the entitled voters.
pub fn open(ctx: &Ctx) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, seat) = access::load(&env, ctx)?;
    seat.require_chair()?;
    let user_id = seat.user_id()?.to_owned();
    access::require_live(&meeting)?;
    let body: PollOpen = body_or_default(ctx)?;
    let reason = body
        .override_reason
        .as_deref()
        .map(|r| text("override_reason", r, *REASON.start(), *REASON.end()))
        .transpose()?;
    let pid = ctx.params.require("pid")?;
    let row = env.db.transaction(|db| {
        let poll = store::by_id(db, &meeting.id, pid)?.ok_or(ApiError::NotFound)?;
        match poll.state {
            PollState::Draft => {}
            PollState::Open => return Err(poll_open()),
            PollState::Closed => {
                return Err(ApiError::conflict(
                    "poll_closed",
                    "Głosowanie zostało już zamknięte. / The poll is already closed.",
                ));
            }
        }
        if store::has_open(db, &meeting.id)? {
            return Err(poll_open());
        }
        let present = attendance::present_members(db, &meeting.id)?;
        let entitled = u32::try_from(present.len()).map_err(ApiError::internal)?;
        let has_quorum = quorum::has_quorum(entitled, meeting.statutory_members);
        // The reason is recorded only when it was needed: with quorum it overrides nothing.
        let used_reason = if has_quorum {
            None
        } else {
            Some(reason.clone().ok_or_else(no_quorum)?)
        };
        let closes_at = poll
            .time_limit_s
            .map(|s| env.now.plus_seconds(i64::from(s)));
        store::set_open(
            db,
            &poll.id,
            env.now,
            closes_at,
            used_reason.as_deref(),
            entitled,
        )?;
        for (voter, name) in &present {
            store::insert_voter(db, &poll.id, voter, name)?;
        }
        env.audit(
            &user_id,
            "poll_opened",
            &format!("poll:{}", poll.id),
            serde_json::json!({
                "session_id": meeting.id,
                "entitled": entitled,
                "statutory": meeting.statutory_members,
                "quorum": has_quorum,
                "override_reason": used_reason,
                "closes_at": closes_at,
            }),
        )?;
        store::by_id(db, &meeting.id, &poll.id)?.ok_or(ApiError::NotFound)
    })?;
    revision::bump(&meeting.id)?;
    Ok(response::ok(&row.view()?))
}

/// `POST …/polls/{pid}/close` (the chair; 409 `poll_not_open`) → 200 with the result.
pub fn close(ctx: &Ctx) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, seat) = access::load(&env, ctx)?;
    seat.require_chair()?;
    let user_id = seat.user_id()?.to_owned();
    let pid = ctx.params.require("pid")?;
    let result = env.db.transaction(|db| {
        let poll = store::by_id(db, &meeting.id, pid)?.ok_or(ApiError::NotFound)?;
        if poll.state != PollState::Open {
            return Err(poll_not_open());
        }
        count_and_close(&env, db, &meeting, &poll, &user_id, env.now)
    })?;
    revision::bump(&meeting.id)?;
    Ok(response::ok(&result))
}

/// Closes `poll` if its time limit has passed (actor `system`, closed at its deadline) and
/// returns it as it now stands. Called by every reader that shows a poll (live view, lists,
/// results) and by a refused cast, so a timed poll closes without a scheduler.
pub fn close_if_expired(env: &Env, poll: PollRow) -> Result<PollRow, ApiError> {
    if !casting::expired(poll.state, poll.closes_at, env.now) {
        return Ok(poll);
    }
    let session_id = poll.session_id.clone();
    let closed = env.db.transaction(|db| {
        // Read again under the write lock: another request may have closed it meanwhile.
        let fresh = store::by_id(db, &poll.session_id, &poll.id)?.ok_or(ApiError::NotFound)?;
        if fresh.state == PollState::Open {
            let meeting = meetings::by_id(db, &fresh.session_id)?.ok_or(ApiError::NotFound)?;
            let at = fresh.closes_at.unwrap_or(env.now);
            count_and_close(env, db, &meeting, &fresh, "system", at)?;
        }
        store::by_id(db, &poll.session_id, &poll.id)?.ok_or(ApiError::NotFound)
    })?;
    revision::bump(&session_id)?;
    Ok(closed)
}

/// Counts open `poll`, evaluates its majority, appends `poll_closed` to the audit chain and
/// stores the result with that entry's hash. Runs inside the caller's transaction.
fn count_and_close(
    env: &Env,
    db: &Db,
    meeting: &MeetingRow,
    poll: &PollRow,
    actor: &str,
    closed_at: Timestamp,
) -> Result<PollResult, ApiError> {
    let choices = votes::choices(db, &poll.id, poll.kind)?;
    let counts = casting::count(&choices, poll.entitled);
    let outcome = majority::evaluate(
        &poll.majority,
        Tally {
            for_: counts.for_,
            against: counts.against,
            abstain: counts.abstain,
        },
        Bases {
            present: poll.entitled,
            statutory: meeting.statutory_members,
        },
    );
    let (named_list, voters) = match poll.kind {
        PollKind::Open => (Some(votes::named_list(db, &poll.id)?), None),
        PollKind::Secret => (None, Some(votes::secret_voters(db, &poll.id)?)),
    };
    // The audit entry carries a digest of the list, so the published list can be checked
    // against the chain without putting every name into every verification.
    let list_json = match (&named_list, &voters) {
        (Some(list), _) => serde_json::to_vec(list),
        (_, Some(list)) => serde_json::to_vec(list),
        _ => Ok(Vec::new()),
    }
    .map_err(ApiError::internal)?;
    let list_digest = hex::encode(Sha256::digest(&list_json));
    let audit_hash = env.audit(
        actor,
        "poll_closed",
        &format!("poll:{}", poll.id),
        serde_json::json!({
            "session_id": poll.session_id,
            "title": poll.title,
            "kind": store::kind_text(poll.kind),
            "majority": poll.majority,
            "counts": counts,
            "entitled": poll.entitled,
            "passed": outcome.passed,
            "result_text": outcome.text_pl,
            "list_sha256": list_digest,
            "closed_at": closed_at,
        }),
    )?;
    let result = PollResult {
        id: poll.id.clone(),
        session_id: poll.session_id.clone(),
        title: poll.title.clone(),
        kind: poll.kind,
        majority: poll.majority,
        counts,
        entitled: poll.entitled,
        passed: outcome.passed,
        result_text: outcome.text_pl,
        result_text_en: outcome.text_en,
        named_list,
        voters,
        audit_hash: audit_hash.clone(),
        opened_at: poll.opened_at.unwrap_or(closed_at),
        closed_at,
    };
    store::set_closed(db, &poll.id, closed_at, &result, &audit_hash)?;
    Ok(result)
}

/// 409 `poll_open`: the meeting already has an open poll.
fn poll_open() -> ApiError {
    ApiError::conflict(
        "poll_open",
        "Trwa już inne głosowanie. / Another poll is open.",
    )
}

/// 409 `poll_not_open`.
pub(crate) fn poll_not_open() -> ApiError {
    ApiError::conflict(
        "poll_not_open",
        "Głosowanie nie jest otwarte. / The poll is not open.",
    )
}

/// 409 `no_quorum`.
fn no_quorum() -> ApiError {
    ApiError::conflict(
        "no_quorum",
        "Brak kworum: otwarcie głosowania wymaga podania powodu. / No quorum: opening the \
         poll needs a recorded reason.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_trims_and_bounds_by_characters() {
        assert_eq!(
            text("t", "  Uchwała ", 1, 300).ok().as_deref(),
            Some("Uchwała")
        );
        assert!(text("t", "   ", 1, 300).is_err());
        assert!(text("t", &"ż".repeat(300), 1, 300).is_ok());
        assert!(text("t", &"ż".repeat(301), 1, 300).is_err());
        assert!(text("t", "ab", 3, 500).is_err());
        assert!(text("t", "a\u{7}b", 1, 10).is_err());
    }
}
