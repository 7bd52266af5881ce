//! A withdrawal of consent and the erasure after it (docs/api/notifications.md § The bound
//! device: "the personal data is erased by the scheduled tick after `notify_withdrawn_days`
//! unless consent is given again"). [`record`] stores who withdrew (the resident from the
//! device, or a staff member in the office) as the domain decides over the stored one; the
//! tick erases only the residents' own withdrawals, since one recorded by staff goes to the
//! erasure by two people (`staff::rights::withdraw`). One bounded batch per tick, the oldest
//! withdrawals first; each resident in its own short transaction that checks the rule again
//! on the row (consent may have been given again, or withdrawn from the office, since the
//! look-up) and erases through [`crate::erase`], the same code and the same audit entry as
//! the person's own `DELETE /api/notify/me`.

use crate::settings::Env;
use crate::store::{recipients, withdrawn};
use ratusz_domain::notify::suspension::{
    erasure_cutoff, withdrawal, withdrawn_erasure_due, Withdrawal, WithdrawnBy,
    WITHDRAWN_ERASURE_BATCH,
};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Db;
use ratusz_platform::ApiError;

/// Records consent of recipient `id` withdrawn by `by` at `now` (joins the caller's
/// transaction, so the stored withdrawal it builds on is the one it overwrites).
pub fn record(db: &Db, id: &str, by: WithdrawnBy, now: Timestamp) -> Result<(), ApiError> {
    let Some(row) = recipients::by_id(db, id)? else {
        return Err(ApiError::NotFound);
    };
    let current = row.consent_withdrawn_at.map(|at| Withdrawal {
        at,
        by: WithdrawnBy::from_column(row.consent_withdrawn_by),
    });
    let stored = withdrawal(current, by, now);
    recipients::withdraw_consent(db, id, stored.at, stored.by.column(), now)?;
    Ok(())
}

/// Erases up to one batch of residents due; how many were erased.
pub fn erase_due(env: &Env) -> Result<usize, ApiError> {
    let days = env.settings.withdrawn_days;
    let due = withdrawn::due(
        &env.db,
        erasure_cutoff(days, env.now),
        WITHDRAWN_ERASURE_BATCH,
    )?;
    let mut erased = 0;
    for id in &due {
        let done = env.db.transaction(|db| {
            let still_due = recipients::by_id(db, id)?.is_some_and(|row| {
                withdrawn_erasure_due(
                    row.consent_withdrawn_at,
                    &WithdrawnBy::from_column(row.consent_withdrawn_by),
                    row.erased_at.is_some(),
                    days,
                    env.now,
                )
            });
            if !still_due {
                return Ok::<_, ApiError>(false);
            }
            crate::erase::erase(db, id, env.now)?;
            env.audit(
                "system",
                "recipient.erased",
                &format!("recipient:{id}"),
                serde_json::json!({ "by": "tick", "reason": "consent_withdrawn", "after_days": days }),
            )?;
            Ok(true)
        })?;
        erased += usize::from(done);
    }
    if erased > 0 {
        ratusz_platform::log::info(&format!(
            "erased {erased} resident(s) {days} days after their consent was withdrawn"
        ));
    }
    Ok(erased)
}
