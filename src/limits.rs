//! The CA's rate limits as data, and the arithmetic that says whether this machine's next order
//! would exceed one. Pure: the ledger's events and `now` come in as arguments.
//!
//! Let's Encrypt enforces its limits as token buckets (GCRA): a bucket of `capacity` tokens that
//! refills one token every `window / capacity`. We model exactly that rather than a sliding
//! window, because a sliding window is stricter than the CA: after five certificates for one
//! set, Let's Encrypt allows the sixth 33.6 h after the first, not 7 days later, and a guard
//! that refuses what the CA would accept is a guard users learn to switch off.
//! See <https://letsencrypt.org/docs/rate-limits/>.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// What a ledger event records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A newOrder the CA accepted.
    Order,
    /// A certificate issued and installed.
    Certificate,
    /// One authorization that ended `invalid` (one line per identifier).
    AuthzFailed,
    /// The CA answered `rateLimited` or 503; `retry_until` says until when it asked us to wait.
    RateLimited,
}

/// One thing this machine spent at a CA, or a wait the CA asked for: a line of the ledger
/// that the limits are counted over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unix seconds.
    pub t: i64,
    /// What happened.
    pub event: Kind,
    /// The ACME directory URL.
    pub server: String,
    /// The account URL (empty when not known yet, e.g. a 503 on newAccount).
    #[serde(default)]
    pub account: String,
    /// Identifier values (`example.com`, `*.example.com`, `192.0.2.1`).
    #[serde(default)]
    pub identifiers: Vec<String>,
    /// For [`Kind::RateLimited`]: the Unix second the CA asked this machine to wait until.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_until: Option<i64>,
}

/// What a limit counts, and per what.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// newOrders per account.
    OrdersPerAccount,
    /// Certificates per registered domain (Public Suffix List), any account.
    CertificatesPerDomain,
    /// Certificates per exact set of identifiers, any account.
    CertificatesPerExactSet,
    /// Failed authorizations per identifier per account.
    FailedAuthorizations,
    /// New accounts per IP address: the CA counts the IP, which this machine may share; shown,
    /// not counted.
    RegistrationsPerIp,
}

/// One rate limit, as a token bucket of `capacity` tokens refilled over `window`.
/// [RFC 8555 §6.6](https://www.rfc-editor.org/rfc/rfc8555#section-6.6) leaves the limits to each
/// CA; these are its published numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Stable machine-readable name (JSON, error messages).
    pub name: &'static str,
    /// What is counted, and per what.
    pub scope: Scope,
    /// Tokens in a full bucket: how many may be spent at once.
    pub capacity: u32,
    /// Seconds for a full bucket to refill.
    pub window: i64,
}

/// One CA's rate limits.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    /// Stable machine-readable name (`letsencrypt`, `letsencrypt-staging`).
    pub name: &'static str,
    /// The limits; a scope absent here is not checked.
    pub limits: &'static [Limit],
}

const HOUR: i64 = 3600;
const WEEK: i64 = 7 * 24 * HOUR;

const fn limit(name: &'static str, scope: Scope, capacity: u32, window: i64) -> Limit {
    Limit {
        name,
        scope,
        capacity,
        window,
    }
}

/// Let's Encrypt production, as published (mid-2026).
pub static LETSENCRYPT: Table = Table {
    name: "letsencrypt",
    limits: &[
        limit(
            "new-orders-per-account",
            Scope::OrdersPerAccount,
            300,
            3 * HOUR,
        ),
        limit(
            "certificates-per-registered-domain",
            Scope::CertificatesPerDomain,
            50,
            WEEK,
        ),
        limit(
            "certificates-per-exact-set",
            Scope::CertificatesPerExactSet,
            5,
            WEEK,
        ),
        limit(
            "failed-authorizations-per-identifier",
            Scope::FailedAuthorizations,
            5,
            HOUR,
        ),
        limit(
            "new-registrations-per-ip",
            Scope::RegistrationsPerIp,
            10,
            3 * HOUR,
        ),
    ],
};

