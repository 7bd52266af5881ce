//! `sent_to` in an answer: enough for the person to recognise their own contact, too little
//! for anyone else to learn it (`j***@p***.pl`, `+48 *** *** 123`).

/// Masks a canonical e-mail: the first character of the mailbox and of the domain, and the
/// top-level domain.
pub fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let tld = domain.rsplit_once('.').map_or("", |(_, tld)| tld);
    format!("{}***@{}***.{tld}", first(local), first(domain))
}

/// Masks an E.164 phone: the country code's first two digits and the last three.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let head: String = digits.iter().take(2).collect();
    let tail: String = digits.iter().skip(digits.len().saturating_sub(3)).collect();
    format!("+{head} *** *** {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask_email("jan.kowalski@poczta.pl"), "j***@p***.pl");
        assert_eq!(mask_email("a@b.example.com"), "a***@b***.com");
        assert_eq!(mask_phone("+48600100123"), "+48 *** *** 123");
        assert_eq!(mask_phone("+4915112345678"), "+49 *** *** 678");
        for masked in [
            mask_email("anna.nowak@example.pl"),
            mask_phone("+48600100200"),
        ] {
            assert!(
                !masked.contains("nowak") && !masked.contains("100"),
                "{masked}"
            );
        }
    }
}
