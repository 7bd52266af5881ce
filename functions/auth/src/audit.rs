//! The audit chain endpoints: `GET /api/audit` (a page at a time), `GET /api/audit/verify`
//! (links and signed checkpoints), `GET /api/audit/export` (entries with their checkpoints),
//! `POST /api/audit/checkpoints` and `GET /api/public/audit/checkpoint`; and the tick's
//! checkpoint (docs/api/operations.md § Audit checkpoints).

use crate::settings::Env;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::Page;
use ratusz_domain::audit::checkpoint::CheckpointSigner;
use ratusz_domain::audit::export::AuditExportPage;
use ratusz_domain::validate::limits::SEQ_CURSOR_DIGITS_MAX;
use ratusz_platform::audit_log::{self, checkpoints};
use ratusz_platform::config::SpinVars;
use ratusz_platform::db::Db;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The `cursor` of the chain's lists: the last `seq` seen. Digits only, as the OpenAPI
/// document says (`parse` alone would take `+5`).
fn seq_cursor(cursor: Option<&str>) -> Result<u64, ApiError> {
    match cursor {
        None => Ok(0),
        Some(c) => Some(c)
            .filter(|c| c.len() <= SEQ_CURSOR_DIGITS_MAX && c.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|c| c.parse::<u64>().ok())
            .ok_or_else(|| ApiError::BadRequest("cursor is not valid".into())),
    }
}

/// `GET /api/audit?cursor=&limit=&action=` (admin, support). The cursor is the last `seq`.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewAudit)?;
    let page = ctx.req.page_query()?;
    let after = seq_cursor(page.cursor.as_deref())?;
    let action = ctx.req.query_param("action").filter(|a| !a.is_empty());
    let env = Env::open(ctx)?;
    let limit = i64::from(page.limit);
    let mut items = Vec::new();
    let mut last = after;
    // Filtering by action scans forward until the page is full or the chain ends; `last` is
    // the last entry looked at, so the next page continues right after it.
    'scan: loop {
        let batch = audit_log::page(&env.db, last, 1000)?;
        if batch.is_empty() {
            break;
        }
        for entry in batch {
            last = entry.seq;
            if action.as_deref().is_none_or(|a| a == entry.action) {
                items.push(entry);
                if items.len() as i64 == limit {
                    break 'scan;
                }
            }
        }
    }
    let more = items.len() as i64 == limit && !audit_log::page(&env.db, last, 1)?.is_empty();
    let next_cursor = more.then(|| last.to_string());
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `GET /api/audit/verify` (admin, support): recomputes the whole chain and compares it with
/// the stored checkpoints signed by this deployment's key.
pub fn verify(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewAudit)?;
    let env = Env::open(ctx)?;
    let key = signer()?.map(|s| s.public_key());
    Ok(response::ok(&checkpoints::verify(&env.db, key.as_ref())?))
}

/// `GET /api/audit/export?cursor=&limit=` (admin, support): entries after the cursor with the
/// checkpoints of their range; the last page also carries every checkpoint beyond the chain's
/// end, so a cut-off tail shows.
pub fn export(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewAudit)?;
    let page = ctx.req.page_query()?;
    let after = seq_cursor(page.cursor.as_deref())?;
    let env = Env::open(ctx)?;
    let entries = audit_log::page(&env.db, after, i64::from(page.limit))?;
    let last = entries.last().map_or(after, |e| e.seq);
    let full = entries.len() == page.limit as usize;
    let more = full && !audit_log::page(&env.db, last, 1)?.is_empty();
    // The first page also holds checkpoints of the empty chain (sequence 0).
    let from = if page.cursor.is_some() { after + 1 } else { 0 };
    let checkpoints = checkpoints::in_range(&env.db, from, more.then_some(last))?;
    Ok(response::ok(&AuditExportPage {
        entries,
        checkpoints,
        next_cursor: more.then(|| last.to_string()),
    }))
}

/// `POST /api/audit/checkpoints` (admin): signs the current head now.
pub fn sign(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::SignAuditCheckpoint)?;
    let signer = signer()?.ok_or_else(disabled_conflict)?;
    let env = Env::open(ctx)?;
    let checkpoint = checkpoints::sign_now(&env.db, &signer, env.now)?;
    Ok(response::created(&checkpoint))
}

/// `GET /api/public/audit/checkpoint` (anyone): the newest checkpoint, for keeping outside the
/// database.
pub fn public_checkpoint(_ctx: &Ctx) -> Result<Response, ApiError> {
    let Some(key) = signer()?.map(|s| s.public_key()) else {
        return Err(not_found(
            "checkpoints_disabled",
            "Audit checkpoints are not enabled.",
        ));
    };
    let db = Db::open()?;
    // Only this deployment's own checkpoints are published (a row under another key is not
    // ours to vouch for).
    match checkpoints::newest(&db)?.filter(|c| key.names(c)) {
        Some(checkpoint) => {
            let mut resp = response::ok(&checkpoint);
            resp.set_header("cache-control", "no-cache");
            Ok(resp)
        }
        None => Err(not_found(
            "no_checkpoint",
            "No checkpoint has been signed yet.",
        )),
    }
}

/// The tick's part: a checkpoint whenever the head moved. A failure here is logged and never
/// stops the tick's other work (outbox retries, expiries).
pub fn checkpoint_tick(env: &Env) {
    let result = signer().and_then(|signer| match signer {
        Some(signer) => Ok(checkpoints::sign_if_moved(&env.db, &signer, env.now)?),
        None => Ok(None),
    });
    if let Err(e) = result {
        ratusz_platform::log::error(&format!("audit checkpoint: {e}"));
    }
}

/// The deployment's signer (`audit_signing_key`); `None` when checkpoints are off.
fn signer() -> Result<Option<CheckpointSigner>, ApiError> {
    Ok(checkpoints::signer_from_vars(&SpinVars)?)
}

fn disabled_conflict() -> ApiError {
    ApiError::conflict(
        "checkpoints_disabled",
        "Audit checkpoints are not enabled: no audit_signing_key is configured.",
    )
}

fn not_found(code: &'static str, detail: &str) -> ApiError {
    ApiError::NotFoundBecause {
        code,
        detail: detail.to_owned(),
    }
}
