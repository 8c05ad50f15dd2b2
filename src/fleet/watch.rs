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
    let mut presence = presence(node)?;
    let mut web = node.setting.webroot.clone().map(Materialized::new);
    let mut installed = 0;
    let mut deferred = BTreeSet::new();
    let mut from = catch_up(node, out, web.as_mut(), &mut installed)?;
    out.note(&format!(
        "following {} as node {}",
        node.store.etcd.config().url(),
        node.setting.node
    ));
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
            handle(node, out, web.as_mut(), &mut installed, &mut deferred, ev);
            crate::cli::interrupt::received().is_none()
        });
        retry_deferred(node, out, &mut deferred, &mut installed);
        match watched {
            Ok(last) => from = from.max(last + 1),
            Err(e) => {
                out.warn(&format!("watching the store failed, catching up: {e:#}"));
                let _ = crate::cli::interrupt::sleep(Duration::from_secs(1));
                match catch_up(node, out, web.as_mut(), &mut installed) {
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
    web: Option<&mut Materialized>,
    installed: &mut usize,
) -> Result<i64> {
    let rev = node.store.etcd.revision()?;
    let report = sync::all(node, out)?;
    *installed += report.pulled.len();
    for p in &report.problems {
        out.warn(p);
    }
    if let Some(w) = web {
        for kv in node.store.etcd.list("challenges/", false)? {
            if let Some(token) = kv.key.strip_prefix("challenges/") {
                materialize(node, out, w, token, &kv.value, kv.lease);
            }
        }
    }
    Ok(rev + 1)
}

fn handle(
    node: &Node,
    out: &Printer,
    web: Option<&mut Materialized>,
    installed: &mut usize,
    deferred: &mut BTreeSet<String>,
    ev: Event,
) {
    match ev {
        Event::Put(kv) => {
            if let Some(token) = kv.key.strip_prefix("challenges/") {
                if let Some(w) = web {
                    materialize(node, out, w, token, &kv.value, kv.lease);
                }
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
        Event::Delete(key, _) => {
            if let (Some(token), Some(w)) = (key.strip_prefix("challenges/"), web) {
                w.remove(token);
            }
        }
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

fn materialize(
    node: &Node,
    out: &Printer,
    w: &mut Materialized,
    token: &str,
    value: &[u8],
    lease: i64,
) {
    // A publisher's answers live under its lease (gone when it dies); one without a lease
    // was not written by a publishing node and would stay for ever.
    if lease == 0 {
        out.warn(&format!(
            "the store holds an http-01 answer for token {} under no lease; not serving it",
            acme::escape::escape(token)
        ));
        return;
    }
    let answer = match node.store.open_answer(token, value) {
        Ok(a) => a,
        Err(e) => {
            return out.warn(&format!(
                "the store's http-01 answer for token {}: {e:#}; not serving it",
                acme::escape::escape(token)
            ));
        }
    };
    match w.put(token, &answer) {
        Ok(()) => {
            let ack = format!("acks/{token}/{}", node.setting.node);
            let lease = (lease != 0).then_some(lease);
            if let Err(e) = node.store.etcd.put(&ack, b"", lease) {
                out.warn(&format!("cannot acknowledge an http-01 answer: {e:#}"));
            }
        }
        Err(e) => out.warn(&format!("cannot serve an http-01 answer here: {e:#}")),
    }
}

/// `nodes/<node>` under a lease kept alive while watching.
fn presence(node: &Node) -> Result<Box<dyn Held>> {
    node.store
        .presence(PRESENCE_TTL, node.setting.webroot.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::testing::{OneEtcd, node};

    /// Review finding 5: an answer written by anyone but a holder of the fleet key (a plain
    /// `<token>.<thumbprint>` of the writer's own account) is not served; a sealed one is.
    #[test]
    fn only_answers_sealed_with_the_fleet_key_are_served() {
        let one = OneEtcd::start();
        let dir = tempfile::tempdir().unwrap();
        let n = node(&one, dir.path(), "n1");
        let out = Printer::new(crate::cli::output::Verbosity::Quiet, false);
        let www = dir.path().join("www");
        std::fs::create_dir_all(&www).unwrap();
        let mut w = Materialized::new(www.clone());
        let token = "AAAAAAAAAAAAAAAAAAAAtokenXYZ";
        let answer = format!("{token}.NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        let path = www.join(".well-known/acme-challenge").join(token);
        let lease = n.store.etcd.grant(60).unwrap();
        materialize(&n, &out, &mut w, token, answer.as_bytes(), lease);
        assert!(!path.exists(), "a plain answer was served");
        // Sealed for another token: not this one's.
        let other = n
            .store
            .seal_answer("BBBBBBBBBBBBBBBBBBBBBBBB", answer.as_bytes())
            .unwrap();
        materialize(&n, &out, &mut w, token, &other, lease);
        assert!(
            !path.exists(),
            "an answer sealed for another token was served"
        );
        let sealed = n.store.seal_answer(token, answer.as_bytes()).unwrap();
        materialize(&n, &out, &mut w, token, &sealed, 0);
        assert!(!path.exists(), "an answer under no lease was served");
        materialize(&n, &out, &mut w, token, &sealed, lease);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), answer);
    }
}
