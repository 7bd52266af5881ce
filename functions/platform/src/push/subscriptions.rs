//! Staff accounts' push subscriptions (table `push_subscriptions`, migration 12).
//!
//! The endpoint (a capability URL: whoever holds it can push to the browser) and the keys are
//! personal data, so a row keeps them only sealed under `data_keys`, bound to its id. An
//! account has a few browsers at most: subscribing the same endpoint again replaces its keys
//! and keeps its id, and past [`MAX_PER_ACCOUNT`] the oldest subscription goes.

use super::request::PushSubscription;
use crate::config::SpinVars;
use crate::db::{self, Db, Value};
use crate::runtime::HostEntropy;
use crate::sealed::Keyring;
use crate::ApiError;
use ratusz_domain::time::Timestamp;
use ratusz_domain::webpush::subscription::PushServices;
use ratusz_domain::webpush::{base64url, from_base64url};
use serde::{Deserialize, Serialize};

/// Browsers one account may have subscribed at once.
pub const MAX_PER_ACCOUNT: usize = 10;
/// What a sealed subscription is for (the associated data, with the row id).
const SEAL_PURPOSE: &str = "push.subscription";

/// What is sealed: the subscription exactly as the browser gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionRecord {
    /// The push service URL.
    pub endpoint: String,
    /// `keys.p256dh`, base64url.
    pub p256dh: String,
    /// `keys.auth`, base64url.
    pub auth: String,
}

impl SubscriptionRecord {
    /// The record of a parsed subscription (keys re-encoded canonically, without padding).
    pub fn of(subscription: &PushSubscription) -> Self {
        Self {
            endpoint: subscription.endpoint.url().to_owned(),
            p256dh: base64url(&subscription.keys.p256dh_bytes()),
            auth: base64url(&subscription.keys.auth_bytes()),
        }
    }

    /// Back to a usable subscription under today's allowed push services (`None` if the
    /// operator has since narrowed them, or the row is damaged).
    pub fn parse(&self, services: &PushServices) -> Option<PushSubscription> {
        // Keys were canonical when stored; decoding first keeps a damaged row from parsing.
        from_base64url(&self.p256dh)?;
        PushSubscription::parse(&self.endpoint, &self.p256dh, &self.auth, services).ok()
    }
}

/// One stored subscription, opened.
#[derive(Debug, Clone)]
pub struct StoredSubscription {
    /// The row id (what `DELETE …/push-subscriptions/{id}` takes).
    pub id: String,
    /// The account it belongs to.
    pub account_id: String,
    /// What the browser gave.
    pub record: SubscriptionRecord,
}

/// Stores `subscription` for `account_id` and returns its id (the existing id when the
/// account already has this endpoint). Seals before writing; no keyring, no row.
pub fn add(
    db: &Db,
    account_id: &str,
    subscription: &PushSubscription,
    now: Timestamp,
) -> Result<String, ApiError> {
    let keyring = Keyring::from_vars(&SpinVars)?;
    let record = SubscriptionRecord::of(subscription);
    let plaintext = serde_json::to_vec(&record).map_err(ApiError::internal)?;
    db.transaction(|db| {
        let existing = of_accounts(db, &keyring, &[account_id])?;
        let id = match existing
            .iter()
            .find(|s| s.record.endpoint == record.endpoint)
        {
            Some(same) => same.id.clone(),
            None => {
                // The oldest first: drop enough to make room for this one.
                let excess = (existing.len() + 1).saturating_sub(MAX_PER_ACCOUNT);
                for old in existing.iter().take(excess) {
                    remove_row(db, &old.id)?;
                }
                crate::runtime::new_id().as_str().to_owned()
            }
        };
        let sealed = keyring
            .seal(SEAL_PURPOSE, &id, &plaintext, &mut HostEntropy)
            .map_err(ApiError::internal)?;
        db.execute(
            "INSERT INTO push_subscriptions (id, account_id, sealed, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed",
            &[
                Value::Text(id.clone()),
                Value::Text(account_id.to_owned()),
                Value::Text(sealed),
                Value::Text(now.to_rfc3339()),
            ],
        )?;
        Ok(id)
    })
}

/// Removes subscription `id` if it is `account_id`'s; whether it was.
pub fn remove(db: &Db, account_id: &str, id: &str) -> Result<bool, ApiError> {
    db.execute(
        "DELETE FROM push_subscriptions WHERE id = ? AND account_id = ?",
        &[
            Value::Text(id.to_owned()),
            Value::Text(account_id.to_owned()),
        ],
    )?;
    Ok(db.changes() > 0)
}

/// Removes subscription `id` whoever it belongs to (the push service said it is gone).
pub fn remove_gone(db: &Db, id: &str) -> Result<(), ApiError> {
    remove_row(db, id)
}

fn remove_row(db: &Db, id: &str) -> Result<(), ApiError> {
    db.execute(
        "DELETE FROM push_subscriptions WHERE id = ?",
        &[Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// Every subscription of these accounts, oldest first. A row that does not open (a key
/// removed from the keyring) is skipped and logged, never sent to.
pub fn of_accounts(
    db: &Db,
    keyring: &Keyring,
    account_ids: &[&str],
) -> Result<Vec<StoredSubscription>, ApiError> {
    let mut found = Vec::new();
    // One query per account keeps the SQL static; a push goes to a handful of people.
    for account_id in account_ids {
        let rows = db.execute(
            "SELECT id, sealed FROM push_subscriptions WHERE account_id = ? ORDER BY created_at, id",
            &[Value::Text((*account_id).to_owned())],
        )?;
        for row in &rows.rows {
            let id = db::text(row, 0, "push_subscriptions.id")?;
            let sealed = db::text(row, 1, "push_subscriptions.sealed")?;
            let record = keyring
                .open(SEAL_PURPOSE, &id, &sealed)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<SubscriptionRecord>(&bytes).ok());
            match record {
                Some(record) => found.push(StoredSubscription {
                    id,
                    account_id: (*account_id).to_owned(),
                    record,
                }),
                None => crate::log::error(&format!(
                    "push: subscription {id} does not open with the keyring; skipped"
                )),
            }
        }
    }
    Ok(found)
}
