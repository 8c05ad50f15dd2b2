//! Orders finalized but not collected yet, as `acme list` and `acme check` show them: per
//! order the CA holding it, when it was finalized, until when acme remembers it
//! ([`pickup::KEEP_DAYS`]) and what the next run does with it — [`pickup::triage`], the very
//! decision that run takes. Reads disk only, never the CA; [`outlook`] and [`overdue`] are
//! pure over what was read and `now`.

use serde_json::{Value, json};

use crate::issuing::pickup::{self, Triage};
use crate::storage::pending::PendingOrder;
use acme::escape::escape;
use acme::time;

/// How long an order may stay uncollected before `acme check` warns: one day. Renewal runs
/// come hourly (the shipped timer), and a CA that finalizes asynchronously issues within
/// minutes, so a day of runs that could not collect it means something needs a look (the CA
/// down, the account gone from this config dir); 13 of its 14 remembered days are left to act.
pub const WARN_AFTER: i64 = 86400;

/// What the next run of the lineage does with an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Asks the CA for the certificate and installs it, before any new order.
    Collect,
    /// Keeps it, uncollected, for a later run.
    Keep,
    /// Forgets it and its key.
    Forget,
}

impl Next {
    /// Stable for scripts (`next_run` in `acme list --json`).
    pub fn label(self) -> &'static str {
        match self {
            Next::Collect => "collect",
            Next::Keep => "keep",
            Next::Forget => "forget",
        }
    }
}

/// Where the lineage the orders are for stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// It has a certificate and is renewed: its next `issue` or `renew` collects.
    Renewed,
    /// Revoked: `renew` passes it by.
    Revoked,
    /// No certificate yet (its first `issue` timed out after finalize): there is no renewal
    /// conf, so only `issue` of its names collects.
    NoCertificateYet,
}

/// One remembered order and its outlook. Holds no key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uncollected {
    pub server: String,
    pub account: String,
    pub order_url: String,
    pub identifiers: Vec<String>,
    pub finalized_at: i64,
    /// When acme forgets it if still uncollected.
    pub until: i64,
    pub next: Next,
    /// Why the next run keeps or forgets it, or which run collects it when not any.
    pub why: Option<String>,
}

/// The outlook of each of `orders` (a lineage's, oldest first) for a lineage now ordering
/// `names` (for a lineage with no certificate yet: `None`, each order's own names).
/// `account_here(server)` is the URL of this config dir's account at that CA, or why it
/// cannot be told.
pub fn outlook(
    orders: &[PendingOrder],
    names: Option<&[String]>,
    standing: Standing,
    account_here: &mut dyn FnMut(&str) -> Result<Option<String>, String>,
    now: i64,
) -> Vec<Uncollected> {
    orders
        .iter()
        .map(|p| {
            let names = names.unwrap_or(&p.identifiers);
            let (next, why) = if standing == Standing::Revoked {
                (
                    Next::Keep,
                    Some("the certificate is revoked, so `acme renew` passes it by; `acme issue` of its names collects it".to_string()),
                )
            } else {
                match account_here(&p.server) {
                    Err(e) => (
                        Next::Keep,
                        Some(format!("the account here for {} cannot be read: {e}", p.server)),
                    ),
                    Ok(here) => match pickup::triage(p, names, here.as_deref(), now) {
                        Triage::PickUp if standing == Standing::NoCertificateYet => (
                            Next::Collect,
                            Some(format!(
                                "by `acme issue -d {}` only: there is no certificate yet, so \
                                 `acme renew` does not run for it",
                                p.identifiers.join(" -d ")
                            )),
                        ),
                        Triage::PickUp => (Next::Collect, None),
                        Triage::Keep(why) => (Next::Keep, Some(why)),
                        Triage::Forget(why) => (Next::Forget, Some(why)),
                    },
                }
            };
            Uncollected {
                server: p.server.clone(),
                account: p.account.clone(),
                order_url: p.order_url.clone(),
                identifiers: p.identifiers.clone(),
                finalized_at: p.finalized_at,
                until: remembered_until(p),
                next,
                why,
            }
        })
        .collect()
}

/// When acme forgets `p` if nobody collected it (see [`pickup::KEEP_DAYS`]).
pub fn remembered_until(p: &PendingOrder) -> i64 {
    p.finalized_at.saturating_add(pickup::KEEP_DAYS * 86400)
}

/// The orders uncollected for longer than [`WARN_AFTER`] at `now`.
pub fn overdue(orders: &[PendingOrder], now: i64) -> impl Iterator<Item = &PendingOrder> {
    orders
        .iter()
        .filter(move |p| now.saturating_sub(p.finalized_at) > WARN_AFTER)
}

