//! dns-01 (RFC 8555 §8.4): publish `_acme-challenge.<name>` TXT records through a [`Publisher`]
//! (by hand, a hook script, or RFC 2136), wait until the authoritative servers show them all,
//! and remove them afterwards, checking that they are gone.
//!
//! A name and its wildcard share one TXT name, so records are added one value at a time and
//! removed one value at a time: one value never replaces another.

use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::{Solver, Task};
use crate::challenges::propagation::{self, Records};
use crate::cli::error::usage;
use crate::cli::output::Printer;
use crate::storage::renewal_conf::codec::ConfKey;
use crate::storage::renewal_conf::{ManualSettings, MethodName, RenewalConf};
use acme::identifiers::Identifier;

/// One TXT value to publish.
#[derive(Clone, Debug, PartialEq)]
pub struct DnsRecord {
    /// The identifier it proves, as the certificate names it (`*.example.com` for a wildcard).
    pub domain: String,
    /// Where the value goes (no trailing dot): `_acme-challenge.example.com`, or the end of
    /// its CNAME chain when that name is an alias.
    pub txt_name: String,
    pub value: String,
    /// `_acme-challenge.example.com` when it is a CNAME to `txt_name`.
    pub alias: Option<String>,
}

impl DnsRecord {
    pub fn for_task(task: &Task) -> DnsRecord {
        let domain = task.identifier.value();
        let (txt_name, value) =
            acme::protocol::challenge::dns01_record(&domain, &task.key_authorization);
        DnsRecord {
            txt_name,
            value,
            domain,
            alias: None,
        }
    }

    /// The name the CA queries: `_acme-challenge.<name>`, whether or not it is an alias.
    pub fn challenge_name(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.txt_name)
    }

    /// As a zone-file line.
    pub fn zone_line(&self) -> String {
        let line = format!("{}. 300 IN TXT \"{}\"", self.txt_name, self.value);
        match &self.alias {
            Some(alias) => format!("{line}   ; {alias} is a CNAME to it"),
            None => line,
        }
    }

    /// Follows a CNAME chain at `_acme-challenge.<name>` (asking `resolver`), so the value is
    /// published and checked at its end.
    fn delegated(mut self, resolver: SocketAddr, out: &Printer) -> Result<DnsRecord> {
        // A resolver that cannot answer is no reason to fail here: the propagation check
        // reports unreachable servers properly. A loop or an endless chain is a real error.
        let mut unreachable = None;
        let chain = acme::dns::cname::follow(&self.txt_name, |n| {
            Ok(acme::dns::cname::target(resolver, n, true)
                .map_err(|e| unreachable = Some(format!("{e:#}")))
                .ok()
                .flatten())
        })
        .with_context(|| format!("cannot follow the CNAME at {}", self.txt_name))?;
        if let Some(e) = unreachable {
            out.warn(&format!(
                "cannot tell whether {} is a CNAME ({e}); publishing at {}",
                chain[0],
                chain[chain.len() - 1]
            ));
        }
        if chain.len() > 1 {
            out.detail(&format!(
                "{} is delegated by CNAME ({}): publishing the TXT record at {}",
                chain[0],
                chain.join(" -> "),
                chain[chain.len() - 1]
            ));
            self.alias = Some(std::mem::take(&mut self.txt_name));
            self.txt_name = chain[chain.len() - 1].clone();
        }
        Ok(self)
    }
}

