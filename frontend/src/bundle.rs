//! Two bundles from this one crate, so the first load stays small (issue 14, ≤ 250 KiB
//! brotli). The **first bundle** (built without features) holds what a visitor and a
//! councillor meet first: sign-in and the password change, home, the meetings, the tablet and
//! the public list. The **office bundle** (feature `office`) is the whole app: the office
//! pages, the chair's console and the rarely visited pages run in it.
//!
//! The rule is the path: every page under [`OFFICE_PREFIXES`] and every page of
//! [`OFFICE_PAGES`] belongs to the office bundle. `web/boot.js` starts the office bundle for
//! such a path and the first bundle for any other; inside the first bundle, an in-app move to
//! such a path reloads the page ([`OfficeBundle`]), so the office bundle takes over. A new page
//! under `/admin/` or `/clerk/` is therefore an office page without anything else to do;
//! declare its module and its router arm with `#[cfg(feature = "office")]` so the first bundle
//! does not carry its code either.
//!
//! [`OFFICE_PAGES`] are not office pages, but they are opened by one person per meeting (the
//! chair's console, the projector) or rarely (the system status, the password reset pages):
//! they run in the whole app rather than in a third bundle (`docs/decisions.md`, "First load").
//! After the first visit the service worker holds both bundles, so the hand-over is a reload
//! from the device.

// The office bundle runs every page itself and never hands over: this is the first bundle's.
#![cfg_attr(feature = "office", allow(dead_code))]

use yew::prelude::*;

use crate::i18n::use_texts;

/// Path prefixes of the office pages. `web/boot.js` holds the same list (a test compares).
/// `/residents/` holds the resident's screens: registration, binding, "Moje dane" (issue 15;
/// a resident opens them rarely, and the first load must not grow).
/// `/chat` is the council's chat (`/chat`, `/chat/:id`): the navigation's link to it lives in
/// the first bundle and hands over.
/// `/registry/` holds the staff's screens of the resident registry (`notifier_admin`,
/// `notifier`); `/notify/` the notifier's messages and templates (issue 16).
pub const OFFICE_PREFIXES: [&str; 6] = [
    "/admin/",
    "/clerk/",
    "/residents/",
    "/chat",
    "/registry/",
    "/notify/",
];

/// Single pages of the office bundle outside those prefixes, segment by segment (`*` is any
/// one non-empty segment; a trailing `/` of the path is ignored). `web/boot.js` holds the same
/// list and the same matching (a test compares the list).
pub const OFFICE_PAGES: [&str; 6] = [
    "/sessions/*/chair",
    "/screen/*",
    "/status",
    "/password/lost",
    "/password/request-for-employee",
    "/password/claim",
];

/// Whether the page at `path` belongs to the office bundle.
pub fn is_office_path(path: &str) -> bool {
    OFFICE_PREFIXES
        .iter()
        .any(|prefix| path.starts_with(prefix))
        || OFFICE_PAGES
            .iter()
            .any(|pattern| matches_page(pattern, path))
}

/// Whether `path` is the page `pattern` names (see [`OFFICE_PAGES`]).
fn matches_page(pattern: &str, path: &str) -> bool {
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut wanted = pattern.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some("*"), Some(segment)) if !segment.is_empty() => {}
            (Some(want), Some(segment)) if want != "*" && want == segment => {}
            _ => return false,
        }
    }
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
            "/sessions/chair",
            "/sessions//chair",
            "/sessions/m_1/chair/x",
            "/x/sessions/m_1/chair",
            "/screen",
            "/public/sessions",
            "/password/change",
            "/settings/password",
            "/password/lost/x",
            "/administrator",
            "/admin",
        ] {
            assert!(!is_office_path(first), "{first}");
        }
    }

    #[test]
    fn the_resident_screens_run_in_the_office_bundle() {
        for path in ["/residents/me", "/residents/register", "/residents/bind"] {
            assert!(is_office_path(path), "{path}");
        }
        assert!(!is_office_path("/residents"));
    }

    #[test]
    fn the_registry_staff_screens_run_in_the_office_bundle() {
        for path in [
            "/registry/residents",
            "/registry/residents/01JX7Z",
            "/registry/stats",
        ] {
            assert!(is_office_path(path), "{path}");
        }
        assert!(!is_office_path("/registry"));
    }

    #[test]
    fn the_notifier_screens_run_in_the_office_bundle() {
        for path in [
            "/notify/messages",
            "/notify/messages/new",
            "/notify/messages/01JX7Z",
            "/notify/templates",
        ] {
            assert!(is_office_path(path), "{path}");
        }
        assert!(!is_office_path("/notify"));
    }

    #[test]
    fn the_chat_runs_in_the_office_bundle() {
        assert!(is_office_path("/chat"));
        assert!(is_office_path("/chat/01JX7Z"));
        assert!(!is_office_path("/sessions/chat"));
    }

    #[test]
    fn the_chair_console_and_the_rare_pages_run_in_the_office_bundle() {
        for path in [
            "/sessions/m_1/chair",
            "/sessions/m_1/chair/",
            "/sessions/01JX7Z/chair",
            "/screen/m_1",
            "/status",
            "/status/",
            "/password/lost",
            "/password/request-for-employee",
            "/password/claim",
        ] {
            assert!(is_office_path(path), "{path}");
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
        let pages = OFFICE_PAGES
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let line = format!("const OFFICE_PAGES = [{pages}];");
        assert!(boot.contains(&line), "boot.js must declare {line}");
    }
}
