//! `acme issue`: obtain a certificate and install it as a lineage with its renewal settings.
//! Safe to re-run: the request finds its lineage ([`crate::issuing::reissue`]), and a lineage that is
//! not due keeps its certificate (nothing is ordered) while the settings given are saved.

use anyhow::{Context, Result};
use clap::ArgMatches;
use serde_json::json;

use super::lineage_settings;
use crate::challenges::self_check::SelfCheck;
use crate::cli::IssueArgs;
use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::issuing::method::Method;
use crate::issuing::obtain::{self, ObtainOptions};
use crate::issuing::reissue::{self, Placement};
use crate::renewing::survey;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::store::{Held, Local};
use crate::storage::{self, Layout, access};
use crate::{hooks, issuing::options};
use acme::identifiers::{self, Identifier};
use acme::renewal::Decision;
use acme::{time, x509};

pub fn run(s: &Settings, args: &IssueArgs, matches: &ArgMatches) -> Result<()> {
    // Everything the user could have got wrong is checked before the CA is contacted.
    let user_csr = read_csr(args)?;
    let requested: Option<Vec<Identifier>> = match &user_csr {
        Some(csr) => Some(csr.identifiers.clone()),
        None if args.domains.is_empty() => None,
        None => Some(identifiers::normalize(&args.domains).map_err(usage)?),
    };
    if let Some(n) = &args.cert_name {
        storage::check_cert_name(n).map_err(usage)?;
    }
    let names: Option<Vec<String>> = requested
        .as_ref()
        .map(|ids| ids.iter().map(Identifier::value).collect());
    // A fleet node first takes the fleet's lineages: a name another node holds is re-run, not
    // issued a second time.
    if !args.dry_run {
        crate::fleet::renewal::sync_all(s);
    }
    let placement = reissue::place(
        names.as_deref(),
        &on_disk(s)?,
        &reissue::Choice {
            cert_name: args.cert_name.as_deref(),
            expand: args.expand,
            duplicate: args.duplicate,
        },
    )
    .map_err(usage)?;
    let (name, existing) = match &placement {
        Placement::New { name } => (name.clone(), false),
        Placement::Existing { name, .. } => (name.clone(), true),
    };
    storage::check_cert_name(&name).map_err(usage)?;
    let store = s.store();

    // The settings as they will be, checked once before the lock (whose file is the first thing
    // written: a refused request must leave the config dir untouched), then read again under it,
    // since another run may have just renewed or rewritten the lineage.
    let plan = || -> Result<Plan> {
        let base = if existing {
            access::conf(&*store, &name)?.with_context(|| {
                format!(
                    "cannot read {}: there is no such file",
                    store.conf_location(&name)
                )
            })?
        } else {
            RenewalConf::default()
        };
        let ids = match &requested {
            Some(ids) => ids.clone(),
            None => obtain::conf_identifiers(&base)?,
        };
        let server = (!existing || s.server_given).then_some(&*s.server);
        let conf =
            lineage_settings::apply(&base, args, matches, &ids, server, user_csr.as_ref(), &name)?;
        if existing && !args.dry_run {
            reissue::check_ca_change(
                &name,
                &base.server,
                &conf.server,
                |u| s.is_staging(u),
                args.break_my_certs,
            )
            .map_err(usage)?;
        }
        crate::issuing::fallback::check_servers(
            &conf.server,
            &conf.fallback_servers,
            |u| s.is_staging(u),
            args.break_my_certs,
        )
        .map_err(usage)?;
        if !args.fallback_server.is_empty() {
            crate::issuing::fallback::check_accounts(&*store, &conf.fallback_servers)?;
        }
        let method = Method::from_conf(&conf).map_err(|e| usage(format!("{e:#}")))?;
        method.check(&ids)?;
        crate::hooks::check::check_conf(&conf)?;
        let self_check = crate::issuing::method::self_check_from_conf(&conf);
        Ok(Plan {
            base,
            conf,
            method,
            self_check,
        })
    };
    plan()?;
    if existing {
        let text = store.conf(&name).ok().flatten().unwrap_or_default();
        for u in crate::storage::renewal_conf::unknown::unknown_keys(&text) {
            s.out
                .warn(&format!("{}: {}", store.conf_location(&name), u.describe()));
        }
    }
    let _lock = access::lock_lineage(&*store, &name)?;
    let _fleet_lock = crate::fleet::renewal::lock(s, &name)?.with_context(|| {
        format!("another node of the fleet is working on the certificate {name:?}; try again when it has finished")
    })?;
    let Plan {
        base,
        mut conf,
        method,
        self_check,
    } = plan()?;

    if existing
        && !args.dry_run
        && let Some(why) = unchanged(s, args, &name, &base, &conf, user_csr.as_ref())
    {
        // Nothing to order: keep the certificate, save any setting that was given.
        let changed = conf != base;
        if changed {
            access::save_conf(&*store, &name, &conf)?;
        }
        report_unchanged(s, &name, &why, changed);
        return Ok(());
    }
    if existing {
        // The new certificate starts afresh: ARI advice and revocation belonged to the old one.
        conf.ari = None;
        conf.revocation = Default::default();
    }

    // With fallbacks, a wait asked by the lineage's CA sends the order to the next one instead.
    if conf.fallback_servers.is_empty() {
        crate::rate_limits::check_retry_after(s, &conf.server)?;
    }
    let mut failures = Vec::new();
    let done = with_hooks(&name, &conf, &mut failures, |failures| {
        if args.dry_run {
            simulate(
                s,
                args,
                &name,
                &conf,
                &method,
                &self_check,
                user_csr.as_ref(),
            )
        } else {
            issue_locked(
                s,
                args,
                &name,
                &conf,
                &method,
                &self_check,
                user_csr.as_ref(),
                failures,
            )
        }
    });
    finish(s, done, &failures)
}

