//! What the flags of `issue` (and `reconfigure`) change in a lineage's saved settings: exactly
//! what was given. Every saved setting the command line does not mention — method, web roots,
//! hooks, key type, options — is kept, so a re-run that adds a name never drops a hook.

use anyhow::{Context, Result};
use clap::ArgMatches;
use clap::parser::ValueSource;
use std::path::PathBuf;

use crate::challenges::listen::ListenAddr;
use crate::challenges::self_check::SelfCheck;
use crate::cli::IssueArgs;
use crate::cli::error::usage;
use crate::issuing::method::{self, Method};
use crate::storage::renewal_conf::MethodName;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::{self, Layout};
use acme::identifiers::{self, Identifier};

/// Whether the user typed `id` (or set it through its environment variable), rather than clap
/// filling in its default.
pub fn given(matches: &ArgMatches, id: &str) -> bool {
    matches
        .value_source(id)
        .is_some_and(|s| s != ValueSource::DefaultValue)
}

/// `base` (the saved conf, or an empty one for a new lineage) with what the command line gives.
/// `ids` are the lineage's names from now on; `server` is the CA given on the command line, if
/// the user gave one.
pub fn apply(
    base: &RenewalConf,
    args: &IssueArgs,
    matches: &ArgMatches,
    ids: &[Identifier],
    server: Option<&str>,
    user_csr: Option<&acme::csr::UserCsr>,
    name: &str,
) -> Result<RenewalConf> {
    let mut conf = base.clone();
    let fresh = base.domains.is_empty();
    conf.domains = ids.iter().map(Identifier::value).collect();
    if let Some(server) = server {
        conf.server = server.to_string();
    }
    if args.no_fallback_server {
        conf.fallback_servers.clear();
    }
    if !args.fallback_server.is_empty() {
        conf.fallback_servers = args
            .fallback_server
            .iter()
            .map(|s| crate::cli::settings::resolve_server(s))
            .collect::<Result<_>>()?;
    }
    if user_csr.is_some() {
        conf.key_type = None;
        conf.options.csr = Some(storage::csr::relative_path(name));
    } else if given(matches, "key_type") {
        // A generated key from now on, instead of the user's CSR.
        conf.key_type = Some(args.key_type);
        conf.options.csr = None;
    } else if fresh {
        conf.key_type = Some(args.key_type);
    }

    match method_from_args(args, matches, ids)? {
        Some(m) => {
            conf.clear_method();
            m.record(&mut conf);
        }
        None if conf.method.is_none() => return Err(no_method()),
        None => keep_webroots_for(&mut conf, ids),
    }
    if args.no_self_check || args.self_check_via.is_some() {
        method::record_self_check(
            &mut conf,
            &SelfCheck {
                enabled: !args.no_self_check,
                via: args.self_check_via,
            },
        );
    }
    let h = &args.hooks;
    for (slot, value) in [
        (&mut conf.pre_hook, &h.pre_hook),
        (&mut conf.post_hook, &h.post_hook),
        (&mut conf.deploy_hook, &h.deploy_hook),
        (&mut conf.failure_hook, &h.failure_hook),
    ] {
        if value.is_some() {
            slot.clone_from(value);
        }
    }
    if args.no_reuse_key {
        conf.options.reuse_key = false;
    }
    // A global flag: given with issue or reconfigure, it becomes the lineage's own.
    if args.no_require_trusted_chain {
        conf.options.require_trusted_chain = false;
    } else if matches
        .try_get_one::<bool>("require_trusted_chain")
        .ok()
        .flatten()
        .is_some_and(|on| *on)
    {
        conf.options.require_trusted_chain = true;
    }
    if args.reuse_key {
        conf.options.reuse_key = true;
    }
    if let Some(c) = &args.preferred_chain {
        conf.options.preferred_chain = Some(c.clone());
    }
    if let Some(p) = &args.profile {
        conf.options.profile = Some(p.clone());
    }
    Ok(conf)
}

