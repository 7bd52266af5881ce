//! Step 1, the request: through the public form (the holder; any caller without staff rights),
//! from a director for an account of their unit, or from admin / support recording a request
//! made in person. Every request for an existing account opens a *password loss* incident.

use super::object;
use crate::incident_log::{self, NewIncident, SYSTEM};
use crate::notify;
use crate::settings::Env;
use crate::store::resets::{self, NewReset};
use crate::store::users::{self, UserRecord};
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::accounts::messages;
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::incidents::{IncidentKind, Severity};
use ratusz_domain::api::resets::{CreateResetRequest, ResetAccepted, ResetDelivery};
use ratusz_domain::validate::{self, limits::REASON_MAX, Checks};
use ratusz_platform::{response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

/// Who is asking, as far as the request is concerned.
enum Requester {
    /// The public form (meant for the holder; anyone may fill it in): learns nothing.
    Public,
    /// Admin, support or a director: gets the id.
    Staff(Principal),
}

/// `POST /api/password-resets`: always 202 for the public; staff get the id.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let body: CreateResetRequest = ctx.req.json()?;
    let mut checks = Checks::new();
    let reason = checks.check("reason", validate::long_text(&body.reason, REASON_MAX));
    let email = checks.check("email", validate::email(&body.email));
    let (reason, email) = checks.finish_with(reason.zip(email))?;
    let env = Env::open(ctx)?;
    let target = users::by_email(&env.db, &email)?;
    match requester(ctx) {
        Requester::Public => {
            let Some(user) = target else {
                // Nobody learns whether the address has an account; the audit chain does.
                env.audit(
                    SYSTEM,
                    "reset_requested",
                    "password_reset:-",
                    serde_json::json!({"known": false}),
                )?;
                return Ok(accepted(None));
            };
            // A pending request already waits for a decision: a repeat (or someone spamming
            // the form with a known address) joins it instead of opening incidents and
            // sending e-mails again.
            if let Some(pending) = resets::pending_for_user(&env.db, &user.id)? {
                env.audit(
                    SYSTEM,
                    "reset_requested",
                    &object(&pending),
                    serde_json::json!({"known": true, "repeat": true}),
                )?;
                return Ok(accepted(None));
            }
            record(&env, &user, None, &reason, body.delivery)?;
            Ok(accepted(None))
        }
        Requester::Staff(p) => {
            let user = staff_target(&p, target)?;
            let id = record(&env, &user, Some(&p.user_id), &reason, body.delivery)?;
            Ok(accepted(Some(id)))
        }
    }
}

fn accepted(id: Option<String>) -> Response {
    response::json(
        202,
        &ResetAccepted {
            status: "accepted".into(),
            id,
        },
    )
}

/// Staff when the caller may request for others; anyone else is the public form (signed
/// out, or signed in without that permission: the answer is the same 202 and reveals nothing,
/// and refusing them would only send them to the form signed out).
fn requester(ctx: &Ctx) -> Requester {
    match ctx.maybe_principal() {
        Some(p) if authz::allowed(&p.roles, Operation::RequestResetForOthers) => {
            Requester::Staff(p)
        }
        _ => Requester::Public,
    }
}

/// The account a staff member asks for: admin and support any (unknown → 404), a director
/// only in their own unit (unknown or foreign → 403, so a director cannot probe e-mails).
fn staff_target(p: &Principal, target: Option<UserRecord>) -> Result<UserRecord, ApiError> {
    let any_unit = p
        .roles
        .iter()
        .any(|r| matches!(r, Role::Admin | Role::Support));
    match target {
        None if any_unit => Err(ApiError::NotFound),
        None => Err(ApiError::forbidden()),
        Some(user) if authz::may_request_reset_for(&p.roles, &p.unit_id, &user.unit_id) => Ok(user),
        Some(_) => Err(ApiError::forbidden()),
    }
}

/// Stores the request with its incident, audits it and acknowledges it to the holder.
fn record(
    env: &Env,
    user: &UserRecord,
    requested_by: Option<&str>,
    reason: &str,
    delivery: ResetDelivery,
) -> Result<String, ApiError> {
    let id = runtime::new_id().as_str().to_owned();
    env.db.transaction(|_| {
        let incident_id = incident_log::open(
            env,
            NewIncident {
                kind: IncidentKind::PasswordLoss,
                severity: Severity::Medium,
                title: format!("Utrata hasła / Password loss: {}", user.email),
                description: format!(
                    "Wniosek o reset hasła {id}. / Password reset request {id}.\n\n{reason}"
                ),
                account_id: Some(&user.id),
                reporter: requested_by.unwrap_or(SYSTEM),
                personal_data: false,
            },
        )?;
        resets::insert(
            &env.db,
            &NewReset {
                id: &id,
                user_id: &user.id,
                reason,
                delivery,
                requested_by,
                incident_id: &incident_id,
            },
            env.now,
        )?;
        env.audit(
            requested_by.unwrap_or(SYSTEM),
            "reset_requested",
            &object(&id),
            serde_json::json!({
                "known": true,
                "user": user.id,
                "delivery": delivery.as_str(),
                "by_staff": requested_by.is_some(),
            }),
        )?;
        notify::email(
            env,
            user,
            messages::reset_requested_ack(&user.first_name, delivery),
        )
    })?;
    Ok(id)
}
