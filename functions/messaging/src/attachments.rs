//! `POST /api/chat/conversations/{cid}/attachments` (the file as the body, ≤ 10 MiB, one of
//! four types, its content checked against the type) and `GET …/attachments/{aid}`: members
//! only; the name and the bytes are sealed at rest, bound to the conversation and the file.
//! An upload joins a message of its uploader within the hour (`attachment_ids`).

use crate::access::{self, chatter};
use crate::settings::{Env, Settings};
use crate::store::attachments::{self, AttachmentRow};
use ratusz_domain::api::chat::{Attachment, AttachmentType};
use ratusz_domain::chat::attachment::{check_content, filename};
use ratusz_domain::council::attachment::content_disposition;
use ratusz_platform::runtime::HostEntropy;
use ratusz_platform::{response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// The media types an upload may have.
pub const ACCEPTED: &[&str] = &["application/pdf", "image/png", "image/jpeg", "image/webp"];

/// How long an upload waits for its message (ms): then the tick purges it.
pub const UNUSED_TTL_MS: i64 = ratusz_domain::chat::retention::UNUSED_UPLOAD_TTL_MS;

const NAME: &str = "chat.attachment.name";
const BODY: &str = "chat.attachment.body";

fn binding(cid: &str, aid: &str) -> String {
    format!("{cid}/{aid}")
}

/// The attachment as the contract shows it (its name opened).
pub fn view(settings: &Settings, row: &AttachmentRow) -> Result<Attachment, ApiError> {
    let name = settings
        .keyring
        .open_text(
            NAME,
            &binding(&row.conversation_id, &row.id),
            &row.sealed_name,
        )
        .map_err(ApiError::internal)?;
    Ok(Attachment {
        id: row.id.clone(),
        name,
        content_type: row.content_type,
        size: row.size,
    })
}

/// The upload.
pub fn upload(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = access::load_member(&env, &p)?;
    let declared = ctx
        .req
        .media_type()
        .and_then(|t| AttachmentType::parse(&t))
        .ok_or_else(|| ApiError::UnsupportedMediaType {
            expected: ACCEPTED.join(", "),
        })?;
    let name = filename(ctx.req.header("x-filename"))
        .map_err(|why| ApiError::invalid_field("X-Filename", why))?;
    let data = &ctx.req.body;
    check_content(declared, data).map_err(|refusal| {
        ApiError::unprocessable(
            refusal.code(),
            "The file's content does not match its type.",
        )
    })?;
    let id = runtime::new_id();
    let aid = id.as_str();
    let keys = &env.settings.keyring;
    let sealed_name = keys
        .seal(
            NAME,
            &binding(&c.id, aid),
            name.as_bytes(),
            &mut HostEntropy,
        )
        .map_err(ApiError::internal)?;
    let sealed_body = keys
        .seal(BODY, &binding(&c.id, aid), data, &mut HostEntropy)
        .map_err(ApiError::internal)?;
    let prepared = attachments::prepare(
        aid,
        &c.id,
        &p.user_id,
        &sealed_name,
        declared,
        data.len(),
        sealed_body,
        env.now,
    );
    env.db
        .transaction(|db| attachments::insert(db, &prepared).map_err(ApiError::from))?;
    Ok(response::created(&Attachment {
        id: aid.to_owned(),
        name,
        content_type: declared,
        size: data.len() as u64,
    }))
}

/// The download: members read the files of messages; an upload not yet sent only its
/// uploader. Always `attachment` (never rendered in our origin), `nosniff`, private.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = access::load_member(&env, &p)?;
    let row = attachments::by_id(&env.db, &c.id, env.param("aid")?)?.ok_or(ApiError::NotFound)?;
    if row.message_id.is_none() && row.uploader_id != p.user_id {
        return Err(ApiError::NotFound);
    }
    let sealed = attachments::body(&env.db, &row.id)?.ok_or(ApiError::NotFound)?;
    let data = env
        .settings
        .keyring
        .open(BODY, &binding(&c.id, &row.id), &sealed)
        .map_err(ApiError::internal)?;
    let shown = view(&env.settings, &row)?;
    Ok(Response::builder()
        .status(200)
        .header("content-type", row.content_type.as_str())
        .header("content-disposition", content_disposition(&shown.name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .body(data)
        .build())
}
