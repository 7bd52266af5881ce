//! Published results (art. 14 ust. 4 u.s.g.: open votes with a named list, published without
//! delay): JSON, CSV for spreadsheets and a printable HTML page for BIP. Public as soon as the
//! poll closes, for every meeting that is not a draft.

use crate::access;
use crate::polls::close_if_expired;
use crate::store::meetings::MeetingRow;
use crate::store::polls as store;
use crate::{refusal, Env};
use ratusz_domain::api::council::PollResult;
use ratusz_domain::council::export;
use ratusz_domain::council::poll::check_result;
use ratusz_platform::audit_log::checkpoints;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The result of poll `poll_id` of `meeting`: 404 when absent, 409 `poll_not_closed` before
/// close. A timed poll past its deadline is closed first.
pub fn build(env: &Env, meeting: &MeetingRow, poll_id: &str) -> Result<PollResult, ApiError> {
    let row = store::by_id(&env.db, &meeting.id, poll_id)?.ok_or(ApiError::NotFound)?;
    let row = close_if_expired(env, row)?;
    check_result(row.state).map_err(refusal::poll)?;
    row.result()?
        .ok_or_else(|| ApiError::internal(format!("closed poll {} has no result", row.id)))
}

/// Loads the public meeting and the result named in the path.
fn load(ctx: &Ctx) -> Result<(MeetingRow, PollResult), ApiError> {
    load_in(&Env::open(ctx)?)
}

fn load_in(env: &Env) -> Result<(MeetingRow, PollResult), ApiError> {
    let meeting = access::load_public(env)?;
    let result = build(env, &meeting, env.param("pid")?)?;
    Ok((meeting, result))
}

/// A text body with `content_type`.
fn text(content_type: &str, body: String, attachment: Option<String>) -> Response {
    let mut builder = Response::builder();
    builder
        .status(200)
        .header("content-type", content_type)
        .header("cache-control", "no-cache");
    if let Some(filename) = attachment {
        builder.header(
            "content-disposition",
            format!("attachment; filename=\"{filename}\""),
        );
    }
    builder.body(body.into_bytes()).build()
}

/// `GET /api/public/sessions/{id}/polls/{pid}`.
pub fn json(ctx: &Ctx) -> Result<Response, ApiError> {
    let (_, result) = load(ctx)?;
    Ok(response::ok(&result))
}

/// `GET /api/public/sessions/{id}/polls/{pid}.csv`.
pub fn csv(ctx: &Ctx) -> Result<Response, ApiError> {
    let (_, result) = load(ctx)?;
    let filename = format!("glosowanie-{}.csv", safe_file_part(&result.id));
    Ok(text(
        "text/csv; charset=utf-8",
        export::result_csv(&result),
        Some(filename),
    ))
}

/// `GET /api/public/sessions/{id}/polls/{pid}.html`.
pub fn html(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, result) = load_in(&env)?;
    // The newest signed checkpoint of the audit chain goes on every BIP page: a printed or
    // saved page is a copy kept outside the database (docs/api/operations.md).
    let checkpoint = checkpoints::newest(&env.db)?;
    Ok(response::html_document(
        export::result_html(
            &result,
            &meeting.title,
            &meeting.number,
            checkpoint.as_ref(),
        ),
        "no-cache",
    ))
}

/// Keeps a file-name part to characters that need no quoting in a header (ids already are;
/// this only guards against a future id format).
fn safe_file_part(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_only_header_safe_characters() {
        assert_eq!(safe_file_part("01J9ZK-abc_9"), "01J9ZK-abc_9");
        assert_eq!(safe_file_part("a\"b;c\r\nd"), "abcd");
    }
}
