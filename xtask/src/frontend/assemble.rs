//! Assembly (pure: bytes in, files out): names, renders and collects every servable file.

use super::manifest::{dist_version, hashed_name};
use super::templates::{precache_list, render, render_sw, Templates};
use super::FILES_JSON;
use anyhow::{bail, Result};
use std::collections::BTreeMap;

/// One bundle's compiled files, before naming.
pub(super) struct BundleFiles {
    pub(super) wasm: Vec<u8>,
    pub(super) glue: Vec<u8>,
}

/// Outputs of the compilers, before naming.
pub(super) struct Compiled {
    /// The small first bundle (`app-…`), preloaded by `index.html`.
    pub(super) first: BundleFiles,
    /// The office bundle (`office-…`), started by the boot script on office paths.
    pub(super) office: BundleFiles,
    pub(super) css: Vec<u8>,
}

/// URL path → identity bytes (sorted, so iteration is deterministic).
pub(super) type Files = BTreeMap<String, Vec<u8>>;

/// Everything the dist will hold.
#[derive(Debug, PartialEq)]
pub(super) struct Dist {
    /// Hash of the contents; names the service worker's cache.
    pub(super) version: String,
    pub(super) files: Files,
}

/// Names, renders and collects every servable file.
pub(super) fn assemble(
    compiled: Compiled,
    templates: &Templates,
    statics: Files,
    minify_js: &dyn Fn(&str) -> Result<String>,
) -> Result<Dist> {
    let mut files = Files::new();
    let wasm_name = hashed_name("app", "wasm", &compiled.first.wasm);
    let js_name = hashed_name("app", "js", &compiled.first.glue);
    let office_wasm_name = hashed_name("office", "wasm", &compiled.office.wasm);
    let office_js_name = hashed_name("office", "js", &compiled.office.glue);
    let css_name = hashed_name("app", "css", &compiled.css);

    let boot = render(
        &templates.boot_js,
        &[
            ("__RATUSZ_APP_JS__", &js_name),
            ("__RATUSZ_APP_WASM__", &wasm_name),
            ("__RATUSZ_OFFICE_JS__", &office_js_name),
            ("__RATUSZ_OFFICE_WASM__", &office_wasm_name),
        ],
    )?;
    let boot = minify_js(&boot)?.into_bytes();
    let boot_name = hashed_name("boot", "js", &boot);

    let index = render(
        &templates.index_html,
        &[
            ("__RATUSZ_APP_CSS__", &css_name),
            ("__RATUSZ_APP_JS__", &js_name),
            ("__RATUSZ_APP_WASM__", &wasm_name),
            ("__RATUSZ_BOOT_JS__", &boot_name),
        ],
    )?;

    files.insert(format!("/assets/{wasm_name}"), compiled.first.wasm);
    files.insert(format!("/assets/{js_name}"), compiled.first.glue);
    files.insert(format!("/assets/{office_wasm_name}"), compiled.office.wasm);
    files.insert(format!("/assets/{office_js_name}"), compiled.office.glue);
    files.insert(format!("/assets/{css_name}"), compiled.css);
    files.insert(format!("/assets/{boot_name}"), boot);
    files.insert("/index.html".to_owned(), index.into_bytes());
    for (url, bytes) in statics {
        if files.contains_key(&url) || url == "/sw.js" || url == format!("/{FILES_JSON}") {
            bail!("static{url} collides with a generated file");
        }
        files.insert(url, bytes);
    }

    let version = dist_version(&files, templates.sw_js.as_bytes());
    let sw = render_sw(&templates.sw_js, &version, &precache_list(&files))?;
    files.insert("/sw.js".to_owned(), minify_js(&sw)?.into_bytes());
    Ok(Dist { version, files })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::templates::PLACEHOLDER_PREFIX;

    fn compiled() -> Compiled {
        Compiled {
            first: BundleFiles {
                wasm: b"\0asm fake module".to_vec(),
                glue: b"export default function init(){}".to_vec(),
            },
            office: BundleFiles {
                wasm: b"\0asm fake office module".to_vec(),
                glue: b"export default function init(){/*office*/}".to_vec(),
            },
            css: b"body{margin:0}".to_vec(),
        }
    }

    fn statics() -> Files {
        Files::from([
            ("/favicon.svg".to_owned(), b"<svg/>".to_vec()),
            ("/icons/icon-192.png".to_owned(), b"png".to_vec()),
            ("/manifest.webmanifest".to_owned(), b"{}".to_vec()),
            ("/robots.txt".to_owned(), b"User-agent: *".to_vec()),
        ])
    }

    fn identity(source: &str) -> Result<String> {
        Ok(source.to_owned())
    }

    fn built() -> Dist {
        match assemble(
            compiled(),
            &Templates::from_source_tree(),
            statics(),
            &identity,
        ) {
            Ok(dist) => dist,
            Err(e) => panic!("assemble failed: {e:#}"),
        }
    }

    fn text(dist: &Dist, url: &str) -> String {
        String::from_utf8_lossy(dist.files.get(url).map_or(&[][..], Vec::as_slice)).into_owned()
    }

    #[test]
    fn assembling_twice_gives_identical_files() {
        assert_eq!(built(), built());
    }

    #[test]
    fn index_html_links_the_hashed_assets_and_no_inline_script() {
        let dist = built();
        let index = text(&dist, "/index.html");
        for url in dist.files.keys().filter(|u| u.starts_with("/assets/")) {
            if url.contains("/app-") || url.contains("/boot-") {
                assert!(index.contains(url.as_str()), "index.html misses {url}");
            }
        }
        assert!(index.contains("<html lang=\"pl\">"));
        assert!(index.contains("<script type=\"module\" src=\"/assets/boot-"));
        assert!(!index.contains("<script>"), "inline script");
        assert!(!index.contains("style="), "inline style");
        assert!(!index.contains(PLACEHOLDER_PREFIX));
    }

    #[test]
    fn boot_script_imports_the_hashed_glue_and_wasm() {
        let dist = built();
        let boot_url = dist.files.keys().find(|u| u.starts_with("/assets/boot-"));
        let boot = text(&dist, boot_url.map_or("", String::as_str));
        let compiled = compiled();
        for (stem, bundle) in [("app", &compiled.first), ("office", &compiled.office)] {
            let js = hashed_name(stem, "js", &bundle.glue);
            let wasm = hashed_name(stem, "wasm", &bundle.wasm);
            assert!(boot.contains(&format!("./{js}")), "{boot}");
            assert!(boot.contains(&format!("./{wasm}")), "{boot}");
        }
        assert!(boot.contains("/sw.js"));
    }

    #[test]
    fn index_html_preloads_the_first_bundle_only() {
        let dist = built();
        let index = text(&dist, "/index.html");
        let compiled = compiled();
        assert!(index.contains(&hashed_name("app", "wasm", &compiled.first.wasm)));
        assert!(index.contains(&hashed_name("app", "js", &compiled.first.glue)));
        assert!(!index.contains("/assets/office-"), "{index}");
    }

    #[test]
    fn service_worker_names_its_cache_after_the_dist_version() {
        let dist = built();
        let sw = text(&dist, "/sw.js");
        assert_eq!(
            dist.version,
            dist_version(&dist.files, Templates::from_source_tree().sw_js.as_bytes())
        );
        assert_eq!(dist.version.len(), 16);
        assert!(sw.contains(&format!("\"{}\"", dist.version)));
        assert!(!sw.contains(PLACEHOLDER_PREFIX));
    }

    #[test]
    fn any_content_change_changes_the_version() {
        let a = built();
        let mut changed = statics();
        changed.insert("/favicon.svg".to_owned(), b"<svg></svg>".to_vec());
        let b = assemble(
            compiled(),
            &Templates::from_source_tree(),
            changed,
            &identity,
        );
        assert_ne!(Some(a.version), b.ok().map(|d| d.version));
    }

    #[test]
    fn precache_holds_the_shell_and_nothing_from_the_api() {
        let dist = built();
        let list = precache_list(&dist.files);
        assert!(list.contains(&"/index.html".to_owned()));
        assert!(list.contains(&"/manifest.webmanifest".to_owned()));
        assert!(list.contains(&"/icons/icon-192.png".to_owned()));
        // Both bundles (so the office works offline after one visit), the CSS and the boot.
        assert_eq!(list.iter().filter(|u| u.starts_with("/assets/")).count(), 6);
        let compiled = compiled();
        for (stem, bundle) in [("app", &compiled.first), ("office", &compiled.office)] {
            for name in [
                hashed_name(stem, "wasm", &bundle.wasm),
                hashed_name(stem, "js", &bundle.glue),
            ] {
                assert!(
                    list.contains(&format!("/assets/{name}")),
                    "{name}: {list:?}"
                );
            }
        }
        assert!(!list.contains(&"/sw.js".to_owned()));
        assert!(!list.contains(&"/robots.txt".to_owned()));
        let sw = text(&dist, "/sw.js");
        assert!(sw.contains(&serde_json::to_string(&list).unwrap_or_default()));
    }

    #[test]
    fn static_files_may_not_shadow_generated_ones() {
        let mut clash = statics();
        clash.insert("/index.html".to_owned(), b"x".to_vec());
        assert!(assemble(compiled(), &Templates::from_source_tree(), clash, &identity).is_err());
        let mut clash = statics();
        clash.insert("/sw.js".to_owned(), b"x".to_vec());
        assert!(assemble(compiled(), &Templates::from_source_tree(), clash, &identity).is_err());
    }
}
