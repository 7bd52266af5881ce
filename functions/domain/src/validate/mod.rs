//! One set of field rules for every component, the frontend and the OpenAPI document: each
//! rule returns the cleaned value or an [`Invalid`] (a stable [`FieldCode`] with parameters),
//! which the platform turns into a 422 `validation_failed` problem and the frontend into a
//! sentence of its language. Limits live in [`limits`], so a form's `maxlength`, the server's
//! check and the published schema cannot disagree.

pub mod limits;
mod rules;
pub mod schema;
#[cfg(test)]
mod tests;

pub use rules::*;

use std::collections::BTreeMap;

/// Why a field was refused (the `code` of a field in a problem's `fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    /// Empty or missing.
    Required,
    /// Longer than `max` characters.
    TooLong,
    /// Shorter than `min` characters.
    TooShort,
    /// A control character where none is allowed.
    ControlCharacters,
    /// Outside `min..=max`.
    OutOfRange,
    /// Not one of the allowed values.
    InvalidChoice,
    /// Not in the expected format (`format` names it: `email`, `phone`, `https_url`, `id`, …).
    InvalidFormat,
    /// The same value given twice in a list.
    Duplicate,
    /// A reference to something that does not exist (a unit, an account, an agenda item).
    UnknownReference,
    /// A field the endpoint does not know.
    UnknownField,
    /// The value breaks a rule of its own (`rule` names it); e.g. a weak password.
    Rule,
    /// A text names a placeholder `((name))` that does not exist (`name` as written).
    UnknownPlaceholder,
    /// A moment that must not lie in the past does (a message's `send_at`).
    NotInFuture,
}

crate::wire_names!(FieldCode {
    Required = "required",
    TooLong = "too_long",
    TooShort = "too_short",
    ControlCharacters = "control_characters",
    OutOfRange = "out_of_range",
    InvalidChoice = "invalid_choice",
    InvalidFormat = "invalid_format",
    Duplicate = "duplicate",
    UnknownReference = "unknown_reference",
    UnknownField = "unknown_field",
    Rule = "rule",
    UnknownPlaceholder = "unknown_placeholder",
    NotInFuture = "not_in_future",
});

/// One refused field: why, and the values a message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Why.
    pub code: FieldCode,
    /// Parameters of the message (`max`, `min`, `format`, `rule`, …).
    pub params: BTreeMap<&'static str, String>,
}

impl Invalid {
    /// A refusal without parameters.
    pub fn new(code: FieldCode) -> Self {
        Self {
            code,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.insert(name, value.to_string());
        self
    }

    /// `required`.
    pub fn required() -> Self {
        Self::new(FieldCode::Required)
    }

    /// `too_long` with `max`.
    pub fn too_long(max: usize) -> Self {
        Self::new(FieldCode::TooLong).with("max", max)
    }

    /// `out_of_range` with `min` and `max`.
    pub fn out_of_range(min: impl ToString, max: impl ToString) -> Self {
        Self::new(FieldCode::OutOfRange)
            .with("min", min)
            .with("max", max)
    }

    /// `invalid_format` naming the format.
    pub fn format(format: &'static str) -> Self {
        Self::new(FieldCode::InvalidFormat).with("format", format)
    }

    /// `rule` naming the rule (e.g. `weak_password`, `more_members_than_statutory`).
    pub fn rule(rule: &'static str) -> Self {
        Self::new(FieldCode::Rule).with("rule", rule)
    }

    /// `unknown_reference` (the referenced thing does not exist).
    pub fn unknown_reference() -> Self {
        Self::new(FieldCode::UnknownReference)
    }

    fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("?", String::as_str)
    }

    /// A plain English sentence for API clients (the frontend translates the code instead).
    pub fn message_en(&self) -> String {
        match self.code {
            FieldCode::Required => "This field is required.".to_owned(),
            FieldCode::TooLong => format!("At most {} characters.", self.param("max")),
            FieldCode::TooShort => format!("At least {} characters.", self.param("min")),
            FieldCode::ControlCharacters => "Control characters are not allowed.".to_owned(),
            FieldCode::OutOfRange => {
                format!("From {} to {}.", self.param("min"), self.param("max"))
            }
            FieldCode::InvalidChoice => "Not one of the allowed values.".to_owned(),
            FieldCode::InvalidFormat => format!("Not a valid {}.", self.param("format")),
            FieldCode::Duplicate => "Each value may appear only once.".to_owned(),
            FieldCode::UnknownReference => "No such item.".to_owned(),
            FieldCode::UnknownField => "Unknown field.".to_owned(),
            FieldCode::Rule => format!("Breaks the rule {}.", self.param("rule")),
            FieldCode::UnknownPlaceholder => {
                format!("There is no placeholder (({})).", self.param("name"))
            }
            FieldCode::NotInFuture => "This moment has passed.".to_owned(),
        }
    }
}

/// Collects every refused field of a body, so a form learns all its mistakes at once.
#[derive(Debug, Default)]
pub struct Checks {
    errors: BTreeMap<String, Invalid>,
}

impl Checks {
    /// No refusals yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `result`'s refusal under `field` (the first refusal of a field wins) and
    /// returns its value when it passed.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.entry(field.to_owned()).or_insert(e);
                None
            }
        }
    }

    /// Records a refusal of `field` directly.
    pub fn refuse(&mut self, field: &str, invalid: Invalid) {
        self.errors.entry(field.to_owned()).or_insert(invalid);
    }

    /// Whether nothing was refused so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(())` when every field passed, else every refusal.
    pub fn finish(self) -> Result<(), FieldErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(FieldErrors(self.errors))
        }
    }

    /// `value` when every field passed (it must be `Some` then), else every refusal.
    pub fn finish_with<T>(self, value: Option<T>) -> Result<T, FieldErrors> {
        match (self.finish(), value) {
            (Ok(()), Some(v)) => Ok(v),
            (Err(e), _) => Err(e),
            // A rule passed without a value: a bug in the caller, reported as a refusal.
            (Ok(()), None) => Err(FieldErrors::one("body", Invalid::required())),
        }
    }
}

/// Field → refusal: what a body got wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, Invalid>);

impl FieldErrors {
    /// One refused field.
    pub fn one(field: &str, invalid: Invalid) -> Self {
        let mut errors = BTreeMap::new();
        errors.insert(field.to_owned(), invalid);
        Self(errors)
    }
}
