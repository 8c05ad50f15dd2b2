//! The issuance engine shared by `issue` and `renew`: order → authorizations → challenges →
//! finalize → download → check. It stores nothing; the caller installs what it returns.

use anyhow::{Context, Result, anyhow, bail};
use std::time::Duration;

use crate::challenges::{Solver, Task};
use crate::cli::output::Printer;
use acme::chain;
use acme::crypto::{self, KeyPair, KeyType};
use acme::identifiers::Identifier;
use acme::protocol::order::{self, OrderOptions};
use acme::protocol::types::{Authorization, Status};
use acme::protocol::{Client, Signer};
use acme::x509::{self, CertInfo};

/// Where the certificate key comes from.
pub enum KeySource {
    Generate(KeyType),
    Existing(KeyPair),
    /// The user's own CSR (DER): we never see its private key.
    Csr(Vec<u8>),
}

pub struct Request<'a> {
    pub identifiers: &'a [Identifier],
    pub key: KeySource,
    pub order: OrderOptions<'a>,
    /// Issuer common name of the chain's top certificate to prefer among alternates.
    pub preferred_chain: Option<&'a str>,
    /// The longest wait for validation, and again for issuance.
    pub max_wait: Duration,
    /// Roots trusted beside the system's (`--ca-bundle`), and, when a chain to no trusted
    /// root is refused rather than installed with a warning, why (the setting that says so).
    pub extra_roots: Vec<openssl::x509::X509>,
    pub require_trusted_chain: Option<&'static str>,
    /// Called with the order URL and the certificate key just before finalize is sent, so the
    /// caller can remember the order (see `storage::pending`); an error stops before finalize.
    pub on_finalize: Option<&'a OnFinalize<'a>>,
}

/// See [`Request::on_finalize`]: (order URL, certificate key).
pub type OnFinalize<'a> = dyn Fn(&str, Option<&KeyPair>) -> Result<()> + 'a;

/// How a downloaded chain is chosen and checked.
struct ChainPolicy<'a> {
    identifiers: &'a [Identifier],
    preferred_chain: Option<&'a str>,
    extra_roots: &'a [openssl::x509::X509],
    require_trusted_chain: Option<&'static str>,
}

pub struct Issued {
    pub cert_pem: String,
    pub chain_pem: String,
    pub key: Option<KeyPair>,
    pub leaf: CertInfo,
}

/// An account able to sign requests.
pub struct AccountRef<'a> {
    pub key: &'a KeyPair,
    pub url: &'a str,
}

/// Something the CA counts against a rate limit, reported as it happens so the caller can keep
/// its ledger (this module stores nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spent {
    /// The CA accepted a newOrder.
    Order,
    /// The authorization for this identifier ended `invalid`.
    AuthzFailed(String),
}

