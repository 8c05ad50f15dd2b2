//! One `acme renew` run: read every selected lineage from disk, refresh ARI where its re-check
//! time has passed, decide, then renew the due ones on up to `jobs` threads, each under its
//! lineage's lock, with the pre/deploy/post hooks around them. One lineage's failure never stops
//! the others. Lineages that are not due cost one conf read and one certificate parse.

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::cli::settings::Settings;
use crate::hooks;
use crate::hooks::failure::{self, Event};
use crate::issuing::obtain::{self, ObtainOptions};
use crate::renewing::backoff::{self, Gate};
use crate::renewing::survey::{self, Lineage};
use crate::storage::account;
use crate::storage::fsutil::Lock;
use crate::storage::health::{self, Health};
use acme::protocol::{Client, ari, find_problem};
use acme::renewal::{AriState, Decision};
use acme::time;

/// How long a renewal waits for another process holding a lineage before skipping it.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);
/// When the CA has no ARI, ask again after this (it may start offering it).
const NO_ARI_RECHECK: i64 = 24 * 3600;
/// The longest random sleep before contacting the CA from cron.
const MAX_JITTER_SECS: u64 = 480;

pub struct Options<'a> {
    pub names: Vec<String>,
    pub days: Option<u32>,
    pub force: bool,
    pub dry_run: bool,
    pub jobs: usize,
    pub pre_hook: Option<&'a str>,
    pub post_hook: Option<&'a str>,
    pub deploy_hook: Option<&'a str>,
    pub failure_hook: Option<&'a str>,
    pub random_sleep: bool,
}

#[derive(Debug)]
pub enum Outcome {
    Renewed {
        version: u32,
        not_after: i64,
        /// Its deploy hooks (and failure-hook) that failed: the certificate is live, but the
        /// exit code says so.
        hook_failures: Vec<hooks::Failure>,
    },
    /// `--dry-run`: issued by the (staging) CA and thrown away.
    Simulated {
        not_after: i64,
    },
    NotDue {
        at: i64,
        why: String,
    },
    /// Due, but failing lineages wait between attempts (see [`backoff`]); `--force` overrides.
    BackedOff {
        until: i64,
        why: String,
    },
    Revoked,
    Skipped {
        why: String,
    },
    Failed {
        why: String,
        /// The error as `report::error` shows it to scripts (kind, CA problem, exit code).
        error: serde_json::Value,
        /// Its failure-hook, if that failed too.
        hook_failures: Vec<hooks::Failure>,
    },
}

pub struct Report {
    pub name: String,
    pub outcome: Outcome,
}

pub struct RunReport {
    pub lineages: Vec<Report>,
    /// pre/post hook failures (deploy hook failures are in their lineage's outcome).
    pub hook_failures: Vec<hooks::Failure>,
    /// The lineages the pre- and post-hooks ran for (the due ones).
    pub attempted: Vec<String>,
}

impl RunReport {
    pub fn failed(&self) -> bool {
        !self.hook_failures.is_empty()
            || self.lineages.iter().any(|r| match &r.outcome {
                Outcome::Failed { .. } => true,
                Outcome::Renewed { hook_failures, .. } => !hook_failures.is_empty(),
                _ => false,
            })
    }

    /// Every hook failure that concerns `r`: the run's pre/post hooks if they ran for it, then
    /// its own deploy and failure hooks.
    pub fn hook_failures_of<'r>(&'r self, r: &'r Report) -> Vec<&'r hooks::Failure> {
        let run_wide = self
            .attempted
            .contains(&r.name)
            .then_some(self.hook_failures.iter())
            .into_iter()
            .flatten();
        run_wide.chain(r.outcome.hook_failures()).collect()
    }
}

/// The CA contact of a run: one random sleep at most, before the first request.
struct Contact<'a> {
    s: &'a Settings,
    random_sleep: bool,
    slept: Mutex<bool>,
}