/// Let's Encrypt staging: the same limits, far higher.
pub static LETSENCRYPT_STAGING: Table = Table {
    name: "letsencrypt-staging",
    limits: &[
        limit(
            "new-orders-per-account",
            Scope::OrdersPerAccount,
            1500,
            3 * HOUR,
        ),
        limit(
            "certificates-per-registered-domain",
            Scope::CertificatesPerDomain,
            30000,
            WEEK,
        ),
        limit(
            "certificates-per-exact-set",
            Scope::CertificatesPerExactSet,
            30000,
            WEEK,
        ),
        limit(
            "failed-authorizations-per-identifier",
            Scope::FailedAuthorizations,
            200,
            HOUR,
        ),
        limit(
            "new-registrations-per-ip",
            Scope::RegistrationsPerIp,
            50,
            3 * HOUR,
        ),
    ],
};

/// The longest window of any table: events older than this (and no Retry-After still running)
/// can be pruned from the ledger.
pub const LONGEST_WINDOW: i64 = WEEK;

/// The order about to be placed.
pub struct Prospective<'a> {
    /// The ACME directory URL, as in [`Event::server`].
    pub server: &'a str,
    /// The account URL, as in [`Event::account`].
    pub account: &'a str,
    /// Identifier values as sent (`example.com`, `*.example.com`, `192.0.2.1`).
    pub identifiers: &'a [String],
    /// An ARI renewal (`replaces` in the newOrder): exempt from every limit.
    pub replaces: bool,
    /// The caller knows a certificate for exactly this set was issued before (the lineage's
    /// last one); the ledger is consulted as well.
    pub renewal: bool,
}

/// Why an order would be refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A limit has no room for this order.
    Limit(Exceeded),
    /// The CA said `rateLimited`/503 with a Retry-After that has not passed.
    RetryAfter {
        /// The Unix second the CA named (capped at [`RETRY_AFTER_CAP`] after it was received).
        until: i64,
    },
}

/// A limit an order would exceed, and when it has room again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    /// The full limit.
    pub limit: Limit,
    /// What the limit is counted per: the account URL, registered domain, set or identifier.
    pub key: String,
    /// Tokens in use now.
    pub used: u32,
    /// When one more is allowed.
    pub frees_at: i64,
}

/// This machine's use of one limit for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    /// The limit counted.
    pub limit: Limit,
    /// What it is counted per, as in [`Exceeded::key`].
    pub key: String,
    /// The account, for limits counted per account.
    pub account: Option<String>,
    /// Tokens in use at `now`.
    pub used: u32,
    /// When one more is allowed again (None: not full).
    pub frees_at: Option<i64>,
    /// When the bucket is full again (nothing counted any more).
    pub clear_at: i64,
}

/// A GCRA bucket over event times: the "theoretical arrival time", in milliseconds, after which
/// the bucket is full again.
struct Bucket {
    tat_ms: i64,
    interval_ms: i64,
    window_ms: i64,
    capacity: u32,
}

impl Bucket {
    fn new(limit: &Limit, mut times: Vec<i64>) -> Bucket {
        times.sort_unstable();
        let interval_ms = limit.window * 1000 / i64::from(limit.capacity.max(1));
        let mut tat_ms = i64::MIN;
        for t in times {
            tat_ms = tat_ms.max(t * 1000) + interval_ms;
        }
        Bucket {
            tat_ms,
            interval_ms,
            window_ms: limit.window * 1000,
            capacity: limit.capacity,
        }
    }

    /// Tokens in use at `now`.
    fn used(&self, now: i64) -> u32 {
        let ahead = self.tat_ms.saturating_sub(now * 1000);
        if ahead <= 0 {
            return 0;
        }
        let n = (ahead + self.interval_ms - 1) / self.interval_ms;
        n.min(i64::from(self.capacity)) as u32
    }

    /// Whether one more fits at `now`.
    fn allows(&self, now: i64) -> bool {
        self.tat_ms.max(now * 1000) - now * 1000 + self.interval_ms <= self.window_ms
    }

    /// The first second at which one more fits.
    fn frees_at(&self) -> i64 {
        ceil_secs(self.tat_ms - self.window_ms + self.interval_ms)
    }

    fn clear_at(&self) -> i64 {
        ceil_secs(self.tat_ms)
    }
}

fn ceil_secs(ms: i64) -> i64 {
    ms.div_euclid(1000) + i64::from(ms.rem_euclid(1000) != 0)
}

