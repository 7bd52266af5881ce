//! Every user-visible string, one table per language. Polish is the default; English second.
//!
//! A table is a plain struct, so a key missing from one language is a compile error, and the
//! tests below catch an empty or untranslated (copied) entry.

pub mod chat;
mod council;
mod council_en;
mod council_pl;
mod en;
mod health;
mod health_en;
mod health_pl;
pub mod maintenance;
pub mod notify_messages;
mod pl;
mod problems;
mod problems_en;
mod problems_pl;
pub mod registry;
#[cfg(feature = "office")]
pub mod reports;
#[cfg(feature = "office")]
pub mod resident_keys;
#[cfg(feature = "office")]
pub mod resident_messages;
#[cfg(feature = "office")]
mod residents;
#[cfg(feature = "office")]
mod residents_en;
#[cfg(feature = "office")]
mod residents_pl;

pub use council::CouncilTexts;
pub use health::HealthTexts;
pub use problems::ProblemTexts;
#[cfg(feature = "office")]
pub use residents::ResidentTexts;

use ratusz_domain::api::accounts::{Role, UnitKind};
use ratusz_domain::api::incidents::{IncidentKind, IncidentStatus, Severity};
use ratusz_domain::api::resets::{DocumentKind, ResetDelivery, ResetStatus};
use yew::prelude::*;

/// A language the interface is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Polski — the default.
    Pl,
    /// English.
    En,
}

impl Lang {
    /// Every supported language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Pl, Lang::En];

    /// BCP 47 tag, used for `<html lang>`, `lang` attributes and the stored preference.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::En => "en",
        }
    }

    /// Parses a stored preference; anything unknown yields `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code() == code.trim())
    }

    /// The language the switch button offers when this one is active.
    pub fn other(self) -> Lang {
        match self {
            Lang::Pl => Lang::En,
            Lang::En => Lang::Pl,
        }
    }

    /// The translation table of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Pl => &pl::TEXTS,
            Lang::En => &en::TEXTS,
        }
    }
}

/// One working module, described on the home page.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Module {
    /// Short name of the module.
    pub name: &'static str,
    /// One sentence on what it does.
    pub description: &'static str,
}

