//! How a recipient lies at rest, written once for the `notify` component and for the bench's
//! seeder (`cargo xtask bench --notify-only`): which columns are sealed and in what order,
//! the associated data that binds each ciphertext to its row and column, and the blind index
//! inputs of the contacts. The sealing itself is `ratusz_platform::sealed` and
//! `ratusz_platform::blind_index`; nothing here holds a key.

use super::contact::{index_input_email, index_input_phone};
use super::fields::{clock_minutes, default_quiet_hours, RecipientFields};
use crate::api::notify::QuietHours;

/// The associated data's purpose of a recipient's field.
pub const PURPOSE: &str = "notify.recipient";

/// The sealed personal columns of `notify_recipients`, in this order everywhere.
pub const PERSONAL: [&str; 11] = [
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "street",
    "house_number",
    "postal_code",
    "email",
    "phone",
    "ade_address",
    "quiet_hours",
];

/// The stored text of quiet hours: `HH:MM-HH:MM`, or [`NO_QUIET_HOURS`].
pub const NO_QUIET_HOURS: &str = "none";

/// The binding names of the sealed values outside the personal columns: the device's label
/// (`notify_devices`) and a staff erasure request's reason. Sealing and the key rotation
/// both name them from here, so a rename cannot leave the rotation unable to open them.
pub const DEVICE_LABEL: &str = "device_label";
/// See [`DEVICE_LABEL`].
pub const ERASURE_REASON: &str = "erasure_reason";
/// See [`DEVICE_LABEL`]: the device's Web Push subscription (`notify_devices`).
pub const PUSH_SUBSCRIPTION: &str = "push_subscription";

/// The associated data's row binding of column `column` of recipient `id`: a ciphertext
/// copied into another row or column does not open.
pub fn binding(id: &str, column: &str) -> String {
    format!("{id}:{column}")
}

/// The personal values of `fields` in [`PERSONAL`] order (`None`: not given).
pub fn personal_values(f: &RecipientFields) -> [Option<String>; PERSONAL.len()] {
    [
        Some(f.first_name.clone()),
        Some(f.last_name.clone()),
        Some(f.birth_date.clone()),
        f.sex.map(|s| s.as_str().to_owned()),
        Some(f.address.street.clone()),
        Some(f.address.number.clone()),
        Some(f.address.postal_code.clone()),
        f.email.clone(),
        f.phone.clone(),
        f.ade_address.clone(),
        Some(quiet_hours_text(f.quiet_hours.as_ref())),
    ]
}

/// What column `quiet_hours` holds (before sealing) for `quiet_hours`.
pub fn quiet_hours_text(quiet_hours: Option<&QuietHours>) -> String {
    quiet_hours.map_or_else(
        || NO_QUIET_HOURS.to_owned(),
        |q| format!("{}-{}", q.start, q.end),
    )
}

/// The quiet hours of an opened `quiet_hours` column: NULL (a row from before migration 16)
/// is the default; `None` for a text that is neither form (a damaged row).
pub fn quiet_hours_of(stored: Option<&str>) -> Option<Option<QuietHours>> {
    let Some(text) = stored else {
        return Some(Some(default_quiet_hours()));
    };
    if text == NO_QUIET_HOURS {
        return Some(None);
    }
    let (start, end) = text.split_once('-')?;
    clock_minutes(start)?;
    clock_minutes(end)?;
    Some(Some(QuietHours {
        start: start.to_owned(),
        end: end.to_owned(),
    }))
}

/// The blind index inputs of the e-mail and of the phone, when given.
pub fn index_inputs(f: &RecipientFields) -> (Option<String>, Option<String>) {
    (
        f.email.as_deref().map(index_input_email),
        f.phone.as_deref().map(index_input_phone),
    )
}

