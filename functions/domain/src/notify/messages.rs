//! The e-mails and SMS of the resident registry, Polish first with English below (the person
//! chose no language on a public form). They never carry personal data beyond the code.

use super::masking;

/// A message to send: subject (e-mail only) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentMessage {
    /// Subject (e-mails).
    pub subject: String,
    /// Plain text.
    pub text: String,
}

/// The validation code, valid `hours`.
pub fn code(code: &str, hours: i64) -> ResidentMessage {
    ResidentMessage {
        subject: "Kod weryfikacyjny powiadomień / Notification validation code".to_owned(),
        text: format!(
            "Twój kod weryfikacyjny: {code}\nWpisz go w aplikacji, aby powiązać urządzenie. \
             Kod jest ważny {hours} h. Jeśli to nie Ty, zignoruj tę wiadomość.\n\n\
             Your validation code: {code}\nEnter it in the app to bind your device. \
             It is valid for {hours} h. If this was not you, ignore this message."
        ),
    }
}

/// Someone tried to register with this contact, which already belongs to a recipient.
pub fn registration_attempt(contact: &str) -> ResidentMessage {
    let shown = if contact.contains('@') {
        masking::mask_email(contact)
    } else {
        masking::mask_phone(contact)
    };
    ResidentMessage {
        subject: "Próba ponownej rejestracji / A repeated registration".to_owned(),
        text: format!(
            "Ktoś próbował zarejestrować w powiadomieniach miasta adres {shown}, który jest już \
             zarejestrowany. Nic nie zmieniliśmy. Jeśli to Ty, poproś w aplikacji o nowy kod.\n\n\
             Someone tried to register {shown} for the city's notifications; it is registered \
             already. Nothing was changed. If it was you, ask the app for a new code."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_carry_the_code_and_no_contact_in_clear() {
        let m = code("12345678", 24);
        assert!(m.text.contains("12345678") && m.text.contains("24 h"));
        let m = registration_attempt("anna.nowak@example.pl");
        assert!(m.text.contains("a***@e***.pl") && !m.text.contains("nowak"));
        let m = registration_attempt("+48600100200");
        assert!(m.text.contains("+48 *** *** 200") && !m.text.contains("600100"));
    }
}
