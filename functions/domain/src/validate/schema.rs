//! The field rules of [`super::rules`] as JSON Schema regular expressions, for the OpenAPI
//! document: a value matches the pattern exactly when the rule accepts it (the tests below
//! hold each pattern against its rule on a table of values). The patterns use only what
//! ECMA-262, Python's `re` and Rust's `regex` read alike: classes, `\uXXXX`, `{m,n}`, groups.
//!
//! What no pattern says: an e-mail is NFKC-folded before it is checked
//! ([`crate::accounts::email::normalize_email`]), so a compatibility character (`＠`, `ｊ`) may
//! fold into something the pattern did not see; the pattern checks the address as written.

use super::limits::{
    DOCUMENT_LAST4_LEN, EMAIL_MAX, ID_MAX, PHONE_DIGITS_MAX, PHONE_DIGITS_MIN, PHONE_MAX, URL_MAX,
};

/// Characters Rust's `str::trim` removes (Unicode `White_Space`), as class content.
pub const WHITESPACE: &str =
    r"\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Control characters (`char::is_control`, category Cc), as class content.
pub const CONTROL: &str = r"\u0000-\u001f\u007f-\u009f";
/// Control characters except tab, line feed and carriage return, as class content.
const CONTROL_BUT_LINES: &str = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f";

fn ws() -> String {
    format!("[{WHITESPACE}]*")
}

/// Trimmed text of 1..=`max` characters whose inner characters are `inner` (class content
/// of what is refused) and whose first and last are neither that nor whitespace.
fn trimmed(max: usize, refused_inside: &str) -> String {
    let edge = format!("[^{WHITESPACE}{CONTROL}]");
    let ws = ws();
    if max <= 1 {
        return format!("{ws}{edge}{ws}");
    }
    let inner = format!("[^{refused_inside}]");
    format!("{ws}{edge}(?:{inner}{{0,{}}}{edge})?{ws}", max - 2)
}

/// [`super::text`]: one line, 1..=`max` characters after trimming, no control characters.
pub fn text(max: usize) -> String {
    format!("^{}$", trimmed(max, CONTROL))
}

/// [`super::text`] with a floor: `min..=max` characters after trimming (a quorum override's
/// reason).
pub fn text_between(min: usize, max: usize) -> String {
    if min <= 1 {
        return text(max);
    }
    let edge = format!("[^{WHITESPACE}{CONTROL}]");
    let ws = ws();
    format!(
        "^{ws}{edge}[^{CONTROL}]{{{},{}}}{edge}{ws}$",
        min - 2,
        max.saturating_sub(2)
    )
}

/// [`super::optional_text`]: blank, or as [`text`].
pub fn optional_text(max: usize) -> String {
    format!("^(?:{}|{})$", ws(), trimmed(max, CONTROL))
}

/// [`super::long_text`]: 1..=`max` characters after trimming; lines and tabs allowed.
pub fn long_text(max: usize) -> String {
    format!("^{}$", trimmed(max, CONTROL_BUT_LINES))
}

/// [`super::optional_long_text`]: blank, or as [`long_text`].
pub fn optional_long_text(max: usize) -> String {
    format!("^(?:{}|{})$", ws(), trimmed(max, CONTROL_BUT_LINES))
}

/// [`super::id`]: 1..=[`ID_MAX`] visible ASCII characters after trimming.
pub fn id() -> String {
    let ws = ws();
    format!("^{ws}[!-~]{{1,{ID_MAX}}}{ws}$")
}

/// An id that may also be blank (a field where `""` clears the reference).
pub fn optional_id() -> String {
    let ws = ws();
    format!("^(?:{ws}|{ws}[!-~]{{1,{ID_MAX}}}{ws})$")
}

/// [`super::phone`]: blank, or digits, spaces and dashes with an optional leading `+`, with
/// [`PHONE_DIGITS_MIN`]..=[`PHONE_DIGITS_MAX`] digits and at most [`PHONE_MAX`] characters
/// after trimming (a lookahead: blanks around the number do not count, as the rule trims).
pub fn phone() -> String {
    phone_pattern(true)
}

