//! `acme renew`: renew every due lineage (or the named ones) and say what happened to each.

use anyhow::{Result, anyhow};
use serde_json::{Value, json};

use crate::cli::RenewArgs;
use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::renewing::renewer::{self, Outcome, Report};
use crate::storage::{self, access};
use acme::time;

pub fn run(s: &Settings, args: &RenewArgs) -> Result<()> {
    // A fleet node first takes what the fleet has (new lineages, versions other nodes renewed).
    if !args.dry_run {
        crate::fleet::renewal::sync_all(s);
    }
    let names = selected(s, &args.cert_name)?;
    for (kind, cmd) in [
        ("pre-hook", &args.hooks.pre_hook),
        ("post-hook", &args.hooks.post_hook),
        ("deploy-hook", &args.hooks.deploy_hook),
    ] {
        if let Some(cmd) = cmd {
            crate::hooks::check::check(kind, cmd)?;
        }
    }
    let report = renewer::run(
        s,
        &renewer::Options {
            names,
            days: args.days,
            force: args.force,
            dry_run: args.dry_run,
            jobs: args.jobs as usize,
            pre_hook: args.hooks.pre_hook.as_deref(),
            post_hook: args.hooks.post_hook.as_deref(),
            deploy_hook: args.hooks.deploy_hook.as_deref(),
            failure_hook: args.hooks.failure_hook.as_deref(),
            random_sleep: renewer::random_sleep_wanted(args.no_random_sleep),
        },
    );
    // And what other nodes renewed while this run went on.
    if !args.dry_run {
        crate::fleet::renewal::sync_all(s);
    }
    write_metrics(s, args);
    let human: Vec<String> = report.lineages.iter().map(line).collect();
    let human = if human.is_empty() {
        crate::cli::hints::nothing_found(&s.layout)
    } else {
        human.join("\n")
    };
    s.out.result(
        &human,
        &Value::Array(
            report
                .lineages
                .iter()
                .map(|r| to_json(s, r, &report.hook_failures_of(r)))
                .collect(),
        ),
    );
    if report.failed() {
        // The failures again on stderr through the error path: shown even under -q (cron mail).
        let mut what: Vec<String> = report
            .lineages
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Failed { why, .. } => Some(format!("{}: {why}", r.name)),
                o @ Outcome::Renewed { .. } => o
                    .hook_error()
                    .map(|e| format!("{}: renewed, but {e}", r.name)),
                _ => None,
            })
            .collect();
        what.extend(report.hook_failures.iter().map(|f| f.message.clone()));
        // Stopped by a signal: the exit code says which (130, 143), as for `issue`.
        return Err(crate::cli::interrupt::mark(anyhow!(
            "renewal failed:\n  {}",
            what.join("\n  ")
        )));
    }
    Ok(())
}

/// Every run leaves the Prometheus file describing every lineage (not only those selected), so
/// a scrape always sees the whole config dir. A failure to write it does not fail the renewal.
fn write_metrics(s: &Settings, args: &RenewArgs) {
    let path = args
        .metrics_file
        .clone()
        .unwrap_or_else(|| s.layout.metrics_file());
    if args.metrics_file.is_none() && !s.layout.root.is_dir() {
        return;
    }
    let written = crate::renewing::monitor::gather(&*s.store(), &s.layout)
        .and_then(|all| crate::renewing::metrics::write(&path, time::now(), &all));
    if let Err(e) = written {
        s.out.warn(&format!("metrics not written: {e:#}"));
    }
}

/// The named lineages (each must exist: a typo is a usage error), or all of them.
pub fn selected(s: &Settings, wanted: &[String]) -> Result<Vec<String>> {
    let store = s.store();
    if wanted.is_empty() {
        return store.lineages();
    }
    for n in wanted {
        storage::check_cert_name(n).map_err(usage)?;
        if !access::has_lineage(&*store, n)? {
            return Err(usage(format!(
                "no certificate named {n:?}: {} does not exist (see `acme list`)",
                store.conf_location(n)
            )));
        }
    }
    let mut out = wanted.to_vec();
    out.dedup();
    Ok(out)
}

fn line(r: &Report) -> String {
    let n = &r.name;
    match &r.outcome {
        o @ Outcome::Renewed { version, .. } => match o.hook_error() {
            None => format!("{n}: renewed (version {version})"),
            Some(e) => format!("{n}: renewed (version {version}), but {e}"),
        },
        Outcome::Simulated { not_after } => format!(
            "{n}: dry run succeeded (would expire {}); nothing saved",
            time::format_date(*not_after)
        ),
        Outcome::NotDue { at, why } => {
            format!("{n}: not due until {} ({why})", time::format_local(*at))
        }
        Outcome::BackedOff { until, why } => format!(
            "{n}: due, but not retried before {} ({why}; --force to try now)",
            time::format_local(*until)
        ),
        Outcome::Revoked => format!("{n}: revoked: not renewed"),
        Outcome::Skipped { why } => format!("{n}: skipped: {why}"),
        Outcome::Failed { why, .. } => format!("{n}: failed: {why}"),
    }
}

/// One lineage's item, with every hook failure that concerns it (`hook_failures`).
fn to_json(s: &Settings, r: &Report, hook_failures: &[&crate::hooks::Failure]) -> Value {
    let mut v = json!({
        "cert_name": r.name,
        "hook_failures": hook_failures.iter().map(|f| f.to_json()).collect::<Vec<_>>(),
    });
    let (status, extra) = match &r.outcome {
        o @ Outcome::Renewed {
            version, not_after, ..
        } => {
            let mut e = json!({"version": version, "not_after": time::format_rfc3339(*not_after), "hook_error": o.hook_error()});
            // The renewed certificate as `list` shows it: names, serial, paths, method, hooks.
            if let Ok(l) = crate::renewing::survey::load(&s.layout, &r.name) {
                e = crate::cli::report::with(crate::cli::report::certificate(&s.layout, &l), e);
            }
            ("renewed", e)
        }
        Outcome::Simulated { not_after } => (
            "dry_run",
            json!({"not_after": time::format_rfc3339(*not_after)}),
        ),
        Outcome::NotDue { at, why } => (
            "not_due",
            json!({"due_at": time::format_rfc3339(*at), "why": why}),
        ),
        Outcome::BackedOff { until, why } => (
            "backed_off",
            json!({"retry_at": time::format_rfc3339(*until), "why": why}),
        ),
        Outcome::Revoked => ("revoked", json!({})),
        Outcome::Skipped { why } => ("skipped", json!({"why": why})),
        Outcome::Failed { why, error, .. } => ("failed", json!({"why": why, "error": error})),
    };
    v["status"] = json!(status);
    if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
        o.extend(e);
    }
    v
}
