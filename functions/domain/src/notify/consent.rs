//! The consent text a registration accepts (zgoda na otrzymywanie powiadomień). The Polish
//! text is the one signed; the English one is a courtesy translation. A new text gets a new
//! version: a registration naming an older one is refused (`consent_outdated`).

/// The version of the current text.
pub const VERSION: &str = "2026-1";

/// The Polish text (the one signed).
pub const TEXT_PL: &str = "Wyrażam zgodę na przetwarzanie moich danych osobowych (imię, nazwisko, \
data urodzenia, płeć, adres, numer telefonu, adres e-mail, adres do e-Doręczeń) przez Urząd Miasta \
w celu przesyłania mi powiadomień o sprawach miasta kanałami, które wybrałem/wybrałam. Zgodę mogę \
w każdej chwili wycofać w aplikacji lub w urzędzie; wycofanie zgody nie wpływa na zgodność z prawem \
przetwarzania przed jej wycofaniem. Mam prawo dostępu do swoich danych, ich sprostowania, \
ograniczenia przetwarzania i usunięcia (art. 6 ust. 1 lit. a oraz art. 15–18 RODO).";

/// A courtesy translation.
pub const TEXT_EN: &str = "I consent to the City Office processing my personal data (first and \
last name, date of birth, sex, address, phone number, e-mail address, e-Doręczenia address) to send \
me notifications about the city's affairs over the channels I chose. I may withdraw this consent at \
any time in the app or at the office; withdrawing it does not affect the lawfulness of processing \
before. I have the right to access, rectify, restrict and erase my data (GDPR Art. 6(1)(a) and \
Art. 15–18).";
