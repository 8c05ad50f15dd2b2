//! The http-01 self-check: before the CA is asked, fetch each challenge URL from this host and
//! compare the answer with the key authorization. A wrong answer stops issuance before any
//! challenge is triggered (a failed validation counts against the CA's limits); a name that does
//! not resolve or connect from here (hairpin NAT, split horizon) is only a warning.
//!
//! Plain HTTP/1.0 over a std `TcpStream`: this is not the CA, so it does not go through
//! `protocol/`.

use anyhow::{Result, bail};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Finding, Solver, Task, http01_url};
use acme::identifiers::Identifier;

const RESOLVE_TIMEOUT: Duration = Duration::from_secs(2);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// The whole exchange with one server, connect to last byte.
const FETCH_TIMEOUT: Duration = Duration::from_secs(3);
const MAX_RESPONSE: usize = 64 * 1024;
/// RFC 8555 §10.2 lets servers follow redirects; the CAs follow up to 10, this check a few.
const MAX_REDIRECTS: usize = 4;

/// The user's self-check settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelfCheck {
    pub enabled: bool,
    /// Connect here instead of resolving the name (split horizon, NAT, tests).
    pub via: Option<SocketAddr>,
}

impl Default for SelfCheck {
    fn default() -> Self {
        SelfCheck {
            enabled: true,
            via: None,
        }
    }
}

/// A solver whose http-01 challenges are checked from this host before they are triggered.
pub struct SelfChecked<'a> {
    inner: Box<dyn Solver + 'a>,
    check: SelfCheck,
}

/// Wraps `inner` so [`Solver::self_check`] fetches its http-01 answers as `check` says.
pub fn wrap<'a>(inner: Box<dyn Solver + 'a>, check: SelfCheck) -> Box<dyn Solver + 'a> {
    Box::new(SelfChecked { inner, check })
}

impl Solver for SelfChecked<'_> {
    fn challenge_type(&self) -> &'static str {
        self.inner.challenge_type()
    }
    fn prepare(&mut self) -> Result<()> {
        self.inner.prepare()
    }
    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        self.inner.present(tasks)
    }
    fn describe(&self, task: &Task) -> String {
        self.inner.describe(task)
    }
    fn cleanup(&mut self) -> Result<()> {
        self.inner.cleanup()
    }

    fn self_check(&self, tasks: &[Task]) -> Result<Vec<Finding>> {
        if !self.check.enabled || self.inner.challenge_type() != "http-01" {
            return self.inner.self_check(tasks);
        }
        // One thread per name: unreachable names cost one timeout in all, not one each.
        let via = self.check.via;
        let outcomes: Vec<Outcome> = std::thread::scope(|s| {
            let handles: Vec<_> = tasks
                .iter()
                .map(|t| s.spawn(move || check_task(t, via)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Outcome::Unreachable("the check panicked".into()))
                })
                .collect()
        });
        let mut findings = Vec::new();
        let mut wrong = Vec::new();
        for outcome in outcomes {
            match outcome {
                Outcome::Ok(text) => findings.push(Finding::ok(text)),
                Outcome::Unreachable(text) => findings.push(Finding::warn(format!(
                    "{text}; going on without the self-check for this name"
                ))),
                Outcome::Wrong(text) => wrong.push(text),
            }
        }
        if !wrong.is_empty() {
            bail!(
                "the self-check found {} challenge(s) the CA would not accept, so none was \
                 triggered:\n{}\nFix the web server, or if the CA reaches a different server than \
                 this host does, use --self-check-via <ip:port> or --no-self-check",
                wrong.len(),
                wrong.join("\n")
            );
        }
        Ok(findings)
    }
}

enum Outcome {
    Ok(String),
    /// Could not ask from here: advice only.
    Unreachable(String),
    /// A server answered with something the CA would reject.
    Wrong(String),
}

