//! http-01 answers shared by the fleet: the CA may ask any node behind the load balancer.
//!
//! The renewing node's own solver answers as usual; [`Publish`] also puts each answer at
//! `challenges/<token>` (a tls-alpn-01 answer at `tls-alpn/<token>`, see `fleet::tls_alpn`),
//! sealed with the fleet key (watchers serve nothing else), under a lease (gone with the lease if the node dies), and waits, a
//! bounded time, until every node that runs `acme sync --watch` has acknowledged it
//! (`acks/<token>/<node>`), so no node answers 404 when the CA comes. [`Materialized`] is the
//! other side: it writes the answers into this node's web root and removes them again.

use anyhow::Result;
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::node::Node;
use crate::challenges::safe_dir::{Dir, FileId};
use crate::challenges::{Finding, Solver, Task};
use crate::cli::output::Printer;

/// An answer outlives a dead publisher by this much at most.
const ANSWER_TTL: u64 = 600;
/// How long the publisher waits for every watching node to acknowledge an answer.
const ACK_WAIT: Duration = Duration::from_secs(10);

pub struct Publish<'a> {
    node: Arc<Node>,
    inner: &'a mut dyn Solver,
    out: &'a Printer,
    lease: Option<i64>,
}

impl<'a> Publish<'a> {
    pub fn new(node: Arc<Node>, inner: &'a mut dyn Solver, out: &'a Printer) -> Publish<'a> {
        Publish {
            node,
            inner,
            out,
            lease: None,
        }
    }

    /// Waits until each node registered as watching has acknowledged every token.
    fn wait_for_acks(&self, tokens: &[&str]) -> Result<()> {
        let etcd = &self.node.store.etcd;
        let me = &self.node.setting.node;
        let deadline = Instant::now() + ACK_WAIT;
        loop {
            // Watching nodes that serve this challenge type (not those that only sync). This
            // node's own watcher too for tls-alpn-01: it answers on its own address (where the
            // CA's connections to this node are routed), not on this order's responder's; for
            // http-01 this order's solver wrote the same web root already.
            let kind = self.inner.challenge_type();
            let watching: Vec<String> = etcd
                .list("nodes/", false)?
                .into_iter()
                .filter(|kv| kv.value.split(|b| *b == b',').any(|t| t == kind.as_bytes()))
                .filter_map(|kv| kv.key.strip_prefix("nodes/").map(str::to_string))
                .filter(|n| n != me || kind == "tls-alpn-01")
                .collect();
            let mut missing = Vec::new();
            for t in tokens {
                let acked: Vec<String> = etcd
                    .list(&format!("acks/{t}/"), true)?
                    .into_iter()
                    .filter_map(|kv| kv.key.rsplit('/').next().map(str::to_string))
                    .collect();
                missing.extend(watching.iter().filter(|n| !acked.contains(n)).cloned());
            }
            if missing.is_empty() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                missing.sort();
                missing.dedup();
                self.out.warn(&format!(
                    "the {kind} answers were not acknowledged by {} within {ACK_WAIT:?}; the CA may find no answer there",
                    missing.join(", ")
                ));
                return Ok(());
            }
            crate::cli::interrupt::sleep(Duration::from_millis(50))?;
        }
    }
}

impl Solver for Publish<'_> {
    fn challenge_type(&self) -> &'static str {
        self.inner.challenge_type()
    }

    fn prepare(&mut self) -> Result<()> {
        self.inner.prepare()
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        self.inner.present(tasks)?;
        let etcd = &self.node.store.etcd;
        let lease = etcd.grant(ANSWER_TTL)?;
        self.lease = Some(lease);
        let store = &self.node.store;
        for t in tasks {
            let (key, sealed) = match self.inner.challenge_type() {
                "tls-alpn-01" => (
                    format!("tls-alpn/{}", t.token),
                    store.seal_tls_alpn(
                        &t.token,
                        &super::tls_alpn::encode(&t.identifier, &t.key_authorization),
                    )?,
                ),
                _ => (
                    format!("challenges/{}", t.token),
                    store.seal_answer(&t.token, t.key_authorization.as_bytes())?,
                ),
            };
            etcd.put(&key, &sealed, Some(lease))?;
        }
        let tokens: Vec<&str> = tasks.iter().map(|t| t.token.as_str()).collect();
        self.wait_for_acks(&tokens)
    }

    fn describe(&self, task: &Task) -> String {
        self.inner.describe(task)
    }

    fn self_check(&self, tasks: &[Task]) -> Result<Vec<Finding>> {
        self.inner.self_check(tasks)
    }

    /// Revoking the lease removes every answer (and acknowledgement) at once.
    fn cleanup(&mut self) -> Result<()> {
        let shared = match self.lease.take() {
            Some(l) => self.node.store.etcd.revoke(l),
            None => Ok(()),
        };
        let local = self.inner.cleanup();
        local.and(shared)
    }
}

/// The longest answer taken from the store: a token (RFC 8555 §8.3 asks for at least 128
/// bits; CAs send 43 characters) and a 43-character thumbprint, with room to spare.
pub const MAX_ANSWER: usize = 256;

/// Refuses an http-01 answer from the store unless it is exactly a key authorization for
/// `token` (RFC 8555 §8.1: `token || '.' || base64url(JWK thumbprint)`, a SHA-256 thumbprint
/// being 43 characters), at most [`MAX_ANSWER`] bytes: anything else written into the web
/// root would be served as this site's content. Pure.
pub fn check_answer(token: &str, answer: &[u8]) -> Result<()> {
    let b64url = |s: &[u8]| {
        s.iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
    };
    if token.len() < 16 || token.len() > MAX_ANSWER / 2 || !b64url(token.as_bytes()) {
        anyhow::bail!(
            "the store holds an http-01 token that is not base64url: {:?}",
            acme::escape::escape(token)
        );
    }
    let ok = answer.len() <= MAX_ANSWER
        && answer
            .strip_prefix(token.as_bytes())
            .and_then(|rest| rest.strip_prefix(b"."))
            .is_some_and(|thumb| thumb.len() == 43 && b64url(thumb));
    if !ok {
        anyhow::bail!(
            "the store's http-01 answer for token {token} is not a key authorization              (<token>.<43-character thumbprint>); not serving it"
        );
    }
    Ok(())
}