impl Contact<'_> {
    fn before_first_request(&self) {
        let mut slept = self.slept.lock().unwrap();
        if *slept || !self.random_sleep {
            return;
        }
        *slept = true;
        let secs = random_u64() % (MAX_JITTER_SECS + 1);
        self.s.out.note(&format!(
            "sleeping {secs} s before contacting the CA, so that scheduled runs everywhere do not arrive at once (--no-random-sleep to skip)"
        ));
        // Wakes early on SIGTERM/SIGINT; the next safe point then stops the run.
        let _ = crate::cli::interrupt::sleep(Duration::from_secs(secs));
    }

    fn connect(&self, server: &str) -> Result<Client> {
        self.before_first_request();
        // Stopped during the jitter (systemd stopping the unit): not even the directory.
        crate::cli::interrupt::check()?;
        self.s.connect_to(server)
    }
}

/// Jitter only for unattended runs: not when a person is watching a terminal.
pub fn random_sleep_wanted(flag: bool) -> bool {
    !flag
        && !std::env::var("ACME_NO_RANDOM_SLEEP").is_ok_and(|v| !v.is_empty() && v != "0")
        && !std::io::stdin().is_terminal()
        && !std::io::stderr().is_terminal()
}

pub fn run(s: &Settings, opts: &Options) -> RunReport {
    let now = time::now();
    let contact = Contact {
        s,
        random_sleep: opts.random_sleep,
        slept: Mutex::new(false),
    };
    let mut reports: Vec<Option<Report>> = Vec::new();
    let mut due: Vec<(usize, Lineage)> = Vec::new();
    let mut loaded: Vec<(usize, Lineage)> = Vec::new();
    for name in &opts.names {
        let idx = reports.len();
        reports.push(None);
        let lineage = survey::load(&s.layout, name);
        if let Ok(l) = &lineage {
            for w in l.unknown_key_warnings(&s.layout) {
                s.out.warn(&w);
            }
        }
        match lineage {
            Err(e) => {
                reports[idx] = Some(failed(name, &e));
            }
            Ok(l) if l.revoked() => {
                reports[idx] = Some(Report {
                    name: name.clone(),
                    outcome: Outcome::Revoked,
                });
            }
            Ok(l) => loaded.push((idx, l)),
        }
    }
    if !opts.force && !opts.dry_run {
        refresh_ari(&contact, &mut loaded, now);
    }
    let backoff_settings = backoff::Settings::from_env();
    let mut collect_only: Vec<(usize, Lineage)> = Vec::new();
    for (idx, l) in loaded {
        // --dry-run simulates a renewal of every selected lineage, as certbot's does.
        match l.decide(now, opts.days, opts.force || opts.dry_run) {
            Decision::Due { why } => {
                if !opts.force
                    && !opts.dry_run
                    && let Gate::Wait { until, why } = backoff::gate(
                        now,
                        &l.name,
                        &load_health(s, &l.name),
                        l.cert.not_after,
                        backoff_settings,
                    )
                {
                    reports[idx] = Some(Report {
                        name: l.name,
                        outcome: Outcome::BackedOff { until, why },
                    });
                    continue;
                }
                s.out.detail(&format!("{}: due ({why})", l.name));
                // A hook that cannot run fails its lineage before anything is ordered.
                if let Err(e) = crate::hooks::check::check_conf(&l.conf) {
                    reports[idx] = Some(failed(&l.name, &e));
                    continue;
                }
                due.push((idx, l));
            }
            // Not due, but an order an earlier run finalized waits at some CA: collected
            // (and deployed) without the pre- and post-hooks, which are for challenges.
            Decision::NotDue { .. } if has_pending(s, &l.name) && !opts.dry_run => {
                collect_only.push((idx, l));
            }
            Decision::NotDue { at, why } => {
                reports[idx] = Some(Report {
                    name: l.name,
                    outcome: Outcome::NotDue { at, why },
                })
            }
        }
    }

    let mut hook_failures = Vec::new();
    let attempted: Vec<String> = due.iter().map(|(_, l)| l.name.clone()).collect();
    if !due.is_empty() {
        // certbot's order: the renewal-hooks/pre/ scripts, then the pre-hook commands.
        let mut pre: Vec<String> = crate::hooks::dirs::commands(&s.layout, "pre", &s.out);
        match opts.pre_hook {
            Some(h) => pre.push(h.to_string()),
            None => pre.extend(
                hooks::distinct(due.iter().filter_map(|(_, l)| l.conf.pre_hook.as_deref()))
                    .into_iter()
                    .map(str::to_string),
            ),
        };
        let due_names = join_names(due.iter().map(|(_, l)| l.name.as_str()));
        for h in pre {
            s.out.step(&format!("running pre-hook {h:?}"));
            if let Err(e) = hooks::run("pre-hook", &h, &[("ACME_DUE", due_names.clone())]) {
                s.out.warn(&format!("{e:#}"));
                hook_failures.push(hooks::Failure::new("pre-hook", &h, &e));
            }
        }
        let mut post_hooks: Vec<String> = match opts.post_hook {
            Some(h) => vec![h.to_string()],
            None => hooks::distinct(due.iter().filter_map(|(_, l)| l.conf.post_hook.as_deref()))
                .into_iter()
                .map(str::to_string)
                .collect(),
        };
        // Then the renewal-hooks/post/ scripts (certbot's order).
        post_hooks.extend(crate::hooks::dirs::commands(&s.layout, "post", &s.out));
        let done = renew_all(&contact, opts, due);
        for (idx, r) in done {
            reports[idx] = Some(r);
        }
        let reports_now: Vec<&Report> = reports.iter().flatten().collect();
        let renewed = join_names(reports_now.iter().filter_map(|r| match r.outcome {
            Outcome::Renewed { .. } | Outcome::Simulated { .. } => Some(r.name.as_str()),
            _ => None,
        }));
        let failed_names = join_names(reports_now.iter().filter_map(|r| match r.outcome {
            Outcome::Failed { .. } => Some(r.name.as_str()),
            _ => None,
        }));
        for h in &post_hooks {
            s.out.step(&format!("running post-hook {h:?}"));
            let env = [
                ("ACME_RENEWED", renewed.clone()),
                ("ACME_FAILED", failed_names.clone()),
            ];
            if let Err(e) = hooks::run("post-hook", h, &env) {
                s.out.warn(&format!("{e:#}"));
                hook_failures.push(hooks::Failure::new("post-hook", h, &e));
            }
        }
    }
    if !collect_only.is_empty() {
        for (idx, r) in renew_all(&contact, opts, collect_only) {
            reports[idx] = Some(r);
        }
    }
    RunReport {
        lineages: reports.into_iter().flatten().collect(),
        hook_failures,
        attempted,
    }
}

