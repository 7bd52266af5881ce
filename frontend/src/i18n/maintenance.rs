//! The maintenance banner (every page), one table per language like the main [`super::Texts`].

use super::Lang;

/// Every string of the maintenance banner.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct MaintenanceTexts {
    /// Before a scheduled window: "Przerwa techniczna" — then the times.
    pub scheduled: &'static str,
    /// While a window runs.
    pub in_progress: &'static str,
    /// Between the start and the end time: "od … do …".
    pub from: &'static str,
    pub to: &'static str,
    /// Before the reason.
    pub reason: &'static str,
    /// What it means for the reader.
    pub scheduled_hint: &'static str,
    pub in_progress_hint: &'static str,
}

/// Polish.
pub const PL: MaintenanceTexts = MaintenanceTexts {
    scheduled: "Zaplanowana przerwa techniczna",
    in_progress: "Trwa przerwa techniczna",
    from: "od",
    to: "do",
    reason: "Powód:",
    scheduled_hint: "System będzie wtedy niedostępny — zapisz wcześniej swoją pracę.",
    in_progress_hint: "System jest niedostępny do jej końca.",
};

/// English.
pub const EN: MaintenanceTexts = MaintenanceTexts {
    scheduled: "Scheduled maintenance",
    in_progress: "Maintenance in progress",
    from: "from",
    to: "to",
    reason: "Reason:",
    scheduled_hint: "The system will be unavailable then — save your work before it starts.",
    in_progress_hint: "The system is unavailable until it ends.",
};

/// The table of `lang`.
pub fn texts(lang: Lang) -> &'static MaintenanceTexts {
    match lang {
        Lang::Pl => &PL,
        Lang::En => &EN,
    }
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
        }
        assert_ne!(PL.scheduled, EN.scheduled);
    }
}
