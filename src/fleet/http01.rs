//! http-01 answers shared by the fleet: the CA may ask any node behind the load balancer.
//!
//! The renewing node's own solver answers as usual; [`Publish`] also puts each answer at
//! `challenges/<token>` under a lease (gone with the lease if the node dies), and waits, a
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
            // Watching nodes that write answers into a web root (not those that only sync).
            let watching: Vec<String> = etcd
                .list("nodes/", false)?
                .into_iter()
                .filter(|kv| kv.value == super::store::HTTP01)
                .filter_map(|kv| kv.key.strip_prefix("nodes/").map(str::to_string))
                .filter(|n| n != me)
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
                    "the http-01 answers were not acknowledged by {} within {ACK_WAIT:?}; the CA may find no answer there",
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
        for t in tasks {
            etcd.put(
                &format!("challenges/{}", t.token),
                t.key_authorization.as_bytes(),
                Some(lease),
            )?;
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
    /// alphabet (RFC 8555 §8.3) is refused before it comes near a path.
    pub fn put(&mut self, token: &str, key_authorization: &[u8]) -> Result<()> {
        if token.len() < 16
            || !token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            anyhow::bail!("the store holds an http-01 token that is not base64url: {token:?}");
        }
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

    /// Whether `<root>/.well-known/acme-challenge/<token>` holds exactly this answer (read
    /// without following a link at the last step; a planted link only makes it "not there").
    fn already_there(&self, token: &str, key_authorization: &[u8]) -> bool {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        let path = self.root.join(".well-known/acme-challenge").join(token);
        let mut have = Vec::new();
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)
            .and_then(|f| f.take(4096).read_to_end(&mut have))
            .is_ok_and(|_| have == key_authorization)
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
