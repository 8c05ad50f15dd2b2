//! A small synchronous etcd v3 client over etcd's JSON gateway (`POST /v3/kv/range`, `/v3/kv/put`,
//! `/v3/kv/txn`, `/v3/kv/deleterange`, `/v3/lease/*`, `/v3/watch`, `/v3/auth/authenticate`).
//!
//! Why the gateway and not gRPC: acme is synchronous and already carries ureq; the gateway speaks
//! plain HTTP/1.1 JSON, every etcd 3.4+ serves it on the client port, and the handful of calls a
//! fleet needs fit in this file. Keys and values travel base64-encoded; 64-bit integers come back
//! as JSON strings; false booleans and zero numbers are omitted from answers.
//!
//! Every call is bounded in time ([`CALL_TIMEOUT`]) and fails over to the next endpoint when one
//! is unreachable or answers "unavailable" (a member without a leader, a leader change), at most
//! [`ROUNDS`] times round the endpoint list. All keys given to this client are relative to its
//! prefix; it never reads or writes outside it.

use anyhow::{Context, Result, anyhow, bail};
use openssl::x509::X509;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The longest a single gateway call may take.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// How many times a call goes round the endpoint list before it gives up.
pub const ROUNDS: usize = 4;
/// Pause between rounds, long enough for a Raft election with default timeouts.
const ROUND_PAUSE: Duration = Duration::from_millis(700);

/// Where and how to reach the cluster, as a node's fleet setting names it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// `http://host:port` or `https://host:port`, one per member the node may talk to.
    pub endpoints: Vec<String>,
    /// Every key lives under `<prefix>/`; no leading or trailing slash.
    pub prefix: String,
    /// Extra roots (PEM) trusted for `https` endpoints.
    pub ca_bundle: Option<PathBuf>,
    /// Client certificate chain (PEM) and its key, for clusters that require client auth.
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
    /// etcd user name; its password is read from `password_file` (never from the command line).
    pub user: Option<String>,
    pub password_file: Option<PathBuf>,
}