fn phone_pattern(bounded: bool) -> String {
    let ws = ws();
    let bound = if bounded {
        format!("(?=[0-9+ -]{{0,{}}}[0-9+-]{ws}$)", PHONE_MAX - 1)
    } else {
        String::new()
    };
    format!(
        "^(?:{ws}|{ws}{bound}\\+?[ -]*(?:[0-9][ -]*){{{PHONE_DIGITS_MIN},{PHONE_DIGITS_MAX}}}{ws})$"
    )
}

/// [`super::https_url`]: blank, or `https://` (any case), a host, no whitespace or control
/// characters, at most [`URL_MAX`] characters.
pub fn https_url() -> String {
    let ws = ws();
    let plain = format!("[^{WHITESPACE}{CONTROL}]");
    let host = format!("[^{WHITESPACE}{CONTROL}/?#]");
    let rest = URL_MAX.saturating_sub("https://".len() + 1);
    format!("^(?:{ws}|{ws}[Hh][Tt][Tt][Pp][Ss]://{host}{plain}{{0,{rest}}}{ws})$")
}

/// [`super::email`] on the address as written: a local part, one `@`, a domain of at least
/// two non-empty labels, at most [`EMAIL_MAX`] characters after trimming (a lookahead).
///
/// The rule NFKC-folds the address first, and some compatibility characters fold into a space
/// or an `@` (`¨` → ` ̈`). The pattern therefore admits only characters that fold into
/// nothing the rule refuses: visible ASCII and the Latin letters U+00C0–U+024F (every Polish
/// address); the rule itself accepts more (docs/decisions.md).
pub fn email() -> String {
    email_pattern(true)
}

fn email_pattern(bounded: bool) -> String {
    let ws = ws();
    let bound = if bounded {
        format!("(?=[^{WHITESPACE}]{{1,{EMAIL_MAX}}}{ws}$)")
    } else {
        String::new()
    };
    let local = "[!-?A-~\\u00c0-\\u024f]";
    let label = "[!-\\-/-?A-~\\u00c0-\\u024f]";
    format!("^{ws}{bound}{local}+@{label}+(?:\\.{label}+)+{ws}$")
}

/// The last characters of an identity document (a handover): exactly
/// [`DOCUMENT_LAST4_LEN`] ASCII letters or digits after trimming.
pub fn document_last4() -> String {
    let ws = ws();
    format!("^{ws}[0-9A-Za-z]{{{DOCUMENT_LAST4_LEN}}}{ws}$")
}

/// A Web Push endpoint (`webpush::PushEndpoint` under the default `push_service_origin`,
/// `https://*:443`): `https://`, a DNS name of 2–4 labels (letters, digits, inner hyphens),
/// port 443 or none, a path of visible ASCII; at most 8 + 4·64 + 4 + 701 characters, under
/// [`super::limits::PUSH_ENDPOINT_MAX`]. Names the sender still refuses match too (an
/// all-digit IPv4 address, `*.localhost`): the API fuzz step lists the operation as one that
/// may refuse a schema-valid request.
pub fn push_endpoint() -> String {
    let label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    format!("^https://{label}(?:\\.{label}){{1,3}}(?::443)?(?:/[!-~]{{0,700}})?$")
}

/// A subscription's `p256dh` in base64url without padding: 65 bytes → 87 characters.
pub const PUSH_P256DH_CHARS: usize = 87;
/// A subscription's `auth` in base64url without padding: 16 bytes → 22 characters.
pub const PUSH_AUTH_CHARS: usize = 22;

/// A subscription's `p256dh`: an uncompressed P-256 point (65 bytes, first 0x04, so the first
/// character is `B`) in base64url. Whether the point is on the curve no pattern can say.
pub fn push_p256dh() -> String {
    format!("^B[A-Za-z0-9_-]{{{}}}$", PUSH_P256DH_CHARS - 1)
}

/// A subscription's `auth`: 16 bytes in canonical base64url (the last character carries two
/// bits, so it is one of `AQgw`).
pub fn push_auth() -> String {
    format!("^[A-Za-z0-9_-]{{{}}}[AQgw]$", PUSH_AUTH_CHARS - 1)
}

/// An `Idempotency-Key` header: 1..=`max` visible ASCII characters.
pub fn idempotency_key(max: usize) -> String {
    format!("^[!-~]{{1,{max}}}$")
}

#[cfg(test)]
mod tests {
    use super::super::rules;
    use super::*;
    use regex::Regex;

