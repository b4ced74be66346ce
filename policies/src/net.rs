//! `[net]` patterns: `host:port` for `connect` and `listen`.
//!
//! Reserved for the networking work: the kernel has no sockets yet, so these are
//! validated and stored, and no connection is possible whatever they say.
//!
//! Syntax of one pattern:
//! - host: `*` (any host), a DNS name (`example.com`, matched without regard to case),
//!   a DNS name under a wildcard label (`*.example.com`: every name *below*
//!   `example.com`, not `example.com` itself), an IPv4 address (`127.0.0.1`) or an
//!   IPv6 address in brackets (`[::1]`).
//! - port: `*` (any), a number `1`..`65535`, or an inclusive range `8000-8099`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The host part of a [`NetPattern`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPattern {
    /// `*`.
    Any,
    /// A DNS name, lowercase.
    Name(String),
    /// `*.` and a DNS name (stored without the `*.`, lowercase): names below it.
    Below(String),
    /// An IP address.
    Ip(IpAddr),
}

/// A validated `host:port` pattern.
///
/// # Examples
/// ```
/// use policies::net::NetPattern;
/// let p = NetPattern::parse("*.Example.com:443").unwrap();
/// assert!(p.matches("api.example.com", 443));
/// assert!(!p.matches("example.com", 443));
/// assert!(NetPattern::parse("[::1]:8000-8099").unwrap().matches("::1", 8080));
/// assert!(NetPattern::parse("example.com").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetPattern {
    pub host: HostPattern,
    /// Inclusive port range; `*` is `1..=65535`.
    pub ports: (u16, u16),
}

impl NetPattern {
    /// Parses `host:port`.
    ///
    /// # Errors
    /// A message naming what is wrong with the host or the port.
    pub fn parse(raw: &str) -> Result<NetPattern, String> {
        let (host, port) = if let Some(rest) = raw.strip_prefix('[') {
            let (v6, after) = rest
                .split_once(']')
                .ok_or_else(|| format!("`{raw}`: an IPv6 address needs its closing `]`"))?;
            let port = after
                .strip_prefix(':')
                .ok_or_else(|| format!("`{raw}` has no port: write `[{v6}]:PORT` or `:*`"))?;
            let ip: Ipv6Addr = v6.parse().map_err(|_| format!("`{v6}` is not an IPv6 address"))?;
            (HostPattern::Ip(IpAddr::V6(ip)), port)
        } else {
            let (host, port) = raw
                .rsplit_once(':')
                .ok_or_else(|| format!("`{raw}` has no port: write `host:PORT` or `host:*`"))?;
            (parse_host(host)?, port)
        };
        Ok(NetPattern { host, ports: parse_ports(port)? })
    }

    /// Whether a connection to (or a socket bound at) `host`:`port` matches. `host` is
    /// a name or an address as the program gave it.
    pub fn matches(&self, host: &str, port: u16) -> bool {
        if port < self.ports.0 || port > self.ports.1 {
            return false;
        }
        let host = host.trim_start_matches('[').trim_end_matches(']');
        match &self.host {
            HostPattern::Any => true,
            HostPattern::Ip(ip) => host.parse::<IpAddr>().is_ok_and(|h| h == *ip),
            HostPattern::Name(name) => host.eq_ignore_ascii_case(name),
            HostPattern::Below(name) => {
                let host = host.to_ascii_lowercase();
                host.strip_suffix(name.as_str()).is_some_and(|p| p.len() > 1 && p.ends_with('.'))
            }
        }
    }
}

impl fmt::Display for NetPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.host {
            HostPattern::Any => f.write_str("*")?,
            HostPattern::Name(n) => f.write_str(n)?,
            HostPattern::Below(n) => write!(f, "*.{n}")?,
            HostPattern::Ip(IpAddr::V4(ip)) => write!(f, "{ip}")?,
            HostPattern::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]")?,
        }
        match self.ports {
            (1, 65535) => f.write_str(":*"),
            (a, b) if a == b => write!(f, ":{a}"),
            (a, b) => write!(f, ":{a}-{b}"),
        }
    }
}

