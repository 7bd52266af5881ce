//! What a key rotation reads and writes of the residents' reports, all sealed under
//! `resident_data_keys`: a report's description and location (`notify_reports`) with its
//! history's notes and replies (`notify_report_history`) — a report is *stale* while any of
//! these is under another key than the target one — and the photos (`notify_report_photos`,
//! attached or still waiting for their report), found by the key id kept beside each body so
//! no body is read but those a batch moves. As for the recipients ([`super::resealing`]),
//! write-backs compare the old ciphertexts: a row changed or deleted meanwhile is left alone.

use super::report_photos;
use super::resealing::{Batch, Target};
use ratusz_domain::notify::rotation_pass::photos_within;
use ratusz_platform::db::{self, Db, DbError, Value};
use std::collections::BTreeMap;

/// A stale report's sealed values as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedReport {
    /// Report id.
    pub id: String,
    /// The sealed description.
    pub description: String,
    /// The sealed location, when given.
    pub location: Option<String>,
    /// The history's sealed notes and replies: `(seq, text)`, oldest first.
    pub steps: Vec<(i64, String)>,
}

/// A photo under another key, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedPhoto {
    /// Photo id.
    pub id: String,
    /// The sealed bytes.
    pub body: String,
    /// The key id of `body`.
    pub seal_kid: String,
}

/// The predicate of a stale report `r` and its parameters.
fn stale_report(target: &Target<'_>) -> (String, Vec<Value>) {
    let (description, description_params) = target.elsewhere("r.description");
    let (location, location_params) = target.elsewhere("r.location");
    let (text, text_params) = target.elsewhere("h.text");
    let params = description_params
        .into_iter()
        .chain(location_params)
        .chain(text_params)
        .collect();
    (
        format!(
            "({description} OR {location}
              OR EXISTS (SELECT 1 FROM notify_report_history h
                         WHERE h.report_id = r.id AND {text}))"
        ),
        params,
    )
}

fn count(db: &Db, sql: &str, params: &[Value]) -> Result<u64, DbError> {
    let result = db.execute(sql, params)?;
    result.rows.first().map_or(Ok(0), |row| {
        db::integer(row, 0, "count").map(|n| u64::try_from(n).unwrap_or(0))
    })
}

/// Stale reports left under other keys than `target`.
pub fn remaining_reports(db: &Db, target: &Target<'_>) -> Result<u64, DbError> {
    let (predicate, params) = stale_report(target);
    count(
        db,
        &format!("SELECT COUNT(*) FROM notify_reports r WHERE {predicate}"),
        &params,
    )
}

