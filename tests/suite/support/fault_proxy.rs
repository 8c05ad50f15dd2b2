//! A fault-injecting HTTPS proxy between `acme` and Pebble (test support).
//!
//! It terminates TLS with its own `localhost` certificate (from a CA it makes up; give acme
//! `ca_bundle` through ACME_CA_BUNDLE), forwards each request to Pebble over TLS unchanged —
//! Host header included, so Pebble's absolute URLs name the proxy — and applies the first
//! matching [`Rule`] to the Nth request whose path contains the rule's substring.
//!
//! Small and blocking: a thread per connection, one request per connection (`Connection: close`),
//! every socket read and write bounded by a timeout; the accept loop stops on drop.

// Each test crate that includes this uses only part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{HasPublic, PKey, PKeyRef, Private};
use openssl::ssl::{SslAcceptor, SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::extension::{BasicConstraints, KeyUsage, SubjectAlternativeName};
use openssl::x509::{X509, X509Builder, X509NameBuilder};

const IO_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

/// What to do to one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Read the request, forward nothing, close with a TCP RST.
    Reset,
    /// Read the request, forward nothing, close cleanly without a reply.
    Drop,
    /// Forward the request (the CA acts on it), then reset instead of replying: a lost reply.
    ResetAfterForward,
    /// Wait this many milliseconds, then forward normally.
    Delay(u64),
    /// Answer this status (not forwarded), with `Retry-After: <secs>` if given.
    Status(u16, Option<u64>),
    /// Forward; send the headers with the full Content-Length but only half the body.
    Truncate,
    /// Forward; replace the body with broken JSON (same status and headers).
    InvalidJson,
    /// Forward; replace the body with 5 MiB of JSON whitespace around `{}`.
    HugeBody,
    /// Forward; replace the Content-Type with `text/html`.
    WrongContentType,
    /// Forward; set every challenge token in the (authorization) JSON to `../../escaped`.
    TokenWithDotDot,
    /// Forward; append a PRIVATE KEY PEM block to the (certificate chain) body.
    NonCertPemInChain,
    /// Forward; replace the leaf with one for `other.invalid`, fresh key, same chain after it.
    LeafForOtherNames,
    /// Forward; replace the leaf with one for the same names but another key.
    LeafForOtherKey,
    /// Answer this status with a problem of this type (not forwarded) and this exact
    /// `Retry-After` text (a hostile CA's: huge numbers, far dates).
    ProblemWithRetryAfter(u16, &'static str, String),
    /// Forward; an order or authorization that is `valid` is shown as still `processing`
    /// (orders, no certificate URL yet) or `pending` (authorizations), with this `Retry-After`.
    NotYet(String),
    /// Forward; the (authorization) identifier's value becomes this name.
    ForeignIdentifier(String),
    /// Forward; every URL in the JSON reply under this key (directory entry, `finalize`,
    /// `certificate`, each `authorizations` item, each challenge `url`) becomes `http://`.
    Cleartext(&'static str),
    /// Forward; the `Location` header (and `Link` headers) become `http://`.
    CleartextHeaders,
    /// Forward; set the JSON value at this pointer (`/meta/termsOfService`), creating it.
    SetJson(&'static str, serde_json::Value),
    /// Answer this status with a problem whose `detail` is this text (not forwarded).
    ProblemDetail(u16, String),
    /// Forward; the chain becomes: a leaf for the same names and key signed by the proxy's CA,
    /// then the rest of the CA's chain (which did not sign it).
    LeafNotSignedByChain,
    /// Forward; the real leaf, then a self-signed junk "intermediate" instead of the chain.
    JunkIntermediate,
    /// Forward; the chain becomes: a leaf for the same names and key signed by the proxy's CA
    /// with this validity (seconds from now) and, if false, a clientAuth-only EKU; then the
    /// proxy's CA (so every signature is good and only the leaf's own flaw shows).
    ForgedLeaf {
        not_before: i64,
        not_after: i64,
        server_auth: bool,
    },
}

/// Applies `fault` to the `nth` (1-based) request whose path contains `path`, and optionally
/// to `also` more matching requests after it.
#[derive(Clone, Debug)]
pub struct Rule {
    pub path: String,
    pub nth: usize,
    pub times: usize,
    pub fault: Fault,
}

impl Rule {
    pub fn nth(path: &str, nth: usize, fault: Fault) -> Rule {
        Rule {
            path: path.into(),
            nth,
            times: 1,
            fault,
        }
    }

    /// Every matching request from the first on.
    pub fn always(path: &str, fault: Fault) -> Rule {
        Rule {
            path: path.into(),
            nth: 1,
            times: usize::MAX,
            fault,
        }
    }
}

/// One request seen: method, path, and the fault applied (if any).
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub fault: Option<Fault>,
}

struct Shared {
    rules: Vec<Rule>,
    counts: Vec<usize>,
    seen: Vec<Seen>,
}

pub struct FaultProxy {
    pub port: u16,
    /// `https://localhost:<port>/dir`.
    pub directory_url: String,
    /// PEM holding the proxy's CA and Pebble's harness CA: pass as ACME_CA_BUNDLE.
    pub ca_bundle: PathBuf,
    stop: Arc<AtomicBool>,
    shared: Arc<Mutex<Shared>>,
    accept: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl FaultProxy {
    /// `upstream`: Pebble's listen port; `upstream_ca`: pebble.ca_bundle.
    pub fn start(upstream: u16, upstream_ca: &Path, rules: Vec<Rule>) -> FaultProxy {
        let dir = tempfile::tempdir().unwrap();
        let ca = TestCa::new();
        let (srv_cert, srv_key) = ca.issue(&["localhost"], true);
        let mut bundle = ca.cert.to_pem().unwrap();
        bundle.extend(std::fs::read(upstream_ca).expect("read upstream CA bundle"));
        let ca_bundle = dir.path().join("bundle.pem");
        std::fs::write(&ca_bundle, bundle).unwrap();

        let mut acc = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls_server()).unwrap();
        acc.set_certificate(&srv_cert).unwrap();
        acc.set_private_key(&srv_key).unwrap();
        acc.add_extra_chain_cert(ca.cert.clone()).unwrap();
        let acceptor = acc.build();
        let mut conn = SslConnector::builder(SslMethod::tls_client()).unwrap();
        conn.set_ca_file(upstream_ca).unwrap();
        conn.set_verify(SslVerifyMode::PEER);
        let connector = conn.build();

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let counts = vec![0; rules.len()];
        let shared = Arc::new(Mutex::new(Shared {
            rules,
            counts,
            seen: Vec::new(),
        }));
        let ctx = Arc::new(Ctx {
            acceptor,
            connector,
            upstream: SocketAddr::from(([127, 0, 0, 1], upstream)),
            ca,
            shared: shared.clone(),
        });
        let stop2 = stop.clone();
        let accept = thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((sock, _)) => {
                        let ctx = ctx.clone();
                        thread::spawn(move || {
                            let _ = ctx.serve(sock);
                        });
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        FaultProxy {
            port,
            directory_url: format!("https://localhost:{port}/dir"),
            ca_bundle,
            stop,
            shared,
            accept: Some(accept),
            _dir: dir,
        }
    }

    /// Every request seen so far, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.lock().unwrap().seen.clone()
    }

    /// From now on these rules apply, counted afresh (the CA starts misbehaving mid-test).
    pub fn set_rules(&self, rules: Vec<Rule>) {
        let mut shared = self.shared.lock().unwrap();
        shared.counts = vec![0; rules.len()];
        shared.rules = rules;
    }

    /// From now on every request is forwarded as it is (the CA recovered).
    pub fn clear_rules(&self) {
        let mut shared = self.shared.lock().unwrap();
        shared.rules.clear();
        shared.counts.clear();
    }

    /// How many faults were applied (a test whose fault never fired proves nothing).
    pub fn faults_applied(&self) -> usize {
        self.seen().iter().filter(|s| s.fault.is_some()).count()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

struct Ctx {
    acceptor: SslAcceptor,
    connector: SslConnector,
    upstream: SocketAddr,
    ca: TestCa,
    shared: Arc<Mutex<Shared>>,
}

struct Message {
    /// Request line or status line.
    first: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Message {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.into(), value.into()));
    }

    fn head_bytes(&self) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.first);
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.into_bytes()
    }
}

