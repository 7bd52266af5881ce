//! Opening and annotating incidents from the account workflows (lockout, password loss, …).

use crate::settings::Env;
use crate::store::incidents as store;
use ratusz_domain::accounts::incident;
use ratusz_domain::api::incidents::{
    IncidentKind, IncidentNote, IncidentStatus, IncidentView, Severity,
};
use ratusz_platform::{runtime, ApiError};

/// Who opens incidents that no person reported.
pub const SYSTEM: &str = "system";

/// What a new incident is about.
pub struct NewIncident<'a> {
    /// Kind.
    pub kind: IncidentKind,
    /// Severity.
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// Description.
    pub description: String,
    /// The account concerned.
    pub account_id: Option<&'a str>,
    /// Staff account id or [`SYSTEM`].
    pub reporter: &'a str,
    /// Personal data may be affected.
    pub personal_data: bool,
}

/// Registers an incident with a first timeline note; returns its id.
pub fn open(env: &Env, new: NewIncident) -> Result<String, ApiError> {
    let id = runtime::new_id().as_str().to_owned();
    let view = IncidentView {
        id: id.clone(),
        kind: new.kind,
        severity: new.severity,
        status: IncidentStatus::Open,
        title: new.title.clone(),
        account_id: new.account_id.map(str::to_owned),
        reporter: new.reporter.to_owned(),
        owner_id: None,
        personal_data: new.personal_data,
        report_deadline: incident::report_deadline(env.now, new.personal_data),
        created_at: env.now,
        updated_at: env.now,
    };
    store::insert(&env.db, &view, &new.description)?;
    note(
        env,
        &id,
        new.reporter,
        &format!("Zarejestrowano / registered: {}", new.title),
    )?;
    env.audit(
        new.reporter,
        "incident_opened",
        &format!("incident:{id}"),
        serde_json::json!({"kind": new.kind.as_str(), "account": new.account_id}),
    )?;
    Ok(id)
}

/// Appends a timeline note.
pub fn note(env: &Env, incident_id: &str, author: &str, text: &str) -> Result<(), ApiError> {
    store::add_note(
        &env.db,
        incident_id,
        &IncidentNote {
            at: env.now,
            author: author.to_owned(),
            text: text.to_owned(),
        },
    )?;
    Ok(())
}

/// Raises the severity one step and notes why.
pub fn raise(env: &Env, incident_id: &str, why: &str) -> Result<(), ApiError> {
    let Some(detail) = store::by_id(&env.db, incident_id)? else {
        return Ok(());
    };
    let mut view = detail.incident;
    view.severity = incident::raise(view.severity);
    view.updated_at = env.now;
    store::update(&env.db, &view)?;
    note(env, incident_id, SYSTEM, why)
}

/// Closes the incident (if not yet closed) with a note.
pub fn close(env: &Env, incident_id: &str, why: &str) -> Result<(), ApiError> {
    let Some(detail) = store::by_id(&env.db, incident_id)? else {
        return Ok(());
    };
    let mut view = detail.incident;
    if view.status == IncidentStatus::Closed {
        return Ok(());
    }
    view.status = IncidentStatus::Closed;
    view.updated_at = env.now;
    store::update(&env.db, &view)?;
    note(env, incident_id, SYSTEM, why)?;
    env.audit(
        SYSTEM,
        "incident_closed",
        &format!("incident:{incident_id}"),
        serde_json::json!({"why": why}),
    )?;
    Ok(())
}
