//! Orders, authorizations, challenges and certificate download
//! ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4),
//! [§7.5](https://www.rfc-editor.org/rfc/rfc8555#section-7.5)).

use crate::error::{Context, Error, Result};
use serde_json::json;
use std::time::Duration;

use super::types::{Authorization, Challenge, Order, Status};
use super::{Client, Signer, poll, urls};
use crate::crypto::b64url;
use crate::identifiers::Identifier;

/// An order and the URL it lives at (the `Location` of newOrder is the only place it appears).
pub struct OrderHandle {
    /// The order URL, polled with POST-as-GET.
    pub url: String,
    /// The order object as the CA last sent it.
    pub order: Order,
}

/// What the newOrder request asks for beyond the identifiers.
#[derive(Default)]
pub struct OrderOptions<'a> {
    /// [RFC 9773 §5](https://www.rfc-editor.org/rfc/rfc9773#section-5): the ARI CertID of the
    /// certificate this one replaces.
    pub replaces: Option<&'a str>,
    /// draft-ietf-acme-profiles.
    pub profile: Option<&'a str>,
}

/// Places a newOrder for `ids`
/// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)) and checks that every URL
/// in the reply is HTTPS. A refusal is [`Error::Problem`] (e.g. `rejectedIdentifier` with a
/// subproblem per name, `rateLimited` with its `Retry-After`).
pub fn new_order(
    client: &Client,
    signer: &Signer,
    ids: &[Identifier],
    opts: &OrderOptions,
) -> Result<OrderHandle> {
    let mut payload =
        json!({"identifiers": ids.iter().map(Identifier::to_json).collect::<Vec<_>>()});
    if let Some(r) = opts.replaces {
        payload["replaces"] = json!(r);
    }
    if let Some(p) = opts.profile {
        payload["profile"] = json!(p);
    }
    let resp = client.post(&client.directory.new_order, &payload, signer)?;
    let url = resp
        .location
        .clone()
        .context("the CA created an order but sent no Location header for it")?;
    urls::require_https("the order (Location)", &url)?;
    let order: Order = resp.json()?;
    urls::check_order(&order)?;
    Ok(OrderHandle { url, order })
}

/// Fetches every authorization of an order, in parallel when there are several: each is one
/// independent round trip.
pub fn authorizations(
    client: &Client,
    signer: &Signer,
    urls: &[String],
) -> Result<Vec<(String, Authorization)>> {
    in_parallel(urls, |url| {
        let resp = client
            .post_as_get(url, signer)
            .with_context(|| format!("fetching the authorization {url} failed"))?;
        let authz: Authorization = resp.json()?;
        urls::check_authorization(&authz)?;
        Ok((url.clone(), authz))
    })
}

/// Runs `f` over `items` on up to 8 threads at a time (each call is one independent round trip
/// to the CA), keeping the order of `items`; the first error wins.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    const PARALLEL: usize = 8;
    if items.len() <= 1 {
        return items.iter().map(&f).collect();
    }
    let mut out = Vec::with_capacity(items.len());
    for batch in items.chunks(PARALLEL) {
        let f = &f;
        let results: Vec<Result<R>> = std::thread::scope(|s| {
            let handles: Vec<_> = batch.iter().map(|item| s.spawn(move || f(item))).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("request thread panicked"))
                .collect()
        });
        for r in results {
            out.push(r?);
        }
    }
    Ok(out)
}

/// Triggers every challenge (in parallel when there are several).
pub fn respond_all(client: &Client, signer: &Signer, challenge_urls: &[&str]) -> Result<()> {
    in_parallel(challenge_urls, |url| respond(client, signer, url)).map(|_| ())
}

/// Polls the order until the CA has finished validating it (no longer `pending`), within `limit`:
/// one request per look however many names the order has. An order that failed validation is
/// `invalid` ([RFC 8555 §7.1.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.6)) or, on some
/// CAs, still `pending` with its `error` set; both come back for the caller to inspect the
/// authorizations. Time running out first is [`Error::Other`] holding [`NotValidatedYet`].
pub fn wait_validated(
    client: &Client,
    signer: &Signer,
    order_url: &str,
    limit: Duration,
) -> Result<Order> {
    poll_until(
        client,
        signer,
        order_url,
        limit,
        "the order",
        |o: &Order| o.status != Status::Pending || o.error.is_some(),
    )
}

