//! Polish — the default language of the interface.

use super::{Module, Texts};

/// The Polish table.
pub const TEXTS: Texts = Texts {
    app_name: "Ratusz",
    app_tagline: "Platforma dla samorządu",
    lang_name: "Polski",
    skip_to_content: "Przejdź do treści",
    nav_label: "Nawigacja główna",
    nav_home: "Strona główna",
    nav_status: "Stan systemu",
    footer_text: "Ratusz — otwarte oprogramowanie dla gmin i ich mieszkańców.",
    footer_license: "Licencja EUPL-1.2",
    offline_banner: "Brak połączenia z siecią. Widzisz zapisaną wersję aplikacji; \
                     aktualne dane pojawią się, gdy połączenie wróci.",
    home_title: "Witamy w systemie Ratusz",
    home_intro: "Ratusz to otwarta platforma, która pomaga gminie prowadzić pracę rady \
                 i informować mieszkańców. Działa w przeglądarce na komputerze, \
                 tablecie i telefonie, także przy słabym połączeniu.",
    home_modules_heading: "Moduły w przygotowaniu",
    home_modules: [
        Module {
            name: "E-sesja",
            description: "Elektroniczne sesje rady: udzielanie głosu, głosowania \
                          na tabletach, kworum i imienne wyniki głosowań.",
        },
        Module {
            name: "Bezpieczne konta",
            description: "Konta zakładane przez administratora, blokada po nieudanych \
                          logowaniach i jedna aktywna sesja na osobę.",
        },
        Module {
            name: "Powiadomienia dla mieszkańców",
            description: "Komunikaty wysyłane e-mailem, SMS-em, w aplikacji \
                          i przez skrzynkę ePUAP, z poszanowaniem RODO.",
        },
        Module {
            name: "Komunikator rady",
            description: "Wiadomości między radnymi i Biurem Rady bez płatnych \
                          zewnętrznych usług.",
        },
    ],
    home_modules_note: "Te moduły jeszcze nie działają — pojawią się w kolejnych wersjach.",
    home_status_prompt: "Możesz już sprawdzić, czy serwer działa:",
    status_title: "Stan systemu",
    status_intro: "Ta strona sprawdza, czy serwer odpowiada i czy działają jego magazyny danych.",
    status_loading: "Sprawdzanie stanu systemu…",
    status_check_again: "Sprawdź ponownie",
    status_overall_ok: "System działa poprawnie.",
    status_overall_degraded: "System działa z zakłóceniami.",
    status_unknown: "Nie wiadomo, czy system działa.",
    status_table_caption: "Wyniki sprawdzenia",
    status_col_component: "Składnik",
    status_col_state: "Stan",
    status_col_latency: "Czas odpowiedzi",
    status_check_kv: "Magazyn klucz–wartość (sesje, liczniki)",
    status_check_sqlite: "Baza danych SQLite",
    status_ok: "Działa",
    status_failed: "Nie działa",
    status_version: "Wersja",
    latency_unit: "ms",
    decimal_separator: ",",
    error_heading: "Nie udało się pobrać danych",
    error_network: "Brak połączenia z serwerem. Sprawdź połączenie z siecią i spróbuj ponownie.",
    error_unexpected: "Serwer zwrócił nieoczekiwaną odpowiedź. Spróbuj ponownie za chwilę.",
    error_status_code: "Kod odpowiedzi",
    not_found_title: "Nie znaleziono strony",
    not_found_text: "Strona o tym adresie nie istnieje. Mogła zostać przeniesiona \
                     albo adres zawiera błąd.",
    not_found_home_link: "Przejdź na stronę główną",
};
