//! `notifier_admin`'s side of the reports: the queue (`GET /api/notify/reports`, nothing
//! personal in it), a report and its photo (each read appends `report.read` to the audit
//! chain first, ids only), status moves (the domain's table) and replies. A reply is in the
//! history at once; it also goes to the resident by their first chosen channel.

use super::{load, sealing, views};
use crate::keys::ResidentKeys;
use crate::staff::{staff, Staff};
use crate::store::report_history::{self, StepRow};
use crate::store::reports::{self as rows, QueueFilter, ReportRow};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::notify_reports::{
    ReportCategory, ReportHistoryKind, ReportReplyInput, ReportStatus, ReportStatusInput,
};
use ratusz_domain::api::page::Page;
use ratusz_domain::notify::report::{self, QueueCursor, STATUS_RULE};
use ratusz_domain::validate::Invalid;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn report_staff(ctx: &Ctx) -> Result<Staff, ApiError> {
    staff(ctx, Operation::HandleReports)
}

/// `GET /api/notify/reports?status=&category=&cursor=&limit=` → 200 a page of summaries.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = report_staff(ctx)?;
    let req = ctx.req;
    let filter = QueueFilter {
        status: req.query_choice("status", ReportStatus::parse)?,
        category: req.query_choice("category", ReportCategory::parse)?,
    };
    let page = req.page_query()?;
    let cursor = page
        .cursor
        .as_deref()
        .map(|c| {
            QueueCursor::decode(c)
                .ok_or_else(|| ApiError::invalid_field("cursor", Invalid::format("cursor")))
        })
        .transpose()?;
    let mut found = rows::queue(&s.env.db, filter, cursor.as_ref(), page.limit + 1)?;
    let more = found.len() > page.limit as usize;
    found.truncate(page.limit as usize);
    let next_cursor = if more {
        found.last().map(|last| {
            QueueCursor {
                past_new: last.status != ReportStatus::New,
                id: last.id.clone(),
            }
            .encode()
        })
    } else {
        None
    };
    let items = found.iter().map(views::summary).collect();
    Ok(response::ok(&Page { items, next_cursor }))
}

/// Records that `s` read report `row` (`view`: what showed it).
fn audit_read(s: &Staff, row: &ReportRow, view: &str) -> Result<(), ApiError> {
    s.env.audit(
        &s.user_id,
        "report.read",
        &format!("report:{}", row.id),
        serde_json::json!({ "recipient_id": row.recipient_id, "view": view }),
    )?;
    Ok(())
}

/// `GET /api/notify/reports/{id}` → 200 staff report (audited).
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = report_staff(ctx)?;
    let row = load(&s.env.db, s.env.param("id")?)?;
    let keys = ResidentKeys::load()?;
    let view = views::staff(&s.env.db, &keys, &row)?;
    audit_read(&s, &row, "report")?;
    Ok(response::ok(&view))
}

/// `GET /api/notify/reports/{id}/photo` → 200 the image (audited).
pub fn photo(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = report_staff(ctx)?;
    let row = load(&s.env.db, s.env.param("id")?)?;
    let image = super::device::photo_response(&s.env.db, &row)?;
    audit_read(&s, &row, "photo")?;
    Ok(image)
}

/// `POST /api/notify/reports/{id}/status` `{status, note?}` → 200 staff report; a move the
/// table does not allow is 409 `conflict` rule `report_status`.
pub fn move_status(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = report_staff(ctx)?;
    let body: ReportStatusInput = ctx.req.json()?;
    let note = report::check_note(body.note.as_deref())?;
    let id = s.env.param("id")?.to_owned();
    let keys = ResidentKeys::load()?;
    let env = &s.env;
    env.db.transaction(|db| {
        let row = load(db, &id)?;
        if !report::may_move(row.status, body.status) {
            return Err(ApiError::conflict(
                "conflict",
                format!(
                    "A report cannot move from {} to {}.",
                    row.status, body.status
                ),
            )
            .with_param("rule", STATUS_RULE)
            .with_param("from", row.status)
            .with_param("to", body.status));
        }
        rows::set_status(db, &id, body.status, env.now)?;
        let seq = report_history::next_seq(db, &id)?;
        let text = note
            .as_deref()
            .map(|n| sealing::seal_step(&keys, &id, seq, n))
            .transpose()?;
        report_history::append(
            db,
            &id,
            &StepRow {
                seq,
                at: env.now,
                kind: ReportHistoryKind::Status,
                status: Some(body.status),
                text,
                by_account: Some(s.user_id.clone()),
                message_id: None,
            },
        )?;
        env.audit(
            &s.user_id,
            "report.status",
            &format!("report:{id}"),
            serde_json::json!({ "from": row.status.as_str(), "to": body.status.as_str() }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    let row = load(&env.db, &id)?;
    Ok(response::ok(&views::staff(&env.db, &keys, &row)?))
}

/// `POST /api/notify/reports/{id}/replies` `{text}` → 201 staff report with the reply in its
/// history. The reply also goes to the resident as a message to one (`queue_individual`: their
/// first chosen channel that reaches them), in the same transaction as the history entry that
/// links it, so a reply is either recorded and queued or neither.
pub fn reply(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = report_staff(ctx)?;
    let body: ReportReplyInput = ctx.req.json()?;
    let text = report::check_reply(&body.text)?;
    let id = s.env.param("id")?.to_owned();
    let keys = ResidentKeys::load()?;
    let env = &s.env;
    env.db.transaction(|db| {
        let row = load(db, &id)?;
        let message_id = crate::messages::queue_individual(
            env,
            &s.user_id,
            &row.recipient_id,
            report::REPLY_TITLE,
            &text,
        )?;
        let seq = report_history::next_seq(db, &id)?;
        report_history::append(
            db,
            &id,
            &StepRow {
                seq,
                at: env.now,
                kind: ReportHistoryKind::Reply,
                status: None,
                text: Some(sealing::seal_step(&keys, &id, seq, &text)?),
                by_account: Some(s.user_id.clone()),
                message_id: Some(message_id.clone()),
            },
        )?;
        rows::touch(db, &id, env.now)?;
        env.audit(
            &s.user_id,
            "report.replied",
            &format!("report:{id}"),
            serde_json::json!({ "seq": seq, "message_id": message_id }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    let row = load(&env.db, &id)?;
    Ok(response::created(&views::staff(&env.db, &keys, &row)?))
}
