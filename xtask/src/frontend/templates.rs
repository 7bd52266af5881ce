//! Template rendering: `index.html`, the boot script and the service worker `sw.js`.

use super::assemble::Files;
use anyhow::{bail, Result};

/// Prefix of every template placeholder; none may survive rendering.
pub(super) const PLACEHOLDER_PREFIX: &str = "__RATUSZ_";

/// The hand-written sources rendered at build time.
pub(super) struct Templates {
    pub(super) index_html: String,
    pub(super) boot_js: String,
    pub(super) sw_js: String,
}

/// Replaces each placeholder, which must occur, and refuses to leave any `__RATUSZ_…__`.
pub(super) fn render(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = template.to_owned();
    for (placeholder, value) in values {
        if !out.contains(placeholder) {
            bail!("template has no {placeholder}");
        }
        out = out.replace(placeholder, value);
    }
    if let Some(at) = out.find(PLACEHOLDER_PREFIX) {
        let rest: String = out[at..].chars().take(40).collect();
        bail!("template placeholder left unrendered: {rest}");
    }
    Ok(out)
}

/// The app shell the service worker precaches: the page, its hashed assets, the manifest and
/// icons. Not sw.js (the browser fetches it itself) and not robots.txt.
pub(super) fn precache_list(files: &Files) -> Vec<String> {
    files
        .keys()
        .filter(|url| !matches!(url.as_str(), "/sw.js" | "/robots.txt"))
        .filter(|url| !url.starts_with("/api/"))
        .cloned()
        .collect()
}

/// Fills in the service worker's version and precache list.
pub(super) fn render_sw(template: &str, version: &str, precache: &[String]) -> Result<String> {
    let list = serde_json::to_string(precache)?;
    render(
        template,
        &[
            ("[\"__RATUSZ_PRECACHE__\"]", &list),
            ("__RATUSZ_VERSION__", version),
        ],
    )
}

#[cfg(test)]
impl Templates {
    /// The real templates from `frontend/web`, for tests.
    pub(super) fn from_source_tree() -> Self {
        let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/web");
        let load = |name: &str| std::fs::read_to_string(web.join(name)).unwrap_or_default();
        Templates {
            index_html: load("index.html"),
            boot_js: load("boot.js"),
            sw_js: load("sw.js"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_refuses_missing_and_leftover_placeholders() {
        assert!(render("a __RATUSZ_X__", &[("__RATUSZ_X__", "b")]).is_ok());
        assert!(render("a", &[("__RATUSZ_X__", "b")]).is_err());
        assert!(render("__RATUSZ_X__ __RATUSZ_Y__", &[("__RATUSZ_X__", "b")]).is_err());
    }

    #[test]
    fn the_sw_template_keeps_api_requests_off_the_cache() {
        let sw = Templates::from_source_tree().sw_js;
        assert!(sw.contains("url.pathname.startsWith(\"/api/\")"));
        assert!(sw.contains("skipWaiting"));
        assert!(sw.contains("clients.claim"));
        assert!(sw.contains("caches.delete"));
    }
}