/// The translation table: every string the interface shows.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Texts {
    /// Product name (same in every language).
    pub app_name: &'static str,
    /// Subtitle next to the product name.
    pub app_tagline: &'static str,
    /// The language's own name, shown on the switch button that selects it.
    pub lang_name: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_status: &'static str,
    pub footer_text: &'static str,
    pub footer_license: &'static str,
    /// The way in to the resident's screens (`/residents/me`).
    pub footer_residents: &'static str,
    pub offline_banner: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_modules_heading: &'static str,
    pub home_modules: [Module; 2],
    pub home_modules_note: &'static str,
    pub home_status_prompt: &'static str,
    pub home_meetings_heading: &'static str,
    pub home_meetings_none: &'static str,
    pub home_drafts_heading: &'static str,
    pub home_drafts_none: &'static str,
    pub home_resets_heading: &'static str,
    pub home_resets_none: &'static str,
    pub home_resets_link: &'static str,
    /// Before the number of reset requests waiting for a decision.
    pub home_resets_count: &'static str,
    pub home_incidents_heading: &'static str,
    pub home_incidents_none: &'static str,
    /// Before the number of incidents open or in progress.
    pub home_incidents_count: &'static str,
    /// Link from home to the incident register.
    pub home_incidents_link: &'static str,
    pub status_title: &'static str,
    pub status_intro: &'static str,
    pub status_loading: &'static str,
    pub status_check_again: &'static str,
    pub status_overall_ok: &'static str,
    pub status_overall_degraded: &'static str,
    pub status_unknown: &'static str,
    pub status_table_caption: &'static str,
    pub status_col_component: &'static str,
    pub status_col_state: &'static str,
    pub status_col_latency: &'static str,
    pub status_check_kv: &'static str,
    pub status_check_sqlite: &'static str,
    pub status_ok: &'static str,
    pub status_failed: &'static str,
    pub status_version: &'static str,
    pub latency_unit: &'static str,
    /// Decimal separator of the language (`,` in Polish).
    pub decimal_separator: &'static str,
    pub error_heading: &'static str,
    pub error_network: &'static str,
    pub error_unexpected: &'static str,
    pub error_status_code: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub not_found_home_link: &'static str,
    pub nav_login: &'static str,
    pub nav_lost_password: &'static str,
    pub nav_change_password: &'static str,
    pub nav_request_for_employee: &'static str,
    pub nav_users: &'static str,
    pub nav_units: &'static str,
    pub nav_resets: &'static str,
    pub nav_incidents: &'static str,
    pub nav_audit: &'static str,
    pub signed_in_as: &'static str,
    pub logout: &'static str,
    pub session_superseded: &'static str,
    pub session_ended: &'static str,
    pub signed_out_notice: &'static str,
    pub sign_in_again_link: &'static str,
    pub sign_in_link: &'static str,
    pub auth_checking_title: &'static str,
    pub auth_checking: &'static str,
    pub signin_required_title: &'static str,
    pub signin_required_text: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub loading: &'static str,
    pub working: &'static str,
    pub form_fix_fields: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub error_conflict: &'static str,
    pub too_many_attempts_in: &'static str,
    pub too_many_requests_in: &'static str,
    pub too_many_attempts_later: &'static str,
    pub confirm_yes: &'static str,
    pub confirm_cancel: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub none_value: &'static str,
    pub save_changes: &'static str,
    pub saved: &'static str,
    pub nothing_changed: &'static str,
    pub load_more: &'static str,
    pub next_page: &'static str,
    pub previous_page: &'static str,
    pub search_submit: &'static str,
    pub results_count: &'static str,
    pub col_name: &'static str,
    pub col_state: &'static str,
    pub created_at: &'static str,
    pub action_done: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub field_email: &'static str,
    pub field_password: &'static str,
    pub login_submit: &'static str,
    pub login_failed: &'static str,
    pub login_already: &'static str,
    pub login_lost_link: &'static str,
    pub password_forced_title: &'static str,
    pub password_forced_intro: &'static str,
    pub password_change_title: &'static str,
    pub password_change_intro: &'static str,
    pub field_start_password: &'static str,
    pub field_current_password: &'static str,
    pub field_new_password: &'static str,
    pub field_repeat_password: &'static str,
    pub password_policy_hint: &'static str,
    pub password_change_submit: &'static str,
    pub password_changed: &'static str,
    pub password_mismatch: &'static str,
    pub password_current_wrong: &'static str,
    pub lost_title: &'static str,
    pub lost_intro: &'static str,
    pub employee_reset_title: &'static str,
    pub employee_reset_intro: &'static str,
    pub field_employee_email: &'static str,
    pub field_reset_reason: &'static str,
    pub reset_reason_hint: &'static str,
    pub field_delivery: &'static str,
    pub delivery_email_sms: &'static str,
    pub delivery_letter: &'static str,
    pub reset_submit: &'static str,
    pub reset_registered: &'static str,
    pub reset_registered_staff: &'static str,
    pub request_not_your_unit: &'static str,
    pub claim_title: &'static str,
    pub claim_intro: &'static str,
    pub claim_no_token: &'static str,
    pub field_sms_code: &'static str,
    pub claim_code_hint: &'static str,
    pub claim_code_format: &'static str,
    pub claim_submit: &'static str,
    pub claim_done: &'static str,
    pub claim_invalid: &'static str,
    pub users_title: &'static str,
    pub users_search_region: &'static str,
    pub users_search_label: &'static str,
    pub users_list_heading: &'static str,
    pub users_none: &'static str,
    pub create_user_heading: &'static str,
    pub create_user_intro: &'static str,
    pub field_first_name: &'static str,
    pub field_last_name: &'static str,
    pub field_phone: &'static str,
    pub phone_hint: &'static str,
    pub field_unit: &'static str,
    pub choose_unit: &'static str,
    pub field_roles: &'static str,
    pub create_user_submit: &'static str,
    pub user_created: &'static str,
    pub unit_required: &'static str,
    pub roles_required: &'static str,
    pub state_active: &'static str,
    pub state_disabled: &'static str,
    pub state_locked: &'static str,
    pub state_start_password: &'static str,
    pub user_title: &'static str,
    pub user_actions_heading: &'static str,
    pub edit_user_heading: &'static str,
    pub action_lock: &'static str,
    pub action_unlock: &'static str,
    pub action_disable: &'static str,
    pub action_enable: &'static str,
    pub action_end_session: &'static str,
    pub confirm_lock: &'static str,
    pub confirm_unlock: &'static str,
    pub confirm_disable: &'static str,
    pub confirm_enable: &'static str,
    pub confirm_end_session: &'static str,
    pub lock_heading: &'static str,
    pub locked_until: &'static str,
    pub locked_permanently: &'static str,
    pub session_open: &'static str,
    pub last_login: &'static str,
    pub units_title: &'static str,
    pub units_none: &'static str,
    pub create_unit_heading: &'static str,
    pub field_unit_name: &'static str,
    pub field_unit_kind: &'static str,
    pub create_unit_submit: &'static str,
    pub unit_created: &'static str,
    pub resets_title: &'static str,
    pub resets_intro: &'static str,
    pub resets_pending_heading: &'static str,
    pub resets_approved_heading: &'static str,
    pub resets_none_pending: &'static str,
    pub resets_none_approved: &'static str,
    pub requested_at: &'static str,
    pub requested_by: &'static str,
    pub requested_by_holder: &'static str,
    pub link_expires: &'static str,
    pub four_eyes_note: &'static str,
    pub reset_approve: &'static str,
    pub confirm_approve: &'static str,
    pub reset_reject: &'static str,
    pub field_reject_reason: &'static str,
    pub reset_reject_submit: &'static str,
    pub reject_reason_required: &'static str,
    pub print_letter: &'static str,
    pub letter_already_printed: &'static str,
    pub print_first: &'static str,
    pub handover_heading: &'static str,
    pub field_collected_by: &'static str,
    pub collected_holder: &'static str,
    pub collected_proxy: &'static str,
    pub field_proxy_name: &'static str,
    pub proxy_name_required: &'static str,
    pub field_document_kind: &'static str,
    pub field_document_last4: &'static str,
    pub last4_format: &'static str,
    pub handover_submit: &'static str,
    pub incidents_title: &'static str,
    pub incidents_list_caption: &'static str,
    pub incidents_none: &'static str,
    pub incident_title: &'static str,
    pub create_incident_heading: &'static str,
    pub field_incident_title: &'static str,
    pub field_incident_kind: &'static str,
    pub field_severity: &'static str,
    pub field_description: &'static str,
    pub field_account_id: &'static str,
    /// The account picker (`components/account_picker.rs`).
    pub accounts_type_to_search: &'static str,
    pub accounts_narrow_down: &'static str,
    pub accounts_chosen: &'static str,
    pub accounts_no_account: &'static str,
    pub incident_account_filter: &'static str,
    pub incident_accounts_none_found: &'static str,
    pub incident_accounts_no_access: &'static str,
    pub field_personal_data: &'static str,
    pub create_incident_submit: &'static str,
    pub incident_created: &'static str,
    pub report_deadline: &'static str,
    pub reporter: &'static str,
    pub field_owner: &'static str,
    pub no_owner: &'static str,
    pub timeline_heading: &'static str,
    pub timeline_empty: &'static str,
    pub update_incident_heading: &'static str,
    pub field_note: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub audit_verify_heading: &'static str,
    pub audit_verify: &'static str,
    pub audit_valid: &'static str,
    pub audit_invalid: &'static str,
    pub audit_entries: &'static str,
    pub audit_head_hash: &'static str,
    pub audit_first_broken: &'static str,
    /// The signed checkpoints' verdict (issue 18).
    pub audit_checkpoints: &'static str,
    pub audit_checkpoints_agree: &'static str,
    pub audit_checkpoints_disagree: &'static str,
    pub audit_checkpoints_none: &'static str,
    pub audit_checkpoints_disabled: &'static str,
    pub audit_checkpoints_checked: &'static str,
    pub audit_checkpoint_mismatch: &'static str,
    pub audit_entries_heading: &'static str,
    pub audit_none: &'static str,
    pub audit_seq: &'static str,
    pub audit_at: &'static str,
    pub audit_actor: &'static str,
    pub audit_action: &'static str,
    pub audit_object: &'static str,
    pub audit_hash: &'static str,
    /// Forms of "minute" after 1, after 2–4 (not 12–14), and otherwise.
    pub minute_forms: [&'static str; 3],
    /// Role names in `Role::ALL` order.
    pub roles: [&'static str; 8],
    /// Unit kinds: council, school, department, other.
    pub unit_kinds: [&'static str; 4],
    /// Reset statuses: pending, rejected, approved, handed over, completed, burned, expired.
    pub reset_statuses: [&'static str; 7],
    /// Incident kinds: password loss, lockout, claim brute force, suspicious login, other.
    pub incident_kinds: [&'static str; 5],
    /// Severities, low to critical.
    pub severities: [&'static str; 4],
    /// Incident statuses: open, in progress, closed.
    pub incident_statuses: [&'static str; 3],
    /// Identity documents: ID card, passport, other.
    pub document_kinds: [&'static str; 3],
    /// The council screens.
    pub council: &'static CouncilTexts,
    /// The administrator's health page.
    pub health: &'static HealthTexts,
    /// Why the API refused a request.
    pub problems: &'static ProblemTexts,
    /// The resident's screens (office bundle only).
    #[cfg(feature = "office")]
    pub residents: &'static ResidentTexts,
}

/// The active language and the way to change it, shared through a Yew context.
#[derive(Clone, PartialEq)]
pub struct I18n {
    /// The active language.
    pub lang: Lang,
    /// Switches the language (and remembers the choice).
    pub set_lang: Callback<Lang>,
}

/// The active language; Polish when no provider is mounted.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<I18n>().map_or(Lang::Pl, |ctx| ctx.lang)
}

/// The translation table of the active language.
#[hook]
pub fn use_texts() -> &'static Texts {
    use_lang().texts()
}

/// The name of a role.
pub fn role_name(role: Role, texts: &Texts) -> &'static str {
    let index = Role::ALL
        .iter()
        .position(|r| *r == role)
        .unwrap_or_default();
    texts.roles[index]
}

/// The name of a kind of unit.
pub fn unit_kind_name(kind: UnitKind, texts: &Texts) -> &'static str {
    texts.unit_kinds[match kind {
        UnitKind::Council => 0,
        UnitKind::School => 1,
        UnitKind::Department => 2,
        UnitKind::Other => 3,
    }]
}

/// Where a reset request stands, in words.
pub fn reset_status_name(status: ResetStatus, texts: &Texts) -> &'static str {
    texts.reset_statuses[match status {
        ResetStatus::Pending => 0,
        ResetStatus::Rejected => 1,
        ResetStatus::Approved => 2,
        ResetStatus::HandedOver => 3,
        ResetStatus::Completed => 4,
        ResetStatus::Burned => 5,
        ResetStatus::Expired => 6,
    }]
}

/// How a new password is delivered, in words.
pub fn delivery_name(delivery: ResetDelivery, texts: &Texts) -> &'static str {
    match delivery {
        ResetDelivery::EmailSms => texts.delivery_email_sms,
        ResetDelivery::Letter => texts.delivery_letter,
    }
}

/// The name of a kind of incident.
pub fn incident_kind_name(kind: IncidentKind, texts: &Texts) -> &'static str {
    texts.incident_kinds[match kind {
        IncidentKind::PasswordLoss => 0,
        IncidentKind::Lockout => 1,
        IncidentKind::ClaimBruteforce => 2,
        IncidentKind::SuspiciousLogin => 3,
        IncidentKind::Other => 4,
    }]
}

