//! What a monitor needs to know about each lineage, and what is wrong with it: shared by
//! `acme check` (Nagios/Icinga) and the Prometheus metrics file. [`gather`] reads disk only;
//! [`assess`] is a pure judgement over what was read and `now`.

use anyhow::Result;

use crate::renewing::backoff::{self, Gate};
use crate::renewing::survey::{self, Lineage};
use crate::renewing::uncollected;
use crate::storage::Layout;
use crate::storage::health::{self, Health};
use crate::storage::pending::PendingOrder;
use crate::storage::store::Store;
use acme::time;

const DAY: i64 = 86400;

/// One lineage as a monitor sees it.
pub struct Watched {
    pub name: String,
    pub lineage: Result<Lineage>,
    pub health: Result<Health>,
    /// Orders finalized but not collected yet (oldest first).
    pub pending: Result<Vec<PendingOrder>>,
}

impl Watched {
    /// When the back-off lets the next attempt happen, if it is holding one back now.
    pub fn backed_off_until(&self, now: i64) -> Option<(i64, String)> {
        let (Ok(l), Ok(h)) = (&self.lineage, &self.health) else {
            return None;
        };
        match backoff::gate(
            now,
            &self.name,
            h,
            l.cert.not_after,
            backoff::Settings::from_env(),
        ) {
            Gate::Wait { until, why } => Some((until, why)),
            Gate::Go => None,
        }
    }
}

/// Every lineage the store holds (in name order), each read as this machine serves it.
pub fn gather(store: &dyn Store, layout: &Layout) -> Result<Vec<Watched>> {
    Ok(store
        .lineages()?
        .into_iter()
        .map(|name| Watched {
            lineage: survey::load_from(store, layout, &name),
            health: health::load(layout, &name),
            pending: store.pending_orders(&name),
            name,
        })
        .collect())
}

/// Nagios plugin states, in their exit-code values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Ok => "OK",
            Severity::Warning => "WARNING",
            Severity::Critical => "CRITICAL",
            Severity::Unknown => "UNKNOWN",
        }
    }

    /// Which state wins when several apply: a certificate about to lapse beats one we cannot
    /// judge, which beats one that merely needs a look.
    fn rank(self) -> u8 {
        match self {
            Severity::Ok => 0,
            Severity::Warning => 1,
            Severity::Unknown => 2,
            Severity::Critical => 3,
        }
    }
}

/// One thing wrong with one lineage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub cert_name: String,
    pub severity: Severity,
    /// Stable for scripts: `expired`, `expiring`, `renewal_failed`, `backed_off`,
    /// `action_needed`, `unreadable`, `uncollected_order`, `pending_unreadable`.
    pub kind: &'static str,
    pub message: String,
}

/// `--warn-days` / `--crit-days`; unset, a fifth and a tenth of the certificate's lifetime,
/// at most 14 and 7 days — so 6-day certificates are not always "expiring".
#[derive(Clone, Copy, Debug, Default)]
pub struct Thresholds {
    pub warn_days: Option<u32>,
    pub crit_days: Option<u32>,
}

impl Thresholds {
    fn seconds(days: Option<u32>, lifetime: i64, divisor: i64, cap_days: i64) -> i64 {
        match days {
            Some(d) => i64::from(d) * DAY,
            None => (lifetime / divisor).min(cap_days * DAY),
        }
    }
}

