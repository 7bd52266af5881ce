//! The few direct touches of the document and browser storage the app needs.
//! Every function tolerates a missing `window` (native unit tests) by doing nothing.

use wasm_bindgen::JsCast;

/// localStorage key of the language preference. A preference, not a secret: tokens never go
/// to localStorage.
const LANG_KEY: &str = "ratusz.lang";

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Sets `<html lang>` so assistive technology reads the page in the right language.
pub fn set_document_lang(code: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

/// Sets the tab title: `<page> — <app>`.
pub fn set_title(page: &str, app: &str) {
    if let Some(doc) = document() {
        doc.set_title(&format!("{page} — {app}"));
    }
}

/// Moves keyboard focus to the element with this id (used after client-side navigation, so a
/// screen reader starts reading the new page).
pub fn focus_element(id: &str) {
    let element = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Moves focus to the page's `<h1>` inside the element `container_id` (made focusable with
/// `tabindex="-1"`), else to the container itself.
pub fn focus_page_heading(container_id: &str) {
    let heading = document()
        .and_then(|d| {
            d.query_selector(&format!("#{container_id} h1"))
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match heading {
        Some(heading) => {
            if !heading.has_attribute("tabindex") {
                let _ = heading.set_attribute("tabindex", "-1");
            }
            let _ = heading.focus();
        }
        None => focus_element(container_id),
    }
}

/// Whether the browser believes it is online (`navigator.onLine`); true when unknown.
pub fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The text stored under `key`, if any.
pub fn stored(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (ignored when storage is unavailable, e.g. private mode).
pub fn store(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes what is stored under `key`.
pub fn unstore(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The stored language preference, if any.
pub fn stored_lang() -> Option<String> {
    local_storage()?.get_item(LANG_KEY).ok().flatten()
}

/// Remembers the language preference (ignored when storage is unavailable, e.g. private mode).
pub fn store_lang(code: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, code);
    }
}
