//! The names the server answers to ([`Hosts`]): which `Host` and `Origin` values are its own.

/// The names the server answers to: a request's `Host` must be one of them (else `421`), and its
/// `Origin`, if sent, one of their origins (or `--allow-origin`). So a page whose own name was
/// re-pointed at the server (DNS rebinding) is refused, although its `Origin` matches its `Host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    /// No `--public-origin` (a server on loopback): `127.0.0.1`, `localhost` and `[::1]`, on any
    /// port — the one the browser connected to: the listen port (unknown before binding with
    /// `--listen 127.0.0.1:0`) or a local proxy's (the tests' fault gate). No rebinding page can
    /// send these names. `Origin` must then be `http://` or `https://` and the request's `Host`.
    Loopback,
    /// `--public-origin`: `Host` must be one of theirs (`host[:port]`, the default port written
    /// or not), `Origin` one of them.
    Public {
        /// The origins, normalised (`config::origin`).
        origins: Vec<String>,
        /// Every `Host` value they allow, lower case.
        hosts: Vec<String>,
    },
}

impl Hosts {
    /// The rule for `public_origins` (normalised by `config::origin`; empty: [`Hosts::Loopback`]).
    pub fn new(public_origins: &[String]) -> Hosts {
        if public_origins.is_empty() {
            return Hosts::Loopback;
        }
        let mut hosts = Vec::new();
        for origin in public_origins {
            let Some((scheme, authority)) = origin.split_once("://") else {
                continue;
            };
            hosts.push(authority.to_ascii_lowercase());
            // Normalised origins never name the default port; a proxy may still send it.
            let has_port = authority
                .rsplit_once(':')
                .is_some_and(|(_, p)| !p.ends_with(']'));
            if !has_port {
                let port = if scheme == "https" { 443 } else { 80 };
                hosts.push(format!("{}:{port}", authority.to_ascii_lowercase()));
            }
        }
        Hosts::Public {
            origins: public_origins.to_vec(),
            hosts,
        }
    }

    /// Whether some public origin is `https://` (then: `Secure`, `__Host-` cookies, HSTS).
    pub fn https(&self) -> bool {
        match self {
            Hosts::Loopback => false,
            Hosts::Public { origins, .. } => origins.iter().any(|o| o.starts_with("https://")),
        }
    }

    /// Whether a request whose `Host` is `host` is meant for this server.
    pub fn accepts_host(&self, host: &str) -> bool {
        match self {
            Hosts::Loopback => is_loopback_host(host),
            Hosts::Public { hosts, .. } => hosts.iter().any(|h| h.eq_ignore_ascii_case(host)),
        }
    }

    /// Whether `origin` is this server's own, for a request whose `Host` is `host`.
    pub(super) fn accepts_origin(&self, origin: &str, host: Option<&str>) -> bool {
        match self {
            Hosts::Loopback => {
                let authority = origin
                    .strip_prefix("http://")
                    .or_else(|| origin.strip_prefix("https://"));
                host.is_some_and(|h| {
                    is_loopback_host(h) && authority.is_some_and(|a| a.eq_ignore_ascii_case(h))
                })
            }
            Hosts::Public { origins, .. } => origins.iter().any(|o| o.eq_ignore_ascii_case(origin)),
        }
    }
}

/// `127.0.0.1`, `localhost` or `[::1]`, with a port or without.
fn is_loopback_host(host: &str) -> bool {
    let name_end = match host.starts_with('[') {
        true => host.find(']').map_or(host.len(), |i| i + 1),
        false => host.find(':').unwrap_or(host.len()),
    };
    let (name, port) = host.split_at(name_end);
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok
        && ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
}