    fn re(pattern: &str) -> Regex {
        Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    const SAMPLES: &[&str] = &[
        "",
        " ",
        "\t",
        "a",
        " a ",
        "\u{3000}a\u{3000}",
        "ab",
        "a b",
        "a\tb",
        "a\nb",
        "a\u{1}b",
        "\u{1c}a",
        "a\u{85}",
        "a\u{7f}",
        "Zażółć gęślą jaźń",
        "abcd",
        "abcde",
        "xxxxx",
        "0123456789",
        "+48 600-100-200",
        "+48600100200",
        "600 100",
        "48+600100200",
        "--600100200--",
        "1234567890123456",
        "https://meet.jit.si/x",
        "HTTPS://a",
        "https://",
        "https:///x",
        "http://a.pl",
        "https://a b",
        "jan@gmina.pl",
        " Jan.Kowalski@Gmina.PL ",
        "jan@gmina",
        "jan@@gmina.pl",
        "@gmina.pl",
        "jan@.pl",
        "jan@gmina..pl",
        "jan\u{200b}@gmina.pl",
        "a+tag@sub.domain.example",
        "01HZX0000000000000000000AA",
        "ą",
        "a\u{2028}b",
    ];

    fn agree(pattern: &str, rule: impl Fn(&str) -> bool) {
        agree_within(pattern, usize::MAX, rule);
    }

    /// As [`agree`], on the samples of at most `max_len` characters after trimming (the
    /// rest is the schema's `maxLength`).
    fn agree_within(pattern: &str, max_len: usize, rule: impl Fn(&str) -> bool) {
        let re = re(pattern);
        for s in SAMPLES
            .iter()
            .filter(|s| s.trim().chars().count() <= max_len)
        {
            assert_eq!(
                re.is_match(s),
                rule(s),
                "pattern {pattern} and the rule disagree on {s:?}"
            );
        }
    }

    #[test]
    fn text_patterns_agree_with_the_rules() {
        for max in [1, 3, 5, 100] {
            agree(&text(max), |s| rules::text(s, max).is_ok());
            agree(&optional_text(max), |s| {
                rules::optional_text(Some(s), max).is_ok()
            });
            agree(&long_text(max), |s| rules::long_text(s, max).is_ok());
            agree(&optional_long_text(max), |s| {
                rules::optional_long_text(Some(s), max).is_ok()
            });
        }
    }

    #[test]
    fn format_patterns_agree_with_the_rules() {
        agree(&id(), |s| rules::id(s).is_ok());
        agree(&optional_id(), |s| {
            s.trim().is_empty() || rules::id(s).is_ok()
        });
        // The phone's length limit is `maxLength`, outside the pattern.
        // `regex` has no lookahead: the length bound is held apart below.
        agree_within(&phone_pattern(false), PHONE_MAX, |s| {
            rules::phone(Some(s)).is_ok()
        });
        agree(&https_url(), |s| rules::https_url(Some(s)).is_ok());
        // Within the admitted characters the pattern is the rule.
        let latin = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c) || c.is_whitespace())
        };
        let email_re = re(&email_pattern(false));
        for s in SAMPLES
            .iter()
            .filter(|s| latin(s) && !s.chars().any(|c| c.is_control() && !c.is_whitespace()))
        {
            assert_eq!(
                email_re.is_match(s),
                rules::email(s).is_ok(),
                "e-mail {s:?}"
            );
        }
    }

    #[test]
    fn long_values_hit_the_bound_exactly() {
        let p = re(&text(5));
        assert!(p.is_match("abcde") && !p.is_match("abcdef") && p.is_match(" abcde "));
        let url = re(&https_url());
        let longest = format!("https://{}", "a".repeat(URL_MAX - 8));
        assert!(url.is_match(&longest) && !url.is_match(&format!("{longest}a")));
        let key = re(&idempotency_key(3));
        assert!(key.is_match("a-1") && !key.is_match("a-12") && !key.is_match("a b"));
        let between = re(&text_between(3, 5));
        assert!(
            !between.is_match(" ab ") && between.is_match(" abc ") && !between.is_match("abcdef")
        );
        let last4 = re(&document_last4());
        assert!(last4.is_match(" 12Ab ") && !last4.is_match("123") && !last4.is_match("12-4"));
    }
}