/// The registered domain (eTLD+1) that Let's Encrypt counts a name under: `a.b.example.co.uk` →
/// `example.co.uk`. A wildcard counts as its base; an IPv4 address as itself; an IPv6 address as
/// its /64; a name that is itself a public suffix as itself.
pub fn registered_domain(identifier: &str) -> String {
    let name = identifier.strip_prefix("*.").unwrap_or(identifier);
    match name.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => return v4.to_string(),
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            return format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]);
        }
        Err(_) => {}
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    psl::domain_str(&name).unwrap_or(&name).to_string()
}

/// The set's canonical form: lower case, sorted, no duplicates.
pub fn exact_set(identifiers: &[String]) -> Vec<String> {
    let set: BTreeSet<String> = identifiers.iter().map(|i| i.to_ascii_lowercase()).collect();
    set.into_iter().collect()
}

fn domains_of(identifiers: &[String]) -> BTreeSet<String> {
    identifiers.iter().map(|i| registered_domain(i)).collect()
}

/// What one limit counts an event or an order under: the key shown to users, and the account
/// when the limit is per account.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    account: Option<String>,
    key: String,
}

/// The keys `scope` counts a ledger event under (empty: it does not count the event). The one
/// place that says what each limit counts, for [`check`] and [`usage`] alike.
fn event_keys(scope: Scope, e: &Event) -> Vec<Key> {
    match (scope, e.event) {
        (Scope::OrdersPerAccount, Kind::Order) => vec![per_account(&e.account, &e.account)],
        (Scope::CertificatesPerDomain, Kind::Certificate) => {
            domains_of(&e.identifiers).into_iter().map(global).collect()
        }
        (Scope::CertificatesPerExactSet, Kind::Certificate) => {
            vec![global(exact_set(&e.identifiers).join(", "))]
        }
        (Scope::FailedAuthorizations, Kind::AuthzFailed) => exact_set(&e.identifiers)
            .iter()
            .map(|id| per_account(&e.account, id))
            .collect(),
        _ => Vec::new(),
    }
}

/// The keys whose buckets must have room for `order`.
fn order_keys(scope: Scope, order: &Prospective, set: &[String]) -> Vec<Key> {
    match scope {
        Scope::OrdersPerAccount => vec![per_account(order.account, order.account)],
        Scope::CertificatesPerDomain => domains_of(set).into_iter().map(global).collect(),
        Scope::CertificatesPerExactSet => vec![global(set.join(", "))],
        Scope::FailedAuthorizations => set
            .iter()
            .map(|id| per_account(order.account, id))
            .collect(),
        Scope::RegistrationsPerIp => Vec::new(),
    }
}

fn global(key: String) -> Key {
    Key { account: None, key }
}

fn per_account(account: &str, key: &str) -> Key {
    Key {
        account: Some(account.to_string()),
        key: key.to_string(),
    }
}

/// Whether placing `order` at `now` stays inside `table`, given this machine's `events`.
pub fn check(
    table: &Table,
    events: &[Event],
    now: i64,
    order: &Prospective,
) -> Result<(), Refusal> {
    if let Some(until) = retry_after(events, now, order.server) {
        return Err(Refusal::RetryAfter { until });
    }
    if order.replaces {
        return Ok(());
    }
    let events: Vec<&Event> = events.iter().filter(|e| e.server == order.server).collect();
    let set = exact_set(order.identifiers);
    let renewal = order.renewal
        || events
            .iter()
            .any(|e| e.event == Kind::Certificate && exact_set(&e.identifiers) == set);
    for limit in table.limits {
        let exempt = renewal
            && matches!(
                limit.scope,
                Scope::OrdersPerAccount | Scope::CertificatesPerDomain
            );
        if exempt {
            continue;
        }
        for key in order_keys(limit.scope, order, &set) {
            let times = events
                .iter()
                .filter(|e| event_keys(limit.scope, e).contains(&key))
                .map(|e| e.t)
                .collect();
            let bucket = Bucket::new(limit, times);
            if !bucket.allows(now) {
                return Err(Refusal::Limit(Exceeded {
                    limit: *limit,
                    key: key.key,
                    used: bucket.used(now),
                    frees_at: bucket.frees_at(),
                }));
            }
        }
    }
    Ok(())
}

