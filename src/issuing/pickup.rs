//! Collecting the certificates of orders that earlier runs finalized, each at the CA that holds
//! it, before a lineage orders anew (issue #15: no issued certificate is lost).
//!
//! A lineage may have an order at its own CA and one at a fallback (issue #20): the own CA
//! finalized, then failed to deliver, and the fallback issued. Trying a fallback never drops
//! the own CA's order: the next run of the lineage asks that CA again and installs what it
//! issued. [`triage`] decides per remembered order (pure, table-tested); [`collect_all`] runs
//! it. An order is forgotten only when its CA says it is dead (invalid, never finalized, or
//! gone: 404), when it was for other names, or [`KEEP_DAYS`] after it was finalized.

use anyhow::Result;

use crate::cli::settings::Settings;
use crate::issuing::issuance::{self, AccountRef, Issued, KeySource};
use crate::issuing::obtain;
use crate::storage::lineage::Issuer;
use crate::storage::pending::{self, PendingOrder};
use crate::storage::renewal_conf::RenewalConf;
use acme::crypto::{KeyPair, KeyType};
use acme::protocol::Client;
use acme::x509::CertInfo;

/// How long an order nobody could collect is remembered after finalize. Let's Encrypt drops
/// an order 7 days after it was created; twice that covers a CA outage of a week and a
/// machine off over a long weekend. A certificate still uncollected then has lost much of a
/// 45-day lifetime, and the lineage has been renewed elsewhere meanwhile.
pub const KEEP_DAYS: i64 = 14;

/// What to do with one remembered order now.
#[derive(Debug, PartialEq, Eq)]
pub enum Triage {
    /// Ask its CA for it, with the account here that placed it.
    PickUp,
    /// Leave it for a later run; why.
    Keep(String),
    /// Drop it (and its key): it can never become this lineage's certificate; why.
    Forget(String),
}

/// Decides for `p` with the lineage's names now, the account this config dir holds at the
/// order's CA (its URL, if any) and the time.
pub fn triage(p: &PendingOrder, names: &[String], account_here: Option<&str>, now: i64) -> Triage {
    if acme::limits::exact_set(&p.identifiers) != acme::limits::exact_set(names) {
        return Triage::Forget(format!(
            "it was ordered for {}, and the certificate is now for {}",
            p.identifiers.join(", "),
            names.join(", ")
        ));
    }
    if now.saturating_sub(p.finalized_at) > KEEP_DAYS * 86400 {
        return Triage::Forget(format!(
            "nobody could collect it within {KEEP_DAYS} days of finalizing"
        ));
    }
    match account_here {
        None => Triage::Keep(format!(
            "there is no account for {} in this config dir; `acme register --server {} \
             --agree-tos` with the key that placed it lets acme collect it",
            p.server, p.server
        )),
        Some(a) if a != p.account => Triage::Keep(format!(
            "the account here for {} is {a}, not {}, which placed it",
            p.server, p.account
        )),
        Some(_) => Triage::PickUp,
    }
}

/// A new order at a CA where this lineage's earlier order, with the same account, is not
/// collected yet: placing another would have the CA issue (and count) twice. Read by
/// `fallback::failure` as the CA not issuing in time, so the next CA is tried.
#[derive(Debug)]
pub struct StillPending {
    pub order_url: String,
    pub server: String,
}

impl std::fmt::Display for StillPending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the order {} finalized earlier at {} is not collected yet; acme places no new order \
             there before it is (the next run asks for it again)",
            self.order_url, self.server
        )
    }
}

impl std::error::Error for StillPending {}

/// `Err(StillPending)` when the lineage has an uncollected order at `server` placed by
/// `account` (see [`StillPending`]); [`collect_all`] ran before, so it could not be collected.
pub fn check_none_at(s: &Settings, name: &str, server: &str, account: &str) -> Result<()> {
    match pending::load_all(&s.layout, name)?
        .into_iter()
        .find(|p| p.server == server && p.account == account)
    {
        Some(p) => Err(anyhow::Error::new(StillPending {
            order_url: p.order_url,
            server: p.server,
        })),
        None => Ok(()),
    }
}

/// A certificate collected and installed.
pub struct Collected {
    pub version: u32,
    pub leaf: CertInfo,
}

