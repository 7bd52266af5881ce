//! A recipient's personal fields as typed in a form, and the shapes sent from them.

use ratusz_domain::api::notify::{AddressInput, Recipient, RecipientPatch, Sex};

/// Every personal field as text, as the form holds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD` (a date input's value).
    pub birth_date: String,
    /// `""`, `female` or `male`.
    pub sex: String,
    pub street: String,
    pub number: String,
    pub postal_code: String,
    pub district_id: String,
    pub email: String,
    pub phone: String,
    pub ade_address: String,
}

/// A text field: blank → `None`.
pub fn optional(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl Draft {
    /// The recipient's fields as stored.
    pub fn from_recipient(r: &Recipient) -> Self {
        Self {
            first_name: r.first_name.clone(),
            last_name: r.last_name.clone(),
            birth_date: r.birth_date.clone(),
            sex: r.sex.map(Sex::as_str).unwrap_or_default().to_owned(),
            street: r.address.street.clone(),
            number: r.address.number.clone(),
            postal_code: r.address.postal_code.clone(),
            district_id: r.address.district_id.clone(),
            email: r.email.clone().unwrap_or_default(),
            phone: r.phone.clone().unwrap_or_default(),
            ade_address: r.ade_address.clone().unwrap_or_default(),
        }
    }

    /// The sex chosen, if any.
    pub fn sex(&self) -> Option<Sex> {
        Sex::parse(&self.sex)
    }

    /// The address as sent.
    pub fn address(&self) -> AddressInput {
        AddressInput {
            street: self.street.trim().to_owned(),
            number: self.number.trim().to_owned(),
            postal_code: self.postal_code.trim().to_owned(),
            district_id: self.district_id.clone(),
        }
    }

    /// What changed from `before`, as a `PATCH` (a cleared optional field is `null`).
    pub fn patch_from(&self, before: &Draft) -> RecipientPatch {
        let text = |now: &str, was: &str| (now.trim() != was.trim()).then(|| now.trim().to_owned());
        let nullable = |now: &str, was: &str| (now.trim() != was.trim()).then(|| optional(now));
        let address_changed = self.street.trim() != before.street.trim()
            || self.number.trim() != before.number.trim()
            || self.postal_code.trim() != before.postal_code.trim()
            || self.district_id != before.district_id;
        RecipientPatch {
            first_name: text(&self.first_name, &before.first_name),
            last_name: text(&self.last_name, &before.last_name),
            birth_date: text(&self.birth_date, &before.birth_date),
            sex: (self.sex != before.sex).then(|| self.sex()),
            address: address_changed.then(|| self.address()),
            email: nullable(&self.email, &before.email),
            phone: nullable(&self.phone, &before.phone),
            ade_address: nullable(&self.ade_address, &before.ade_address),
            channels: None,
            quiet_hours: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_carries_only_what_changed_and_null_for_a_cleared_contact() {
        let before = Draft {
            first_name: "Anna".into(),
            street: "Długa".into(),
            email: "a@b.pl".into(),
            phone: "+48600100200".into(),
            ..Draft::default()
        };
        let mut now = before.clone();
        now.phone = " ".into();
        now.street = "Krótka".into();
        let patch = now.patch_from(&before);
        assert_eq!(patch.phone, Some(None));
        assert_eq!(patch.email, None);
        assert_eq!(patch.first_name, None);
        assert_eq!(patch.address.map(|a| a.street).as_deref(), Some("Krótka"));
        assert_eq!(before.patch_from(&before), RecipientPatch::default());
    }
}
