//! `acme list` (alias `certificates`): every lineage, when it expires, when it will be
//! renewed, and any order finalized but not collected. Reads disk only, never the CA: the ARI
//! window shown is the one remembered.

use anyhow::Result;
use serde_json::{Value, json};

use crate::cli::ListArgs;
use crate::cli::settings::Settings;
use crate::renewing::backoff::{self, Gate};
use crate::renewing::uncollected::{self, Standing, Uncollected};
use crate::storage::health::{self, Health, Outcome};
use crate::storage::store::Store;
use acme::escape::escape;
use acme::identifiers::Identifier;
use acme::renewal::Decision;
use acme::time;

pub fn run(s: &Settings, args: &ListArgs) -> Result<()> {
    let names = super::renew::selected(s, &args.cert_name)?;
    let now = time::now();
    let mut human = Vec::new();
    let mut rows = Vec::new();
    // On a fleet node: each lineage's fleet version and the version every node serves.
    let fleet = super::fleet::rows_for_list(s, &names);
    if let Some(Err(e)) = &fleet {
        s.out
            .warn(&format!("the fleet's versions are not shown: {e:#}"));
    }
    let store = s.store();
    let fleet_row = |name: &str| match &fleet {
        Some(Ok(rows)) => rows.iter().find(|r| r.name == name),
        _ => None,
    };
    for name in &names {
        let live = s.layout.live(name);
        let l = match crate::renewing::survey::load_from(&*store, &s.layout, name) {
            Ok(l) => l,
            Err(e) => {
                human.push(format!("{name}\n  error:      {e:#}"));
                rows.push(
                    json!({"cert_name": name, "error": crate::cli::report::error(&e), "live_dir": live}),
                );
                continue;
            }
        };
        let ids: Vec<String> = l.cert.identifiers.iter().map(Identifier::value).collect();
        let key_type = l.conf.key_type.map(|k| k.as_str()).unwrap_or("unknown");
        let days_left = (l.cert.not_after - now).div_euclid(86400);
        let revoked = l.revoked();
        let decision = l.decide(now, None, false);
        let (due, why, next) = match &decision {
            Decision::Due { why } => (true, why.clone(), now),
            Decision::NotDue { at, why } => (false, why.clone(), *at),
        };
        let health = health::load(&s.layout, name);
        let gate = match &health {
            Ok(h) if !revoked => backoff::gate(
                now,
                name,
                h,
                l.cert.not_after,
                backoff::Settings::from_env(),
            ),
            _ => Gate::Go,
        };
        let status = if revoked {
            "revoked: not renewed".to_string()
        } else if let (true, Gate::Wait { until, why }) = (due, &gate) {
            format!(
                "due, but not retried before {} ({why})",
                time::format_local(*until)
            )
        } else if due {
            format!("due now ({why})")
        } else {
            format!("renews {} ({why})", time::format_local(next))
        };
        let mut warnings: Vec<String> = Vec::new();
        if !revoked {
            warnings.extend(l.schedule_warning());
            let until = l.conf.dns.persist_until;
            warnings.extend(
                until.and_then(|u| crate::challenges::dns_persist::until_warning(now, u, next)),
            );
        }
        // Orders finalized but not collected: a certificate may be waiting at a CA.
        let uncollected = uncollected_orders(&*store, &l, now);
        if let Err(e) = &uncollected {
            warnings.push(format!(
                "the orders finalized earlier cannot be read (its renewals fail until they \
                 can): {e:#}"
            ));
        }
        human.push(format!(
            "{name}\n  names:      {}\n  key type:   {key_type}\n  expires:    {} ({days_left} days)\n  renewal:    {status}\n  last try:   {}\n  server:     {}{}\n  live:       {}",
            ids.join(", "),
            time::format_local(l.cert.not_after),
            last_try_text(&health),
            l.conf.server,
            servers_text(&l),
            live.display()
        ));
        human.extend(uncollected.iter().flatten().map(Uncollected::describe));
        if let Some(r) = fleet_row(name) {
            human.push(format!("  fleet:      {}", super::fleet::describe(r)));
        }
        if l.conf.options.require_trusted_chain {
            human.push(
                "  trust:      renewals refuse a chain to no root this machine trusts (require_trusted_chain)"
                    .to_string(),
            );
        }
        // Marked: a mistyped key (`deploy-hook`) silently never takes effect.
        for w in l.unknown_key_warnings(&s.layout) {
            human.push(format!("  WARNING:    {w}"));
        }
        for w in &warnings {
            human.push(format!("  warning:    {w}"));
        }
        rows.push(crate::cli::report::with(
            crate::cli::report::certificate(&s.layout, &l),
            json!({
                "days_left": days_left,
                "due": due && !revoked,
                "why": why,
                "next_renewal": time::format_rfc3339(next),
                "revoked": revoked,
                "ari_window": l.ari.as_ref().and_then(|a| a.window).map(|w| json!({
                    "start": time::format_rfc3339(w.start),
                    "end": time::format_rfc3339(w.end),
                    "chosen": time::format_rfc3339(w.chosen),
                })),
                "health": health_json(&health),
                "warnings": warnings,
                "unknown_keys": l.unknown_keys.iter().map(|u| json!({
                    "line": u.line, "key": u.key, "nearest": u.nearest,
                })).collect::<Vec<_>>(),
                "backed_off_until": match &gate {
                    Gate::Wait { until, .. } => json!(time::format_rfc3339(*until)),
                    Gate::Go => Value::Null,
                },
                "action_needed": health.as_ref().ok().and_then(|h| h.problem.as_ref()).and_then(|p| backoff::action_needed(p, name)),
                "fleet": fleet_row(name).map(super::fleet::Row::to_json),
                "uncollected_orders": uncollected.as_ref().ok().map(|u| {
                    u.iter().map(Uncollected::to_json).collect::<Vec<_>>()
                }),
            }),
        ));
    }
    if args.cert_name.is_empty() {
        first_issues(s, &*store, &names, now, &mut human, &mut rows);
    }
    let human = if human.is_empty() {
        crate::cli::hints::nothing_found(&s.layout)
    } else {
        human.join("\n")
    };
    s.out.result(&human, &Value::Array(rows));
    Ok(())
}

