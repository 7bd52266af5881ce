//! `/api/incidents`: the security incident register (accounts.md; GDPR art. 33), for admin and
//! support. Every change leaves a note on the incident's timeline and an audit entry.

use crate::incident_log::{self, NewIncident};
use crate::settings::Env;
use crate::store::incidents as store;
use crate::store::users;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::accounts::incident;
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::incidents::{
    CreateIncident, IncidentDetail, IncidentStatus, IncidentView, Severity, UpdateIncident,
};
use ratusz_domain::api::Page;
use ratusz_domain::validate::limits::{INCIDENT_TEXT_MAX, INCIDENT_TITLE_MAX};
use ratusz_domain::validate::{self, Checks, Invalid};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn detail(env: &Env, id: &str) -> Result<IncidentDetail, ApiError> {
    store::by_id(&env.db, id)?.ok_or(ApiError::NotFound)
}

/// `GET /api/incidents?status=&cursor=&limit=`: newest first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewIncidents)?;
    let page = ctx.req.page_query()?;
    let status = ctx.req.query_choice("status", IncidentStatus::parse)?;
    let env = Env::open(ctx)?;
    let found = store::list(&env.db, status, page.cursor.as_deref(), page.limit + 1)?;
    let more = found.len() > page.limit as usize;
    let items: Vec<IncidentView> = found.into_iter().take(page.limit as usize).collect();
    let next_cursor = if more {
        items.last().map(|i| i.id.clone())
    } else {
        None
    };
    Ok(response::ok(&Page { items, next_cursor }))
}

/// The account an incident concerns, if one is named (`Err(refusal)` for an unknown one).
fn account_ref(
    env: &Env,
    value: Option<&str>,
) -> Result<Result<Option<String>, Invalid>, ApiError> {
    let Some(id) = value.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(Ok(None));
    };
    Ok(match users::by_id(&env.db, id)? {
        Some(user) => Ok(Some(user.id)),
        None => Err(Invalid::unknown_reference()),
    })
}

/// `POST /api/incidents` → 201 with the detail; the caller is the reporter.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::ManageIncidents)?;
    let body: CreateIncident = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let mut checks = Checks::new();
    let title = checks.check("title", validate::text(&body.title, INCIDENT_TITLE_MAX));
    let description = checks.check(
        "description",
        validate::optional_long_text(body.description.as_deref(), INCIDENT_TEXT_MAX),
    );
    let account_id = checks.check("account_id", account_ref(&env, body.account_id.as_deref())?);
    let (title, description, account_id) = checks.finish_with(
        title
            .zip(description)
            .zip(account_id)
            .map(|((t, d), a)| (t, d, a)),
    )?;
    let id = env.db.transaction(|_| {
        incident_log::open(
            &env,
            NewIncident {
                kind: body.kind,
                severity: body.severity.unwrap_or(Severity::Medium),
                title,
                description: description.unwrap_or_default(),
                account_id: account_id.as_deref(),
                reporter: &p.user_id,
                personal_data: body.personal_data,
            },
        )
    })?;
    Ok(response::created(&detail(&env, &id)?))
}

/// `GET /api/incidents/{id}`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewIncidents)?;
    let env = Env::open(ctx)?;
    Ok(response::ok(&detail(&env, env.param("id")?)?))
}

/// The new owner must be an account that handles incidents (admin or support).
fn check_owner(env: &Env, owner_id: &str) -> Result<(), ApiError> {
    match users::by_id(&env.db, owner_id)? {
        Some(u)
            if u.roles
                .iter()
                .any(|r| matches!(r, Role::Admin | Role::Support)) =>
        {
            Ok(())
        }
        Some(_) => Err(ApiError::invalid_field(
            "owner_id",
            Invalid::rule("incident_owner_role"),
        )),
        None => Err(ApiError::invalid_field(
            "owner_id",
            Invalid::unknown_reference(),
        )),
    }
}

/// Applies `body` to `view`; returns a timeline line per change, or 409 for a status that
/// may not follow the current one. Pure.
pub fn apply(view: &mut IncidentView, body: &UpdateIncident) -> Result<Vec<String>, ApiError> {
    let mut changes = Vec::new();
    if let Some(to) = body.status.filter(|s| *s != view.status) {
        if !incident::can_transition(view.status, to) {
            return Err(ApiError::conflict(
                "conflict",
                format!("The status cannot go from {} to {to}.", view.status),
            )
            .with_param("rule", "status_backwards")
            .with_param("from", view.status)
            .with_param("to", to));
        }
        changes.push(format!("Status: {} → {to}", view.status));
        view.status = to;
    }
    if let Some(s) = body.severity.filter(|s| *s != view.severity) {
        changes.push(format!("Waga / severity: {} → {s}", view.severity));
        view.severity = s;
    }
    if let Some(owner) = body
        .owner_id
        .as_deref()
        .filter(|o| view.owner_id.as_deref() != Some(*o))
    {
        changes.push(format!("Właściciel / owner: {owner}"));
        view.owner_id = Some(owner.to_owned());
    }
    if let Some(pd) = body.personal_data.filter(|pd| *pd != view.personal_data) {
        view.personal_data = pd;
        view.report_deadline = incident::report_deadline(view.created_at, pd);
        changes.push(match view.report_deadline {
            Some(d) => format!(
                "Dane osobowe mogą być naruszone; termin zgłoszenia (RODO art. 33) / Personal data may be affected; reporting deadline (GDPR art. 33): {}",
                d.to_rfc3339()
            ),
            None => "Dane osobowe nie są naruszone / Personal data not affected".to_owned(),
        });
    }
    Ok(changes)
}

