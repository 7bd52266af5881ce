//! NFKC folding of logins and passwords, or its absence in the browser.
//!
//! The Unicode normalisation tables are the largest thing the domain would put in the
//! frontend's wasm (issue 14: first load ≤ 250 KB brotli). The browser only pre-checks forms;
//! the server (every component builds with the default `nfkc` feature) normalises and decides.
//! Without the feature the text is taken as typed, so a client-side length check may differ
//! from the server's only for compatibility characters (ligatures, full-width letters), and
//! the server's answer then wins. The limits are the same constants either way.

/// `raw` in Unicode Normalization Form KC.
#[cfg(feature = "nfkc")]
pub fn nfkc(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.nfkc().collect()
}

/// `raw` as typed (the `nfkc` feature is off: a browser build, see the module comment).
#[cfg(not(feature = "nfkc"))]
pub fn nfkc(raw: &str) -> String {
    raw.to_owned()
}
