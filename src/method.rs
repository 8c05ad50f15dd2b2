//! How control of the names is proven: the user's choice of challenge method and its settings.
//! It is checked before any request, turned into a [`Solver`] for one issuance, and saved in the
//! renewal conf so `renew` can do the same again.

use anyhow::{Result, bail};
use std::path::PathBuf;

use crate::error::usage;
use crate::identifiers::Identifier;
use crate::output::Printer;
use crate::solvers::Solver;
use crate::solvers::dns::DnsConfig;
use crate::solvers::webroot::Webroot;
use crate::storage::renewal_conf::RenewalConf;

#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    /// http-01 through existing web roots, one per name.
    Webroot(Vec<(Identifier, PathBuf)>),
    /// dns-01: TXT records published by hand, a hook, or RFC 2136.
    Dns(DnsConfig),
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
                }
            }
            Method::Dns(dns) => dns.check(ids)?,
        }
        Ok(())
    }

    /// The solver, printing its progress (if any) through `out`.
    pub fn solver_with<'a>(&self, out: &'a Printer) -> Box<dyn Solver + 'a> {
        match self {
            Method::Dns(dns) => dns.solver(out),
            _ => self.solver(),
        }
    }

    pub fn solver(&self) -> Box<dyn Solver> {
        match self {
            Method::Webroot(map) => Box::new(Webroot::new(map.clone())),
            // Without a Printer, progress is dropped (prompts still show); prefer `solver_with`.
            Method::Dns(dns) => {
                static QUIET: std::sync::LazyLock<Printer> = std::sync::LazyLock::new(|| {
                    Printer::new(crate::output::Verbosity::Quiet, false)
                });
                dns.solver(&QUIET)
            }
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
            Method::Dns(dns) => dns.record(conf),
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
                    let id = crate::identifiers::normalize(std::slice::from_ref(name))
                        .map_err(anyhow::Error::msg)?
                        .remove(0);
                    map.push((id, dir.clone()));
                }
                Ok(Method::Webroot(map))
            }
            "" => bail!("no `method` line: say how to validate (e.g. `method = webroot`)"),
            other => bail!("unknown method {other:?}"),
        }
    }
}
