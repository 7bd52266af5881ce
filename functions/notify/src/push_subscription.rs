//! A bound device's Web Push subscription at rest: the browser's record (endpoint and keys,
//! `platform::push::subscriptions::SubscriptionRecord`, the chat's form) sealed under
//! `resident_data_keys` like the resident's other personal fields, bound to the recipient id
//! and the field name, so the key rotation moves it and it opens in no other row.

use crate::keys::ResidentKeys;
use ratusz_platform::push::subscriptions::SubscriptionRecord;
use ratusz_platform::push::PushSubscription;
use ratusz_platform::ApiError;

/// The associated data's field name (beside the recipient id).
pub const FIELD: &str = ratusz_domain::notify::at_rest::PUSH_SUBSCRIPTION;

/// Seals `subscription` for recipient `recipient_id`.
pub fn seal(
    keys: &ResidentKeys,
    recipient_id: &str,
    subscription: &PushSubscription,
) -> Result<String, ApiError> {
    let record = SubscriptionRecord::of(subscription);
    let json = serde_json::to_string(&record).map_err(ApiError::internal)?;
    keys.seal(recipient_id, FIELD, &json)
}
/// Opens recipient `recipient_id`'s sealed subscription.
pub fn open(
    keys: &ResidentKeys,
    recipient_id: &str,
    sealed: &str,
) -> Result<SubscriptionRecord, ApiError> {
    let json = keys.open(recipient_id, FIELD, sealed)?;
    serde_json::from_str(&json).map_err(ApiError::internal)
}
