//! How long a failing lineage waits before its next renewal attempt — a pure decision over its
//! health record, its certificate's expiry and `now`.
//!
//! Why: a lineage that fails usually fails the same way every run, and Let's Encrypt pauses an
//! account/hostname pair after 1,152 consecutive failures ("zombie clients"). So the wait
//! doubles with each failure (base, 2×base, 4×base, …) up to a cap, and the cap tightens as
//! expiry nears (an eighth of the time left, never below the base) so that a fix made by the
//! user or the CA is noticed in time. Once expired there is no deadline left to meet and the
//! full cap applies again. With the defaults (1 h, capped at 24 h) a lineage makes a few dozen
//! attempts per certificate lifetime and at most one a day after expiry: years away from 1,152.

use crate::storage::health::{Health, ProblemRecord};
use acme::time;

/// The first wait, and the cap as a multiple of it.
pub const DEFAULT_BASE: i64 = 3600;
const CAP_FACTOR: i64 = 24;

/// Test knob: `ACME_BACKOFF_BASE_SECS=N` shortens every wait (the cap is 24×N), so tests of
/// back-off need not wait hours. Not meant for production use.
pub const BASE_ENV: &str = "ACME_BACKOFF_BASE_SECS";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub base: i64,
    pub cap: i64,
}

impl Settings {
    pub fn from_env() -> Settings {
        let base = std::env::var(BASE_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|b| *b > 0)
            .unwrap_or(DEFAULT_BASE);
        Settings::with_base(base)
    }

