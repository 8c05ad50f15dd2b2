//! `acme sync --watch`: a node that follows the store as it changes. A new lineage version is
//! installed here within moments (and the node's deploy hooks run), and http-01 answers other
//! nodes publish are written into this node's web root and acknowledged.
//!
//! The node announces itself at `nodes/<node>` under a short lease while it watches, so
//! publishers know whose acknowledgement to wait for. A broken watch (a member down, a
//! compacted revision) is followed by a full sync and a new watch, so nothing is missed.

use anyhow::Result;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::etcd::Event;
use super::http01::Materialized;
use super::node::Node;
use super::sync;
use super::tls_alpn::Served;
use crate::cli::output::Printer;
use crate::storage::store::Held;

/// The presence lease: a watcher that dies stops being waited for after this.
const PRESENCE_TTL: u64 = 10;
/// One watch call's budget; the loop reconnects after it (and notices an interrupt).
const WATCH_SLICE: Duration = Duration::from_secs(5);

/// Follows the store for `budget` (or until interrupted). Returns the number of lineage
/// versions installed.
pub fn run(node: &Node, out: &Printer, budget: Option<Duration>) -> Result<usize> {
    let deadline = budget.map(|b| Instant::now() + b);
    // Listening before announcing: publishers wait for this node only once it can answer.
    let mut answers = Answers {
        web: node.setting.webroot.clone().map(Materialized::new),
        tls: node.setting.tls_alpn.map(Served::start).transpose()?,
    };
    let mut presence = presence(node)?;
    let mut installed = 0;
    let mut deferred = BTreeSet::new();
    let mut from = catch_up(node, out, &mut answers, &mut installed)?;
    out.note(&format!(
        "following {} as node {}",
        node.store.etcd.config().url(),
        node.setting.node
    ));
    if let Some(t) = &answers.tls {
        out.note(&format!(
            "serving the fleet's tls-alpn-01 answers on {}",
            t.addr()
        ));
    }
    loop {
        if crate::cli::interrupt::received().is_some() {
            return Ok(installed);
        }
        // Lost while the store was unreachable for longer than its TTL: announce again.
        if !presence.held() {
            match self::presence(node) {
                Ok(p) => presence = p,
                Err(e) => out.warn(&format!("{e:#}")),
            }
        }
        let slice = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(installed);
                }
                left.min(WATCH_SLICE)
            }
            None => WATCH_SLICE,
        };
        let watched = node.store.etcd.watch("", from, slice, |ev| {
            handle(node, out, &mut answers, &mut installed, &mut deferred, ev);
            crate::cli::interrupt::received().is_none()
        });
        retry_deferred(node, out, &mut deferred, &mut installed);
        match watched {
            Ok(last) => from = from.max(last + 1),
            Err(e) => {
                out.warn(&format!("watching the store failed, catching up: {e:#}"));
                let _ = crate::cli::interrupt::sleep(Duration::from_secs(1));
                match catch_up(node, out, &mut answers, &mut installed) {
                    Ok(rev) => from = rev,
                    Err(e) => out.warn(&format!("{e:#}")),
                }
            }
        }
    }
}

/// Lineages whose install waited for this node's own renewal: tried again (briefly).
fn retry_deferred(
    node: &Node,
    out: &Printer,
    deferred: &mut BTreeSet<String>,
    installed: &mut usize,
) {
    let names: Vec<String> = std::mem::take(deferred).into_iter().collect();
    for name in names {
        match sync::one(node, &name, out, Duration::from_millis(200)) {
            Ok(None) => {
                deferred.insert(name);
            }
            Ok(Some(done)) => {
                if let Some(c) = done.pulled {
                    *installed += 1;
                    out.step(&format!("{}: now serving version {}", c.name, c.to));
                }
                removed(out, &name, done.removed.as_ref());
                if let Err(e) = sync::report_served(node, &[name]) {
                    out.warn(&format!("{e:#}"));
                }
            }
            Err(e) => out.warn(&format!("{name}: {e:#}")),
        }
    }
}

/// A full sync and the answers published now; returns the revision to watch from.
fn catch_up(
    node: &Node,
    out: &Printer,
    answers: &mut Answers,
    installed: &mut usize,
) -> Result<i64> {
    let rev = node.store.etcd.revision()?;
    let report = sync::all(node, out)?;
    *installed += report.pulled.len();
    for p in &report.problems {
        out.warn(p);
    }
    for dir in ["challenges/", "tls-alpn/"] {
        if !answers.serves(dir) {
            continue;
        }
        for kv in node.store.etcd.list(dir, false)? {
            answers.put(node, out, &kv.key, &kv.value, kv.lease);
        }
    }
    Ok(rev + 1)
}

