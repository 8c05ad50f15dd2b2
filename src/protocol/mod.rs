//! The RFC 8555 client: the only code that talks to the CA. It knows nothing of disk or of the
//! command line.
//!
//! [`Client::post`] is the one door for signed requests: it owns nonces, `badNonce` retries and
//! backing off from overloaded servers, so no caller can forget them.

pub mod account;
pub mod ari;
pub mod challenge;
#[cfg(test)]
mod fake_ca;
mod handle;
pub mod jws;
pub mod order;
pub mod poll;
pub mod revoke;
pub mod tls;
pub mod transport;
pub mod types;
pub mod urls;

use anyhow::{Context, Result, bail};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::Error;
pub use handle::Account;
pub use jws::Signer;
pub use transport::{HttpTransport, Response, Transport, TransportError};
pub use types::{Directory, Problem, Subproblem};

/// How long one request keeps retrying rejected nonces. A count alone fails noisy CAs: at 60 %
/// rejection 13 in a row happen once in ~800 requests, about one issuance in 35. Time is what
/// a patient client spends, so the budget is time; the count cap only bounds the loop.
const BAD_NONCE_BUDGET: Duration = Duration::from_secs(60);
const BAD_NONCE_MAX_RETRIES: u32 = 1000;
/// Retries this many rejected nonces back to back (a fresh nonce usually works), then waits
/// a little longer before each further one so a CA that rejects everything is not hammered.
const BAD_NONCE_QUICK: u32 = 8;
const BAD_NONCE_LONGEST_WAIT: Duration = Duration::from_secs(2);
/// How often a 5xx or connection failure is retried, and the longest a Retry-After is obeyed
/// in-line; a longer one is reported to the user instead.
const SERVER_RETRIES: usize = 3;
const MAX_INLINE_RETRY_AFTER: Duration = Duration::from_secs(30);
/// Nonces kept for later requests: old ones expire server-side; a handful covers every
/// parallel caller.
const NONCE_POOL: usize = 16;

/// Time as the client sees it: a monotonic clock and a way to wait. Every wait of the client
/// (polls, back-off, badNonce retries) goes through [`Clock::sleep`], so a caller can cut it
/// short (an `Err` from `sleep` ends the operation with that error) and a test can run the
/// waits in no time.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> Instant;
    /// Waits `d`; an `Err` stops whatever was waiting.
    fn sleep(&self, d: Duration) -> Result<()>;
}

/// The real clock: [`Instant::now`] and [`std::thread::sleep`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, d: Duration) -> Result<()> {
        std::thread::sleep(d);
        Ok(())
    }
}

type Observer = Box<dyn Fn(&str) + Send + Sync>;

/// A connection to one ACME server (RFC 8555 §7.1): its directory, the nonce pool, and the one
/// door for every request.
///
/// [`Client::post`] is that door for signed requests: it owns nonces, `badNonce` retries and
/// backing off from overloaded servers, so no caller can forget them. A `Client` is `Sync`:
/// one may serve several threads.
pub struct Client {
    transport: Box<dyn Transport>,
    clock: Arc<dyn Clock>,
    observer: Option<Observer>,
    nonces: Mutex<Vec<String>>,
    requests: AtomicUsize,
    /// The server's directory (RFC 8555 §7.1.1): every URL the client uses comes from it.
    pub directory: Directory,
    /// The directory URL this client was made for.
    pub directory_url: String,
}

/// Options for a [`Client`]: extra trusted roots, another transport, a clock, an observer.
#[derive(Default)]
pub struct ClientBuilder {
    extra_roots: Vec<openssl::x509::X509>,
    transport: Option<Box<dyn Transport>>,
    clock: Option<Arc<dyn Clock>>,
    observer: Option<Observer>,
}

impl ClientBuilder {
    /// Trusts these roots beside the system's (a private CA, a test CA). Ignored when
    /// [`ClientBuilder::transport`] is given.
    pub fn extra_roots(mut self, roots: Vec<openssl::x509::X509>) -> Self {
        self.extra_roots = roots;
        self
    }

    /// Sends every request through `transport` instead of HTTPS.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }

    /// Reads time and waits through `clock` instead of [`SystemClock`].
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Calls `observer` with one line per request (`> POST url`) and reply (`< 201 url`):
    /// methods, URLs and statuses only, never a body (it may carry a CSR or an EAB binding).
    pub fn observer(mut self, observer: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.observer = Some(Box::new(observer));
        self
    }

    /// Fetches the directory at `directory_url` (RFC 8555 §7.1.1) and checks that its URLs
    /// are `https`. A directory URL that answers with an error status comes back as
    /// [`Error::Problem`] (made up from the status when the body is not a problem document),
    /// so a CA that is down (5xx) can be told from a wrong URL.
    pub fn connect(self, directory_url: &str) -> crate::error::Result<Client> {
        self.connect_anyhow(directory_url).map_err(Error::from)
    }

