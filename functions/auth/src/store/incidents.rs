//! Tables `incidents` and `incident_notes`: the security incident register.

use super::{flag, opt_text, opt_time, text_or_null, time, time_or_null};
use ratusz_domain::api::incidents::{
    IncidentDetail, IncidentKind, IncidentNote, IncidentStatus, IncidentView, Severity,
};
use ratusz_platform::db::{self, Db, DbError};
use ratusz_platform::db::{Row, Value};

const COLUMNS: &str = "id, kind, severity, status, title, account_id, reporter, owner_id, personal_data, report_deadline, created_at, updated_at, description";

fn decode(row: &Row) -> Result<(IncidentView, String), DbError> {
    let view = IncidentView {
        id: db::text(row, 0, "incidents.id")?,
        kind: db::wire(row, 1, "incidents.kind", IncidentKind::parse)?,
        severity: db::wire(row, 2, "incidents.severity", Severity::parse)?,
        status: db::wire(row, 3, "incidents.status", IncidentStatus::parse)?,
        title: db::text(row, 4, "incidents.title")?,
        account_id: opt_text(row, 5),
        reporter: db::text(row, 6, "incidents.reporter")?,
        owner_id: opt_text(row, 7),
        personal_data: db::integer(row, 8, "incidents.personal_data")? != 0,
        report_deadline: opt_time(row, 9),
        created_at: time(row, 10, "incidents.created_at")?,
        updated_at: time(row, 11, "incidents.updated_at")?,
    };
    Ok((view, db::text(row, 12, "incidents.description")?))
}

/// Inserts an incident (its first timeline note is the caller's business).
pub fn insert(db: &Db, view: &IncidentView, description: &str) -> Result<(), DbError> {
    db.execute(
        &format!(
            "INSERT INTO incidents ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        &[
            Value::Text(view.id.clone()),
            Value::from(view.kind.as_str()),
            Value::from(view.severity.as_str()),
            Value::from(view.status.as_str()),
            Value::Text(view.title.clone()),
            text_or_null(view.account_id.as_deref()),
            Value::Text(view.reporter.clone()),
            text_or_null(view.owner_id.as_deref()),
            flag(view.personal_data),
            time_or_null(view.report_deadline),
            Value::Text(view.created_at.to_rfc3339()),
            Value::Text(view.updated_at.to_rfc3339()),
            Value::Text(description.to_owned()),
        ],
    )?;
    Ok(())
}

/// Writes the changeable fields of `view`.
pub fn update(db: &Db, view: &IncidentView) -> Result<(), DbError> {
    db.execute(
        "UPDATE incidents SET severity = ?, status = ?, owner_id = ?, personal_data = ?, report_deadline = ?, updated_at = ? WHERE id = ?",
        &[
            Value::from(view.severity.as_str()),
            Value::from(view.status.as_str()),
            text_or_null(view.owner_id.as_deref()),
            flag(view.personal_data),
            time_or_null(view.report_deadline),
            Value::Text(view.updated_at.to_rfc3339()),
            Value::Text(view.id.clone()),
        ],
    )?;
    Ok(())
}

/// Appends a note to the timeline.
pub fn add_note(db: &Db, incident_id: &str, note: &IncidentNote) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO incident_notes (incident_id, at, author, text) VALUES (?, ?, ?, ?)",
        &[
            Value::Text(incident_id.to_owned()),
            Value::Text(note.at.to_rfc3339()),
            Value::Text(note.author.clone()),
            Value::Text(note.text.clone()),
        ],
    )?;
    Ok(())
}

/// The incident `id` with its timeline.
pub fn by_id(db: &Db, id: &str) -> Result<Option<IncidentDetail>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM incidents WHERE id = ?"),
        &[Value::Text(id.to_owned())],
    )?;
    let Some((incident, description)) = result.rows.first().map(decode).transpose()? else {
        return Ok(None);
    };
    let notes = db.execute(
        "SELECT at, author, text FROM incident_notes WHERE incident_id = ? ORDER BY id",
        &[Value::Text(id.to_owned())],
    )?;
    let timeline = notes
        .rows
        .iter()
        .map(|r| {
            Ok(IncidentNote {
                at: time(r, 0, "incident_notes.at")?,
                author: db::text(r, 1, "incident_notes.author")?,
                text: db::text(r, 2, "incident_notes.text")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(Some(IncidentDetail {
        incident,
        description,
        timeline,
    }))
}

/// Incidents newest first (ids are ULIDs), before id `before`, optionally of one status.
pub fn list(
    db: &Db,
    status: Option<IncidentStatus>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<IncidentView>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM incidents WHERE id < ? AND (? IS NULL OR status = ?) ORDER BY id DESC LIMIT ?"),
        &[
            Value::Text(before.unwrap_or("\u{10FFFF}").to_owned()),
            text_or_null(status.map(IncidentStatus::as_str)),
            text_or_null(status.map(IncidentStatus::as_str)),
            Value::Integer(i64::from(limit)),
        ],
    )?;
    result
        .rows
        .iter()
        .map(|r| decode(r).map(|(v, _)| v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_vocabulary_is_read_strictly() {
        let row = Row::new(vec![
            Value::from("x"),
            Value::from("lockout"),
            Value::from("urgent"),
        ]);
        assert_eq!(
            db::wire(&row, 1, "incidents.kind", IncidentKind::parse).ok(),
            Some(IncidentKind::Lockout)
        );
        assert!(matches!(
            db::wire(&row, 2, "incidents.severity", Severity::parse),
            Err(DbError::Decode(_))
        ));
        assert!(matches!(
            db::wire(&row, 9, "incidents.status", IncidentStatus::parse),
            Err(DbError::Decode(_))
        ));
    }
}
