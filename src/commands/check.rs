//! `acme check`: a Nagios/Icinga plugin over every lineage — one status line, one line per
//! problem, the state as exit code — and, with `--metrics-file`, the Prometheus file too.
//! Reads disk only, never the CA.

use anyhow::Result;
use serde_json::json;

use crate::cli::CheckArgs;
use crate::cli::error::Silent;
use crate::cli::settings::Settings;
use crate::renewing::metrics;
use crate::renewing::monitor::{self, Severity, Thresholds};
use acme::time;

pub fn run(s: &Settings, args: &CheckArgs) -> Result<()> {
    let now = time::now();
    let lineages = match monitor::gather(&*s.store(), &s.layout) {
        Ok(l) => l,
        Err(e) => {
            let line = format!("ACME UNKNOWN - {e:#}");
            s.out.result(
                &line,
                &json!({"status": "UNKNOWN", "exit_code": 3, "error": format!("{e:#}")}),
            );
            return Err(Silent(Severity::Unknown as u8).into());
        }
    };
    if let Some(path) = &args.metrics_file {
        metrics::write(path, now, &lineages)?;
    }
    let th = Thresholds {
        warn_days: args.warn_days,
        crit_days: args.crit_days,
    };
    let mut findings: Vec<_> = lineages
        .iter()
        .flat_map(|w| monitor::assess(now, w, th))
        .collect();
    // Names whose first `issue` timed out after finalize: a certificate may wait at the CA.
    let first = match monitor::first_issues(&*s.store(), &lineages) {
        Ok(first) => first,
        Err(e) => {
            findings.push(monitor::Finding {
                cert_name: "pending/".into(),
                severity: Severity::Warning,
                kind: "pending_unreadable",
                message: format!("the orders finalized earlier cannot be listed: {e:#}"),
            });
            Vec::new()
        }
    };
    findings.extend(
        first
            .iter()
            .flat_map(|(name, orders)| monitor::assess_first_issue(now, name, orders)),
    );
    // Each counts as a certificate: one was issued, or may be, and waits to be collected.
    let certificates = lineages.len() + first.len();
    // On a fleet node: nodes serving an older version than the fleet's.
    findings.extend(super::fleet::lag_findings(s));
    let state = monitor::overall(&findings, certificates);
    let mut troubled: Vec<&str> = findings.iter().map(|f| f.cert_name.as_str()).collect();
    troubled.dedup();
    let summary = if certificates == 0 {
        format!("no certificates in {}", s.layout.renewal_dir().display())
    } else if findings.is_empty() {
        format!("{certificates} certificate(s), none needs attention")
    } else {
        format!(
            "{} of {} certificate(s) need attention",
            troubled.len(),
            certificates
        )
    };
    let mut human = vec![format!("ACME {} - {summary}", state.label())];
    human.extend(
        findings
            .iter()
            .map(|f| format!("{} {}: {}", f.severity.label(), f.cert_name, f.message)),
    );
    let doc = json!({
        "status": state.label(),
        "exit_code": state as u8,
        "certificates": certificates,
        "problems": findings.iter().map(|f| json!({
            "cert_name": f.cert_name,
            "severity": f.severity.label(),
            "kind": f.kind,
            "message": f.message,
        })).collect::<Vec<_>>(),
    });
    s.out.result(&human.join("\n"), &doc);
    match state {
        Severity::Ok => Ok(()),
        other => Err(Silent(other as u8).into()),
    }
}