/// What is wrong with one lineage now; empty when nothing is. Revoked lineages are not
/// renewed on purpose and raise nothing.
pub fn assess(now: i64, w: &Watched, th: Thresholds) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |severity, kind, message: String| {
        out.push(Finding {
            cert_name: w.name.clone(),
            severity,
            kind,
            message,
        })
    };
    let l = match &w.lineage {
        Ok(l) => l,
        Err(e) => {
            add(
                Severity::Unknown,
                "unreadable",
                format!("cannot be read: {e:#}"),
            );
            return out;
        }
    };
    if l.revoked() {
        return out;
    }
    let left = l.cert.not_after - now;
    let lifetime = (l.cert.not_after - l.cert.not_before).max(0);
    let warn = Thresholds::seconds(th.warn_days, lifetime, 5, 14);
    let crit = Thresholds::seconds(th.crit_days, lifetime, 10, 7);
    let expires = time::format_rfc3339(l.cert.not_after);
    if left <= 0 {
        add(Severity::Critical, "expired", format!("expired {expires}"));
    } else if left <= crit || left <= warn {
        let sev = if left <= crit {
            Severity::Critical
        } else {
            Severity::Warning
        };
        add(
            sev,
            "expiring",
            format!("expires {expires} (in {})", in_words(left)),
        );
    }
    match &w.health {
        Err(e) => add(Severity::Unknown, "unreadable", format!("{e:#}")),
        Ok(h) if h.is_failing() => {
            let what = match &h.problem {
                Some(p) => format!("{}: {}", p.kind, p.detail),
                None => h.error.clone().unwrap_or_default(),
            };
            add(
                Severity::Warning,
                "renewal_failed",
                format!(
                    "last renewal failed {} ({} consecutive since {}): {}",
                    time::format_rfc3339(h.last_failure.unwrap_or(0)),
                    h.consecutive_failures,
                    time::format_rfc3339(h.first_failure.unwrap_or(0)),
                    one_line(&what)
                ),
            );
            if let Some(action) = h
                .problem
                .as_ref()
                .and_then(|p| backoff::action_needed(p, &w.name))
            {
                // It will not heal by itself: someone must act.
                add(Severity::Critical, "action_needed", action);
            }
        }
        Ok(_) => {}
    }
    if let Some((until, _)) = w.backed_off_until(now) {
        add(
            Severity::Warning,
            "backed_off",
            format!(
                "backed off: not retried before {}",
                time::format_rfc3339(until)
            ),
        );
    }
    out.extend(uncollected_findings(now, &w.name, &w.pending, ""));
    out
}

/// Names with orders remembered but no lineage among `lineages` (a first `issue` that timed
/// out after finalize), each with its orders; `Err` when `pending/` cannot be listed.
pub fn first_issues(
    store: &dyn Store,
    lineages: &[Watched],
) -> Result<Vec<(String, Result<Vec<PendingOrder>>)>> {
    Ok(store
        .pending_names()?
        .into_iter()
        .filter(|n| !lineages.iter().any(|w| &w.name == n))
        .map(|n| {
            let orders = store.pending_orders(&n);
            (n, orders)
        })
        .filter(|(_, orders)| !matches!(orders, Ok(o) if o.is_empty()))
        .collect())
}

/// What is wrong with a name that has orders remembered but no certificate yet: the same
/// as for a lineage's orders, saying that only `acme issue` collects them.
pub fn assess_first_issue(
    now: i64,
    name: &str,
    pending: &Result<Vec<PendingOrder>>,
) -> Vec<Finding> {
    uncollected_findings(
        now,
        name,
        pending,
        " (no certificate yet: only `acme issue` of its names collects it, not `acme renew`)",
    )
}

/// The orders of `name` finalized but uncollected for longer than
/// [`uncollected::WARN_AFTER`], and a record of them that cannot be read: WARNING each, with
/// `note` after the message. Told from the remembered orders alone, never by asking the CA.
fn uncollected_findings(
    now: i64,
    name: &str,
    pending: &Result<Vec<PendingOrder>>,
    note: &str,
) -> Vec<Finding> {
    let finding = |kind, message: String| Finding {
        cert_name: name.to_string(),
        severity: Severity::Warning,
        kind,
        message: message + note,
    };
    match pending {
        Err(e) => vec![finding(
            "pending_unreadable",
            format!(
                "the orders finalized earlier cannot be read, and its renewals fail until they \
                 can: {}",
                one_line(&format!("{e:#}"))
            ),
        )],
        Ok(orders) => uncollected::overdue(orders, now)
            .map(|p| {
                finding(
                    "uncollected_order",
                    format!(
                        "the order {} finalized {} at {} is not collected after {}; each run \
                         asks again until {} (see `acme list`)",
                        acme::escape::escape(&p.order_url),
                        time::format_rfc3339(p.finalized_at),
                        acme::escape::escape(&p.server),
                        in_words(now.saturating_sub(p.finalized_at)),
                        time::format_rfc3339(uncollected::remembered_until(p)),
                    ),
                )
            })
            .collect(),
    }
}