/// Publishes and removes TXT records somewhere.
pub trait Publisher {
    /// Publishes every record (all of them before any propagation wait).
    fn add(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()>;
    /// Removes the records that `add` published (or tells the user to).
    fn remove(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()>;
    /// Whether `remove` really removes them, so checking they are gone makes sense.
    fn removes(&self) -> bool {
        true
    }
}

/// How the records are published.
#[derive(Clone, Debug, PartialEq)]
pub enum Publish {
    /// The user creates them by hand.
    Manual,
    /// A command run once per record with `ACME_ACTION=add|remove`.
    Hook(String),
    /// RFC 2136 updates to this server, signed with the TSIG key in this file.
    Rfc2136 { server: String, key_file: PathBuf },
    /// certbot's `--manual-auth-hook` / `--manual-cleanup-hook` (`solvers::manual`).
    ManualHooks(super::manual::ManualHooks),
}

/// The dns-01 method's settings, as given on the command line or read from a renewal conf.
#[derive(Clone, Debug, PartialEq)]
pub struct DnsConfig {
    pub publish: Publish,
    /// `--dns-timeout` in seconds (None: the default).
    pub timeout: Option<u64>,
    /// `--dns-resolver` as given.
    pub resolver: Option<String>,
    /// `--dns-persist`: answer dns-persist-01 with a lasting record instead of dns-01.
    pub persist: bool,
    /// `--dns-persist-until`: the record's `persistUntil` (Unix seconds).
    pub persist_until: Option<i64>,
}

impl DnsConfig {
    /// Refuses what cannot work, before any request to the CA.
    pub fn check(&self, ids: &[Identifier]) -> Result<()> {
        if let Some(ip) = ids.iter().find(|i| i.is_ip()) {
            return Err(usage(format!(
                "{ip} is an IP address, which cannot be validated with dns-01 (RFC 8738): use --webroot or another http-01/tls-alpn-01 method"
            )));
        }
        if self.timeout == Some(0) {
            return Err(usage("--dns-timeout must be at least 1 second"));
        }
        self.propagation()?;
        match &self.publish {
            // dns-persist-01 without a publisher prints the record when it is missing.
            Publish::Manual if self.persist => {}
            Publish::Manual => {
                if !crate::cli::prompt::may_ask() {
                    return Err(usage(
                        "--dns-manual needs a terminal to wait for you to create the records, and stdin is not one (or -n was given); for unattended use (cron, renew) publish them with --dns-hook <CMD> or --dns-rfc2136 <SERVER> --tsig-key <FILE>",
                    ));
                }
            }
            Publish::Hook(cmd) => {
                if cmd.trim().is_empty() {
                    return Err(usage("--dns-hook needs a command"));
                }
            }
            Publish::ManualHooks(h) => {
                if h.auth.trim().is_empty() {
                    return Err(usage("--manual-auth-hook needs a command"));
                }
            }
            Publish::Rfc2136 { server, key_file } => {
                acme::dns::parse_server(server, 53)
                    .map_err(|e| usage(format!("--dns-rfc2136: {e}")))?;
                crate::challenges::dns_rfc2136::load_tsig_key(key_file)
                    .map_err(|e| usage(format!("--tsig-key: {e:#}")))?;
            }
        }
        Ok(())
    }

    pub fn propagation(&self) -> Result<propagation::Settings> {
        let resolver: Option<SocketAddr> = self
            .resolver
            .as_deref()
            .map(|r| acme::dns::parse_server(r, 53))
            .transpose()
            .map_err(|e| usage(format!("--dns-resolver: {e}")))?;
        Ok(propagation::Settings {
            timeout: self
                .timeout
                .map_or(propagation::DEFAULT_TIMEOUT, Duration::from_secs),
            resolver,
        })
    }

    pub fn solver<'a>(&self, out: &'a Printer) -> Box<dyn Solver + 'a> {
        let publisher: Box<dyn Publisher> = match &self.publish {
            Publish::Manual => Box::new(super::dns_manual::Manual),
            Publish::Hook(cmd) => Box::new(super::dns_hook::Hook::new(cmd.clone())),
            Publish::ManualHooks(h) => Box::new(super::manual::ManualDns::new(h.clone())),
            Publish::Rfc2136 { server, key_file } => Box::new(super::dns_rfc2136::Rfc2136::new(
                server.clone(),
                key_file.clone(),
            )),
        };
        if self.persist {
            return Box::new(super::dns_persist::PersistSolver {
                publisher,
                by_hand: self.publish == Publish::Manual,
                persist_until: self.persist_until,
                propagation: self.propagation(),
                out,
            });
        }
        Box::new(DnsSolver {
            publisher,
            propagation: self.propagation(),
            published: Vec::new(),
            out,
        })
    }

