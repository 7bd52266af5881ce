//! The bound device's reports: `POST /api/notify/me/report-photos` (the image as the body,
//! its type checked against its first bytes), `POST /api/notify/me/reports` (with
//! `Idempotency-Key`), `GET /api/notify/me/reports`, `GET …/{id}` and `GET …/{id}/photo`.
//! Another resident's report is 404, as one that does not exist.

use super::{load, sealing, views};
use crate::keys::ResidentKeys;
use crate::me::{authenticate, Resident};
use crate::store::report_history::{self, StepRow};
use crate::store::report_photos::{self, NewPhoto};
use crate::store::reports::{self as rows, ReportRow};
use ratusz_domain::api::notify_reports::{
    ReportHistoryKind, ReportInput, ReportPhotoType, ReportPhotoUploaded, ReportStatus, Reports,
};
use ratusz_domain::notify::report::{self, PhotoRefusal, UNUSED_PHOTO_TTL_MS};
use ratusz_domain::validate::limits::REPORT_PHOTO_MAX_BYTES;
use ratusz_domain::validate::Invalid;
use ratusz_platform::{idempotency, response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// The media types a photo may have (the router's 415 for the rest).
pub const ACCEPTED: &[&str] = &["image/jpeg", "image/png", "image/webp"];

fn unsupported() -> ApiError {
    ApiError::UnsupportedMediaType {
        expected: ACCEPTED.join(", "),
    }
}

/// `POST /api/notify/me/report-photos` → 201 `{photo_id}`; 413 over 10 MiB, 415 another type
/// or first bytes that are not the declared type.
pub fn upload(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let declared = ctx.req.media_type();
    let kind =
        report::check_photo(declared.as_deref(), &ctx.req.body).map_err(|why| match why {
            PhotoRefusal::TooLarge => ApiError::PayloadTooLarge {
                limit: REPORT_PHOTO_MAX_BYTES,
            },
            PhotoRefusal::UnsupportedType | PhotoRefusal::ContentMismatch => unsupported(),
        })?;
    let keys = ResidentKeys::load()?;
    let id = runtime::new_id().as_str().to_owned();
    let sealed = sealing::seal_photo(&keys, &id, &ctx.req.body)?;
    let env = &me.env;
    let photo = NewPhoto {
        id: &id,
        recipient_id: &me.row.id,
        content_type: kind,
        size: ctx.req.body.len(),
        sealed,
        seal_kid: keys.seal_kid(),
    };
    env.db
        .transaction(|db| report_photos::insert(db, &photo, env.now).map_err(ApiError::from))?;
    Ok(response::created(&ReportPhotoUploaded { photo_id: id }))
}

/// `POST /api/notify/me/reports` → 201 report (`new`, its first history step `created`).
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let input: ReportInput = ctx.req.json()?;
    let checked = report::check_report(&input)?;
    // Sealing before the transaction.
    let keys = ResidentKeys::load()?;
    let id = runtime::new_id().as_str().to_owned();
    let env = &me.env;
    let row = ReportRow {
        id: id.clone(),
        recipient_id: me.row.id.clone(),
        category: checked.category,
        status: ReportStatus::New,
        description: sealing::seal_text(&keys, &id, sealing::DESCRIPTION, &checked.description)?,
        location: checked
            .location
            .as_ref()
            .map(|l| sealing::seal_location(&keys, &id, l))
            .transpose()?,
        photo_id: checked.photo_id.clone(),
        created_at: env.now,
        updated_at: env.now,
    };
    let scope = format!("recipient:{} POST /api/notify/me/reports", me.row.id);
    idempotency::run(&env.db, ctx.req, &scope, env.now, |db| {
        rows::insert(db, &row)?;
        if let Some(photo_id) = &checked.photo_id {
            let since = env.now.plus_ms(-UNUSED_PHOTO_TTL_MS);
            // Only this device's own upload of the last hour that no report took yet.
            if !report_photos::attach(db, photo_id, &me.row.id, since, &id)? {
                return Err(ApiError::invalid_field(
                    "photo_id",
                    Invalid::unknown_reference(),
                ));
            }
        }
        report_history::append(
            db,
            &id,
            &StepRow {
                seq: 1,
                at: env.now,
                kind: ReportHistoryKind::Created,
                status: Some(ReportStatus::New),
                text: None,
                by_account: None,
                message_id: None,
            },
        )?;
        Ok(response::created(&views::resident(db, &keys, &row)?))
    })
}

/// `GET /api/notify/me/reports` → 200 `{items}`, newest first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let keys = ResidentKeys::load()?;
    let db = &me.env.db;
    let items = rows::of_recipient(db, &me.row.id)?
        .iter()
        .map(|row| views::resident(db, &keys, row))
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(response::ok(&Reports { items }))
}

/// The caller's report `:id`, or 404 (another resident's too).
fn own(me: &Resident) -> Result<ReportRow, ApiError> {
    let row = load(&me.env.db, me.env.param("id")?)?;
    if row.recipient_id != me.row.id {
        return Err(ApiError::NotFound);
    }
    Ok(row)
}

/// `GET /api/notify/me/reports/{id}` → 200 report.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let row = own(&me)?;
    let keys = ResidentKeys::load()?;
    Ok(response::ok(&views::resident(&me.env.db, &keys, &row)?))
}

/// `GET /api/notify/me/reports/{id}/photo` → 200 the image.
pub fn photo(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let row = own(&me)?;
    photo_response(&me.env.db, &row)
}

/// 200 with report `row`'s photo (`nosniff`, never cached: it may show the resident's home),
/// 404 without one.
pub fn photo_response(db: &ratusz_platform::db::Db, row: &ReportRow) -> Result<Response, ApiError> {
    let photo_id = row.photo_id.as_deref().ok_or(ApiError::NotFound)?;
    let photo = report_photos::by_id(db, photo_id)?.ok_or(ApiError::NotFound)?;
    let sealed = report_photos::body(db, photo_id)?.ok_or(ApiError::NotFound)?;
    let keys = ResidentKeys::load()?;
    let bytes = sealing::open_photo(&keys, photo_id, &sealed)?;
    Ok(image(photo.content_type, bytes))
}

fn image(kind: ReportPhotoType, bytes: Vec<u8>) -> Response {
    Response::builder()
        .status(200)
        .header("content-type", kind.as_str())
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "no-store")
        .header("content-disposition", "inline")
        .body(bytes)
        .build()
}