/// What a command prints when it is done: the result, and a note after it.
pub struct Printed {
    pub human: String,
    pub json: serde_json::Value,
    pub note: Option<String>,
    /// What was done, for an error about a hook that failed afterwards ("the certificate … is
    /// live").
    pub done: String,
}

/// As certbot does for `certonly`: the pre-hook first (it may free port 80 for --standalone),
/// the post-hook afterwards whatever happened (the deploy hook is the issuance's own business).
/// Each hook that fails is added to `failures` (the work adds its deploy hook's); the result is
/// the work's.
pub fn with_hooks<R>(
    name: &str,
    conf: &RenewalConf,
    failures: &mut Vec<hooks::Failure>,
    work: impl FnOnce(&mut Vec<hooks::Failure>) -> Result<R>,
) -> Result<R> {
    // A failed pre-hook stops the work, but the post-hook still runs: it undoes what the
    // pre-hook may have half done (a server stopped to free port 80 is started again).
    let pre = match &conf.pre_hook {
        Some(h) => hooks::run("pre-hook", h, &[("ACME_DUE", name.to_string())])
            .inspect_err(|e| failures.push(hooks::Failure::new("pre-hook", h, e))),
        None => Ok(()),
    };
    // A signal during the pre-hook (which passed it on to the hook) stops here, before the CA.
    let done = match pre.and_then(|()| crate::cli::interrupt::check()) {
        Ok(()) => work(failures),
        Err(e) => Err(e.context("nothing was ordered")),
    };
    if let Some(h) = &conf.post_hook {
        let (renewed, failed) = if done.is_ok() {
            (name.to_string(), String::new())
        } else {
            (String::new(), name.to_string())
        };
        let env = [("ACME_RENEWED", renewed), ("ACME_FAILED", failed)];
        if let Err(e) = hooks::run("post-hook", h, &env) {
            failures.push(hooks::Failure::new("post-hook", h, &e));
        }
    }
    done
}

