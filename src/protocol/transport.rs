//! HTTP to the CA behind the [`Transport`] trait: [`HttpTransport`] speaks HTTPS through ureq
//! and OpenSSL; a test can put an in-process CA in its place. Signing, nonces and retries live
//! one level up, in [`super::Client`]; this file knows HTTP only.

use anyhow::{Context, Result};
use openssl::x509::X509;
use std::time::Duration;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, TcpConnector};

use crate::time;

/// The largest body accepted from a CA: a 100-name chain is tens of kilobytes.
const MAX_BODY: u64 = 4 * 1024 * 1024;

/// A CA's reply, with the headers ACME gives meaning to.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// `Location`: the URL of a created account or order (RFC 8555 §7.3, §7.4).
    pub location: Option<String>,
    /// `Retry-After`, read by [`parse_retry_after`] (RFC 8555 §6.6, §7.5.1).
    pub retry_after: Option<Duration>,
    /// `Replay-Nonce` (RFC 8555 §6.5.1) as sent; the client keeps it only when it is base64url.
    pub nonce: Option<String>,
    /// `Link` headers as (rel, url) (RFC 8288; RFC 8555 §7.4.2 alternate chains).
    pub links: Vec<(String, String)>,
    /// `Content-Type`, lower case.
    pub content_type: String,
    /// The body, at most 4 MiB.
    pub body: Vec<u8>,
}

impl Response {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Whether the body is a problem document (RFC 7807, RFC 8555 §6.7).
    pub fn is_problem(&self) -> bool {
        self.content_type.starts_with("application/problem+json")
    }

    /// The body as JSON of type `T`; an error quotes the start of the body.
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

    /// The URLs of the `Link` headers with relation `rel`.
    pub fn link(&self, rel: &str) -> impl Iterator<Item = &str> {
        self.links
            .iter()
            .filter(move |(r, _)| r == rel)
            .map(|(_, u)| u.as_str())
    }
}

/// How requests reach the CA. [`HttpTransport`] is the real one; an implementation may also
/// answer in-process, so that retries, polling and recovery are tested without a network.
///
/// An `Err` means no HTTP reply was had (connection refused, timeout, unreadable reply); every
/// reply, whatever its status, is an `Ok`. Errors that mean "try again" carry a
/// [`TransportError`] in their chain.
pub trait Transport: Send + Sync {
    /// A plain GET: the directory and ARI's renewalInfo (RFC 8555 §7.1.1, RFC 9773 §4.2).
    fn get(&self, url: &str) -> Result<Response>;
    /// A HEAD, used on newNonce (RFC 8555 §7.2).
    fn head(&self, url: &str) -> Result<Response>;
    /// A POST of a JWS with `Content-Type: application/jose+json` (RFC 8555 §6.2).
    fn post_jose(&self, url: &str, body: String) -> Result<Response>;
}

/// A request that got no reply, from a cause that may pass: the connection failed or timed out.
/// [`super::Client`] retries these as it retries a 5xx.
#[derive(Debug)]
pub struct TransportError(pub String);

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TransportError {}

/// HTTPS through one pooled ureq agent and OpenSSL: the system's trust store plus any extra
/// roots, `https` only, no redirects, a `User-Agent` naming this crate (RFC 8555 §6.1).
pub struct HttpTransport {
    agent: ureq::Agent,
}

impl HttpTransport {
    /// A transport trusting the system's roots and `extra_roots` (private CAs, test CAs).
    pub fn new(extra_roots: &[X509]) -> Result<HttpTransport> {
        let tls = super::tls::OpensslConnector::new(extra_roots).context("cannot set up TLS")?;
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
        Ok(HttpTransport { agent })
    }

    fn finish(
        result: std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        method: &str,
        url: &str,
    ) -> Result<Response> {
        let mut resp = result.map_err(|e| failed(e, format!("{method} {url} failed")))?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = text("location");
        let retry_after = text("retry-after").and_then(|v| parse_retry_after(&v, time::now()));
        let nonce = text("replay-nonce");
        let content_type = text("content-type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let links = headers
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(parse_link_header)
            .collect();
        let body = if method == "HEAD" {
            Vec::new()
        } else {
            resp.body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_vec()
                .map_err(|e| failed(e, format!("reading the reply from {url} failed")))?
        };
        Ok(Response {
            status,
            location,
            retry_after,
            nonce,
            links,
            content_type,
            body,
        })
    }
}

/// `what` failed with `e`; a [`TransportError`] when trying again may help (the connection
/// failed, was reset or timed out).
fn failed(e: ureq::Error, what: String) -> anyhow::Error {
    let passing = matches!(
        e,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
    );
    let err = anyhow::Error::new(e);
    if passing {
        err.context(TransportError(what))
    } else {
        err.context(what)
    }
}

impl Transport for HttpTransport {
    fn get(&self, url: &str) -> Result<Response> {
        Self::finish(self.agent.get(url).call(), "GET", url)
    }

    fn head(&self, url: &str) -> Result<Response> {
        Self::finish(self.agent.head(url).call(), "HEAD", url)
    }

    fn post_jose(&self, url: &str, body: String) -> Result<Response> {
        let sent = self
            .agent
            .post(url)
            .header("Content-Type", "application/jose+json")
            .send(body);
        Self::finish(sent, "POST", url)
    }
}

/// RFC 8555 §6.5.1: a nonce is base64url; anything else is not worth sending back.
pub fn is_nonce(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The certificates of a PEM bundle, for [`HttpTransport::new`]'s extra roots.
pub fn roots_from_pem(pem: &[u8]) -> Result<Vec<X509>> {
    match X509::stack_from_pem(pem) {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        _ => anyhow::bail!("no PEM certificate found"),
    }
}

/// The longest `Retry-After` taken from a reply: anything longer is read as this. Each use
/// clamps further (a poll to the time left, a rate-limit guard to its own cap); this ceiling
/// only keeps every sum of times finite.
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
