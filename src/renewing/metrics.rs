//! The Prometheus text-format file (exposition format 0.0.4) for node_exporter's textfile
//! collector: per lineage its expiry, last success and failure, consecutive failures, ARI
//! window and uncollected orders. Written atomically (temp file + rename in the same
//! directory) because the collector may read it at any moment, and it ignores files that are
//! half-written only by luck. No sample carries a timestamp: the textfile collector rejects them.

use anyhow::Result;
use std::fmt::Write;
use std::path::Path;

use crate::renewing::monitor::Watched;
use crate::storage::fsutil::{PUBLIC, write_atomic};

/// `(name, help)` of every metric, in output order.
const METRICS: [(&str, &str); 11] = [
    (
        "acme_certificate_expiry_timestamp_seconds",
        "When the lineage's live certificate expires (Unix time).",
    ),
    (
        "acme_certificate_last_success_timestamp_seconds",
        "When the lineage last renewed (Unix time); absent if never by acme renew.",
    ),
    (
        "acme_certificate_last_failure_timestamp_seconds",
        "When a renewal of the lineage last failed (Unix time); absent if never.",
    ),
    (
        "acme_certificate_consecutive_failures",
        "Renewal attempts that failed since the last success.",
    ),
    (
        "acme_certificate_backed_off",
        "1 while failed renewals make acme wait before the next attempt.",
    ),
    (
        "acme_certificate_ari_window_start_timestamp_seconds",
        "Start of the CA's suggested renewal window (RFC 9773), when known.",
    ),
    (
        "acme_certificate_ari_window_end_timestamp_seconds",
        "End of the CA's suggested renewal window (RFC 9773), when known.",
    ),
    (
        "acme_certificate_readable",
        "0 when the lineage's renewal conf or certificate cannot be read.",
    ),
    (
        "acme_certificate_from_fallback",
        "1 when the live certificate was issued by one of the lineage's fallback CAs.",
    ),
    (
        "acme_certificate_uncollected_orders",
        "Orders finalized but whose certificates are not collected yet.",
    ),
    (
        "acme_certificate_oldest_uncollected_order_timestamp_seconds",
        "When the oldest uncollected order was finalized (Unix time); absent if none.",
    ),
];

/// The whole file for these lineages at `now`.
pub fn render(now: i64, lineages: &[Watched]) -> String {
    let mut out = String::new();
    for (i, (metric, help)) in METRICS.iter().enumerate() {
        let _ = writeln!(out, "# HELP {metric} {help}");
        let _ = writeln!(out, "# TYPE {metric} gauge");
        for w in lineages {
            if let Some(v) = value(i, now, w) {
                let _ = writeln!(out, "{metric}{{cert_name=\"{}\"}} {v}", label(&w.name));
            }
        }
    }
    out.push_str("# HELP acme_metrics_generated_timestamp_seconds When acme wrote this file.\n");
    out.push_str("# TYPE acme_metrics_generated_timestamp_seconds gauge\n");
    let _ = writeln!(out, "acme_metrics_generated_timestamp_seconds {now}");
    out
}

/// The `i`th metric of [`METRICS`] for one lineage; `None` leaves the sample out.
fn value(i: usize, now: i64, w: &Watched) -> Option<i64> {
    let l = w.lineage.as_ref().ok();
    let h = w.health.as_ref().ok();
    let window = l.and_then(|l| l.ari.as_ref()).and_then(|a| a.window);
    match i {
        0 => l.map(|l| l.cert.not_after),
        1 => h.and_then(|h| h.last_success),
        2 => h.and_then(|h| h.last_failure),
        3 => h.map(|h| i64::from(h.consecutive_failures)),
        4 => l.map(|_| i64::from(w.backed_off_until(now).is_some())),
        5 => window.map(|w| w.start),
        6 => window.map(|w| w.end),
        7 => Some(i64::from(l.is_some() && h.is_some())),
        8 => l.map(|l| i64::from(l.issuing_server() != l.conf.server)),
        9 => w.pending.as_ref().ok().map(|p| p.len() as i64),
        10 => w
            .pending
            .as_ref()
            .ok()
            .and_then(|p| p.iter().map(|o| o.finalized_at).min()),
        _ => None,
    }
}

/// A label value escaped as the format requires: backslash, double quote and newline.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Writes the file atomically, readable by the exporter's user (it holds no secret).
pub fn write(path: &Path, now: i64, lineages: &[Watched]) -> Result<()> {
    write_atomic(path, render(now, lineages).as_bytes(), PUBLIC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::health::Health;

    #[test]
    fn unreadable_lineages_are_said_and_labels_are_escaped() {
        let w = Watched {
            name: "a\"b".into(),
            lineage: Err(anyhow::anyhow!("broken")),
            health: Ok(Health {
                consecutive_failures: 3,
                last_failure: Some(1000),
                ..Health::default()
            }),
            pending: Ok(Vec::new()),
        };
        let text = render(5000, &[w]);
        assert!(
            text.contains("acme_certificate_readable{cert_name=\"a\\\"b\"} 0\n"),
            "{text}"
        );
        assert!(text.contains("acme_certificate_consecutive_failures{cert_name=\"a\\\"b\"} 3\n"));
        assert!(text.contains(
            "acme_certificate_last_failure_timestamp_seconds{cert_name=\"a\\\"b\"} 1000\n"
        ));
        assert!(
            !text.contains("acme_certificate_expiry_timestamp_seconds{"),
            "{text}"
        );
        assert!(text.contains("acme_certificate_uncollected_orders{cert_name=\"a\\\"b\"} 0\n"));
        assert!(!text.contains("acme_certificate_oldest_uncollected_order_timestamp_seconds{"));
        assert!(text.ends_with("acme_metrics_generated_timestamp_seconds 5000\n"));
    }
}
