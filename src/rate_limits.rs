//! The ledger-backed rate-limit guard: before a newOrder, ask [`limits::check`] whether the CA
//! would accept it given what this machine has spent; while issuing, write down what was spent
//! and any `Retry-After` the CA asked for. Nothing here talks to the CA.

use anyhow::Result;

use crate::cli::settings::Settings;
use crate::issuing::fallback::HeldBack;
use crate::issuing::issuance::Spent;
use crate::storage::ledger::{self, Event, Kind};
use crate::storage::renewal_conf::RenewalConf;
use acme::identifiers::Identifier;
use acme::limits::{self, Prospective, Refusal};
use acme::protocol::find_problem;
use acme::time;

/// Refuses (exit 1) when the CA at `server` asked us to wait and that time has not come, before
/// anything is sent to it. Needs no account, so it runs before the directory is fetched.
pub fn check_retry_after(s: &Settings, server: &str) -> Result<()> {
    if s.ignore_limits {
        return Ok(());
    }
    let events = crate::fleet::renewal::ledger(s)?;
    match limits::retry_after(&events, time::now(), server) {
        Some(until) => Err(refusal_error(server, &Refusal::RetryAfter { until })),
        None => Ok(()),
    }
}

/// Whether the lineage's last certificate (as its saved conf says) is for exactly `ids`: the CA
/// treats such an order as a renewal, exempt from the orders and per-domain limits.
pub fn renews_same_set(s: &Settings, name: &str, ids: &[Identifier]) -> bool {
    let path = s.layout.renewal_conf(name);
    if !path.exists() {
        return false;
    }
    let Ok(previous) = RenewalConf::load(&path) else {
        return false;
    };
    let Ok(before) = acme::identifiers::normalize(&previous.domains) else {
        return false;
    };
    let values =
        |v: &[Identifier]| limits::exact_set(&v.iter().map(Identifier::value).collect::<Vec<_>>());
    values(&before) == values(ids)
}

/// Refuses (exit 1) an order the CA at `server` would refuse under the table in force, naming
/// the limit, this machine's usage and when it frees up.
pub fn check_order(
    s: &Settings,
    server: &str,
    account: &str,
    ids: &[Identifier],
    replaces: bool,
    renewal: bool,
) -> Result<()> {
    let Some(table) = s.rate_limits_for(server) else {
        return check_retry_after(s, server);
    };
    if s.ignore_limits {
        s.out
            .detail("--ignore-limits: not checking the rate-limit ledger");
        return Ok(());
    }
    let events = crate::fleet::renewal::ledger(s)?;
    let identifiers: Vec<String> = ids.iter().map(Identifier::value).collect();
    let order = Prospective {
        server,
        account,
        identifiers: &identifiers,
        replaces,
        renewal,
    };
    limits::check(table, &events, time::now(), &order).map_err(|r| refusal_error(server, &r))
}

/// The refusal as an error a fallback can read ([`HeldBack`]: until when).
fn refusal_error(server: &str, r: &Refusal) -> anyhow::Error {
    let tail = "no order was sent to the CA; wait, or pass --ignore-limits to place the order anyway \
                (`acme limits` shows this machine's usage)";
    let (until, text) = match r {
        Refusal::RetryAfter { until } => (
            *until,
            format!(
                "the CA ({server}) asked this client not to come back before {}; {tail}",
                time::format_local(*until)
            ),
        ),
        Refusal::Limit(e) => (
            e.frees_at,
            format!(
                "the order would exceed the rate limit {} ({}) for {}: this machine has used {} of {}; \
             the next one is allowed after {}; {tail}",
                e.limit.name,
                limits::describe(&e.limit),
                e.key,
                e.used,
                e.limit.capacity,
                time::format_local(e.frees_at)
            ),
        ),
    };
    anyhow::Error::new(HeldBack { until, text })
}

/// Appends to the ledger; a failure to write it must not fail an issuance that succeeded, so it
/// is a warning.
fn append(
    s: &Settings,
    server: &str,
    event: Kind,
    account: &str,
    identifiers: Vec<String>,
    retry_until: Option<i64>,
) {
    let e = Event {
        t: time::now(),
        event,
        server: server.to_string(),
        account: account.to_string(),
        identifiers,
        retry_until,
    };
    if let Err(err) = ledger::append(&s.layout, &e) {
        s.out.warn(&format!("{err:#}"));
    }
    crate::fleet::renewal::record(s, &e);
}

fn values(ids: &[Identifier]) -> Vec<String> {
    ids.iter().map(Identifier::value).collect()
}

