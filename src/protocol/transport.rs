//! HTTP to the CA: one pooled agent, the nonce pool, response headers ACME cares about.
//! Signing and retries live one level up, in [`super::Client`]; this file knows HTTP only.

use anyhow::{Context, Result, bail};
use openssl::x509::X509;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, TcpConnector};

use crate::time;

/// The largest body accepted from a CA: a 100-name chain is tens of kilobytes.
const MAX_BODY: u64 = 4 * 1024 * 1024;

pub struct Response {
    pub status: u16,
    pub location: Option<String>,
    pub retry_after: Option<Duration>,
    /// `Link` headers as (rel, url).
    pub links: Vec<(String, String)>,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn is_problem(&self) -> bool {
        self.content_type.starts_with("application/problem+json")
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).with_context(|| {
            let preview: String = String::from_utf8_lossy(&self.body)
                .chars()
                .take(200)
                .collect();
            format!(
                "the CA sent a reply that is not the JSON expected (HTTP {}): {preview:?}",
                self.status
            )
        })
    }

    pub fn link(&self, rel: &str) -> impl Iterator<Item = &str> {
        self.links
            .iter()
            .filter(move |(r, _)| r == rel)
            .map(|(_, u)| u.as_str())
    }
}

pub struct Transport {
    agent: ureq::Agent,
    nonces: Mutex<Vec<String>>,
    requests: AtomicUsize,
    trace: bool,
}

impl Transport {
    /// `ca_bundle` adds trusted roots to the system's (private CAs, test CAs).
    pub fn new(ca_bundle: Option<&Path>, trace: bool) -> Result<Transport> {
        let extra = match ca_bundle {
            None => Vec::new(),
            Some(path) => extra_roots(path)?,
        };
        let tls = super::tls::OpensslConnector::new(&extra).context("cannot set up TLS")?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Every URL is checked where it arrives (protocol::urls); this is the backstop.
            .https_only(true)
            .user_agent(concat!("acme/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(60)))
            .max_redirects(0)
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            TcpConnector::default().chain(tls),
            DefaultResolver::default(),
        );
        Ok(Transport {
            agent,
            nonces: Mutex::new(Vec::new()),
            requests: AtomicUsize::new(0),
            trace,
        })
    }

    /// How many HTTP requests this transport has sent.
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn take_nonce(&self) -> Option<String> {
        self.nonces.lock().unwrap().pop()
    }

    fn keep_nonce(&self, headers: &ureq::http::HeaderMap) {
        if let Some(n) = headers.get("replay-nonce").and_then(|v| v.to_str().ok()) {
            // RFC 8555 §6.5.1: the value is base64url; anything else is not worth sending back.
            if !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                let mut pool = self.nonces.lock().unwrap();
                pool.push(n.to_string());
                // Old nonces expire server-side; a handful covers every parallel caller.
                if pool.len() > 16 {
                    pool.remove(0);
                }
            }
        }
    }

    pub fn get(&self, url: &str) -> Result<Response> {
        self.note("GET", url);
        let resp = self
            .agent
            .get(url)
            .call()
            .with_context(|| format!("GET {url} failed"))?;
        self.finish(resp, url)
    }

    /// HEAD newNonce (RFC 8555 §7.2): the nonce arrives in the reply's headers.
    pub fn new_nonce(&self, url: &str) -> Result<String> {
        self.note("HEAD", url);
        let resp = self
            .agent
            .head(url)
            .call()
            .with_context(|| format!("HEAD {url} failed"))?;
        let status = resp.status().as_u16();
        self.trace_status(status);
        crate::runlog::line(&format!("< {status} {url}"));
        self.keep_nonce(resp.headers());
        match self.take_nonce() {
            Some(n) => Ok(n),
            None => bail!(
                "the CA's newNonce endpoint {url} answered HTTP {status} without a Replay-Nonce header"
            ),
        }
    }

    pub fn post_jose(&self, url: &str, body: String) -> Result<Response> {
        self.note("POST", url);
        let resp = self
            .agent
            .post(url)
            .header("Content-Type", "application/jose+json")
            .send(body)
            .with_context(|| format!("POST {url} failed"))?;
        self.finish(resp, url)
    }

