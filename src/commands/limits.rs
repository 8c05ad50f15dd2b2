//! `acme limits`: the rate-limit table in force and this machine's usage of each limit, from the
//! ledger. Never contacts the CA.

use anyhow::Result;
use serde_json::{Value, json};

use crate::cli::settings::Settings;
use acme::limits::{self, Scope};
use acme::time;

pub fn run(s: &Settings) -> Result<()> {
    let store = s.store();
    let (events, skipped) = store.ledger_read()?;
    if skipped > 0 {
        s.out.detail(&format!(
            "{skipped} line(s) of {} skipped (torn by a crash, or written by a newer version)",
            store.ledger_location()
        ));
    }
    let now = time::now();
    let retry = limits::retry_after(&events, now, &s.server);
    let mut human = Vec::new();
    let mut rows_json = Vec::new();
    match s.rate_limits {
        None => human.push(format!(
            "No rate-limit table for {} (--rate-limits letsencrypt applies Let's Encrypt's).",
            s.server
        )),
        Some(table) => {
            human.push(format!("Rate limits: {} (for {})", table.name, s.server));
            let usage = limits::usage(table, &events, now, &s.server);
            for limit in table.limits {
                human.push(format!("  {:<38} {}", limit.name, limits::describe(limit)));
                let counted = limit.scope != Scope::RegistrationsPerIp;
                if !counted {
                    human.push("    counted by the CA per IP address; not tracked here".into());
                }
                let mut rows = Vec::new();
                for u in usage.iter().filter(|u| u.limit == *limit) {
                    let when = match u.frees_at {
                        Some(t) => format!("full; next allowed after {}", time::format_local(t)),
                        None => format!("all free again {}", time::format_local(u.clear_at)),
                    };
                    human.push(format!(
                        "    {:<36} {:>5} of {:<5} {when}",
                        u.key, u.used, limit.capacity
                    ));
                    rows.push(json!({
                        "key": u.key,
                        "account": u.account,
                        "used": u.used,
                        "full": u.frees_at.is_some(),
                        "frees_at": u.frees_at.map(time::format_rfc3339),
                        "clear_at": time::format_rfc3339(u.clear_at),
                    }));
                }
                if counted && rows.is_empty() {
                    human.push("    nothing used".into());
                }
                rows_json.push(json!({
                    "name": limit.name,
                    "scope": scope_name(limit.scope),
                    "capacity": limit.capacity,
                    "window_seconds": limit.window,
                    "counted": counted,
                    "usage": rows,
                }));
            }
        }
    }
    match retry {
        Some(t) => human.push(format!(
            "The CA asked not to be contacted before {} (Retry-After).",
            time::format_local(t)
        )),
        None => human.push("No Retry-After from the CA is running.".into()),
    }
    s.out.result(
        &human.join("\n"),
        &json!({
            "server": s.server,
            "table": s.rate_limits.map(|t| t.name),
            "ledger": store.ledger_location(),
            "limits": Value::Array(rows_json),
            "retry_after": retry.map(time::format_rfc3339),
        }),
    );
    Ok(())
}

fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::OrdersPerAccount => "account",
        Scope::CertificatesPerDomain => "registered_domain",
        Scope::CertificatesPerExactSet => "exact_set",
        Scope::FailedAuthorizations => "identifier",
        Scope::RegistrationsPerIp => "ip",
    }
}
