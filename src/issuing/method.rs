//! How control of the names is proven: the user's choice of challenge method and its settings.
//! It is checked before any request, turned into a [`Solver`] for one issuance, and saved in the
//! renewal conf so `renew` can do the same again.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

use crate::challenges::Solver;
use crate::challenges::dns::DnsConfig;
use crate::challenges::listen::ListenAddr;
use crate::challenges::manual::{ManualHooks, ManualHttp};
use crate::challenges::self_check::SelfCheck;
use crate::challenges::standalone::Standalone;
use crate::challenges::tls_alpn::TlsAlpn;
use crate::challenges::webroot::Webroot;
use crate::cli::error::usage;
use crate::cli::output::Printer;
use crate::storage::renewal_conf::codec::ConfKey;
use crate::storage::renewal_conf::{
    Listen, ManualSettings, MethodName, RenewalConf, SelfCheckSettings,
};
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
                conf.method = Some(MethodName::Webroot);
                conf.webroot = map
                    .iter()
                    .map(|(id, dir)| (id.value(), dir.clone()))
                    .collect();
            }
            Method::Standalone(addr) => {
                conf.method = Some(MethodName::Standalone);
                conf.http = listen_to_conf(addr);
            }
            Method::TlsAlpn(addr) => {
                conf.method = Some(MethodName::TlsAlpn);
                conf.tls = listen_to_conf(addr);
            }
            Method::Dns(dns) => dns.record(conf),
            Method::ManualHttp(h) => {
                conf.method = Some(MethodName::Manual);
                conf.manual = ManualSettings {
                    auth_hook: Some(h.auth.clone()),
                    cleanup_hook: h.cleanup.clone(),
                    preferred_challenges: Some("http-01".into()),
                };
            }
        }
    }

    /// Reads the method back from a renewal conf; what it lacks to renew is an error here.
    pub fn from_conf(conf: &RenewalConf) -> Result<Method> {
        if let Some(dns) = DnsConfig::from_conf(conf) {
            return dns.map(Method::Dns);
        }
        match &conf.method {
            Some(MethodName::Webroot) => {
                let mut map = Vec::new();
                for (name, dir) in &conf.webroot {
                    let id = acme::identifiers::normalize(std::slice::from_ref(name))
                        .map_err(anyhow::Error::msg)?
                        .remove(0);
                    map.push((id, dir.clone()));
                }
                Ok(Method::Webroot(map))
            }
            Some(MethodName::Standalone) => {
                Ok(Method::Standalone(listen_from_conf(&conf.http, 80)))
            }
            Some(MethodName::Manual) => {
                let m = &conf.manual;
                let auth = m
                    .auth_hook
                    .clone()
                    .filter(|a| !a.trim().is_empty())
                    .with_context(|| {
                        format!(
                            "method manual needs a `{}` line to renew unattended",
                            ConfKey::ManualAuthHook.name()
                        )
                    })?;
                Ok(Method::ManualHttp(ManualHooks {
                    auth,
                    cleanup: m.cleanup_hook.clone().filter(|c| !c.is_empty()),
                }))
            }
            Some(MethodName::TlsAlpn) => Ok(Method::TlsAlpn(listen_from_conf(&conf.tls, 443))),
            None => bail!("no `method` line: say how to validate (e.g. `method = webroot`)"),
            Some(other) => bail!("unknown method {:?}", other.as_str()),
        }
    }
}

fn listen_to_conf(addr: &ListenAddr) -> Listen {
    Listen {
        port: Some(addr.port),
        address: addr.address,
    }
}

fn listen_from_conf(conf: &Listen, default_port: u16) -> ListenAddr {
    ListenAddr {
        address: conf.address,
        port: conf.port.unwrap_or(default_port),
    }
}

/// Saves the http-01 self-check settings: only what differs from the default (on, no `via`).
pub fn record_self_check(conf: &mut RenewalConf, check: &SelfCheck) {
    conf.self_check = SelfCheckSettings {
        enabled: check.enabled,
        via: check.via,
    };
}

/// The http-01 self-check settings of a renewal conf (on unless `self_check = false`).
pub fn self_check_from_conf(conf: &RenewalConf) -> SelfCheck {
    SelfCheck {
        enabled: conf.self_check.enabled,
        via: conf.self_check.via,
    }
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
            assert_eq!(self_check_from_conf(&back), check);
        }
        let conf = RenewalConf::default();
        assert_eq!(self_check_from_conf(&conf), SelfCheck::default());
    }
}
