//! How control of the names is proven: the user's choice of challenge method and its settings.
//! It is checked before any request, turned into a [`Solver`] for one issuance, and saved in the
//! renewal conf so `renew` can do the same again.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

use crate::challenges::Solver;
use crate::challenges::dns::DnsConfig;
use crate::challenges::listen::ListenAddr;
use crate::challenges::manual::{AUTH_KEY, CLEANUP_KEY, ManualHooks, ManualHttp, PREFERRED_KEY};
use crate::challenges::self_check::SelfCheck;
use crate::challenges::standalone::Standalone;
use crate::challenges::tls_alpn::TlsAlpn;
use crate::challenges::webroot::Webroot;
use crate::cli::error::usage;
use crate::cli::output::Printer;
use crate::storage::renewal_conf::RenewalConf;
use acme::identifiers::Identifier;

#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// http-01 through existing web roots, one per name.
    Webroot(Vec<(Identifier, PathBuf)>),
    /// http-01 answered by this process (`--standalone`).
    Standalone(ListenAddr),
    /// tls-alpn-01 answered by this process (`--tls-alpn`, RFC 8737).
    TlsAlpn(ListenAddr),
    /// dns-01: TXT records published by hand, a hook, RFC 2136 or certbot's manual hooks.
    Dns(DnsConfig),
    /// http-01 through certbot's manual hooks (`challenges::manual`).
    ManualHttp(ManualHooks),
}

/// The challenge files must be writable by this user (a web root owned by root, for acme run
/// as another user): found before the order, not when the first file is written.
fn check_writable(root: &std::path::Path) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let mut deepest = root.to_path_buf();
    for part in [".well-known", "acme-challenge"] {
        let next = deepest.join(part);
        if !next.is_dir() {
            break;
        }
        deepest = next;
    }
    let c = std::ffi::CString::new(deepest.as_os_str().as_bytes())
        .map_err(|_| usage(format!("the web root {} has a NUL byte", root.display())))?;
    // SAFETY: `c` is a valid NUL-terminated path; access() only reads it.
    if unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } != 0 {
        let e = std::io::Error::last_os_error();
        return Err(usage(format!(
            "acme cannot write the http-01 challenge files under {} ({e}); nothing was ordered: run acme as a user who may write there (often root), or change the directory's owner or mode",
            deepest.display()
        )));
    }
    Ok(())
}

impl Method {
    /// Refuses what the CA would refuse, and missing files, before any request.
    pub fn check(&self, ids: &[Identifier]) -> Result<()> {
        match self {
            Method::Webroot(map) => {
                if let Some(w) = ids.iter().find(|i| i.is_wildcard()) {
                    return Err(usage(format!(
                        "{w} is a wildcard, and wildcards can only be validated with dns-01, not with --webroot"
                    )));
                }
                for id in ids {
                    let Some((_, dir)) = map.iter().find(|(i, _)| i == id) else {
                        return Err(usage(format!("no web root is configured for {id}")));
                    };
                    if !dir.is_dir() {
                        return Err(usage(format!(
                            "the web root {} does not exist or is not a directory; pass the directory your web server serves for {id}",
                            dir.display()
                        )));
                    }
                    // The challenge directory must be creatable, and reachable without following
                    // anyone else's links: a file or a planted link in its way is found now,
                    // not after an order has been placed.
                    crate::challenges::webroot::check(dir)?;
                    check_writable(dir)?;
                }
            }
            Method::Standalone(_) | Method::TlsAlpn(_) => {
                let flag = match self {
                    Method::Standalone(_) => "--standalone",
                    _ => "--tls-alpn",
                };
                if let Some(w) = ids.iter().find(|i| i.is_wildcard()) {
                    return Err(usage(format!(
                        "{w} is a wildcard, and wildcards can only be validated with dns-01, not with {flag}"
                    )));
                }
            }
            Method::Dns(dns) => dns.check(ids)?,
            Method::ManualHttp(h) => {
                if let Some(w) = ids.iter().find(|i| i.is_wildcard()) {
                    return Err(usage(format!(
                        "{w} is a wildcard, and wildcards can only be validated with dns-01: add --preferred-challenges dns-01"
                    )));
                }
                if h.auth.trim().is_empty() {
                    return Err(usage("--manual-auth-hook needs a command"));
                }
            }
        }
        Ok(())
    }