impl Ctx {
    fn serve(&self, sock: TcpStream) -> std::io::Result<()> {
        sock.set_nonblocking(false)?;
        sock.set_read_timeout(Some(IO_TIMEOUT))?;
        sock.set_write_timeout(Some(IO_TIMEOUT))?;
        let raw = sock.try_clone()?;
        let tls = self.acceptor.accept(sock).map_err(std::io::Error::other)?;
        let mut client = BufReader::new(tls);
        let Some(mut req) = read_message(&mut client, Body::LengthOnly)? else {
            return Ok(());
        };
        let mut parts = req.first.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("").to_string();
        let fault = self.pick(&method, &path);

        match &fault {
            Some(Fault::Reset) => {
                reset(&raw);
                return Ok(());
            }
            Some(Fault::Drop) => return Ok(()),
            Some(Fault::Delay(ms)) => thread::sleep(Duration::from_millis(*ms)),
            Some(Fault::ProblemDetail(code, detail)) => {
                let body = serde_json::json!({
                    "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                    "detail": detail,
                    "status": code,
                });
                let resp = Message {
                    first: format!("HTTP/1.1 {code} Fault"),
                    headers: vec![("Content-Type".into(), "application/problem+json".into())],
                    body: body.to_string().into_bytes(),
                };
                return send(client.get_mut(), resp, false);
            }
            Some(Fault::ProblemWithRetryAfter(code, kind, retry_after)) => {
                let body = format!(
                    r#"{{"type":"urn:ietf:params:acme:error:{kind}","detail":"fault proxy: come back later"}}"#
                );
                let mut resp = Message {
                    first: format!("HTTP/1.1 {code} Fault"),
                    headers: vec![("Content-Type".into(), "application/problem+json".into())],
                    body: body.into_bytes(),
                };
                resp.set_header("Retry-After", retry_after);
                return send(client.get_mut(), resp, false);
            }
            Some(Fault::Status(code, retry_after)) => {
                let body = format!(
                    r#"{{"type":"urn:ietf:params:acme:error:serverInternal","detail":"fault proxy: HTTP {code}"}}"#
                );
                let mut resp = Message {
                    first: format!("HTTP/1.1 {code} Fault"),
                    headers: vec![("Content-Type".into(), "application/problem+json".into())],
                    body: body.into_bytes(),
                };
                if let Some(s) = retry_after {
                    resp.set_header("Retry-After", &s.to_string());
                }
                return send(client.get_mut(), resp, false);
            }
            _ => {}
        }

        // HTTP/1.0 upstream: Go then neither chunks nor keeps the connection open.
        req.first = format!("{method} {path} HTTP/1.0");
        req.set_header("Connection", "close");
        let up = TcpStream::connect_timeout(&self.upstream, IO_TIMEOUT)?;
        up.set_read_timeout(Some(IO_TIMEOUT))?;
        up.set_write_timeout(Some(IO_TIMEOUT))?;
        let mut up = self
            .connector
            .connect("localhost", up)
            .map_err(std::io::Error::other)?;
        up.write_all(&req.head_bytes())?;
        up.write_all(&req.body)?;
        up.flush()?;
        let mut upr = BufReader::new(up);
        let kind = if method == "HEAD" {
            Body::None
        } else {
            Body::ToEof
        };
        let Some(mut resp) = read_message(&mut upr, kind)? else {
            return Ok(());
        };
        let mut truncate = false;
        match &fault {
            Some(Fault::ResetAfterForward) => {
                reset(&raw);
                return Ok(());
            }
            Some(Fault::Truncate) => truncate = true,
            Some(Fault::InvalidJson) => {
                resp.body = br#"{"status": "valid", "identifiers": ["#.to_vec()
            }
            Some(Fault::HugeBody) => {
                let mut body = vec![b' '; 5 * 1024 * 1024];
                body.extend_from_slice(b"{}");
                resp.body = body;
            }
            Some(Fault::WrongContentType) => resp.set_header("Content-Type", "text/html"),
            Some(Fault::NotYet(retry_after)) => {
                let mut v: serde_json::Value =
                    serde_json::from_slice(&resp.body).map_err(std::io::Error::other)?;
                if v["status"] == "valid" {
                    let order = v.get("finalize").is_some();
                    v["status"] = if order { "processing" } else { "pending" }.into();
                    if let Some(o) = v.as_object_mut() {
                        o.remove("certificate");
                    }
                }
                resp.body = v.to_string().into_bytes();
                resp.set_header("Retry-After", retry_after);
            }
            Some(Fault::ForeignIdentifier(name)) => {
                let mut v: serde_json::Value =
                    serde_json::from_slice(&resp.body).map_err(std::io::Error::other)?;
                v["identifier"]["value"] = name.as_str().into();
                resp.body = v.to_string().into_bytes();
            }
            Some(Fault::Cleartext(key)) => {
                let mut v: serde_json::Value =
                    serde_json::from_slice(&resp.body).map_err(std::io::Error::other)?;
                let http = |u: &mut serde_json::Value| {
                    if let Some(t) = u.as_str() {
                        *u = t.replacen("https://", "http://", 1).into();
                    }
                };
                match &mut v[*key] {
                    serde_json::Value::Array(items) => {
                        for item in items {
                            match item.get_mut("url") {
                                Some(u) => http(u),
                                None => http(item),
                            }
                        }
                    }
                    other => http(other),
                }
                resp.body = v.to_string().into_bytes();
            }
            Some(Fault::SetJson(pointer, value)) => {
                let mut v: serde_json::Value =
                    serde_json::from_slice(&resp.body).map_err(std::io::Error::other)?;
                let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
                if let Some(obj) = v.pointer_mut(parent).and_then(|p| p.as_object_mut()) {
                    obj.insert(key.to_string(), value.clone());
                }
                resp.body = v.to_string().into_bytes();
            }
            Some(Fault::LeafNotSignedByChain)
            | Some(Fault::JunkIntermediate)
            | Some(Fault::ForgedLeaf { .. }) => {
                let chain = X509::stack_from_pem(&resp.body).map_err(std::io::Error::other)?;
                let names: Vec<String> = chain[0]
                    .subject_alt_names()
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.dnsname().map(str::to_string))
                    .collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                let key = chain[0].public_key().map_err(std::io::Error::other)?;
                let now = unix_now();
                let mut out: Vec<X509> = Vec::new();
                match fault {
                    Some(Fault::LeafNotSignedByChain) => {
                        out.push(self.ca.issue_for_key(&names, &key));
                        out.extend(chain[1..].iter().cloned());
                    }
                    Some(Fault::JunkIntermediate) => {
                        out.push(chain[0].clone());
                        out.push(TestCa::new().cert);
                    }
                    Some(Fault::ForgedLeaf {
                        not_before,
                        not_after,
                        server_auth,
                    }) => {
                        out.push(self.ca.leaf_with(
                            &names,
                            &key,
                            now + not_before,
                            now + not_after,
                            server_auth,
                        ));
                        out.push(self.ca.cert.clone());
                    }
                    _ => unreachable!(),
                }
                resp.body = out.iter().flat_map(|c| c.to_pem().unwrap()).collect();
            }
            Some(Fault::CleartextHeaders) => {
                for (k, val) in &mut resp.headers {
                    if k.eq_ignore_ascii_case("location") || k.eq_ignore_ascii_case("link") {
                        *val = val.replace("https://", "http://");
                    }
                }
            }
            Some(Fault::TokenWithDotDot) => {
                let mut v: serde_json::Value =
                    serde_json::from_slice(&resp.body).map_err(std::io::Error::other)?;
                if let Some(chs) = v["challenges"].as_array_mut() {
                    for ch in chs {
                        ch["token"] = "../../escaped".into();
                    }
                }
                resp.body = v.to_string().into_bytes();
            }
            Some(Fault::NonCertPemInChain) => {
                let key = new_key().private_key_to_pem_pkcs8().unwrap();
                resp.body.extend_from_slice(&key);
            }
            Some(Fault::LeafForOtherNames) | Some(Fault::LeafForOtherKey) => {
                let chain = X509::stack_from_pem(&resp.body).map_err(std::io::Error::other)?;
                let names: Vec<String> = if matches!(fault, Some(Fault::LeafForOtherNames)) {
                    vec!["other.invalid".into()]
                } else {
                    chain[0]
                        .subject_alt_names()
                        .into_iter()
                        .flatten()
                        .filter_map(|n| n.dnsname().map(str::to_string))
                        .collect()
                };
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                // Other names keep the real leaf's key, so only the names are wrong.
                let leaf = if matches!(fault, Some(Fault::LeafForOtherNames)) {
                    let key = chain[0].public_key().map_err(std::io::Error::other)?;
                    self.ca.issue_for_key(&names, &key)
                } else {
                    self.ca.issue(&names, false).0
                };
                let mut body = leaf.to_pem().unwrap();
                for c in &chain[1..] {
                    body.extend(c.to_pem().unwrap());
                }
                resp.body = body;
            }
            _ => {}
        }
        send(client.get_mut(), resp, truncate)?;
        if truncate {
            reset(&raw);
        }
        Ok(())
    }

    fn pick(&self, method: &str, path: &str) -> Option<Fault> {
        let mut sh = self.shared.lock().unwrap();
        let mut chosen = None;
        for i in 0..sh.rules.len() {
            if !path.contains(sh.rules[i].path.as_str()) {
                continue;
            }
            sh.counts[i] += 1;
            let (n, rule) = (sh.counts[i], &sh.rules[i]);
            if chosen.is_none() && n >= rule.nth && n - rule.nth < rule.times {
                chosen = Some(rule.fault.clone());
            }
        }
        sh.seen.push(Seen {
            method: method.into(),
            path: path.into(),
            fault: chosen.clone(),
        });
        chosen
    }
}