/// Orders, answers the challenges, finalizes and downloads, reporting each order placed and each failed authorization to `record`.
pub fn issue_recorded(
    client: &Client,
    account: &AccountRef,
    req: Request,
    solver: &mut dyn Solver,
    out: &Printer,
    record: &mut dyn FnMut(Spent),
) -> Result<Issued> {
    let signer = Signer::Kid(account.key, account.url);
    let names = req
        .identifiers
        .iter()
        .map(|i| i.value())
        .collect::<Vec<_>>()
        .join(", ");
    // The last safe point before the CA counts an order.
    crate::cli::interrupt::check()?;
    out.step(&format!("Ordering a certificate for {names}"));
    let handle =
        order::new_order(client, &signer, req.identifiers, &req.order).context(NewOrderFailed)?;
    record(Spent::Order);
    out.detail(&format!("order {}", handle.url));

    let authzs = order::authorizations(client, &signer, &handle.order.authorizations)?;
    only_what_was_asked(&handle.order, &authzs, req.identifiers)?;
    let thumbprint = account.key.thumbprint()?;
    let mut pending: Vec<(String, Task, String)> = Vec::new(); // (authz url, task, challenge url)
    for (url, authz) in &authzs {
        match authz.status {
            Status::Valid => {
                out.detail(&format!(
                    "{} is already authorized",
                    acme::escape::escape(&authz.name())
                ));
                continue;
            }
            Status::Pending => {}
            ref s => bail!(
                "the authorization for {} is {s}; place a new order (run the command again)",
                authz.name()
            ),
        }
        let task_and_url =
            challenge_task(authz, solver.challenge_type(), &thumbprint, account.url)?;
        pending.push((url.clone(), task_and_url.0, task_and_url.1));
    }

    if !pending.is_empty() {
        let tasks: Vec<Task> = pending.iter().map(|(_, t, _)| t.clone()).collect();
        let outcome = validate(
            client,
            &signer,
            solver,
            &handle.url,
            &pending,
            &tasks,
            out,
            record,
            req.max_wait,
        );
        let cleaned = solver.cleanup();
        outcome?;
        if let Err(e) = cleaned {
            out.warn(&format!("{e:#}"));
        }
    }

    let (csr, key) = match req.key {
        KeySource::Generate(kind) => {
            let key = KeyPair::generate(kind)?;
            (crypto::csr_der(&key, req.identifiers)?, Some(key))
        }
        KeySource::Existing(key) => (crypto::csr_der(&key, req.identifiers)?, Some(key)),
        KeySource::Csr(der) => (der, None),
    };
    crate::cli::interrupt::check()?;
    if let Some(remember) = req.on_finalize {
        remember(&handle.url, key.as_ref())?;
    }
    out.step("Finalizing the order");
    let done = order::finalize(client, &signer, &handle, &csr, req.max_wait)?;
    let spki = match &key {
        Some(k) => k.public_key_der()?,
        // A user's CSR: the certificate must still carry the CSR's key.
        None => openssl::x509::X509Req::from_der(&csr)?
            .public_key()?
            .public_key_to_der()?,
    };
    let policy = ChainPolicy {
        identifiers: req.identifiers,
        preferred_chain: req.preferred_chain,
        extra_roots: &req.extra_roots,
        require_trusted_chain: req.require_trusted_chain,
    };
    collect(client, &signer, done, &spki, key, &policy, out)
}