/// Whether the lineage remembers an order not collected yet (an unreadable record counts: its
/// error is reported by the attempt).
fn has_pending(s: &Settings, name: &str) -> bool {
    crate::storage::pending::load_all(&s.layout, name).map_or(true, |all| !all.is_empty())
}

fn failed(name: &str, e: &anyhow::Error) -> Report {
    Report {
        name: name.to_string(),
        outcome: Outcome::failed(e),
    }
}

impl Outcome {
    pub fn failed(e: &anyhow::Error) -> Outcome {
        Outcome::Failed {
            why: format!("{e:#}"),
            error: crate::cli::report::error(e),
            hook_failures: Vec::new(),
        }
    }

    /// The lineage's own hooks that failed (deploy, failure).
    pub fn hook_failures(&self) -> &[hooks::Failure] {
        match self {
            Outcome::Renewed { hook_failures, .. } | Outcome::Failed { hook_failures, .. } => {
                hook_failures
            }
            _ => &[],
        }
    }

    /// The lineage's own hook failures in one line, if any.
    pub fn hook_error(&self) -> Option<String> {
        let f = self.hook_failures();
        (!f.is_empty()).then(|| {
            f.iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(" ")
}

/// Asks the CA for the renewal window of each lineage whose re-check time has passed, and
/// remembers the answer in its conf. A CA that cannot be reached only costs the ARI advice:
/// the lineage is then judged by its lifetime alone.
fn refresh_ari(contact: &Contact, lineages: &mut [(usize, Lineage)], now: i64) {
    let s = contact.s;
    let mut clients: HashMap<String, Option<Client>> = HashMap::new();
    for (_, l) in lineages.iter_mut() {
        if !l.ari_check_due(now) {
            continue;
        }
        // ARI is about the live certificate: asked of the CA that issued it (a fallback's).
        let server = l.issuing_server().to_string();
        let client = clients.entry(server.clone()).or_insert_with(|| {
            contact
                .connect(&server)
                .map_err(|e| {
                    s.out.warn(&format!(
                        "cannot ask {server} for renewal information: {e:#}"
                    ))
                })
                .ok()
        });
        let Some(client) = client else { continue };
        let cert_id = l.cert_id.clone().expect("ari_check_due needs a CertID");
        let (window, next_check) = match ari::fetch(client, &cert_id) {
            Ok(Some(info)) => {
                s.out.detail(&format!(
                    "{}: the CA suggests renewing between {} and {}",
                    l.name,
                    time::format_rfc3339(info.start),
                    time::format_rfc3339(info.end)
                ));
                (
                    Some((info.start, info.end)),
                    now + info.recheck_after.as_secs() as i64,
                )
            }
            Ok(None) => (None, now + NO_ARI_RECHECK),
            Err(e) => {
                s.out.warn(&format!(
                    "{}: renewal information unavailable, judging by the certificate's lifetime: {e:#}",
                    l.name
                ));
                continue;
            }
        };
        let state = AriState::updated(l.ari.as_ref(), &cert_id, window, next_check, random_u64());
        if let Err(e) = remember(s, l, &state) {
            s.out.warn(&format!("{}: {e:#}", l.name));
        }
        l.ari = Some(state);
    }
}

/// Saves ARI state into the lineage's conf, under its lock; a lineage busy elsewhere is left
/// for the next run.
fn remember(s: &Settings, l: &mut Lineage, state: &AriState) -> Result<()> {
    let Some(_lock) = Lock::acquire(&s.layout.lock_file(&lock_name(&l.name)), Duration::ZERO)?
    else {
        return Ok(());
    };
    // Re-read under the lock: another run may have renewed and rewritten it meanwhile.
    let mut conf = survey::load(&s.layout, &l.name)?.conf;
    conf.ari = Some(state.clone());
    conf.save(&s.layout.renewal_conf(&l.name), &l.name)?;
    l.conf = conf;
    Ok(())
}

/// The lineage's health record; a damaged one is reported and counts as none, so it can never
/// stop a renewal.
fn load_health(s: &Settings, name: &str) -> Health {
    health::load(&s.layout, name).unwrap_or_else(|e| {
        s.out.warn(&format!("{name}: {e:#}"));
        Health::default()
    })
}

/// Records a real attempt's outcome in the lineage's health record and says, on failure, how
/// many in a row and what the user must do when only they can unblock it.
fn remember_attempt(s: &Settings, opts: &Options, l: &Lineage, result: Result<Outcome>) -> Outcome {
    let name = &l.name;
    let now = time::now();
    let mut h = load_health(s, name);
    let before = h.clone();
    let mut outcome = match result {
        Ok(o @ Outcome::Renewed { .. }) => {
            h.succeeded(now);
            o
        }
        Ok(o) => return o,
        // Stopped by the user (or the system): not the CA's failure, so no back-off, no report.
        Err(e) if crate::cli::interrupt::exit_code(&e).is_some() => return Outcome::failed(&e),
        Err(e) => {
            let mut why = format!("{e:#}");
            h.failed(now, why.clone(), problem_in(&e));
            if h.consecutive_failures > 1 {
                why.push_str(&format!(
                    " ({} consecutive failures since {})",
                    h.consecutive_failures,
                    time::format_rfc3339(h.first_failure.unwrap_or(now))
                ));
            }
            if let Some(action) = h
                .problem
                .as_ref()
                .and_then(|p| backoff::action_needed(p, name))
            {
                why.push_str(&format!("; {action}"));
            }
            Outcome::Failed {
                why,
                error: crate::cli::report::error(&e),
                hook_failures: Vec::new(),
            }
        }
    };
    if let Err(e) = health::save(&s.layout, name, &h) {
        s.out.warn(&format!("{name}: {e:#}"));
    }
    // Told of every failure (the back-off keeps them rare) and of the first success after.
    let event = match &outcome {
        Outcome::Failed { .. } => Some((Event::Failure, &h)),
        Outcome::Renewed { .. } if before.is_failing() => Some((Event::Recovery, &before)),
        _ => None,
    };
    let hook = opts.failure_hook.or(l.conf.failure_hook.as_deref());
    if let (Some(cmd), Some((event, record))) = (hook, event) {
        // A recovery is reported with the certificate just installed.
        let not_after = match &outcome {
            Outcome::Renewed { not_after, .. } => *not_after,
            _ => l.cert.not_after,
        };
        let details = failure::Details {
            event,
            name,
            domains: &l.conf.domains,
            server: &l.conf.server,
            not_after,
            health: record,
        };
        if let Err(e) = failure::run(cmd, &details) {
            s.out.warn(&format!("{name}: {e:#}"));
            let failure = hooks::Failure::new("failure-hook", cmd, &e);
            match &mut outcome {
                Outcome::Failed {
                    why, hook_failures, ..
                } => {
                    why.push_str(&format!("; and {e:#}"));
                    hook_failures.push(failure);
                }
                Outcome::Renewed { hook_failures, .. } => hook_failures.push(failure),
                _ => {}
            }
        }
    }
    outcome
}

/// The CA's problem document behind an error: a refused request's, or a failed challenge's.
fn problem_in(e: &anyhow::Error) -> Option<&acme::protocol::Problem> {
    find_problem(e).or_else(|| {
        e.chain()
            .find_map(|c| c.downcast_ref::<crate::issuing::issuance::ValidationFailed>())
            .and_then(|v| v.first_problem.as_ref())
    })
}

/// The same lock `acme issue` takes.
fn lock_name(name: &str) -> String {
    format!("lineage-{name}")
}

fn renew_all(
    contact: &Contact,
    opts: &Options,
    due: Vec<(usize, Lineage)>,
) -> Vec<(usize, Report)> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let bar = (due.len() > 1)
        .then(|| {
            contact.s.out.progress(
                due.len() as u64,
                "{bar:30} {pos}/{len} certificates attempted",
            )
        })
        .flatten();
    let jobs = opts.jobs.clamp(1, due.len());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                let mut clients: HashMap<String, Client> = HashMap::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((idx, l)) = due.get(i) else { break };
                    let result = renew_one(contact, opts, l, &mut clients);
                    let outcome = if opts.dry_run {
                        result.unwrap_or_else(|e| Outcome::failed(&e))
                    } else {
                        remember_attempt(contact.s, opts, l, result)
                    };
                    if let Some(b) = &bar {
                        b.inc(1);
                    }
                    results.lock().unwrap().push((
                        *idx,
                        Report {
                            name: l.name.clone(),
                            outcome,
                        },
                    ));
                }
            });
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    results.into_inner().unwrap()
}