/// Writes `resp` with a correct Content-Length (the original one when truncating, with half
/// the body), `Connection: close`.
fn send(w: &mut impl Write, mut resp: Message, truncate: bool) -> std::io::Result<()> {
    resp.headers.retain(|(k, _)| {
        !k.eq_ignore_ascii_case("transfer-encoding") && !k.eq_ignore_ascii_case("connection")
    });
    resp.set_header("Content-Length", &resp.body.len().to_string());
    resp.set_header("Connection", "close");
    if let Some(rest) = resp.first.strip_prefix("HTTP/1.0") {
        resp.first = format!("HTTP/1.1{rest}");
    }
    w.write_all(&resp.head_bytes())?;
    let body = if truncate {
        &resp.body[..resp.body.len() / 2]
    } else {
        &resp.body[..]
    };
    w.write_all(body)?;
    w.flush()
}

/// SO_LINGER 0 then shutdown: the peer sees a reset, not a clean close.
fn reset(sock: &TcpStream) {
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket fd and a correctly sized option value.
    unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            &linger as *const _ as *const libc::c_void,
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
    let _ = sock.shutdown(std::net::Shutdown::Both);
}

#[derive(PartialEq)]
enum Body {
    /// A request: a Content-Length body or none.
    LengthOnly,
    /// A reply to HEAD: never a body.
    None,
    /// A reply: Content-Length, else read to EOF (HTTP/1.0).
    ToEof,
}