    /// Writes the method (`dns-manual`, `dns-hook`, `dns-rfc2136`, or `manual` for certbot's
    /// hooks) and its settings into a renewal conf; the TSIG key is saved as its path only.
    pub fn record(&self, conf: &mut RenewalConf) {
        match &self.publish {
            Publish::Manual => conf.method = Some(MethodName::DnsManual),
            Publish::Hook(cmd) => {
                conf.method = Some(MethodName::DnsHook);
                conf.dns.hook = Some(cmd.clone());
            }
            Publish::ManualHooks(h) => {
                conf.method = Some(MethodName::Manual);
                conf.manual = ManualSettings {
                    auth_hook: Some(h.auth.clone()),
                    cleanup_hook: h.cleanup.clone(),
                    preferred_challenges: Some("dns-01".into()),
                };
            }
            Publish::Rfc2136 { server, key_file } => {
                conf.method = Some(MethodName::DnsRfc2136);
                conf.dns.rfc2136 = Some(server.clone());
                conf.dns.tsig_key = Some(key_file.clone());
            }
        }
        let dns = &mut conf.dns;
        if let Some(t) = self.timeout {
            dns.timeout = Some(t);
        }
        if let Some(r) = &self.resolver {
            dns.resolver = Some(r.clone());
        }
        if self.persist {
            dns.persist = true;
        }
        if let Some(t) = self.persist_until {
            dns.persist_until = Some(t);
        }
    }

    /// Reads the settings back; None if the conf's method is not a dns one.
    pub fn from_conf(conf: &RenewalConf) -> Option<Result<DnsConfig>> {
        let method = conf.method.as_ref()?;
        let need = |v: &Option<String>, k: ConfKey| {
            v.clone()
                .with_context(|| format!("method {method} needs a `{}` line", k.name()))
        };
        let publish = match method {
            MethodName::DnsManual => Ok(Publish::Manual),
            MethodName::DnsHook => need(&conf.dns.hook, ConfKey::DnsHook).map(Publish::Hook),
            MethodName::Manual if super::manual::preferred_in_conf(conf) == "dns-01" => {
                need(&conf.manual.auth_hook, ConfKey::ManualAuthHook).map(|auth| {
                    Publish::ManualHooks(super::manual::ManualHooks {
                        auth,
                        cleanup: conf.manual.cleanup_hook.clone().filter(|c| !c.is_empty()),
                    })
                })
            }
            MethodName::DnsRfc2136 => {
                need(&conf.dns.rfc2136, ConfKey::DnsRfc2136).and_then(|server| {
                    Ok(Publish::Rfc2136 {
                        server,
                        key_file: conf.dns.tsig_key.clone().with_context(|| {
                            format!("method {method} needs a `{}` line", ConfKey::TsigKey.name())
                        })?,
                    })
                })
            }
            _ => return None,
        };
        let dns = &conf.dns;
        Some(publish.map(|publish| DnsConfig {
            publish,
            timeout: dns.timeout,
            resolver: dns.resolver.clone(),
            persist: dns.persist,
            persist_until: dns.persist_until,
        }))
    }
}

struct DnsSolver<'a> {
    publisher: Box<dyn Publisher>,
    propagation: Result<propagation::Settings>,
    published: Vec<DnsRecord>,
    out: &'a Printer,
}

/// The records as the propagation check takes them: TXT name → the values expected there.
pub(super) fn as_records(list: &[DnsRecord]) -> Records {
    let mut map = Records::new();
    for r in list {
        map.entry(r.txt_name.clone())
            .or_default()
            .insert(r.value.clone());
    }
    map
}

