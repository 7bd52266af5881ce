//! Table `notify_report_history`: each report's steps, oldest first. A status move's note and
//! a reply's text are sealed (bound to the report id and the step's number).

use ratusz_domain::api::notify_reports::{ReportHistoryKind, ReportStatus};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};

/// One step as stored.
#[derive(Debug, Clone)]
pub struct StepRow {
    /// Its number within the report (1, 2, …).
    pub seq: i64,
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub kind: ReportHistoryKind,
    /// The status moved to.
    pub status: Option<ReportStatus>,
    /// The sealed note or reply.
    pub text: Option<String>,
    /// The staff member (`None`: the resident).
    pub by_account: Option<String>,
    /// The message that carried a reply to the resident.
    pub message_id: Option<String>,
}

/// The steps of report `report_id`, oldest first.
pub fn of_report(db: &Db, report_id: &str) -> Result<Vec<StepRow>, DbError> {
    db.execute(
        "SELECT seq, at, kind, status, text, by_account, message_id \
         FROM notify_report_history WHERE report_id = ? ORDER BY seq",
        &[report_id.into()],
    )?
    .rows
    .iter()
    .map(|row| {
        Ok(StepRow {
            seq: db::integer(row, 0, "notify_report_history.seq")?,
            at: db::time(row, 1, "notify_report_history.at")?,
            kind: db::wire(
                row,
                2,
                "notify_report_history.kind",
                ReportHistoryKind::parse,
            )?,
            status: db::opt_wire(row, 3, "notify_report_history.status", ReportStatus::parse)?,
            text: db::opt_text(row, 4),
            by_account: db::opt_text(row, 5),
            message_id: db::opt_text(row, 6),
        })
    })
    .collect()
}

/// The number the next step of report `report_id` takes.
pub fn next_seq(db: &Db, report_id: &str) -> Result<i64, DbError> {
    let result = db.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM notify_report_history WHERE report_id = ?",
        &[report_id.into()],
    )?;
    Ok(result
        .rows
        .first()
        .and_then(|row| row.get::<i64>(0))
        .unwrap_or(1))
}

/// Appends step `step` to report `report_id`.
pub fn append(db: &Db, report_id: &str, step: &StepRow) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_report_history (report_id, seq, at, kind, status, text, by_account, message_id) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            report_id.into(),
            step.seq.into(),
            step.at.into(),
            step.kind.as_str().into(),
            db::text_or_null(step.status.map(|s| s.as_str())),
            db::text_or_null(step.text.as_deref()),
            db::text_or_null(step.by_account.as_deref()),
            db::text_or_null(step.message_id.as_deref()),
        ],
    )?;
    Ok(())
}

/// Deletes the history of every report of recipient `recipient_id` (erasure).
pub fn delete_of_recipient(db: &Db, recipient_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_report_history WHERE report_id IN \
         (SELECT id FROM notify_reports WHERE recipient_id = ?)",
        &[recipient_id.into()],
    )?;
    Ok(())
}
