//! The chat's refusals as problems.

use ratusz_domain::chat::edit_window::ChangeRefusal;
use ratusz_domain::validate::Invalid;
use ratusz_platform::ApiError;

/// A field naming an account that is unknown, inactive or without a chat role (one code for
/// all three, so the answer does not tell which accounts exist).
pub fn unknown_account(field: &str, id: &str) -> ApiError {
    ApiError::invalid_field(field, Invalid::rule("unknown_account").with("id", id))
}

/// An edit or delete the domain refuses: 403 for someone else's message, 409 `conflict`
/// with the rule otherwise.
pub fn change(refusal: ChangeRefusal) -> ApiError {
    match refusal.rule() {
        None => ApiError::forbidden(),
        Some(rule) => ApiError::conflict(
            "conflict",
            match refusal {
                ChangeRefusal::EditWindowClosed => {
                    "A message can be edited or deleted only within 15 minutes of sending."
                }
                _ => "The message was deleted.",
            },
        )
        .with_param("rule", rule),
    }
}

/// A group-only action on a direct conversation or the council channel.
pub fn not_a_group() -> ApiError {
    ApiError::conflict(
        "conflict",
        "Only group conversations have a title and managed members.",
    )
    .with_param("rule", "not_a_group")
}
