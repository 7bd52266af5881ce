//! Web Push deliveries (docs/api/notifications-messages.md § Progress): the drain hands over a
//! batch of push jobs it has already checked (standing, quiet hours) and filled; this opens
//! each resident's sealed subscription, encrypts and signs through `platform::push` (RFC 8291,
//! RFC 8292), POSTs a few at once, and says what each answer means. A 404/410 from the push
//! service removes that subscription (if the device has not given a newer one meanwhile).
//! Called outside any transaction; the one write (removing gone subscriptions) is short.

use crate::keys::ResidentKeys;
use crate::push_subscription;
use crate::store::devices;
use ratusz_domain::api::notify_messages::Category;
use ratusz_domain::time::Timestamp;
use ratusz_platform::config::SpinVars;
use ratusz_platform::db::Db;
use ratusz_platform::log;
use ratusz_platform::push::{
    self, Delivery, PushConfig, PushMessage, PushNotification, PushSubscription, Urgency,
};
use std::collections::HashMap;

/// How long a push service keeps a push for a phone that is offline: three days (a warning
/// or an event later than that is better read in the app's list, which has it anyway).
pub const TTL_S: u32 = 3 * 24 * 3600;

/// The same-origin page a resident's notification opens: the message in "Wiadomości".
pub fn message_url(message_id: &str) -> String {
    format!("/residents/messages/{message_id}")
}

/// A notification's body: the filled text, cut at [`BODY_MAX_CHARS`] (a push payload is at
/// most 4 KiB once encrypted; the whole text is on the message's page).
pub fn notification_body(text: &str) -> String {
    if text.chars().count() <= BODY_MAX_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(BODY_MAX_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Characters of a text a notification carries.
pub const BODY_MAX_CHARS: usize = 500;

/// How urgently a push service should wake the phone: a crisis at once, the rest normally.
pub fn urgency(category: Category) -> Urgency {
    match category {
        Category::Crisis => Urgency::High,
        _ => Urgency::Normal,
    }
}

/// One push to send: a delivery to a resident's bound device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushJob {
    /// The delivery's id (what the outcome names).
    pub delivery_id: String,
    /// Whose device.
    pub recipient_id: String,
    /// The notification's title (placeholders filled).
    pub title: String,
    /// Its body (placeholders filled).
    pub body: String,
    /// The page it opens ([`message_url`]).
    pub url: String,
    /// `Urgency` (a crisis: high).
    pub urgency: Urgency,
}

/// What became of one push.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// The push service took it (for push the last word: the delivery is `sent`).
    Sent,
    /// 404/410: the subscription is gone and was removed (`failed`).
    Gone,
    /// 429, 5xx, no answer, or nothing to send it with now: try again (not before `after_s`).
    Retry {
        /// The push service's `Retry-After`, in seconds.
        after_s: Option<u32>,
    },
    /// Refused for good (our fault, or a subscription that no longer opens or is outside
    /// `push_service_origin`): `failed`.
    Failed,
    /// The device has no subscription (any more): `skipped`, as a lost contact.
    NoSubscription,
}

