//! Every user-visible string, one table per language. Polish is the default; English second.
//!
//! A table is a plain struct, so a key missing from one language is a compile error, and the
//! tests below catch an empty or untranslated (copied) entry.

mod en;
mod pl;

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

/// One planned module, described on the home page.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Module {
    /// Short name of the module.
    pub name: &'static str,
    /// One sentence on what it will do.
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
    pub offline_banner: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_modules_heading: &'static str,
    pub home_modules: [Module; 4],
    pub home_modules_note: &'static str,
    pub home_status_prompt: &'static str,
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
        const SAME: [&str; 2] = ["app_name", "latency_unit"];
        for ((key, pl), (_, en)) in leaves(Lang::Pl).iter().zip(leaves(Lang::En).iter()) {
            if !SAME.contains(&key.as_str()) {
                assert_ne!(pl, en, "{key} is not translated");
            }
        }
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
