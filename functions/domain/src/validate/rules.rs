//! The field rules. Each trims what it is given and returns the value to store.

use super::limits::{PHONE_DIGITS_MAX, PHONE_DIGITS_MIN, PHONE_MAX, URL_MAX};
use super::{FieldCode, Invalid};
use crate::accounts::email::{normalize_email, EmailError};
use std::collections::HashSet;

fn is_line_break_or_tab(c: char) -> bool {
    c == '\n' || c == '\r' || c == '\t'
}

fn bounded(v: &str, max: usize) -> Result<(), Invalid> {
    if v.chars().count() > max {
        Err(Invalid::too_long(max))
    } else {
        Ok(())
    }
}

/// A required single line of 1..=`max` characters, trimmed, no control characters.
pub fn text(value: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::required());
    }
    bounded(v, max)?;
    if v.chars().any(char::is_control) {
        return Err(Invalid::new(FieldCode::ControlCharacters));
    }
    Ok(v.to_owned())
}

/// An optional single line: blank or absent → `None`, else as [`text`].
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => text(v, max).map(Some),
    }
}

/// A required free text (lines and tabs allowed) of 1..=`max` characters, trimmed.
pub fn long_text(value: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::required());
    }
    bounded(v, max)?;
    if v.chars()
        .any(|c| c.is_control() && !is_line_break_or_tab(c))
    {
        return Err(Invalid::new(FieldCode::ControlCharacters));
    }
    Ok(v.to_owned())
}

/// An optional free text: blank or absent → `None`, else as [`long_text`].
pub fn optional_long_text(value: Option<&str>, max: usize) -> Result<Option<String>, Invalid> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => long_text(v, max).map(Some),
    }
}

/// A login e-mail in its canonical form (see [`normalize_email`]).
pub fn email(value: &str) -> Result<String, Invalid> {
    normalize_email(value).map_err(|e| match e {
        EmailError::Empty => Invalid::required(),
        EmailError::TooLong => Invalid::too_long(super::limits::EMAIL_MAX),
        other => Invalid::format("email").with("reason", other.code()),
    })
}

/// A phone number: digits, spaces, dashes and a leading `+`; 7–15 digits; stored without
/// spaces and dashes. Blank or absent → `None`.
pub fn phone(value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    bounded(raw, PHONE_MAX)?;
    let allowed = raw
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0));
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    if !allowed || !(PHONE_DIGITS_MIN..=PHONE_DIGITS_MAX).contains(&digits) {
        return Err(Invalid::format("phone"));
    }
    Ok(Some(
        raw.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect(),
    ))
}

/// An optional `https://` link with a host and no spaces, at most [`URL_MAX`] characters.
///
/// Only `https` so a tablet never opens a `javascript:` or plain-text link.
pub fn https_url(value: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    bounded(v, URL_MAX)?;
    let host = v
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .and_then(|_| v.get(8..))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    let valid = host.is_some_and(|h| !h.is_empty())
        && !v.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(Some(v.to_owned()))
    } else {
        Err(Invalid::format("https_url"))
    }
}

/// A number within `min..=max`.
pub fn range<T: PartialOrd + ToString + Copy>(value: T, min: T, max: T) -> Result<T, Invalid> {
    if value >= min && value <= max {
        Ok(value)
    } else {
        Err(Invalid::out_of_range(min, max))
    }
}

/// An opaque id given in a body: trimmed, 1..=[`super::limits::ID_MAX`] printable ASCII.
pub fn id(value: &str) -> Result<String, Invalid> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Invalid::required());
    }
    if v.len() > super::limits::ID_MAX || !v.chars().all(|c| c.is_ascii_graphic()) {
        return Err(Invalid::format("id"));
    }
    Ok(v.to_owned())
}

/// A list of ids: each as [`id`], none twice.
pub fn distinct_ids(values: &[String]) -> Result<Vec<String>, Invalid> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(values.len());
    for value in values {
        let v = id(value)?;
        if !seen.insert(v.clone()) {
            return Err(Invalid::new(FieldCode::Duplicate));
        }
        out.push(v);
    }
    Ok(out)
}