/// Asks each CA holding a remembered order of `name` for it (oldest first), installs every
/// certificate issued, forgets the orders [`triage`] or the CA rules out, and keeps the others
/// for the next run (a warning says why). `connect` opens a client to a CA. Returns the last
/// version installed; an error only when the remembered orders cannot be read or a
/// collected certificate cannot be installed.
pub fn collect_all(
    s: &Settings,
    name: &str,
    conf: &RenewalConf,
    connect: &mut dyn FnMut(&str) -> Result<Client>,
) -> Result<Option<Collected>> {
    let orders = pending::load_all(&s.layout, name)?;
    if orders.is_empty() {
        return Ok(None);
    }
    let ids = obtain::conf_identifiers(conf)?;
    let values: Vec<String> = ids.iter().map(|i| i.value()).collect();
    let mut last = None;
    for p in orders {
        let stored = match crate::storage::account::load(&s.layout, &p.server) {
            Ok(a) => a,
            Err(e) => {
                keep(s, name, &p, &format!("{e:#}"));
                continue;
            }
        };
        let here = stored.as_ref().map(|a| a.record.url.as_str());
        match triage(&p, &values, here, acme::time::now()) {
            Triage::Forget(why) => {
                s.out.note(&format!(
                    "{name}: forgetting the order {} finalized earlier at {}: {why}",
                    p.order_url, p.server
                ));
                pending::remove(&s.layout, name, &p.order_url)?;
                continue;
            }
            Triage::Keep(why) => {
                keep(s, name, &p, &why);
                continue;
            }
            Triage::PickUp => {}
        }
        let account = stored.expect("triage picks up only with an account");
        let account = AccountRef {
            key: &account.key,
            url: &account.record.url,
        };
        let got = connect(&p.server).and_then(|client| {
            pick_up(s, &client, &account, name, conf, &ids, &p)
                .map(|found| found.map(|i| (i, client.request_count())))
        });
        match got {
            Ok(Some((issued, _))) => {
                let issuer = Issuer {
                    server: p.server.clone(),
                    account: p.account.clone(),
                };
                crate::rate_limits::record_certificate(s, &p.server, &p.account, &ids);
                let version = obtain::install(s, name, conf, None, &issued, issuer, &p.order_url)?;
                s.out.note(&format!(
                    "{name}: installed the certificate of the order {} finalized earlier at {} \
                     (version {version})",
                    p.order_url, p.server
                ));
                last = Some(Collected {
                    version,
                    leaf: issued.leaf,
                });
            }
            Ok(None) => {
                s.out.note(&format!(
                    "{name}: {} says the order {} will not be issued; forgetting it",
                    p.server, p.order_url
                ));
                pending::remove(&s.layout, name, &p.order_url)?;
            }
            // Interrupted: stop here; every order not collected stays remembered.
            Err(e) if crate::cli::interrupt::exit_code(&e).is_some() => return Err(e),
            Err(e) => keep(s, name, &p, &format!("{e:#}")),
        }
    }
    Ok(last)
}

fn keep(s: &Settings, name: &str, p: &PendingOrder, why: &str) {
    s.out.warn(&format!(
        "{name}: the order {} finalized at {} is not collected yet ({}); acme keeps it and its \
         key, and asks again on the next run (for up to {KEEP_DAYS} days)",
        p.order_url,
        p.server,
        acme::escape::escape(why)
    ));
}

/// Collects `p` at its CA (`client`): `Ok(None)` when the CA says it will never be issued.
fn pick_up(
    s: &Settings,
    client: &Client,
    account: &AccountRef,
    name: &str,
    conf: &RenewalConf,
    ids: &[acme::identifiers::Identifier],
    p: &PendingOrder,
) -> Result<Option<Issued>> {
    let (key, spki) = match &p.key_pem {
        Some(pem) => {
            let k = KeyPair::from_pem(pem.as_bytes()).map_err(|e| {
                e.context(format!(
                    "the key in {} is unusable",
                    s.layout.pending_order(name).display()
                ))
            })?;
            let spki = k.public_key_der()?;
            (KeySource::Existing(k), spki)
        }
        // The user's CSR: its key is theirs, and the CSR is the lineage's saved copy.
        None => match obtain::key_source(s, name, conf, None, KeyType::EcdsaP256)? {
            KeySource::Csr(der) => {
                let spki = openssl::x509::X509Req::from_der(&der)?
                    .public_key()?
                    .public_key_to_der()?;
                (KeySource::Csr(der), spki)
            }
            // No key was remembered and the lineage has no CSR any more: nothing can use it.
            _ => return Ok(None),
        },
    };
    let req = obtain::request(s, conf, ids, key, None)?;
    issuance::resume(client, account, &p.order_url, req, &spki, &s.out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(names: &[&str], finalized_at: i64) -> PendingOrder {
        PendingOrder {
            server: "https://a/dir".into(),
            account: "https://a/acct/1".into(),
            order_url: "https://a/order/1".into(),
            identifiers: names.iter().map(|n| n.to_string()).collect(),
            key_pem: None,
            finalized_at,
        }
    }

    /// An order is dropped only when it cannot become the lineage's certificate or its time
    /// is up; a missing or changed account keeps it (issue #15, review finding 9).
    #[test]
    fn an_order_is_picked_up_kept_or_forgotten() {
        let day = 86400;
        let now = 100 * day;
        let names = |v: &[&str]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let acct = Some("https://a/acct/1");
        type Case<'a> = (&'a str, PendingOrder, Vec<String>, Option<&'a str>, &'a str);
        let cases: Vec<Case> = vec![
            (
                "fresh",
                order(&["a", "b"], now - 60),
                names(&["b", "a"]),
                acct,
                "pick",
            ),
            (
                "on the last day",
                order(&["a"], now - KEEP_DAYS * day),
                names(&["a"]),
                acct,
                "pick",
            ),
            (
                "past the bound",
                order(&["a"], now - KEEP_DAYS * day - 1),
                names(&["a"]),
                acct,
                "forget",
            ),
            (
                "other names",
                order(&["a"], now),
                names(&["a", "c"]),
                acct,
                "forget",
            ),
            (
                "no account",
                order(&["a"], now),
                names(&["a"]),
                None,
                "keep",
            ),
            (
                "other account",
                order(&["a"], now),
                names(&["a"]),
                Some("https://a/acct/2"),
                "keep",
            ),
            (
                "other names, no account",
                order(&["a"], now),
                names(&["b"]),
                None,
                "forget",
            ),
            (
                "a clock gone back",
                order(&["a"], now + day),
                names(&["a"]),
                acct,
                "pick",
            ),
        ];
        for (what, p, names, account, want) in cases {
            let got = match triage(&p, &names, account, now) {
                Triage::PickUp => "pick",
                Triage::Keep(_) => "keep",
                Triage::Forget(_) => "forget",
            };
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn a_kept_order_says_how_to_let_acme_collect_it() {
        let Triage::Keep(why) = triage(&order(&["a"], 0), &["a".into()], None, 0) else {
            panic!("kept");
        };
        assert!(
            why.contains("acme register --server https://a/dir"),
            "{why}"
        );
    }
}
