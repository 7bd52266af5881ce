//! The administrator's page of the residents' keys (`/admin/resident-keys`) and its link on
//! the health page, one table per language like the main [`super::Texts`].

use super::Lang;

/// Every string of the residents' keys page.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ResidentKeysTexts {
    /// The health page's link.
    pub link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub keys_heading: &'static str,
    pub sealing_key: &'static str,
    pub index_key: &'static str,
    pub counts_heading: &'static str,
    pub col_key: &'static str,
    pub col_ciphertexts: &'static str,
    pub col_indexes: &'static str,
    pub active_mark: &'static str,
    pub no_data: &'static str,
    pub rotation_heading: &'static str,
    pub rotation_none: &'static str,
    pub rotation_running: &'static str,
    pub rotation_done: &'static str,
    pub started_at: &'static str,
    /// "{done} z {total} pozycji (…)": residents, reports and photos, as the rotation counts.
    pub progress: &'static str,
    pub progress_label: &'static str,
    pub polling_hint: &'static str,
    pub start: &'static str,
    pub starting: &'static str,
    pub start_hint: &'static str,
    pub started: &'static str,
    /// 409 `conflict` rule `rotation_running`.
    pub already_running: &'static str,
}

/// Polish.
pub const PL: ResidentKeysTexts = ResidentKeysTexts {
    link: "Klucze danych mieszkańców",
    title: "Klucze danych mieszkańców",
    intro: "Dane osobowe mieszkańców są zaszyfrowane pole po polu, a adresy e-mail i numery telefonów mają indeks do wyszukiwania. Ta strona pokazuje tylko identyfikatory kluczy i liczby — żadnych danych mieszkańców.",
    keys_heading: "Klucze w użyciu",
    sealing_key: "Klucz szyfrujący (pierwszy w resident_data_keys)",
    index_key: "Klucz indeksu (pierwszy w resident_index_key)",
    counts_heading: "Zaszyfrowane wartości według klucza",
    col_key: "Identyfikator klucza",
    col_ciphertexts: "Zaszyfrowane pola",
    col_indexes: "Indeksy e-mail i telefonu",
    active_mark: "(w użyciu)",
    no_data: "Rejestr nie zawiera jeszcze żadnych danych.",
    rotation_heading: "Zmiana klucza",
    rotation_none: "Klucze nie były jeszcze zmieniane.",
    rotation_running: "Trwa ponowne szyfrowanie.",
    rotation_done: "Ponowne szyfrowanie zakończone.",
    started_at: "Rozpoczęto:",
    progress: "{done} z {total} pozycji (mieszkańcy, zgłoszenia, zdjęcia)",
    progress_label: "Postęp ponownego szyfrowania",
    polling_hint: "Postęp odświeża się sam co kilka sekund.",
    start: "Zaszyfruj ponownie nowymi kluczami",
    starting: "Uruchamianie…",
    start_hint: "Najpierw dodaj nowy klucz na początku obu zmiennych i uruchom serwer ponownie. Dane są szyfrowane ponownie partiami przy każdym cyklu zadań w tle; stary klucz usuń dopiero, gdy wszystkie wartości są pod nowym.",
    started: "Ponowne szyfrowanie zostało uruchomione.",
    already_running: "Ponowne szyfrowanie już trwa — poczekaj na jego koniec.",
};

/// English.
pub const EN: ResidentKeysTexts = ResidentKeysTexts {
    link: "Residents' data keys",
    title: "Residents' data keys",
    intro: "Residents' personal data is encrypted field by field, and e-mail addresses and phone numbers have a look-up index. This page shows only key ids and counts — no resident's data.",
    keys_heading: "Keys in use",
    sealing_key: "Sealing key (first in resident_data_keys)",
    index_key: "Index key (first in resident_index_key)",
    counts_heading: "Encrypted values by key",
    col_key: "Key id",
    col_ciphertexts: "Encrypted fields",
    col_indexes: "E-mail and phone indexes",
    active_mark: "(in use)",
    no_data: "The registry holds no data yet.",
    rotation_heading: "Key rotation",
    rotation_none: "The keys have not been rotated yet.",
    rotation_running: "Re-encryption is running.",
    rotation_done: "Re-encryption finished.",
    started_at: "Started:",
    progress: "{done} of {total} items (residents, reports, photos)",
    progress_label: "Re-encryption progress",
    polling_hint: "The progress refreshes by itself every few seconds.",
    start: "Re-encrypt under the new keys",
    starting: "Starting…",
    start_hint: "First add the new key in front of both variables and restart the server. The data is re-encrypted in batches on every background cycle; remove the old key only once every value is under the new one.",
    started: "Re-encryption has started.",
    already_running: "Re-encryption is already running — wait until it ends.",
};

/// The table of `lang`.
pub fn texts(lang: Lang) -> &'static ResidentKeysTexts {
    match lang {
        Lang::Pl => &PL,
        Lang::En => &EN,
    }
}

/// "{done} of {total} residents" in `lang`'s words.
pub fn progress(t: &ResidentKeysTexts, done: u64, total: u64) -> String {
    t.progress
        .replace("{done}", &done.to_string())
        .replace("{total}", &total.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_fill_every_string_and_differ() {
        let pl = serde_json::to_value(&PL).unwrap_or_default();
        let en = serde_json::to_value(&EN).unwrap_or_default();
        let fields = pl.as_object().map(|o| o.len()).unwrap_or(0);
        assert!(fields > 0);
        for (key, value) in pl.as_object().into_iter().flatten() {
            assert!(!value.as_str().unwrap_or("").is_empty(), "pl {key}");
            assert!(!en[key].as_str().unwrap_or("").is_empty(), "en {key}");
            assert_ne!(value, &en[key], "{key} is translated");
        }
        assert_eq!(
            progress(&PL, 3, 10),
            "3 z 10 pozycji (mieszkańcy, zgłoszenia, zdjęcia)"
        );
        assert_eq!(
            progress(&EN, 3, 10),
            "3 of 10 items (residents, reports, photos)"
        );
    }
}
