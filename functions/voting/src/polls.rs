//! Polls: the clerk or the chair prepares them, the chair opens (with quorum, or with a
//! recorded reason) and closes them; a time-limited poll closes by itself. The fields and
//! the state machine (draft → open → closed, one open poll per meeting, quorum or a reason)
//! are the domain's (`ratusz_domain::council::poll`); this module loads, stores and audits.
//!
//! Closing counts the votes, evaluates the majority (pure, `ratusz_domain::council`), appends
//! the result to the audit chain and stores the whole result with that entry's hash, all in
//! one transaction: a published result is exactly what was hashed. That work is a count over
//! at most the statutory composition (≤ 1000 rows) — milliseconds, not a slow export; the
//! CSV, HTML and minutes are rendered later, outside any transaction.

use crate::access;
use crate::floor::body_or_default;
use crate::store::meetings::MeetingRow;
use crate::store::polls::{self as store, PollRow};
use crate::store::{attendance, meetings, votes};
use crate::{refusal, revision, Env};
use ratusz_domain::api::council::{PollCreate, PollKind, PollOpen, PollResult, PollState};
use ratusz_domain::council::casting;
use ratusz_domain::council::lifecycle::Activity;
use ratusz_domain::council::majority::{self, Bases, Tally};
use ratusz_domain::council::poll::{self as rules, NewPoll, OpenFacts};
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::Invalid;
use ratusz_platform::db::Db;
use ratusz_platform::{response, runtime, ApiError, Ctx};
use sha2::{Digest, Sha256};
use spin_sdk::http::Response;

/// `POST …/polls` (the clerk or the chair; not after the meeting closed) → 201 draft poll.
/// Every refused field is reported in one 422.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    if !(seat.clerk || seat.chair) {
        return Err(ApiError::forbidden());
    }
    let user_id = seat.user_id()?.to_owned();
    access::allow(&meeting, Activity::EditAgenda)?;
    let body: PollCreate = ctx.req.json()?;
    let poll = NewPoll::from_create(&body)?;
    if let Some(item) = &poll.item_id {
        if store::item_title(&env.db, &meeting.id, item)?.is_none() {
            return Err(ApiError::invalid_field(
                "item_id",
                Invalid::unknown_reference(),
            ));
        }
    }
    let row = PollRow {
        id: runtime::new_id().as_str().to_owned(),
        session_id: meeting.id.clone(),
        item_id: poll.item_id,
        title: poll.title,
        kind: poll.kind,
        majority: poll.majority,
        options: poll.options,
        time_limit_s: poll.time_limit_s,
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
                "kind": row.kind.as_str(),
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
    let env = Env::open(ctx)?;
    let (meeting, _) = access::load(&env)?;
    let mut polls = Vec::new();
    for row in store::list(&env.db, &meeting.id)? {
        polls.push(close_if_expired(&env, row)?.view()?);
    }
    Ok(response::ok(&polls))
}

/// `GET …/polls/{pid}`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, _) = access::load(&env)?;
    let row = store::by_id(&env.db, &meeting.id, env.param("pid")?)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&close_if_expired(&env, row)?.view()?))
}

/// `POST …/polls/{pid}/open` (the chair; meeting live; one open poll at a time; quorum or a
/// recorded override reason). Snapshots the members present as the entitled voters.
pub fn open(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    seat.require_chair()?;
    let user_id = seat.user_id()?.to_owned();
    access::allow(&meeting, Activity::Debate)?;
    let body: PollOpen = body_or_default(ctx)?;
    let reason = rules::override_reason(body.override_reason.as_deref())
        .map_err(|why| ApiError::invalid_field("override_reason", why))?;
    let pid = env.param("pid")?;
    let row = env.db.transaction(|db| {
        // Under the write lock: the meeting may have closed and another poll opened meanwhile.
        let meeting = meetings::by_id(db, &meeting.id)?.ok_or(ApiError::NotFound)?;
        access::allow(&meeting, Activity::Debate)?;
        let poll = store::by_id(db, &meeting.id, pid)?.ok_or(ApiError::NotFound)?;
        let present = attendance::present_members(db, &meeting.id)?;
        let entitled = u32::try_from(present.len()).map_err(ApiError::internal)?;
        let opening = rules::check_open(OpenFacts {
            state: poll.state,
            another_open: store::has_open(db, &meeting.id)?,
            present: entitled,
            statutory: meeting.statutory_members,
            reason: reason.as_deref(),
        })
        .map_err(refusal::poll)?;
        let closes_at = poll
            .time_limit_s
            .map(|s| env.now.plus_seconds(i64::from(s)));
        store::set_open(
            db,
            &poll.id,
            env.now,
            closes_at,
            opening.override_reason.as_deref(),
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
                "quorum": opening.quorum,
                "override_reason": opening.override_reason,
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
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    seat.require_chair()?;
    let user_id = seat.user_id()?.to_owned();
    let pid = env.param("pid")?;
    let result = env.db.transaction(|db| {
        let poll = store::by_id(db, &meeting.id, pid)?.ok_or(ApiError::NotFound)?;
        rules::check_close(poll.state).map_err(refusal::poll)?;
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
            "kind": poll.kind.as_str(),
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