/// Fetches the challenge URL of `task` (via `via` if given), following plain-HTTP redirects.
fn check_task(task: &Task, via: Option<SocketAddr>) -> Outcome {
    let first = http01_url(&task.identifier, &task.token);
    let host = host_of(&task.identifier);
    let mut url = Url {
        host: host.clone(),
        port: 80,
        path: format!("/.well-known/acme-challenge/{}", task.token),
    };
    for _ in 0..=MAX_REDIRECTS {
        let target = match via {
            Some(v) if url.host == host && url.port == 80 => vec![v],
            _ => match resolve(&url.host, url.port) {
                Ok(a) => a,
                Err(e) => {
                    return Outcome::Unreachable(format!(
                        "self-check: {} does not resolve from this host ({e})",
                        url.host
                    ));
                }
            },
        };
        let shown = url.to_string();
        let (addr, reply) = match fetch(&target, &url) {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Unreachable(format!("self-check: could not fetch {shown}: {e}"));
            }
        };
        let from = match shown == first {
            true => format!("fetched {shown} from {addr}"),
            false => format!("fetched {first}, redirected to {shown}, from {addr}"),
        };
        let expected = format!("expected HTTP 200 with {:?}", task.key_authorization);
        match reply {
            Reply::Status(200, body) => {
                if body.trim_end() == task.key_authorization {
                    return Outcome::Ok(format!(
                        "self-check: {from}: it answers with the key authorization"
                    ));
                }
                return Outcome::Wrong(format!(
                    "  {}: {from}: got HTTP 200 with {}; {expected}",
                    task.identifier,
                    excerpt(&body)
                ));
            }
            Reply::Redirect(code, location) => match url.follow(&location) {
                Some(next) if next.https => {
                    return Outcome::Unreachable(format!(
                        "self-check: {shown} redirects to {location}, which this check does not follow"
                    ));
                }
                Some(next) => url = next.url,
                None => {
                    return Outcome::Wrong(format!(
                        "  {}: {from}: got HTTP {code} redirecting to {location:?}, which is not an \
                         http(s) URL; {expected}",
                        task.identifier
                    ));
                }
            },
            Reply::Status(code, _) => {
                return Outcome::Wrong(format!(
                    "  {}: {from}: got HTTP {code}; {expected}",
                    task.identifier
                ));
            }
            Reply::Garbage => {
                return Outcome::Wrong(format!(
                    "  {}: {from}: the answer is not HTTP; {expected}",
                    task.identifier
                ));
            }
        }
    }
    Outcome::Wrong(format!(
        "  {}: fetching {first} was redirected more than {MAX_REDIRECTS} times",
        task.identifier
    ))
}

fn host_of(id: &Identifier) -> String {
    match id {
        Identifier::Ip(IpAddr::V6(ip)) => format!("[{ip}]"),
        other => other.value(),
    }
}

fn excerpt(body: &str) -> String {
    if body.is_empty() {
        return "an empty body".into();
    }
    let cut: String = body.chars().take(60).collect();
    let more = if cut.len() < body.len() { "…" } else { "" };
    format!("{cut:?}{more}")
}