/// The longest a CA's `Retry-After` keeps this machine from placing orders with it: 24 hours.
/// A CA may ask for longer (or, if hostile, for years); after a day acme asks again, and a CA
/// that still means it says so again at the cost of one refused request.
pub const RETRY_AFTER_CAP: i64 = 86400;

/// The latest Retry-After from `server` that has not passed yet, never more than
/// [`RETRY_AFTER_CAP`] after it was received (a ledger line written before the cap existed, or
/// edited by hand, is capped too).
pub fn retry_after(events: &[Event], now: i64, server: &str) -> Option<i64> {
    events
        .iter()
        .filter(|e| e.server == server && e.event == Kind::RateLimited)
        .filter_map(|e| Some(e.retry_until?.min(e.t.saturating_add(RETRY_AFTER_CAP))))
        .filter(|&u| u > now)
        .max()
}

/// This machine's use of every counted limit on `server`, one row per key in use.
pub fn usage(table: &Table, events: &[Event], now: i64, server: &str) -> Vec<Usage> {
    let mut rows = Vec::new();
    for limit in table.limits {
        let mut keyed: BTreeMap<Key, Vec<i64>> = BTreeMap::new();
        for e in events.iter().filter(|e| e.server == server) {
            for key in event_keys(limit.scope, e) {
                keyed.entry(key).or_default().push(e.t);
            }
        }
        for (key, times) in keyed {
            let bucket = Bucket::new(limit, times);
            let used = bucket.used(now);
            if used == 0 {
                continue;
            }
            rows.push(Usage {
                limit: *limit,
                key: key.key,
                account: key.account,
                used,
                frees_at: (!bucket.allows(now)).then(|| bucket.frees_at()),
                clear_at: bucket.clear_at(),
            });
        }
    }
    rows
}

