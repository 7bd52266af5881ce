//! The client's address, the one thing the per-address throttle and the audit chain know a
//! client by: the peer the host reports (`spin-client-addr`), or — only when that peer is a
//! trusted reverse proxy (variable `trusted_proxies`, a list of CIDR networks) — the rightmost
//! `X-Forwarded-For` entry that is not itself a trusted proxy.
//!
//! Entries left of the first untrusted one were written by the client and are ignored, so a
//! forged `X-Forwarded-For` never changes who a client is. An unreadable entry ends the walk
//! at the last trusted hop (the proxy that forwarded it). Invalid `trusted_proxies` entries are
//! ignored with a log line: a typo must not turn every login into a 500, and ignoring an entry
//! only ever trusts less.

use crate::config::Vars;
use std::net::{IpAddr, SocketAddr};

/// The variable holding the trusted proxies.
pub const VARIABLE: &str = "trusted_proxies";

/// One network, `address/prefix` (a bare address is a single host).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7` (= /32) or `::1` (= /128).
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let addr: IpAddr = addr.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse::<u8>().ok().filter(|p| *p <= max)?
            }
            Some(_) => return None,
        };
        Some(Self { addr, prefix })
    }

    /// Whether `ip` is inside the network (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => masked(
                u128::from(u32::from(net)),
                u128::from(u32::from(ip)),
                32,
                self.prefix,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(u128::from(net), u128::from(ip), 128, self.prefix)
            }
            _ => false,
        }
    }
}

/// Whether the top `prefix` of `bits` bits of `a` and `b` agree.
fn masked(a: u128, b: u128, bits: u8, prefix: u8) -> bool {
    let shift = u32::from(bits.saturating_sub(prefix));
    if shift >= 128 {
        return true;
    }
    (a >> shift) == (b >> shift)
}

/// The trusted proxies (empty: nobody is, the peer is always the client).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<Network>,
}

impl TrustedProxies {
    /// Parses a comma- or whitespace-separated list; returns the networks and the entries that
    /// are not networks (to be logged and ignored).
    pub fn parse(text: &str) -> (Self, Vec<String>) {
        let mut networks = Vec::new();
        let mut invalid = Vec::new();
        for entry in text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|e| !e.is_empty())
        {
            match Network::parse(entry) {
                Some(n) => networks.push(n),
                None => invalid.push(entry.to_owned()),
            }
        }
        (Self { networks }, invalid)
    }

    /// Reads the variable (absent or empty: nobody is trusted). Invalid entries and a failing
    /// variable lookup are logged and ignored.
    pub fn load<V: Vars>(vars: &V) -> Self {
        let text = match vars.get(VARIABLE) {
            Ok(text) => text.unwrap_or_default(),
            Err(e) => {
                crate::log::error(&format!("{VARIABLE}: ignored, nobody trusted: {e}"));
                return Self::default();
            }
        };
        let (trusted, invalid) = Self::parse(&text);
        if !invalid.is_empty() {
            crate::log::error(&format!(
                "{VARIABLE}: ignoring entries that are not IP networks: {invalid:?}"
            ));
        }
        trusted
    }

    /// Whether `ip` is a trusted proxy.
    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.networks.iter().any(|n| n.contains(ip))
    }

    /// The client's address: `peer` (the `spin-client-addr` header, `ip:port`) unless it is
    /// trusted, else the rightmost `X-Forwarded-For` entry (over all `forwarded_for` header
    /// values, in order) that is not trusted. Without a readable peer: the peer text as given
    /// (`unknown` when absent).
    pub fn client_addr<'a>(
        &self,
        peer: Option<&str>,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> String {
        let peer_text = peer.unwrap_or("unknown");
        let Some(peer) = parse_addr(peer_text) else {
            return peer_text.to_owned();
        };
        if !self.trusts(peer) {
            return peer.to_canonical().to_string();
        }
        let entries: Vec<&str> = forwarded_for
            .into_iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut nearest = peer;
        for entry in entries.iter().rev() {
            if entry.is_empty() {
                continue;
            }
            match parse_addr(entry) {
                Some(ip) if self.trusts(ip) => nearest = ip,
                Some(ip) => return ip.to_canonical().to_string(),
                None => break,
            }
        }
        nearest.to_canonical().to_string()
    }
}

