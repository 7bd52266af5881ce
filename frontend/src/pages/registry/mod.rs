//! The staff's screens of the resident registry (issue 15, docs/api/notifications.md § Staff),
//! under `/registry/` in the office bundle (`crate::bundle`): for `notifier_admin` the list
//! with search (`list`), a registration at the resident's request (`register`), a resident's
//! data with every staff action (`recipient`, `recipient_actions`), the districts
//! (`districts`); for `notifier` and `notifier_admin` the counts (`stats`). The personal
//! fields are the resident's form's (`pages::residents::person_fields`), the rules the
//! domain's; the server decides who may do what.

pub mod districts;
pub mod list;
pub mod recipient;
mod recipient_actions;
pub mod register;
pub mod stats;

use ratusz_domain::api::notify::{ConsentDocumentState, District, Verification};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::notify;
use crate::i18n::registry::{self, RegistryTexts};
use crate::i18n::{use_lang, ResidentTexts};

/// The registry's table of the active language.
#[hook]
pub fn use_registry_texts() -> &'static RegistryTexts {
    registry::texts(use_lang())
}

/// The city's districts, loaded once (empty until they arrive).
#[hook]
pub fn use_districts() -> UseStateHandle<Vec<District>> {
    let districts = use_state(Vec::new);
    {
        let districts = districts.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(list) = notify::districts().await {
                    districts.set(list.items);
                }
            });
        });
    }
    districts
}

/// A district's name from the list, else its id.
pub fn district_name(districts: &[District], id: &str) -> String {
    districts
        .iter()
        .find(|d| d.id == id)
        .map_or_else(|| id.to_owned(), |d| d.name.clone())
}

/// A verification state in words (the resident's table says them the same way).
pub fn verification_name(v: Verification, r: &ResidentTexts) -> &'static str {
    match v {
        Verification::Unverified => r.verification_unverified,
        Verification::Verified => r.verification_verified,
        Verification::Restricted => r.verification_restricted,
    }
}

/// A consent document's state in words.
pub fn document_name(state: ConsentDocumentState, t: &RegistryTexts) -> &'static str {
    match state {
        ConsentDocumentState::NotNeeded => t.doc_not_needed,
        ConsentDocumentState::ToSign => t.doc_to_sign,
        ConsentDocumentState::Signed => t.doc_signed,
        ConsentDocumentState::Archived => t.doc_archived,
    }
}