fn handle(
    node: &Node,
    out: &Printer,
    answers: &mut Answers,
    installed: &mut usize,
    deferred: &mut BTreeSet<String>,
    ev: Event,
) {
    match ev {
        Event::Put(kv) => {
            if kv.key.starts_with("challenges/") || kv.key.starts_with("tls-alpn/") {
                answers.put(node, out, &kv.key, &kv.value, kv.lease);
            } else if let Some(name) = kv
                .key
                .strip_prefix("lineages/")
                .and_then(|k| k.strip_suffix("/latest"))
                .or_else(|| kv.key.strip_prefix("deleted/"))
            {
                // Not while this node's own renewal holds it: retried after this watch slice.
                match sync::one(node, name, out, Duration::ZERO) {
                    Ok(None) => {
                        deferred.insert(name.to_string());
                    }
                    Ok(Some(done)) => {
                        removed(out, name, done.removed.as_ref());
                        if let Some(c) = done.pulled {
                            *installed += 1;
                            out.step(&format!("{}: now serving version {}", c.name, c.to));
                            if let Err(e) = sync::report_served(node, &[c.name]) {
                                out.warn(&format!("{e:#}"));
                            }
                        }
                    }
                    Err(e) => out.warn(&format!("{name}: {e:#}")),
                }
            }
        }
        Event::Delete(key, _) => answers.remove(&key),
    }
}

fn removed(out: &Printer, name: &str, d: Option<&crate::storage::store::Deletion>) {
    if let Some(d) = d {
        out.step(&format!(
            "{name}: deleted from the fleet by node {}; removed here too",
            d.by
        ));
    }
}

/// The answers this node serves for other nodes: http-01 in its web root, tls-alpn-01 on its
/// responder (each only when fleet.conf sets it up).
struct Answers {
    web: Option<Materialized>,
    tls: Option<Served>,
}

impl Answers {
    /// Whether answers under the store's `dir` are served here.
    fn serves(&self, dir: &str) -> bool {
        match dir {
            "challenges/" => self.web.is_some(),
            "tls-alpn/" => self.tls.is_some(),
            _ => false,
        }
    }

    /// The challenge types served here, for the presence value.
    fn kinds(node: &Node) -> Vec<&'static str> {
        let mut kinds = Vec::new();
        if node.setting.webroot.is_some() {
            kinds.push("http-01");
        }
        if node.setting.tls_alpn.is_some() {
            kinds.push("tls-alpn-01");
        }
        kinds
    }

    /// Serves the answer published at `key` (`challenges/<token>` or `tls-alpn/<token>`) and
    /// acknowledges it, if it was published under a lease and sealed with the fleet key for
    /// its token; anything else is reported and left unserved.
    fn put(&mut self, node: &Node, out: &Printer, key: &str, value: &[u8], lease: i64) {
        let (kind, token) = match key.split_once('/') {
            Some(("challenges", t)) if self.web.is_some() => ("http-01", t),
            Some(("tls-alpn", t)) if self.tls.is_some() => ("tls-alpn-01", t),
            _ => return,
        };
        let shown = acme::escape::escape(token);
        // A publisher's answers live under its lease (gone when it dies); one without a lease
        // was not written by a publishing node and would stay for ever.
        if lease == 0 {
            return out.warn(&format!(
                "the store holds an {kind} answer for token {shown} under no lease; not serving it"
            ));
        }
        let opened = match kind {
            "http-01" => node.store.open_answer(token, value),
            _ => node.store.open_tls_alpn(token, value),
        };
        let answer = match opened {
            Ok(a) => a,
            Err(e) => {
                return out.warn(&format!(
                    "the store's {kind} answer for token {shown}: {e:#}; not serving it"
                ));
            }
        };
        let served = match (kind, &mut self.web, &mut self.tls) {
            ("http-01", Some(w), _) => w.put(token, &answer),
            (_, _, Some(t)) => t.put(token, &answer),
            _ => return,
        };
        match served {
            Ok(()) => {
                let ack = format!("acks/{token}/{}", node.setting.node);
                if let Err(e) = node.store.etcd.put(&ack, b"", Some(lease)) {
                    out.warn(&format!("cannot acknowledge an {kind} answer: {e:#}"));
                }
            }
            Err(e) => out.warn(&format!("cannot serve an {kind} answer here: {e:#}")),
        }
    }

    /// Stops serving the answer whose key was deleted (its order is done).
    fn remove(&mut self, key: &str) {
        match key.split_once('/') {
            Some(("challenges", t)) => {
                if let Some(w) = &mut self.web {
                    w.remove(t);
                }
            }
            Some(("tls-alpn", t)) => {
                if let Some(tls) = &mut self.tls {
                    tls.remove(t);
                }
            }
            _ => {}
        }
    }
}

