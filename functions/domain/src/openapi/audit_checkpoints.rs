//! `#[utoipa::path]` stubs of the audit checkpoint endpoints (docs/api/operations.md § Audit
//! checkpoints; served by `auth`).
#![allow(dead_code)]

use crate::api::Problem;
use crate::audit::checkpoint::Checkpoint;
use crate::audit::export::AuditExportPage;

/// Entries after `cursor` in chain order, with the checkpoints of that range; the pages
/// written one after another make the file `cargo xtask verify-audit` reads.
#[utoipa::path(
    get,
    path = "/api/audit/export",
    tag = "audit",
    operation_id = "export_audit",
    description = "Entries after `cursor` in chain order, with the signed checkpoints whose sequence falls in the page (on the last page also those beyond it). The pages written one after another make the file `cargo xtask verify-audit` reads.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (the last `seq`)"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of the export", body = AuditExportPage),
        (status = 400, description = "`cursor` is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn export_audit() {}

/// Signs `(sequence, head_hash, at)` of the chain's current head with the deployment's
/// `audit_signing_key`.
#[utoipa::path(
    post,
    path = "/api/audit/checkpoints",
    tag = "audit",
    operation_id = "sign_audit_checkpoint",
    description = "Signs `(sequence, head_hash, at)` of the chain's current head with the deployment's `audit_signing_key`. No body, or `{}`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 201, description = "The new checkpoint", body = Checkpoint),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an administrator (`forbidden`), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No signing key is configured (`checkpoints_disabled`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn sign_audit_checkpoint() {}

/// For anyone to keep outside the database: a later export must contain this entry with this
/// hash and be at least this long.
#[utoipa::path(
    get,
    path = "/api/public/audit/checkpoint",
    tag = "public",
    operation_id = "public_audit_checkpoint",
    description = "The newest signed checkpoint with its public key, for anyone to keep outside the database: a later export must contain this entry with this hash and be at least this long.",
    responses(
        (status = 200, description = "The newest checkpoint", body = Checkpoint),
        (status = 404, description = "Checkpoints are off (`checkpoints_disabled`) or none is signed yet (`no_checkpoint`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_audit_checkpoint() {}