/// The staff list's district pass, one batch: the ids (newest first, below a cursor) of the
/// residents with data in a district, optionally in one verification state, with the sealed
/// columns `sealed` (names from [`PERSONAL`]) the filters open. Parameters: district id, the
/// id to continue below ([`ABOVE_EVERY_ID`] at the start), the verification state twice (NULL:
/// any), the batch size. Written here so the bench and the tests ask SQLite for this exact
/// statement's plan: it must walk `notify_recipients_district_id` (migration 13) in order,
/// with no temp B-tree sorting the district.
pub fn district_batch_sql(sealed: &[&str]) -> String {
    let mut columns = vec!["id"];
    columns.extend(sealed.iter().filter(|c| PERSONAL.contains(c)));
    format!(
        "SELECT {} FROM notify_recipients \
         WHERE district_id = ? AND erased_at IS NULL AND id < ? \
         AND (? IS NULL OR verification = ?) \
         ORDER BY id DESC LIMIT ?",
        columns.join(", ")
    )
}

/// A cursor above every id (ids are ASCII; SQLite compares text bytewise, and U+10FFFF's
/// UTF-8 starts with 0xF4), so the first batch needs no statement of its own.
pub const ABOVE_EVERY_ID: &str = "\u{10FFFF}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::notify::{Channel, Sex};
    use crate::notify::fields::CleanAddress;

    fn anna() -> RecipientFields {
        RecipientFields {
            first_name: "Anna".into(),
            last_name: "Nowak".into(),
            birth_date: "1980-02-03".into(),
            sex: Some(Sex::Female),
            address: CleanAddress {
                street: "Piłsudskiego".into(),
                number: "5/2".into(),
                postal_code: "08-110".into(),
                district_id: "d".into(),
            },
            email: Some("anna@example.pl".into()),
            phone: None,
            ade_address: None,
            channels: vec![Channel::Email],
            quiet_hours: Some(default_quiet_hours()),
        }
    }

    #[test]
    fn values_follow_the_column_order() {
        let values = personal_values(&anna());
        let by_column: Vec<(&str, Option<&str>)> = PERSONAL
            .iter()
            .copied()
            .zip(values.iter().map(|v| v.as_deref()))
            .collect();
        assert_eq!(
            by_column,
            [
                ("first_name", Some("Anna")),
                ("last_name", Some("Nowak")),
                ("birth_date", Some("1980-02-03")),
                ("sex", Some("female")),
                ("street", Some("Piłsudskiego")),
                ("house_number", Some("5/2")),
                ("postal_code", Some("08-110")),
                ("email", Some("anna@example.pl")),
                ("phone", None),
                ("ade_address", None),
                ("quiet_hours", Some("22:00-07:00")),
            ]
        );
    }

    #[test]
    fn quiet_hours_are_stored_as_text_and_read_back() {
        let q = |s: &str, e: &str| QuietHours {
            start: s.into(),
            end: e.into(),
        };
        let cases: [(Option<&str>, Option<Option<QuietHours>>); 6] = [
            (None, Some(Some(q("22:00", "07:00")))),
            (Some("none"), Some(None)),
            (Some("23:30-06:15"), Some(Some(q("23:30", "06:15")))),
            (Some("08:00-16:00"), Some(Some(q("08:00", "16:00")))),
            (Some("8:00-16:00"), None),
            (Some("garbage"), None),
        ];
        for (stored, expected) in cases {
            assert_eq!(quiet_hours_of(stored), expected, "{stored:?}");
        }
        for value in [None, Some(q("21:00", "06:00"))] {
            let text = quiet_hours_text(value.as_ref());
            assert_eq!(quiet_hours_of(Some(&text)), Some(value));
        }
    }

    #[test]
    fn the_district_batch_reads_only_known_columns() {
        let sql = district_batch_sql(&["birth_date", "id; DROP TABLE x", "last_name"]);
        assert!(sql.starts_with("SELECT id, birth_date, last_name FROM"));
        assert!(sql.contains("ORDER BY id DESC LIMIT ?"));
        assert!("01JZZZZZZZZZZZZZZZZZZZZZZZ" < ABOVE_EVERY_ID);
        assert!("~~~~" < ABOVE_EVERY_ID);
    }

    #[test]
    fn bindings_and_index_inputs_are_the_stored_formats() {
        // Changing either makes every stored value unreadable or unfindable: keep them.
        assert_eq!(binding("01J", "email"), "01J:email");
        assert_eq!(
            index_inputs(&anna()),
            (Some("email:anna@example.pl".into()), None)
        );
    }
}