    fn connect_anyhow(self, directory_url: &str) -> Result<Client> {
        let transport = match self.transport {
            Some(t) => t,
            None => Box::new(HttpTransport::new(&self.extra_roots)?),
        };
        let mut client = Client {
            transport,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            observer: self.observer,
            nonces: Mutex::new(Vec::new()),
            requests: AtomicUsize::new(0),
            directory: Directory::default(),
            directory_url: directory_url.to_string(),
        };
        let resp = client.get_anyhow(directory_url).with_context(|| {
            format!("cannot reach the ACME server at {directory_url} (check --server, the network, and --ca-bundle for private CAs)")
        })?;
        if !resp.is_success() {
            // The reply as a problem, so a caller can tell a CA that is down (5xx) from a wrong URL.
            return Err(anyhow::Error::new(problem_of(&resp)).context(format!(
                "the ACME directory {directory_url} answered HTTP {}; is --server an ACME directory URL?",
                resp.status
            )));
        }
        let directory: Directory = resp.json().with_context(|| {
            format!("{directory_url} is not an ACME directory (no newNonce/newAccount/newOrder)")
        })?;
        urls::check_directory(&directory)
            .with_context(|| format!("refusing the ACME directory {directory_url}"))?;
        client.directory = directory;
        Ok(client)
    }
}

impl Client {
    /// Options for a client other than the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for `directory_url` over HTTPS with the system's roots: fetches the directory.
    pub fn connect(directory_url: &str) -> crate::error::Result<Client> {
        Client::builder().connect(directory_url)
    }

    /// How many HTTP requests this client has sent.
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// The clock every wait of this client goes through.
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    fn note(&self, line: impl FnOnce() -> String) {
        if let Some(observer) = &self.observer {
            observer(&line());
        }
    }

    /// Sends one request through the transport: counts it, tells the observer, keeps the
    /// reply's nonce.
    fn exchange(
        &self,
        method: &str,
        url: &str,
        send: impl FnOnce(&dyn Transport) -> Result<Response>,
    ) -> Result<Response> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.note(|| format!("> {method} {url}"));
        let resp = send(&*self.transport)?;
        self.note(|| format!("< {} {url}", resp.status));
        if let Some(n) = &resp.nonce
            && transport::is_nonce(n)
        {
            let mut pool = self.nonces.lock().unwrap();
            pool.push(n.clone());
            if pool.len() > NONCE_POOL {
                pool.remove(0);
            }
        }
        Ok(resp)
    }

    fn take_nonce(&self) -> Option<String> {
        self.nonces.lock().unwrap().pop()
    }

    /// HEAD newNonce (RFC 8555 §7.2): the nonce arrives in the reply's headers.
    fn new_nonce(&self) -> Result<String> {
        let url = &self.directory.new_nonce;
        // No retries of its own: every caller is a signed request, whose whole attempt
        // (this HEAD included) the server retries already cover.
        let resp = self.exchange("HEAD", url, |t| t.head(url))?;
        match self.take_nonce() {
            Some(n) => Ok(n),
            None => bail!(
                "the CA's newNonce endpoint {url} answered HTTP {} without a Replay-Nonce header",
                resp.status
            ),
        }
    }

    /// A plain GET (directory, ARI renewalInfo); everything else is a signed POST. Any reply
    /// is an `Ok`, whatever its status (after retrying a 5xx); an `Err` is
    /// [`Error::Transport`] when no reply came.
    pub fn get(&self, url: &str) -> crate::error::Result<Response> {
        self.get_anyhow(url).map_err(Error::from)
    }

    fn get_anyhow(&self, url: &str) -> Result<Response> {
        with_server_retries(self.clock(), || self.exchange("GET", url, |t| t.get(url)))
    }

    /// Signed POST with a JSON payload. A refusal comes back as [`Error::Problem`] with the
    /// CA's problem document; no reply as [`Error::Transport`].
    pub fn post(
        &self,
        url: &str,
        payload: &serde_json::Value,
        signer: &Signer,
    ) -> crate::error::Result<Response> {
        self.signed(url, &payload.to_string(), signer)
            .map_err(Error::from)
    }

    /// POST-as-GET (RFC 8555 §6.3): signed, empty payload; errors as [`Client::post`].
    pub fn post_as_get(&self, url: &str, signer: &Signer) -> crate::error::Result<Response> {
        self.signed(url, "", signer).map_err(Error::from)
    }

    /// Signs and sends; retries `badNonce` with the nonce from the error (RFC 8555 §6.5: "the client
    /// SHOULD retry the request using the new nonce") and 5xx after backing off. A problem document
    /// comes back as an `Err` holding [`Problem`].
    fn signed(&self, url: &str, payload: &str, signer: &Signer) -> Result<Response> {
        let mut bad_nonces = 0;
        let mut first_bad_nonce: Option<Instant> = None;
        with_server_retries(self.clock(), || {
            loop {
                let nonce = match self.take_nonce() {
                    Some(n) => n,
                    None => self.new_nonce()?,
                };
                let body = jws::sign(signer, url, Some(&nonce), payload)?;
                let resp = self.exchange("POST", url, |t| t.post_jose(url, body))?;
                if resp.is_success() || resp.status >= 500 {
                    return Ok(resp);
                }
                let problem = problem_of(&resp);
                if problem.is("badNonce") {
                    let now = self.clock.now();
                    let since = *first_bad_nonce.get_or_insert(now);
                    if let Some(wait) =
                        bad_nonce_wait(bad_nonces, now.saturating_duration_since(since))
                    {
                        bad_nonces += 1;
                        self.clock.sleep(wait)?;
                        continue;
                    }
                }
                return Err(
                    anyhow::Error::new(problem).context(format!("the CA refused POST {url}"))
                );
            }
        })
        .and_then(|resp| {
            if resp.is_success() {
                Ok(resp)
            } else {
                Err(anyhow::Error::new(problem_of(&resp))
                    .context(format!("the CA failed POST {url}")))
            }
        })
    }
}

