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
use crate::storage::fsutil::Lock;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::{self, Layout};
use crate::{time, x509};

pub fn run(s: &Settings, args: &IssueArgs, matches: &ArgMatches) -> Result<()> {
    // Everything the user could have got wrong is checked before the CA is contacted.
    let ids = identifiers::normalize(&args.domains).map_err(usage)?;
    let name = match &args.cert_name {
        Some(n) => n.clone(),
        None => storage::default_cert_name(&ids[0].value()),
    };
    storage::check_cert_name(&name).map_err(usage)?;
    let method = method_from_args(args, matches)?;
    method.check(&ids)?;

    let _lock = lock_lineage(&s.layout, &name)?;
    let client = s.connect()?;
    let account = super::register::ensure_account(s, &client, &args.account)?;
    let mut conf = RenewalConf {
        domains: ids.iter().map(Identifier::value).collect(),
        server: s.server.clone(),
        account: account.record.url.clone(),
        key_type: Some(args.key_type),
        pre_hook: args.hooks.pre_hook.clone(),
        post_hook: args.hooks.post_hook.clone(),
        deploy_hook: args.hooks.deploy_hook.clone(),
        ..RenewalConf::default()
    };
    method.record(&mut conf);
    let started = std::time::Instant::now();
    let got = obtain::obtain(
        s,
        &client,
        &account,
        &name,
        &conf,
        &ObtainOptions::default(),
    )?;
    s.out.detail(&format!(
        "{} requests to the CA in {:.2} s",
        got.requests,
        started.elapsed().as_secs_f64()
    ));
    report(s, &name, got.version, &got.leaf);
    Ok(())
}

fn method_from_args(args: &IssueArgs, matches: &ArgMatches) -> Result<Method> {
    if !args.webroot.is_empty() {
        return Ok(Method::Webroot(webroot_map(args, matches)?));
    }
    Err(usage(
        "choose how to prove control of the names: --webroot <DIR> (http-01 through your web server)",
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

fn report(s: &Settings, name: &str, version: u32, leaf: &x509::CertInfo) {
    let live = s.layout.live(name);
    let names: Vec<String> = leaf.identifiers.iter().map(Identifier::value).collect();
    let human = format!(
        "Certificate issued for {}\n  expires:   {} ({} days)\n  fullchain: {}\n  key:       {}",
        names.join(", "),
        time::format_local(leaf.not_after),
        (leaf.not_after - time::now()) / 86400,
        live.join("fullchain.pem").display(),
        live.join("privkey.pem").display(),
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
            "privkey": live.join("privkey.pem"),
        }),
    );
}
