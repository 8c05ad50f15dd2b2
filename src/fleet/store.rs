//! The fleet's shared store: [`Store`] over etcd. It lives here rather than under `storage/`
//! because it talks to the network, which `storage` never does.
//!
//! ```text
//! <prefix>/keycheck                       a sealed known text: a node with the wrong key stops
//! <prefix>/lineages/<name>/conf           the renewal conf (text)
//! <prefix>/lineages/<name>/latest         "N", moved only together with v/N (one transaction)
//! <prefix>/lineages/<name>/v/<N>          JSON {cert, chain, fullchain, privkey: sealed (base64),
//!                                         issuer, issuer_sealed: the issuer bound to cert, sealed}
//! <prefix>/accounts/<server dir name>     JSON {record, key: sealed, written, chain: key rollovers}
//! <prefix>/pending-keys/<server dir name> a rollover's new account key, sealed, until the switch
//! <prefix>/ledger/<t>-<node>-<random>     one rate-limit event (JSON)
//! <prefix>/locks/<what>                   the holder's node name, under its lease
//! <prefix>/challenges/<token>             an http-01 key authorization, sealed, under a lease
//! <prefix>/tls-alpn/<token>               a tls-alpn-01 answer {identifier, key_authorization}, same
//! <prefix>/acks/<token>/<node>            a watching node serves that answer (under its lease)
//! <prefix>/nodes/<node>                   a watching node, and the answers it serves (a lease)
//! <prefix>/served/<name>/<node>           the version a node serves (reported by that node)
//! <prefix>/deleted/<name>                 sealed JSON: the lineage was deleted for every node
//! ```

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::etcd::{Compare, Etcd, Op};
use crate::storage::account::AccountRecord;
use crate::storage::key_chain;
use crate::storage::ledger::Event;
use crate::storage::lineage::Issuer;
use crate::storage::seal::Sealer;
use crate::storage::store::{
    Account, Added, Deletion, Held, MAX_DELETED_CERTS, Store, Version, fingerprint,
};
use crate::storage::{check_cert_name, server_dir_name};

const KEYCHECK: &str = "keycheck";
/// The presence value of a watching node that serves no challenge answers.
const SYNC_ONLY: &str = "sync";
const KEYCHECK_TEXT: &[u8] = b"acme fleet key check";
/// How often a waiting lock taker asks again.
const LOCK_POLL: Duration = Duration::from_millis(200);
/// Attempts of a version's compare-and-swap before giving up (each loses only to a newer write).
const CAS_ATTEMPTS: usize = 8;

pub struct EtcdStore {
    pub etcd: Arc<Etcd>,
    sealer: Sealer,
    /// This node's name, written into the locks it holds and the ledger events it records.
    pub node: String,
    /// Seconds a lock outlives its holder's last keep-alive.
    pub lock_ttl: u64,
}

/// What a version's sealed issuer record holds: the CA, and the certificate it issued (so a
/// record sealed for an earlier certificate under the same number does not vouch for another).
#[derive(serde::Serialize, serde::Deserialize)]
struct SealedIssuer {
    cert_sha256: String,
    #[serde(flatten)]
    issuer: Issuer,
}

