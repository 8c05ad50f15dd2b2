//! When is a lineage due for renewal: a pure decision over the certificate's validity, the CA's
//! ARI window (RFC 9773) if one is remembered, and the user's policy. Takes `now` as an argument.

use crate::time;

/// Below this lifetime a certificate is renewed at half its life rather than a third.
const SHORT_LIFETIME: i64 = 10 * 86400;

/// The two dates of a certificate the decision needs.
#[derive(Clone, Copy, Debug)]
pub struct Validity {
    /// notBefore, Unix seconds.
    pub not_before: i64,
    /// notAfter, Unix seconds.
    pub not_after: i64,
}

/// A remembered ARI suggestion: the window and the moment chosen inside it, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AriWindow {
    /// Start of the CA's `suggestedWindow`
    /// ([RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2)), Unix seconds.
    pub start: i64,
    /// End of it, Unix seconds.
    pub end: i64,
    /// Uniformly random in `[start, end)`, chosen once and remembered so repeated runs agree.
    pub chosen: i64,
}

/// What the user asked for beyond the default timing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Policy {
    /// `--days N` or `renew_before_days`: due when it expires within N days.
    pub days: Option<u32>,
    /// `--force`: due now, whatever the dates.
    pub force: bool,
}

/// Whether a certificate is due, with the reason in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Renew now.
    Due {
        /// Why, for the user.
        why: String,
    },
    /// Not yet.
    NotDue {
        /// When it will be due, Unix seconds.
        at: i64,
        /// Why not before then, for the user.
        why: String,
    },
}

impl Decision {
    /// Whether to renew now.
    pub fn is_due(&self) -> bool {
        matches!(self, Decision::Due { .. })
    }

    /// The reason, either way.
    pub fn why(&self) -> &str {
        match self {
            Decision::Due { why } | Decision::NotDue { why, .. } => why,
        }
    }
}

/// The latest moment an ARI suggestion is obeyed: with a twentieth of the lifetime left (at least
/// an hour before notAfter) — time for a few failed attempts still.
/// [RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2) leaves it to the client to
/// act before expiry; a window that ends after notAfter (a broken or hostile CA) must not let the
/// certificate lapse.
pub fn latest_ari_moment(cert: Validity) -> i64 {
    let lifetime = cert.not_after.saturating_sub(cert.not_before).max(0);
    cert.not_after.saturating_sub((lifetime / 20).max(3600))
}

/// Decides whether a certificate is due. Order: `--force`; already expired; the CA's ARI moment
/// when it has passed (the CA may ask for early replacement, e.g. before a mass revocation); the
/// user's `days`; the ARI moment in the future; else Let's Encrypt's advice — renew with a third
/// of the lifetime left, half for certificates shorter than 10 days.
pub fn decide(now: i64, cert: Validity, ari: Option<AriWindow>, policy: Policy) -> Decision {
    if policy.force {
        return Decision::Due {
            why: "--force".into(),
        };
    }
    if now >= cert.not_after {
        return Decision::Due {
            why: format!("expired {}", time::format_rfc3339(cert.not_after)),
        };
    }
    // The CA's moment, but never past the latest one that still renews before expiry.
    let ari = ari.map(|w| AriWindow {
        chosen: w.chosen.min(latest_ari_moment(cert)),
        ..w
    });
    if let Some(w) = ari
        && now >= w.chosen
    {
        return Decision::Due {
            why: format!(
                "inside the CA's renewal window {} to {}",
                time::format_rfc3339(w.start),
                time::format_rfc3339(w.end)
            ),
        };
    }
    if let Some(days) = policy.days {
        let at = cert.not_after - i64::from(days) * 86400;
        let why = format!("renewing {days} days before expiry");
        return if now >= at {
            Decision::Due {
                why: format!(
                    "expires {} (within {days} days)",
                    time::format_rfc3339(cert.not_after)
                ),
            }
        } else {
            Decision::NotDue { at, why }
        };
    }
    if let Some(w) = ari {
        return Decision::NotDue {
            at: w.chosen,
            why: format!(
                "the CA's renewal window is {} to {}",
                time::format_rfc3339(w.start),
                time::format_rfc3339(w.end)
            ),
        };
    }
    let lifetime = cert.not_after.saturating_sub(cert.not_before).max(0);
    let (left, frac) = if lifetime < SHORT_LIFETIME {
        (lifetime / 2, "half")
    } else {
        (lifetime / 3, "a third")
    };
    let at = cert.not_after - left;
    if now >= at {
        Decision::Due {
            why: format!("less than {frac} of its lifetime left"),
        }
    } else {
        Decision::NotDue {
            at,
            why: format!("renewing with {frac} of its lifetime left"),
        }
    }
}

