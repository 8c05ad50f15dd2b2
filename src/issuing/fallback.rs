//! Fallback CAs: a lineage may name servers to try, in order, when its own CA cannot issue for
//! reasons on the CA's side. [`failure`] reads an error as one of a few kinds and
//! [`should_fall_back`] decides (pure, table-tested); [`in_order`] runs the attempts.
//!
//! Falling back is for outages, never to get around a refusal that another CA would repeat or
//! that only the user can fix: a failed validation, a CAA record, a refused CSR, a missing
//! account or terms to accept stop the run at the CA that said so.

use anyhow::Result;

use crate::cli::output::Printer;
use acme::protocol::{Problem, find_problem};

/// The shortest `Retry-After` (or wait the rate-limit ledger predicts) worth going to another CA
/// for: a shorter one has passed by the next scheduled run (hourly, as shipped).
pub const LONG_WAIT_SECS: i64 = 3600;

/// What an issuance attempt's error says about where the fault lies.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// The CA could not validate a name: another CA would fail the same way.
    Validation,
    /// A signal asked acme to stop.
    Interrupted,
    /// The CA answered with a problem document (or an HTTP error made into one).
    Problem {
        short_kind: String,
        status: Option<u16>,
        retry_after_secs: Option<i64>,
    },
    /// The CA could not be reached: connection refused, timeout, name not found, reset.
    Unreachable,
    /// The CA's HTTPS certificate is not trusted: `--ca-bundle` (or an attacker), not an outage.
    Untrusted,
    /// The order was finalized but the CA had not issued by the deadline, or an order finalized
    /// earlier at this CA could not be collected (so no new one is placed there).
    NotIssuedInTime,
    /// The CA was still validating at the deadline (it never said the challenge failed).
    NotValidatedInTime,
    /// This machine's ledger says the CA would refuse the order (or asked us to wait) for
    /// this many seconds more; nothing was sent.
    HeldBack { secs: i64 },
    /// Anything else: a local problem (files, settings, hooks) or a reply acme cannot use.
    Other,
}

/// The rate-limit guard refused an order before it was sent (see `guard`): the CA asked for a
/// wait, or the ledger says it would refuse, until `until` (Unix seconds).
#[derive(Debug)]
pub struct HeldBack {
    pub until: i64,
    /// What the user is told.
    pub text: String,
}

impl std::fmt::Display for HeldBack {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for HeldBack {}

/// Reads an attempt's error chain; `now` for [`HeldBack`].
pub fn failure(err: &anyhow::Error, now: i64) -> Failure {
    if find::<crate::cli::interrupt::Interrupted>(err).is_some() {
        return Failure::Interrupted;
    }
    if find::<crate::issuing::issuance::ValidationFailed>(err).is_some() {
        return Failure::Validation;
    }
    if let Some(h) = find::<HeldBack>(err) {
        return Failure::HeldBack {
            secs: h.until.saturating_sub(now),
        };
    }
    if find::<acme::protocol::order::NotIssuedYet>(err).is_some()
        || find::<crate::issuing::pickup::StillPending>(err).is_some()
    {
        return Failure::NotIssuedInTime;
    }
    if find::<acme::protocol::order::NotValidatedYet>(err).is_some() {
        return Failure::NotValidatedInTime;
    }
    if let Some(p) = find_problem(err) {
        return problem(p);
    }
    if err
        .chain()
        .any(|e| e.to_string().contains("certificate verify failed"))
    {
        return Failure::Untrusted;
    }
    if acme::protocol::is_transport_error(err) {
        return Failure::Unreachable;
    }
    Failure::Other
}

/// A `T` in the chain, whether it is an error of it, a context added to it, or inside the
/// library's error (an interruption that stopped one of its waits, a wait that ran out).
fn find<T: std::error::Error + Send + Sync + 'static>(err: &anyhow::Error) -> Option<&T> {
    acme::error::find::<T>(err)
}

fn problem(p: &Problem) -> Failure {
    Failure::Problem {
        short_kind: p.short_kind().to_string(),
        status: p.status,
        retry_after_secs: p
            .retry_after
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    }
}

/// Whether the next CA should be tried: only for failures on the CA's side — server errors
/// (5xx), a CA that cannot be reached or never finishes validating or issuing (`--max-wait`),
/// one that rejects every nonce, and rate limits that last at least [`LONG_WAIT_SECS`] (a
/// `rateLimited` without `Retry-After` counts as long).
pub fn should_fall_back(f: &Failure) -> bool {
    match f {
        Failure::Unreachable | Failure::NotIssuedInTime | Failure::NotValidatedInTime => true,
        Failure::HeldBack { secs } => *secs >= LONG_WAIT_SECS,
        Failure::Problem {
            short_kind,
            status,
            retry_after_secs,
        } => match short_kind.as_str() {
            "rateLimited" => retry_after_secs.is_none_or(|s| s >= LONG_WAIT_SECS),
            "serverInternal" | "badNonce" => true,
            _ => status.is_some_and(|s| s >= 500),
        },
        Failure::Validation | Failure::Interrupted | Failure::Untrusted | Failure::Other => false,
    }
}

