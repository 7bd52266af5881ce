//! A stored report as the contract shows it: to its resident ([`Report`]) and to staff
//! ([`StaffReport`], with the resident's id and who did each step). Opens the sealed columns;
//! called after any transaction.

use super::sealing;
use crate::keys::ResidentKeys;
use crate::store::report_history::{self, StepRow};
use crate::store::report_photos;
use crate::store::reports::ReportRow;
use ratusz_domain::api::notify_reports::{
    Report, ReportHistoryEntry, ReportLocation, ReportPhoto, ReportStaffMember, ReportSummary,
    StaffReport, StaffReportHistoryEntry,
};
use ratusz_platform::accounts_view;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;
use std::collections::BTreeMap;

/// What both views share, opened.
struct Opened {
    description: String,
    location: Option<ReportLocation>,
    photo: Option<ReportPhoto>,
    steps: Vec<(StepRow, Option<String>)>,
}

fn open(db: &Db, keys: &ResidentKeys, row: &ReportRow) -> Result<Opened, ApiError> {
    let description = sealing::open_text(keys, &row.id, sealing::DESCRIPTION, &row.description)?;
    let location = row
        .location
        .as_deref()
        .map(|sealed| sealing::open_location(keys, &row.id, sealed))
        .transpose()?;
    let photo = match row.photo_id.as_deref() {
        Some(id) => report_photos::by_id(db, id)?.map(|p| ReportPhoto {
            content_type: p.content_type,
            size: p.size,
        }),
        None => None,
    };
    let steps = report_history::of_report(db, &row.id)?
        .into_iter()
        .map(|step| {
            let text = step
                .text
                .as_deref()
                .map(|sealed| sealing::open_step(keys, &row.id, step.seq, sealed))
                .transpose()?;
            Ok((step, text))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(Opened {
        description,
        location,
        photo,
        steps,
    })
}

/// The report as its resident reads it.
pub fn resident(db: &Db, keys: &ResidentKeys, row: &ReportRow) -> Result<Report, ApiError> {
    let o = open(db, keys, row)?;
    Ok(Report {
        id: row.id.clone(),
        category: row.category,
        description: o.description,
        location: o.location,
        photo: o.photo,
        status: row.status,
        created_at: row.created_at,
        updated_at: row.updated_at,
        history: o
            .steps
            .into_iter()
            .map(|(step, text)| ReportHistoryEntry {
                at: step.at,
                kind: step.kind,
                status: step.status,
                text,
            })
            .collect(),
    })
}

/// The report as `notifier_admin` reads it.
pub fn staff(db: &Db, keys: &ResidentKeys, row: &ReportRow) -> Result<StaffReport, ApiError> {
    let o = open(db, keys, row)?;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut history = Vec::with_capacity(o.steps.len());
    for (step, text) in o.steps {
        let by = match step.by_account {
            Some(id) => {
                let name = match names.get(&id) {
                    Some(name) => name.clone(),
                    None => {
                        let name = accounts_view::display_name(db, &id)?.unwrap_or_default();
                        names.insert(id.clone(), name.clone());
                        name
                    }
                };
                Some(ReportStaffMember { id, name })
            }
            None => None,
        };
        history.push(StaffReportHistoryEntry {
            at: step.at,
            kind: step.kind,
            status: step.status,
            text,
            by,
        });
    }
    Ok(StaffReport {
        id: row.id.clone(),
        recipient_id: row.recipient_id.clone(),
        category: row.category,
        description: o.description,
        location: o.location,
        photo: o.photo,
        status: row.status,
        created_at: row.created_at,
        updated_at: row.updated_at,
        history,
    })
}

/// A line of the staff queue (nothing opened: no personal data).
pub fn summary(row: &ReportRow) -> ReportSummary {
    ReportSummary {
        id: row.id.clone(),
        category: row.category,
        status: row.status,
        created_at: row.created_at,
        updated_at: row.updated_at,
        has_photo: row.photo_id.is_some(),
        has_location: row.location.is_some(),
    }
}