/// Answers published by other nodes, written into this node's web root while they last.
pub struct Materialized {
    root: PathBuf,
    written: HashMap<String, (Dir, FileId)>,
}

impl Materialized {
    pub fn new(root: PathBuf) -> Materialized {
        Materialized {
            root,
            written: HashMap::new(),
        }
    }

    /// Writes `<root>/.well-known/acme-challenge/<token>`; a token outside the base64url
    /// alphabet (RFC 8555 §8.3) is refused before it comes near a path, and an answer that is
    /// not exactly a key authorization for the token before it comes near a file.
    pub fn put(&mut self, token: &str, key_authorization: &[u8]) -> Result<()> {
        check_answer(token, key_authorization)?;
        // This node's own renewal wrote it already (same web root): leave it to that renewal.
        if self.already_there(token, key_authorization) {
            return Ok(());
        }
        let root = Dir::open(&self.root)?;
        let (wk, _) = root.child_or_create(OsStr::new(".well-known"), 0o755)?;
        let (dir, _) = wk.child_or_create(OsStr::new("acme-challenge"), 0o755)?;
        let id = dir.write_file(&OsString::from(token), key_authorization, 0o644)?;
        self.written.insert(token.to_string(), (dir, id));
        Ok(())
    }

    /// Whether `<root>/.well-known/acme-challenge/<token>` holds exactly this answer, read
    /// through directory fds without following an untrusted link, and only from a regular
    /// file opened non-blocking: a planted link or FIFO only makes it "not there" (then the
    /// write, O_EXCL and a rename, replaces it).
    fn already_there(&self, token: &str, key_authorization: &[u8]) -> bool {
        let read = || -> Result<Option<Vec<u8>>> {
            let Some(wk) = Dir::open(&self.root)?.child(OsStr::new(".well-known"))? else {
                return Ok(None);
            };
            let Some(dir) = wk.child(OsStr::new("acme-challenge"))? else {
                return Ok(None);
            };
            dir.read_regular(OsStr::new(token), MAX_ANSWER as u64 + 1)
        };
        read().ok().flatten().as_deref() == Some(key_authorization)
    }

    /// Removes the answer this node wrote for `token` (and nothing someone put in its place).
    pub fn remove(&mut self, token: &str) {
        if let Some((dir, id)) = self.written.remove(token) {
            let _ = dir.remove_if_same(&OsString::from(token), id);
        }
    }
}

impl Drop for Materialized {
    fn drop(&mut self) {
        let tokens: Vec<String> = self.written.keys().cloned().collect();
        for t in tokens {
            self.remove(&t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "AAAAAAAAAAAAAAAAAAAAtokenXYZ";
    const THUMB: &str = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    #[test]
    fn only_a_key_authorization_for_the_token_is_an_answer() {
        check_answer(TOKEN, format!("{TOKEN}.{THUMB}").as_bytes()).unwrap();
        let long = "A".repeat(300);
        for (token, bad) in [
            (
                TOKEN,
                "<script>alert(document.cookie)</script> anything, any size".to_string(),
            ),
            (TOKEN, format!("{TOKEN}.{THUMB}\n")),
            (TOKEN, format!("{TOKEN}.{THUMB}x")),
            (TOKEN, format!("{TOKEN}.{}", &THUMB[1..])),
            (TOKEN, format!("{TOKEN}.{}", THUMB.replace('-', "+"))),
            (TOKEN, format!("otherTokenAAAAAAAAAAAAAA.{THUMB}")),
            (TOKEN, format!("{TOKEN}{THUMB}")),
            (long.as_str(), format!("{long}.{THUMB}")),
            (
                "../../etc/passwd/xx",
                format!("../../etc/passwd/xx.{THUMB}"),
            ),
        ] {
            assert!(check_answer(token, bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_fifo_or_a_link_at_the_answer_path_is_not_there_and_never_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let ch = dir.path().join(".well-known/acme-challenge");
        std::fs::create_dir_all(&ch).unwrap();
        let answer = format!("{TOKEN}.{THUMB}");
        let fifo = std::ffi::CString::new(ch.join(TOKEN).as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        let mut m = Materialized::new(dir.path().to_path_buf());
        // Bounded: a blocking open would hang here for ever.
        let (tx, rx) = std::sync::mpsc::channel();
        let root = dir.path().to_path_buf();
        let a = answer.clone();
        std::thread::spawn(move || {
            let m = Materialized::new(root);
            let _ = tx.send(m.already_there(TOKEN, a.as_bytes()));
        });
        assert_eq!(rx.recv_timeout(Duration::from_secs(10)), Ok(false));
        // A link to a file holding the answer is not followed either.
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, &answer).unwrap();
        std::fs::remove_file(ch.join(TOKEN)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, ch.join(TOKEN)).unwrap();
        assert!(!m.already_there(TOKEN, answer.as_bytes()));
        std::fs::remove_file(ch.join(TOKEN)).unwrap();
        std::fs::write(ch.join(TOKEN), &answer).unwrap();
        assert!(m.already_there(TOKEN, answer.as_bytes()));
        m.put(TOKEN, answer.as_bytes()).unwrap();
        assert!(m.put(TOKEN, b"<script>").is_err());
    }
}