/// Whether a lineage's fallback list can be used: no repeats, not the lineage's own CA, and no
/// staging server behind a production one (its certificates are untrusted) unless
/// `break_my_certs`. `Err`: what to fix.
pub fn check_servers(
    primary: &str,
    fallbacks: &[String],
    is_staging: impl Fn(&str) -> bool,
    break_my_certs: bool,
) -> std::result::Result<(), String> {
    for (i, f) in fallbacks.iter().enumerate() {
        if f == primary {
            return Err(format!(
                "--fallback-server {f} is the certificate's own CA; name other CAs"
            ));
        }
        if fallbacks[..i].contains(f) {
            return Err(format!("--fallback-server {f} is given twice"));
        }
        if f.contains([',', ' ']) {
            return Err(format!(
                "--fallback-server {f:?}: a directory URL holds no commas or spaces"
            ));
        }
        if is_staging(f) && !is_staging(primary) && !break_my_certs {
            return Err(format!(
                "--fallback-server {f} is a staging server: a renewal there would install an \
                 untrusted certificate; name a production CA (or pass --break-my-certs)"
            ));
        }
    }
    Ok(())
}

/// Each fallback has a usable account in the config dir: renewals run unattended, so the
/// account (and the consent to that CA's terms, and its EAB) must be in place beforehand.
pub fn check_accounts(
    store: &dyn crate::storage::store::Store,
    fallbacks: &[String],
) -> Result<()> {
    for f in fallbacks {
        match store.account(f)? {
            Some(a) if a.record.status != "deactivated" => {}
            found => {
                let what = match found {
                    Some(_) => "the account there is deactivated",
                    None => "there is no account there yet",
                };
                return Err(crate::cli::error::usage(format!(
                    "the fallback CA {f}: {what}; register one first with \
                     `acme register --server {f} --agree-tos` (adding --eab-kid and --eab-hmac-key \
                     if that CA asks for External Account Binding), then run this again"
                )));
            }
        }
    }
    Ok(())
}