/// The lineage's orders finalized but not collected, with what the next run does with each
/// (read from the store and the accounts here; the CA is not asked).
fn uncollected_orders(
    store: &dyn Store,
    l: &crate::renewing::survey::Lineage,
    now: i64,
) -> Result<Vec<Uncollected>> {
    let orders = store.pending_orders(&l.name)?;
    // The names the next run orders, as it compares them.
    let names: Vec<String> = match crate::issuing::obtain::conf_identifiers(&l.conf) {
        Ok(ids) => ids.iter().map(Identifier::value).collect(),
        Err(_) => l.conf.domains.clone(),
    };
    let standing = match l.revoked() {
        true => Standing::Revoked,
        false => Standing::Renewed,
    };
    Ok(uncollected::outlook(
        &orders,
        Some(&names),
        standing,
        &mut account_url(store),
        now,
    ))
}

/// The URL of this config dir's account at a CA, or why it cannot be told.
fn account_url(store: &dyn Store) -> impl FnMut(&str) -> Result<Option<String>, String> + '_ {
    |server: &str| match store.account(server) {
        Ok(a) => Ok(a.map(|a| a.record.url)),
        Err(e) => Err(format!("{e:#}")),
    }
}

/// Names with orders remembered but no lineage among `listed`: a first `issue` that timed out
/// after finalize, whose certificate may be waiting at the CA. Shown after the lineages, as
/// a certificate that cannot be read is (`error`), with its `uncollected_orders`.
fn first_issues(
    s: &Settings,
    store: &dyn Store,
    listed: &[String],
    now: i64,
    human: &mut Vec<String>,
    rows: &mut Vec<Value>,
) {
    let names = match store.pending_names() {
        Ok(n) => n,
        Err(e) => {
            s.out.warn(&format!(
                "the orders finalized earlier are not shown: {e:#}"
            ));
            return;
        }
    };
    for name in names.iter().filter(|n| !listed.contains(n)) {
        let live = s.layout.live(name);
        let uncollected = store.pending_orders(name).map(|orders| {
            uncollected::outlook(
                &orders,
                None,
                Standing::NoCertificateYet,
                &mut account_url(store),
                now,
            )
        });
        if matches!(&uncollected, Ok(u) if u.is_empty()) {
            continue;
        }
        let what = anyhow::anyhow!(
            "no certificate yet: its first `acme issue` did not finish, and an order it \
             finalized may be waiting at the CA"
        );
        human.push(format!("{name}\n  error:      {what}"));
        match &uncollected {
            Ok(u) => human.extend(u.iter().map(Uncollected::describe)),
            Err(e) => human.push(format!(
                "  warning:    the orders finalized earlier cannot be read: {e:#}"
            )),
        }
        rows.push(json!({
            "cert_name": name,
            "error": crate::cli::report::error(&what),
            "live_dir": live,
            "uncollected_orders": uncollected.as_ref().ok().map(|u| {
                u.iter().map(Uncollected::to_json).collect::<Vec<_>>()
            }),
        }));
    }
}

