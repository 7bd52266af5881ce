//! `allowed_outbound_hosts`: which URLs a component may send HTTP requests to.
//!
//! Entries are `scheme://host[:port]` where scheme, host and port may be `*`, a host may be
//! `*.example.com`, and a port may be a range `8000..8080`. A missing port means the scheme's
//! default. As in Spin, an entry with a path is refused at start-up.

/// One parsed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    scheme: Option<String>,
    host: HostPattern,
    port: PortPattern,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Any,
    Suffix(String),
    Exact(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PortPattern {
    Any,
    Default,
    Range(u16, u16),
}

/// The parsed policy of one component. Empty means no outbound HTTP at all.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts {
    entries: Vec<AllowedHost>,
}

impl AllowedHosts {
    /// Parses already-expanded entries.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let entries = entries
            .iter()
            .map(|e| AllowedHost::parse(e))
            .collect::<Result<_, _>>()?;
        Ok(Self { entries })
    }

    /// Whether a request to `scheme://host:port` is allowed (`port` None = scheme default).
    pub fn allows(&self, scheme: &str, host: &str, port: Option<u16>) -> bool {
        let Some(port) = port.or_else(|| default_port(scheme)) else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        self.entries.iter().any(|e| e.allows(scheme, &host, port))
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

impl AllowedHost {
    fn parse(entry: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("invalid allowed_outbound_hosts entry '{entry}': {why}");
        if entry == "*" || entry == "self" || entry.starts_with("http://self") {
            return Err(bad("not supported by this host; use scheme://host:port"));
        }
        let (scheme, rest) = entry
            .split_once("://")
            .ok_or_else(|| bad("expected scheme://host[:port]"))?;
        let authority = match rest.split_once('/') {
            Some((authority, "")) => authority,
            Some(_) => return Err(bad("must not contain a path")),
            None => rest,
        };
        if authority.contains(['?', '#', '@']) {
            return Err(bad("expected scheme://host[:port]"));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !p.contains(']') => (h, Some(p)),
            _ => (authority, None),
        };
        if host.is_empty() {
            return Err(bad("missing host"));
        }
        let host = host.to_ascii_lowercase();
        let host = if host == "*" {
            HostPattern::Any
        } else if let Some(suffix) = host.strip_prefix("*.") {
            HostPattern::Suffix(format!(".{suffix}"))
        } else if host.contains('*') {
            return Err(bad(
                "'*' is only allowed as the whole host or a leading '*.'",
            ));
        } else {
            HostPattern::Exact(host)
        };
        let port = match port {
            None if scheme == "*" => PortPattern::Any,
            None => {
                default_port(scheme).ok_or_else(|| bad("a port is required for this scheme"))?;
                PortPattern::Default
            }
            Some("*") => PortPattern::Any,
            Some(p) => parse_port_range(p).ok_or_else(|| bad("invalid port"))?,
        };
        Ok(Self {
            scheme: (scheme != "*").then(|| scheme.to_ascii_lowercase()),
            host,
            port,
        })
    }

    fn allows(&self, scheme: &str, host: &str, port: u16) -> bool {
        let scheme_ok = self.scheme.as_deref().is_none_or(|s| s == scheme);
        let host_ok = match &self.host {
            HostPattern::Any => true,
            HostPattern::Suffix(suffix) => host.ends_with(suffix.as_str()),
            HostPattern::Exact(h) => h == host,
        };
        let port_ok = match self.port {
            PortPattern::Any => true,
            PortPattern::Default => Some(port) == self.scheme.as_deref().and_then(default_port),
            PortPattern::Range(lo, hi) => (lo..=hi).contains(&port),
        };
        scheme_ok && host_ok && port_ok
    }
}

fn parse_port_range(p: &str) -> Option<PortPattern> {
    match p.split_once("..") {
        Some((lo, hi)) => {
            let (lo, hi) = (lo.parse().ok()?, hi.parse().ok()?);
            (lo <= hi).then_some(PortPattern::Range(lo, hi))
        }
        None => p.parse().ok().map(|n| PortPattern::Range(n, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(entries: &[&str]) -> AllowedHosts {
        AllowedHosts::parse(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    /// (entries, scheme, host, port, allowed)
    type Case<'a> = (&'a [&'a str], &'a str, &'a str, Option<u16>, bool);

    #[test]
    fn matching() {
        let cases: &[Case] = &[
            (
                &["https://api.example.com"],
                "https",
                "api.example.com",
                None,
                true,
            ),
            (
                &["https://api.example.com"],
                "https",
                "api.example.com",
                Some(443),
                true,
            ),
            (
                &["https://api.example.com"],
                "https",
                "api.example.com",
                Some(8443),
                false,
            ),
            (
                &["https://api.example.com"],
                "http",
                "api.example.com",
                None,
                false,
            ),
            (
                &["https://api.example.com"],
                "https",
                "evil.com",
                None,
                false,
            ),
            (
                &["http://gateway.invalid"],
                "http",
                "gateway.invalid",
                None,
                true,
            ),
            (
                &["http://localhost:8080"],
                "http",
                "localhost",
                Some(8080),
                true,
            ),
            (&["http://localhost:8080"], "http", "localhost", None, false),
            (
                &["http://localhost:*"],
                "http",
                "localhost",
                Some(1234),
                true,
            ),
            (
                &["http://localhost:8000..8010"],
                "http",
                "localhost",
                Some(8005),
                true,
            ),
            (
                &["http://localhost:8000..8010"],
                "http",
                "localhost",
                Some(8011),
                false,
            ),
            (
                &["https://*.example.com"],
                "https",
                "a.example.com",
                None,
                true,
            ),
            (
                &["https://*.example.com"],
                "https",
                "example.com",
                None,
                false,
            ),
            (&["*://*:*"], "http", "anything", Some(1), true),
            (&["*://example.com"], "https", "example.com", Some(9), true),
            (&["https://EXAMPLE.com"], "https", "example.COM", None, true),
            (&[], "https", "example.com", None, false),
        ];
        for (entries, scheme, host, port, allowed) in cases {
            assert_eq!(
                policy(entries).allows(scheme, host, *port),
                *allowed,
                "{entries:?} {scheme}://{host}:{port:?}"
            );
        }
    }

    #[test]
    fn bad_entries_are_refused() {
        for entry in [
            "https://example.com/path",
            "example.com",
            "https://ex*ample.com",
            "https://x:notaport",
            "*",
            "redis://x",
            "https://x:9..1",
        ] {
            assert!(
                AllowedHosts::parse(&[entry.to_string()]).is_err(),
                "{entry}"
            );
        }
        assert!(AllowedHosts::parse(&["https://example.com/".to_string()]).is_ok());
        assert!(AllowedHosts::parse(&["redis://x:6379".to_string()]).is_ok());
    }
}