/// `PATCH /api/incidents/{id}`: status (forward only), severity, owner, personal data, note.
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::ManageIncidents)?;
    let body: UpdateIncident = ctx.req.json()?;
    let note = validate::optional_long_text(body.note.as_deref(), INCIDENT_TEXT_MAX)
        .map_err(|e| ApiError::invalid_field("note", e))?;
    let env = Env::open(ctx)?;
    let id = env.param("id")?.to_owned();
    if let Some(owner) = body.owner_id.as_deref() {
        check_owner(&env, owner)?;
    }
    env.db.transaction(|_| {
        let mut view = detail(&env, &id)?.incident;
        let changes = apply(&mut view, &body)?;
        if changes.is_empty() && note.is_none() {
            return Ok(());
        }
        if !changes.is_empty() {
            view.updated_at = env.now;
            store::update(&env.db, &view)?;
        }
        for line in &changes {
            incident_log::note(&env, &id, &p.user_id, line)?;
        }
        if let Some(text) = &note {
            incident_log::note(&env, &id, &p.user_id, text)?;
            // A note is a change too: the list shows when the incident last moved.
            view.updated_at = env.now;
            store::update(&env.db, &view)?;
        }
        env.audit(
            &p.user_id,
            "incident_updated",
            &format!("incident:{id}"),
            serde_json::json!({"changes": changes, "note": note.is_some()}),
        )?;
        Ok::<_, ApiError>(())
    })?;
    Ok(response::ok(&detail(&env, &id)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::api::incidents::IncidentKind;
    use ratusz_domain::time::Timestamp;

    fn view() -> IncidentView {
        IncidentView {
            id: "i".into(),
            kind: IncidentKind::Other,
            severity: Severity::Medium,
            status: IncidentStatus::InProgress,
            title: "t".into(),
            account_id: None,
            reporter: "system".into(),
            owner_id: None,
            personal_data: false,
            report_deadline: None,
            created_at: Timestamp::from_unix_ms(0),
            updated_at: Timestamp::from_unix_ms(0),
        }
    }

    #[test]
    fn status_goes_forward_only() {
        let back = UpdateIncident {
            status: Some(IncidentStatus::Open),
            ..Default::default()
        };
        assert_eq!(
            apply(&mut view(), &back).err().map(|e| e.status()),
            Some(409)
        );
        let close = UpdateIncident {
            status: Some(IncidentStatus::Closed),
            ..Default::default()
        };
        let mut v = view();
        assert_eq!(apply(&mut v, &close).ok().map(|c| c.len()), Some(1));
        assert_eq!(v.status, IncidentStatus::Closed);
        let same = UpdateIncident {
            status: Some(IncidentStatus::InProgress),
            ..Default::default()
        };
        assert_eq!(apply(&mut view(), &same).ok().map(|c| c.len()), Some(0));
    }

    #[test]
    fn personal_data_sets_and_clears_the_deadline() {
        let mut v = view();
        let on = UpdateIncident {
            personal_data: Some(true),
            ..Default::default()
        };
        assert_eq!(apply(&mut v, &on).ok().map(|c| c.len()), Some(1));
        assert_eq!(
            v.report_deadline,
            Some(Timestamp::from_unix_ms(72 * 3_600_000))
        );
        let off = UpdateIncident {
            personal_data: Some(false),
            ..Default::default()
        };
        assert_eq!(apply(&mut v, &off).ok().map(|c| c.len()), Some(1));
        assert_eq!(v.report_deadline, None);
    }

    #[test]
    fn every_change_is_described() {
        let mut v = view();
        let all = UpdateIncident {
            status: Some(IncidentStatus::Closed),
            severity: Some(Severity::High),
            owner_id: Some("admin-1".into()),
            personal_data: Some(true),
            note: None,
        };
        assert_eq!(apply(&mut v, &all).ok().map(|c| c.len()), Some(4));
        assert_eq!(v.owner_id.as_deref(), Some("admin-1"));
        assert_eq!(v.severity, Severity::High);
    }
}