/// Sends `jobs`, answering every delivery id with its outcome (in the jobs' order).
pub async fn send_batch(
    db: &Db,
    keys: &ResidentKeys,
    jobs: Vec<PushJob>,
    now: Timestamp,
) -> Vec<(String, PushOutcome)> {
    let every = |outcome: PushOutcome| -> Vec<(String, PushOutcome)> {
        jobs.iter()
            .map(|j| (j.delivery_id.clone(), outcome))
            .collect()
    };
    let config = match PushConfig::from_vars(&SpinVars) {
        Ok(Some(config)) => config,
        Ok(None) => {
            // Push turned off after residents subscribed: nothing can sign these.
            log::error("push: vapid_private_key is unset; push deliveries fail");
            return every(PushOutcome::Failed);
        }
        Err(e) => {
            log::error(&format!("push: {e}"));
            return every(PushOutcome::Retry { after_s: None });
        }
    };
    let mut ids: Vec<String> = jobs.iter().map(|j| j.recipient_id.clone()).collect();
    ids.sort();
    ids.dedup();
    let stored: HashMap<String, String> = match devices::push_subscriptions_of(db, &ids) {
        Ok(rows) => rows.into_iter().collect(),
        Err(e) => {
            log::error(&format!("push: reading subscriptions: {e}"));
            return every(PushOutcome::Retry { after_s: None });
        }
    };
    let mut outcomes: Vec<PushOutcome> = vec![PushOutcome::NoSubscription; jobs.len()];
    // (job index, subscription, its sealed text, message)
    let mut sends: Vec<(usize, PushSubscription, &str, PushMessage)> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        let Some(sealed) = stored.get(&job.recipient_id) else {
            continue;
        };
        match subscription_of(keys, &config, job, sealed) {
            Some(subscription) => sends.push((i, subscription, sealed, message(job))),
            None => outcomes[i] = PushOutcome::Failed,
        }
    }
    let pushes: Vec<(&PushSubscription, &PushMessage)> = sends
        .iter()
        .map(|(_, subscription, _, message)| (subscription, message))
        .collect();
    let answers = push::send_all(&config, &pushes, now).await;
    let mut gone: Vec<(&str, &str)> = Vec::new();
    for ((i, _, sealed, _), answer) in sends.iter().zip(answers) {
        outcomes[*i] = match answer {
            Delivery::Delivered => PushOutcome::Sent,
            Delivery::Gone => {
                gone.push((jobs[*i].recipient_id.as_str(), sealed));
                PushOutcome::Gone
            }
            Delivery::Retry { after_s } => PushOutcome::Retry {
                after_s: after_s.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
            },
            Delivery::Refused { status } => {
                log::error(&format!(
                    "push: delivery {} refused ({status})",
                    jobs[*i].delivery_id
                ));
                PushOutcome::Failed
            }
        };
    }
    if !gone.is_empty() {
        let removed = db.transaction(|db| {
            for (recipient_id, sealed) in &gone {
                devices::remove_gone_push_subscription(db, recipient_id, sealed)?;
            }
            Ok::<_, ratusz_platform::db::DbError>(())
        });
        if let Err(e) = removed {
            log::error(&format!("push: removing gone subscriptions: {e}"));
        }
    }
    jobs.iter()
        .zip(outcomes)
        .map(|(job, outcome)| (job.delivery_id.clone(), outcome))
        .collect()
}

/// The job's subscription, opened and allowed; `None` (logged) when it does not open or its
/// push service is outside `push_service_origin` now.
fn subscription_of(
    keys: &ResidentKeys,
    config: &PushConfig,
    job: &PushJob,
    sealed: &str,
) -> Option<PushSubscription> {
    let record = push_subscription::open(keys, &job.recipient_id, sealed)
        .map_err(|e| {
            log::error(&format!(
                "push: recipient {}'s subscription does not open: {e:?}",
                job.recipient_id
            ))
        })
        .ok()?;
    let parsed = record.parse(&config.services);
    if parsed.is_none() {
        log::error(&format!(
            "push: recipient {}'s subscription is outside push_service_origin",
            job.recipient_id
        ));
    }
    parsed
}

fn message(job: &PushJob) -> PushMessage {
    PushMessage {
        notification: PushNotification {
            title: job.title.clone(),
            body: job.body.clone(),
            url: job.url.clone(),
        },
        ttl_s: TTL_S,
        urgency: job.urgency,
        topic: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_carries_the_start_of_a_long_text_and_a_crisis_wakes_the_phone() {
        assert_eq!(notification_body("Krótko."), "Krótko.");
        let exact = "ą".repeat(BODY_MAX_CHARS);
        assert_eq!(notification_body(&exact), exact);
        let long = format!("{} koniec", "ż".repeat(BODY_MAX_CHARS));
        let body = notification_body(&long);
        assert_eq!(body.chars().count(), BODY_MAX_CHARS);
        assert!(body.ends_with('…'));
        assert_eq!(urgency(Category::Crisis), Urgency::High);
        assert_eq!(urgency(Category::Warning), Urgency::Normal);
        assert_eq!(message_url("01J"), "/residents/messages/01J");
    }
}