fn parse_host(host: &str) -> Result<HostPattern, String> {
    if host == "*" {
        return Ok(HostPattern::Any);
    }
    if host.is_empty() {
        return Err("the host is empty (write `*` for any host)".to_owned());
    }
    if host.contains(':') {
        return Err(format!("`{host}`: write an IPv6 address in brackets, `[{host}]:PORT`"));
    }
    if host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host
            .parse::<Ipv4Addr>()
            .map(|ip| HostPattern::Ip(IpAddr::V4(ip)))
            .map_err(|_| format!("`{host}` is not an IPv4 address"));
    }
    let (below, name) = match host.strip_prefix("*.") {
        Some(name) => (true, name),
        None => (false, host),
    };
    check_dns_name(name).map_err(|m| format!("`{host}`: {m}"))?;
    let name = name.to_ascii_lowercase();
    Ok(if below { HostPattern::Below(name) } else { HostPattern::Name(name) })
}

/// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens.
fn check_dns_name(name: &str) -> Result<(), String> {
    if name.contains('*') {
        return Err("`*` may only be the whole host or its first label (`*.example.com`)".into());
    }
    if name.len() > 253 {
        return Err("a host name is at most 253 characters".to_owned());
    }
    for label in name.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("every label of a host name has 1 to 63 characters".to_owned());
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err("a host name has only letters, digits, `-` and `.`".to_owned());
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a label of a host name cannot start or end with `-`".to_owned());
        }
    }
    Ok(())
}

fn parse_ports(port: &str) -> Result<(u16, u16), String> {
    if port == "*" {
        return Ok((1, 65535));
    }
    let one = |p: &str| -> Result<u16, String> {
        match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
            _ => Err(format!("`{p}` is not a port (1 to 65535, a range `a-b`, or `*`)")),
        }
    };
    match port.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (one(a)?, one(b)?);
            if a > b {
                return Err(format!("the port range `{port}` is empty: {a} is above {b}"));
            }
            Ok((a, b))
        }
        None => one(port).map(|p| (p, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_patterns_round_trip() {
        for p in [
            "*:*",
            "example.com:443",
            "*.example.com:80-8080",
            "127.0.0.1:8080",
            "[::1]:22",
            "localhost:*",
        ] {
            assert_eq!(NetPattern::parse(p).unwrap().to_string(), p);
        }
        assert_eq!(
            NetPattern::parse("API.Example.COM:1").unwrap().to_string(),
            "api.example.com:1"
        );
    }

    #[test]
    fn invalid_patterns_say_why() {
        for (p, want) in [
            ("example.com", "no port"),
            ("example.com:", "not a port"),
            ("example.com:0", "not a port"),
            ("example.com:65536", "not a port"),
            ("example.com:+80", "not a port"),
            ("example.com:90-80", "empty"),
            (":80", "host is empty"),
            ("::1:80", "brackets"),
            ("[::1:80", "closing"),
            ("[::g]:80", "IPv6"),
            ("300.1.1.1:80", "IPv4"),
            ("a.*.com:80", "first label"),
            ("ex_ample.com:80", "letters, digits"),
            ("-a.com:80", "start or end"),
            ("a..com:80", "1 to 63"),
        ] {
            let err = NetPattern::parse(p).unwrap_err();
            assert!(err.contains(want), "{p}: {err}");
        }
    }

    #[test]
    fn matching() {
        let p = NetPattern::parse("*.example.com:443").unwrap();
        assert!(p.matches("a.b.EXAMPLE.com", 443));
        assert!(!p.matches("example.com", 443));
        assert!(!p.matches("badexample.com", 443));
        assert!(!p.matches("a.example.com", 80));
        let q = NetPattern::parse("10.0.0.1:1000-2000").unwrap();
        assert!(q.matches("10.0.0.1", 1000) && q.matches("10.0.0.1", 2000));
        assert!(!q.matches("10.0.0.2", 1500) && !q.matches("10.0.0.1", 2001));
        assert!(NetPattern::parse("*:*").unwrap().matches("anything", 1));
    }
}
