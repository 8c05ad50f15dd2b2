//! The RFC 8555 client: the only code that talks to the CA. It knows nothing of disk or of the
//! command line.
//!
//! [`Client::post`] is the one door for signed requests: it owns nonces, `badNonce` retries and
//! backing off from overloaded servers, so no caller can forget them.

pub mod account;
pub mod ari;
pub mod jws;
pub mod order;
pub mod poll;
pub mod revoke;
pub mod tls;
pub mod transport;
pub mod types;
pub mod urls;

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::time::Duration;

pub use jws::Signer;
pub use transport::Response;
pub use types::{Directory, Problem};

/// How often a rejected nonce is retried: Pebble rejects 5 % by default (and tests use 50 %).
const BAD_NONCE_RETRIES: usize = 12;
/// How often a 5xx or connection failure is retried, and the longest a Retry-After is obeyed
/// in-line; a longer one is reported to the user instead.
const SERVER_RETRIES: usize = 3;
const MAX_INLINE_RETRY_AFTER: Duration = Duration::from_secs(30);

pub struct Client {
    transport: transport::Transport,
    pub directory: Directory,
    pub directory_url: String,
}

impl Client {
    /// Fetches the directory (RFC 8555 §7.1.1); every other URL comes from it.
    pub fn connect(directory_url: &str, ca_bundle: Option<&Path>, trace: bool) -> Result<Client> {
        let transport = transport::Transport::new(ca_bundle, trace)?;
        let resp = with_server_retries(|| transport.get(directory_url)).with_context(|| {
            format!("cannot reach the ACME server at {directory_url} (check --server, the network, and --ca-bundle for private CAs)")
        })?;
        if !resp.is_success() {
            bail!(
                "the ACME directory {directory_url} answered HTTP {}; is --server an ACME directory URL?",
                resp.status
            );
        }
        let directory: Directory = resp.json().with_context(|| {
            format!("{directory_url} is not an ACME directory (no newNonce/newAccount/newOrder)")
        })?;
        urls::check_directory(&directory)
            .with_context(|| format!("refusing the ACME directory {directory_url}"))?;
        Ok(Client {
            transport,
            directory,
            directory_url: directory_url.to_string(),
        })
    }

    pub fn request_count(&self) -> usize {
        self.transport.request_count()
    }

    /// A plain GET (directory, ARI renewalInfo); everything else is a signed POST.
    pub fn get(&self, url: &str) -> Result<Response> {
        with_server_retries(|| self.transport.get(url))
    }

    /// Signed POST with a JSON payload.
    pub fn post(
        &self,
        url: &str,
        payload: &serde_json::Value,
        signer: &Signer,
    ) -> Result<Response> {
        self.signed(url, &payload.to_string(), signer)
    }

    /// POST-as-GET (RFC 8555 §6.3): signed, empty payload.
    pub fn post_as_get(&self, url: &str, signer: &Signer) -> Result<Response> {
        self.signed(url, "", signer)
    }

    /// Signs and sends; retries `badNonce` with the nonce from the error (RFC 8555 §6.5: "the client
    /// SHOULD retry the request using the new nonce") and 5xx after backing off. A problem document
    /// comes back as an `Err` holding [`Problem`].
    fn signed(&self, url: &str, payload: &str, signer: &Signer) -> Result<Response> {
        let mut bad_nonces = 0;
        with_server_retries(|| {
            loop {
                let nonce = match self.transport.take_nonce() {
                    Some(n) => n,
                    None => self.transport.new_nonce(&self.directory.new_nonce)?,
                };
                let body = jws::sign(signer, url, Some(&nonce), payload)?;
                let resp = self.transport.post_jose(url, body)?;
                if resp.is_success() || resp.status >= 500 {
                    return Ok(resp);
                }
                let problem = problem_of(&resp);
                if problem.is("badNonce") && bad_nonces < BAD_NONCE_RETRIES {
                    bad_nonces += 1;
                    continue;
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

/// Calls `f` again when the server is overloaded or broken (5xx) or the connection failed, at most
/// [`SERVER_RETRIES`] more times, waiting as `Retry-After` says (or 1 s, 2 s, 4 s). A 5xx that
/// outlasts the retries is returned for the caller to report.
fn with_server_retries(mut f: impl FnMut() -> Result<Response>) -> Result<Response> {
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
        std::thread::sleep(wait);
    }
}

fn is_transport_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<ureq::Error>(),
            Some(
                ureq::Error::Io(_)
                    | ureq::Error::Timeout(_)
                    | ureq::Error::ConnectionFailed
                    | ureq::Error::HostNotFound
            )
        )
    })
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

/// The CA's problem document in an error chain, if the CA sent one.
pub fn find_problem(err: &anyhow::Error) -> Option<&Problem> {
    err.chain().find_map(|e| e.downcast_ref::<Problem>())
}