/// Prints what `done` says, with the hooks that failed (`hook_failures` in the JSON document,
/// also in the error document when the work failed); a hook's failure fails the command.
pub fn finish(s: &Settings, done: Result<Printed>, failures: &[hooks::Failure]) -> Result<()> {
    match done {
        Ok(p) => {
            let mut json = p.json;
            json["hook_failures"] = hooks::failures_json(failures);
            s.out.result(&p.human, &json);
            if let Some(note) = &p.note {
                s.out.note(note);
            }
            if failures.is_empty() {
                return Ok(());
            }
            let what: Vec<&str> = failures.iter().map(|f| f.message.as_str()).collect();
            Err(crate::cli::interrupt::mark(anyhow::anyhow!(
                "{}, but {}",
                p.done,
                what.join("; and ")
            )))
        }
        Err(e) => {
            if !failures.is_empty() {
                crate::cli::output::set_hook_failures(hooks::failures_json(failures));
            }
            // The pre-hook's failure is the error itself; a post-hook's comes on top of it.
            for f in failures.iter().filter(|f| f.hook != "pre-hook") {
                s.out.failure(&f.message);
            }
            Err(e)
        }
    }
}

/// `--dry-run`: the whole issuance as `conf` says, against the staging server of its CA, saving
/// nothing (no certificate, key, conf or CSR copy). Shared with `reconfigure`'s check.
pub fn simulate(
    s: &Settings,
    args: &IssueArgs,
    name: &str,
    conf: &RenewalConf,
    method: &Method,
    self_check: &SelfCheck,
    user_csr: Option<&acme::csr::UserCsr>,
) -> Result<Printed> {
    let staging = s.staging_of(&conf.server);
    if staging == conf.server {
        s.out.note(&format!(
            "no staging server is known for {staging}: the dry run orders from it (--staging-server URL names one)"
        ));
    }
    let mut solver = obtain::prepare_solver(method, self_check, &s.out)?;
    let client = s.connect_to(&staging)?;
    if let Some(p) = conf.options.profile() {
        options::check_profile(&client.directory.meta.profiles, p, conf.domains.len())?;
    }
    let account = match crate::issuing::dry_run::staging_account(s, &client, &conf.server)? {
        Some(a) => a,
        None => super::register::ensure_account(s, &client, &args.account)?,
    };
    let mut conf = conf.clone();
    conf.account = account.record.url.clone();
    s.out.step(&format!("{name}: dry run against {staging}"));
    let got = obtain::obtain_with(
        s,
        &client,
        &account,
        name,
        &conf,
        &ObtainOptions {
            csr: user_csr,
            dry_run: true,
            ..ObtainOptions::default()
        },
        solver.as_mut(),
    )?;
    let names: Vec<String> = got.leaf.identifiers.iter().map(Identifier::value).collect();
    Ok(Printed {
        human: format!(
            "Dry run succeeded: {staging} issued a certificate for {} (it would expire {}); nothing saved",
            names.join(", "),
            time::format_date(got.leaf.not_after)
        ),
        json: json!({
            "status": "dry_run",
            "cert_name": name,
            "server": staging,
            "domains": names,
            "not_after": time::format_rfc3339(got.leaf.not_after),
        }),
        note: None,
        done: "the dry run succeeded".into(),
    })
}

struct Plan {
    /// The saved settings (empty for a new lineage).
    base: RenewalConf,
    /// The settings from now on.
    conf: RenewalConf,
    method: Method,
    self_check: SelfCheck,
}

/// Every lineage's name and names, as their renewal confs say. A name is taken when it has a
/// renewal conf, a live/ or an archive/ entry; one whose conf cannot be read is kept, marked
/// damaged, so that no request takes its name over (it must not stop issuance for other names).
fn on_disk(s: &Settings) -> Result<Vec<reissue::Existing>> {
    let store = s.store();
    let mut names: std::collections::BTreeSet<String> = store.lineages()?.into_iter().collect();
    for dir in [s.layout.live_dir(), s.layout.root.join("archive")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(|e| e.ok()) {
            let is_lineage = e.file_type().is_ok_and(|t| t.is_dir() || t.is_symlink());
            if let Some(n) = e.file_name().to_str()
                && is_lineage
                && storage::check_cert_name(n).is_ok()
            {
                names.insert(n.to_string());
            }
        }
    }
    let mut out = Vec::new();
    for name in names {
        let (domains, damaged) = match access::conf(&*store, &name) {
            Ok(Some(conf)) => (conf.domains, None),
            Ok(None) => {
                let why = format!(
                    "it has no renewal configuration {}",
                    store.conf_location(&name)
                );
                (Vec::new(), Some(why))
            }
            Err(e) => {
                s.out.warn(&format!("{e:#}"));
                (Vec::new(), Some(format!("{e:#}")))
            }
        };
        out.push(reissue::Existing {
            name,
            domains,
            damaged,
        });
    }
    Ok(out)
}