/// A severity in words.
pub fn severity_name(severity: Severity, texts: &Texts) -> &'static str {
    texts.severities[match severity {
        Severity::Low => 0,
        Severity::Medium => 1,
        Severity::High => 2,
        Severity::Critical => 3,
    }]
}

/// An incident's status in words.
pub fn incident_status_name(status: IncidentStatus, texts: &Texts) -> &'static str {
    texts.incident_statuses[match status {
        IncidentStatus::Open => 0,
        IncidentStatus::InProgress => 1,
        IncidentStatus::Closed => 2,
    }]
}

/// The name of a kind of identity document.
pub fn document_kind_name(kind: DocumentKind, texts: &Texts) -> &'static str {
    texts.document_kinds[match kind {
        DocumentKind::IdCard => 0,
        DocumentKind::Passport => 1,
        DocumentKind::Other => 2,
    }]
}

/// Formats a latency given in microseconds as milliseconds with one decimal,
/// using the language's decimal separator (`1234` → `1,2` in Polish).
pub fn format_latency_ms(latency_us: u64, texts: &Texts) -> String {
    // Round to tenths of a millisecond: 1 tenth = 100 µs.
    let tenths = (latency_us + 50) / 100;
    format!(
        "{}{}{} {}",
        tenths / 10,
        texts.decimal_separator,
        tenths % 10,
        texts.latency_unit
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Every leaf string of a table with its path, e.g. `home_modules.0.name`.
    fn leaves(lang: Lang) -> Vec<(String, String)> {
        fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
            match value {
                Value::Object(map) => {
                    for (key, v) in map {
                        walk(&format!("{prefix}{key}."), v, out);
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(&format!("{prefix}{i}."), v, out);
                    }
                }
                Value::String(s) => out.push((prefix.trim_end_matches('.').to_owned(), s.clone())),
                other => out.push((prefix.to_owned(), other.to_string())),
            }
        }
        let json = serde_json::to_value(lang.texts()).unwrap_or(Value::Null);
        let mut out = Vec::new();
        walk("", &json, &mut out);
        out
    }

    #[test]
    fn every_key_has_a_non_empty_polish_and_english_text() {
        let pl = leaves(Lang::Pl);
        let en = leaves(Lang::En);
        assert!(pl.len() > 30, "the table was not serialised: {pl:?}");
        assert_eq!(
            pl.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            en.iter().map(|(k, _)| k).collect::<Vec<_>>()
        );
        for (key, text) in pl.iter().chain(en.iter()) {
            assert!(!text.trim().is_empty(), "empty text for {key}");
            assert_eq!(text.trim(), text, "stray whitespace in {key}");
        }
    }

    #[test]
    fn english_table_is_translated_not_copied() {
        // Keys that are legitimately the same in both languages.
        const SAME: [&str; 3] = ["app_name", "latency_unit", "council.kind_ad_vocem"];
        for ((key, pl), (_, en)) in leaves(Lang::Pl).iter().zip(leaves(Lang::En).iter()) {
            if !SAME.contains(&key.as_str()) {
                assert_ne!(pl, en, "{key} is not translated");
            }
        }
    }

    #[test]
    fn every_role_has_its_own_name() {
        for lang in Lang::ALL {
            let texts = lang.texts();
            let names: Vec<_> = Role::ALL.iter().map(|r| role_name(*r, texts)).collect();
            for (i, name) in names.iter().enumerate() {
                assert!(!names[i + 1..].contains(name), "{name} twice");
            }
        }
        assert_eq!(role_name(Role::Director, Lang::En.texts()), "Head of unit");
    }

    #[test]
    fn language_codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_ne!(lang.other(), lang);
        }
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
    }

    #[test]
    fn each_language_names_itself_in_itself() {
        assert_eq!(Lang::Pl.texts().lang_name, "Polski");
        assert_eq!(Lang::En.texts().lang_name, "English");
    }

    #[test]
    fn latency_is_shown_in_milliseconds_with_the_local_decimal_separator() {
        let cases = [
            (0, "0,0 ms", "0.0 ms"),
            (49, "0,0 ms", "0.0 ms"),
            (50, "0,1 ms", "0.1 ms"),
            (1_234, "1,2 ms", "1.2 ms"),
            (15_960, "16,0 ms", "16.0 ms"),
        ];
        for (us, pl, en) in cases {
            assert_eq!(format_latency_ms(us, Lang::Pl.texts()), pl);
            assert_eq!(format_latency_ms(us, Lang::En.texts()), en);
        }
    }
}