/// What changes the certificate itself, so that a lineage that is not due is issued again
/// anyway: its names, its CA, its key (type or CSR) and its profile. Hooks, method and the
/// other settings only matter at the next renewal.
pub fn reshapes_certificate(
    layout: &Layout,
    old: &RenewalConf,
    new: &RenewalConf,
    user_csr: Option<&acme::csr::UserCsr>,
) -> Option<&'static str> {
    let mut a = old.domains.clone();
    let mut b = new.domains.clone();
    a.sort();
    b.sort();
    if a != b {
        return Some("its names change");
    }
    if old.server != new.server {
        return Some("its CA changes");
    }
    if old.key_type != new.key_type {
        return Some("its key type changes");
    }
    if old.options.profile() != new.options.profile() {
        return Some("its profile changes");
    }
    if let Some(csr) = user_csr {
        let saved = old
            .options
            .csr()
            .and_then(|v| std::fs::read(storage::csr::resolve(layout, v)).ok())
            .and_then(|b| acme::csr::parse(&b).ok());
        if saved.is_none_or(|s| s.der != csr.der) {
            return Some("a new CSR is given");
        }
    }
    None
}

fn no_method() -> anyhow::Error {
    usage(
        "choose how to prove control of the names: --webroot <DIR> (http-01 through your web server), \
         --standalone (http-01 answered by acme on port 80), --tls-alpn (tls-alpn-01 on port 443), \
         or dns-01 with --dns-hook <CMD>, --dns-rfc2136 <SERVER> --tsig-key <FILE> or --dns-manual",
    )
}

/// The saved web roots follow the names: a dropped name loses its entry, and a new name is
/// served from the lineage's web root when all its names share one.
fn keep_webroots_for(conf: &mut RenewalConf, ids: &[Identifier]) {
    if conf.method != Some(MethodName::Webroot) {
        return;
    }
    let names: Vec<String> = ids.iter().map(Identifier::value).collect();
    let mut dirs: Vec<&PathBuf> = conf.webroot.iter().map(|(_, d)| d).collect();
    dirs.dedup();
    let shared = (dirs.len() == 1).then(|| dirs[0].clone());
    conf.webroot.retain(|(n, _)| names.contains(n));
    if let Some(dir) = shared {
        for n in &names {
            if !conf.webroot.iter().any(|(have, _)| have == n) {
                conf.webroot.push((n.clone(), dir.clone()));
            }
        }
    }
}

/// The web roots given, each with its position on the command line; a bare `--webroot` (no
/// directory) leaves none.
fn webroots<'a>(args: &'a IssueArgs, matches: &ArgMatches) -> Vec<(usize, &'a PathBuf)> {
    let idx: Vec<usize> = matches
        .indices_of("webroot")
        .map(|i| i.collect())
        .unwrap_or_default();
    args.webroot
        .iter()
        .enumerate()
        .map(|(i, p)| (idx.get(i).copied().unwrap_or(usize::MAX), p))
        .filter(|(_, p)| !p.as_os_str().is_empty())
        .collect()
}

