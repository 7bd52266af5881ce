//! A session's device as technical support sees it: a short description taken from the
//! `User-Agent` at sign-in ("Chrome 131 · Android"). Only the description is kept, never the
//! whole header (a fingerprint) nor the client address (personal data).

/// Longest description kept.
pub const DEVICE_MAX: usize = 60;

/// What a sign-in without a usable `User-Agent` is called.
pub const UNKNOWN: &str = "unknown";

/// The description of `user_agent`: browser and major version, then the system.
pub fn describe(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or("").trim();
    if ua.is_empty() {
        return UNKNOWN.to_owned();
    }
    let browser = browser(ua);
    let text = match (browser, system(ua)) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(b), None) => b,
        (None, Some(s)) => s.to_owned(),
        (None, None) => first_product(ua).unwrap_or_else(|| UNKNOWN.to_owned()),
    };
    text.chars().take(DEVICE_MAX).collect()
}

/// `Name major` of the first of these products found (order matters: Edge and Opera also say
/// Chrome, Chrome also says Safari).
fn browser(ua: &str) -> Option<String> {
    const PRODUCTS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Version/", "Safari"),
    ];
    PRODUCTS.iter().find_map(|(token, name)| {
        let rest = &ua[ua.find(token)? + token.len()..];
        let major: String = rest
            .chars()
            .take_while(char::is_ascii_digit)
            .take(5)
            .collect();
        Some(if major.is_empty() {
            (*name).to_owned()
        } else {
            format!("{name} {major}")
        })
    })
}

fn system(ua: &str) -> Option<&'static str> {
    const SYSTEMS: [(&str, &str); 8] = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("CrOS", "ChromeOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Macintosh", "macOS"),
        ("Linux", "Linux"),
    ];
    SYSTEMS
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|(_, name)| *name)
}

/// A tool's own name and major version (`curl/8.5.0` → `curl 8`), letters and digits only.
fn first_product(ua: &str) -> Option<String> {
    let (name, version) = ua.split_whitespace().next()?.split_once('/')?;
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(20)
        .collect();
    let major: String = version
        .chars()
        .take_while(char::is_ascii_digit)
        .take(5)
        .collect();
    match (name.is_empty(), major.is_empty()) {
        (true, _) => None,
        (false, true) => Some(name),
        (false, false) => Some(format!("{name} {major}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_table() {
        let cases = [
            ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Safari/537.36", "Chrome 131 · Android"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133 · Windows"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge 131 · Windows"),
            ("Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", "Safari 17 · iPadOS"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari 18 · macOS"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chrome 156 · Linux"),
            ("curl/8.5.0", "curl 8"),
            ("ureq/3.0.0", "ureq 3"),
            ("", UNKNOWN),
            ("   ", UNKNOWN),
            ("<script>", UNKNOWN),
        ];
        for (ua, expected) in cases {
            assert_eq!(describe(Some(ua)), expected, "{ua}");
        }
        assert_eq!(describe(None), UNKNOWN);
        assert!(
            describe(Some(&format!("{}/1", "x".repeat(500))))
                .chars()
                .count()
                <= DEVICE_MAX
        );
    }
}