impl Solver for DnsSolver<'_> {
    fn challenge_type(&self) -> &'static str {
        "dns-01"
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        let settings = match &self.propagation {
            Ok(s) => s.clone(),
            Err(e) => return Err(anyhow::anyhow!("{e:#}")),
        };
        let resolver = settings.resolver.unwrap_or_else(acme::dns::system_resolver);
        let records = tasks
            .iter()
            .map(|t| DnsRecord::for_task(t).delegated(resolver, self.out))
            .collect::<Result<Vec<_>>>()?;
        // Remembered before adding, so a half-done add is undone by cleanup.
        self.published = records.clone();
        self.out
            .step(&format!("Publishing {} TXT record(s)", records.len()));
        self.publisher.add(&records, self.out)?;
        self.out.step("Waiting for the DNS records to propagate");
        propagation::wait_visible(&settings, &as_records(&records), self.out)
    }

    fn describe(&self, task: &Task) -> String {
        let r = DnsRecord::for_task(task);
        format!("the TXT record {} (expected \"{}\")", r.txt_name, r.value)
    }

    fn cleanup(&mut self) -> Result<()> {
        let records = std::mem::take(&mut self.published);
        if records.is_empty() {
            return Ok(());
        }
        self.out.step("Removing the TXT records");
        self.publisher.remove(&records, self.out)?;
        if self.publisher.removes()
            && let Ok(settings) = &self.propagation
        {
            propagation::check_gone(settings, &as_records(&records), self.out);
        }
        Ok(())
    }
}

/// `renew` runs the hook from cron, in another directory: a relative program path would break.
fn check_hook_path(cmd: &str) -> Result<()> {
    let program = cmd.split_whitespace().next().unwrap_or("");
    if program.contains('/') && !program.starts_with('/') {
        return Err(usage(format!(
            "--dns-hook runs {program:?} relative to the current directory, which renewal from cron will not share; give an absolute path"
        )));
    }
    Ok(())
}

/// The dns-01 flags of `acme issue`, as given.
#[derive(Default)]
pub struct DnsFlags<'a> {
    pub manual: bool,
    pub hook: Option<&'a str>,
    pub rfc2136: Option<&'a str>,
    pub tsig_key: Option<&'a std::path::Path>,
    pub timeout: Option<u64>,
    pub resolver: Option<&'a str>,
    pub persist: bool,
    pub persist_until: Option<&'a str>,
}