/// Up to `limit` stale reports after id `after` (`""`: from the first), in id order, each
/// with its history's sealed texts.
pub fn report_batch(
    db: &Db,
    target: &Target<'_>,
    after: &str,
    limit: u32,
) -> Result<Vec<SealedReport>, DbError> {
    let (predicate, mut params) = stale_report(target);
    params.push(after.into());
    params.push(limit.into());
    let mut reports = db
        .execute(
            &format!(
                "SELECT r.id, r.description, r.location FROM notify_reports r
                 WHERE {predicate} AND r.id > ? ORDER BY r.id LIMIT ?"
            ),
            &params,
        )?
        .rows
        .iter()
        .map(|row| {
            Ok(SealedReport {
                id: db::text(row, 0, "notify_reports.id")?,
                description: db::text(row, 1, "notify_reports.description")?,
                location: db::opt_text(row, 2),
                steps: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let Some(last) = reports.last().map(|r| r.id.clone()) else {
        return Ok(reports);
    };
    // One read for the whole batch's histories (the batch's id range; the steps of reports in
    // it that are not stale are read too and left out below).
    let mut steps: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in &db
        .execute(
            "SELECT report_id, seq, text FROM notify_report_history
             WHERE report_id > ? AND report_id <= ? AND text IS NOT NULL
             ORDER BY report_id, seq",
            &[after.into(), last.as_str().into()],
        )?
        .rows
    {
        steps
            .entry(db::text(row, 0, "notify_report_history.report_id")?)
            .or_default()
            .push((
                db::integer(row, 1, "notify_report_history.seq")?,
                db::text(row, 2, "notify_report_history.text")?,
            ));
    }
    for report in &mut reports {
        report.steps = steps.remove(&report.id).unwrap_or_default();
    }
    Ok(reports)
}

/// Writes `new`'s description and location over `old`'s if the report still holds exactly
/// `old`'s; whether it did.
pub fn replace_report(db: &Db, old: &SealedReport, new: &SealedReport) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_reports SET description = ?, location = ?
         WHERE id = ? AND description = ? AND location IS ?",
        &[
            new.description.as_str().into(),
            db::text_or_null(new.location.as_deref()),
            old.id.as_str().into(),
            old.description.as_str().into(),
            db::text_or_null(old.location.as_deref()),
        ],
    )?;
    Ok(db.changes() == 1)
}

/// Replaces step `seq` of report `id`'s sealed text `old` by `new` (if still `old`).
pub fn replace_step(db: &Db, id: &str, seq: i64, old: &str, new: &str) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_report_history SET text = ? WHERE report_id = ? AND seq = ? AND text = ?",
        &[new.into(), id.into(), seq.into(), old.into()],
    )?;
    Ok(db.changes() == 1)
}

/// Photos left under other keys than `target`.
pub fn remaining_photos(db: &Db, target: &Target<'_>) -> Result<u64, DbError> {
    count(
        db,
        "SELECT COUNT(*) FROM notify_report_photos WHERE seal_kid IS NOT ?",
        &[target.seal_kid.into()],
    )
}

/// The photos under other keys than `target` after id `after`, in id order: at most `limit`
/// and, by their sizes, at most `budget` bytes together (at least one). The ids and sizes
/// come from the covering index; only the bodies taken are read.
pub fn photo_batch(
    db: &Db,
    target: &Target<'_>,
    after: &str,
    limit: u32,
    budget: u64,
) -> Result<Batch<SealedPhoto>, DbError> {
    let found = db.execute(
        "SELECT id, size, seal_kid FROM notify_report_photos
         WHERE seal_kid IS NOT ? AND id > ? ORDER BY id LIMIT ?",
        &[target.seal_kid.into(), after.into(), limit.into()],
    )?;
    let mut listed = Vec::with_capacity(found.rows.len());
    for row in &found.rows {
        listed.push((
            db::text(row, 0, "notify_report_photos.id")?,
            u64::try_from(db::integer(row, 1, "notify_report_photos.size")?).unwrap_or(0),
            db::opt_text(row, 2).unwrap_or_default(),
        ));
    }
    let sizes: Vec<u64> = listed.iter().map(|(_, size, _)| *size).collect();
    let taken = photos_within(&sizes, budget);
    let more = listed.len() >= limit as usize || taken < listed.len();
    listed.truncate(taken);
    let last = listed.last().map(|(id, _, _)| id.clone());
    let mut rows = Vec::with_capacity(listed.len());
    for (id, _, seal_kid) in listed {
        // (deleted since the list was read — an erasure, the purge: nothing to move)
        if let Some(body) = report_photos::body(db, &id)? {
            rows.push(SealedPhoto { id, body, seal_kid });
        }
    }
    Ok(Batch { rows, last, more })
}

/// Writes `new`'s body and key id over `old`'s if the photo still holds `old`'s body; whether
/// it did.
pub fn replace_photo(db: &Db, old: &SealedPhoto, new: &SealedPhoto) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_report_photos SET body = ?, seal_kid = ? WHERE id = ? AND body = ?",
        &[
            new.body.as_str().into(),
            new.seal_kid.as_str().into(),
            old.id.as_str().into(),
            old.body.as_str().into(),
        ],
    )?;
    Ok(db.changes() == 1)
}
