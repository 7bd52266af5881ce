//! The sentences that explain a refusal of the API, one table per language like the main
//! [`super::Texts`]: one per problem `code`, one per field code, and a generic one per status
//! for a code this client does not know. `{name}` is filled from the problem's `params`; a
//! count is written with its noun in the right plural form (see `crate::problems`).

/// Every sentence about a refused request.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ProblemTexts {
    /// 400 with an unknown code.
    pub status_400: &'static str,
    /// 401 with an unknown code.
    pub status_401: &'static str,
    /// 410 with an unknown code.
    pub status_410: &'static str,
    /// 413 with an unknown code.
    pub status_413: &'static str,
    /// 415 with an unknown code.
    pub status_415: &'static str,
    /// 422 with an unknown code.
    pub status_422: &'static str,
    /// 503 with an unknown code.
    pub status_503: &'static str,
    /// Any 5xx with an unknown code.
    pub status_5xx: &'static str,
    /// Any other status with an unknown code.
    pub status_other: &'static str,
    pub bad_request: &'static str,
    pub unauthenticated: &'static str,
    pub invalid_token: &'static str,
    pub session_expired: &'static str,
    pub session_ended: &'static str,
    pub csrf_required: &'static str,
    pub password_change_required: &'static str,
    pub not_a_member: &'static str,
    pub method_not_allowed: &'static str,
    pub invalid_state: &'static str,
    pub meeting_closed: &'static str,
    pub meeting_not_live: &'static str,
    pub no_phone: &'static str,
    pub no_quorum: &'static str,
    /// `{present}` and `{required}` members.
    pub no_quorum_counts: &'static str,
    pub poll_closed: &'static str,
    pub poll_not_closed: &'static str,
    pub poll_not_open: &'static str,
    pub poll_open: &'static str,
    pub already_voted: &'static str,
    pub not_entitled: &'static str,
    pub four_eyes: &'static str,
    /// 403 `four_eyes`, rule `approver_handles_secret`.
    pub four_eyes_approver_handles_secret: &'static str,
    /// 403 `four_eyes`, rule `admin_needs_two_staff`.
    pub four_eyes_admin_needs_two_staff: &'static str,
    /// 403 `four_eyes`, rule `own_account`.
    pub four_eyes_own_account: &'static str,
    /// 403 `four_eyes`, rule `contact_changed_by_approver`.
    pub four_eyes_contact_changed_by_approver: &'static str,
    pub payload_too_large: &'static str,
    /// `{limit}` in megabytes.
    pub payload_too_large_limit: &'static str,
    pub unsupported_media_type: &'static str,
    pub idempotency_mismatch: &'static str,
    pub not_a_pdf: &'static str,
    pub weak_password: &'static str,
    /// `{min}`: a count of characters.
    pub password_too_short: &'static str,
    /// `{max}`: a count of characters.
    pub password_too_long: &'static str,
    pub password_same_as_current: &'static str,
    pub maintenance: &'static str,
    /// `{n}`: the wait in minutes.
    pub maintenance_in: &'static str,
    pub unavailable: &'static str,
    pub busy: &'static str,
    /// `{database}`, `{code}`: schema versions of the database and of this build.
    pub schema_too_new: &'static str,
    pub checkpoints_disabled: &'static str,
    pub no_checkpoint: &'static str,
    pub internal: &'static str,
    pub nobody_speaking: &'static str,
    pub floor_taken: &'static str,
    pub list_closed: &'static str,
    pub queue_empty: &'static str,
    pub already_requested: &'static str,
    /// `{night_start}`, `{night_end}`: local times `HH:MM`.
    pub outside_night_window: &'static str,
    /// `{title}`, `{number}`.
    pub overlaps_meeting: &'static str,
    pub overlaps_window: &'static str,
    pub window_not_in_future: &'static str,
    pub window_order: &'static str,
    pub window_not_cancellable: &'static str,
    pub maintenance_window: &'static str,
    /// A field refused for a reason this client does not know (or an older server).
    pub field_invalid: &'static str,
    pub field_required: &'static str,
    /// `{max}`: a count of characters.
    pub field_too_long: &'static str,
    pub field_too_long_plain: &'static str,
    /// `{min}`: a count of characters.
    pub field_too_short: &'static str,
    pub field_too_short_plain: &'static str,
    pub field_control_characters: &'static str,
    /// `{min}` and `{max}`.
    pub field_out_of_range: &'static str,
    pub field_out_of_range_plain: &'static str,
    pub field_invalid_choice: &'static str,
    pub field_invalid_format: &'static str,
    pub format_email: &'static str,
    pub format_email_character: &'static str,
    pub format_email_at: &'static str,
    pub format_email_local_part: &'static str,
    pub format_email_domain: &'static str,
    /// `{min}` and `{max}` digits.
    pub format_phone: &'static str,
    pub format_https_url: &'static str,
    pub format_id: &'static str,
    pub format_json_shape: &'static str,
    pub field_duplicate: &'static str,
    pub field_unknown_reference: &'static str,
    pub field_unknown_field: &'static str,
    /// `{name}`: the placeholder as written.
    pub field_unknown_placeholder: &'static str,
    pub field_unknown_placeholder_plain: &'static str,
    pub field_not_in_future: &'static str,
    pub field_rule: &'static str,
    pub rule_more_members_than_statutory: &'static str,
    pub format_cursor: &'static str,
    pub rule_chair_not_member: &'static str,
    pub rule_request_or_name: &'static str,
    pub rule_every_request_once: &'static str,
    pub rule_kind_precedence: &'static str,
    pub rule_every_item_once: &'static str,
    pub rule_at_least_two_options: &'static str,
    pub rule_options_include_for: &'static str,
    pub rule_qualified_needs_fraction: &'static str,
    pub rule_fraction_only_for_qualified: &'static str,
    pub rule_fraction_between_0_and_1: &'static str,
    pub rule_incident_owner_role: &'static str,
    /// 409 `conflict`, rule `duplicate_email`.
    pub conflict_duplicate_email: &'static str,
    /// 409 `conflict`, rule `own_admin_role`.
    pub conflict_own_admin_role: &'static str,
    /// 409 `conflict`, rule `own_account`.
    pub conflict_own_account: &'static str,
    /// 409 `conflict`, rule `already_decided`.
    pub conflict_already_decided: &'static str,
    /// 409 `conflict`, rule `not_awaiting_handover`.
    pub conflict_not_awaiting_handover: &'static str,
    /// 409 `conflict`, rule `not_an_approved_letter`.
    pub conflict_not_an_approved_letter: &'static str,
    /// 409 `conflict`, rule `status_backwards`.
    pub conflict_status_backwards: &'static str,
    /// Forms of "character" after 1, after 2–4 (not 12–14), and otherwise.
    pub character_forms: [&'static str; 3],
}