impl Uncollected {
    /// The lines `acme list` prints for it, aligned under the lineage's other fields.
    pub fn describe(&self) -> String {
        let next = match self.next {
            Next::Collect => {
                let base = "asks that CA for its certificate and installs it, before any new order";
                match &self.why {
                    Some(why) => format!("{base} ({})", escape(why)),
                    None => base.to_string(),
                }
            }
            Next::Keep => format!(
                "keeps it uncollected: {}",
                escape(self.why.as_deref().unwrap_or(""))
            ),
            Next::Forget => format!(
                "forgets it and its key: {}",
                escape(self.why.as_deref().unwrap_or(""))
            ),
        };
        format!(
            "  waiting:    uncollected order {} at {}\n              finalized {}, remembered until {}\n              next run: {next}",
            escape(&self.order_url),
            escape(&self.server),
            time::format_local(self.finalized_at),
            time::format_local(self.until),
        )
    }

    /// Its object in `acme list --json` (`uncollected_orders`).
    pub fn to_json(&self) -> Value {
        json!({
            "server": self.server,
            "account": self.account,
            "order_url": self.order_url,
            "identifiers": self.identifiers,
            "finalized_at": time::format_rfc3339(self.finalized_at),
            "remembered_until": time::format_rfc3339(self.until),
            "next_run": self.next.label(),
            "why": self.why,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86400;

    fn order(at: i64) -> PendingOrder {
        PendingOrder {
            server: "https://a/dir".into(),
            account: "https://a/acct/1".into(),
            order_url: format!("https://a/order/{at}"),
            identifiers: vec!["a.example".into()],
            key_pem: Some("-----BEGIN PRIVATE KEY-----\nsecret\n".into()),
            finalized_at: at,
        }
    }

    /// The outlook is the run's own triage: collected with the account that placed it, kept
    /// without one (or when the lineage is revoked), forgotten past the bound.
    #[test]
    fn the_outlook_says_what_the_next_run_does() {
        let now = 100 * DAY;
        let names = vec!["a.example".to_string()];
        let orders = [order(now - 60), order(now - pickup::KEEP_DAYS * DAY - 1)];
        let mut mine = |_: &str| Ok(Some("https://a/acct/1".to_string()));
        let got = outlook(&orders, Some(&names), Standing::Renewed, &mut mine, now);
        assert_eq!(
            got.iter().map(|u| u.next).collect::<Vec<_>>(),
            [Next::Collect, Next::Forget]
        );
        assert_eq!(got[0].until, now - 60 + 14 * DAY);
        assert!(got[0].why.is_none());
        let mut none = |_: &str| Ok(None);
        let got = outlook(
            &orders[..1],
            Some(&names),
            Standing::Renewed,
            &mut none,
            now,
        );
        assert_eq!(got[0].next, Next::Keep);
        assert!(got[0].why.as_deref().unwrap().contains("acme register"));
        let mut broken = |_: &str| Err("unreadable".to_string());
        let got = outlook(
            &orders[..1],
            Some(&names),
            Standing::Renewed,
            &mut broken,
            now,
        );
        assert_eq!(got[0].next, Next::Keep);
        assert!(got[0].why.as_deref().unwrap().contains("unreadable"));
        let got = outlook(
            &orders[..1],
            Some(&names),
            Standing::Revoked,
            &mut mine,
            now,
        );
        assert_eq!(got[0].next, Next::Keep);
        // No certificate yet: collected by `issue` of the order's own names, not by `renew`.
        let got = outlook(
            &orders[..1],
            None,
            Standing::NoCertificateYet,
            &mut mine,
            now,
        );
        assert_eq!(got[0].next, Next::Collect);
        let why = got[0].why.as_deref().unwrap();
        assert!(
            why.contains("acme issue -d a.example") && why.contains("renew"),
            "{why}"
        );
    }

    #[test]
    fn an_order_is_overdue_after_a_day_and_its_key_is_never_shown() {
        let now = 100 * DAY;
        let orders = [order(now - DAY), order(now - DAY - 1), order(now + DAY)];
        let late: Vec<_> = overdue(&orders, now).map(|p| p.finalized_at).collect();
        assert_eq!(late, [now - DAY - 1]);
        let mut mine = |_: &str| Ok(Some("https://a/acct/1".to_string()));
        let names = ["a.example".to_string()];
        let u = &outlook(&orders, Some(&names), Standing::Renewed, &mut mine, now)[0];
        let shown = format!("{}{}", u.describe(), u.to_json());
        assert!(
            !shown.contains("secret") && !shown.contains("PRIVATE"),
            "{shown}"
        );
        assert_eq!(u.to_json()["next_run"], "collect");
        assert_eq!(
            u.to_json()["remembered_until"],
            time::format_rfc3339(now + 13 * DAY)
        );
    }
}
