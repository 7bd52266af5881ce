//! The printable consent document of a staff registration (zgoda na otrzymywanie powiadomień):
//! one Polish HTML page with the person's data, the consent text and its version, the
//! recipient's id and places for both signatures. Staff print it, the person signs, staff
//! mark it signed and file it. Everything typed by people is escaped: a name like
//! `<script>` prints as text.

use super::consent;
use crate::accounts::local_time::format_pl;
use crate::api::notify::{Channel, Recipient, Sex};
use crate::council::export::escape_html;
use crate::time::Timestamp;

/// Inline CSS only (the document CSP allows no outside resource): readable at 200 % zoom,
/// black on white on paper, signature lines that survive printing.
const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;\
color:#111;background:#fff;margin:0 auto;max-width:48rem;padding:1rem}\
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin-top:1.5rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}\
.consent{border:1px solid #555;padding:.5rem .75rem}\
code{font-family:ui-monospace,Consolas,monospace;word-break:break-all}\
.signatures{display:grid;grid-template-columns:1fr 1fr;gap:2rem;margin-top:3rem}\
.line{border-top:1px solid #111;padding-top:.25rem;margin-top:3rem;font-size:.9rem}\
@media print{body{max-width:none;padding:0;font-size:11pt}}";

/// What the document shows besides the recipient.
pub struct ConsentPrint<'a> {
    /// The recipient (staff read them just before).
    pub recipient: &'a Recipient,
    /// Their district's name.
    pub district_name: &'a str,
    /// When the document is printed.
    pub printed_at: Timestamp,
}

/// The whole document.
pub fn consent_document_html(p: &ConsentPrint<'_>) -> String {
    let r = p.recipient;
    let mut rows = Vec::new();
    rows.push(("Imię", r.first_name.clone()));
    rows.push(("Nazwisko", r.last_name.clone()));
    rows.push(("Data urodzenia", r.birth_date.clone()));
    rows.push(("Płeć", sex_pl(r.sex).to_owned()));
    rows.push((
        "Adres",
        format!(
            "{} {}, {}",
            r.address.street, r.address.number, r.address.postal_code
        ),
    ));
    rows.push(("Osiedle", p.district_name.to_owned()));
    rows.push(("Telefon", r.phone.clone().unwrap_or_else(|| "—".to_owned())));
    rows.push(("E-mail", r.email.clone().unwrap_or_else(|| "—".to_owned())));
    rows.push((
        "Adres do e-Doręczeń",
        r.ade_address.clone().unwrap_or_else(|| "—".to_owned()),
    ));
    rows.push(("Wybrane kanały", channels_pl(&r.channels)));
    let data: String = rows
        .iter()
        .map(|(label, value)| format!("<dt>{label}</dt><dd>{}</dd>\n", escape_html(value)))
        .collect();
    // The text of the version the person accepts; only the current one exists in this
    // build, and staff registrations always take the current one.
    let text = if r.consent.version == consent::VERSION {
        consent::TEXT_PL
    } else {
        "Treść zgody w tej wersji nie jest dostępna w tym wydaniu systemu."
    };
    let body = format!(
        "<h1>Zgoda na otrzymywanie powiadomień z Urzędu Miasta</h1>\n\
         <p>Identyfikator odbiorcy: <code>{id}</code></p>\n\
         <h2>Dane osoby wyrażającej zgodę</h2>\n<dl>\n{data}</dl>\n\
         <h2>Treść zgody (wersja {version})</h2>\n<p class=\"consent\">{text}</p>\n\
         <div class=\"signatures\">\n\
         <p class=\"line\">Data i czytelny podpis osoby wyrażającej zgodę</p>\n\
         <p class=\"line\">Data, podpis i pieczęć pracownika urzędu przyjmującego zgodę</p>\n\
         </div>\n<p>Wydrukowano: {printed}</p>\n",
        id = escape_html(&r.id),
        version = escape_html(&r.consent.version),
        text = escape_html(text),
        printed = format_pl(p.printed_at),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"pl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Zgoda na powiadomienia — {id}</title>\n<style>{CSS}</style>\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        id = escape_html(&r.id),
    )
}

fn sex_pl(sex: Option<Sex>) -> &'static str {
    match sex {
        Some(Sex::Female) => "kobieta",
        Some(Sex::Male) => "mężczyzna",
        None => "nie podano",
    }
}

