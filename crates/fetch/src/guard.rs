//! The private-address (SSRF) guard: URLs naming, or names resolving to, loopback, private, link-local,
//! multicast or otherwise non-public addresses are refused unless their host is on the allow list. The check
//! sits in the DNS resolver the HTTP client connects through, so it holds for every redirect hop and cannot be
//! raced by a second DNS answer (the client connects only to the addresses the guard returned).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use url::{Host, Url};

/// Hosts allowed onto non-public addresses (lower-case, as written in URLs).
#[derive(Debug, Clone, Default)]
pub(crate) struct AllowList(Arc<Vec<String>>);

impl AllowList {
    pub(crate) fn new(hosts: &[String]) -> Self {
        AllowList(Arc::new(
            hosts.iter().map(|h| h.trim().trim_matches(['[', ']']).to_ascii_lowercase()).collect(),
        ))
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
        self.0.contains(&host)
    }

    /// Check a URL before connecting: IP literals are checked here (they never reach the resolver).
    pub(crate) fn check_url(&self, url: &Url) -> Result<(), String> {
        let ip = match url.host() {
            Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
            Some(Host::Domain(_)) => return Ok(()),
            None => return Err("no host".into()),
        };
        if is_forbidden_address(ip) && !self.allows(&ip.to_string()) {
            return Err(format!("{ip} is not a public address"));
        }
        Ok(())
    }
}

/// A name resolved to only non-public addresses.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to {addr}, which is not a public address")]
pub(crate) struct BlockedAddress {
    pub host: String,
    pub addr: IpAddr,
}

/// DNS through the system resolver, keeping only public addresses for hosts not on the allow list.
pub(crate) struct GuardedResolver {
    pub allow: AllowList,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let allowed = self.allow.allows(&host);
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if allowed {
                return Ok(Box::new(found.into_iter()) as Addrs);
            }
            let public: Vec<SocketAddr> =
                found.iter().copied().filter(|a| !is_forbidden_address(a.ip())).collect();
            match (public.is_empty(), found.first()) {
                (true, Some(first)) => Err(Box::new(BlockedAddress { host, addr: first.ip() }) as _),
                _ => Ok(Box::new(public.into_iter()) as Addrs),
            }
        })
    }
}

/// Is this an address a feed fetch must not reach by default? Loopback, private (RFC 1918, ULA), link-local,
/// multicast, broadcast, unspecified, carrier-grade NAT, benchmarking, documentation and reserved ranges;
/// IPv4-mapped and -compatible IPv6 addresses are judged as the IPv4 address inside.
pub fn is_forbidden_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_forbidden_v4(v4),
        IpAddr::V6(v6) => is_forbidden_v6(v6),
    }
}

fn is_forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments 192.0.0/24
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18/15
        || a >= 240 // reserved 240/4
}

fn is_forbidden_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_forbidden_v4(v4);
    }
    let seg = ip.segments();
    // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) embed an IPv4 address.
    if (seg[..6].iter().all(|s| *s == 0) && !ip.is_loopback() && !ip.is_unspecified())
        || (seg[0] == 0x64 && seg[1] == 0xff9b && seg[2..6].iter().all(|s| *s == 0))
    {
        let v4 = Ipv4Addr::new((seg[6] >> 8) as u8, seg[6] as u8, (seg[7] >> 8) as u8, seg[7] as u8);
        return is_forbidden_v4(v4);
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (seg[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (seg[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated, still routed internally)
        || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation 2001:db8::/32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_public_addresses_are_forbidden() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "224.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(is_forbidden_address(bad.parse().expect("ip")), "{bad} should be forbidden");
        }
        for good in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:93.184.216.34"] {
            assert!(!is_forbidden_address(good.parse().expect("ip")), "{good} should be allowed");
        }
    }

    #[test]
    fn allow_list_matches_literal_hosts() {
        let allow = AllowList::new(&["127.0.0.1".into(), "[::1]".into()]);
        assert!(allow.check_url(&Url::parse("http://127.0.0.1:8080/").expect("url")).is_ok());
        assert!(allow.check_url(&Url::parse("http://[::1]/").expect("url")).is_ok());
        assert!(allow.check_url(&Url::parse("http://10.0.0.1/").expect("url")).is_err());
        assert!(allow.check_url(&Url::parse("http://example.com/").expect("url")).is_ok());
    }
}
