//! `acme issue`: obtain a certificate and install it as a lineage with its renewal settings.

use anyhow::{Context, Result};
use clap::ArgMatches;
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::IssueArgs;
use crate::error::usage;
use crate::identifiers::{self, Identifier};
use crate::method::Method;
use crate::obtain::{self, ObtainOptions};
use crate::settings::Settings;
use crate::solvers::listen::ListenAddr;
use crate::solvers::self_check::SelfCheck;
use crate::storage::fsutil::Lock;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::{self, Layout};
use crate::{hooks, options, time, x509};

pub fn run(s: &Settings, args: &IssueArgs, matches: &ArgMatches) -> Result<()> {
    // Everything the user could have got wrong is checked before the CA is contacted.
    let user_csr = read_csr(args)?;
    let ids = match &user_csr {
        Some(csr) => csr.identifiers.clone(),
        None => identifiers::normalize(&args.domains).map_err(usage)?,
    };
    let name = match &args.cert_name {
        Some(n) => n.clone(),
        None => storage::default_cert_name(&ids[0].value()),
    };
    storage::check_cert_name(&name).map_err(usage)?;
    let method = match method_from_args(args, matches)? {
        // Names from a CSR alone: the first web root serves every one.
        Method::Webroot(_) if args.domains.is_empty() => {
            let dir = std::path::absolute(&args.webroot[0])
                .context("cannot resolve the web root path")?;
            Method::Webroot(ids.iter().map(|id| (id.clone(), dir.clone())).collect())
        }
        m => m,
    };
    method.check(&ids)?;
    let self_check = SelfCheck {
        enabled: !args.no_self_check,
        via: args.self_check_via,
    };

    let _lock = lock_lineage(&s.layout, &name)?;
    crate::guard::check_retry_after(s)?;
    // As certbot does for `certonly`: pre-hook first (it may free port 80 for --standalone),
    // deploy-hook once the certificate is live, post-hook afterwards whatever happened.
    if let Some(h) = &args.hooks.pre_hook {
        hooks::run("pre-hook", h, &[("ACME_DUE", name.clone())])?;
    }
    let issued = issue_locked(
        s,
        args,
        &name,
        &ids,
        &method,
        &self_check,
        user_csr.as_ref(),
    );
    let post = args.hooks.post_hook.as_ref().map(|h| {
        let (renewed, failed) = if issued.is_ok() {
            (name.clone(), String::new())
        } else {
            (String::new(), name.clone())
        };
        hooks::run(
            "post-hook",
            h,
            &[("ACME_RENEWED", renewed), ("ACME_FAILED", failed)],
        )
    });
    issued?;
    post.transpose()?;
    Ok(())
}

/// The issuance itself, under the lineage lock and between the pre- and post-hooks.
fn issue_locked(
    s: &Settings,
    args: &IssueArgs,
    name: &str,
    ids: &[Identifier],
    method: &Method,
    self_check: &SelfCheck,
    user_csr: Option<&crate::csr::UserCsr>,
) -> Result<()> {
    // Listening sockets are bound now: a busy port fails before the CA is contacted.
    let mut solver = obtain::prepare_solver(method, self_check, &s.out)?;
    let client = s.connect()?;
    if let Some(p) = &args.profile {
        // Before the account or any order: a profile the CA does not offer fails every order.
        options::check_profile(&client.directory.meta.profiles, p)?;
    }
    let account = super::register::ensure_account(s, &client, &args.account)?;
    let mut conf = RenewalConf {
        domains: ids.iter().map(Identifier::value).collect(),
        server: s.server.clone(),
        account: account.record.url.clone(),
        key_type: user_csr.is_none().then_some(args.key_type),
        pre_hook: args.hooks.pre_hook.clone(),
        post_hook: args.hooks.post_hook.clone(),
        deploy_hook: args.hooks.deploy_hook.clone(),
        ..RenewalConf::default()
    };
    method.record(&mut conf);
    if method.challenge_type() == "http-01" {
        crate::method::record_self_check(&mut conf, &self_check);
    }
    record_options(&mut conf, args, &name);
    let started = std::time::Instant::now();
    let got = obtain::obtain_with(
        s,
        &client,
        &account,
        &name,
        &conf,
        &ObtainOptions {
            csr: user_csr,
            ..ObtainOptions::default()
        },
        solver.as_mut(),
    )?;
    s.out.detail(&format!(
        "{} requests to the CA in {:.2} s",
        got.requests,
        started.elapsed().as_secs_f64()
    ));
    report(s, name, got.version, &got.leaf, user_csr.is_none());
    // Issued by hand after failed renewals: the run of failures is over.
    let mut health = storage::health::load(&s.layout, name).unwrap_or_default();
    if health.is_failing() {
        health.succeeded(time::now());
        storage::health::save(&s.layout, name, &health)?;
    }
    if let Some(h) = &args.hooks.deploy_hook {
        hooks::deploy(h, &s.layout.live(name), &conf.domains, name)?;
    }
    Ok(())
}