fn renew_one(
    contact: &Contact,
    opts: &Options,
    planned: &Lineage,
    clients: &mut HashMap<String, Client>,
) -> Result<Outcome> {
    let s = contact.s;
    let name = &planned.name;
    // Interrupted (during the pre-hook, or another lineage's renewal): start nothing new.
    crate::cli::interrupt::check()?;
    let Some(_lock) = Lock::acquire(&s.layout.lock_file(&lock_name(name)), LOCK_WAIT)? else {
        return Ok(Outcome::Skipped {
            why: "another acme process is working on it; skipped".into(),
        });
    };
    // In a fleet, the fleet's lock too, and the lineage as the fleet has it now.
    let Some(_fleet_lock) = crate::fleet::renewal::lock(s, name)? else {
        return Ok(Outcome::Skipped {
            why: "another node of the fleet is renewing it; skipped".into(),
        });
    };
    // Deleted for the whole fleet meanwhile: the sync under the lock removed it here.
    if !s.layout.renewal_conf(name).exists() && !s.layout.live(name).exists() {
        return Ok(Outcome::Skipped {
            why: "deleted from the fleet; removed here".into(),
        });
    }
    // Under the lock the lineage may differ from what was planned (another run renewed it).
    let mut l = survey::load(&s.layout, name)?;
    l.ari = l.ari.or_else(|| {
        (planned.cert_id == l.cert_id)
            .then(|| planned.ari.clone())
            .flatten()
    });
    if l.revoked() {
        return Ok(Outcome::Revoked);
    }
    let mut conf = l.conf.clone();
    conf.ari = None;
    // No issued certificate is lost: orders earlier runs finalized are collected first, each
    // at the CA that holds it (a fallback run leaves the own CA's order there).
    if !opts.dry_run
        && let Some(c) = crate::issuing::pickup::collect_all(s, name, &conf, &mut |server| {
            contact.connect(server)
        })?
    {
        return Ok(deployed(s, opts, name, &conf, c.version, c.leaf.not_after));
    }
    let force = opts.force || opts.dry_run;
    if let Decision::NotDue { at, why } = l.decide(time::now(), opts.days, force) {
        // Not due when planned either: it came only to collect a remembered order.
        let planned_due = matches!(
            planned.decide(time::now(), opts.days, force),
            Decision::Due { .. }
        );
        return Ok(Outcome::NotDue {
            at,
            why: match planned_due {
                true => format!("{why}; renewed meanwhile by another run or node"),
                false => why,
            },
        });
    }
    // The lineage's own CA first, then its fallbacks; a dry run tries the own CA's staging server.
    let servers = match opts.dry_run {
        true => vec![s.staging_of(&l.conf.server)],
        false => l.servers(),
    };
    s.out.step(&format!("{name}: renewing"));
    let (got, _) = crate::issuing::fallback::in_order(&servers, name, &s.out, |i, server| {
        renew_at(contact, opts, &l, &conf, server, i > 0, clients)
    })?;
    if opts.dry_run {
        return Ok(Outcome::Simulated {
            not_after: got.leaf.not_after,
        });
    }
    Ok(deployed(
        s,
        opts,
        name,
        &conf,
        got.version,
        got.leaf.not_after,
    ))
}