/// How often the shipped timer and cron entry run `acme renew` (contrib/).
pub const SCHEDULE_INTERVAL: i64 = 3600;
/// Runs a lineage should get between its due point and its expiry, so that a CA outage or a
/// failed run or two still leave time.
const RUNS_BEFORE_EXPIRY: i64 = 6;

/// Why the renewal schedule does not fit a certificate's lifetime, if it does not. A
/// `renew_before_days` in whole days (certbot's habit: 30) fits 90-day certificates but makes a
/// 6-day one due at every run, or early in its life; and a schedule of `interval` seconds must
/// leave a few runs between the due point and expiry.
pub fn schedule_warning(cert: Validity, days: Option<u32>, interval: i64) -> Option<String> {
    let lifetime = (cert.not_after - cert.not_before).max(1);
    let life = describe_span(lifetime);
    if let Some(days) = days {
        let before = i64::from(days) * 86400;
        if before >= lifetime {
            return Some(format!(
                "renew_before_days = {days} is not shorter than this certificate's {life} lifetime: \
                 every run renews it; remove renew_before_days (acme renews certificates under 10 days \
                 at half their life)"
            ));
        }
        if lifetime < SHORT_LIFETIME && before > lifetime / 2 {
            return Some(format!(
                "renew_before_days = {days} renews this {life} certificate before half its life; \
                 remove renew_before_days to renew at half its life"
            ));
        }
    }
    let due = match decide(cert.not_before, cert, None, Policy { days, force: false }) {
        Decision::NotDue { at, .. } => at,
        Decision::Due { .. } => cert.not_before,
    };
    let margin = cert.not_after - due;
    (margin < RUNS_BEFORE_EXPIRY * interval).then(|| {
        format!(
            "renewal runs every {} leave this {life} certificate only {} between its renewal and \
             its expiry: run `acme renew` more often",
            describe_span(interval),
            describe_span(margin.max(0))
        )
    })
}

/// "6 days", "160 hours", "45 minutes": the largest unit that divides evenly, else hours.
fn describe_span(secs: i64) -> String {
    if secs >= 86400 && secs % 86400 == 0 {
        format!("{} days", secs / 86400)
    } else if secs >= 3600 {
        format!("{} hours", (secs + 1800) / 3600)
    } else {
        format!("{} minutes", (secs + 30) / 60)
    }
}

/// A moment uniformly spread over `[start, end)` from a random number
/// ([RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2): "select a uniform random
/// time within the suggested window"). An empty or inverted window gives `start`.
pub fn choose_in_window(start: i64, end: i64, random: u64) -> i64 {
    if end <= start {
        return start;
    }
    // i128: a hostile window from year -9999 to 9999 must not overflow.
    let span = (i128::from(end) - i128::from(start)) as u128;
    (i128::from(start) + (u128::from(random) % span) as i128) as i64
}

/// What was last learnt from the CA's ARI for a certificate, for a caller to remember (the CLI
/// keeps it in the lineage's renewal conf, which is read on every run anyway). The state is tied
/// to a CertID: a new certificate makes it stale by itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AriState {
    /// The ARI CertID of the certificate this state is about
    /// ([RFC 9773 §4.1](https://www.rfc-editor.org/rfc/rfc9773#section-4.1)).
    pub cert_id: String,
    /// `None` when the CA offered no window (no ARI).
    pub window: Option<AriWindow>,
    /// Do not ask the CA again before this.
    pub next_check: i64,
}