/// Why an existing lineage keeps its certificate (the decision, with when it renews), or None
/// when a new one must be ordered: `--force`, new names or key, revoked, unreadable, or due.
fn unchanged(
    s: &Settings,
    args: &IssueArgs,
    name: &str,
    old: &RenewalConf,
    new: &RenewalConf,
    user_csr: Option<&acme::csr::UserCsr>,
) -> Option<(i64, String)> {
    if args.force {
        return None;
    }
    if let Some(why) = lineage_settings::reshapes_certificate(&s.layout, old, new, user_csr) {
        s.out
            .detail(&format!("{name}: issuing a new certificate: {why}"));
        return None;
    }
    let l = match survey::load(&s.layout, name) {
        Ok(l) => l,
        Err(e) => {
            s.out.note(&format!(
                "{name}: issuing a new certificate: the current one is unusable: {e:#}"
            ));
            return None;
        }
    };
    if l.revoked() {
        return None;
    }
    match l.decide(time::now(), None, false) {
        Decision::Due { why } => {
            s.out.detail(&format!("{name}: due for renewal ({why})"));
            None
        }
        Decision::NotDue { at, why } => Some((at, why)),
    }
}

fn report_unchanged(s: &Settings, name: &str, (at, why): &(i64, String), saved: bool) {
    let settings = if saved {
        "; the settings given are saved for its renewals"
    } else {
        ""
    };
    s.out.result(
        &format!(
            "Certificate {name:?} unchanged: not due for renewal until {} ({why}); nothing ordered{settings}\n  \
             (--force to issue a new one anyway)",
            time::format_local(*at)
        ),
        &{
            let v = json!({
                "status": "unchanged",
                "cert_name": name,
                "renews_at": time::format_rfc3339(*at),
                "why": why,
                "settings_saved": saved,
                "live_dir": s.layout.live(name),
                // No hook runs when nothing is ordered.
                "hook_failures": [],
            });
            // The whole certificate as `list` shows it, as for `issued`.
            match crate::renewing::survey::load(&s.layout, name) {
                Ok(l) => crate::cli::report::with(crate::cli::report::certificate(&s.layout, &l), v),
                Err(_) => v,
            }
        },
    );
}

/// Tries the lineage's own CA, then its fallbacks (`servers`), as `fallback::in_order` says;
/// the certificate and the index of the CA that issued it.
fn issue_at_each(
    s: &Settings,
    args: &IssueArgs,
    name: &str,
    conf: &RenewalConf,
    user_csr: Option<&acme::csr::UserCsr>,
    solver: &mut dyn crate::challenges::Solver,
    servers: &[String],
) -> Result<(obtain::Obtained, usize)> {
    crate::issuing::fallback::in_order(servers, name, &s.out, |i, server| {
        let client = s.connect_to(server)?;
        if let Some(p) = conf.options.profile() {
            // Before the account or any order: a profile the CA does not offer fails every order.
            options::check_profile(&client.directory.meta.profiles, p, conf.domains.len())?;
        }
        // A fallback's account was registered when it was named (see `lineage_settings`).
        let account = match i {
            0 => super::register::ensure_account(s, &client, &args.account)?,
            _ => access::account(&*s.store(), server)?.with_context(|| {
                format!(
                    "no account for the fallback CA {server} in this config dir; run \
                     `acme register --server {server} --agree-tos`"
                )
            })?,
        };
        let mut conf = conf.clone();
        if i == 0 || conf.account.is_empty() {
            conf.account = account.record.url.clone();
        }
        if i > 0 {
            s.out
                .step(&format!("{name}: issuing at the fallback CA {server}"));
        }
        obtain::obtain_with(
            s,
            &client,
            &account,
            name,
            &conf,
            &ObtainOptions {
                csr: user_csr,
                ..ObtainOptions::default()
            },
            &mut *solver,
        )
    })
}

