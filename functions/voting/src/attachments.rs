//! PDF attachments of agenda items: the office uploads (`application/pdf`, ≤ 10 MiB — the
//! router enforces both), members download, the public too once the meeting is published.

use crate::access;
use crate::env::{param, Env};
use crate::meetings::object;
use crate::store::agenda;
use crate::store::attachments::{self, AttachmentFile, NewAttachment};
use crate::validate;
use ratusz_platform::{response, runtime, ApiError, Ctx};
use sha2::{Digest, Sha256};
use spin_sdk::http::Response;

/// `POST …/agenda/{item}/attachments` (clerk), header `X-Filename` → 201 `AttachmentView`.
pub fn upload(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (m, seat) = access::load(&env, ctx)?;
    seat.require_clerk()?;
    access::require_not_closed(&m)?;
    let item = agenda::by_id(&env.db, &m.id, param(ctx, "item")?)?.ok_or(ApiError::NotFound)?;
    let filename = validate::filename("X-Filename", ctx.req.header("x-filename"))?;
    let data = &ctx.req.body;
    if !validate::is_pdf(data) {
        return Err(ApiError::Unprocessable {
            code: "not_a_pdf",
            detail: "Plik nie jest dokumentem PDF. / The file is not a PDF document.".into(),
        });
    }
    let sha256 = hex::encode(Sha256::digest(data));
    let id = runtime::new_id().as_str().to_owned();
    let actor = seat.user_id()?;
    let view = env.db.transaction(|db| {
        let view = attachments::insert(
            db,
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
        )?;
        env.audit(
            actor,
            "attachment_uploaded",
            &object(&m.id),
            serde_json::json!({
                "attachment_id": id, "item_id": item.id, "filename": filename,
                "size": data.len(), "sha256": sha256,
            }),
        )?;
        Ok::<_, ApiError>(view)
    })?;
    Ok(response::created(&view))
}

/// The download: the stored bytes as an attachment (never rendered inline by the browser
/// from our origin), with the content's SHA-256 as a strong ETag.
fn download(ctx: &Ctx, file: AttachmentFile) -> Response {
    let etag = format!("\"{}\"", file.sha256);
    let unchanged = ctx.req.header("if-none-match").is_some_and(|h| {
        h.split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*")
    });
    let mut builder = Response::builder();
    builder
        .status(if unchanged { 304 } else { 200 })
        .header("etag", etag)
        .header("cache-control", "private, max-age=0")
        .header("x-content-type-options", "nosniff");
    if !unchanged {
        builder
            .header("content-type", file.content_type)
            .header(
                "content-disposition",
                validate::content_disposition(&file.filename),
            )
            .body(file.data);
    }
    builder.build()
}

/// `GET /api/sessions/{id}/attachments/{att}`: anyone who may see the meeting (drafts: the
/// office, the chair, administrators; published ones: every signed-in account).
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (m, _seat) = access::load(&env, ctx)?;
    let file = attachments::file(&env.db, &m.id, param(ctx, "att")?)?.ok_or(ApiError::NotFound)?;
    Ok(download(ctx, file))
}

/// `GET /api/public/sessions/{id}/attachments/{att}`: published, live and closed meetings
/// only, no login (the documents of a session are public information).
pub fn get_public(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let m = access::load_public(&env, ctx)?;
    let file = attachments::file(&env.db, &m.id, param(ctx, "att")?)?.ok_or(ApiError::NotFound)?;
    Ok(download(ctx, file))
}