impl Config {
    /// Parses `etcds://h1:2379,h2:2379/prefix` (HTTPS) or `etcd://127.0.0.1:2379/prefix` (plain
    /// HTTP, refused to anything but loopback: it would carry the etcd password in clear).
    pub fn parse_url(url: &str) -> Result<Config> {
        let (scheme, rest) = url.split_once("://").with_context(|| {
            format!("{url:?} is not an etcd URL: write etcd://host:port[,host:port…]/prefix")
        })?;
        let http = match scheme {
            "etcd" => "http",
            "etcds" => "https",
            _ => bail!(
                "{url:?}: unknown scheme {scheme:?}; use etcds:// (TLS) or etcd:// (plain HTTP, loopback only)"
            ),
        };
        let (hosts, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let prefix = prefix.trim_matches('/');
        if prefix.is_empty() {
            bail!(
                "{url:?} names no prefix: write etcd://host:port/prefix so acme keeps to its own keys"
            );
        }
        if !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
            || prefix
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..")
        {
            bail!(
                "{url:?}: the prefix may hold letters, digits, '-', '_', '.' and single '/' between parts"
            );
        }
        let mut endpoints = Vec::new();
        for host in hosts.split(',') {
            let host = host.trim();
            let ok = !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'));
            if !ok {
                bail!("{url:?}: {host:?} is not a host[:port]");
            }
            let with_port = if host
                .rsplit_once(':')
                .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
                && !host.ends_with(']')
            {
                host.to_string()
            } else {
                format!("{host}:2379")
            };
            if http == "http" && !is_loopback(&with_port) {
                bail!(
                    "{url:?}: etcd:// is plain HTTP, which sends the etcd password, the auth token and \
                     every value (renewal confs, certificates, http-01 answers) in clear and lets anyone \
                     on the path rewrite them; acme accepts it only to loopback (127.0.0.1, ::1, \
                     localhost). Use etcds://{hosts}/{prefix} (TLS; --etcd-ca names the CA that \
                     signed the etcd servers' certificates)"
                );
            }
            endpoints.push(format!("{http}://{with_port}"));
        }
        Ok(Config {
            endpoints,
            prefix: prefix.to_string(),
            ..Config::default()
        })
    }

    /// The URL form again (`etcd://…/prefix`), for messages and the node setting.
    pub fn url(&self) -> String {
        let tls = self.endpoints.iter().any(|e| e.starts_with("https://"));
        let hosts: Vec<&str> = self
            .endpoints
            .iter()
            .map(|e| e.split_once("://").map_or(e.as_str(), |(_, h)| h))
            .collect();
        let scheme = if tls { "etcds" } else { "etcd" };
        format!("{scheme}://{}/{}", hosts.join(","), self.prefix)
    }
}

/// Whether `host:port` (or `[v6]:port`) names this machine: `localhost` or a loopback address.
fn is_loopback(host_port: &str) -> bool {
    let host = match host_port.rsplit_once(':') {
        Some((h, p)) if p.parse::<u16>().is_ok() => h,
        _ => host_port,
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// One key as etcd holds it; `key` is relative to the client's prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kv {
    pub key: String,
    pub value: Vec<u8>,
    pub create_revision: i64,
    pub mod_revision: i64,
    pub version: i64,
    pub lease: i64,
}

/// A change seen by a watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Put(Kv),
    /// The key (relative) and the revision of the deletion.
    Delete(String, i64),
}

/// One comparison of a transaction.
pub enum Compare<'a> {
    /// The key does not exist (its create revision is 0).
    Absent(&'a str),
    /// The key was last modified at this revision.
    ModRevision(&'a str, i64),
}

/// One operation of a transaction.
pub enum Op<'a> {
    Put(&'a str, &'a [u8], Option<i64>),
    Get(&'a str),
    /// (Only tests delete single keys inside transactions so far.)
    #[cfg(test)]
    Delete(&'a str),
    /// Every key under `<prefix>/<dir>`.
    DeletePrefix(&'a str),
}

/// What a transaction did: whether its comparisons held, and the keys its `Get`s returned.
#[derive(Debug, Default)]
pub struct TxnResult {
    pub succeeded: bool,
    pub ranges: Vec<Vec<Kv>>,
}

pub struct Etcd {
    config: Config,
    agent: ureq::Agent,
    /// The endpoint that answered last; calls start there.
    current: AtomicUsize,
    /// The auth token of `user`, fetched on first use and again when etcd says it expired.
    token: Mutex<Option<String>>,
}

impl Etcd {
    pub fn connect(config: Config) -> Result<Etcd> {
        if config.endpoints.is_empty() {
            bail!("no etcd endpoints configured");
        }
        let agent = agent(&config)?;
        Ok(Etcd {
            config,
            agent,
            current: AtomicUsize::new(0),
            token: Mutex::new(None),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// `<prefix>/<rel>`.
    fn full(&self, rel: &str) -> String {
        format!("{}/{rel}", self.config.prefix)
    }

    fn relative(&self, full: &[u8]) -> String {
        let full = String::from_utf8_lossy(full);
        full.strip_prefix(&format!("{}/", self.config.prefix))
            .unwrap_or(&full)
            .to_string()
    }

    /// The value of one key.
    pub fn get(&self, key: &str) -> Result<Option<Kv>> {
        let body = json!({"key": b64(self.full(key).as_bytes())});
        let answer = self.call("/v3/kv/range", &body)?;
        Ok(self.kvs(&answer)?.into_iter().next())
    }

    /// Every key under `<prefix>/<dir>` (`dir` ending in `/` for a directory-like range), sorted
    /// by key; `keys_only` leaves the values empty.
    pub fn list(&self, dir: &str, keys_only: bool) -> Result<Vec<Kv>> {
        let start = self.full(dir);
        let body = json!({
            "key": b64(start.as_bytes()),
            "range_end": b64(&prefix_end(start.as_bytes())),
            "keys_only": keys_only,
        });
        let answer = self.call("/v3/kv/range", &body)?;
        self.kvs(&answer)
    }

    /// The cluster's current revision (a cheap read that also proves a quorum is reachable).
    pub fn revision(&self) -> Result<i64> {
        let body = json!({"key": b64(self.full("").as_bytes()), "limit": 1, "keys_only": true});
        let answer = self.call("/v3/kv/range", &body)?;
        Ok(int(&answer["header"]["revision"]))
    }

    pub fn put(&self, key: &str, value: &[u8], lease: Option<i64>) -> Result<()> {
        let mut body = json!({"key": b64(self.full(key).as_bytes()), "value": b64(value)});
        if let Some(l) = lease {
            body["lease"] = json!(l.to_string());
        }
        self.call("/v3/kv/put", &body).map(drop)
    }

    /// Deletes one key; returns how many were deleted (0 or 1). (A lineage is deleted
    /// fleet-wide by one transaction, `EtcdStore::delete_lineage`.)
    pub fn delete(&self, key: &str) -> Result<i64> {
        let body = json!({"key": b64(self.full(key).as_bytes())});
        Ok(int(&self.call("/v3/kv/deleterange", &body)?["deleted"]))
    }

    /// Deletes the keys from `<prefix>/<from>` up to (not including) `<prefix>/<to>`.
    pub fn delete_range(&self, from: &str, to: &str) -> Result<i64> {
        let body = json!({"key": b64(self.full(from).as_bytes()), "range_end": b64(self.full(to).as_bytes())});
        Ok(int(&self.call("/v3/kv/deleterange", &body)?["deleted"]))
    }

    /// Deletes every key under `<prefix>/<dir>`.
    #[cfg(test)]
    pub fn delete_all(&self, dir: &str) -> Result<i64> {
        let start = self.full(dir);
        let body =
            json!({"key": b64(start.as_bytes()), "range_end": b64(&prefix_end(start.as_bytes()))});
        Ok(int(&self.call("/v3/kv/deleterange", &body)?["deleted"]))
    }

    /// Runs `success` if every comparison holds, `failure` otherwise, atomically.
    pub fn txn(&self, compare: &[Compare], success: &[Op], failure: &[Op]) -> Result<TxnResult> {
        let compare: Vec<Value> = compare
            .iter()
            .map(|c| match c {
                Compare::Absent(k) => json!({"key": b64(self.full(k).as_bytes()),
                    "result": "EQUAL", "target": "CREATE", "create_revision": "0"}),
                Compare::ModRevision(k, r) => json!({"key": b64(self.full(k).as_bytes()),
                    "result": "EQUAL", "target": "MOD", "mod_revision": r.to_string()}),
            })
            .collect();
        let ops = |ops: &[Op]| -> Vec<Value> {
            ops.iter()
                .map(|op| match op {
                    Op::Put(k, v, lease) => {
                        let mut p = json!({"key": b64(self.full(k).as_bytes()), "value": b64(v)});
                        if let Some(l) = lease {
                            p["lease"] = json!(l.to_string());
                        }
                        json!({"request_put": p})
                    }
                    Op::Get(k) => json!({"request_range": {"key": b64(self.full(k).as_bytes())}}),
                    Op::DeletePrefix(dir) => {
                        let start = self.full(dir);
                        json!({"request_delete_range": {"key": b64(start.as_bytes()),
                            "range_end": b64(&prefix_end(start.as_bytes()))}})
                    }
                    #[cfg(test)]
                    Op::Delete(k) => {
                        json!({"request_delete_range": {"key": b64(self.full(k).as_bytes())}})
                    }
                })
                .collect()
        };
        let body = json!({"compare": compare, "success": ops(success), "failure": ops(failure)});
        let answer = self.call("/v3/kv/txn", &body)?;
        let mut result = TxnResult {
            succeeded: answer["succeeded"].as_bool().unwrap_or(false),
            ranges: Vec::new(),
        };
        for r in answer["responses"].as_array().into_iter().flatten() {
            if let Some(range) = r.get("response_range") {
                result.ranges.push(self.kvs(range)?);
            }
        }
        Ok(result)
    }

    /// A lease of `ttl` seconds; keys put with it vanish when it is revoked or expires.
    pub fn grant(&self, ttl: u64) -> Result<i64> {
        let answer = self.call("/v3/lease/grant", &json!({"TTL": ttl.to_string()}))?;
        let id = int(&answer["ID"]);
        if id == 0 {
            bail!("etcd granted no lease: {answer}");
        }
        Ok(id)
    }

    /// Renews a lease once; returns its TTL now, 0 if it has already expired.
    pub fn keep_alive(&self, lease: i64) -> Result<i64> {
        let answer = self.call("/v3/lease/keepalive", &json!({"ID": lease.to_string()}))?;
        Ok(int(&answer["result"]["TTL"]))
    }

    pub fn revoke(&self, lease: i64) -> Result<()> {
        match self.call("/v3/lease/revoke", &json!({"ID": lease.to_string()})) {
            Err(e) if format!("{e:#}").contains("lease not found") => Ok(()),
            other => other.map(drop),
        }
    }

    /// Watches `<prefix>/<dir>` from revision `from` and hands each change to `seen` until it
    /// returns false or `budget` has passed. Returns the last revision seen (so the caller
    /// can watch again from the next one) — or `from - 1` if nothing arrived.
    pub fn watch(
        &self,
        dir: &str,
        from: i64,
        budget: Duration,
        mut seen: impl FnMut(Event) -> bool,
    ) -> Result<i64> {
        use std::io::BufRead;
        let start = self.full(dir);
        let body = json!({"create_request": {
            "key": b64(start.as_bytes()),
            "range_end": b64(&prefix_end(start.as_bytes())),
            "start_revision": from.to_string(),
        }});
        let endpoint = self.endpoint(self.current.load(Ordering::Relaxed));
        let url = format!("{endpoint}/v3/watch");
        let mut req = self
            .agent
            .post(&url)
            .config()
            .timeout_global(Some(budget))
            .build()
            .header("content-type", "application/json");
        if let Some(t) = self.token()? {
            req = req.header("authorization", t);
        }
        let resp = req
            .send(body.to_string())
            .with_context(|| format!("cannot watch {url}"))?;
        if resp.status() != 200 {
            bail!("etcd {url} answered HTTP {}", resp.status());
        }
        let mut last = from - 1;
        let reader = std::io::BufReader::new(resp.into_body().into_reader());
        let deadline = Instant::now() + budget;
        for line in reader.lines() {
            // The global timeout ends the stream with an error: that is the budget running out.
            let Ok(line) = line else { break };
            let msg: Value = serde_json::from_str(&line)
                .with_context(|| format!("etcd sent a watch line that is not JSON: {line:.200}"))?;
            if let Some(err) = msg.get("error") {
                bail!("etcd watch failed: {err}");
            }
            let result = &msg["result"];
            if result["canceled"].as_bool() == Some(true) {
                bail!(
                    "etcd cancelled the watch: {}",
                    result["cancel_reason"]
                        .as_str()
                        .unwrap_or("no reason given")
                );
            }
            for ev in result["events"].as_array().into_iter().flatten() {
                let kv = self.kv(&ev["kv"])?;
                last = last.max(kv.mod_revision);
                let event = match ev["type"].as_str() {
                    Some("DELETE") => Event::Delete(kv.key, kv.mod_revision),
                    _ => Event::Put(kv),
                };
                if !seen(event) {
                    return Ok(last);
                }
            }
            if Instant::now() >= deadline {
                break;
            }
        }
        Ok(last)
    }

    /// One gateway call, failing over between endpoints. A refusal that is not about
    /// availability (a bad request, permission denied) is returned at once.
    fn call(&self, path: &str, body: &Value) -> Result<Value> {
        let n = self.config.endpoints.len();
        let first = self.current.load(Ordering::Relaxed);
        let mut last_err = None;
        for round in 0..ROUNDS {
            if round > 0 {
                crate::cli::interrupt::sleep(ROUND_PAUSE)?;
            }
            for i in 0..n {
                let idx = (first + i) % n;
                match self.call_one(idx, path, body) {
                    Ok(v) => {
                        self.current.store(idx, Ordering::Relaxed);
                        return Ok(v);
                    }
                    Err(CallError::Fatal(e)) => return Err(e),
                    Err(CallError::Retry(e)) => last_err = Some(e),
                }
            }
        }
        Err(last_err
            .unwrap_or_else(|| anyhow!("no endpoint answered"))
            .context(format!(
                "etcd is unreachable or has no quorum ({} tried {ROUNDS} times)",
                self.config.endpoints.join(", ")
            )))
    }

    fn call_one(&self, idx: usize, path: &str, body: &Value) -> Result<Value, CallError> {
        let url = format!("{}{path}", self.endpoint(idx));
        let token = self.token().map_err(CallError::Fatal)?;
        let mut req = self
            .agent
            .post(&url)
            .header("content-type", "application/json");
        if let Some(t) = &token {
            req = req.header("authorization", t);
        }
        let mut resp = req
            .send(body.to_string())
            .map_err(|e| CallError::Retry(anyhow!("{url}: {e}")))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| CallError::Retry(anyhow!("{url}: reading the answer: {e}")))?;
        let value: Value = serde_json::from_str(&text).map_err(|_| {
            CallError::Retry(anyhow!("{url}: HTTP {status}, not JSON: {text:.200}"))
        })?;
        if status == 200 && value.get("error").is_none() {
            return Ok(value);
        }
        let message = value["error"]
            .as_str()
            .or(value["message"].as_str())
            .unwrap_or("")
            .to_string();
        let code = value["code"].as_i64().unwrap_or(0);
        if message.contains("invalid auth token") && token.is_some() {
            *self.token.lock().unwrap() = None;
            return Err(CallError::Retry(anyhow!("{url}: the auth token expired")));
        }
        let err = anyhow!("etcd {url}: HTTP {status}: {message}");
        // gRPC codes 14 (unavailable), 4 (deadline exceeded), 10 (aborted), 13 (internal: often
        // "leader changed") and 5xx from the gateway are worth another member.
        if matches!(code, 4 | 10 | 13 | 14) || status >= 500 {
            Err(CallError::Retry(err))
        } else {
            Err(CallError::Fatal(err))
        }
    }

    fn endpoint(&self, idx: usize) -> &str {
        &self.config.endpoints[idx % self.config.endpoints.len()]
    }

    /// The auth token for `user`, fetched once (etcd's simple tokens last minutes; an expired
    /// one is dropped by `call_one` and fetched again).
    fn token(&self) -> Result<Option<String>> {
        let Some(user) = &self.config.user else {
            return Ok(None);
        };
        let mut held = self.token.lock().unwrap();
        if let Some(t) = &*held {
            return Ok(Some(t.clone()));
        }
        let file = self
            .config
            .password_file
            .as_ref()
            .context("an etcd user needs a password file (--etcd-password-file)")?;
        let password = crate::storage::fsutil::read_private(file, "the etcd password file")?;
        let password = String::from_utf8(password)
            .context("the etcd password file is not UTF-8")?
            .trim_end_matches(['\n', '\r'])
            .to_string();
        let body = json!({"name": user, "password": password});
        let mut last = None;
        for i in 0..self.config.endpoints.len() {
            let url = format!("{}/v3/auth/authenticate", self.endpoint(i));
            let sent = self
                .agent
                .post(&url)
                .header("content-type", "application/json")
                .send(body.to_string());
            let mut resp = match sent {
                Ok(r) => r,
                Err(e) => {
                    last = Some(anyhow!("{url}: {e}"));
                    continue;
                }
            };
            let text = resp.body_mut().read_to_string().unwrap_or_default();
            let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            if let Some(t) = v["token"].as_str() {
                *held = Some(t.to_string());
                return Ok(Some(t.to_string()));
            }
            // A wrong password is not a reachability problem: say so at once.
            let why = v["error"].as_str().unwrap_or(&text);
            let hint = if why.contains("CommonName") {
                " (etcd's JSON gateway takes only client certificates without a Common Name:                  make this node's certificate with the subject's CN empty)"
            } else {
                ""
            };
            bail!("etcd refused user {user:?}: {why}{hint}");
        }
        Err(last
            .unwrap_or_else(|| anyhow!("no endpoint"))
            .context("cannot authenticate to etcd"))
    }

    fn kvs(&self, answer: &Value) -> Result<Vec<Kv>> {
        answer["kvs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|kv| self.kv(kv))
            .collect()
    }

    fn kv(&self, kv: &Value) -> Result<Kv> {
        let key = unb64(kv["key"].as_str().unwrap_or(""))?;
        Ok(Kv {
            key: self.relative(&key),
            value: unb64(kv["value"].as_str().unwrap_or(""))?,
            create_revision: int(&kv["create_revision"]),
            mod_revision: int(&kv["mod_revision"]),
            version: int(&kv["version"]),
            lease: int(&kv["lease"]),
        })
    }
}

enum CallError {
    /// Try the next endpoint.
    Retry(anyhow::Error),
    /// The cluster answered and refused: no other member will say otherwise.
    Fatal(anyhow::Error),
}

/// The gateway's own agent: plain HTTP for `etcd://`, OpenSSL with the configured roots and
/// client certificate for `etcds://`. Proxy variables are ignored (etcd is never behind one
/// that acme should follow), 4xx/5xx are answers, every call is bounded.
fn agent(config: &Config) -> Result<ureq::Agent> {
    use ureq::unversioned::transport::{Connector, TcpConnector};
    let builder = ureq::Agent::config_builder()
        .proxy(None)
        .timeout_global(Some(CALL_TIMEOUT))
        .http_status_as_error(false);
    let tls = config.endpoints.iter().any(|e| e.starts_with("https://"));
    if !tls {
        return Ok(ureq::Agent::with_parts(
            builder.build(),
            TcpConnector::default(),
            ureq::unversioned::resolver::DefaultResolver::default(),
        ));
    }
    let identity = match (&config.client_cert, &config.client_key) {
        (Some(c), Some(k)) => Some((
            c.as_path(),
            crate::storage::fsutil::read_private(k, "the etcd client key")?,
        )),
        (None, None) => None,
        _ => bail!("an etcd client certificate needs both --etcd-cert and --etcd-key"),
    };
    let identity = identity.as_ref().map(|(c, k)| (*c, k.as_slice()));
    // The operator's CA, when named, is the only one trusted: a public CA's certificate for an
    // etcd host name must not stand in for the cluster (review finding 12a).
    let roots = match &config.ca_bundle {
        Some(path) => {
            let roots = X509::stack_from_pem(
                &std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
            )
            .with_context(|| format!("{} holds no PEM certificates", path.display()))?;
            if roots.is_empty() {
                bail!("{} holds no PEM certificates", path.display());
            }
            Some(roots)
        }
        None => None,
    };
    let tls = acme::protocol::tls::OpensslConnector::with_identity(roots.as_deref(), identity)
        .context("cannot set up TLS for etcd")?;
    Ok(ureq::Agent::with_parts(
        builder.build(),
        TcpConnector::default().chain(tls),
        ureq::unversioned::resolver::DefaultResolver::default(),
    ))
}

fn int(v: &Value) -> i64 {
    match v {
        Value::String(s) => s.parse().unwrap_or(0),
        Value::Number(n) => n.as_i64().unwrap_or(0),
        _ => 0,
    }
}

fn b64(bytes: &[u8]) -> String {
    openssl::base64::encode_block(bytes)
}

fn unb64(s: &str) -> Result<Vec<u8>> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    openssl::base64::decode_block(s).context("etcd sent a key or value that is not base64")
}

/// The end of the range holding every key that starts with `start`: its last byte below 0xff
/// incremented (etcd's `WithPrefix`).
pub fn prefix_end(start: &[u8]) -> Vec<u8> {
    let mut end = start.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    vec![0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etcd_urls_name_endpoints_and_a_prefix() {
        let c = Config::parse_url("etcds://h1:2379,h2:2380/acme/prod").unwrap();
        assert_eq!(c.endpoints, ["https://h1:2379", "https://h2:2380"]);
        assert_eq!(c.prefix, "acme/prod");
        assert_eq!(c.url(), "etcds://h1:2379,h2:2380/acme/prod");
        let c = Config::parse_url("etcd://127.0.0.1:2379,[::1]:2380,localhost/acme").unwrap();
        assert_eq!(
            c.endpoints,
            [
                "http://127.0.0.1:2379",
                "http://[::1]:2380",
                "http://localhost:2379"
            ]
        );
        let c = Config::parse_url("etcds://10.0.0.1/x/").unwrap();
        assert_eq!(c.endpoints, ["https://10.0.0.1:2379"]);
        assert_eq!(c.prefix, "x");
        assert_eq!(c.url(), "etcds://10.0.0.1:2379/x");
        for bad in [
            "http://h:2379/x",
            "etcds://h:2379",
            "etcds://h:2379/",
            "etcds://h:2379/../x",
            "etcds://h:2379/a//b",
            "etcds://h 1:2379/x",
            "etcds://,/x",
            "h:2379/x",
        ] {
            assert!(Config::parse_url(bad).is_err(), "{bad}");
        }
    }

    /// Review finding 2: plain HTTP would carry the etcd password and every value in clear.
    #[test]
    fn plain_etcd_urls_are_refused_to_anything_but_loopback() {
        for bad in [
            "etcd://10.0.0.1:2379/acme",
            "etcd://127.0.0.1:2379,10.0.0.2:2379/acme",
            "etcd://etcd.example/acme",
            "etcd://[2001:db8::1]:2379/acme",
            "etcd://127.0.0.1.example/acme",
        ] {
            let e = format!("{:#}", Config::parse_url(bad).unwrap_err());
            assert!(
                e.contains("etcds://") && e.contains("loopback"),
                "{bad}: {e}"
            );
        }
        let e = format!(
            "{:#}",
            Config::parse_url("etcd://10.0.0.1/acme").unwrap_err()
        );
        assert!(e.contains("etcds://10.0.0.1/acme"), "{e}");
        assert!(Config::parse_url("etcd://127.0.0.2:2379/acme").is_ok());
    }

    #[test]
    fn a_prefix_range_ends_after_its_last_key() {
        assert_eq!(prefix_end(b"a/"), b"a0");
        assert_eq!(prefix_end(b"a\xff"), b"b");
        assert_eq!(prefix_end(b"\xff\xff"), b"\0");
    }

    #[test]
    fn gateway_integers_come_as_strings_or_numbers() {
        assert_eq!(int(&json!("42")), 42);
        assert_eq!(int(&json!(7)), 7);
        assert_eq!(int(&Value::Null), 0, "zero values are omitted");
    }
}

/// Against a real single-member etcd (see `fleet::testing`).
#[cfg(test)]
mod live_tests {
    use super::*;
    use crate::fleet::testing::OneEtcd;

    #[test]
    fn keys_are_put_read_listed_and_deleted_under_the_prefix_only() {
        let one = OneEtcd::start();
        let a = one.client("fleet/a");
        let b = one.client("fleet/ab");
        a.put("x/1", b"one", None).unwrap();
        a.put("x/2", b"two", None).unwrap();
        b.put("x/1", b"other prefix", None).unwrap();
        assert_eq!(a.get("x/1").unwrap().unwrap().value, b"one");
        assert!(a.get("x/3").unwrap().is_none());
        let listed: Vec<String> = a
            .list("x/", false)
            .unwrap()
            .into_iter()
            .map(|k| k.key)
            .collect();
        assert_eq!(
            listed,
            ["x/1", "x/2"],
            "the neighbour prefix fleet/ab stays out"
        );
        assert_eq!(a.delete_all("x/").unwrap(), 2);
        assert_eq!(b.get("x/1").unwrap().unwrap().value, b"other prefix");
    }

    #[test]
    fn a_transaction_creates_a_key_once() {
        let one = OneEtcd::start();
        let e = one.client("t");
        let create = |v: &[u8]| {
            e.txn(
                &[Compare::Absent("k")],
                &[Op::Put("k", v, None)],
                &[Op::Get("k")],
            )
            .unwrap()
        };
        assert!(create(b"first").succeeded);
        let again = create(b"second");
        assert!(!again.succeeded);
        assert_eq!(again.ranges[0][0].value, b"first");
        let kv = e.get("k").unwrap().unwrap();
        let stale = e
            .txn(
                &[Compare::ModRevision("k", kv.mod_revision - 1)],
                &[Op::Delete("k")],
                &[],
            )
            .unwrap();
        assert!(!stale.succeeded);
        let fresh = e
            .txn(
                &[Compare::ModRevision("k", kv.mod_revision)],
                &[Op::Delete("k")],
                &[],
            )
            .unwrap();
        assert!(fresh.succeeded);
        assert!(e.get("k").unwrap().is_none());
    }

    #[test]
    fn keys_under_a_lease_go_with_it() {
        let one = OneEtcd::start();
        let e = one.client("l");
        let lease = e.grant(30).unwrap();
        e.put("held", b"x", Some(lease)).unwrap();
        assert_eq!(e.get("held").unwrap().unwrap().lease, lease);
        assert!(e.keep_alive(lease).unwrap() > 0);
        e.revoke(lease).unwrap();
        assert!(e.get("held").unwrap().is_none());
        assert_eq!(e.keep_alive(lease).unwrap(), 0, "a revoked lease is gone");
        e.revoke(lease).unwrap();
    }

    #[test]
    fn a_watch_sees_puts_and_deletes_in_order() {
        let one = OneEtcd::start();
        let e = one.client("w");
        let from = e.revision().unwrap() + 1;
        e.put("d/a", b"1", None).unwrap();
        e.put("other", b"x", None).unwrap();
        e.delete("d/a").unwrap();
        let mut seen = Vec::new();
        let last = e
            .watch("d/", from, Duration::from_secs(5), |ev| {
                seen.push(ev);
                seen.len() < 2
            })
            .unwrap();
        assert!(matches!(&seen[0], Event::Put(kv) if kv.key == "d/a" && kv.value == b"1"));
        assert!(matches!(&seen[1], Event::Delete(k, _) if k == "d/a"));
        assert_eq!(last, e.revision().unwrap());
    }

    #[test]
    fn a_dead_endpoint_is_skipped_for_a_live_one() {
        let one = OneEtcd::start();
        let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let dead_port = dead.local_addr().unwrap().port();
        drop(dead);
        let url = format!("etcd://127.0.0.1:{dead_port},127.0.0.1:{}/f", one.port);
        let e = Etcd::connect(Config::parse_url(&url).unwrap()).unwrap();
        e.put("k", b"v", None).unwrap();
        assert_eq!(e.get("k").unwrap().unwrap().value, b"v");
        let none = Config::parse_url(&format!("etcd://127.0.0.1:{dead_port}/f")).unwrap();
        let err = Etcd::connect(none).unwrap().get("k").unwrap_err();
        assert!(format!("{err:#}").contains("unreachable"), "{err:#}");
    }
}

/// Against a real etcd that requires TLS with a client certificate and etcd's own
/// authentication (see `fleet::testing::TlsEtcd`).
#[cfg(test)]
mod tls_auth_tests {
    use super::*;
    use crate::fleet::testing::TlsEtcd;

    #[test]
    fn tls_client_certificates_and_etcd_users_are_spoken() {
        let one = TlsEtcd::start();
        let e = Etcd::connect(one.config("fleet")).unwrap();
        e.put("k", b"v", None).unwrap();
        assert_eq!(e.get("k").unwrap().unwrap().value, b"v");
        let lease = e.grant(10).unwrap();
        assert!(e.keep_alive(lease).unwrap() > 0);
        // The user's role covers fleet/ only.
        let outside = Etcd::connect(one.config("other")).unwrap();
        let err = outside.put("k", b"v", None).unwrap_err();
        assert!(format!("{err:#}").contains("permission denied"), "{err:#}");
        // A wrong password is refused with etcd's reason.
        let mut wrong = one.config("fleet");
        let pw = one.dir.path().join("wrong");
        crate::storage::fsutil::write_atomic(&pw, b"nope\n", 0o600).unwrap();
        wrong.password_file = Some(pw);
        let err = Etcd::connect(wrong).unwrap().get("k").unwrap_err();
        assert!(
            format!("{err:#}").contains("etcd refused user \"acme\""),
            "{err:#}"
        );
        // Without the client certificate the TLS handshake is refused.
        let mut anonymous = one.config("fleet");
        anonymous.client_cert = None;
        anonymous.client_key = None;
        assert!(Etcd::connect(anonymous).unwrap().get("k").is_err());
        // Review finding 12b: a client key others may read is refused before any call.
        let key = one.dir.path().join("client.key");
        let mode = |m| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(m)).unwrap()
        };
        mode(0o640);
        let err = Etcd::connect(one.config("fleet"))
            .and_then(|e| e.get("k"))
            .unwrap_err();
        assert!(
            format!("{err:#}").contains("chmod 600")
                && format!("{err:#}").contains("etcd client key"),
            "{err:#}"
        );
        mode(0o600);
        // A server certificate from another CA is not trusted.
        let mut untrusted = one.config("fleet");
        untrusted.ca_bundle = None;
        let err = Etcd::connect(untrusted).unwrap().get("k").unwrap_err();
        assert!(
            format!("{err:#}").contains("certificate verify failed"),
            "{err:#}"
        );
    }
}