/// The issuance itself, under the lineage lock and between the pre- and post-hooks; a failed
/// deploy hook is added to `failures` (the certificate is live all the same).
#[allow(clippy::too_many_arguments)]
fn issue_locked(
    s: &Settings,
    args: &IssueArgs,
    name: &str,
    conf: &RenewalConf,
    method: &Method,
    self_check: &SelfCheck,
    user_csr: Option<&acme::csr::UserCsr>,
    failures: &mut Vec<hooks::Failure>,
) -> Result<Printed> {
    // Listening sockets are bound now: a busy port fails before the CA is contacted.
    let mut solver = obtain::prepare_solver(method, self_check, &s.out)?;
    let started = std::time::Instant::now();
    let servers: Vec<String> = std::iter::once(&conf.server)
        .chain(&conf.fallback_servers)
        .cloned()
        .collect();
    // No issued certificate is lost: orders earlier runs finalized are collected first, each
    // at the CA that holds it.
    let collected =
        crate::issuing::pickup::collect_all(s, name, conf, &mut |server| s.connect_to(server))?;
    let (got, at) = match collected {
        Some(c) => (
            obtain::Obtained {
                version: c.version,
                leaf: c.leaf,
                requests: 0,
            },
            0,
        ),
        None => issue_at_each(s, args, name, conf, user_csr, solver.as_mut(), &servers)?,
    };
    s.out.detail(&format!(
        "{} requests to the CA in {:.2} s",
        got.requests,
        started.elapsed().as_secs_f64()
    ));
    // Issued by a fallback before the lineage's own CA was ever reached: renewals try that CA
    // first and need an account there.
    if at > 0 && access::account(&*s.store(), &conf.server)?.is_none() {
        s.out.warn(&format!(
            "{name}: there is no account at {} yet (it could not be reached); renewals try it \
             first, so register there once it is back: `acme register --server {} --agree-tos`",
            conf.server, conf.server
        ));
    }
    let has_key = conf.options.csr().is_none();
    let printed = report(s, name, got.version, &got.leaf, has_key);
    // Issued by hand after failed renewals: the run of failures is over.
    let mut health = storage::health::load(&s.layout, name).unwrap_or_default();
    if health.is_failing() {
        health.succeeded(time::now());
        if let Err(e) = storage::health::save(&s.layout, name, &health) {
            s.out.warn(&format!("{e:#}"));
        }
    }
    if let Some(h) = &conf.deploy_hook
        && let Err(e) = hooks::deploy(h, &s.layout.live(name), &conf.domains, name)
    {
        failures.push(hooks::Failure::new("deploy-hook", h, &e));
    }
    Ok(printed)
}

/// `--csr`: read and check the CSR; `-d` given as well must name exactly the CSR's identifiers,
/// since the CA issues for the CSR's names and nothing else.
fn read_csr(args: &IssueArgs) -> Result<Option<acme::csr::UserCsr>> {
    let Some(path) = &args.csr else {
        return Ok(None);
    };
    let bytes = std::fs::read(path)
        .map_err(|e| usage(format!("cannot read the CSR {}: {e}", path.display())))?;
    let csr = acme::csr::parse(&bytes)
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

/// One issuance per lineage at a time, across processes: [`access::lock_lineage`] on the
/// config dir.
pub fn lock_lineage(layout: &Layout, name: &str) -> Result<Box<dyn Held>> {
    access::lock_lineage(&Local::new(layout), name)
}

fn report(s: &Settings, name: &str, version: u32, leaf: &x509::CertInfo, has_key: bool) -> Printed {
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
    let mut v = json!({
            "status": "issued",
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
    });
    // The whole certificate as `list` shows it (method, hooks, renewal conf, not_before).
    if let Ok(l) = crate::renewing::survey::load(&s.layout, name) {
        v = crate::cli::report::with(crate::cli::report::certificate(&s.layout, &l), v);
    }
    // The first certificate of this config dir: say whether anything will renew it.
    let first = version == 1 && s.store().lineages().is_ok_and(|n| n.len() == 1);
    Printed {
        human,
        json: v,
        note: first
            .then(|| crate::renewing::schedule::describe(crate::renewing::schedule::probe())),
        done: format!("the new certificate of {name:?} is live"),
    }
}