/// `5 per 7 days`, `300 per 3 hours`.
pub fn describe(limit: &Limit) -> String {
    let w = limit.window;
    let span = if w % (24 * HOUR) == 0 {
        plural(w / (24 * HOUR), "day")
    } else if w % HOUR == 0 {
        plural(w / HOUR, "hour")
    } else {
        plural(w, "second")
    };
    format!("{} per {span}", limit.capacity)
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        unit.to_string()
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER: &str = "https://ca.test/dir";
    const ACCT: &str = "https://ca.test/acct/1";
    const T0: i64 = 1_800_000_000;

    fn ev(t: i64, event: Kind, ids: &[&str]) -> Event {
        Event {
            t,
            event,
            server: SERVER.into(),
            account: ACCT.into(),
            identifiers: ids.iter().map(|s| s.to_string()).collect(),
            retry_until: None,
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn order<'a>(identifiers: &'a [String]) -> Prospective<'a> {
        Prospective {
            server: SERVER,
            account: ACCT,
            identifiers,
            replaces: false,
            renewal: false,
        }
    }

    fn refused_by(r: Result<(), Refusal>) -> Option<&'static str> {
        match r {
            Ok(()) => None,
            Err(Refusal::Limit(e)) => Some(e.limit.name),
            Err(Refusal::RetryAfter { .. }) => Some("retry-after"),
        }
    }

    #[test]
    fn registered_domains_follow_the_public_suffix_list() {
        for (name, want) in [
            ("a.b.example.co.uk", "example.co.uk"),
            ("example.co.uk", "example.co.uk"),
            ("*.www.example.com", "example.com"),
            ("WWW.Example.COM", "example.com"),
            ("foo.bar.github.io", "bar.github.io"),
            ("x.y.s3.amazonaws.com", "y.s3.amazonaws.com"),
            ("co.uk", "co.uk"),
            ("192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2:3::4", "2001:db8:1:2::/64"),
        ] {
            assert_eq!(registered_domain(name), want, "{name}");
        }
    }

    /// Five per exact set per week, refilling one every 33.6 h.
    #[test]
    fn the_exact_set_bucket_fills_after_five_and_refills_one_token_at_a_time() {
        let set = ids(&["b.example.com", "a.example.com"]);
        let five: Vec<Event> = (0..5)
            .map(|i| {
                ev(
                    T0 + i,
                    Kind::Certificate,
                    &["a.example.com", "b.example.com"],
                )
            })
            .collect();
        assert_eq!(
            refused_by(check(&LETSENCRYPT, &five[..4], T0 + 10, &order(&set))),
            None
        );
        let Err(Refusal::Limit(e)) = check(&LETSENCRYPT, &five, T0 + 10, &order(&set)) else {
            panic!("the sixth must be refused");
        };
        assert_eq!(e.limit.name, "certificates-per-exact-set");
        assert_eq!(e.key, "a.example.com, b.example.com");
        assert_eq!(e.used, 5);
        let interval = WEEK / 5;
        assert_eq!(e.frees_at, T0 + interval);
        assert!(check(&LETSENCRYPT, &five, e.frees_at - 1, &order(&set)).is_err());
        assert!(check(&LETSENCRYPT, &five, e.frees_at, &order(&set)).is_ok());
        // A different set of the same names is a different bucket.
        let other = ids(&["a.example.com"]);
        assert!(check(&LETSENCRYPT, &five, T0 + 10, &order(&other)).is_ok());
        // After a full week nothing is counted.
        let rows = usage(&LETSENCRYPT, &five, T0 + WEEK + 5, SERVER);
        assert!(rows.is_empty(), "{rows:?}");
    }

    #[test]
    fn usage_counts_down_as_tokens_refill() {
        let events: Vec<Event> = (0..5)
            .map(|i| ev(T0 + i, Kind::Certificate, &["a.example.com"]))
            .collect();
        let used_at = |now| {
            usage(&LETSENCRYPT, &events, now, SERVER)
                .into_iter()
                .find(|u| u.limit.scope == Scope::CertificatesPerExactSet)
                .map_or(0, |u| u.used)
        };
        assert_eq!(used_at(T0 + 5), 5);
        assert_eq!(used_at(T0 + WEEK / 5 + 5), 4);
        assert_eq!(used_at(T0 + 3 * WEEK / 5 + 5), 2);
        assert_eq!(used_at(T0 + WEEK + 5), 0);
    }

    #[test]
    fn fifty_certificates_per_registered_domain_across_sets() {
        let events: Vec<Event> = (0..50)
            .map(|i| {
                let name = format!("h{i}.example.co.uk");
                ev(T0 + i, Kind::Certificate, &[name.as_str()])
            })
            .collect();
        let new = ids(&["new.example.co.uk", "other.test.org"]);
        assert_eq!(
            refused_by(check(&LETSENCRYPT, &events, T0 + 60, &order(&new))),
            Some("certificates-per-registered-domain")
        );
        // Another registered domain under the same public suffix is untouched.
        let elsewhere = ids(&["www.example2.co.uk"]);
        assert!(check(&LETSENCRYPT, &events, T0 + 60, &order(&elsewhere)).is_ok());
        // Renewing an existing set is exempt from the per-domain limit.
        let renewal = ids(&["h3.example.co.uk"]);
        assert!(check(&LETSENCRYPT, &events, T0 + 60, &order(&renewal)).is_ok());
    }

    #[test]
    fn orders_per_account_slide_and_renewals_and_ari_are_exempt() {
        let mut events: Vec<Event> = (0..300)
            .map(|_| ev(T0, Kind::Order, &["x.example.net"]))
            .collect();
        let fresh = ids(&["new.example.org"]);
        assert_eq!(
            refused_by(check(&LETSENCRYPT, &events, T0 + 10, &order(&fresh))),
            Some("new-orders-per-account")
        );
        // One token back every 36 s.
        assert!(check(&LETSENCRYPT, &events, T0 + 35, &order(&fresh)).is_err());
        assert!(check(&LETSENCRYPT, &events, T0 + 36, &order(&fresh)).is_ok());
        // Another account has its own bucket.
        let mut other = order(&fresh);
        other.account = "https://ca.test/acct/2";
        assert!(check(&LETSENCRYPT, &events, T0 + 10, &other).is_ok());
        // Same-set renewal (known to the caller or to the ledger) is exempt from it.
        let mut renewal = order(&fresh);
        renewal.renewal = true;
        assert!(check(&LETSENCRYPT, &events, T0 + 10, &renewal).is_ok());
        events.push(ev(T0 - 100, Kind::Certificate, &["new.example.org"]));
        assert!(check(&LETSENCRYPT, &events, T0 + 10, &order(&fresh)).is_ok());
        // Staging allows far more.
        let busy: Vec<Event> = (0..300)
            .map(|_| ev(T0, Kind::Order, &["x.example.net"]))
            .collect();
        assert!(
            check(
                &LETSENCRYPT_STAGING,
                &busy,
                T0 + 10,
                &order(&ids(&["z.example"]))
            )
            .is_ok()
        );
    }

    #[test]
    fn renewals_still_count_against_the_exact_set_but_ari_does_not() {
        let events: Vec<Event> = (0..5)
            .map(|i| ev(T0 + i, Kind::Certificate, &["a.example.com"]))
            .collect();
        let set = ids(&["a.example.com"]);
        let mut renewal = order(&set);
        renewal.renewal = true;
        assert_eq!(
            refused_by(check(&LETSENCRYPT, &events, T0 + 10, &renewal)),
            Some("certificates-per-exact-set")
        );
        renewal.replaces = true;
        assert!(check(&LETSENCRYPT, &events, T0 + 10, &renewal).is_ok());
    }

    #[test]
    fn failed_authorizations_per_identifier_per_account_per_hour() {
        let events: Vec<Event> = (0..5)
            .map(|i| ev(T0 + i, Kind::AuthzFailed, &["bad.example.com"]))
            .collect();
        let set = ids(&["ok.example.com", "bad.example.com"]);
        let Err(Refusal::Limit(e)) = check(&LETSENCRYPT, &events, T0 + 10, &order(&set)) else {
            panic!("expected a refusal");
        };
        assert_eq!(e.limit.name, "failed-authorizations-per-identifier");
        assert_eq!(e.key, "bad.example.com");
        assert_eq!(e.frees_at, T0 + 720);
        let mut other = order(&set);
        other.account = "https://ca.test/acct/2";
        assert!(check(&LETSENCRYPT, &events, T0 + 10, &other).is_ok());
        assert!(check(&LETSENCRYPT, &events, T0 + 720, &order(&set)).is_ok());
    }

    #[test]
    fn a_remembered_retry_after_refuses_even_ari_until_it_passes() {
        let mut limited = ev(T0, Kind::RateLimited, &["a.example.com"]);
        limited.retry_until = Some(T0 + 3600);
        let events = vec![limited];
        let set = ids(&["unrelated.example.org"]);
        let mut ari = order(&set);
        ari.replaces = true;
        assert_eq!(
            check(&LETSENCRYPT, &events, T0 + 10, &ari),
            Err(Refusal::RetryAfter { until: T0 + 3600 })
        );
        assert!(check(&LETSENCRYPT, &events, T0 + 3600, &ari).is_ok());
        let mut elsewhere = order(&set);
        elsewhere.server = "https://other.test/dir";
        assert!(check(&LETSENCRYPT, &events, T0 + 10, &elsewhere).is_ok());
    }

    /// A ledger line asking for ten years (written before the cap, or by a hostile CA) locks
    /// this machine out for the cap only.
    #[test]
    fn a_remembered_retry_after_never_lasts_beyond_the_cap() {
        let mut limited = ev(T0, Kind::RateLimited, &["a.example.com"]);
        limited.retry_until = Some(i64::MAX);
        let events = vec![limited];
        assert_eq!(
            retry_after(&events, T0 + 10, &events[0].server.clone()),
            Some(T0 + RETRY_AFTER_CAP)
        );
        assert_eq!(
            retry_after(&events, T0 + RETRY_AFTER_CAP, &events[0].server.clone()),
            None
        );
    }

    #[test]
    fn events_of_other_servers_do_not_count() {
        let mut events: Vec<Event> = (0..5)
            .map(|i| ev(T0 + i, Kind::Certificate, &["a.example.com"]))
            .collect();
        for e in &mut events {
            e.server = "https://staging.test/dir".into();
        }
        assert!(
            check(
                &LETSENCRYPT,
                &events,
                T0 + 10,
                &order(&ids(&["a.example.com"]))
            )
            .is_ok()
        );
    }

    #[test]
    fn limits_are_described_per_window() {
        assert_eq!(describe(&LETSENCRYPT.limits[2]), "5 per 7 days");
        assert_eq!(describe(&LETSENCRYPT.limits[3]), "5 per hour");
    }
}