/// `nodes/<node>` under a lease kept alive while watching.
fn presence(node: &Node) -> Result<Box<dyn Held>> {
    node.store.presence(PRESENCE_TTL, &Answers::kinds(node))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::testing::{OneEtcd, node};

    /// Review finding 5: an answer written by anyone but a holder of the fleet key (a plain
    /// `<token>.<thumbprint>` of the writer's own account) is not served; a sealed one is.
    /// The same for tls-alpn-01 answers on the node's responder.
    #[test]
    fn only_answers_sealed_with_the_fleet_key_are_served() {
        use crate::challenges::listen::ListenAddr;
        use crate::fleet::testing::tls_alpn_handshake;
        let one = OneEtcd::start();
        let dir = tempfile::tempdir().unwrap();
        let n = node(&one, dir.path(), "n1");
        let out = Printer::new(crate::cli::output::Verbosity::Quiet, false);
        let www = dir.path().join("www");
        std::fs::create_dir_all(&www).unwrap();
        let mut answers = Answers {
            web: Some(Materialized::new(www.clone())),
            tls: Some(
                Served::start(ListenAddr {
                    address: Some("127.0.0.1".parse().unwrap()),
                    port: 0,
                })
                .unwrap(),
            ),
        };
        let addr = answers.tls.as_ref().unwrap().bound()[0];
        let token = "AAAAAAAAAAAAAAAAAAAAtokenXYZ";
        let answer = format!("{token}.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        let identifier = acme::identifiers::Identifier::Dns("a.example".into());
        let tls_answer = crate::fleet::tls_alpn::encode(&identifier, &answer);
        let path = www.join(".well-known/acme-challenge").join(token);
        let (web_key, tls_key) = (format!("challenges/{token}"), format!("tls-alpn/{token}"));
        let served = || {
            (
                path.exists(),
                tls_alpn_handshake(addr, "a.example").is_some(),
            )
        };
        let lease = n.store.etcd.grant(60).unwrap();
        answers.put(&n, &out, &web_key, answer.as_bytes(), lease);
        answers.put(&n, &out, &tls_key, &tls_answer, lease);
        assert_eq!(served(), (false, false), "a plain answer was served");
        // Sealed for another token: not this one's.
        let other = "BBBBBBBBBBBBBBBBBBBBBBBB";
        let sealed_web = n.store.seal_answer(other, answer.as_bytes()).unwrap();
        let sealed_tls = n.store.seal_tls_alpn(other, &tls_answer).unwrap();
        answers.put(&n, &out, &web_key, &sealed_web, lease);
        answers.put(&n, &out, &tls_key, &sealed_tls, lease);
        assert_eq!(served(), (false, false), "sealed for another token");
        // Sealed as the other kind of answer: not this kind's.
        let swapped = n.store.seal_answer(token, &tls_answer).unwrap();
        answers.put(&n, &out, &tls_key, &swapped, lease);
        assert_eq!(
            served(),
            (false, false),
            "an http-01 seal served as tls-alpn-01"
        );
        let sealed_web = n.store.seal_answer(token, answer.as_bytes()).unwrap();
        let sealed_tls = n.store.seal_tls_alpn(token, &tls_answer).unwrap();
        answers.put(&n, &out, &web_key, &sealed_web, 0);
        answers.put(&n, &out, &tls_key, &sealed_tls, 0);
        assert_eq!(
            served(),
            (false, false),
            "an answer under no lease was served"
        );
        answers.put(&n, &out, &web_key, &sealed_web, lease);
        answers.put(&n, &out, &tls_key, &sealed_tls, lease);
        assert_eq!(served(), (true, true));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), answer);
        let acks = n.store.etcd.list(&format!("acks/{token}/"), true).unwrap();
        assert_eq!(acks.len(), 1, "one acknowledgement per token and node");
        // Gone from the store: gone here.
        answers.remove(&web_key);
        answers.remove(&tls_key);
        assert_eq!(served(), (false, false));
    }
}