fn channels_pl(channels: &[Channel]) -> String {
    if channels.is_empty() {
        return "—".to_owned();
    }
    channels
        .iter()
        .map(|c| match c {
            Channel::Email => "e-mail",
            Channel::Sms => "SMS",
            Channel::Push => "powiadomienia w aplikacji",
            Channel::Edoreczenia => "e-Doręczenia",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::notify::{
        Address, ConsentDocument, ConsentDocumentState, ConsentRecord, ConsentState, RegisteredBy,
        Verification,
    };

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn recipient() -> Recipient {
        Recipient {
            id: "01JZRECIPIENT0000000000001".into(),
            first_name: "Zofia".into(),
            last_name: "Żołądź".into(),
            birth_date: "1950-03-04".into(),
            sex: Some(Sex::Female),
            address: Address {
                street: "Piłsudskiego".into(),
                number: "12A/4".into(),
                postal_code: "08-110".into(),
                district_id: "01JZDSTRCT0000000000000001".into(),
            },
            email: None,
            phone: Some("+48600100200".into()),
            ade_address: None,
            channels: vec![Channel::Sms, Channel::Push],
            quiet_hours: None,
            verification: Verification::Unverified,
            suspended: false,
            suspended_until: None,
            consent: ConsentRecord {
                state: ConsentState::Given,
                version: consent::VERSION.into(),
                given_at: t("2026-12-06T10:00:00Z"),
                withdrawn_at: None,
            },
            consent_document: ConsentDocument {
                state: ConsentDocumentState::ToSign,
                signed_at: None,
                archived_at: None,
            },
            device_bound: false,
            registered_by: RegisteredBy::Staff,
            created_at: t("2026-12-06T10:00:00Z"),
            updated_at: t("2026-12-06T10:00:00Z"),
            erasure_request: None,
        }
    }

    fn print(r: &Recipient) -> String {
        consent_document_html(&ConsentPrint {
            recipient: r,
            district_name: "Centrum",
            printed_at: t("2026-12-06T11:30:00Z"),
        })
    }

    #[test]
    fn the_document_holds_the_data_the_text_and_places_to_sign() {
        let html = print(&recipient());
        let expected = [
            "<html lang=\"pl\">",
            "01JZRECIPIENT0000000000001",
            "<dt>Imię</dt><dd>Zofia</dd>",
            "<dt>Nazwisko</dt><dd>Żołądź</dd>",
            "<dt>Data urodzenia</dt><dd>1950-03-04</dd>",
            "<dt>Płeć</dt><dd>kobieta</dd>",
            "<dt>Adres</dt><dd>Piłsudskiego 12A/4, 08-110</dd>",
            "<dt>Osiedle</dt><dd>Centrum</dd>",
            "<dt>Telefon</dt><dd>+48600100200</dd>",
            "<dt>E-mail</dt><dd>—</dd>",
            "<dt>Wybrane kanały</dt><dd>SMS, powiadomienia w aplikacji</dd>",
            "Treść zgody (wersja 2026-1)",
            "Wyrażam zgodę na przetwarzanie moich danych osobowych",
            "Data i czytelny podpis osoby wyrażającej zgodę",
            "Data, podpis i pieczęć pracownika urzędu",
            "Wydrukowano: 06.12.2026, godz. 12:30",
        ];
        for part in expected {
            assert!(html.contains(part), "missing {part}");
        }
        assert!(!html.contains("<script"), "no script at all");
    }

    #[test]
    fn typed_values_print_as_text() {
        let mut r = recipient();
        r.first_name = "<script>alert(1)</script>".into();
        r.address.street = "\"><img src=x onerror=alert(1)>".into();
        r.consent.version = "1999-1".into();
        let html = print(&r);
        assert!(!html.contains("<script>") && !html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            html.contains("nie jest dostępna"),
            "an unknown version's text is not invented"
        );
    }
}
