//! The registry's anonymous counts (`GET /api/notify/stats`): only the non-personal columns
//! are read.

use ratusz_domain::api::notify::{DistrictCount, NotifyStats, RecipientCounts};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};

fn count(row: &ratusz_platform::db::Row, i: usize, what: &str) -> Result<u64, DbError> {
    Ok(u64::try_from(db::integer(row, i, what)?).unwrap_or(0))
}

/// Counts by state, by district and of bound devices at `now`.
pub fn counts(db: &Db, now: Timestamp) -> Result<NotifyStats, DbError> {
    let now = now.to_rfc3339();
    let result = db.execute(
        "SELECT
           COUNT(*) FILTER (WHERE erased_at IS NULL),
           COUNT(*) FILTER (WHERE erased_at IS NULL AND verification = 'verified'),
           COUNT(*) FILTER (WHERE erased_at IS NULL AND verification = 'unverified'),
           COUNT(*) FILTER (WHERE erased_at IS NULL AND verification = 'restricted'),
           COUNT(*) FILTER (WHERE erased_at IS NULL AND suspended_at IS NOT NULL
                              AND (suspended_until IS NULL OR suspended_until > ?)),
           COUNT(*) FILTER (WHERE erased_at IS NULL AND consent_state = 'withdrawn'),
           COUNT(*) FILTER (WHERE erased_at IS NOT NULL)
         FROM notify_recipients",
        &[now.as_str().into()],
    )?;
    let recipients = match result.rows.first() {
        Some(row) => RecipientCounts {
            total: count(row, 0, "total")?,
            verified: count(row, 1, "verified")?,
            unverified: count(row, 2, "unverified")?,
            restricted: count(row, 3, "restricted")?,
            suspended: count(row, 4, "suspended")?,
            withdrawn: count(row, 5, "withdrawn")?,
            erased: count(row, 6, "erased")?,
        },
        None => RecipientCounts::default(),
    };
    let by_district = db
        .execute(
            "SELECT d.id, COUNT(r.id) FROM notify_districts d
               LEFT JOIN notify_recipients r ON r.district_id = d.id AND r.erased_at IS NULL
             GROUP BY d.id ORDER BY d.name, d.id",
            &[],
        )?
        .rows
        .iter()
        .map(|row| {
            Ok(DistrictCount {
                district_id: db::text(row, 0, "notify_districts.id")?,
                count: count(row, 1, "count")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let devices = db.execute("SELECT COUNT(*) FROM notify_devices", &[])?;
    let bound_devices = match devices.rows.first() {
        Some(row) => count(row, 0, "devices")?,
        None => 0,
    };
    Ok(NotifyStats {
        recipients,
        by_district,
        bound_devices,
    })
}