/// An address with or without a port: `192.0.2.1`, `192.0.2.1:5000`, `2001:db8::1`,
/// `[2001:db8::1]:5000`.
fn parse_addr(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapVars;

    #[test]
    fn networks_parse_in_both_families() {
        let cases: [(&str, Option<(&str, u8)>); 14] = [
            ("10.0.0.0/8", Some(("10.0.0.0", 8))),
            ("192.0.2.7", Some(("192.0.2.7", 32))),
            ("0.0.0.0/0", Some(("0.0.0.0", 0))),
            ("::1", Some(("::1", 128))),
            ("2001:db8::/32", Some(("2001:db8::", 32))),
            ("::/0", Some(("::", 0))),
            ("10.0.0.0/33", None),
            ("2001:db8::/129", None),
            ("10.0.0.0/", None),
            ("10.0.0.0/-1", None),
            ("10.0.0.0/+8", None),
            ("10.0.0/8", None),
            ("proxy.local", None),
            ("", None),
        ];
        for (text, expected) in cases {
            let expected = expected.map(|(a, p)| Network {
                addr: a.parse().unwrap(),
                prefix: p,
            });
            assert_eq!(Network::parse(text), expected, "{text}");
        }
    }

    #[test]
    fn membership_follows_the_prefix() {
        let cases = [
            ("10.0.0.0/8", "10.255.1.2", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.0.2.7", "192.0.2.7", true),
            ("192.0.2.7", "192.0.2.8", false),
            ("0.0.0.0/0", "203.0.113.5", true),
            ("127.0.0.1/32", "::ffff:127.0.0.1", true),
            ("127.0.0.1/32", "::1", false),
            ("::1/128", "127.0.0.1", false),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("::/0", "2001:db8::1", true),
            ("fd00::/8", "fdff::1", true),
        ];
        for (net, ip, expected) in cases {
            let n = Network::parse(net).unwrap();
            assert_eq!(n.contains(ip.parse().unwrap()), expected, "{ip} in {net}");
        }
    }

    #[test]
    fn lists_keep_the_valid_entries_and_name_the_others() {
        let (t, invalid) = TrustedProxies::parse(" 10.0.0.0/8, ::1/128 bogus,,192.0.2.0/33 ");
        assert_eq!(t.networks.len(), 2);
        assert_eq!(invalid, ["bogus", "192.0.2.0/33"]);
        let (t, invalid) = TrustedProxies::parse("");
        assert_eq!((t, invalid.len()), (TrustedProxies::default(), 0));
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_address() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1, ::1").0;
        let nobody = TrustedProxies::default();
        let cases: [(&TrustedProxies, Option<&str>, &[&str], &str); 17] = [
            // Nobody trusted: the peer, whatever the header says.
            (
                &nobody,
                Some("127.0.0.1:4000"),
                &["203.0.113.7"],
                "127.0.0.1",
            ),
            (&nobody, Some("[::1]:4000"), &[], "::1"),
            (&nobody, None, &["203.0.113.7"], "unknown"),
            (&nobody, Some("garbage"), &[], "garbage"),
            // An untrusted peer: a forged header is ignored.
            (
                &trusted,
                Some("198.51.100.1:9"),
                &["203.0.113.7"],
                "198.51.100.1",
            ),
            // A trusted peer: the rightmost entry not trusted.
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["203.0.113.7"],
                "203.0.113.7",
            ),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["1.1.1.1, 203.0.113.7"],
                "203.0.113.7",
            ),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["203.0.113.7, 10.1.2.3"],
                "203.0.113.7",
            ),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["1.1.1.1", "203.0.113.7, 10.0.0.9"],
                "203.0.113.7",
            ),
            (
                &trusted,
                Some("[::1]:4000"),
                &["2001:db8::42"],
                "2001:db8::42",
            ),
            (
                &trusted,
                Some("[::ffff:127.0.0.1]:4000"),
                &["203.0.113.7"],
                "203.0.113.7",
            ),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["[2001:db8::42]:5000"],
                "2001:db8::42",
            ),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["203.0.113.7:5000"],
                "203.0.113.7",
            ),
            // No header, or only trusted hops: the nearest trusted hop.
            (&trusted, Some("127.0.0.1:4000"), &[], "127.0.0.1"),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["10.0.0.2, 10.0.0.1"],
                "10.0.0.2",
            ),
            // An unreadable entry stops the walk at the hop that wrote it.
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["203.0.113.7, junk, 10.0.0.1"],
                "10.0.0.1",
            ),
            (
                &trusted,
                Some("127.0.0.1:4000"),
                &["203.0.113.7, ,"],
                "203.0.113.7",
            ),
        ];
        for (t, peer, xff, expected) in cases {
            assert_eq!(
                t.client_addr(peer, xff.iter().copied()),
                expected,
                "{peer:?} {xff:?}"
            );
        }
    }

    #[test]
    fn loading_ignores_invalid_entries_and_absence() {
        let vars = MapVars(
            [(VARIABLE.to_owned(), "10.0.0.0/8, nonsense".to_owned())]
                .into_iter()
                .collect(),
        );
        assert_eq!(
            TrustedProxies::load(&vars),
            TrustedProxies::parse("10.0.0.0/8").0
        );
        assert_eq!(
            TrustedProxies::load(&MapVars::default()),
            TrustedProxies::default()
        );
    }
}
