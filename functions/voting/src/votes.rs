//! Casting a vote: the hot path, every councillor at once.
//!
//! The receipt and a secret ballot's id are computed first; then one short transaction per
//! cast (inside `idempotency::run`, so a retried request gets the first answer): one
//! statement reads everything the decision needs (`store::votes::cast_facts`), the pure rule
//! decides (`casting::check_cast`), then the vote or the secret ballot is written, the voter
//! marked, the count bumped and the cast audited. The primary keys of
//! `votes` and `poll_voters` make a duplicate impossible even if a check were wrong.
//!
//! A secret cast leaves nothing that links the voter to the choice: the ballot has no voter
//! and no time, the audit entry names only the session, and the stored idempotency answer
//! (choice and receipt, under the voter's scope) is sealed under a key derived from the
//! client's `Idempotency-Key`, which the server does not keep (`platform::idempotency`).

use crate::store::polls as poll_store;
use crate::store::votes::{self as store, CastRow};
use crate::{polls, refusal, revision, Env};
use ratusz_domain::api::council::{Choice, MeetingState, PollKind, VoteCast, VoteReceipt};
use ratusz_domain::council::casting::{self, CastEffect, CastFacts};
use ratusz_domain::council::receipt;
use ratusz_domain::id::Entropy;
use ratusz_platform::config::{SpinVars, Vars};
use ratusz_platform::db::Db;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::{idempotency, response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The key receipts are derived with: the session-token secret run through SHA-256 with a
/// purpose label, so one configured secret serves both without the two uses sharing a key.
fn receipt_key() -> Result<Vec<u8>, ApiError> {
    use sha2::{Digest, Sha256};
    let secret = SpinVars
        .required("token_signing_key")
        .map_err(ApiError::internal)?;
    let mut h = Sha256::new();
    h.update(b"ratusz vote receipts v1\0");
    h.update(secret.as_bytes());
    Ok(h.finalize().to_vec())
}

/// `n` bytes from the host's CSPRNG.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    HostEntropy.fill(&mut bytes);
    bytes
}

/// What a cast writes, prepared before the transaction: the receipt (a keyed hash over a
/// fresh nonce) and a secret ballot's random id.
struct Prepared {
    choice: Choice,
    receipt: String,
    ballot_id: String,
}

/// `POST …/polls/{pid}/votes` `{choice}` → 201 receipt (200 for a permitted change).
pub fn cast(ctx: &Ctx) -> Result<Response, ApiError> {
    let caller = ctx.principal()?;
    let session_id = ctx.param("id")?;
    let poll_id = ctx.param("pid")?;
    let body: VoteCast = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let nonce: [u8; 16] = random_bytes();
    let prepared = Prepared {
        choice: body.choice,
        receipt: receipt::receipt(
            &receipt_key()?,
            poll_id,
            &caller.user_id,
            body.choice,
            &nonce,
        ),
        ballot_id: hex::encode(random_bytes::<16>()),
    };
    let scope = format!("user:{} POST votes {poll_id}", caller.user_id);
    let outcome = idempotency::run(&env.db, ctx.req, &scope, env.now, |db| {
        record(&env, db, session_id, poll_id, &caller.user_id, &prepared)
    });
    match outcome {
        Ok(resp) => {
            // The vote is committed: a failed revision bump must not turn it into a 500
            // (the next change bumps again; tablets see the count a moment later).
            if *resp.status() < 300 {
                if let Err(e) = revision::bump(session_id) {
                    ratusz_platform::log::error(&format!("live revision bump failed: {e}"));
                }
            }
            Ok(resp)
        }
        Err(e) => {
            // A cast refused because the time ran out is the moment to close the poll.
            if matches!(&e, ApiError::Conflict { code, .. } if *code == "poll_not_open") {
                if let Some(poll) = poll_store::by_id(&env.db, session_id, poll_id)? {
                    polls::close_if_expired(&env, poll)?;
                }
            }
            Err(e)
        }
    }
}

/// Decides and records one cast inside the transaction: one read, the pure rule, the writes
/// and the audit entry — nothing else holds the write lock.
fn record(
    env: &Env,
    db: &Db,
    session_id: &str,
    poll_id: &str,
    user_id: &str,
    cast: &Prepared,
) -> Result<Response, ApiError> {
    let row: CastRow =
        store::cast_facts(db, session_id, poll_id, user_id)?.ok_or(ApiError::NotFound)?;
    // A draft meeting is invisible outside the office; its polls are never open anyway.
    if row.meeting_state == MeetingState::Draft {
        return Err(ApiError::NotFound);
    }
    let facts = CastFacts {
        state: row.state,
        closes_at: row.closes_at,
        entitled: row.entitled,
        already_voted: row.already_voted,
        allow_change: row.allow_change,
        secret: row.kind == PollKind::Secret,
    };
    let effect =
        casting::check_cast(facts, cast.choice, &row.options, env.now).map_err(refusal::cast)?;
    let (choice, code) = (cast.choice, cast.receipt.as_str());
    match (row.kind, effect) {
        (PollKind::Open, CastEffect::New) => {
            store::insert_open(db, poll_id, user_id, choice, code, env.now)?;
        }
        (PollKind::Open, CastEffect::Change) => {
            store::change_open(db, poll_id, user_id, choice, code, env.now)?;
        }
        (PollKind::Secret, _) => {
            store::insert_secret(db, poll_id, user_id, &cast.ballot_id, choice, code, env.now)?;
        }
    }
    // Open polls: the named list is public anyway. Secret polls: who voted, never how.
    let data = match row.kind {
        PollKind::Open => serde_json::json!({
            "session_id": session_id,
            "choice": choice,
            "receipt": code,
            "change": effect == CastEffect::Change,
        }),
        PollKind::Secret => serde_json::json!({ "session_id": session_id }),
    };
    env.audit(user_id, "vote_cast", &format!("poll:{poll_id}"), data)?;
    let receipt = VoteReceipt {
        receipt: code.to_owned(),
        poll_id: poll_id.to_owned(),
        choice,
        cast_at: env.now,
    };
    Ok(match effect {
        CastEffect::New => response::created(&receipt),
        CastEffect::Change => response::ok(&receipt),
    })
}
