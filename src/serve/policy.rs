//! What the preview refuses and what it adds, in one place: the size and time limits of a
//! request, the Host names it answers (DNS rebinding), the caps on connections and reload
//! streams, and the security headers sent with every response. Only the preview sends these
//! headers; built files are never changed.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// The request line (`GET /path HTTP/1.1`); longer → 414. nginx's default buffer size.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// All header lines together; more → 431. Generous because browsers send every cookie set for
/// `localhost` by any other local tool.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Header lines; more → 431.
pub const MAX_HEADER_COUNT: usize = 100;
/// A request body announced by Content-Length; larger → 413. The preview only answers GET and
/// HEAD, so a body is never used, only drained.
pub const MAX_BODY: u64 = 64 * 1024;
/// The whole request head must arrive within this time (a slow client must not hold a thread).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Writing one response (or one event) may wait this long for a client that does not read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Ordinary connections being answered at once (one short-lived thread each); more → 503.
pub const MAX_CONNECTIONS: usize = 64;
/// Open reload event streams (one per open preview tab); more → 503. Streams need no thread.
pub const MAX_EVENT_STREAMS: usize = 16;

/// Content-Security-Policy of every preview response. The built pages load scripts only from
/// files (the reload script is a file too, `/__shinchoku/reload.js`), so no inline script is
/// allowed and no nonce is needed. Inline styles stay allowed: the charts are inline SVG with a
/// `style` attribute, and an inline style cannot send anything anywhere while every fetch is
/// limited to the preview itself (images may also come from https sites, as on the real site).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Headers on every response.
pub const SECURITY_HEADERS: [(&str, &str); 6] = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    // A preview must always show the latest build.
    ("Cache-Control", "no-store"),
];

/// The Host header values the server answers: a page on another site that points its own name
/// at 127.0.0.1 (DNS rebinding) sends its own name and is refused.
#[derive(Clone, Debug)]
pub struct Hosts {
    bound: SocketAddr,
}

impl Hosts {
    pub fn new(bound: SocketAddr) -> Hosts {
        Hosts { bound }
    }

    /// The address to open, for the refusal's text (127.0.0.1 when bound to every address).
    pub fn example(&self) -> SocketAddr {
        if self.bound.ip().is_unspecified() {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), self.bound.port())
        } else {
            self.bound
        }
    }

    /// Whether `host` (the Host header's value) names this server: `127.0.0.1`, `localhost`,
    /// `[::1]` or the bound address, with the bound port. Bound to every address (`0.0.0.0`),
    /// any IP address is accepted too: a rebinding attack needs a name, and the other computers
    /// on the network know this one by its address.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let port = self.bound.port();
        let (name, host_port) = match host.rsplit_once(':') {
            Some((name, p)) if !name.is_empty() && !p.contains(']') => (name, p.parse().ok()),
            _ => (host.as_str(), Some(80)),
        };
        if host_port != Some(port) {
            return false;
        }
        if name == "localhost" {
            return true;
        }
        let Some(ip) = host_ip(name) else {
            return false;
        };
        is_local_name(ip) || ip == self.bound.ip() || self.bound.ip().is_unspecified()
    }
}

/// The address in a Host name (`127.0.0.1`, `[::1]`), or `None` for a name.
fn host_ip(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// `127.0.0.1` and `::1` themselves (not the rest of 127.0.0.0/8, which no browser uses for
/// this server unless it is bound there).
fn is_local_name(ip: IpAddr) -> bool {
    ip == IpAddr::V4(std::net::Ipv4Addr::LOCALHOST) || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_names_and_port_are_answered() {
        let hosts = Hosts::new("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "",
            "127.0.0.1",
            "localhost",
            "127.0.0.1:1112",
            "localhost:80",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "127.0.0.2:1111",
            "192.168.1.5:1111",
            "[::1]",
            "::1:1111",
            "[::1]:x",
            ":1111",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn the_bound_address_is_answered_and_every_address_when_bound_to_all() {
        let lan = Hosts::new("192.168.1.5:8080".parse().unwrap());
        assert!(lan.allows("192.168.1.5:8080"));
        assert!(lan.allows("localhost:8080"));
        assert!(!lan.allows("192.168.1.6:8080"));
        let all = Hosts::new("0.0.0.0:8080".parse().unwrap());
        assert!(all.allows("192.168.1.6:8080"));
        assert!(all.allows("[fe80::1]:8080"));
        assert!(!all.allows("pc.example:8080"));
        let v6 = Hosts::new("[::1]:80".parse().unwrap());
        assert!(v6.allows("[::1]"));
        assert!(v6.allows("localhost"));
    }
}
