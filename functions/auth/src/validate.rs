//! Field rules for request bodies (422 `validation_failed` naming the field).

use ratusz_domain::accounts::email::normalize_email;
use ratusz_platform::ApiError;

/// A required single-line text of 1..=`max` characters, trimmed.
pub fn text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid_field(
            field,
            "Pole jest wymagane. / This field is required.",
        ));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(ApiError::invalid_field(
            field,
            format!("Najwyżej {max} znaków, bez znaków sterujących. / At most {max} characters, no control characters."),
        ));
    }
    Ok(v.to_owned())
}

/// A free text (may span lines) of 1..=`max` characters.
pub fn long_text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid_field(
            field,
            "Pole jest wymagane. / This field is required.",
        ));
    }
    if v.chars().count() > max {
        return Err(ApiError::invalid_field(
            field,
            format!("Najwyżej {max} znaków. / At most {max} characters."),
        ));
    }
    Ok(v.to_owned())
}

/// A login e-mail, normalised.
pub fn email(field: &str, value: &str) -> Result<String, ApiError> {
    normalize_email(value).map_err(|e| {
        ApiError::invalid_field(field, format!("{} / {}", e.message_pl(), e.message_en()))
    })
}

/// A phone number: digits, spaces, dashes and a leading `+`; 7–15 digits. Empty → none.
pub fn phone(field: &str, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let allowed = raw
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0));
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    if !allowed || !(7..=15).contains(&digits) {
        return Err(ApiError::invalid_field(
            field,
            "Numer telefonu: 7–15 cyfr, opcjonalnie z + na początku. / Phone number: 7–15 digits, optionally starting with +.",
        ));
    }
    Ok(Some(
        raw.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_table() {
        assert_eq!(
            phone("p", Some("+48 600-100-200"))
                .ok()
                .flatten()
                .as_deref(),
            Some("+48600100200")
        );
        assert_eq!(phone("p", Some("")).ok().flatten(), None);
        assert!(phone("p", Some("12")).is_err());
        assert!(phone("p", Some("600+100")).is_err());
        assert!(phone("p", Some("abc1234567")).is_err());
    }

    #[test]
    fn text_rules() {
        assert_eq!(text("f", "  Anna ", 10).ok().as_deref(), Some("Anna"));
        assert!(text("f", "   ", 10).is_err());
        assert!(text("f", "a\u{7}", 10).is_err());
        assert!(text("f", &"a".repeat(11), 10).is_err());
    }
}