fn sha256_hex(b: &[u8]) -> String {
    acme::crypto::sha256(b)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn b64(b: &[u8]) -> String {
    openssl::base64::encode_block(b)
}

fn unb64(v: &Value, what: &str) -> Result<Vec<u8>> {
    let s = v.as_str().with_context(|| format!("{what} is missing"))?;
    openssl::base64::decode_block(s).with_context(|| format!("{what} is not base64"))
}

impl EtcdStore {
    pub fn new(etcd: Etcd, sealer: Sealer, node: &str, lock_ttl: u64) -> EtcdStore {
        EtcdStore {
            etcd: Arc::new(etcd),
            sealer,
            node: node.to_string(),
            lock_ttl,
        }
    }

    /// Checks that this node's key is the fleet's (the first node to join writes the check).
    pub fn check_key(&self) -> Result<()> {
        let sealed = self.sealer.seal(KEYCHECK, KEYCHECK_TEXT)?;
        let r = self.etcd.txn(
            &[Compare::Absent(KEYCHECK)],
            &[Op::Put(KEYCHECK, &sealed, None)],
            &[Op::Get(KEYCHECK)],
        )?;
        if r.succeeded {
            return Ok(());
        }
        let have = r
            .ranges
            .first()
            .and_then(|r| r.first())
            .map(|kv| kv.value.clone());
        let opened = self.sealer.open(KEYCHECK, &have.unwrap_or_default())?;
        if opened != KEYCHECK_TEXT {
            bail!("the fleet's key check does not match this node's key");
        }
        Ok(())
    }

    fn version_key(name: &str, n: u32) -> String {
        format!("lineages/{name}/v/{n}")
    }

    /// Where a version's sealed issuer record is bound to (associated data): it opens for that
    /// version of that lineage alone.
    fn issuer_place(name: &str, n: u32) -> String {
        format!("{}/issuer", Self::version_key(name, n))
    }

    fn encode_version(&self, name: &str, n: u32, v: &Version) -> Result<Vec<u8>> {
        let key = Self::version_key(name, n);
        let privkey = v
            .privkey
            .as_ref()
            .map(|k| self.sealer.seal(&key, k).map(|s| b64(&s)))
            .transpose()?;
        // Sealed: the issuer decides where every node revokes the version and asks ARI about
        // it, so only a holder of the fleet key may say which CA it is (second review,
        // finding 5). Never a record this node could not vouch for itself.
        let sealed_issuer = match &v.issuer {
            Some(i) if !v.issuer_unsealed => {
                let plain = serde_json::to_vec(&SealedIssuer {
                    cert_sha256: sha256_hex(&v.cert),
                    issuer: i.clone(),
                })?;
                Some(b64(&self
                    .sealer
                    .seal(&Self::issuer_place(name, n), &plain)?))
            }
            _ => None,
        };
        Ok(json!({
            "cert": b64(&v.cert),
            "chain": b64(&v.chain),
            "fullchain": b64(&v.fullchain),
            "privkey": privkey,
            // In the clear too, for nodes of earlier versions, which read only this; a node
            // of this version reads it only where no sealed record is there.
            "issuer": v.issuer,
            "issuer_sealed": sealed_issuer,
        })
        .to_string()
        .into_bytes())
    }

    fn decode_version(&self, name: &str, n: u32, raw: &[u8]) -> Result<Version> {
        let key = Self::version_key(name, n);
        let v: Value = serde_json::from_slice(raw).with_context(|| format!("{key} is not JSON"))?;
        let privkey = match &v["privkey"] {
            Value::Null => None,
            sealed => Some(self.sealer.open(&key, &unb64(sealed, "privkey")?)?),
        };
        let cert = unb64(&v["cert"], "cert")?;
        let (issuer, issuer_unsealed) = match &v["issuer_sealed"] {
            // From before records were sealed (or stripped by whoever writes the prefix):
            // taken only as `accept::issuer_to_take` allows. Absent in even older entries.
            Value::Null => {
                let clear: Option<Issuer> =
                    serde_json::from_value(v["issuer"].clone()).ok().flatten();
                let unsealed = clear.is_some();
                (clear, unsealed)
            }
            sealed => (Some(self.open_issuer(name, n, &cert, sealed)?), false),
        };
        Ok(Version {
            cert,
            chain: unb64(&v["chain"], "chain")?,
            fullchain: unb64(&v["fullchain"], "fullchain")?,
            privkey,
            issuer,
            issuer_unsealed,
        })
    }

    /// The sealed issuer record of version `n` of `name`, whose certificate is `cert`: an
    /// error (the version is refused, as for a key that does not open) unless a holder of the
    /// fleet key sealed it for this version and this certificate.
    fn open_issuer(&self, name: &str, n: u32, cert: &[u8], sealed: &Value) -> Result<Issuer> {
        let place = Self::issuer_place(name, n);
        let refused = || format!("{place}: the issuer record does not open; refusing the version");
        let plain = self
            .sealer
            .open(&place, &unb64(sealed, "issuer_sealed")?)
            .with_context(refused)?;
        let record: SealedIssuer = serde_json::from_slice(&plain).with_context(refused)?;
        if record.cert_sha256 != sha256_hex(cert) {
            bail!(
                "{place}: the issuer record was sealed for another certificate; refusing the version"
            );
        }
        Ok(record.issuer)
    }

    /// The version each node reported serving, for `acme list` / `acme check`.
    pub fn served(&self, name: &str) -> Result<Vec<(String, u32)>> {
        let dir = format!("served/{name}/");
        Ok(self
            .etcd
            .list(&dir, false)?
            .into_iter()
            .filter_map(|kv| {
                let node = kv.key.strip_prefix(&dir)?.to_string();
                let n = std::str::from_utf8(&kv.value).ok()?.parse().ok()?;
                Some((node, n))
            })
            .collect())
    }

    /// Reports that this node serves version `n` of `name`.
    pub fn report_served(&self, name: &str, n: u32) -> Result<()> {
        let key = format!("served/{name}/{}", self.node);
        self.etcd.put(&key, n.to_string().as_bytes(), None)
    }

    /// Announces this node at `nodes/<node>` under a lease of `ttl` seconds, kept alive
    /// while the returned guard lives. `serves`: the challenge types whose answers published
    /// by other nodes it serves (`http-01`, `tls-alpn-01`), comma-separated in the value;
    /// publishers of those wait for its acknowledgement.
    pub fn presence(&self, ttl: u64, serves: &[&str]) -> Result<Box<dyn Held>> {
        let lease = self.etcd.grant(ttl)?;
        let what = match serves.is_empty() {
            true => SYNC_ONLY.to_string(),
            false => serves.join(","),
        };
        self.etcd.put(
            &format!("nodes/{}", self.node),
            what.as_bytes(),
            Some(lease),
        )?;
        Ok(Box::new(LeaseLock::start(self.etcd.clone(), lease, ttl)))
    }

    /// An http-01 answer as published at `challenges/<token>`: sealed with the fleet key (the
    /// place as associated data), so only a holder of the fleet key can publish one that
    /// watching nodes serve (review finding 5: otherwise anyone who can write the prefix could
    /// pass http-01 for the fleet's names with an account of their own).
    pub fn seal_answer(&self, token: &str, key_authorization: &[u8]) -> Result<Vec<u8>> {
        self.sealer
            .seal(&format!("challenges/{token}"), key_authorization)
    }

    /// The key authorization inside a published answer; an error unless a holder of the fleet
    /// key sealed it for this token.
    pub fn open_answer(&self, token: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        self.sealer
            .open(&format!("challenges/{token}"), sealed)
            .context("not sealed with the fleet key for this token")
    }

    /// A tls-alpn-01 answer as published at `tls-alpn/<token>`: the identifier and its key
    /// authorization, sealed like an http-01 answer (see [`EtcdStore::seal_answer`]).
    pub fn seal_tls_alpn(&self, token: &str, answer: &[u8]) -> Result<Vec<u8>> {
        self.sealer.seal(&format!("tls-alpn/{token}"), answer)
    }

    /// The answer inside a published tls-alpn-01 answer; an error unless a holder of the
    /// fleet key sealed it for this token.
    pub fn open_tls_alpn(&self, token: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        self.sealer
            .open(&format!("tls-alpn/{token}"), sealed)
            .context("not sealed with the fleet key for this token")
    }

    fn account_key(server: &str) -> String {
        format!("accounts/{}", server_dir_name(server))
    }

    fn pending_key_key(server: &str) -> String {
        format!("pending-keys/{}", server_dir_name(server))
    }

    /// The fingerprints of the certificates of every version of `name` in the store (bounded
    /// by [`MAX_DELETED_CERTS`]); entries that are not a version are skipped.
    pub fn version_fingerprints(&self, name: &str) -> Result<Vec<String>> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        Ok(self
            .etcd
            .list(&format!("lineages/{name}/v/"), false)?
            .into_iter()
            .take(MAX_DELETED_CERTS)
            .filter_map(|kv| {
                let v: Value = serde_json::from_slice(&kv.value).ok()?;
                fingerprint(&unb64(&v["cert"], "cert").ok()?)
            })
            .collect())
    }
}