/// Records what issuance reports as spent.
pub fn record_spent(s: &Settings, server: &str, account: &str, ids: &[Identifier], spent: Spent) {
    match spent {
        Spent::Order => append(s, server, Kind::Order, account, values(ids), None),
        Spent::AuthzFailed(id) => append(s, server, Kind::AuthzFailed, account, vec![id], None),
    }
}

/// A certificate was installed: record it and prune the ledger now and then.
pub fn record_certificate(s: &Settings, server: &str, account: &str, ids: &[Identifier]) {
    append(s, server, Kind::Certificate, account, values(ids), None);
    if let Err(err) = ledger::prune(&s.layout, time::now(), limits::LONGEST_WINDOW) {
        s.out.warn(&format!("{err:#}"));
    }
}

/// If the CA answered `rateLimited` or 503 with a `Retry-After`, remembers it and adds to the
/// error when to retry, in local time (RFC 8555 §6.6: "the server MAY include a Retry-After").
pub fn remember_retry_after(
    s: &Settings,
    server: &str,
    account: &str,
    ids: &[Identifier],
    err: anyhow::Error,
) -> anyhow::Error {
    let Some(p) = find_problem(&err) else {
        return err;
    };
    let limited = p.is("rateLimited") || p.status == Some(503);
    let Some(wait) = p.retry_after.filter(|_| limited) else {
        return err;
    };
    let secs = i64::try_from(wait.as_secs()).unwrap_or(i64::MAX);
    let until = time::now().saturating_add(secs.min(limits::RETRY_AFTER_CAP));
    append(
        s,
        server,
        Kind::RateLimited,
        account,
        values(ids),
        Some(until),
    );
    err.context(format!(
        "the CA asks to retry after {}; acme remembers this and will not contact it for this \
         server before then (--ignore-limits overrides)",
        time::format_local(until)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use acme::protocol::Problem;
    use clap::Parser;

    const CA: &str = "https://ca.test/dir";

    fn settings(dir: &std::path::Path) -> Settings {
        let cli = crate::cli::Cli::try_parse_from([
            "acme",
            "--config-dir",
            dir.to_str().unwrap(),
            "--server",
            "https://ca.test/dir",
            "-q",
            "limits",
        ])
        .unwrap();
        Settings::from_opts(&cli.global).unwrap()
    }

    fn failure(kind: &str, status: u16, retry: Option<u64>) -> anyhow::Error {
        let p = Problem {
            kind: format!("urn:ietf:params:acme:error:{kind}"),
            status: Some(status),
            retry_after: retry.map(std::time::Duration::from_secs),
            ..Problem::default()
        };
        anyhow::Error::new(p).context("the CA refused POST https://ca.test/order")
    }

    /// RFC 8555 §6.6: rateLimited and 503 carry Retry-After; both are remembered, other
    /// errors are not.
    #[test]
    fn rate_limited_and_503_with_retry_after_are_remembered_and_block_the_server() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path());
        let ids = acme::identifiers::normalize(&["a.example.com".into()]).unwrap();
        let err = remember_retry_after(&s, CA, "acct", &ids, failure("malformed", 400, Some(60)));
        assert!(!format!("{err:#}").contains("retry after"));
        let err = remember_retry_after(&s, CA, "acct", &ids, failure("rateLimited", 429, None));
        assert!(!format!("{err:#}").contains("retry after"));
        assert!(check_retry_after(&s, CA).is_ok(), "nothing remembered yet");

        let err = remember_retry_after(
            &s,
            CA,
            "acct",
            &ids,
            failure("serverInternal", 503, Some(600)),
        );
        assert!(format!("{err:#}").contains("retry after"), "{err:#}");
        let refused = check_retry_after(&s, CA).unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&refused), 1);
        assert!(format!("{refused:#}").contains("no order was sent to the CA"));
        let (events, _) = ledger::load(&s.layout).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].event, Kind::RateLimited);
        assert!(events[0].retry_until.unwrap() >= time::now() + 599);
    }

    /// A hostile `Retry-After` of ten years blocks this server for the cap (a day), no longer.
    #[test]
    fn a_huge_retry_after_is_remembered_for_the_cap_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = settings(dir.path());
        let ids = acme::identifiers::normalize(&["a.example.com".into()]).unwrap();
        let err = remember_retry_after(
            &s,
            CA,
            "acct",
            &ids,
            failure("rateLimited", 429, Some(u64::MAX)),
        );
        assert!(format!("{err:#}").contains("retry after"), "{err:#}");
        let (events, _) = ledger::load(&s.layout).unwrap();
        let until = events[0].retry_until.unwrap();
        assert!(until <= time::now() + limits::RETRY_AFTER_CAP, "{until}");
        assert!(
            until >= time::now() + limits::RETRY_AFTER_CAP - 5,
            "{until}"
        );
    }
}