    /// The solver for one issuance, reporting its progress (if any) through `out`.
    pub fn solver<'a>(&self, out: &'a Printer) -> Box<dyn Solver + 'a> {
        match self {
            Method::Webroot(map) => Box::new(Webroot::new(map.clone())),
            Method::Standalone(addr) => Box::new(Standalone::new(*addr)),
            Method::TlsAlpn(addr) => Box::new(TlsAlpn::new(*addr)),
            Method::Dns(dns) => dns.solver(out),
            Method::ManualHttp(h) => Box::new(ManualHttp::new(h.clone(), out)),
        }
    }

    /// Writes the method and its settings into a renewal conf.
    pub fn record(&self, conf: &mut RenewalConf) {
        match self {
            Method::Webroot(map) => {
                conf.method = "webroot".into();
                conf.webroot = map
                    .iter()
                    .map(|(id, dir)| (id.value(), dir.clone()))
                    .collect();
            }
            Method::Standalone(addr) => {
                conf.method = "standalone".into();
                record_listen(conf, "http", addr);
            }
            Method::TlsAlpn(addr) => {
                conf.method = "tls-alpn".into();
                record_listen(conf, "tls", addr);
            }
            Method::Dns(dns) => dns.record(conf),
            Method::ManualHttp(h) => {
                conf.method = "manual".into();
                conf.extra.insert(AUTH_KEY.into(), h.auth.clone());
                match &h.cleanup {
                    Some(c) => conf.extra.insert(CLEANUP_KEY.into(), c.clone()),
                    None => conf.extra.remove(CLEANUP_KEY),
                };
                conf.extra.insert(PREFERRED_KEY.into(), "http-01".into());
            }
        }
    }

    /// Reads the method back from a renewal conf.
    pub fn from_conf(conf: &RenewalConf) -> Result<Method> {
        if let Some(dns) = DnsConfig::from_conf(conf) {
            return dns.map(Method::Dns);
        }
        match conf.method.as_str() {
            "webroot" => {
                let mut map = Vec::new();
                for (name, dir) in &conf.webroot {
                    let id = acme::identifiers::normalize(std::slice::from_ref(name))
                        .map_err(anyhow::Error::msg)?
                        .remove(0);
                    map.push((id, dir.clone()));
                }
                Ok(Method::Webroot(map))
            }
            "standalone" => Ok(Method::Standalone(listen_from_conf(conf, "http", 80)?)),
            "manual" => {
                let auth = conf
                    .extra
                    .get(AUTH_KEY)
                    .filter(|a| !a.trim().is_empty())
                    .cloned()
                    .context("method manual needs a `manual_auth_hook` line to renew unattended")?;
                Ok(Method::ManualHttp(ManualHooks {
                    auth,
                    cleanup: conf
                        .extra
                        .get(CLEANUP_KEY)
                        .filter(|c| !c.is_empty())
                        .cloned(),
                }))
            }
            "tls-alpn" => Ok(Method::TlsAlpn(listen_from_conf(conf, "tls", 443)?)),
            "" => bail!("no `method` line: say how to validate (e.g. `method = webroot`)"),
            other => bail!("unknown method {other:?}"),
        }
    }
}

/// Every conf key a method may have written: cleared before another method is recorded, so the
/// old method's settings cannot linger (a stale `dns_hook` would win over a new web root).
pub const METHOD_KEYS: [&str; 14] = [
    AUTH_KEY,
    CLEANUP_KEY,
    PREFERRED_KEY,
    "dns_hook",
    "dns_rfc2136",
    "tsig_key",
    "dns_timeout",
    "dns_resolver",
    "dns_persist",
    "dns_persist_until",
    "http_port",
    "http_address",
    "tls_port",
    "tls_address",
];