/// Resolves with a time limit: the system resolver has none of its own.
fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
    let (tx, rx) = mpsc::channel();
    let name = format!("{}:{port}", host);
    // Detached on timeout: getaddrinfo cannot be cancelled, and the thread ends on its own.
    std::thread::spawn(move || {
        let _ = tx.send(name.to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    match rx.recv_timeout(RESOLVE_TIMEOUT) {
        Ok(Ok(addrs)) if !addrs.is_empty() => Ok(addrs),
        Ok(Ok(_)) => Err("no addresses".into()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {} s", RESOLVE_TIMEOUT.as_secs())),
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Url {
    /// As in a Host header: a name, an IPv4 address or a bracketed IPv6 address.
    host: String,
    port: u16,
    path: String,
}

struct Next {
    https: bool,
    url: Url,
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            80 => write!(f, "http://{}{}", self.host, self.path),
            p => write!(f, "http://{}:{p}{}", self.host, self.path),
        }
    }
}

impl Url {
    /// Where a `Location` header leads from here; None if it is not an http(s) URL or path.
    fn follow(&self, location: &str) -> Option<Next> {
        if location.starts_with('/') && !location.starts_with("//") {
            let url = Url {
                path: location.to_string(),
                ..self.clone()
            };
            return Some(Next { https: false, url });
        }
        let (https, rest) = if let Some(r) = location.strip_prefix("http://") {
            (false, r)
        } else if let Some(r) = location.strip_prefix("https://") {
            (true, r)
        } else {
            return None;
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let default = if https { 443 } else { 80 };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !p.contains(']') => (h, p.parse().ok()?),
            _ => (authority, default),
        };
        if host.is_empty() {
            return None;
        }
        Some(Next {
            https,
            url: Url {
                host: host.to_ascii_lowercase(),
                port,
                path: path.to_string(),
            },
        })
    }

    fn host_header(&self) -> String {
        match self.port {
            80 => self.host.clone(),
            p => format!("{}:{p}", self.host),
        }
    }
}

enum Reply {
    Status(u16, String),
    Redirect(u16, String),
    Garbage,
}

/// GET `url` from the first of `addrs` that accepts a connection.
fn fetch(addrs: &[SocketAddr], url: &Url) -> Result<(SocketAddr, Reply), String> {
    let mut last = String::from("no address to connect to");
    for addr in addrs.iter().take(4) {
        match TcpStream::connect_timeout(addr, CONNECT_TIMEOUT) {
            Ok(stream) => return exchange(stream, url).map(|r| (*addr, r)),
            Err(e) => last = format!("cannot connect to {addr}: {e}"),
        }
    }
    Err(last)
}

fn exchange(mut stream: TcpStream, url: &Url) -> Result<Reply, String> {
    let deadline = Instant::now() + FETCH_TIMEOUT;
    let io = |e: std::io::Error| e.to_string();
    stream.set_write_timeout(Some(FETCH_TIMEOUT)).map_err(io)?;
    let request = format!(
        "GET {} HTTP/1.0\r\nHost: {}\r\nUser-Agent: acme/{} (self-check)\r\nAccept: */*\r\n\
         Connection: close\r\n\r\n",
        url.path,
        url.host_header(),
        env!("CARGO_PKG_VERSION")
    );
    stream.write_all(request.as_bytes()).map_err(io)?;
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while data.len() < MAX_RESPONSE {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!(
                "no complete answer within {} s",
                FETCH_TIMEOUT.as_secs()
            ));
        }
        stream.set_read_timeout(Some(left)).map_err(io)?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(parse_reply(&data))
}

fn parse_reply(data: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(data);
    let (head, body) = match text.find("\r\n\r\n") {
        Some(i) => (&text[..i], &text[i + 4..]),
        None => match text.find("\n\n") {
            Some(i) => (&text[..i], &text[i + 2..]),
            None => (&text[..], ""),
        },
    };
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    let mut parts = status.split_whitespace();
    let code = match (
        parts.next(),
        parts.next().and_then(|c| c.parse::<u16>().ok()),
    ) {
        (Some(v), Some(c)) if v.starts_with("HTTP/") => c,
        _ => return Reply::Garbage,
    };
    if matches!(code, 301 | 302 | 303 | 307 | 308) {
        let location = lines.find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("location")
                .then(|| v.trim().to_string())
        });
        if let Some(location) = location {
            return Reply::Redirect(code, location);
        }
    }
    Reply::Status(code, body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(host: &str, port: u16, path: &str) -> Url {
        Url {
            host: host.into(),
            port,
            path: path.into(),
        }
    }

    #[test]
    fn redirects_resolve_against_the_current_url() {
        let here = url("a.example", 80, "/.well-known/acme-challenge/t");
        let f = |l: &str| here.follow(l).map(|n| (n.https, n.url));
        assert_eq!(f("/x"), Some((false, url("a.example", 80, "/x"))));
        assert_eq!(
            f("http://B.example/y"),
            Some((false, url("b.example", 80, "/y")))
        );
        assert_eq!(
            f("http://b.example:8080"),
            Some((false, url("b.example", 8080, "/")))
        );
        assert_eq!(
            f("https://b.example/z"),
            Some((true, url("b.example", 443, "/z")))
        );
        assert_eq!(f("http://[::1]/z"), Some((false, url("[::1]", 80, "/z"))));
        assert_eq!(
            f("http://[::1]:81/z"),
            Some((false, url("[::1]", 81, "/z")))
        );
        assert_eq!(f("ftp://b.example/"), None);
        assert_eq!(f("http:///nohost"), None);
        assert_eq!(f("//b.example/x"), None);
    }

    #[test]
    fn replies_are_classified() {
        let r = parse_reply(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc\n");
        assert!(matches!(r, Reply::Status(200, ref b) if b == "abc\n"));
        let r = parse_reply(b"HTTP/1.0 301 Moved\r\nlocation: /elsewhere\r\n\r\n");
        assert!(matches!(r, Reply::Redirect(301, ref l) if l == "/elsewhere"));
        let r = parse_reply(b"HTTP/1.0 404 Not Found\r\n\r\nnope");
        assert!(matches!(r, Reply::Status(404, ref b) if b == "nope"));
        assert!(matches!(
            parse_reply(b"\x16\x03\x01 garbage"),
            Reply::Garbage
        ));
        assert!(matches!(parse_reply(b""), Reply::Garbage));
    }

    #[test]
    fn a_served_token_passes_and_a_missing_one_stops_against_a_loopback_responder() {
        use crate::challenges::listen::ListenAddr;
        use crate::challenges::standalone::Standalone;
        let task = |token: &str| Task {
            identifier: Identifier::Dns("a.example".into()),
            token: token.into(),
            key_authorization: format!("{token}.thumb"),
            persist: None,
        };
        let mut responder = Standalone::new(ListenAddr {
            address: Some("127.0.0.1".parse().unwrap()),
            port: 0,
        });
        responder.prepare().unwrap();
        let via = responder.bound()[0];
        responder.present(&[task("served")]).unwrap();
        let checked = |t: &Task| check_task(t, Some(via));
        assert!(matches!(checked(&task("served")), Outcome::Ok(_)));
        match checked(&task("missing")) {
            Outcome::Wrong(text) => {
                assert!(text.contains("HTTP 404"), "{text}");
                assert!(text.contains(&format!("from {via}")), "{text}");
                assert!(text.contains("missing.thumb"), "{text}");
            }
            _ => panic!("a 404 must stop"),
        }
        responder.cleanup().unwrap();
        assert!(matches!(checked(&task("served")), Outcome::Unreachable(_)));
    }

    /// A loopback server that answers every request with `reply` (`{port}` is replaced by its
    /// own port), for the cases the responders never produce.
    fn canned(reply: &'static str) -> SocketAddr {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in l.incoming().take(8) {
                let Ok(mut s) = stream else { continue };
                let mut buf = [0u8; 2048];
                let _ = s.read(&mut buf);
                let _ = s.write_all(reply.replace("{port}", &addr.port().to_string()).as_bytes());
            }
        });
        addr
    }

    fn task() -> Task {
        Task {
            identifier: Identifier::Dns("a.example".into()),
            token: "tok".into(),
            key_authorization: "tok.thumb".into(),
            persist: None,
        }
    }

    #[test]
    fn other_content_stops_and_trailing_whitespace_passes() {
        let via = canned("HTTP/1.0 200 OK\r\n\r\nhello from the default site\n");
        match check_task(&task(), Some(via)) {
            Outcome::Wrong(t) => assert!(t.contains("HTTP 200 with \"hello from"), "{t}"),
            _ => panic!("other content must stop"),
        }
        let via = canned("HTTP/1.0 200 OK\r\n\r\ntok.thumb\r\n");
        assert!(matches!(check_task(&task(), Some(via)), Outcome::Ok(_)));
    }

    #[test]
    fn redirects_are_followed_to_the_final_answer() {
        // Round and round: stop after a few hops, as the CA would.
        let via = canned("HTTP/1.0 302 Found\r\nLocation: /elsewhere\r\n\r\n");
        match check_task(&task(), Some(via)) {
            Outcome::Wrong(t) => assert!(t.contains("redirected more than"), "{t}"),
            _ => panic!("a redirect loop must stop"),
        }
        // To https: not followed here, so only a warning.
        let via = canned("HTTP/1.0 301 Moved\r\nLocation: https://a.example/x\r\n\r\n");
        assert!(matches!(
            check_task(&task(), Some(via)),
            Outcome::Unreachable(_)
        ));
    }
}
