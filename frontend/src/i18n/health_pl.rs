//! Polish strings of the health page.

use super::health::HealthTexts;

/// Polish.
pub const TEXTS: HealthTexts = HealthTexts {
    title: "Stan serwera",
    intro:
        "Co widzą usługi Ratusza: baza danych, kolejka wiadomości, magazyn sesji i dziennik audytu.",
    home_link: "Stan serwera",
    refresh: "Odśwież teraz",
    refreshing: "Odświeżanie…",
    checked_at: "Sprawdzono",
    auto_refresh: "Strona odświeża się sama co 30 sekund.",
    server_heading: "Serwer",
    version: "Wersja",
    server_time: "Czas serwera",
    database_heading: "Baza danych",
    schema_version: "Wersja schematu",
    migrations: "Zastosowane migracje",
    migration_version: "Nr",
    migration_name: "Nazwa",
    migration_applied: "Zastosowano",
    database_size: "Rozmiar",
    journal_mode: "Tryb dziennika",
    outbox_heading: "Kolejka e-maili i SMS-ów",
    outbox_pending: "Czekające",
    outbox_sent: "Wysłane",
    outbox_expired: "Porzucone",
    outbox_oldest: "Najstarsza czekająca",
    outbox_none_waiting: "nic nie czeka",
    kv_heading: "Magazyn sesji (klucz–wartość)",
    kv_ok: "Działa",
    kv_failed: "Nie odpowiada",
    kv_latency: "Czas próby",
    audit_heading: "Dziennik audytu",
    audit_length: "Liczba wpisów",
    audit_head: "Ostatni wpis",
    audit_empty: "brak wpisów",
    audit_link: "Przejdź do dziennika audytu",
    waiting_for: "czeka",
    minutes_short: "min",
};
