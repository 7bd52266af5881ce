//! PDF attachments of agenda items: the office uploads (`application/pdf`, ≤ 10 MiB — the
//! router enforces both), members download, the public too once the meeting is published.

use crate::access;
use crate::meetings::object;
use crate::store::agenda;
use crate::store::attachments::{self, AttachmentFile, NewAttachment};
use crate::Env;
use ratusz_domain::api::council::MeetingState;
use ratusz_domain::council::attachment::{content_disposition, filename, is_pdf};
use ratusz_domain::council::lifecycle::{reader_cache_control, Activity};
use ratusz_platform::{response, runtime, ApiError, Ctx};
use sha2::{Digest, Sha256};
use spin_sdk::http::Response;

/// `POST …/agenda/{item}/attachments` (clerk), header `X-Filename` → 201 `AttachmentView`.
///
/// The name, the hash and the statement with the body are prepared first; the transaction
/// holds the write lock only for the insert and its audit entry.
pub fn upload(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_clerk()?;
    access::allow(&m, Activity::EditAgenda)?;
    let item = agenda::by_id(&env.db, &m.id, env.param("item")?)?.ok_or(ApiError::NotFound)?;
    let filename = filename(ctx.req.header("x-filename"))
        .map_err(|why| ApiError::invalid_field("X-Filename", why))?;
    let data = &ctx.req.body;
    if !is_pdf(data) {
        return Err(ApiError::unprocessable(
            "not_a_pdf",
            "The file is not a PDF document.",
        ));
    }
    let sha256 = hex::encode(Sha256::digest(data));
    let id = runtime::new_id().as_str().to_owned();
    let actor = seat.user_id()?;
    let prepared = attachments::prepare(
        &NewAttachment {
            id: &id,
            session_id: &m.id,
            item_id: &item.id,
            filename: &filename,
            sha256: &sha256,
            data,
            uploaded_by: actor,
        },
        env.now,
    );
    let audit = serde_json::json!({
        "attachment_id": id, "item_id": item.id, "filename": filename,
        "size": data.len(), "sha256": sha256,
    });
    let view = env.db.transaction(|db| {
        let view = attachments::insert(db, &prepared)?;
        env.audit(actor, "attachment_uploaded", &object(&m.id), audit)?;
        Ok::<_, ApiError>(view)
    })?;
    Ok(response::created(&view))
}

/// The download: the stored bytes as an attachment (never rendered inline by the browser
/// from our origin), with the content's SHA-256 as a strong ETag.
fn download(ctx: &Ctx, file: AttachmentFile, state: MeetingState) -> Response {
    let etag = format!("\"{}\"", file.sha256);
    let unchanged = response::none_match(ctx.req.header("if-none-match"), &etag);
    let mut builder = Response::builder();
    builder
        .status(if unchanged { 304 } else { 200 })
        .header("etag", etag)
        .header("cache-control", reader_cache_control(state))
        .header("x-content-type-options", "nosniff");
    if !unchanged {
        builder
            .header("content-type", file.content_type)
            .header("content-disposition", content_disposition(&file.filename))
            .body(file.data);
    }
    builder.build()
}

/// `GET /api/sessions/{id}/attachments/{att}`: anyone who may see the meeting (drafts: the
/// office, the chair, administrators; published ones: every signed-in account).
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, _seat) = access::load(&env)?;
    let file = attachments::file(&env.db, &m.id, env.param("att")?)?.ok_or(ApiError::NotFound)?;
    Ok(download(ctx, file, m.state))
}

/// `GET /api/public/sessions/{id}/attachments/{att}`: published, live and closed meetings
/// only, no login (the documents of a session are public information).
pub fn get_public(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let m = access::load_public(&env)?;
    let file = attachments::file(&env.db, &m.id, env.param("att")?)?.ok_or(ApiError::NotFound)?;
    Ok(download(ctx, file, m.state))
}