/// The method the flags choose, if they choose one.
fn method_from_args(
    args: &IssueArgs,
    matches: &ArgMatches,
    ids: &[Identifier],
) -> Result<Option<Method>> {
    // clap's `requires` counts a bool flag's implicit `false` as present, so check here.
    if (args.http_port.is_some() || args.http_address.is_some()) && !args.standalone {
        return Err(usage(
            "--http-port and --http-address only apply to --standalone",
        ));
    }
    if (args.tls_port.is_some() || args.tls_address.is_some()) && !args.tls_alpn {
        return Err(usage(
            "--tls-port and --tls-address only apply to --tls-alpn",
        ));
    }
    let dns = crate::challenges::dns::from_flags(&crate::challenges::dns::DnsFlags {
        manual: args.dns_manual,
        hook: args.dns_hook.as_deref(),
        rfc2136: args.dns_rfc2136.as_deref(),
        tsig_key: args.tsig_key.as_deref(),
        // With the manual hooks, these go to their dns-01 settings below.
        timeout: args.dns_timeout.filter(|_| args.manual_auth_hook.is_none()),
        resolver: args
            .dns_resolver
            .as_deref()
            .filter(|_| args.manual_auth_hook.is_none()),
        persist: args.dns_persist,
        persist_until: args.dns_persist_until.as_deref(),
    })?;
    let dns = match (&dns, &args.manual_auth_hook) {
        (Some(_), Some(_)) => {
            return Err(usage(
                "choose one of --manual-auth-hook and the dns-01 options, not both",
            ));
        }
        (None, Some(auth)) => {
            let hooks = crate::challenges::manual::ManualHooks {
                auth: auth.clone(),
                cleanup: args.manual_cleanup_hook.clone(),
            };
            match crate::challenges::manual::preferred(&args.preferred_challenges).map_err(usage)? {
                "dns-01" => Some(crate::challenges::dns::DnsConfig {
                    publish: crate::challenges::dns::Publish::ManualHooks(hooks),
                    timeout: args.dns_timeout,
                    resolver: args.dns_resolver.clone(),
                    persist: false,
                    persist_until: None,
                }),
                _ => {
                    if !args.webroot.is_empty() || args.standalone || args.tls_alpn {
                        return Err(usage(
                            "choose one way to prove control: --manual-auth-hook, --webroot, --standalone or --tls-alpn, not several",
                        ));
                    }
                    return Ok(Some(Method::ManualHttp(hooks)));
                }
            }
        }
        _ => dns,
    };
    // certbot's `--webroot` alone selects the method; its directories follow with `-w`.
    let roots = webroots(args, matches);
    if !args.webroot.is_empty() && roots.is_empty() {
        return Err(usage(
            "--webroot needs a directory: --webroot DIR, or certbot's --webroot -w DIR",
        ));
    }
    let chosen = [
        !roots.is_empty(),
        args.standalone,
        args.tls_alpn,
        dns.is_some(),
    ];
    if chosen.iter().filter(|c| **c).count() > 1 {
        return Err(usage(
            "choose one way to prove control: --webroot, --standalone, --tls-alpn or a dns-01 option, not several",
        ));
    }
    if let Some(dns) = dns {
        return Ok(Some(Method::Dns(dns)));
    }
    if !roots.is_empty() {
        return Ok(Some(Method::Webroot(webroot_map(
            &roots, args, matches, ids,
        )?)));
    }
    if args.standalone {
        return Ok(Some(Method::Standalone(ListenAddr {
            address: args.http_address,
            port: args.http_port.unwrap_or(80),
        })));
    }
    if args.tls_alpn {
        return Ok(Some(Method::TlsAlpn(ListenAddr {
            address: args.tls_address,
            port: args.tls_port.unwrap_or(443),
        })));
    }
    Ok(None)
}

/// certbot's `-w A -d x -d y -w B -d z`: each name is served by the web root given last before
/// it; names before the first `-w` use the first one. Without `-d` (names from a CSR or from
/// the lineage) the first web root serves every name.
fn webroot_map(
    roots: &[(usize, &PathBuf)],
    args: &IssueArgs,
    matches: &ArgMatches,
    ids: &[Identifier],
) -> Result<Vec<(Identifier, PathBuf)>> {
    let abs = |p: &PathBuf| std::path::absolute(p).context("cannot resolve the web root path");
    if args.domains.is_empty() {
        let dir = abs(roots[0].1)?;
        return Ok(ids.iter().map(|id| (id.clone(), dir.clone())).collect());
    }
    let d_idx: Vec<usize> = matches
        .indices_of("domains")
        .map(|i| i.collect())
        .unwrap_or_default();
    let mut map: Vec<(Identifier, PathBuf)> = Vec::new();
    for (raw, di) in args
        .domains
        .iter()
        .zip(d_idx.iter().copied().chain(std::iter::repeat(usize::MAX)))
    {
        let id = identifiers::normalize(std::slice::from_ref(raw))
            .map_err(usage)?
            .remove(0);
        let pos = roots.iter().rposition(|(wi, _)| *wi < di).unwrap_or(0);
        let dir = abs(roots[pos].1)?;
        if !map.iter().any(|(i, _)| *i == id) {
            map.push((id, dir));
        }
    }
    Ok(map)
}