/// Forgets the saved method and its settings (the self-check settings stay).
pub fn clear(conf: &mut RenewalConf) {
    conf.method.clear();
    conf.webroot.clear();
    for k in METHOD_KEYS {
        conf.extra.remove(k);
    }
}

fn record_listen(conf: &mut RenewalConf, prefix: &str, addr: &ListenAddr) {
    conf.extra
        .insert(format!("{prefix}_port"), addr.port.to_string());
    match addr.address {
        Some(ip) => conf
            .extra
            .insert(format!("{prefix}_address"), ip.to_string()),
        None => conf.extra.remove(&format!("{prefix}_address")),
    };
}

fn listen_from_conf(conf: &RenewalConf, prefix: &str, default_port: u16) -> Result<ListenAddr> {
    let key = format!("{prefix}_port");
    let port = match conf.extra.get(&key) {
        Some(p) => p
            .parse()
            .map_err(|_| anyhow::anyhow!("`{key} = {p}` is not a port number"))?,
        None => default_port,
    };
    let key = format!("{prefix}_address");
    let address = match conf.extra.get(&key) {
        Some(a) => Some(
            a.parse()
                .map_err(|_| anyhow::anyhow!("`{key} = {a}` is not an IP address"))?,
        ),
        None => None,
    };
    Ok(ListenAddr { address, port })
}

/// `self_check = false`: no http-01 self-check before the CA is asked.
pub const SELF_CHECK: &str = "self_check";
/// `self_check_via = <ip:port>`: where the self-check fetches the challenge.
pub const SELF_CHECK_VIA: &str = "self_check_via";

/// Saves the http-01 self-check settings: only what differs from the default (on, no `via`).
pub fn record_self_check(conf: &mut RenewalConf, check: &SelfCheck) {
    if check.enabled {
        conf.extra.remove("self_check");
    } else {
        conf.extra.insert("self_check".into(), "false".into());
    }
    match check.via {
        Some(via) => conf.extra.insert("self_check_via".into(), via.to_string()),
        None => conf.extra.remove("self_check_via"),
    };
}

/// Reads the http-01 self-check settings back (on unless `self_check = false`).
pub fn self_check_from_conf(conf: &RenewalConf) -> Result<SelfCheck> {
    let enabled = match conf.extra.get("self_check").map(String::as_str) {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => bail!("`self_check = {other}` must be true or false"),
    };
    let via = match conf.extra.get("self_check_via") {
        Some(v) => Some(v.parse().map_err(|_| {
            anyhow::anyhow!("`self_check_via = {v}` is not an address like 192.0.2.1:80")
        })?),
        None => None,
    };
    Ok(SelfCheck { enabled, via })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responder_methods_and_self_check_survive_the_conf() {
        let cases = [
            Method::Standalone(ListenAddr {
                address: None,
                port: 80,
            }),
            Method::Standalone(ListenAddr {
                address: Some("127.0.0.1".parse().unwrap()),
                port: 8080,
            }),
            Method::TlsAlpn(ListenAddr {
                address: Some("::1".parse().unwrap()),
                port: 443,
            }),
        ];
        for m in cases {
            let mut conf = RenewalConf {
                domains: vec!["a.example".into()],
                server: "https://ca.example/dir".into(),
                ..RenewalConf::default()
            };
            m.record(&mut conf);
            let check = SelfCheck {
                enabled: false,
                via: Some("127.0.0.1:5002".parse().unwrap()),
            };
            record_self_check(&mut conf, &check);
            let back = RenewalConf::parse(&conf.render("a.example")).unwrap();
            assert_eq!(Method::from_conf(&back).unwrap(), m);
            assert_eq!(self_check_from_conf(&back).unwrap(), check);
        }
        let mut conf = RenewalConf::default();
        assert_eq!(self_check_from_conf(&conf).unwrap(), SelfCheck::default());
        conf.extra.insert("self_check".into(), "maybe".into());
        assert!(self_check_from_conf(&conf).is_err());
    }
}
