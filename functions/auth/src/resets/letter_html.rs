//! The printable letter of a `letter` reset (A4, Polish first, English below) with the start
//! password and the proxy authorisation form F-01. Pure: data in, HTML out; every value a
//! person typed is escaped.

use ratusz_domain::accounts::local_time::{format_en, format_pl};
use ratusz_domain::time::Timestamp;

/// What the letter shows.
pub struct LetterData<'a> {
    /// The holder's "First Last".
    pub holder_name: &'a str,
    /// The login e-mail.
    pub email: &'a str,
    /// The holder's unit.
    pub unit_name: &'a str,
    /// The start password, in clear, shown this once.
    pub password: &'a str,
    /// When the start password stops working.
    pub expires_at: Timestamp,
    /// The reset request's id (reference number).
    pub reset_id: &'a str,
    /// When printed.
    pub printed_at: Timestamp,
    /// Where to sign in (may be empty).
    pub app_url: &'a str,
}

/// `text` safe inside HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
@page { size: A4; margin: 20mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 11pt; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; }
.en { color: #333; }
.meta { font-size: 9pt; color: #444; }
.password { font-family: 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 18pt; letter-spacing: 1mm; border: 2px solid #000; padding: 4mm; margin: 4mm 0; text-align: center; }
.form { page-break-before: always; break-before: page; }
.line { border-bottom: 1px solid #000; height: 9mm; margin-bottom: 2mm; }
.label { font-size: 9pt; }
.signatures { display: flex; gap: 10mm; margin-top: 10mm; }
.signatures div { flex: 1; }
@media screen { body { margin: 10mm auto; } .no-print { background: #ffe; border: 1px solid #cc9; padding: 3mm; } }
@media print { .no-print { display: none; } }
";

fn blank(label: &str) -> String {
    format!("<div class=\"line\"></div><div class=\"label\">{label}</div>")
}

/// The whole HTML document.
pub fn render(d: &LetterData) -> String {
    let name = escape(d.holder_name);
    let email = escape(d.email);
    let unit = escape(d.unit_name);
    let password = escape(d.password);
    let id = escape(d.reset_id);
    let url = if d.app_url.is_empty() {
        String::from("—")
    } else {
        escape(d.app_url)
    };
    let (exp_pl, exp_en) = (
        escape(&format_pl(d.expires_at)),
        escape(&format_en(d.expires_at)),
    );
    let (printed_pl, printed_en) = (
        escape(&format_pl(d.printed_at)),
        escape(&format_en(d.printed_at)),
    );
    let form_lines = [
        blank("Imię i nazwisko posiadacza konta / Account holder's full name"),
        blank("Adres e-mail (login) posiadacza konta / Account holder's e-mail (login)"),
        blank("Imię i nazwisko osoby upoważnionej / Proxy's full name"),
        blank("Rodzaj i numer dokumentu tożsamości osoby upoważnionej / Proxy's identity document, kind and number"),
        blank("Data / Date"),
    ]
    .concat();
    format!(
        "<!DOCTYPE html>
<html lang=\"pl\">
<head>
<meta charset=\"utf-8\">
<meta name=\"robots\" content=\"noindex\">
<title>Ratusz — hasło startowe / start password</title>
<style>{STYLE}</style>
</head>
<body>
<p class=\"no-print\">Ta strona jest wyświetlana tylko raz. Wydrukuj ją teraz. / This page is shown only once. Print it now.</p>
<p class=\"meta\">Procedura PZO-01 · wydrukowano / printed {printed_pl} ({printed_en})</p>
<section lang=\"pl\">
<h1>Nowe hasło startowe do systemu Ratusz</h1>
<p><strong>{name}</strong><br>{email}<br>{unit}</p>
<p>Na Twój wniosek administrator nadał nowe hasło startowe do konta w systemie Ratusz. Dotychczasowe hasło już nie działa.</p>
<div class=\"password\">{password}</div>
<p>Hasło startowe jest ważne do <strong>{exp_pl}</strong>.</p>
<ol>
<li>Zaloguj się pod adresem {url}, podając login <strong>{email}</strong> i powyższe hasło.</li>
<li>System poprosi o ustawienie własnego hasła (co najmniej 12 znaków) — zrób to od razu.</li>
<li>Zniszcz ten list po zmianie hasła. Nie przekazuj hasła nikomu.</li>
</ol>
</section>
<section lang=\"en\" class=\"en\">
<h2>New start password for Ratusz</h2>
<p>At your request an administrator has issued a new start password for your Ratusz account. Your previous password no longer works.</p>
<p>The start password above is valid until <strong>{exp_en}</strong>.</p>
<ol>
<li>Sign in at {url} with the login <strong>{email}</strong> and the password above.</li>
<li>You will be asked to set your own password (at least 12 characters) — do it straight away.</li>
<li>Destroy this letter after changing the password. Never share the password.</li>
</ol>
</section>
<section class=\"form\">
<h1>Upoważnienie do odbioru hasła (formularz F-01)</h1>
<h2 class=\"en\">Authorisation to collect the password (form F-01)</h2>
<p>Upoważniam wskazaną niżej osobę do odbioru w moim imieniu listu z hasłem startowym do systemu Ratusz. Osoba upoważniona okazuje dokument tożsamości.</p>
<p class=\"en\">I authorise the person named below to collect on my behalf the letter with the start password for Ratusz. The proxy shows an identity document.</p>
<p class=\"meta\">Nr wniosku / request no. {id}</p>
{form_lines}
<div class=\"signatures\">
<div>{sig_holder}</div>
<div>{sig_proxy}</div>
</div>
<div class=\"signatures\">
<div>{sig_staff}</div>
<div></div>
</div>
</section>
</body>
</html>
",
        sig_holder = blank("Podpis posiadacza konta / Account holder's signature"),
        sig_proxy = blank("Podpis osoby upoważnionej / Proxy's signature"),
        sig_staff = blank("Podpis wydającego / Signature of the issuing staff member"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data<'a>(name: &'a str, unit: &'a str) -> LetterData<'a> {
        LetterData {
            holder_name: name,
            email: "anna@gmina.pl",
            unit_name: unit,
            password: "Kx7tRm4aPq9WcHjN3vEy",
            expires_at: Timestamp::from_unix_ms(1_795_425_875_000),
            reset_id: "01JABC",
            printed_at: Timestamp::from_unix_ms(1_795_425_875_000),
            app_url: "https://rada.gmina.pl",
        }
    }

    #[test]
    fn escape_table() {
        let cases = [
            ("Anna", "Anna"),
            ("<script>", "&lt;script&gt;"),
            ("a & b", "a &amp; b"),
            ("\"x\" 'y'", "&quot;x&quot; &#39;y&#39;"),
            ("Łódź", "Łódź"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape(input), expected);
        }
    }

    #[test]
    fn the_letter_shows_password_holder_and_form() {
        let html = render(&data("Anna Nowak", "Szkoła nr 3"));
        assert!(html.contains("<div class=\"password\">Kx7tRm4aPq9WcHjN3vEy</div>"));
        assert!(
            html.contains("Anna Nowak")
                && html.contains("Szkoła nr 3")
                && html.contains("anna@gmina.pl")
        );
        assert!(html.contains("Upoważnienie do odbioru hasła (formularz F-01)"));
        assert!(html.contains("Authorisation to collect the password (form F-01)"));
        assert!(html.contains("@page { size: A4"));
        let pl = html.find("<section lang=\"pl\">").unwrap_or(usize::MAX);
        let en = html.find("<section lang=\"en\"").unwrap_or(0);
        assert!(pl < en, "Polish first");
    }

    #[test]
    fn only_the_password_and_the_reference_look_like_passwords() {
        // The holder (or a test) finds the password as the long letter-and-digit word; the
        // request id is the only other one and comes after it.
        let html = render(&LetterData {
            reset_id: "01JABCDEFGHJKMNPQRSTVWXYZ0",
            ..data("Anna Nowak", "Szkoła nr 3")
        });
        assert_eq!(html.matches("01JABCDEFGHJKMNPQRSTVWXYZ0").count(), 1);
        assert_eq!(html.matches("Kx7tRm4aPq9WcHjN3vEy").count(), 1);
        assert!(html.find("Kx7tRm4aPq9WcHjN3vEy") < html.find("01JABCDEFGHJKMNPQRSTVWXYZ0"));
    }

    #[test]
    fn typed_values_cannot_inject_markup() {
        let html = render(&data(
            "<img src=x onerror=alert(1)>",
            "</style><script>x</script>",
        ));
        assert!(!html.contains("<img") && !html.contains("<script>"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    }
}