/// Reads one HTTP/1.x message. None if the peer closed before sending anything.
fn read_message(r: &mut impl BufRead, kind: Body) -> std::io::Result<Option<Message>> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line)? == 0 {
            if head.is_empty() {
                return Ok(None);
            }
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(std::io::Error::other("header too large"));
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut msg = Message {
        first,
        headers,
        body: Vec::new(),
    };
    if kind == Body::None {
        return Ok(Some(msg));
    }
    match msg
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        Some(n) if n <= MAX_BODY => {
            msg.body = vec![0; n];
            r.read_exact(&mut msg.body)?;
        }
        Some(_) => return Err(std::io::Error::other("body too large")),
        None if kind == Body::LengthOnly => {}
        None => {
            r.take(MAX_BODY as u64).read_to_end(&mut msg.body)?;
        }
    }
    Ok(Some(msg))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn new_key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

/// A throwaway CA for the proxy's server certificate and forged leaves.
pub struct TestCa {
    pub cert: X509,
    key: PKey<Private>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let key = new_key();
        let mut b = builder("fault proxy test CA", &key);
        b.set_issuer_name(&name("fault proxy test CA")).unwrap();
        b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
            .unwrap();
        b.append_extension(KeyUsage::new().critical().key_cert_sign().build().unwrap())
            .unwrap();
        b.sign(&key, MessageDigest::sha256()).unwrap();
        TestCa {
            cert: b.build(),
            key,
        }
    }

    /// A leaf for `names` with a fresh key (plus 127.0.0.1 when `server`).
    pub fn issue(&self, names: &[&str], server: bool) -> (X509, PKey<Private>) {
        let key = new_key();
        (self.sign_leaf(names, &key, server), key)
    }

    /// A leaf for `names` carrying someone else's public key.
    pub fn issue_for_key<T: HasPublic>(&self, names: &[&str], key: &PKeyRef<T>) -> X509 {
        self.sign_leaf(names, key, false)
    }

    /// A leaf for `names` and `key` valid from `not_before` to `not_after` (Unix seconds),
    /// with a serverAuth EKU, or a clientAuth-only one.
    pub fn leaf_with<T: HasPublic>(
        &self,
        names: &[&str],
        key: &PKeyRef<T>,
        not_before: i64,
        not_after: i64,
        server_auth: bool,
    ) -> X509 {
        let mut b = builder(names.first().copied().unwrap_or("leaf"), key);
        b.set_not_before(&Asn1Time::from_unix(not_before).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::from_unix(not_after).unwrap())
            .unwrap();
        b.set_issuer_name(self.cert.subject_name()).unwrap();
        let ctx = b.x509v3_context(Some(&self.cert), None);
        let mut san = SubjectAlternativeName::new();
        for n in names {
            san.dns(n);
        }
        let san = san.build(&ctx).unwrap();
        b.append_extension(san).unwrap();
        let mut eku = openssl::x509::extension::ExtendedKeyUsage::new();
        if server_auth {
            eku.server_auth();
        } else {
            eku.client_auth();
        }
        b.append_extension(eku.build().unwrap()).unwrap();
        b.sign(&self.key, MessageDigest::sha256()).unwrap();
        b.build()
    }

    fn sign_leaf<T: HasPublic>(&self, names: &[&str], key: &PKeyRef<T>, server: bool) -> X509 {
        let mut b = builder(names.first().copied().unwrap_or("leaf"), key);
        b.set_issuer_name(self.cert.subject_name()).unwrap();
        let ctx = b.x509v3_context(Some(&self.cert), None);
        let mut san = SubjectAlternativeName::new();
        for n in names {
            san.dns(n);
        }
        if server {
            san.ip("127.0.0.1");
        }
        let san = san.build(&ctx).unwrap();
        b.append_extension(san).unwrap();
        b.sign(&self.key, MessageDigest::sha256()).unwrap();
        b.build()
    }
}

fn name(cn: &str) -> openssl::x509::X509Name {
    let mut n = X509NameBuilder::new().unwrap();
    n.append_entry_by_nid(Nid::COMMONNAME, cn).unwrap();
    n.build()
}

fn builder<T: HasPublic>(cn: &str, key: &PKeyRef<T>) -> X509Builder {
    let mut serial = BigNum::new().unwrap();
    serial.rand(127, MsbOption::MAYBE_ZERO, false).unwrap();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(&Asn1Integer::from_bn(&serial).unwrap())
        .unwrap();
    b.set_subject_name(&name(cn)).unwrap();
    b.set_pubkey(key).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    b.set_not_before(&Asn1Time::from_unix(now - 3600).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(30).unwrap())
        .unwrap();
    b
}
