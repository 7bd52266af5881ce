//! Two bundles from this one crate, so the first load stays small (issue 14, ≤ 250 KiB
//! brotli). The **first bundle** (built without features) holds what a visitor, a councillor
//! and the chair meet first: sign-in and password pages, home, the meetings, the tablet, the
//! chair's console, the projector and the public pages. The **office bundle** (feature
//! `office`) is the whole app, the office pages included.
//!
//! The rule is the path: every page under [`OFFICE_PREFIXES`] is an office page. `web/boot.js`
//! starts the office bundle for such a path and the first bundle for any other; inside the
//! first bundle, an in-app move to an office path reloads the page ([`OfficeBundle`]), so the
//! office bundle takes over. A new page under `/admin/` or `/clerk/` is therefore an office
//! page without anything else to do; declare its module and its router arm with
//! `#[cfg(feature = "office")]` so the first bundle does not carry its code either.

// The office bundle runs every page itself and never hands over: this is the first bundle's.
#![cfg_attr(feature = "office", allow(dead_code))]

use yew::prelude::*;

use crate::i18n::use_texts;

/// Path prefixes of the office pages. `web/boot.js` holds the same list (a test compares).
pub const OFFICE_PREFIXES: [&str; 2] = ["/admin/", "/clerk/"];

/// Whether the page at `path` belongs to the office bundle.
pub fn is_office_path(path: &str) -> bool {
    OFFICE_PREFIXES
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// In the first bundle, what an office page renders: a full navigation to the same address,
/// which `boot.js` answers with the office bundle. Only for an office path (anything else would
/// come back here and reload for ever), else nothing happens and "loading" stays.
#[component]
pub fn OfficeBundle() -> Html {
    let texts = use_texts();
    use_effect_with((), |_| {
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            if location.pathname().is_ok_and(|path| is_office_path(&path)) {
                let _ = location.reload();
            }
        }
    });
    html! { <p role="status">{ texts.loading }</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_pages_are_the_admin_and_clerk_paths() {
        assert!(is_office_path("/admin/users"));
        assert!(is_office_path("/admin/users/acc_1"));
        assert!(is_office_path("/clerk/sessions"));
        assert!(is_office_path("/clerk/sessions/m_1"));
        for first in [
            "/",
            "/login",
            "/sessions",
            "/sessions/m_1",
            "/sessions/m_1/chair",
            "/screen/m_1",
            "/public/sessions",
            "/password/request-for-employee",
            "/administrator",
            "/admin",
        ] {
            assert!(!is_office_path(first), "{first}");
        }
    }

    #[test]
    fn boot_js_chooses_the_bundle_by_the_same_prefixes() {
        let boot = include_str!("../web/boot.js");
        let list = OFFICE_PREFIXES
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let line = format!("const OFFICE_PREFIXES = [{list}];");
        assert!(boot.contains(&line), "boot.js must declare {line}");
    }
}
