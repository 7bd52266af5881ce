//! The maintenance banner (every page) and the administrator's page (`/admin/maintenance`), one
//! table per language like the main [`super::Texts`].

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
    /// The page.
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub col_start: &'static str,
    pub col_end: &'static str,
    pub col_reason: &'static str,
    pub col_state: &'static str,
    pub col_action: &'static str,
    pub state_scheduled: &'static str,
    pub state_in_progress: &'static str,
    pub state_ended: &'static str,
    pub state_cancelled: &'static str,
    pub cancel: &'static str,
    pub cancelled: &'static str,
    pub form_heading: &'static str,
    pub field_start: &'static str,
    pub field_end: &'static str,
    pub field_reason: &'static str,
    pub time_hint: &'static str,
    pub bad_time: &'static str,
    pub submit: &'static str,
    pub scheduled_done: &'static str,
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
    nav: "Przerwy techniczne",
    title: "Przerwy techniczne",
    intro: "Przerwę można zaplanować tylko w nocy i nigdy w czasie posiedzenia. Wszyscy pracownicy dostaną e-mail, a każda strona pokaże ostrzeżenie.",
    none: "Nie zaplanowano żadnej przerwy.",
    col_start: "Początek",
    col_end: "Koniec",
    col_reason: "Powód",
    col_state: "Stan",
    col_action: "Działanie",
    state_scheduled: "zaplanowana",
    state_in_progress: "trwa",
    state_ended: "zakończona",
    state_cancelled: "odwołana",
    cancel: "Odwołaj przerwę",
    cancelled: "Przerwa została odwołana.",
    form_heading: "Zaplanuj przerwę",
    field_start: "Początek",
    field_end: "Koniec",
    field_reason: "Powód",
    time_hint: "Czas polski.",
    bad_time: "Podaj datę i godzinę.",
    submit: "Zaplanuj przerwę",
    scheduled_done: "Przerwa została zaplanowana.",
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
    nav: "Maintenance",
    title: "Maintenance windows",
    intro: "A window can only be scheduled at night and never during a meeting. Every employee gets an e-mail and every page shows a warning.",
    none: "No window is scheduled.",
    col_start: "Start",
    col_end: "End",
    col_reason: "Reason",
    col_state: "State",
    col_action: "Action",
    state_scheduled: "scheduled",
    state_in_progress: "in progress",
    state_ended: "ended",
    state_cancelled: "called off",
    cancel: "Call off",
    cancelled: "The window was called off.",
    form_heading: "Schedule a window",
    field_start: "Start",
    field_end: "End",
    field_reason: "Reason",
    time_hint: "Polish time.",
    bad_time: "Enter a date and time.",
    submit: "Schedule",
    scheduled_done: "The window was scheduled.",
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
