//! The resident registry's rules (docs/api/notifications.md, notifications.md § Recipients):
//! field validation, the validation code policy, verification and consent-document states,
//! the masking of a contact in an answer and the normalisation behind the blind index. No
//! I/O: the `notify` component loads, calls these and stores.

pub mod age;
pub mod at_rest;
pub mod audience;
pub mod code;
pub mod consent;
pub mod consent_document;
pub mod consent_print;
pub mod contact;
pub mod device_token;
pub mod erasure;
pub mod fields;
pub mod key_rotation;
pub mod masking;
pub mod message_input;
pub mod messages;
pub mod placeholders;
pub mod quiet_hours;
#[cfg(feature = "nfkc")]
pub mod recipient_search;
pub mod report;
pub mod rotation_pass;
pub mod sending;
pub mod sms;
pub mod sms_estimate;
pub mod suspension;
pub mod template_fields;
pub mod verification;