/// The fallback CAs, and which CA issued the live certificate when it is not the lineage's own.
fn servers_text(l: &crate::renewing::survey::Lineage) -> String {
    let mut t = String::new();
    if !l.conf.fallback_servers.is_empty() {
        t.push_str(&format!(
            "\n  fallback:   {}",
            l.conf.fallback_servers.join(", ")
        ));
    }
    if l.issuing_server() != l.conf.server {
        t.push_str(&format!(
            "\n  issued by:  {} (the next renewal tries {} first)",
            l.issuing_server(),
            l.conf.server
        ));
    }
    t
}

/// The last renewal attempt in one line (and the CA's problem on the next ones).
fn last_try_text(h: &Result<Health>) -> String {
    let h = match h {
        Ok(h) => h,
        Err(e) => return format!("unknown: {e:#}"),
    };
    let at = |t: Option<i64>| t.map_or_else(|| "?".into(), time::format_local);
    match h.last_outcome {
        None => "none yet (by `acme renew`)".into(),
        Some(Outcome::Success) => format!("succeeded {}", at(h.last_attempt)),
        Some(Outcome::Failure) => {
            let mut t = format!(
                "FAILED {} ({} consecutive failure{} since {})",
                at(h.last_attempt),
                h.consecutive_failures,
                if h.consecutive_failures == 1 { "" } else { "s" },
                at(h.first_failure)
            );
            match &h.problem {
                Some(p) => {
                    // The CA's words, kept verbatim in the health record: one line each here.
                    t.push_str(&format!(
                        "\n              {}: {}",
                        escape(&p.kind),
                        escape(&p.detail)
                    ));
                    for sp in &p.subproblems {
                        t.push_str(&format!(
                            "\n              {}: {}: {}",
                            escape(sp.identifier.as_deref().unwrap_or("?")),
                            escape(&sp.kind),
                            escape(&sp.detail)
                        ));
                    }
                }
                None => {
                    if let Some(e) = &h.error {
                        t.push_str(&format!("\n              {e}"));
                    }
                }
            }
            t
        }
    }
}

fn health_json(h: &Result<Health>) -> Value {
    let h = match h {
        Ok(h) => h,
        Err(e) => return json!({"error": format!("{e:#}")}),
    };
    let at = |t: Option<i64>| t.map(time::format_rfc3339);
    json!({
        "last_attempt": at(h.last_attempt),
        "last_outcome": h.last_outcome,
        "last_success": at(h.last_success),
        "last_failure": at(h.last_failure),
        "consecutive_failures": h.consecutive_failures,
        "first_failure": at(h.first_failure),
        "error": h.error,
        "problem": h.problem,
        "retry_after": at(h.retry_after),
    })
}