/// Picks up an order finalized by an earlier run (RFC 8555 §7.4: its certificate stays at the
/// order's `certificate` URL): waits while it is `processing`, and downloads, checks and
/// returns the certificate once `valid`. `Ok(None)` when the order can no longer give one
/// (invalid, expired, gone, or never finalized): the caller forgets it and orders anew. `spki`
/// is the key the certificate must carry; `key` is returned with it.
pub fn resume(
    client: &Client,
    account: &AccountRef,
    order_url: &str,
    req: Request,
    spki: &[u8],
    out: &Printer,
) -> Result<Option<Issued>> {
    let signer = Signer::Kid(account.key, account.url);
    out.step(&format!(
        "Picking up the order {order_url}, finalized by an earlier run"
    ));
    let (order, retry_after) = match order::fetch_order(client, &signer, order_url) {
        Ok(found) => found,
        // The CA says the order does not exist (any more): nothing to pick up. Any other
        // problem (a server error in an outage, a rate limit) keeps it for the next run.
        Err(e) if e.problem().is_some_and(order_gone) => {
            out.note(&format!("{e:#}"));
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    if !matches!(order.status, Status::Processing | Status::Valid) {
        out.note(&format!(
            "the order {order_url} is {}; placing a new one",
            order.status
        ));
        return Ok(None);
    }
    let done = order::wait_issued(client, &signer, order_url, order, retry_after, req.max_wait)?;
    let key = match req.key {
        KeySource::Existing(k) => Some(k),
        _ => None,
    };
    let policy = ChainPolicy {
        identifiers: req.identifiers,
        preferred_chain: req.preferred_chain,
        extra_roots: &req.extra_roots,
        require_trusted_chain: req.require_trusted_chain,
    };
    collect(client, &signer, done, spki, key, &policy, out).map(Some)
}

/// Whether a problem answering a POST-as-GET of an order says the order is gone for good:
/// 404 (an expired order the CA has dropped, or one a test CA forgot on restart).
fn order_gone(p: &acme::protocol::Problem) -> bool {
    p.status == Some(404)
}

/// Downloads the certificate of a `valid` order, chooses a chain, and checks it before it
/// may be installed: the leaf carries `spki` and exactly the names, the chain holds together,
/// and it leads to a trusted root (or that is a warning).
#[allow(clippy::too_many_arguments)]
fn collect(
    client: &Client,
    signer: &Signer,
    done: acme::protocol::types::Order,
    spki: &[u8],
    key: Option<KeyPair>,
    policy: &ChainPolicy,
    out: &Printer,
) -> Result<Issued> {
    let cert_url = done
        .certificate
        .context("the order is valid but names no certificate URL")?;
    out.step("Downloading the certificate");
    let chains = order::download(client, signer, &cert_url, policy.preferred_chain.is_some())?;
    let chosen = choose_chain(&chains, policy.preferred_chain, out)?;
    let certs = check_certificate(
        &chosen.pem,
        Some(spki),
        policy.identifiers,
        policy.extra_roots,
        policy.require_trusted_chain,
        &chosen.url,
        out,
    )?;
    let cert_pem = x509::to_pem(&certs[0].der);
    let chain_pem: String = certs[1..].iter().map(|c| x509::to_pem(&c.der)).collect();
    Ok(Issued {
        cert_pem,
        chain_pem,
        key,
        leaf: certs.into_iter().next().expect("checked non-empty"),
    })
}

/// The checks a certificate (PEM chain, leaf first) gets before it goes live, wherever it came
/// from — the CA's download here, another fleet node's version in `fleet::accept`: only
/// certificates, the leaf's key is `spki` (when known) and its names exactly `identifiers`, each
/// certificate signed by the next, the leaf valid now; a chain to no root this machine trusts
/// is refused when `require_trusted_chain` says why, and warned about otherwise. `source`
/// names where it came from, for the messages.
pub fn check_certificate(
    pem: &str,
    spki: Option<&[u8]>,
    identifiers: &[Identifier],
    extra_roots: &[openssl::x509::X509],
    require_trusted_chain: Option<&'static str>,
    source: &str,
    out: &Printer,
) -> Result<Vec<CertInfo>> {
    let certs = x509::check_chain(pem, spki, identifiers)
        .with_context(|| format!("refusing the certificate from {source}"))?;
    let ders: Vec<Vec<u8>> = certs.iter().map(|c| c.der.clone()).collect();
    chain::verify_structure(&ders, acme::time::now())
        .with_context(|| format!("refusing the certificate from {source}"))?;
    if let chain::Trust::Untrusted(why) = chain::trust(&ders, extra_roots)? {
        let text = format!(
            "the certificate chain from {source} leads to no root this machine trusts ({why})"
        );
        if let Some(why) = require_trusted_chain {
            bail!("{text}; refusing it ({why})");
        }
        out.warn(&format!(
            "{text}; installing it anyway (--require-trusted-chain refuses such chains)"
        ));
    }
    Ok(certs)
}

/// Every identifier in the order and in each of its authorizations must be one the user asked
/// for: a CA must not choose the names that reach solvers, hooks (`ACME_DOMAIN`,
/// `CERTBOT_DOMAIN`) and DNS updates. Checked before any solver or hook runs.
fn only_what_was_asked(
    order: &acme::protocol::types::Order,
    authzs: &[(String, Authorization)],
    asked: &[Identifier],
) -> Result<()> {
    let shown = || {
        asked
            .iter()
            .map(|i| i.value())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let foreign = |what: &str, value: &str| {
        anyhow!(
            "the CA sent {what} for {}, which this order did not ask for (it asked for {}); \
             refusing it before any challenge is set up or hook is run",
            acme::escape::escape(value),
            shown()
        )
    };
    for raw in &order.identifiers {
        match Identifier::from_json(raw) {
            Some(id) if asked.contains(&id) => {}
            _ => return Err(foreign("an order", &raw.to_string())),
        }
    }
    for (_, authz) in authzs {
        match order::authz_identifier(authz) {
            Some(id) if asked.contains(&id) => {}
            _ => return Err(foreign("an authorization", &authz.identifier.to_string())),
        }
    }
    Ok(())
}

/// Picks the solver's challenge in an authorization and builds its task.
fn challenge_task(
    authz: &Authorization,
    kind: &str,
    thumbprint: &str,
    account_url: &str,
) -> Result<(Task, String)> {
    let identifier = order::authz_identifier(authz).ok_or_else(|| {
        anyhow!("the CA sent an authorization for an identifier type this client does not know")
    })?;
    let Some(ch) = authz.challenge(kind) else {
        let offered: Vec<String> = authz
            .challenges
            .iter()
            .map(|c| acme::escape::escape(c.kind.as_str()).into_owned())
            .collect();
        let hint = if authz.wildcard {
            " (wildcard names can only be validated with dns-01)"
        } else {
            ""
        };
        return Err(crate::cli::error::usage(format!(
            "the CA offers no {kind} challenge for {identifier}{hint}; it offers: {}",
            offered.join(", ")
        )));
    };
    if kind == crate::challenges::dns_persist::CHALLENGE {
        // No token: the record names the CA and the account (draft-ietf-acme-dns-persist).
        if ch.issuer_domain_names.is_empty() {
            bail!(
                "the CA's dns-persist-01 challenge for {identifier} names no issuer-domain-names"
            );
        }
        let persist = crate::challenges::PersistTask {
            issuer_domain_names: ch.issuer_domain_names.clone(),
            account_url: account_url.to_string(),
        };
        return Ok((
            Task {
                identifier,
                token: String::new(),
                key_authorization: String::new(),
                persist: Some(persist),
            },
            ch.url.clone(),
        ));
    }
    // The token is checked here, before it can reach a path.
    let key_authorization = ch
        .key_authorization(thumbprint)
        .with_context(|| format!("refusing the challenge for {identifier}"))?;
    let token = ch.token.clone().unwrap_or_default();
    Ok((
        Task {
            identifier,
            token,
            key_authorization,
            persist: None,
        },
        ch.url.clone(),
    ))
}

/// Presents every challenge, triggers them, and waits for every authorization. The error lists
/// each failed name with where the CA looked and what it said.
#[allow(clippy::too_many_arguments)]
fn validate(
    client: &Client,
    signer: &Signer,
    solver: &mut dyn Solver,
    order_url: &str,
    pending: &[(String, Task, String)],
    tasks: &[Task],
    out: &Printer,
    record: &mut dyn FnMut(Spent),
    max_wait: Duration,
) -> Result<()> {
    crate::cli::interrupt::check()?;
    solver.present(tasks)?;
    for finding in solver.self_check(tasks)? {
        match finding.ok {
            true => out.detail(&finding.text),
            false => out.warn(&finding.text),
        }
    }
    for (_, task, _) in pending {
        out.detail(&format!("asking the CA to check {}", solver.describe(task)));
    }
    let challenge_urls: Vec<&str> = pending.iter().map(|(_, _, url)| url.as_str()).collect();
    order::respond_all(client, signer, &challenge_urls)?;
    out.step(&format!(
        "Waiting for the CA to validate {} name(s)",
        pending.len()
    ));
    // One name: watch its authorization. Several: watch the order, one request per look, and
    // read the authorizations only if it failed.
    let results: Vec<Authorization> = if let [(authz_url, _, _)] = pending {
        vec![order::wait_authorization(
            client, signer, authz_url, max_wait,
        )?]
    } else {
        let order = order::wait_validated(client, signer, order_url, max_wait)?;
        if order.status != Status::Pending
            && order.status != Status::Invalid
            && order.error.is_none()
        {
            return Ok(());
        }
        let urls: Vec<String> = pending.iter().map(|(url, _, _)| url.clone()).collect();
        let mut authzs = Vec::with_capacity(urls.len());
        for (url, authz) in order::authorizations(client, signer, &urls)? {
            // Some may still be in flight when another failed: wait for those too.
            authzs.push(match authz.status {
                Status::Pending | Status::Processing => {
                    order::wait_authorization(client, signer, &url, max_wait)?
                }
                _ => authz,
            });
        }
        authzs
    };
    let mut failures = Vec::new();
    let mut first_problem = None;
    for ((_, task, _), authz) in pending.iter().zip(&results) {
        if authz.status != Status::Valid {
            record(Spent::AuthzFailed(task.identifier.value()));
            if first_problem.is_none() {
                first_problem = authz.challenges.iter().find_map(|c| c.error.clone());
            }
            failures.push(format!(
                "{}: the CA checked {}\n  {}",
                task.identifier,
                solver.describe(task),
                order::failure_detail(authz).replace('\n', "\n  ")
            ));
        }
    }
    if !failures.is_empty() {
        let text = format!(
            "validation failed for {} name(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
        return Err(ValidationFailed {
            text,
            first_problem,
        }
        .into());
    }
    Ok(())
}

/// The CA could not validate some names. Carries the first challenge error so hints can use it.
#[derive(Debug)]
pub struct ValidationFailed {
    pub text: String,
    pub first_problem: Option<acme::protocol::Problem>,
}

impl std::fmt::Display for ValidationFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for ValidationFailed {}

/// Context of an error from placing the order (the newOrder request and its reply), so the
/// renewer can tell "the CA refused to create the order" from what came after.
#[derive(Debug)]
pub struct NewOrderFailed;

impl std::fmt::Display for NewOrderFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("placing the order failed")
    }
}

/// The default chain, or the alternate whose top certificate is issued by `preferred`.
fn choose_chain<'c>(
    chains: &'c [order::ChainDownload],
    preferred: Option<&str>,
    out: &Printer,
) -> Result<&'c order::ChainDownload> {
    let Some(want) = preferred else {
        return Ok(&chains[0]);
    };
    for chain in chains {
        let top = x509::pem_certificates(&chain.pem)?
            .pop()
            .map(|d| x509::parse(&d))
            .transpose()?;
        if top.as_ref().and_then(|t| t.issuer_cn.as_deref()) == Some(want) {
            return Ok(chain);
        }
    }
    out.note(&format!(
        "no chain ends under an issuer named {want:?}; using the CA's default chain"
    ));
    Ok(&chains[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use acme::protocol::types::Order;
    use serde_json::json;

    fn order(ids: serde_json::Value) -> Order {
        serde_json::from_value(
            json!({"status":"pending","identifiers":ids,"finalize":"https://ca/f"}),
        )
        .unwrap()
    }

    fn authz(value: &str, wildcard: bool) -> (String, Authorization) {
        let a = json!({"identifier":{"type":"dns","value":value},"status":"pending","wildcard":wildcard});
        ("https://ca/a".into(), serde_json::from_value(a).unwrap())
    }

    #[test]
    fn only_the_identifiers_asked_for_are_worked_on() {
        let asked =
            acme::identifiers::normalize(&["a.example".into(), "*.a.example".into()]).unwrap();
        let good =
            order(json!([{"type":"dns","value":"a.example"},{"type":"dns","value":"*.a.example"}]));
        let authzs = vec![authz("a.example", false), authz("a.example", true)];
        assert!(only_what_was_asked(&good, &authzs, &asked).is_ok());

        let err = only_what_was_asked(&good, &[authz("evil.example", false)], &asked).unwrap_err();
        assert!(err.to_string().contains("evil.example"), "{err}");
        // A wildcard authorization proves the wildcard, not the bare name.
        let only_bare = acme::identifiers::normalize(&["a.example".into()]).unwrap();
        assert!(
            only_what_was_asked(&order(json!([])), &[authz("a.example", true)], &only_bare)
                .is_err()
        );
        // A newline (an extra `update add` in an nsupdate heredoc) never matches, and is escaped.
        let err = only_what_was_asked(
            &order(json!([])),
            &[authz("a.example\nupdate add x", false)],
            &asked,
        )
        .unwrap_err()
        .to_string();
        assert!(!err.contains('\n'), "{err}");
        let extra =
            order(json!([{"type":"dns","value":"a.example"},{"type":"dns","value":"b.example"}]));
        assert!(only_what_was_asked(&extra, &[], &asked).is_err());
        let unknown = order(json!([{"type":"email","value":"a@a.example"}]));
        assert!(only_what_was_asked(&unknown, &[], &asked).is_err());
    }
}