    pub fn with_base(base: i64) -> Settings {
        Settings {
            base,
            cap: base.saturating_mul(CAP_FACTOR),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    Go,
    Wait { until: i64, why: String },
}

/// Whether a due lineage may be attempted now, or when it may be.
pub fn gate(now: i64, name: &str, h: &Health, not_after: i64, s: Settings) -> Gate {
    let (n, Some(last)) = (h.consecutive_failures, h.last_failure) else {
        return Gate::Go;
    };
    if n == 0 {
        return Gate::Go;
    }
    let mut until = last.saturating_add(delay(n, not_after - last, s));
    let mut why = format!(
        "backed off after {n} consecutive failure{} (since {})",
        if n == 1 { "" } else { "s" },
        time::format_rfc3339(h.first_failure.unwrap_or(last))
    );
    if let Some(action) = h.problem.as_ref().and_then(|p| action_needed(p, name)) {
        // Retrying cannot help until a person acts; try once per cap in case they did.
        until = until.max(last.saturating_add(s.cap));
        why = format!("{why}; {action}");
    }
    // The CA may lengthen the wait, but no further than an eighth of the time left (never below
    // the base) nor past the guard's own Retry-After ceiling: a `Retry-After` of a week
    // sent days before expiry must not keep cron from trying before the certificate lapses.
    let left = not_after.saturating_sub(last);
    let ra_room = if left > 0 {
        (left / 8).max(s.base)
    } else {
        i64::MAX
    };
    let ra_limit = last.saturating_add(ra_room.min(acme::limits::RETRY_AFTER_CAP));
    if let Some(ra) = h.retry_after.map(|ra| ra.min(ra_limit))
        && ra > until
    {
        until = ra;
        why = format!(
            "{why}; the CA asked to retry after {}",
            time::format_rfc3339(ra)
        );
    }
    if now >= until {
        Gate::Go
    } else {
        Gate::Wait { until, why }
    }
}

/// The wait after the `n`th consecutive failure, with `left` seconds of validity at that time.
pub fn delay(n: u32, left: i64, s: Settings) -> i64 {
    let doubled = s.base.saturating_mul(1i64 << (n.saturating_sub(1)).min(40));
    doubled.min(cap(left, s))
}

/// The longest wait with `left` seconds of validity: an eighth of it (never below the base), or
/// the full cap once expired.
fn cap(left: i64, s: Settings) -> i64 {
    if left > 0 {
        (left / 8).clamp(s.base, s.cap)
    } else {
        s.cap
    }
}

/// What the user must do when the CA says only a person can unblock the lineage: accept new
/// terms (`userActionRequired`, RFC 8555 §7.3.3, with the page in `instance`) or unpause an
/// account/hostname pair that failed too often (Let's Encrypt puts an unpause link in the detail).
pub fn action_needed(p: &ProblemRecord, name: &str) -> Option<String> {
    if let Some(url) = unpause_link(&p.detail).map(acme::escape::escape) {
        return Some(format!(
            "the CA has paused issuance for this account and name: open {url} to unpause, then run `acme renew --force --cert-name {name}`"
        ));
    }
    if p.short_kind() == "userActionRequired" {
        return Some(match p.instance.as_deref().map(acme::escape::escape) {
            Some(url) => format!(
                "the CA needs you to act: open {url} (often new terms of service), then run `acme renew --force --cert-name {name}`"
            ),
            None => {
                "the CA needs you to act (userActionRequired) but gave no link; see its website"
                    .into()
            }
        });
    }
    None
}

fn unpause_link(detail: &str) -> Option<&str> {
    detail
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .map(|w| w.trim_end_matches(['.', ',', ')']))
        .find(|w| w.starts_with("https://") && w.contains("unpause"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;
    const DAY: i64 = 86400;

    fn failing(n: u32, last: i64) -> Health {
        Health {
            consecutive_failures: n,
            last_failure: Some(last),
            first_failure: Some(0),
            ..Health::default()
        }
    }

    #[test]
    fn waits_double_up_to_a_cap_that_tightens_near_expiry() {
        let s = Settings::with_base(H);
        let far = 60 * DAY;
        // (failures, time left, expected wait)
        let cases = [
            (1, far, H),
            (2, far, 2 * H),
            (3, far, 4 * H),
            (5, far, 16 * H),
            (6, far, 24 * H),
            (1000, far, 24 * H),
            // 4 days left: an eighth is 12 h.
            (10, 4 * DAY, 12 * H),
            // 4 hours left: never below the base.
            (10, 4 * H, H),
            // Expired: no deadline to meet, the full cap again.
            (10, -DAY, 24 * H),
            (1, -DAY, H),
        ];
        for (n, left, want) in cases {
            assert_eq!(delay(n, left, s), want, "n={n} left={left}");
        }
    }

    #[test]
    fn never_becomes_a_zombie_client() {
        // Fail every possible moment from a third of a 90-day life left until a year after
        // expiry, as an hourly timer would: far below Let's Encrypt's 1,152.
        let s = Settings::with_base(H);
        let not_after = 30 * DAY;
        let mut h = Health::default();
        let mut attempts = 0;
        let mut now = 0;
        while now < not_after + 365 * DAY {
            if gate(now, "a", &h, not_after, s) == Gate::Go {
                h.failed(now, "x".into(), None);
                attempts += 1;
            }
            now += H;
        }
        assert!(attempts < 500, "{attempts}");
        assert!(attempts > 365, "still tries daily after expiry: {attempts}");
    }

    #[test]
    fn gate_opens_when_the_wait_is_over_and_for_healthy_lineages() {
        let s = Settings::with_base(10);
        assert_eq!(gate(0, "a", &Health::default(), DAY, s), Gate::Go);
        let h = failing(2, 100);
        match gate(110, "a", &h, 100 * DAY, s) {
            Gate::Wait { until, why } => {
                assert_eq!(until, 120);
                assert!(why.contains("2 consecutive failures"), "{why}");
            }
            g => panic!("{g:?}"),
        }
        assert_eq!(gate(120, "a", &h, 100 * DAY, s), Gate::Go);
    }

    /// A week-long `Retry-After` five days before expiry must not outlast the certificate: it
    /// is held to the expiry-tightened cap (an eighth of the time left).
    #[test]
    fn a_long_retry_after_is_held_to_the_cap_that_expiry_allows() {
        let mut h = failing(1, 0);
        h.retry_after = Some(7 * DAY);
        let not_after = 5 * DAY;
        let Gate::Wait { until, .. } = gate(60, "x", &h, not_after, Settings::with_base(H)) else {
            panic!("a failure one minute ago must wait");
        };
        assert_eq!(until, not_after / 8);
        // Far from expiry the guard's one-day ceiling still applies.
        let Gate::Wait { until, .. } = gate(60, "x", &h, 90 * DAY, Settings::with_base(H)) else {
            panic!("must wait");
        };
        assert_eq!(until, DAY);
    }

    #[test]
    fn retry_after_and_needed_actions_lengthen_the_wait() {
        let s = Settings::with_base(10);
        let mut h = failing(1, 100);
        h.retry_after = Some(5000);
        assert!(matches!(
            gate(200, "a", &h, 100 * DAY, s),
            Gate::Wait { until: 5000, .. }
        ));
        let mut h = failing(1, 100);
        h.problem = Some(ProblemRecord {
            kind: "urn:ietf:params:acme:error:rateLimited".into(),
            detail: "Your account is temporarily prevented from requesting certificates for \
                     example.com. Please visit: https://portal.example/sfe/v1/unpause?jwt=abc."
                .into(),
            ..ProblemRecord::default()
        });
        match gate(200, "a", &h, 100 * DAY, s) {
            Gate::Wait { until, why } => {
                assert_eq!(until, 100 + 240);
                assert!(
                    why.contains("open https://portal.example/sfe/v1/unpause?jwt=abc to unpause"),
                    "{why}"
                );
            }
            g => panic!("{g:?}"),
        }
    }

    #[test]
    fn user_action_required_names_the_page() {
        let p = ProblemRecord {
            kind: "urn:ietf:params:acme:error:userActionRequired".into(),
            instance: Some("https://ca.example/tos/2".into()),
            ..ProblemRecord::default()
        };
        let a = action_needed(&p, "a").unwrap();
        assert!(a.contains("open https://ca.example/tos/2"), "{a}");
        let other = ProblemRecord {
            kind: "urn:ietf:params:acme:error:connection".into(),
            detail: "https://example.com refused".into(),
            ..ProblemRecord::default()
        };
        assert_eq!(action_needed(&other, "a"), None);
    }
}