/// The dns-01 settings from `acme issue`'s flags; None if no dns-01 publisher was chosen.
pub fn from_flags(args: &DnsFlags) -> Result<Option<DnsConfig>> {
    let mut chosen = Vec::new();
    if args.manual {
        chosen.push(Publish::Manual);
    }
    if let Some(cmd) = args.hook {
        check_hook_path(cmd)?;
        chosen.push(Publish::Hook(cmd.to_string()));
    }
    if let (Some(server), Some(key)) = (args.rfc2136, args.tsig_key) {
        let key_file = std::path::absolute(key)
            .with_context(|| format!("cannot resolve the path {}", key.display()))?;
        chosen.push(Publish::Rfc2136 {
            server: server.to_string(),
            key_file,
        });
    }
    if chosen.len() > 1 {
        return Err(usage(
            "choose one of --dns-manual, --dns-hook and --dns-rfc2136",
        ));
    }
    let persist_until = match args.persist_until {
        None => None,
        Some(t) => Some(acme::time::parse_rfc3339(t).ok_or_else(|| {
            usage(format!(
                "--dns-persist-until {t:?}: give a time like 2027-06-01T00:00:00Z"
            ))
        })?),
    };
    if args.persist && chosen.is_empty() {
        chosen.push(Publish::Manual);
    }
    let Some(publish) = chosen.pop() else {
        if args.timeout.is_some() || args.resolver.is_some() {
            return Err(usage(
                "--dns-timeout and --dns-resolver go with --dns-manual, --dns-hook or --dns-rfc2136",
            ));
        }
        return Ok(None);
    };
    Ok(Some(DnsConfig {
        publish,
        timeout: args.timeout,
        resolver: args.resolver.map(String::from),
        persist: args.persist,
        persist_until,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf_roundtrip(dns: &DnsConfig) -> DnsConfig {
        let mut conf = RenewalConf {
            domains: vec!["example.com".into()],
            server: "https://ca.example/dir".into(),
            ..RenewalConf::default()
        };
        dns.record(&mut conf);
        let text = conf.render("example.com");
        let back = RenewalConf::parse(&text).unwrap();
        DnsConfig::from_conf(&back).unwrap().unwrap()
    }

    #[test]
    fn settings_survive_the_renewal_conf() {
        for dns in [
            DnsConfig {
                publish: Publish::Manual,
                timeout: None,
                resolver: None,
                persist: false,
                persist_until: None,
            },
            DnsConfig {
                publish: Publish::Hook("/etc/acme/hook.sh --zone x".into()),
                timeout: Some(300),
                resolver: Some("192.0.2.1:5353".into()),
                persist: true,
                persist_until: None,
            },
            DnsConfig {
                publish: Publish::Rfc2136 {
                    server: "192.0.2.53".into(),
                    key_file: "/etc/acme/tsig.key".into(),
                },
                timeout: Some(60),
                resolver: None,
                persist: false,
                persist_until: None,
            },
        ] {
            assert_eq!(conf_roundtrip(&dns), dns);
        }
    }

    #[test]
    fn relative_hook_programs_are_refused() {
        for (cmd, ok) in [
            ("/etc/acme/hook.sh", true),
            ("sh /etc/acme/hook.sh", true),
            ("my-hook --zone x", true),
            ("./hook.sh", false),
            ("hooks/dns.sh add", false),
        ] {
            assert_eq!(check_hook_path(cmd).is_ok(), ok, "{cmd}");
        }
    }

    #[test]
    fn flags_choose_one_publisher() {
        let none = from_flags(&DnsFlags::default()).unwrap();
        assert!(none.is_none());
        let hook = from_flags(&DnsFlags {
            hook: Some("/bin/true"),
            timeout: Some(9),
            ..DnsFlags::default()
        })
        .unwrap()
        .unwrap();
        assert_eq!(hook.publish, Publish::Hook("/bin/true".into()));
        assert_eq!(hook.timeout, Some(9));
        for bad in [
            DnsFlags {
                manual: true,
                hook: Some("/bin/true"),
                ..DnsFlags::default()
            },
            DnsFlags {
                resolver: Some("127.0.0.1"),
                ..DnsFlags::default()
            },
        ] {
            let err = from_flags(&bad).unwrap_err();
            assert_eq!(crate::cli::error::exit_code(&err), 2, "{err}");
        }
    }

    #[test]
    fn webroot_conf_is_not_dns() {
        let conf = RenewalConf {
            method: Some(MethodName::Webroot),
            ..RenewalConf::default()
        };
        assert!(DnsConfig::from_conf(&conf).is_none());
    }

    #[test]
    fn missing_hook_line_is_an_error() {
        let conf = RenewalConf {
            method: Some(MethodName::DnsHook),
            ..RenewalConf::default()
        };
        let err = DnsConfig::from_conf(&conf).unwrap().unwrap_err();
        assert!(err.to_string().contains("dns_hook"), "{err}");
    }

    #[test]
    fn ip_identifiers_are_refused() {
        let dns = DnsConfig {
            publish: Publish::Hook("true".into()),
            timeout: None,
            resolver: None,
            persist: false,
            persist_until: None,
        };
        let ids = acme::identifiers::normalize(&["192.0.2.1".to_string()]).unwrap();
        let err = dns.check(&ids).unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&err), 2);
        assert!(err.to_string().contains("IP address"), "{err}");
    }

    #[test]
    fn wildcard_and_base_records_share_a_name_with_two_values() {
        let ids =
            acme::identifiers::normalize(&["example.com".into(), "*.example.com".into()]).unwrap();
        let recs: Vec<DnsRecord> = ids
            .into_iter()
            .enumerate()
            .map(|(i, identifier)| {
                DnsRecord::for_task(&Task {
                    identifier,
                    token: format!("tok{i}"),
                    key_authorization: format!("tok{i}.thumb"),
                    persist: None,
                })
            })
            .collect();
        let map = as_records(&recs);
        assert_eq!(map.len(), 1);
        assert_eq!(map["_acme-challenge.example.com"].len(), 2);
        assert_eq!(recs[1].domain, "*.example.com");
        assert!(
            recs[0]
                .zone_line()
                .starts_with("_acme-challenge.example.com. 300 IN TXT \"")
        );
    }
}