impl Store for EtcdStore {
    fn describe(&self) -> String {
        self.etcd.config().url()
    }

    fn lineages(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = self
            .etcd
            .list("lineages/", true)?
            .into_iter()
            .filter_map(|kv| {
                let rest = kv.key.strip_prefix("lineages/")?;
                let name = rest.strip_suffix("/conf")?;
                check_cert_name(name).is_ok().then(|| name.to_string())
            })
            .collect();
        names.sort();
        Ok(names)
    }

    fn latest(&self, name: &str) -> Result<Option<u32>> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        let Some(kv) = self.etcd.get(&format!("lineages/{name}/latest"))? else {
            return Ok(None);
        };
        let n = std::str::from_utf8(&kv.value)
            .ok()
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("lineages/{name}/latest is not a number"))?;
        Ok(Some(n))
    }

    fn version(&self, name: &str, n: u32) -> Result<Option<Version>> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        self.etcd
            .get(&Self::version_key(name, n))?
            .map(|kv| self.decode_version(name, n, &kv.value))
            .transpose()
    }

    /// One transaction moves `latest` and writes `v/N`, compared against the `latest` it read:
    /// two nodes can never both add the same N, and a retry after an answer lost in a leader
    /// change finds its own version there (`AlreadyThere`), never a duplicate.
    fn add_version(&self, name: &str, n: u32, v: &Version) -> Result<Added> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        let latest_key = format!("lineages/{name}/latest");
        let vkey = Self::version_key(name, n);
        let encoded = self.encode_version(name, n, v)?;
        let number = n.to_string();
        for _ in 0..CAS_ATTEMPTS {
            let current = self.etcd.get(&latest_key)?;
            let latest: Option<u32> = current
                .as_ref()
                .and_then(|kv| std::str::from_utf8(&kv.value).ok()?.parse().ok());
            if let Some(latest) = latest
                && latest >= n
            {
                return Ok(match self.version(name, n)? {
                    Some(have) if have == *v => Added::AlreadyThere,
                    _ => Added::Conflict { latest },
                });
            }
            let compare = match &current {
                Some(kv) => Compare::ModRevision(&latest_key, kv.mod_revision),
                None => Compare::Absent(&latest_key),
            };
            let ops = [
                Op::Put(&vkey, &encoded, None),
                Op::Put(&latest_key, number.as_bytes(), None),
            ];
            if self.etcd.txn(&[compare], &ops, &[])?.succeeded {
                return Ok(Added::Stored);
            }
        }
        bail!(
            "{name}: version {n} kept losing to concurrent writes in {}",
            self.describe()
        )
    }

    fn conf(&self, name: &str) -> Result<Option<String>> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        self.etcd
            .get(&format!("lineages/{name}/conf"))?
            .map(|kv| String::from_utf8(kv.value).context("a stored renewal conf is not UTF-8"))
            .transpose()
    }

    fn put_conf(&self, name: &str, text: &str) -> Result<()> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        crate::storage::renewal_conf::RenewalConf::parse(text)
            .with_context(|| format!("the renewal conf of {name} is not valid"))?;
        self.etcd
            .put(&format!("lineages/{name}/conf"), text.as_bytes(), None)
    }

    fn account(&self, server: &str) -> Result<Option<Account>> {
        let key = Self::account_key(server);
        let Some(kv) = self.etcd.get(&key)? else {
            return Ok(None);
        };
        let v: Value =
            serde_json::from_slice(&kv.value).with_context(|| format!("{key} is not JSON"))?;
        let record: crate::storage::account::AccountRecord =
            serde_json::from_value(v["record"].clone())
                .with_context(|| format!("{key}: the account record is unreadable"))?;
        // The record names the server whose account dir it is written into: it must be the
        // server it is filed under (review finding 6).
        if Self::account_key(&record.server) != key {
            bail!(
                "{key}: the account record names another server ({}); refusing it",
                acme::escape::escape(&record.server)
            );
        }
        let key_pem = self.sealer.open(&key, &unb64(&v["key"], "key")?)?;
        let written = v["written"].as_i64().unwrap_or(0);
        // Unauthenticated like the record, and need not be: a node takes a new key only
        // through links signed by the key it holds (`storage::key_chain`). Bounded.
        let chain = v["chain"]
            .as_array()
            .map(|links| {
                let skip = links.len().saturating_sub(key_chain::MAX_LINKS);
                links[skip..]
                    .iter()
                    .filter_map(|l| serde_json::from_value(l.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Some(Account {
            record,
            key_pem,
            written,
            chain,
        }))
    }

    fn put_account(&self, a: &Account) -> Result<()> {
        let key = Self::account_key(&a.record.server);
        let sealed = self.sealer.seal(&key, &a.key_pem)?;
        let v = json!({"record": a.record, "key": b64(&sealed), "written": a.written, "chain": a.chain});
        self.etcd.put(&key, v.to_string().as_bytes(), None)
    }

    fn put_pending_account_key(&self, server: &str, key_pem: &[u8]) -> Result<()> {
        let key = Self::pending_key_key(server);
        let sealed = self.sealer.seal(&key, key_pem)?;
        self.etcd.put(&key, &sealed, None)
    }

    fn pending_account_key(&self, server: &str) -> Result<Option<Vec<u8>>> {
        let key = Self::pending_key_key(server);
        let Some(kv) = self.etcd.get(&key)? else {
            return Ok(None);
        };
        self.sealer.open(&key, &kv.value).map(Some)
    }

    fn discard_pending_account_key(&self, server: &str) -> Result<()> {
        self.etcd.delete(&Self::pending_key_key(server)).map(|_| ())
    }

    fn pending_account_key_location(&self, server: &str) -> String {
        format!("{}/{}", self.describe(), Self::pending_key_key(server))
    }

    /// The key, the record and the link in one write.
    fn switch_account_key(
        &self,
        record: &AccountRecord,
        key_pem: &[u8],
        link: Option<&key_chain::KeyLink>,
    ) -> Result<Option<anyhow::Error>> {
        acme::crypto::KeyPair::from_pem(key_pem).context("the new account key is unusable")?;
        let held = self.account(&record.server)?;
        let Some(mut a) = held.filter(|a| a.record.url == record.url) else {
            bail!(
                "{} holds no account {} to switch the key of",
                self.describe(),
                acme::escape::escape(&record.url)
            );
        };
        a.record = record.clone();
        a.key_pem = key_pem.to_vec();
        a.written = acme::time::now();
        if let Some(link) = link {
            a.chain = key_chain::extended(&a.chain, link.clone());
        }
        self.put_account(&a)?;
        Ok(None)
    }

    fn ledger(&self) -> Result<Vec<Event>> {
        Ok(self
            .etcd
            .list("ledger/", false)?
            .into_iter()
            .filter_map(|kv| serde_json::from_slice(&kv.value).ok())
            .collect())
    }

    /// Keys sort by time, so events older than the longest rate-limit window go in one range
    /// delete, done whenever a certificate is recorded (a `Retry-After` never lasts that long).
    fn record(&self, e: &Event) -> Result<()> {
        let mut r = [0u8; 6];
        openssl::rand::rand_bytes(&mut r)?;
        let tag: String = r.iter().map(|b| format!("{b:02x}")).collect();
        let key = format!("ledger/{:012}-{}-{tag}", e.t.max(0), self.node);
        self.etcd
            .put(&key, serde_json::to_string(e)?.as_bytes(), None)?;
        if e.event == crate::storage::ledger::Kind::Certificate {
            let cutoff = (e.t - acme::limits::LONGEST_WINDOW).max(0);
            self.etcd
                .delete_range("ledger/", &format!("ledger/{cutoff:012}"))?;
        }
        Ok(())
    }

    /// The marker is sealed with the fleet key (its place as associated data): a deletion
    /// makes every node remove files, so only a holder of the fleet key can ask for one. A
    /// marker that does not open is an error, never a deletion.
    fn deletion(&self, name: &str) -> Result<Option<Deletion>> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        let key = format!("deleted/{name}");
        let Some(kv) = self.etcd.get(&key)? else {
            return Ok(None);
        };
        let opened = self
            .sealer
            .open(&key, &kv.value)
            .with_context(|| format!("{key} is not sealed with the fleet key; ignoring it"))?;
        let mut d: Deletion =
            serde_json::from_slice(&opened).with_context(|| format!("{key} is unreadable"))?;
        d.certs.truncate(MAX_DELETED_CERTS);
        Ok(Some(d))
    }

    /// One transaction: the marker goes in, and the lineage's conf, versions and `latest`
    /// and the nodes' reports of it go out.
    fn delete_lineage(&self, name: &str, marker: &Deletion) -> Result<()> {
        check_cert_name(name).map_err(anyhow::Error::msg)?;
        let key = format!("deleted/{name}");
        let sealed = self.sealer.seal(&key, &serde_json::to_vec(marker)?)?;
        let (lineage, served) = (format!("lineages/{name}/"), format!("served/{name}/"));
        let ops = [
            Op::Put(&key, &sealed, None),
            Op::DeletePrefix(&lineage),
            Op::DeletePrefix(&served),
        ];
        self.etcd.txn(&[], &ops, &[]).map(drop)
    }

    /// A lock is a key under a lease of `lock_ttl` seconds, kept alive by a thread while held.
    /// A holder that dies stops renewing it, and etcd deletes the key when the lease expires.
    fn lock(&self, what: &str, wait: Duration) -> Result<Option<Box<dyn Held>>> {
        if what.is_empty() || what.contains('/') {
            bail!("invalid lock name {what:?}");
        }
        let key = format!("locks/{what}");
        let mut lease = self.etcd.grant(self.lock_ttl)?;
        let deadline = Instant::now() + wait;
        loop {
            let r = self.etcd.txn(
                &[Compare::Absent(&key)],
                &[Op::Put(&key, self.node.as_bytes(), Some(lease))],
                &[Op::Get(&key)],
            );
            match r {
                Ok(r) if r.succeeded => break,
                Ok(r) => {
                    // Our own put whose answer was lost to a leader change holds it already.
                    let ours = r
                        .ranges
                        .first()
                        .and_then(|r| r.first())
                        .is_some_and(|kv| kv.lease == lease);
                    if ours {
                        break;
                    }
                }
                Err(e) => {
                    let _ = self.etcd.revoke(lease);
                    return Err(e);
                }
            }
            if Instant::now() >= deadline {
                let _ = self.etcd.revoke(lease);
                return Ok(None);
            }
            crate::cli::interrupt::sleep(LOCK_POLL)?;
            // A wait longer than the TTL must not take the lock under an expired lease.
            if self.etcd.keep_alive(lease)? == 0 {
                lease = self.etcd.grant(self.lock_ttl)?;
            }
        }
        Ok(Some(Box::new(LeaseLock::start(
            self.etcd.clone(),
            lease,
            self.lock_ttl,
        ))))
    }
}

/// A held lease lock: a thread renews the lease every third of its TTL until dropped; drop
/// revokes the lease, which deletes the lock key at once.
struct LeaseLock {
    etcd: Arc<Etcd>,
    lease: i64,
    lost: Arc<AtomicBool>,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LeaseLock {
    fn start(etcd: Arc<Etcd>, lease: i64, ttl: u64) -> LeaseLock {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let lost = Arc::new(AtomicBool::new(false));
        let period = Duration::from_millis((ttl * 1000 / 3).max(200));
        let (e, l) = (etcd.clone(), lost.clone());
        let thread = std::thread::spawn(move || {
            let mut last_ok = Instant::now();
            loop {
                match stopped.recv_timeout(period) {
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    _ => return,
                }
                match e.keep_alive(lease) {
                    Ok(t) if t > 0 => last_ok = Instant::now(),
                    Ok(_) => {
                        l.store(true, Ordering::SeqCst);
                        return;
                    }
                    Err(_) if last_ok.elapsed() >= Duration::from_secs(ttl) => {
                        l.store(true, Ordering::SeqCst);
                        return;
                    }
                    Err(_) => {}
                }
            }
        });
        LeaseLock {
            etcd,
            lease,
            lost,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Held for LeaseLock {
    fn held(&self) -> bool {
        !self.lost.load(Ordering::SeqCst)
    }
}

impl Drop for LeaseLock {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = self.etcd.revoke(self.lease);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::testing::OneEtcd;

    fn store(one: &OneEtcd, node: &str, key: u8) -> EtcdStore {
        EtcdStore::new(one.client("fleet"), Sealer::from_key([key; 32]), node, 2)
    }

    fn version(tag: &str) -> Version {
        Version {
            cert: format!("CERT {tag}\n").into_bytes(),
            chain: b"CHAIN\n".to_vec(),
            fullchain: format!("CERT {tag}\nCHAIN\n").into_bytes(),
            privkey: Some(format!("-----BEGIN PRIVATE KEY----- {tag}\n").into_bytes()),
            issuer: None,
            issuer_unsealed: false,
        }
    }

    #[test]
    fn versions_are_added_once_and_keys_are_sealed() {
        let one = OneEtcd::start();
        let (a, b) = (store(&one, "n1", 1), store(&one, "n2", 1));
        a.check_key().unwrap();
        b.check_key().unwrap();
        assert!(
            store(&one, "n3", 2).check_key().is_err(),
            "another key is refused"
        );
        assert_eq!(
            a.add_version("x.example", 1, &version("1")).unwrap(),
            Added::Stored
        );
        assert_eq!(
            b.add_version("x.example", 1, &version("1")).unwrap(),
            Added::AlreadyThere
        );
        assert_eq!(
            b.add_version("x.example", 1, &version("other")).unwrap(),
            Added::Conflict { latest: 1 }
        );
        assert_eq!(b.latest("x.example").unwrap(), Some(1));
        assert_eq!(b.version("x.example", 1).unwrap().unwrap(), version("1"));
        // Whoever reads the prefix without the key sees no private key.
        for kv in a.etcd.list("", false).unwrap() {
            assert!(
                !kv.value.windows(11).any(|w| w == b"PRIVATE KEY"),
                "{} leaks",
                kv.key
            );
        }
        let raw = a.etcd.get("lineages/x.example/v/1").unwrap().unwrap().value;
        let copied = String::from_utf8(raw).unwrap();
        a.etcd
            .put("lineages/y.example/v/1", copied.as_bytes(), None)
            .unwrap();
        assert!(
            a.version("y.example", 1).is_err(),
            "a sealed key moved elsewhere does not open"
        );
    }

    /// Second review, finding 5: the issuer record is sealed with the fleet key, bound to its
    /// version and certificate. Edited, moved to another version or paired with another
    /// certificate it does not open and the version is refused; stripped to the clear copy
    /// (as records from before sealing are) it comes back marked unsealed, for the taker to
    /// vet.
    #[test]
    fn a_versions_issuer_is_sealed_and_bound_to_its_version_and_certificate() {
        let one = OneEtcd::start();
        let s = store(&one, "n1", 1);
        let issued = |tag: &str| Version {
            issuer: Some(Issuer {
                server: "https://fallback.test/dir".into(),
                account: "https://fallback.test/acct/7".into(),
            }),
            ..version(tag)
        };
        s.add_version("x.example", 1, &issued("1")).unwrap();
        s.add_version("x.example", 2, &issued("2")).unwrap();
        let got = s.version("x.example", 1).unwrap().unwrap();
        assert_eq!(got, issued("1"));
        assert!(!got.issuer_unsealed);
        assert_eq!(
            s.add_version("x.example", 1, &issued("1")).unwrap(),
            Added::AlreadyThere
        );
        let raw = |n: u32| -> Value {
            let kv = s.etcd.get(&format!("lineages/x.example/v/{n}")).unwrap();
            serde_json::from_slice(&kv.unwrap().value).unwrap()
        };
        let put = |key: &str, v: &Value| s.etcd.put(key, v.to_string().as_bytes(), None).unwrap();
        let (v1, v2) = (raw(1), raw(2));
        let refused = |n: u32, why: &str| {
            let e = s.version("x.example", n).unwrap_err();
            assert!(format!("{e:#}").contains(why), "{e:#}");
        };
        // The clear copy edited: the sealed record wins.
        let mut edited = v1.clone();
        edited["issuer"]["server"] = "https://attacker.example/dir".into();
        put("lineages/x.example/v/1", &edited);
        assert_eq!(s.version("x.example", 1).unwrap().unwrap(), issued("1"));
        // The sealed record of version 2 moved to version 1: does not open.
        let mut moved = v1.clone();
        moved["issuer_sealed"] = v2["issuer_sealed"].clone();
        put("lineages/x.example/v/1", &moved);
        refused(1, "does not open");
        // Version 1's record kept, its certificate replaced by version 2's.
        let mut swapped = v1.clone();
        swapped["cert"] = v2["cert"].clone();
        put("lineages/x.example/v/1", &swapped);
        refused(1, "sealed for another certificate");
        // A sealed record of the right place, garbled.
        let mut garbled = v1.clone();
        let mut bytes = unb64(&v1["issuer_sealed"], "x").unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        garbled["issuer_sealed"] = b64(&bytes).into();
        put("lineages/x.example/v/1", &garbled);
        refused(1, "does not open");
        // The same version sealed by another fleet (another key): does not open either.
        let other = EtcdStore::new(one.client("other"), Sealer::from_key([2; 32]), "n9", 2);
        other.add_version("x.example", 1, &issued("1")).unwrap();
        let mut foreign = v1.clone();
        let theirs = other
            .etcd
            .get("lineages/x.example/v/1")
            .unwrap()
            .unwrap()
            .value;
        let theirs: Value = serde_json::from_slice(&theirs).unwrap();
        foreign["issuer_sealed"] = theirs["issuer_sealed"].clone();
        put("lineages/x.example/v/1", &foreign);
        refused(1, "does not open");
        // Stripped to the clear copy, as an entry from before sealing: marked unsealed.
        let mut stripped = edited.clone();
        stripped["issuer_sealed"] = Value::Null;
        put("lineages/x.example/v/1", &stripped);
        let got = s.version("x.example", 1).unwrap().unwrap();
        assert!(got.issuer_unsealed);
        assert_eq!(
            got.issuer.map(|i| i.server).as_deref(),
            Some("https://attacker.example/dir")
        );
    }

    #[test]
    fn the_fleet_ledger_forgets_events_older_than_the_longest_window() {
        use crate::storage::ledger::Kind;
        let one = OneEtcd::start();
        let s = store(&one, "n1", 1);
        let event = |t: i64, event: Kind| Event {
            t,
            event,
            server: "https://ca.test/dir".into(),
            account: "https://ca.test/acct/1".into(),
            identifiers: vec!["a.example".into()],
            retry_until: None,
        };
        let now = 1_800_000_000;
        let old = now - acme::limits::LONGEST_WINDOW - 10;
        s.record(&event(old, Kind::Order)).unwrap();
        s.record(&event(now - 3600, Kind::Order)).unwrap();
        assert_eq!(s.ledger().unwrap().len(), 2);
        s.record(&event(now, Kind::Certificate)).unwrap();
        let left: Vec<i64> = s.ledger().unwrap().iter().map(|e| e.t).collect();
        assert_eq!(left, [now - 3600, now]);
    }

    /// Issue #16: a rollover through the trait on the shared store: the pending key is kept
    /// sealed, and the switch writes the key, the record and the link at once.
    #[test]
    fn a_rollover_keeps_its_pending_key_sealed_and_switches_key_and_link_together() {
        use crate::storage::account::AccountRecord;
        use acme::crypto::{KeyPair, KeyType};
        let one = OneEtcd::start();
        let s = store(&one, "n1", 1);
        let server = "https://ca.test/dir";
        let record = AccountRecord::for_test(server, "https://ca.test/acct/1");
        let old = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let new = KeyPair::generate(KeyType::EcdsaP384).unwrap();
        let new_pem = new.to_pem().unwrap();
        s.put_account(&Account {
            record: record.clone(),
            key_pem: old.to_pem().unwrap(),
            written: 0,
            chain: Vec::new(),
        })
        .unwrap();
        assert!(s.pending_account_key(server).unwrap().is_none());
        s.put_pending_account_key(server, &new_pem).unwrap();
        let raw = s
            .etcd
            .get("pending-keys/ca.test_dir")
            .unwrap()
            .unwrap()
            .value;
        assert!(!String::from_utf8_lossy(&raw).contains("PRIVATE KEY"));
        assert_eq!(s.pending_account_key(server).unwrap().unwrap(), new_pem);
        // Another fleet key cannot read it.
        assert!(store(&one, "n2", 2).pending_account_key(server).is_err());

        let link = key_chain::link(&old, &new, server, &record.url).unwrap();
        let mut switched = record.clone();
        switched.key_type = "ecdsa-p384".into();
        let mut elsewhere = record.clone();
        elsewhere.url = "https://ca.test/acct/2".into();
        assert!(
            s.switch_account_key(&elsewhere, &new_pem, Some(&link))
                .is_err()
        );
        assert!(
            s.switch_account_key(&switched, &new_pem, Some(&link))
                .unwrap()
                .is_none()
        );
        s.discard_pending_account_key(server).unwrap();
        assert!(s.pending_account_key(server).unwrap().is_none());
        let got = s.account(server).unwrap().unwrap();
        assert_eq!(got.key_pem, new_pem);
        assert_eq!(got.record.key_type, "ecdsa-p384");
        assert_eq!(got.chain, [link]);
        assert!(key_chain::succeeds(
            &old.public_key_der().unwrap(),
            &new.public_key_der().unwrap(),
            server,
            &record.url,
            &got.chain
        ));
    }

    /// Review finding 6: an account record edited to name another server is refused.
    #[test]
    fn an_account_record_naming_another_server_than_its_key_is_refused() {
        use crate::storage::account::AccountRecord;
        let one = OneEtcd::start();
        let s = store(&one, "n1", 1);
        let record =
            AccountRecord::for_test("https://fallback.test/dir", "https://fallback.test/acct/1");
        let key_pem = acme::crypto::KeyPair::generate(acme::crypto::KeyType::EcdsaP256)
            .unwrap()
            .to_pem()
            .unwrap();
        s.put_account(&Account {
            record: record.clone(),
            key_pem: key_pem.clone(),
            written: 0,
            chain: Vec::new(),
        })
        .unwrap();
        let got = s.account("https://fallback.test/dir").unwrap().unwrap();
        assert_eq!(got.key_pem, key_pem);
        // Only the clear record edited: it now names Let's Encrypt's directory.
        let key = "accounts/fallback.test_dir";
        let mut v: Value =
            serde_json::from_slice(&s.etcd.get(key).unwrap().unwrap().value).unwrap();
        v["record"]["server"] = "https://acme-v02.api.letsencrypt.org/directory".into();
        v["record"]["url"] = "https://attacker.example/acct/1".into();
        s.etcd.put(key, v.to_string().as_bytes(), None).unwrap();
        let err = s.account("https://fallback.test/dir").unwrap_err();
        assert!(
            format!("{err:#}").contains("names another server"),
            "{err:#}"
        );
    }

    #[test]
    fn concurrent_adds_of_one_number_leave_exactly_one_winner() {
        let one = OneEtcd::start();
        let stores: Vec<EtcdStore> = (0..4).map(|i| store(&one, &format!("n{i}"), 1)).collect();
        let results: Vec<Added> = std::thread::scope(|s| {
            let hs: Vec<_> = stores
                .iter()
                .enumerate()
                .map(|(i, st)| {
                    s.spawn(move || st.add_version("z", 1, &version(&i.to_string())).unwrap())
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            results.iter().filter(|r| **r == Added::Stored).count(),
            1,
            "{results:?}"
        );
    }

    #[test]
    fn a_lock_is_exclusive_and_expires_with_a_dead_holders_lease() {
        let one = OneEtcd::start();
        let (a, b) = (store(&one, "n1", 1), store(&one, "n2", 1));
        let held = a.lock("lineage-x", Duration::ZERO).unwrap().expect("free");
        assert!(held.held());
        assert!(
            b.lock("lineage-x", Duration::from_millis(300))
                .unwrap()
                .is_none()
        );
        // Kept alive past its TTL while held.
        std::thread::sleep(Duration::from_secs(3));
        assert!(b.lock("lineage-x", Duration::ZERO).unwrap().is_none());
        drop(held);
        drop(
            b.lock("lineage-x", Duration::ZERO)
                .unwrap()
                .expect("released on drop"),
        );
        // A holder that died without revoking: nobody renews its lease (2 s); the lock frees.
        let lease = b.etcd.grant(2).unwrap();
        b.etcd.put("locks/lineage-x", b"n2", Some(lease)).unwrap();
        assert!(a.lock("lineage-x", Duration::ZERO).unwrap().is_none());
        assert!(
            a.lock("lineage-x", Duration::from_secs(8))
                .unwrap()
                .is_some()
        );
    }
}
