//! The resident's screens (issue 15, docs/api/notifications.md § Public, § The bound device):
//! `/residents/register` (self-registration), `/residents/bind` (a code binds this device) and
//! `/residents/me` ("Moje dane" with the GDPR rights, or how to start on an unbound device),
//! `/residents/messages` ("Wiadomości", issue 16) and `/residents/news` (the public feed).
//! They run in the office bundle (`crate::bundle`); the device token is `crate::resident_device`'s.

pub mod bind;
mod bind_form;
// The staff's registry screens (`crate::pages::registry`) use the same fields and drafts.
pub(crate) mod draft;
pub mod me;
mod me_actions;
pub mod messages;
pub mod news;
pub(crate) mod person_fields;
mod push;
// The staff's resident page shows the hours the same way.
pub(crate) mod quiet_hours;
pub mod register;

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::i18n::{use_texts, ResidentTexts};

/// The resident's table of the active language.
#[hook]
pub fn use_resident_texts() -> &'static ResidentTexts {
    use_texts().residents
}

/// A form's refusals: API field name → sentence.
pub type Errors = BTreeMap<String, String>;

/// The refusal of `field`, for a control's `error`.
pub fn error_of(errors: &Errors, field: &str) -> Option<AttrValue> {
    errors.get(field).cloned().map(AttrValue::from)
}