impl AriState {
    /// A new window replaces the old; the chosen moment is kept while the window is unchanged
    /// ([RFC 9773 §4.2](https://www.rfc-editor.org/rfc/rfc9773#section-4.2)), so repeated checks do
    /// not re-roll the dice.
    pub fn updated(
        old: Option<&AriState>,
        cert_id: &str,
        window: Option<(i64, i64)>,
        next_check: i64,
        random: u64,
    ) -> AriState {
        let window = window.map(|(start, end)| match old.and_then(|o| o.window) {
            Some(w) if w.start == start && w.end == end => w,
            _ => AriWindow {
                start,
                end,
                chosen: choose_in_window(start, end, random),
            },
        });
        AriState {
            cert_id: cert_id.to_string(),
            window,
            next_check,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86400;

    fn v(lifetime_days: i64) -> Validity {
        Validity {
            not_before: 0,
            not_after: lifetime_days * DAY,
        }
    }

    #[test]
    fn decision_table() {
        let none = Policy::default();
        let force = Policy {
            force: true,
            ..Policy::default()
        };
        let days = |n| Policy {
            days: Some(n),
            force: false,
        };
        let ari = |start, end, chosen| {
            Some(AriWindow {
                start: start * DAY,
                end: end * DAY,
                chosen: chosen * DAY,
            })
        };
        // (now in days, lifetime in days, ari, policy, due?, not-due-at in days)
        type Case = (i64, i64, Option<AriWindow>, Policy, bool, Option<i64>);
        let cases: Vec<Case> = vec![
            // 90-day: due with 30 days left.
            (59, 90, None, none, false, Some(60)),
            (60, 90, None, none, true, None),
            // 45-day: a third = 15 days.
            (29, 45, None, none, false, Some(30)),
            (30, 45, None, none, true, None),
            // 6-day: half = 3 days, not "30 days" (which would loop).
            (2, 6, None, none, false, Some(3)),
            (3, 6, None, none, true, None),
            // 5-year Pebble cert, freshly issued.
            (0, 1800, None, none, false, Some(1200)),
            // Expired is always due, whatever the policy says.
            (100, 90, ari(200, 210, 205), days(1), true, None),
            // --force always.
            (0, 90, ari(80, 85, 82), none, false, Some(82)),
            (0, 90, ari(80, 85, 82), force, true, None),
            // --days overrides the default fraction, both ways.
            (10, 90, None, days(85), true, None),
            (10, 90, None, days(5), false, Some(85)),
            // --days larger than the lifetime: due at once.
            (0, 1825, None, days(2000), true, None),
            // ARI: the chosen moment decides.
            (81, 90, ari(80, 85, 82), none, false, Some(82)),
            (82, 90, ari(80, 85, 82), none, true, None),
            // ARI early replacement beats --days and the fraction.
            (10, 90, ari(5, 6, 5), days(5), true, None),
            // ARI in the future with --days: --days decides.
            (10, 90, ari(80, 85, 82), days(85), true, None),
            // A window after notAfter is clamped to a twentieth of the lifetime left.
            (94, 100, ari(105, 110, 107), none, false, Some(95)),
            (95, 100, ari(105, 110, 107), none, true, None),
        ];
        for (i, (now, life, ari, policy, due, at)) in cases.into_iter().enumerate() {
            let d = decide(now * DAY, v(life), ari, policy);
            assert_eq!(d.is_due(), due, "case {i}: {d:?}");
            if let (Some(at), Decision::NotDue { at: got, .. }) = (at, &d) {
                assert_eq!(*got, at * DAY, "case {i}: {d:?}");
            }
        }
    }

    /// RFC 9773 leaves it to the client: a window after notAfter never lets a certificate lapse.
    #[test]
    fn an_ari_moment_after_expiry_is_clamped_before_it() {
        let six_days = v(6);
        let late = Some(AriWindow {
            start: 7 * DAY,
            end: 8 * DAY,
            chosen: 7 * DAY,
        });
        let at = 6 * DAY - 6 * DAY / 20;
        assert_eq!(latest_ari_moment(six_days), at);
        assert!(matches!(
            decide(at - 1, six_days, late, Policy::default()),
            Decision::NotDue { at: a, .. } if a == at
        ));
        assert!(decide(at, six_days, late, Policy::default()).is_due());
        // Hostile dates do not overflow.
        let odd = Validity {
            not_before: i64::MAX,
            not_after: i64::MIN,
        };
        let _ = decide(0, odd, late, Policy::default());
    }

    #[test]
    fn reasons_are_said() {
        let d = decide(0, v(90), None, Policy::default());
        assert_eq!(d.why(), "renewing with a third of its lifetime left");
        let d = decide(
            0,
            v(90),
            None,
            Policy {
                force: true,
                ..Policy::default()
            },
        );
        assert_eq!(d.why(), "--force");
    }

    #[test]
    fn chosen_moment_stays_in_the_window() {
        assert_eq!(choose_in_window(100, 100, 7), 100);
        assert_eq!(choose_in_window(100, 50, 7), 100);
        let wide = choose_in_window(i64::MIN, i64::MAX, u64::MAX);
        assert!((i64::MIN..i64::MAX).contains(&wide));
        for r in [0, 1, 99, u64::MAX] {
            let t = choose_in_window(100, 200, r);
            assert!((100..200).contains(&t), "{t}");
        }
    }

    #[test]
    fn ari_state_keeps_its_chosen_moment() {
        let st = AriState::updated(None, "a.b", Some((1000, 2000)), 5000, 123);
        assert_eq!(st.window.unwrap().chosen, 1123);
        let again = AriState::updated(Some(&st), "a.b", Some((1000, 2000)), 9000, 999);
        assert_eq!(
            again.window.unwrap().chosen,
            1123,
            "same window, same moment"
        );
        let moved = AriState::updated(Some(&st), "a.b", Some((3000, 4000)), 9000, 5);
        assert_eq!(moved.window.unwrap().chosen, 3005);
        let none = AriState::updated(Some(&st), "a.b", None, 9000, 5);
        assert_eq!(none.window, None);
    }

    #[test]
    fn the_schedule_must_fit_the_lifetime() {
        let cert = |hours: i64| Validity {
            not_before: 0,
            not_after: hours * 3600 - 1,
        };
        let hourly = SCHEDULE_INTERVAL;
        let twice_a_day = 12 * 3600;
        // 90-day and 6-day certificates on the hourly schedule, at the default policy: fine.
        assert_eq!(schedule_warning(cert(90 * 24), None, hourly), None);
        assert_eq!(schedule_warning(cert(160), None, hourly), None);
        assert_eq!(schedule_warning(cert(160), None, twice_a_day), None);
        assert_eq!(schedule_warning(cert(90 * 24), Some(30), hourly), None);
        // certbot's 30 days on a 6-day certificate: due at every run.
        let w = schedule_warning(cert(160), Some(30), hourly).unwrap();
        assert!(
            w.contains("every run renews it") && w.contains("160 hours"),
            "{w}"
        );
        // 4 days before expiry of a 6-day certificate: before half its life.
        let w = schedule_warning(cert(144), Some(4), hourly).unwrap();
        assert!(w.contains("before half its life"), "{w}");
        assert_eq!(schedule_warning(cert(144), Some(2), hourly), None);
        // A day-long certificate renewed at half its life gets one twice-a-day run: too coarse.
        let w = schedule_warning(cert(24), None, twice_a_day).unwrap();
        assert!(
            w.contains("every 12 hours") && w.contains("more often"),
            "{w}"
        );
        assert_eq!(schedule_warning(cert(24), None, hourly), None);
    }
}
