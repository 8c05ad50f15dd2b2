//! `acme list` (alias `certificates`): every lineage, when it expires and when it will be
//! renewed. Reads disk only, never the CA: the ARI window shown is the one remembered.

use anyhow::Result;
use serde_json::{Value, json};

use crate::cli::ListArgs;
use crate::identifiers::Identifier;
use crate::renewal::Decision;
use crate::settings::Settings;
use crate::time;

pub fn run(s: &Settings, args: &ListArgs) -> Result<()> {
    let names = super::renew::selected(s, &args.cert_name)?;
    let now = time::now();
    let mut human = Vec::new();
    let mut rows = Vec::new();
    for name in &names {
        let live = s.layout.live(name);
        let l = match crate::survey::load(&s.layout, name) {
            Ok(l) => l,
            Err(e) => {
                human.push(format!("{name}\n  error:      {e:#}"));
                rows.push(json!({"cert_name": name, "error": format!("{e:#}"), "live_dir": live}));
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
        let status = if revoked {
            "revoked: not renewed".to_string()
        } else if due {
            format!("due now ({why})")
        } else {
            format!("renews {} ({why})", time::format_local(next))
        };
        let mut warnings: Vec<String> = Vec::new();
        if !revoked {
            warnings.extend(l.schedule_warning());
            let until = crate::solvers::dns_persist::until_of(&l.conf.extra);
            warnings.extend(
                until.and_then(|u| crate::solvers::dns_persist::until_warning(now, u, next)),
            );
        }
        human.push(format!(
            "{name}\n  names:      {}\n  key type:   {key_type}\n  expires:    {} ({days_left} days)\n  renewal:    {status}\n  server:     {}\n  live:       {}",
            ids.join(", "),
            time::format_local(l.cert.not_after),
            l.conf.server,
            live.display()
        ));
        for w in &warnings {
            human.push(format!("  warning:    {w}"));
        }
        rows.push(json!({
            "cert_name": name,
            "domains": ids,
            "key_type": key_type,
            "not_after": time::format_rfc3339(l.cert.not_after),
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
            "server": l.conf.server,
            "live_dir": live,
            "serial": l.cert.serial_hex(),
            "warnings": warnings,
        }));
    }
    let human = if human.is_empty() {
        "no certificates found".to_string()
    } else {
        human.join("\n")
    };
    s.out.result(&human, &Value::Array(rows));
    Ok(())
}