/// POST-as-GET `url` on the [`poll::delay`] schedule (the first look after a wait: what was just
/// asked of the CA is still being done) until `done` holds, within `limit`.
fn poll_until<T: serde::de::DeserializeOwned>(
    client: &Client,
    signer: &Signer,
    url: &str,
    limit: Duration,
    what: &str,
    done: impl Fn(&T) -> bool,
) -> Result<T> {
    let deadline = poll::Deadline::new(limit, client.clock());
    let mut retry_after = None;
    for attempt in 0.. {
        client
            .clock()
            .sleep(deadline.next_sleep(attempt, retry_after))?;
        let resp = client.post_as_get(url, signer)?;
        let value: T = resp.json()?;
        if done(&value) {
            return Ok(value);
        }
        // The last look was at (or after) the deadline.
        if deadline.passed() {
            return Err(Error::Other(anyhow::Error::new(NotValidatedYet {
                what: what.to_string(),
                url: url.to_string(),
                waited: deadline.waited(),
                limit,
            })));
        }
        retry_after = resp.retry_after;
    }
    unreachable!()
}

/// Tells the CA the challenge is ready
/// ([RFC 8555 §7.5.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.5.1): the payload is exactly
/// `{}`).
pub fn respond(client: &Client, signer: &Signer, challenge_url: &str) -> Result<()> {
    let err = match client.post(challenge_url, &json!({}), signer) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    // A retry after a lost reply is refused by strict CAs once the challenge has moved on; the
    // first try did reach the CA then, and the authorization poll tells how it went.
    if err.problem().is_some() {
        let moved_on = client
            .post_as_get(challenge_url, signer)
            .ok()
            .and_then(|r| r.json::<Challenge>().ok())
            .is_some_and(|ch| ch.status != Status::Pending);
        if moved_on {
            return Ok(());
        }
    }
    Err(err.context(format!("triggering the challenge {challenge_url} failed")))
}

/// Polls an authorization until it is no longer pending, within `limit`. When time runs out
/// first the error is [`Error::Other`] holding [`NotValidatedYet`] (see
/// [`crate::error::Error::find`]).
pub fn wait_authorization(
    client: &Client,
    signer: &Signer,
    url: &str,
    limit: Duration,
) -> Result<Authorization> {
    poll_until(
        client,
        signer,
        url,
        limit,
        "the authorization",
        |a: &Authorization| !matches!(a.status, Status::Pending | Status::Processing),
    )
}

/// Sends the CSR ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)) and polls
/// until the certificate is issued, within `limit` (see [`wait_issued`] for how that ends).
pub fn finalize(
    client: &Client,
    signer: &Signer,
    handle: &OrderHandle,
    csr_der: &[u8],
    limit: Duration,
) -> Result<Order> {
    let sent = client.post(
        &handle.order.finalize,
        &json!({"csr": b64url(csr_der)}),
        signer,
    );
    let resp = match sent {
        Ok(resp) => resp,
        // The connection failed after the CA acted on the request, and the retry was refused
        // because the order had moved on: carry on with the order rather than lose the
        // certificate it is issuing (a wrong one is still caught by the key check later).
        Err(e) if e.problem().is_some_and(|p| p.is("orderNotReady")) => {
            let resp = client
                .post_as_get(&handle.url, signer)
                .context("finalizing the order failed")?;
            let order: Order = resp.json()?;
            if !matches!(order.status, Status::Processing | Status::Valid) {
                return Err(e.context("finalizing the order failed"));
            }
            resp
        }
        Err(e) => return Err(e.context("finalizing the order failed")),
    };
    let order: Order = resp.json()?;
    wait_issued(client, signer, &handle.url, order, resp.retry_after, limit)
}

/// An order as the CA shows it now (POST-as-GET), its URLs checked, and the reply's
/// `Retry-After`.
pub fn fetch_order(
    client: &Client,
    signer: &Signer,
    url: &str,
) -> Result<(Order, Option<Duration>)> {
    let resp = client
        .post_as_get(url, signer)
        .with_context(|| format!("fetching the order {url} failed"))?;
    let order: Order = resp.json()?;
    urls::check_order(&order)?;
    Ok((order, resp.retry_after))
}

/// Polls a finalized `order` (as last seen) until the CA has issued its certificate, within
/// `limit`. An order the CA marks `invalid` ends it with [`Error::Problem`] (the order's
/// `error`); time running out first with [`Error::NotIssuedYet`].
pub fn wait_issued(
    client: &Client,
    signer: &Signer,
    order_url: &str,
    mut order: Order,
    mut retry_after: Option<Duration>,
    limit: Duration,
) -> Result<Order> {
    let deadline = poll::Deadline::new(limit, client.clock());
    for attempt in 0.. {
        match &order.status {
            Status::Valid => return Ok(order),
            Status::Processing | Status::Ready | Status::Pending => {}
            Status::Invalid => match &order.error {
                Some(p) => {
                    return Err(Error::from(
                        anyhow::Error::new(p.clone()).context("the CA marked the order invalid"),
                    ));
                }
                None => {
                    return Err(Error::msg(
                        "the CA marked the order invalid without saying why",
                    ));
                }
            },
            other => {
                return Err(Error::msg(format!(
                    "the order is in the state {other:?}, which this client cannot finish"
                )));
            }
        }
        // The last look was at (or after) the deadline.
        if attempt > 0 && deadline.passed() {
            return Err(Error::NotIssuedYet(NotIssuedYet {
                order_url: order_url.to_string(),
                waited: deadline.waited(),
                limit,
            }));
        }
        client
            .clock()
            .sleep(deadline.next_sleep(attempt, retry_after))?;
        (order, retry_after) = fetch_order(client, signer, order_url)?;
    }
    unreachable!()
}