    fn note(&self, method: &str, url: &str) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        // Method and URL only: a body may carry a CSR or an EAB binding.
        crate::runlog::line(&format!("> {method} {url}"));
        if self.trace {
            eprintln!("> {method} {url}");
        }
    }

    fn trace_status(&self, status: u16) {
        if self.trace {
            eprintln!("< HTTP {status}");
        }
    }

    fn finish(&self, mut resp: ureq::http::Response<ureq::Body>, url: &str) -> Result<Response> {
        let status = resp.status().as_u16();
        self.trace_status(status);
        crate::runlog::line(&format!("< {status} {url}"));
        let headers = resp.headers();
        self.keep_nonce(headers);
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = text("location");
        let retry_after = text("retry-after").and_then(|v| parse_retry_after(&v, time::now()));
        let content_type = text("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let links = headers
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(parse_link_header)
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .with_context(|| format!("reading the reply from {url} failed"))?;
        Ok(Response {
            status,
            location,
            retry_after,
            links,
            content_type,
            body,
        })
    }
}

/// The roots in a `--ca-bundle` file; the system's stay trusted beside them.
fn extra_roots(path: &Path) -> Result<Vec<X509>> {
    let pem = std::fs::read(path)
        .with_context(|| format!("cannot read the CA bundle {}", path.display()))?;
    match X509::stack_from_pem(&pem) {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        _ => Err(crate::error::usage(format!(
            "{} holds no PEM certificate; pass a PEM CA bundle",
            path.display()
        ))),
    }
}

/// The longest `Retry-After` taken from a reply: anything longer is read as this. Each use
/// clamps further (a poll to the time left, the rate-limit guard to
/// [`crate::limits::RETRY_AFTER_CAP`]); this ceiling only keeps every sum of times finite.
pub const RETRY_AFTER_CEILING: Duration = Duration::from_secs(7 * 86400);

/// `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). The CA may say
/// anything: a number too large for any integer type, or a date in year 9999, both read as
/// [`RETRY_AFTER_CEILING`]; a date in the past is zero.
pub fn parse_retry_after(value: &str, now: i64) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(RETRY_AFTER_CEILING));
    }
    let t = time::parse_http_date(value)?;
    let secs = u64::try_from(t.saturating_sub(now)).unwrap_or(0);
    Some(Duration::from_secs(secs).min(RETRY_AFTER_CEILING))
}

/// `<url>;rel="alternate", <url2>; rel=up` → [(alternate, url), (up, url2)] (RFC 8288).
pub fn parse_link_header(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in value.split(',') {
        let mut pieces = part.split(';');
        let Some(url) = pieces
            .next()
            .map(str::trim)
            .and_then(|u| u.strip_prefix('<')?.strip_suffix('>'))
        else {
            continue;
        };
        for param in pieces {
            if let Some((k, v)) = param.split_once('=')
                && k.trim().eq_ignore_ascii_case("rel")
            {
                for rel in v.trim().trim_matches('"').split_whitespace() {
                    out.push((rel.to_string(), url.to_string()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(parse_retry_after("120", 0), Some(Duration::from_secs(120)));
        let now = time::parse_rfc3339("1994-11-06T08:49:00Z").unwrap();
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(37))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 100),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
        assert_eq!(parse_retry_after("-5", 0), None);
    }

    /// A hostile CA's Retry-After never overflows anything: huge numbers and far dates read as
    /// the ceiling.
    #[test]
    fn huge_retry_after_values_are_read_as_the_ceiling() {
        let now = time::now();
        for v in [
            "315360000",
            "18446744073709551615",
            "99999999999999999999999999999",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            assert_eq!(parse_retry_after(v, now), Some(RETRY_AFTER_CEILING), "{v}");
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 99999999999999999 08:49:37 GMT", now),
            None
        );
    }

    #[test]
    fn link_headers_with_several_values() {
        let links = parse_link_header(
            r#"<https://ca/cert/1/1>;rel="alternate", <https://ca/dir>; rel=index"#,
        );
        assert_eq!(
            links,
            vec![
                ("alternate".into(), "https://ca/cert/1/1".into()),
                ("index".into(), "https://ca/dir".into())
            ]
        );
    }
}
