//! HTTP(S) fetching with a timeout, a redirect cap and a size limit (blocking `ureq`, rustls),
//! refusing non-public addresses unless allowed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::IngestOptions;

pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    pub charset: Option<String>,
    /// The URL after redirects.
    pub url: String,
}

const USER_AGENT: &str = concat!("khaldun/", env!("CARGO_PKG_VERSION"), " (news ingestion)");

pub(crate) fn fetch(url: &str, opts: &IngestOptions) -> Result<Fetched, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not a valid URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "only http and https URLs can be fetched, not {}:",
            parsed.scheme()
        ));
    }
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(5)
        .user_agent(USER_AGENT);
    let agent = guarded_agent(config, opts);
    let mut resp = agent.get(url).call().map_err(|e| describe(e, opts))?;
    let final_url = {
        use ureq::ResponseExt;
        resp.get_uri().to_string()
    };
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let charset = resp.body().charset().map(str::to_string);
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| describe(e, opts))?;
    Ok(Fetched {
        bytes,
        content_type,
        charset,
        url: final_url,
    })
}

/// An agent with the settings of `config` whose every connection, the first and each
/// redirect's, resolves through the address guard and connects only to the addresses it
/// checked: non-public ones are refused unless [`IngestOptions::allow_private_fetch`] (or listed
/// in [`IngestOptions::fetch_allow`]). Without private fetches, proxies are off (through a proxy
/// the guard would check the proxy's address, not the target's).
pub fn guarded_agent(
    mut config: ureq::config::ConfigBuilder<ureq::typestate::AgentScope>,
    opts: &IngestOptions,
) -> ureq::Agent {
    if !opts.allow_private_fetch {
        config = config.proxy(None);
    }
    ureq::Agent::with_parts(
        config.build(),
        DefaultConnector::default(),
        PublicOnly {
            allow_all: opts.allow_private_fetch,
            allow: opts.fetch_allow.clone(),
        },
    )
}

/// Why a fetch was refused before any connection was made.
#[derive(Debug)]
struct NotPublic(String);

impl std::fmt::Display for NotPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "refused: {} is not a public address (loopback, private, link-local or reserved); \
             fetching such addresses needs --allow-private-fetch",
            self.0
        )
    }
}

impl std::error::Error for NotPublic {}

/// A resolver that refuses hosts with any non-public address.
#[derive(Debug)]
struct PublicOnly {
    allow_all: bool,
    allow: Vec<SocketAddr>,
}

impl Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = DefaultResolver::default().resolve(uri, config, timeout)?;
        if !self.allow_all {
            // Every address must pass: the connection may go to any of them.
            if let Some(bad) = addrs
                .iter()
                .find(|a| !is_public(a.ip()) && !self.allow.contains(a))
            {
                let host = uri.host().unwrap_or("");
                let shown = if host.trim_matches(['[', ']']) == bad.ip().to_string() {
                    host.to_string()
                } else {
                    format!("{host} ({})", bad.ip())
                };
                return Err(ureq::Error::Other(Box::new(NotPublic(shown))));
            }
        }
        Ok(addrs)
    }
}

/// True for globally routable unicast addresses; false for loopback, private, shared (CGNAT),
/// link-local, unspecified, multicast, broadcast, documentation, benchmarking and reserved
/// ranges, and for IPv6 forms that embed such an IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                   // "this network", unspecified
        || a == 10                             // private
        || a == 127                            // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254)              // link-local (cloud metadata)
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0)      // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)      // documentation
        || (a == 192 && b == 88 && c == 99)    // 6to4 relay anycast
        || (a == 192 && b == 168)              // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100)   // documentation
        || (a == 203 && b == 0 && c == 113)    // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4); // ::ffff:a.b.c.d
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(embedded_v4(s[6], s[7])); // NAT64
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded_v4(s[1], s[2])); // 6to4
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || s[0..6] == [0, 0, 0, 0, 0, 0]    // IPv4-compatible (deprecated)
        || (s[0] & 0xfe00) == 0xfc00        // unique local
        || (s[0] & 0xffc0) == 0xfe80        // link-local
        || (s[0] & 0xffc0) == 0xfec0        // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00        // multicast
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
        || (s[0] == 0x2001 && s[1] < 0x0200) // Teredo, benchmarking, ORCHID and other IETF ranges
        || (s[0] == 0x0100 && s[1..4] == [0, 0, 0])) // discard-only
}

fn describe(e: ureq::Error, opts: &IngestOptions) -> String {
    match e {
        ureq::Error::Other(e) if e.is::<NotPublic>() => e.to_string(),
        ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
        ureq::Error::Timeout(_) => format!(
            "no complete answer within {} s (timeout)",
            opts.timeout.as_secs()
        ),
        ureq::Error::BodyExceedsLimit(_) => {
            format!(
                "response is over the {} limit (raise with --max-mb)",
                crate::human_size(opts.max_bytes)
            )
        }
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::Io(io) => format!("could not connect: {io}"),
        ureq::Error::TooManyRedirects => "too many redirects".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_and_non_public_addresses() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.216.34",
            "2606:4700:4700::1111",
            "2a00:1450:4007:80f::200e",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "0.0.0.0",
            "127.0.0.1",
            "127.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "100::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