/// Runs `attempt` at each server in turn (the lineage's own CA first), going on to the next only
/// when the last failure [`should_fall_back`]. Returns the result with the index of the server
/// that gave it; the final error names the servers that failed before it.
pub fn in_order<T>(
    servers: &[String],
    name: &str,
    out: &Printer,
    mut attempt: impl FnMut(usize, &str) -> Result<T>,
) -> Result<(T, usize)> {
    let mut earlier: Vec<String> = Vec::new();
    for (i, server) in servers.iter().enumerate() {
        let err = match attempt(i, server) {
            Ok(v) => return Ok((v, i)),
            Err(e) => e,
        };
        let next = servers.get(i + 1);
        let f = failure(&err, acme::time::now());
        match next {
            Some(next) if should_fall_back(&f) => {
                out.warn(&format!(
                    "{name}: {server} cannot issue now, on the CA's side ({}); trying the fallback CA {next}",
                    acme::escape::escape(&format!("{err:#}"))
                ));
                earlier.push(format!("{server}: {err:#}"));
            }
            _ => {
                return Err(match earlier.is_empty() {
                    true => err,
                    false => err.context(format!(
                        "{server} (a fallback CA) failed too, after {}",
                        earlier.join("; ")
                    )),
                });
            }
        }
    }
    unreachable!("in_order needs at least one server")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn refused(kind: &str, status: u16, retry: Option<u64>) -> anyhow::Error {
        anyhow::Error::new(Problem {
            kind: format!("urn:ietf:params:acme:error:{kind}"),
            status: Some(status),
            retry_after: retry.map(Duration::from_secs),
            ..Problem::default()
        })
        .context("the CA refused POST https://ca.test/new-order")
        .context("renewing a.example")
    }

    fn decide(e: anyhow::Error) -> bool {
        should_fall_back(&failure(&e, 1_000_000))
    }

    /// The CA's side falls back; a failed validation and every other client-side refusal do
    /// not (issue #20).
    #[test]
    fn only_failures_on_the_cas_side_go_to_the_next_ca() {
        let cases: Vec<(&str, anyhow::Error, bool)> = vec![
            ("500", refused("serverInternal", 500, None), true),
            ("503", refused("serverInternal", 503, Some(5)), true),
            ("bare 502", refused("about:blank", 502, None), true),
            ("nonces", refused("badNonce", 400, None), true),
            (
                "rate 1 day",
                refused("rateLimited", 429, Some(86_400)),
                true,
            ),
            ("rate 1 h", refused("rateLimited", 429, Some(3600)), true),
            ("rate, no wait", refused("rateLimited", 429, None), true),
            ("rate 10 min", refused("rateLimited", 429, Some(600)), false),
            ("caa", refused("caa", 403, None), false),
            ("bad csr", refused("badCSR", 400, None), false),
            ("unauthorized", refused("unauthorized", 403, None), false),
            ("rejected", refused("rejectedIdentifier", 400, None), false),
            ("terms", refused("userActionRequired", 403, None), false),
            ("account", refused("accountDoesNotExist", 400, None), false),
            ("eab", refused("externalAccountRequired", 400, None), false),
            ("malformed", refused("malformed", 400, None), false),
            (
                "validation",
                anyhow::Error::new(crate::issuing::issuance::ValidationFailed {
                    text: "a.example: connection refused".into(),
                    first_problem: Some(Problem {
                        kind: "urn:ietf:params:acme:error:connection".into(),
                        status: Some(500),
                        ..Problem::default()
                    }),
                }),
                false,
            ),
            (
                "interrupted",
                anyhow::Error::new(crate::cli::interrupt::Interrupted { signal: 15 }),
                false,
            ),
            (
                "not issued in time",
                anyhow::Error::new(acme::protocol::order::NotIssuedYet {
                    order_url: "https://ca.test/order/1".into(),
                    waited: Duration::from_secs(60),
                    limit: Duration::from_secs(60),
                }),
                true,
            ),
            (
                "an earlier order there not collected",
                anyhow::Error::new(crate::issuing::pickup::StillPending {
                    order_url: "https://ca.test/order/1".into(),
                    server: "https://ca.test/dir".into(),
                }),
                true,
            ),
            (
                "never finished validating",
                anyhow::Error::new(acme::protocol::order::NotValidatedYet {
                    what: "the order".into(),
                    url: "https://ca.test/order/1".into(),
                    waited: Duration::from_secs(60),
                    limit: Duration::from_secs(60),
                }),
                true,
            ),
            (
                "held back a day",
                anyhow::Error::new(HeldBack {
                    until: 1_000_000 + 86_400,
                    text: "wait".into(),
                }),
                true,
            ),
            (
                "held back a minute",
                anyhow::Error::new(HeldBack {
                    until: 1_000_000 + 60,
                    text: "wait".into(),
                }),
                false,
            ),
            (
                "untrusted",
                anyhow::anyhow!(
                    "TLS handshake with localhost failed: certificate verify failed (self-signed)"
                ),
                false,
            ),
            ("local", anyhow::anyhow!("cannot write /etc/acme/x"), false),
        ];
        for (what, err, want) in cases {
            assert_eq!(decide(err), want, "{what}");
        }
    }

    /// A validation failure is never a reason to fall back, even when its challenge error
    /// came with a server status.
    #[test]
    fn a_validation_failure_wins_over_any_problem_in_the_chain() {
        let e = refused("serverInternal", 500, None).context(
            crate::issuing::issuance::ValidationFailed {
                text: "x".into(),
                first_problem: None,
            },
        );
        assert_eq!(failure(&e, 0), Failure::Validation);
    }

    #[test]
    fn a_fallback_list_names_other_production_cas_once_each() {
        let staging = |u: &str| u.contains("staging");
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let ok = |p: &str, f: &[&str], b| check_servers(p, &list(f), staging, b);
        assert!(ok("https://a/dir", &["https://b/dir", "https://c/dir"], false).is_ok());
        assert!(ok("https://a/dir", &[], false).is_ok());
        let err = ok("https://a/dir", &["https://a/dir"], false).unwrap_err();
        assert!(err.contains("own CA"), "{err}");
        let err = ok("https://a/dir", &["https://b/dir", "https://b/dir"], false).unwrap_err();
        assert!(err.contains("twice"), "{err}");
        let err = ok("https://a/dir", &["https://staging/dir"], false).unwrap_err();
        assert!(err.contains("untrusted"), "{err}");
        assert!(ok("https://a/dir", &["https://staging/dir"], true).is_ok());
        assert!(ok("https://staging-a/dir", &["https://staging/dir"], false).is_ok());
        assert!(ok("https://a/dir", &["https://b/d,ir"], false).is_err());
    }

    #[test]
    fn attempts_stop_at_the_first_success_or_client_side_failure() {
        let out = Printer::new(crate::cli::output::Verbosity::Quiet, false);
        let servers: Vec<String> = ["https://a/dir", "https://b/dir", "https://c/dir"]
            .map(String::from)
            .to_vec();
        let mut seen = Vec::new();
        let got = in_order(&servers, "x", &out, |i, s| {
            seen.push(s.to_string());
            match i {
                0 => Err(refused("serverInternal", 500, None)),
                _ => Ok(i),
            }
        })
        .unwrap();
        assert_eq!(got, (1, 1));
        assert_eq!(seen, ["https://a/dir", "https://b/dir"]);

        let mut seen = 0;
        let err = in_order(&servers, "x", &out, |_, _| -> Result<()> {
            seen += 1;
            Err(refused("caa", 403, None))
        })
        .unwrap_err();
        assert_eq!(seen, 1, "a client-side refusal stays at the first CA");
        assert!(find_problem(&err).is_some_and(|p| p.is("caa")));

        let err = in_order(&servers, "x", &out, |_, s| -> Result<()> {
            Err(refused("serverInternal", 503, None).context(s.to_string()))
        })
        .unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("https://c/dir (a fallback CA) failed too, after https://a/dir")
                && text.contains("https://b/dir: "),
            "{text}"
        );
    }
}