/// A new version is live: the deploy hooks run, and the outcome says so.
fn deployed(
    s: &Settings,
    opts: &Options,
    name: &str,
    conf: &crate::storage::renewal_conf::RenewalConf,
    version: u32,
    not_after: i64,
) -> Outcome {
    let hook = opts.deploy_hook.or(conf.deploy_hook.as_deref());
    // The lineage's deploy hook, then every renewal-hooks/deploy/ script, each whatever the
    // others did.
    let mut deploy: Vec<String> = hook.map(str::to_string).into_iter().collect();
    deploy.extend(crate::hooks::dirs::commands(&s.layout, "deploy", &s.out));
    let hook_failures: Vec<hooks::Failure> = deploy
        .iter()
        .filter_map(|h| {
            hooks::deploy(h, &s.layout.live(name), &conf.domains, name)
                .err()
                .map(|e| hooks::Failure::new("deploy-hook", h, &e))
        })
        .collect();
    Outcome::Renewed {
        version,
        not_after,
        hook_failures,
    }
}

/// One attempt to renew `l` at `server` (its own CA, or the fallback it names when `fallback`).
fn renew_at(
    contact: &Contact,
    opts: &Options,
    l: &Lineage,
    conf: &crate::storage::renewal_conf::RenewalConf,
    server: &str,
    fallback: bool,
    clients: &mut HashMap<String, Client>,
) -> Result<obtain::Obtained> {
    let s = contact.s;
    let name = &l.name;
    let missing = || {
        let role = if fallback { " (a fallback CA)" } else { "" };
        format!(
            "no account for {server}{role} in this config dir; run `acme register --server {server} --agree-tos`"
        )
    };
    // A missing account fails before the CA is contacted; a dry run's staging account is made
    // on the fly from the production one.
    let account = match opts.dry_run {
        false => Some(account::load(&s.layout, server)?.with_context(missing)?),
        true => None,
    };
    if !clients.contains_key(server) {
        clients.insert(server.to_string(), contact.connect(server)?);
    }
    let client = &clients[server];
    let account = match account {
        Some(a) => a,
        None => crate::issuing::dry_run::staging_account(s, client, &l.conf.server)?
            .with_context(missing)?,
    };
    if fallback {
        s.out
            .step(&format!("{name}: renewing at the fallback CA {server}"));
    }
    // RFC 9773 §5: say which certificate this one replaces, when the CA speaks ARI — only to
    // the CA that issued it: another CA knows nothing of its CertID.
    let replaces =
        (!opts.dry_run && client.directory.renewal_info.is_some() && l.issuing_server() == server)
            .then(|| l.cert_id.clone())
            .flatten();
    let attempt = |replaces: Option<&str>| {
        obtain::obtain(
            s,
            client,
            &account,
            name,
            conf,
            &ObtainOptions {
                replaces,
                dry_run: opts.dry_run,
                ..ObtainOptions::default()
            },
        )
    };
    match attempt(replaces.as_deref()) {
        Err(e) if replaces.is_some() && replaces_refused(&e) => {
            let why = match find_problem(&e) {
                Some(p) if p.is("alreadyReplaced") => {
                    "the CA says this certificate was already replaced".to_string()
                }
                _ => format!(
                    "the CA failed the order that named the certificate it replaces ({})",
                    acme::escape::escape(&format!("{e:#}"))
                ),
            };
            s.out
                .warn(&format!("{name}: {why}; ordering without `replaces`"));
            attempt(None)
        }
        other => other,
    }
}

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    // Timing jitter and a moment in an ARI window need no secrecy; fall back to the clock.
    if openssl::rand::rand_bytes(&mut b).is_err() {
        return std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos() as u64);
    }
    u64::from_le_bytes(b)
}