/// The state of the whole check: the worst finding, UNKNOWN when there is nothing to check.
pub fn overall(findings: &[Finding], lineages: usize) -> Severity {
    if lineages == 0 {
        return Severity::Unknown;
    }
    findings
        .iter()
        .map(|f| f.severity)
        .max_by_key(|s| s.rank())
        .unwrap_or(Severity::Ok)
}

/// `12 days`, `1 day`, `5 hours`: how far away an expiry is, to the unit that matters.
fn in_words(secs: i64) -> String {
    let (n, unit) = if secs >= DAY {
        (secs / DAY, "day")
    } else {
        ((secs / 3600).max(0), "hour")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_state_wins_and_nothing_to_check_is_unknown() {
        let f = |severity| Finding {
            cert_name: "a".into(),
            severity,
            kind: "x",
            message: String::new(),
        };
        assert_eq!(overall(&[], 0), Severity::Unknown);
        assert_eq!(overall(&[], 2), Severity::Ok);
        assert_eq!(
            overall(&[f(Severity::Warning), f(Severity::Unknown)], 2),
            Severity::Unknown
        );
        assert_eq!(
            overall(&[f(Severity::Unknown), f(Severity::Critical)], 2),
            Severity::Critical
        );
    }

    /// An order uncollected for more than a day is a WARNING naming it; a younger one is
    /// not; a record that cannot be read is a WARNING too, never a crash or silence.
    #[test]
    fn an_order_uncollected_for_over_a_day_is_a_warning() {
        let now = 100 * DAY;
        let order = |at: i64| PendingOrder {
            server: "https://ca.test/dir".into(),
            account: "https://ca.test/acct/1".into(),
            order_url: format!("https://ca.test/order/{at}"),
            identifiers: vec!["a.example".into()],
            key_pem: Some("-----BEGIN PRIVATE KEY-----\nsecret\n".into()),
            finalized_at: at,
        };
        let watched = |pending| Watched {
            name: "a.example".into(),
            lineage: Err(anyhow::anyhow!("not needed")),
            health: Ok(Health::default()),
            pending,
        };
        let w = watched(Ok(vec![order(now - 3 * 3600), order(now - 2 * DAY)]));
        let found = uncollected_findings(now, &w.name, &w.pending, "");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].severity, found[0].kind),
            (Severity::Warning, "uncollected_order")
        );
        let m = &found[0].message;
        assert!(
            m.contains(&format!("https://ca.test/order/{}", now - 2 * DAY))
                && m.contains("after 2 days")
                && !m.contains("secret"),
            "{m}"
        );
        let young = watched(Ok(vec![order(now - 3600)]));
        assert!(uncollected_findings(now, &young.name, &young.pending, "").is_empty());
        let broken = watched(Err(anyhow::anyhow!("pending/a.example.json is unreadable")));
        let found = uncollected_findings(now, &broken.name, &broken.pending, "");
        assert_eq!(
            (found[0].severity, found[0].kind),
            (Severity::Warning, "pending_unreadable")
        );
        assert!(found[0].message.contains("pending/a.example.json"));
    }

    #[test]
    fn default_thresholds_scale_with_short_lifetimes() {
        assert_eq!(Thresholds::seconds(None, 90 * DAY, 5, 14), 14 * DAY);
        assert_eq!(Thresholds::seconds(None, 6 * DAY, 5, 14), 6 * DAY / 5);
        assert_eq!(Thresholds::seconds(Some(3), 6 * DAY, 5, 14), 3 * DAY);
    }
}