/// Whether to retry after `retries` rejected nonces in a row, `elapsed` after the first one, and
/// after what wait: none for the first few, then 50 ms doubling to 2 s; `None` once the time
/// budget (or the count cap) is spent.
fn bad_nonce_wait(retries: u32, elapsed: Duration) -> Option<Duration> {
    if retries >= BAD_NONCE_MAX_RETRIES {
        return None;
    }
    let wait = match retries.checked_sub(BAD_NONCE_QUICK) {
        None => Duration::ZERO,
        Some(n) => Duration::from_millis(50)
            .saturating_mul(1 << n.min(10))
            .min(BAD_NONCE_LONGEST_WAIT),
    };
    (elapsed + wait <= BAD_NONCE_BUDGET).then_some(wait)
}

/// Calls `f` again when the server is overloaded or broken (5xx) or the connection failed, at most
/// [`SERVER_RETRIES`] more times, waiting as `Retry-After` says (or 1 s, 2 s, 4 s). A 5xx that
/// outlasts the retries is returned for the caller to report.
fn with_server_retries(
    clock: &dyn Clock,
    mut f: impl FnMut() -> Result<Response>,
) -> Result<Response> {
    let mut attempt = 0;
    loop {
        let outcome = f();
        let wait = match &outcome {
            Ok(r) if r.status >= 500 => r.retry_after.unwrap_or(Duration::from_secs(1 << attempt)),
            Err(e) if is_transport_error(e) => Duration::from_secs(1 << attempt),
            _ => return outcome,
        };
        if attempt >= SERVER_RETRIES || wait > MAX_INLINE_RETRY_AFTER {
            return outcome;
        }
        attempt += 1;
        clock.sleep(wait)?;
    }
}

/// Whether `e` holds a [`TransportError`] (anyhow finds a context type at any depth), or an
/// [`Error::Transport`]: the request never got an HTTP answer.
pub fn is_transport_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<TransportError>().is_some()
        || e.chain()
            .any(|c| c.downcast_ref::<Error>().is_some_and(Error::is_transport))
}

/// The problem document of an error reply, or one made up from the status when the body is not one.
pub fn problem_of(resp: &Response) -> Problem {
    let mut p = serde_json::from_slice::<Problem>(&resp.body).unwrap_or_else(|_| Problem {
        kind: "about:blank".into(),
        detail: format!(
            "HTTP {} with a body that is not a problem document: {:?}",
            resp.status,
            String::from_utf8_lossy(&resp.body)
                .chars()
                .take(200)
                .collect::<String>()
        ),
        ..Problem::default()
    });
    p.status.get_or_insert(resp.status);
    p.retry_after = resp.retry_after;
    p
}

/// The CA's problem document in an error chain, if the CA sent one: a [`Problem`] in the
/// chain, or the one an [`Error::Problem`] in it holds.
pub fn find_problem(err: &anyhow::Error) -> Option<&Problem> {
    err.chain().find_map(|e| {
        e.downcast_ref::<Problem>()
            .or_else(|| e.downcast_ref::<Error>().and_then(Error::problem))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8555 §6.5: badNonce "SHOULD" be retried with the new nonce. The budget is time, so a
    /// long unlucky streak on a noisy CA is still retried; only a CA that keeps rejecting for a
    /// minute (or a thousand times) is given up on.
    #[test]
    fn bad_nonce_retries_are_bounded_by_time_not_by_a_short_count() {
        let ms = |r, secs| bad_nonce_wait(r, Duration::from_secs(secs)).map(|d| d.as_millis());
        let cases = [
            (0, 0, Some(0)),
            (7, 0, Some(0)),
            (8, 0, Some(50)),
            (9, 1, Some(100)),
            (13, 1, Some(1600)),
            (20, 5, Some(2000)),
            (40, 59, None), // a 2 s wait would overrun the minute
            (40, 58, Some(2000)),
            (3, 60, Some(0)),
            (3, 61, None),
            (BAD_NONCE_MAX_RETRIES, 0, None),
        ];
        for (retries, secs, want) in cases {
            assert_eq!(ms(retries, secs), want, "retries {retries} after {secs} s");
        }
    }
}
