//! The pass's second phase: a report's description and location with its history's notes and
//! replies, each bound to the report id and its column (`crate::reports::sealing`).

use super::Step;
use crate::keys::ResidentKeys;
use crate::reports::sealing;
use crate::store::resealing::{Batch, Target};
use crate::store::resealing_reports::{self as rows, SealedReport};
use ratusz_domain::notify::rotation_pass::Phase;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// `notify_reports` with `notify_report_history`.
pub struct Reports;

/// `sealed` as it is when under the target key, else opened as `column` of report `id` and
/// sealed again (the location's JSON goes through as text, unchanged).
fn again(
    keys: &ResidentKeys,
    target: &Target<'_>,
    id: &str,
    column: &str,
    sealed: &str,
) -> Result<String, ApiError> {
    if target.holds(sealed) {
        return Ok(sealed.to_owned());
    }
    let plain = sealing::open_text(keys, id, column, sealed)?;
    sealing::seal_text(keys, id, column, &plain)
}

impl Step for Reports {
    const PHASE: Phase = Phase::Reports;
    type Row = SealedReport;

    fn id(row: &SealedReport) -> &str {
        &row.id
    }

    fn batch(
        db: &Db,
        target: &Target<'_>,
        after: &str,
        limit: u32,
    ) -> Result<Batch<SealedReport>, ApiError> {
        let found = rows::report_batch(db, target, after, limit)?;
        Ok(Batch::of_rows(found, limit, |r| r.id.as_str()))
    }

    fn reseal(
        keys: &ResidentKeys,
        target: &Target<'_>,
        old: &SealedReport,
    ) -> Result<SealedReport, ApiError> {
        let id = old.id.as_str();
        let mut steps = Vec::with_capacity(old.steps.len());
        for (seq, text) in &old.steps {
            let text = if target.holds(text) {
                text.clone()
            } else {
                let plain = sealing::open_step(keys, id, *seq, text)?;
                sealing::seal_step(keys, id, *seq, &plain)?
            };
            steps.push((*seq, text));
        }
        Ok(SealedReport {
            id: old.id.clone(),
            description: again(keys, target, id, sealing::DESCRIPTION, &old.description)?,
            location: old
                .location
                .as_deref()
                .map(|l| again(keys, target, id, sealing::LOCATION, l))
                .transpose()?,
            steps,
        })
    }

    fn write_back(db: &Db, old: &SealedReport, new: &SealedReport) -> Result<(), ApiError> {
        if (&old.description, &old.location) != (&new.description, &new.location) {
            rows::replace_report(db, old, new)?;
        }
        for ((seq, o), (_, n)) in old.steps.iter().zip(&new.steps) {
            if o != n {
                rows::replace_step(db, &old.id, *seq, o, n)?;
            }
        }
        Ok(())
    }
}