/// `--csr`: read and check the CSR; `-d` given as well must name exactly the CSR's identifiers,
/// since the CA issues for the CSR's names and nothing else.
fn read_csr(args: &IssueArgs) -> Result<Option<crate::csr::UserCsr>> {
    let Some(path) = &args.csr else {
        return Ok(None);
    };
    let bytes = std::fs::read(path)
        .map_err(|e| usage(format!("cannot read the CSR {}: {e}", path.display())))?;
    let csr = crate::csr::parse(&bytes)
        .map_err(|why| usage(format!("the CSR {} is unusable: {why}", path.display())))?;
    if !args.domains.is_empty() {
        let mut given = identifiers::normalize(&args.domains).map_err(usage)?;
        let mut want = csr.identifiers.clone();
        given.sort();
        want.sort();
        if given != want {
            let show =
                |v: &[Identifier]| v.iter().map(|i| i.value()).collect::<Vec<_>>().join(", ");
            return Err(usage(format!(
                "-d names [{}] but the CSR {} asks for [{}]; drop -d (the names come from the CSR) or fix the CSR",
                show(&given),
                path.display(),
                show(&want)
            )));
        }
    }
    Ok(Some(csr))
}

/// The issuance options renewals must repeat.
fn record_options(conf: &mut RenewalConf, args: &IssueArgs, name: &str) {
    let mut put = |k: &str, v: String| {
        conf.extra.insert(k.to_string(), v);
    };
    if args.reuse_key {
        put(options::REUSE_KEY, "true".into());
    }
    if args.csr.is_some() {
        put(
            options::CSR,
            storage::csr::relative_path(name)
                .to_string_lossy()
                .into_owned(),
        );
    }
    if let Some(c) = &args.preferred_chain {
        put(options::PREFERRED_CHAIN, c.clone());
    }
    if let Some(p) = &args.profile {
        put(options::PROFILE, p.clone());
    }
}

fn method_from_args(args: &IssueArgs, matches: &ArgMatches) -> Result<Method> {
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
    let dns = crate::solvers::dns::from_flags(&crate::solvers::dns::DnsFlags {
        manual: args.dns_manual,
        hook: args.dns_hook.as_deref(),
        rfc2136: args.dns_rfc2136.as_deref(),
        tsig_key: args.tsig_key.as_deref(),
        timeout: args.dns_timeout,
        resolver: args.dns_resolver.as_deref(),
    })?;
    let chosen = [
        !args.webroot.is_empty(),
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
        return Ok(Method::Dns(dns));
    }
    if !args.webroot.is_empty() {
        return Ok(Method::Webroot(webroot_map(args, matches)?));
    }
    if args.standalone {
        return Ok(Method::Standalone(ListenAddr {
            address: args.http_address,
            port: args.http_port.unwrap_or(80),
        }));
    }
    if args.tls_alpn {
        return Ok(Method::TlsAlpn(ListenAddr {
            address: args.tls_address,
            port: args.tls_port.unwrap_or(443),
        }));
    }
    Err(usage(
        "choose how to prove control of the names: --webroot <DIR> (http-01 through your web server), \
         --standalone (http-01 answered by acme on port 80), --tls-alpn (tls-alpn-01 on port 443), \
         or dns-01 with --dns-hook <CMD>, --dns-rfc2136 <SERVER> --tsig-key <FILE> or --dns-manual",
    ))
}

/// certbot's `-w A -d x -d y -w B -d z`: each name is served by the web root given last before
/// it; names before the first `-w` use the first one.
fn webroot_map(args: &IssueArgs, matches: &ArgMatches) -> Result<Vec<(Identifier, PathBuf)>> {
    let w_idx: Vec<usize> = matches
        .indices_of("webroot")
        .map(|i| i.collect())
        .unwrap_or_default();
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
        let pos = w_idx.iter().rposition(|wi| *wi < di).unwrap_or(0);
        let dir =
            std::path::absolute(&args.webroot[pos]).context("cannot resolve the web root path")?;
        if !map.iter().any(|(i, _)| *i == id) {
            map.push((id, dir));
        }
    }
    Ok(map)
}

/// One issuance per lineage at a time, across processes.
pub fn lock_lineage(layout: &Layout, name: &str) -> Result<Lock> {
    Lock::acquire(&layout.lock_file(&format!("lineage-{name}")), Duration::from_secs(10))?.with_context(|| {
        format!("another acme process is working on the certificate {name:?}; try again when it has finished")
    })
}

fn report(s: &Settings, name: &str, version: u32, leaf: &x509::CertInfo, has_key: bool) {
    let live = s.layout.live(name);
    let names: Vec<String> = leaf.identifiers.iter().map(Identifier::value).collect();
    let human = format!(
        "Certificate issued for {}\n  expires:   {} ({} days)\n  fullchain: {}\n  key:       {}",
        names.join(", "),
        time::format_local(leaf.not_after),
        (leaf.not_after - time::now()) / 86400,
        live.join("fullchain.pem").display(),
        if has_key {
            live.join("privkey.pem").display().to_string()
        } else {
            "(yours: issued for your CSR)".to_string()
        },
    );
    s.out.result(
        &human,
        &json!({
            "cert_name": name,
            "version": version,
            "domains": names,
            "not_after": time::format_rfc3339(leaf.not_after),
            "serial": leaf.serial_hex(),
            "live_dir": live,
            "cert": live.join("cert.pem"),
            "chain": live.join("chain.pem"),
            "fullchain": live.join("fullchain.pem"),
            "privkey": has_key.then(|| live.join("privkey.pem")),
        }),
    );
}