/// The CA was still validating (the order or an authorization stayed `pending`) when the
/// deadline came: it did not say the challenge failed, it did not finish.
#[derive(Debug)]
pub struct NotValidatedYet {
    /// What was polled: "the order" or "the authorization".
    pub what: String,
    /// Its URL.
    pub url: String,
    /// How long this run waited.
    pub waited: Duration,
    /// The wait limit that ran out.
    pub limit: Duration,
}

impl std::fmt::Display for NotValidatedYet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the CA had not validated {} {} after waiting {} (the limit is {} s; --max-wait \
             raises it)",
            self.what,
            self.url,
            poll::describe(self.waited),
            self.limit.as_secs()
        )
    }
}

impl std::error::Error for NotValidatedYet {}

/// The order was finalized but the CA had not issued its certificate by the deadline: the
/// certificate may still come, at `order_url`.
#[derive(Debug)]
pub struct NotIssuedYet {
    /// The order to poll later for the certificate.
    pub order_url: String,
    /// How long this run waited.
    pub waited: Duration,
    /// The wait limit that ran out.
    pub limit: Duration,
}

impl std::fmt::Display for NotIssuedYet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the CA had not issued the certificate after waiting {} (order {}; the limit is {} s, \
             --max-wait raises it)",
            poll::describe(self.waited),
            self.order_url,
            self.limit.as_secs()
        )
    }
}

impl std::error::Error for NotIssuedYet {}

/// A PEM chain as the CA sent it, and the URL it came from.
pub struct ChainDownload {
    /// The order's `certificate` URL, or an alternate one from a `Link` header.
    pub url: String,
    /// `application/pem-certificate-chain` text, leaf first
    /// ([RFC 8555 §9.1](https://www.rfc-editor.org/rfc/rfc8555#section-9.1)); not yet checked: see
    /// [`crate::x509::check_chain`].
    pub pem: String,
}

/// Downloads the certificate chain, and each alternate chain (`Link: rel="alternate"`,
/// [RFC 8555 §7.4.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.4.2)) when `alternates` is
/// set.
pub fn download(
    client: &Client,
    signer: &Signer,
    url: &str,
    alternates: bool,
) -> Result<Vec<ChainDownload>> {
    let fetch = |u: &str| -> Result<(ChainDownload, Vec<String>)> {
        let resp = client
            .post_as_get(u, signer)
            .with_context(|| format!("downloading the certificate {u} failed"))?;
        let links = resp.link("alternate").map(str::to_string).collect();
        let pem = String::from_utf8(resp.body)
            .map_err(anyhow::Error::new)
            .context("the certificate chain is not text")?;
        Ok((
            ChainDownload {
                url: u.to_string(),
                pem,
            },
            links,
        ))
    };
    urls::require_https("the certificate", url)?;
    let (first, links) = fetch(url)?;
    let mut out = vec![first];
    if alternates {
        for link in links.iter().take(8) {
            urls::require_https("an alternate chain (Link)", link)?;
            out.push(fetch(link)?.0);
        }
    }
    Ok(out)
}

/// What to show for a failed authorization: the CA's own words, per challenge.
pub fn failure_detail(authz: &Authorization) -> String {
    let mut lines = Vec::new();
    for ch in &authz.challenges {
        if let Some(err) = &ch.error {
            lines.push(format!("{} challenge: {err}", ch.kind));
        }
    }
    if lines.is_empty() {
        lines.push(format!(
            "the authorization is {} and the CA gave no reason",
            authz.status
        ));
    }
    lines.join("\n")
}

/// Reads an identifier from an authorization for matching against the order.
pub fn authz_identifier(authz: &Authorization) -> Option<Identifier> {
    let id = Identifier::from_json(&authz.identifier)?;
    Some(match id {
        Identifier::Dns(n) if authz.wildcard => Identifier::Dns(format!("*.{n}")),
        other => other,
    })
}