/// Whether a newOrder carrying `replaces` (RFC 9773 §5) was refused in a way an order without
/// it may not be: `alreadyReplaced`, or a server error on the newOrder itself (Pebble 2.10
/// answers 500 when it cannot find the order of the replaced certificate). Losing the hint
/// costs at most the rate-limit exemption; failing the renewal could cost the site.
fn replaces_refused(e: &anyhow::Error) -> bool {
    let Some(p) = find_problem(e) else {
        return false;
    };
    // anyhow finds a context type anywhere in the chain of contexts.
    let on_new_order = e
        .downcast_ref::<crate::issuing::issuance::NewOrderFailed>()
        .is_some();
    p.is("alreadyReplaced")
        || (on_new_order && (p.is("serverInternal") || p.status.is_some_and(|s| s >= 500)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issuing::issuance::NewOrderFailed;
    use acme::protocol::types::Problem;

    fn problem(kind: &str, status: u16) -> Problem {
        Problem {
            kind: format!("urn:ietf:params:acme:error:{kind}"),
            status: Some(status),
            ..Problem::default()
        }
    }

    fn failed(p: Problem, on_new_order: bool) -> anyhow::Error {
        let e = anyhow::Error::new(p);
        let e = if on_new_order {
            e.context(NewOrderFailed)
        } else {
            e.context("finalizing the order failed")
        };
        e.context("renewing a.example")
    }

    /// RFC 9773 §5: a renewal whose `replaces` the CA will not take is ordered again without
    /// it — but only for a refusal of the newOrder itself, never for a failed validation.
    #[test]
    fn an_order_is_placed_again_without_replaces_only_when_the_new_order_was_refused() {
        assert!(replaces_refused(&failed(
            problem("alreadyReplaced", 409),
            true
        )));
        assert!(replaces_refused(&failed(
            problem("serverInternal", 500),
            true
        )));
        assert!(!replaces_refused(&failed(
            problem("serverInternal", 500),
            false
        )));
        assert!(!replaces_refused(&failed(
            problem("unauthorized", 403),
            true
        )));
        assert!(!replaces_refused(&failed(
            problem("rateLimited", 429),
            true
        )));
        assert!(!replaces_refused(&anyhow::anyhow!("connection refused")));
    }
}
