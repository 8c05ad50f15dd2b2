//! The narrow interface every storage backend offers: lineage versions, renewal confs,
//! accounts, the rate-limit ledger and locks. [`Local`] is the config dir (certbot's layout);
//! `fleet::store::EtcdStore` is the fleet's shared store. `fleet::sync::between` keeps a
//! config dir in step with any store through this trait alone, so a new shared backend needs
//! only this trait, not changes to the commands.
//!
//! Why the commands keep working on the local config dir: each node must serve its own files
//! (`live/` for nginx) even when the shared store is unreachable, so a node's config dir is
//! its working copy and the shared store is kept in step with it — pulled before a renewal,
//! pushed after one, and watched in between (see `fleet`).

use anyhow::{Context, Result, bail};
use std::fs;
use std::time::Duration;

use super::Layout;
use super::account::{AccountRecord, StoredAccount};
use super::fsutil::Lock;
use super::ledger::{self, Event};
use super::lineage::{self, ImportedVersion};
use super::pending::{self, PendingOrder};
use super::renewal_conf::RenewalConf;

/// The files of one lineage version as certbot names them. `Debug` leaves the key out.
#[derive(Clone)]
pub struct Version {
    pub cert: Vec<u8>,
    pub chain: Vec<u8>,
    pub fullchain: Vec<u8>,
    /// `None` for a lineage issued from the user's own CSR.
    pub privkey: Option<Vec<u8>>,
    /// The CA that issued it (`archive/<name>/caN.json`), when recorded: ARI and revocation of
    /// this version go there on every node.
    pub issuer: Option<lineage::Issuer>,
    /// `issuer` is a shared store's record in the clear (written before the fleet sealed them,
    /// or by anyone who can write the store): nobody vouches for it, and it decides where
    /// revocation and ARI go, so a node takes it only as `fleet::accept::issuer_to_take`
    /// allows. False for a config dir's own archive and for a record sealed with the fleet key.
    pub issuer_unsealed: bool,
}

/// The same files and issuer, whoever vouches for the issuer: a version this node holds and
/// the store's copy of it from before issuers were sealed are one version, not a conflict.
impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.cert == other.cert
            && self.chain == other.chain
            && self.fullchain == other.fullchain
            && self.privkey == other.privkey
            && self.issuer == other.issuer
    }
}

impl Eq for Version {}

/// An ACME account: its record and its private key (PEM). `Debug` leaves the key out.
#[derive(Clone)]
pub struct Account {
    pub record: AccountRecord,
    pub key_pem: Vec<u8>,
    /// When this copy was last written (Unix seconds; 0 if unknown): between two stores that
    /// disagree after an update, the newer copy wins.
    pub written: i64,
    /// The key rollovers that lead to `key_pem` (oldest first): a holder of an older key takes
    /// this one only through them (see `key_chain`).
    pub chain: Vec<super::key_chain::KeyLink>,
}

impl Account {
    /// The same account, key, record and rollovers (whenever each copy was written).
    pub fn same_as(&self, other: &Account) -> bool {
        self.key_pem == other.key_pem
            && self.chain == other.chain
            && serde_json::to_value(&self.record).ok() == serde_json::to_value(&other.record).ok()
    }
}

// By hand, without the private keys: one `{:?}` in an error or a log must not print a key
// (review finding 12c).
impl std::fmt::Debug for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Version")
            .field("cert", &String::from_utf8_lossy(&self.cert))
            .field("chain", &String::from_utf8_lossy(&self.chain))
            .field("fullchain", &String::from_utf8_lossy(&self.fullchain))
            .field("privkey", &self.privkey.as_ref().map(|_| "(hidden)"))
            .field("issuer", &self.issuer)
            .field("issuer_unsealed", &self.issuer_unsealed)
            .finish()
    }
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("record", &self.record)
            .field("key_pem", &"(hidden)")
            .finish()
    }
}

/// A lineage deleted for the whole fleet (`acme delete` on a fleet node): what it held, so a
/// node removes its own copy only when that copy is the deleted lineage — one issued again
/// later under the same name holds none of these certificates and is left alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deletion {
    /// The node that deleted it.
    pub by: String,
    /// When (Unix seconds).
    pub at: i64,
    /// [`fingerprint`]s of the certificates of every version known when it was deleted.
    pub certs: Vec<String>,
}

/// The most certificates a deletion marker lists (a lineage renewed every few weeks for years
/// holds far fewer); also the most read from a store.
pub const MAX_DELETED_CERTS: usize = 4096;

impl Deletion {
    /// Whether a lineage holding certificates with these fingerprints is the deleted one: any
    /// of them listed. Pure.
    pub fn covers(&self, fingerprints: &[String]) -> bool {
        fingerprints.iter().any(|f| self.certs.contains(f))
    }
}

/// SHA-256 (hex) of the DER of the first certificate in `pem`: the same certificate on every
/// node whatever its PEM line breaks. `None` for anything that is not a certificate.
pub fn fingerprint(pem: &[u8]) -> Option<String> {
    let der = openssl::x509::X509::from_pem(pem).ok()?.to_der().ok()?;
    Some(
        acme::crypto::sha256(&der)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// How many versions, newest first, [`Store::issuer_of`] looks through: a certificate older
/// than the newest 100 versions of its lineage has long expired (even one renewed every few
/// days), and revoking or asking ARI about it is moot.
pub const ISSUER_SEARCH_DEPTH: usize = 100;

/// What [`Store::add_version`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    /// Version `n` is now the newest.
    Stored,
    /// The store already held exactly these files as version `n` (a repeated push).
    AlreadyThere,
    /// The store holds version `latest` ≥ `n` with other contents: someone else got there first.
    Conflict { latest: u32 },
}

/// A lock held until dropped.
pub trait Held: Send {
    /// Whether the lock is still ours (a lease-based lock can be lost to an expiry).
    fn held(&self) -> bool {
        true
    }
}

impl Held for Lock {}

pub trait Store: Send + Sync {
    /// Where it is, for messages (`/etc/acme`, `etcd://h1:2379/prefix`).
    fn describe(&self) -> String;

    /// Names of the lineages that have a renewal conf, sorted.
    fn lineages(&self) -> Result<Vec<String>>;
    /// The newest version of `name`, if any.
    fn latest(&self, name: &str) -> Result<Option<u32>>;
    fn version(&self, name: &str, n: u32) -> Result<Option<Version>>;
    /// The CA recorded as the issuer of the version of `name` whose certificate is
    /// `cert_der` (the newest such version among the newest [`ISSUER_SEARCH_DEPTH`]), if any.
    /// Errors, and a record the store does not vouch for (`issuer_unsealed`), read as "none
    /// recorded". Bounded: a shared store's `latest` is anyone's to write who can write the
    /// store (4294967295 would otherwise mean as many reads).
    fn issuer_of(&self, name: &str, cert_der: &[u8]) -> Option<lineage::Issuer> {
        let latest = self.latest(name).ok()??;
        for n in (1..=latest).rev().take(ISSUER_SEARCH_DEPTH) {
            let Ok(Some(v)) = self.version(name, n) else {
                continue;
            };
            let first = std::str::from_utf8(&v.cert)
                .ok()
                .and_then(|pem| acme::x509::pem_certificates(pem).ok())
                .and_then(|ders| ders.into_iter().next());
            if first.as_deref() == Some(cert_der) {
                return v.issuer.filter(|_| !v.issuer_unsealed);
            }
        }
        None
    }
    /// Stores version `n` of `name` and makes it the newest, if `n` is newer than every version
    /// the store holds.
    fn add_version(&self, name: &str, n: u32, v: &Version) -> Result<Added>;

    /// The renewal conf of `name` as text.
    fn conf(&self, name: &str) -> Result<Option<String>>;
    fn put_conf(&self, name: &str, text: &str) -> Result<()>;
    /// Where the conf of `name` is kept, for messages (a path for the config dir).
    fn conf_location(&self, name: &str) -> String {
        format!("the renewal conf of {name} in {}", self.describe())
    }

    fn account(&self, server: &str) -> Result<Option<Account>>;
    fn put_account(&self, a: &Account) -> Result<()>;
    /// Stores an account registered just now. Its key may replace one a registration that
    /// did not finish left without a record (the CA never saw that key used), never one with
    /// a record: that is an account, and [`Store::put_account`] rules apply.
    fn put_new_account(&self, a: &Account) -> Result<()> {
        self.put_account(a)
    }
    /// Replaces the record of an account the store holds, keeping its key (new contacts, a
    /// deactivation).
    fn put_account_record(&self, record: &AccountRecord) -> Result<()> {
        let Some(mut a) = self.account(&record.server)? else {
            bail!(
                "{} holds no account for {}",
                self.describe(),
                acme::escape::escape(&record.server)
            );
        };
        a.record = record.clone();
        a.written = acme::time::now();
        self.put_account(&a)
    }

    /// Keeps `key_pem`, the new key of a rollover of the account for `server`, aside (as
    /// secret as the account key) before the CA is asked to switch to it (RFC 8555 §7.3.5):
    /// a crash between the CA accepting it and [`Store::switch_account_key`] must not lose
    /// the only key the CA then knows. The next rollover finds it with
    /// [`Store::pending_account_key`]. A store that cannot keep one refuses, before any CA
    /// is asked.
    fn put_pending_account_key(&self, server: &str, key_pem: &[u8]) -> Result<()> {
        let _ = key_pem;
        bail!(
            "{} cannot keep a new account key for {} aside, so it cannot roll the key over",
            self.describe(),
            acme::escape::escape(server)
        )
    }
    /// The key a rollover kept aside and did not finish with, if any.
    fn pending_account_key(&self, server: &str) -> Result<Option<Vec<u8>>> {
        let _ = server;
        Ok(None)
    }
    /// Drops the key kept aside, once it is the account key or the CA clearly refused it.
    fn discard_pending_account_key(&self, server: &str) -> Result<()> {
        let _ = server;
        Ok(())
    }
    /// Where the pending key of `server` is kept, for messages (a path for the config dir).
    fn pending_account_key_location(&self, server: &str) -> String {
        format!(
            "the pending account key for {} in {}",
            acme::escape::escape(server),
            self.describe()
        )
    }
    /// Makes `key_pem` the key of the account `record` names (which the store must hold
    /// under the same URL), with `record` as its record, once the CA accepted the key change:
    /// the caller holds the old key and the CA's word, so unlike [`Store::put_account`] no
    /// rollover chain is asked for. `link` is the old key's signed handover
    /// (`key_chain::link`), kept where the store keeps rollovers, no later than the key, so a
    /// crash leaves no key that other holders of the old one cannot take; `None` when nobody
    /// else holds the account. `Ok(Some(e))`: the key is switched, but the link could not be
    /// kept.
    fn switch_account_key(
        &self,
        record: &AccountRecord,
        key_pem: &[u8],
        link: Option<&super::key_chain::KeyLink>,
    ) -> Result<Option<anyhow::Error>> {
        let _ = (key_pem, link);
        bail!(
            "{} cannot switch the key of the account {}",
            self.describe(),
            acme::escape::escape(&record.url)
        )
    }

    /// Every event of the rate-limit ledger.
    fn ledger(&self) -> Result<Vec<Event>>;
    fn record(&self, e: &Event) -> Result<()>;
    /// Every event of the ledger, and how many entries were skipped as unreadable (torn by a
    /// crash, or written by a newer version).
    fn ledger_read(&self) -> Result<(Vec<Event>, usize)> {
        Ok((self.ledger()?, 0))
    }
    /// Where the ledger is kept, for messages (a path for the config dir).
    fn ledger_location(&self) -> String {
        self.describe()
    }

    /// The orders of `name` finalized but not collected yet, oldest first (see `pending`).
    /// They stay with the config dir whose run placed them, which alone can collect them: a
    /// store that keeps none has none.
    fn pending_orders(&self, name: &str) -> Result<Vec<PendingOrder>> {
        check_name(name)?;
        Ok(Vec::new())
    }

    /// Every name with orders remembered ([`Store::pending_orders`]), lineage or not yet (a
    /// first `issue` that timed out after finalize), sorted.
    fn pending_names(&self) -> Result<Vec<String>> {
        Ok(Vec::new())
    }

    /// Takes the lock `what` (e.g. `lineage-example.com`), waiting up to `wait`; `None` if
    /// someone else holds it.
    fn lock(&self, what: &str, wait: Duration) -> Result<Option<Box<dyn Held>>>;

    /// How `name` was deleted for every node, if it was (see [`Deletion`]). A store that does
    /// not share deletions has none.
    fn deletion(&self, name: &str) -> Result<Option<Deletion>> {
        check_name(name)?;
        Ok(None)
    }

    /// Removes `name` (its conf and versions) and leaves `marker` in its place, at once.
    fn delete_lineage(&self, name: &str, marker: &Deletion) -> Result<()> {
        let _ = marker;
        bail!("{} cannot delete {name} for every node", self.describe())
    }
}

fn check_name(name: &str) -> Result<()> {
    super::check_cert_name(name).map_err(anyhow::Error::msg)
}

/// The config dir as a store.
pub struct Local {
    pub layout: Layout,
}

impl Local {
    pub fn new(layout: &Layout) -> Local {
        Local {
            layout: Layout::new(layout.root.clone()),
        }
    }
}

fn read_optional(path: &std::path::Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

impl Local {
    /// Writes version `n` into the archive (files already there must be identical) and
    /// switches `live/<name>` to it in one rename.
    fn import(&self, name: &str, n: u32, v: &Version) -> Result<()> {
        let imported = ImportedVersion {
            n,
            cert: v.cert.clone(),
            chain: v.chain.clone(),
            fullchain: v.fullchain.clone(),
            privkey: v.privkey.clone(),
            // A record nobody vouches for never reaches the archive, where revocation and ARI
            // would take it (`fleet::sync` vets the store's before it gets here).
            issuer: v.issuer.clone().filter(|_| !v.issuer_unsealed),
        };
        lineage::import(&self.layout, name, &[imported], n)
    }
}

impl Local {
    /// This dir's record of the account, when the offered account is that account (its
    /// record's URL, as stored here) under a key the held one handed it to; `None` otherwise.
    fn rolled_over_to(
        &self,
        a: &Account,
        held: Option<&[u8]>,
        offered: &[u8],
    ) -> Option<AccountRecord> {
        let held = held?;
        let mine = super::account::load(&self.layout, &a.record.server).ok()??;
        let succeeds = mine.record.url == a.record.url
            && super::key_chain::succeeds(
                held,
                offered,
                &mine.record.server,
                &mine.record.url,
                &a.chain,
            );
        succeeds.then_some(mine.record)
    }
}

impl Store for Local {
    fn describe(&self) -> String {
        self.layout.root.display().to_string()
    }

    fn lineages(&self) -> Result<Vec<String>> {
        lineage::names(&self.layout)
    }

    fn latest(&self, name: &str) -> Result<Option<u32>> {
        lineage::latest_archived(&self.layout.archive(name))
    }

    /// From the archive's issuer records alone, without reading any key.
    fn issuer_of(&self, name: &str, cert_der: &[u8]) -> Option<lineage::Issuer> {
        lineage::issuer_of(&self.layout, name, cert_der)
    }

    fn version(&self, name: &str, n: u32) -> Result<Option<Version>> {
        let dir = self.layout.archive(name);
        let file = |kind: &str| dir.join(format!("{kind}{n}.pem"));
        let Some(cert) = read_optional(&file("cert"))? else {
            return Ok(None);
        };
        let chain = read_optional(&file("chain"))?.unwrap_or_default();
        let fullchain = read_optional(&file("fullchain"))?.unwrap_or_default();
        let privkey = match fs::symlink_metadata(file("privkey")) {
            Ok(_) => Some(super::fsutil::read_private(
                &file("privkey"),
                "a lineage key",
            )?),
            Err(_) => None,
        };
        Ok(Some(Version {
            cert,
            chain,
            fullchain,
            privkey,
            issuer: lineage::issuer(&self.layout, name, n),
            issuer_unsealed: false,
        }))
    }

    /// Versions may arrive with gaps (a node that was offline takes only the newest); the
    /// archive keeps their numbers and `live/` switches to `n` in one rename.
    fn add_version(&self, name: &str, n: u32, v: &Version) -> Result<Added> {
        super::check_cert_name(name).map_err(anyhow::Error::msg)?;
        if let Some(latest) = self.latest(name)?
            && latest >= n
        {
            let live = lineage::live_version(&self.layout, name).ok();
            return Ok(match self.version(name, n)? {
                // Archived, but a crash cut the switch short: switch now.
                Some(have) if have == *v && latest == n && live != Some(n) => {
                    self.import(name, n, v)?;
                    Added::Stored
                }
                Some(have) if have == *v => Added::AlreadyThere,
                _ => Added::Conflict { latest },
            });
        }
        self.import(name, n, v)?;
        Ok(Added::Stored)
    }

    fn conf(&self, name: &str) -> Result<Option<String>> {
        super::check_cert_name(name).map_err(anyhow::Error::msg)?;
        read_optional(&self.layout.renewal_conf(name))?
            .map(|b| String::from_utf8(b).context("a renewal conf is not UTF-8"))
            .transpose()
    }

    fn put_conf(&self, name: &str, text: &str) -> Result<()> {
        super::check_cert_name(name).map_err(anyhow::Error::msg)?;
        // Parsed first: a conf that cannot be read back is never written.
        let conf = RenewalConf::parse(text)
            .with_context(|| format!("the renewal conf of {name} is not valid"))?;
        conf.save(&self.layout.renewal_conf(name), name)
    }

    fn conf_location(&self, name: &str) -> String {
        self.layout.renewal_conf(name).display().to_string()
    }

    fn account(&self, server: &str) -> Result<Option<Account>> {
        let dir = self.layout.account_dir(server);
        let written = ["account.json", "private_key.pem"]
            .iter()
            .filter_map(|f| fs::symlink_metadata(dir.join(f)).ok()?.modified().ok())
            .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs() as i64)
            .max()
            .unwrap_or(0);
        Ok(
            super::account::load(&self.layout, server)?.map(|a| Account {
                key_pem: a.key.to_pem().unwrap_or_default(),
                record: a.record,
                written,
                chain: super::account::load_chain(&self.layout, server),
            }),
        )
    }

    /// Never replaces a different key already in the account's dir (a registration whose
    /// record was not written yet, or an account of this node's own) — unless the offer is the
    /// same account (same URL at the same CA) and its rollover chain proves, by signatures
    /// starting from the key held here, that the offered key took over from it
    /// (`key_chain::succeeds`). Anything else is refused and the key kept.
    fn put_account(&self, a: &Account) -> Result<()> {
        let key = acme::crypto::KeyPair::from_pem(&a.key_pem)
            .context("the account key to store is unusable")?;
        let dir = self.layout.account_dir(&a.record.server);
        let existing = dir.join("private_key.pem");
        if fs::symlink_metadata(&existing).is_ok() {
            let have = super::fsutil::read_private(&existing, "the account key")?;
            let have = acme::crypto::KeyPair::from_pem(&have).and_then(|k| k.public_key_der());
            let offered = key.public_key_der()?;
            let same = have.as_ref().is_ok_and(|h| *h == offered);
            if !same {
                let Some(mut mine) = self.rolled_over_to(a, have.ok().as_deref(), &offered) else {
                    bail!(
                        "{} holds another account key than the one offered for {}, and no key \
                         rollover signed by it leads to the offered one; keeping it (move that \
                         directory aside to take the offered account)",
                        dir.display(),
                        acme::escape::escape(&a.record.server)
                    );
                };
                // The links prove the key, nothing else: the offered record (status, contacts,
                // the server's spelling) is as unauthenticated as the store, so this dir's
                // own record stays, with the new key's type.
                mine.key_type = key.key_type().to_string();
                super::account::save(&self.layout, &StoredAccount { record: mine, key })?;
                return super::account::save_chain(&self.layout, &a.record.server, &a.chain);
            }
        }
        super::account::save(
            &self.layout,
            &StoredAccount {
                record: a.record.clone(),
                key,
            },
        )?;
        if !a.chain.is_empty() {
            super::account::save_chain(&self.layout, &a.record.server, &a.chain)?;
        }
        Ok(())
    }

    /// A key file without `account.json` beside it is what a registration cut short between
    /// its two writes leaves: the new key takes its place, as `acme register` always did.
    fn put_new_account(&self, a: &Account) -> Result<()> {
        if super::account::load(&self.layout, &a.record.server)?.is_some() {
            return self.put_account(a);
        }
        let key = acme::crypto::KeyPair::from_pem(&a.key_pem)
            .context("the account key to store is unusable")?;
        super::account::save(
            &self.layout,
            &StoredAccount {
                record: a.record.clone(),
                key,
            },
        )
    }

    /// The record alone: the key file is not rewritten.
    fn put_account_record(&self, record: &AccountRecord) -> Result<()> {
        super::account::save_record(&self.layout, record)
    }

    /// `private_key.pem.new` beside the account key, 0600 from creation.
    fn put_pending_account_key(&self, server: &str, key_pem: &[u8]) -> Result<()> {
        let key = acme::crypto::KeyPair::from_pem(key_pem)
            .context("the new account key to keep aside is unusable")?;
        super::account::save_pending_key(&self.layout, server, &key).map(|_| ())
    }

    fn pending_account_key(&self, server: &str) -> Result<Option<Vec<u8>>> {
        super::account::load_pending_key(&self.layout, server)?
            .map(|k| k.to_pem())
            .transpose()
    }

    fn discard_pending_account_key(&self, server: &str) -> Result<()> {
        super::account::discard_pending_key(&self.layout, server)
    }

    fn pending_account_key_location(&self, server: &str) -> String {
        super::account::pending_key_path(&self.layout, server)
            .display()
            .to_string()
    }

    /// The link goes to `key_chain.json` first, then the key, then `account.json`; without a
    /// link (a lone config dir) the account dir holds just the key and the record, as before.
    fn switch_account_key(
        &self,
        record: &AccountRecord,
        key_pem: &[u8],
        link: Option<&super::key_chain::KeyLink>,
    ) -> Result<Option<anyhow::Error>> {
        let key =
            acme::crypto::KeyPair::from_pem(key_pem).context("the new account key is unusable")?;
        let held = super::account::load(&self.layout, &record.server)?;
        if held.as_ref().map(|a| a.record.url.as_str()) != Some(record.url.as_str()) {
            bail!(
                "{} holds no account {} to switch the key of",
                self.layout.account_dir(&record.server).display(),
                acme::escape::escape(&record.url)
            );
        }
        let link_error =
            link.and_then(|l| super::account::add_link(&self.layout, &record.server, l).err());
        super::account::save(
            &self.layout,
            &StoredAccount {
                record: record.clone(),
                key,
            },
        )?;
        Ok(link_error)
    }

    fn ledger(&self) -> Result<Vec<Event>> {
        Ok(ledger::load(&self.layout)?.0)
    }

    fn ledger_read(&self) -> Result<(Vec<Event>, usize)> {
        ledger::load(&self.layout)
    }

    fn ledger_location(&self) -> String {
        self.layout.ledger().display().to_string()
    }

    fn record(&self, e: &Event) -> Result<()> {
        ledger::append(&self.layout, e)
    }

    /// Read as a secret is (see `pending`): nothing through a link, nothing open to others.
    fn pending_orders(&self, name: &str) -> Result<Vec<PendingOrder>> {
        pending::load_all(&self.layout, name)
    }

    fn pending_names(&self) -> Result<Vec<String>> {
        pending::names(&self.layout)
    }

    fn lock(&self, what: &str, wait: Duration) -> Result<Option<Box<dyn Held>>> {
        if what.contains('/') || what.starts_with('.') {
            bail!("invalid lock name {what:?}");
        }
        Ok(
            Lock::acquire(&self.layout.lock_file(what), wait)?
                .map(|l| Box::new(l) as Box<dyn Held>),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn version(tag: &str, key: bool) -> Version {
        Version {
            cert: format!("CERT {tag}\n").into_bytes(),
            chain: b"CHAIN\n".to_vec(),
            fullchain: format!("CERT {tag}\nCHAIN\n").into_bytes(),
            privkey: key.then(|| format!("KEY {tag}\n").into_bytes()),
            issuer: None,
            issuer_unsealed: false,
        }
    }

    #[test]
    fn a_local_store_adds_newer_versions_and_refuses_to_rewrite_old_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        assert_eq!(store.latest("a.example").unwrap(), None);
        assert_eq!(
            store
                .add_version("a.example", 1, &version("1", true))
                .unwrap(),
            Added::Stored
        );
        // A gap: version 3 arrives without 2 (a node that was offline).
        assert_eq!(
            store
                .add_version("a.example", 3, &version("3", true))
                .unwrap(),
            Added::Stored
        );
        assert_eq!(store.latest("a.example").unwrap(), Some(3));
        assert_eq!(
            lineage::live_version(&store.layout, "a.example").unwrap(),
            3
        );
        assert_eq!(
            store
                .add_version("a.example", 3, &version("3", true))
                .unwrap(),
            Added::AlreadyThere
        );
        assert_eq!(
            store
                .add_version("a.example", 2, &version("other", true))
                .unwrap(),
            Added::Conflict { latest: 3 }
        );
        assert_eq!(
            store.version("a.example", 1).unwrap().unwrap(),
            version("1", true)
        );
        assert!(store.version("a.example", 2).unwrap().is_none());
        assert!(store.add_version("../x", 1, &version("1", true)).is_err());
    }

    /// The CA that issued a version travels with it between stores (a fallback CA's, after an
    /// outage), so every node asks that CA for ARI and revokes there.
    #[test]
    fn a_version_keeps_its_issuer_through_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let mut v = version("1", true);
        v.issuer = Some(lineage::Issuer {
            server: "https://fallback.test/dir".into(),
            account: "https://fallback.test/acct/7".into(),
        });
        assert_eq!(
            store.add_version("a.example", 1, &v).unwrap(),
            Added::Stored
        );
        assert_eq!(store.version("a.example", 1).unwrap().unwrap(), v);
        assert_eq!(
            store.add_version("a.example", 1, &v).unwrap(),
            Added::AlreadyThere
        );
        assert_eq!(lineage::issuer(&store.layout, "a.example", 1), v.issuer);
    }

    /// A store whose `latest` says whatever was written there (an etcd store's is anyone's to
    /// write who can write the prefix), holding the versions given; it counts its reads.
    struct Written {
        latest: u32,
        held: Vec<(u32, Version)>,
        reads: std::sync::atomic::AtomicUsize,
    }

    impl Store for Written {
        fn describe(&self) -> String {
            "written".into()
        }
        fn lineages(&self) -> Result<Vec<String>> {
            Ok(Vec::new())
        }
        fn latest(&self, _: &str) -> Result<Option<u32>> {
            Ok(Some(self.latest))
        }
        fn version(&self, _: &str, n: u32) -> Result<Option<Version>> {
            self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(self
                .held
                .iter()
                .find(|(m, _)| *m == n)
                .map(|(_, v)| v.clone()))
        }
        fn add_version(&self, _: &str, _: u32, _: &Version) -> Result<Added> {
            bail!("read-only")
        }
        fn conf(&self, _: &str) -> Result<Option<String>> {
            Ok(None)
        }
        fn put_conf(&self, _: &str, _: &str) -> Result<()> {
            bail!("read-only")
        }
        fn account(&self, _: &str) -> Result<Option<Account>> {
            Ok(None)
        }
        fn put_account(&self, _: &Account) -> Result<()> {
            bail!("read-only")
        }
        fn ledger(&self) -> Result<Vec<Event>> {
            Ok(Vec::new())
        }
        fn record(&self, _: &Event) -> Result<()> {
            bail!("read-only")
        }
        fn lock(&self, _: &str, _: Duration) -> Result<Option<Box<dyn Held>>> {
            bail!("read-only")
        }
    }

    /// Second review: the trait's own issuer lookup reads at most the newest
    /// ISSUER_SEARCH_DEPTH versions, whatever `latest` says (4294967295 written into an etcd
    /// store used to mean as many reads); within them it finds the certificate's version, and
    /// a record the store does not vouch for reads as none.
    #[test]
    fn the_issuer_lookup_reads_a_bounded_number_of_versions() {
        use acme::crypto::{KeyPair, KeyType};
        use acme::identifiers::Identifier;
        use std::sync::atomic::Ordering;
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let id = Identifier::Dns("a.example".into());
        let cert =
            || acme::protocol::challenge::tls_alpn01_certificate(&id, "ka", key.pkey()).unwrap();
        let (wanted, other) = (cert(), cert());
        let held = |c: &openssl::x509::X509, server: &str, unsealed: bool| Version {
            cert: c.to_pem().unwrap(),
            issuer: Some(lineage::Issuer {
                server: server.into(),
                account: format!("{server}/acct/1"),
            }),
            issuer_unsealed: unsealed,
            ..version("x", true)
        };
        let der = wanted.to_der().unwrap();
        let store = |latest: u32, held: Vec<(u32, Version)>| Written {
            latest,
            held,
            reads: Default::default(),
        };

        let s = store(
            u32::MAX,
            vec![(1, held(&wanted, "https://ca.test/dir", false))],
        );
        assert_eq!(s.issuer_of("a.example", &der), None);
        assert_eq!(s.reads.load(Ordering::SeqCst), ISSUER_SEARCH_DEPTH);

        let top = 1_000_000;
        let s = store(
            top,
            vec![
                (top, held(&other, "https://ca.test/dir", false)),
                (top - 5, held(&wanted, "https://fallback.test/dir", false)),
                (top - 9, held(&wanted, "https://ca.test/dir", false)),
            ],
        );
        let found = s.issuer_of("a.example", &der).map(|i| i.server);
        assert_eq!(
            found.as_deref(),
            Some("https://fallback.test/dir"),
            "the newest"
        );
        assert_eq!(s.reads.load(Ordering::SeqCst), 6);

        let s = store(
            3,
            vec![
                (3, held(&wanted, "https://attacker.example/dir", true)),
                (2, held(&wanted, "https://ca.test/dir", false)),
            ],
        );
        assert_eq!(
            s.issuer_of("a.example", &der),
            None,
            "unsealed: none recorded"
        );
    }

    #[test]
    fn a_version_archived_but_not_switched_to_is_switched_to_when_added_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        store
            .add_version("a.example", 1, &version("1", true))
            .unwrap();
        // As a crash between the archive writes and the switch of live/ leaves it.
        let archive = store.layout.archive("a.example");
        for (kind, data) in [
            ("privkey", "KEY 2\n"),
            ("chain", "CHAIN\n"),
            ("fullchain", "CERT 2\nCHAIN\n"),
            ("cert", "CERT 2\n"),
        ] {
            let mode = if kind == "privkey" { 0o600 } else { 0o644 };
            super::super::fsutil::write_atomic(
                &archive.join(format!("{kind}2.pem")),
                data.as_bytes(),
                mode,
            )
            .unwrap();
        }
        assert_eq!(
            lineage::live_version(&store.layout, "a.example").unwrap(),
            1
        );
        assert_eq!(
            store
                .add_version("a.example", 2, &version("2", true))
                .unwrap(),
            Added::Stored
        );
        assert_eq!(
            lineage::live_version(&store.layout, "a.example").unwrap(),
            2
        );
        assert_eq!(
            store
                .add_version("a.example", 2, &version("2", true))
                .unwrap(),
            Added::AlreadyThere
        );
    }

    #[test]
    fn a_local_store_keeps_confs_it_can_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        assert!(store.conf("a.example").unwrap().is_none());
        let text = "domains = a.example\nserver = https://ca.test/dir\naccount = https://ca.test/acct/1\nmethod = webroot\nwebroot.a.example = /srv/www\n";
        store.put_conf("a.example", text).unwrap();
        assert_eq!(store.lineages().unwrap(), ["a.example"]);
        let back = RenewalConf::parse(&store.conf("a.example").unwrap().unwrap()).unwrap();
        assert_eq!(back.domains, ["a.example"]);
        assert!(
            store
                .put_conf("b.example", "domains = b.example\n")
                .is_err(),
            "no server line"
        );
        assert!(
            store.conf("b.example").unwrap().is_none(),
            "nothing written"
        );
    }

    /// Review finding 6: an account offered for a dir that holds another key never replaces it.
    #[test]
    fn a_local_account_key_is_never_replaced_by_another() {
        use super::super::account::AccountRecord;
        use acme::crypto::{KeyPair, KeyType};
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let account = |pem: &[u8]| Account {
            record: AccountRecord::for_test("https://ca.test/dir", "https://ca.test/acct/1"),
            key_pem: pem.to_vec(),
            written: 0,
            chain: Vec::new(),
        };
        let mine = KeyPair::generate(KeyType::EcdsaP256)
            .unwrap()
            .to_pem()
            .unwrap();
        let theirs = KeyPair::generate(KeyType::EcdsaP256)
            .unwrap()
            .to_pem()
            .unwrap();
        store.put_account(&account(&mine)).unwrap();
        store.put_account(&account(&mine)).unwrap();
        let err = store.put_account(&account(&theirs)).unwrap_err();
        assert!(format!("{err:#}").contains("keeping it"), "{err:#}");
        let kept = store.account("https://ca.test/dir").unwrap().unwrap();
        assert_eq!(kept.key_pem, mine);
    }

    fn record() -> AccountRecord {
        AccountRecord::for_test("https://ca.test/dir", "https://ca.test/acct/1")
    }

    fn new_key() -> acme::crypto::KeyPair {
        acme::crypto::KeyPair::generate(acme::crypto::KeyType::EcdsaP256).unwrap()
    }

    fn names(dir: &std::path::Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Issue #16: a rollover through the trait on a lone config dir keeps the new key aside
    /// (0600), switches to it, and leaves exactly the key and the record, as before.
    #[test]
    fn a_local_rollover_keeps_the_new_key_aside_then_switches_to_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let server = "https://ca.test/dir";
        let (old, new) = (new_key(), new_key());
        let account = |k: &acme::crypto::KeyPair, r: AccountRecord| Account {
            record: r,
            key_pem: k.to_pem().unwrap(),
            written: 0,
            chain: Vec::new(),
        };
        store.put_account(&account(&old, record())).unwrap();
        assert!(store.pending_account_key(server).unwrap().is_none());
        let new_pem = new.to_pem().unwrap();
        store.put_pending_account_key(server, &new_pem).unwrap();
        let path = std::path::PathBuf::from(store.pending_account_key_location(server));
        assert_eq!(
            path,
            store.layout.account_dir(server).join("private_key.pem.new")
        );
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(store.pending_account_key(server).unwrap().unwrap(), new_pem);
        // Until the switch, the account key is the old one.
        assert_eq!(
            store.account(server).unwrap().unwrap().key_pem,
            old.to_pem().unwrap()
        );

        let mut switched = record();
        switched.key_type = "ecdsa-p256".into();
        let link_error = store.switch_account_key(&switched, &new_pem, None).unwrap();
        assert!(link_error.is_none());
        store.discard_pending_account_key(server).unwrap();
        store.discard_pending_account_key(server).unwrap();
        assert!(store.pending_account_key(server).unwrap().is_none());
        let now = store.account(server).unwrap().unwrap();
        assert_eq!(now.key_pem, new_pem);
        assert!(now.chain.is_empty());
        assert_eq!(
            names(&store.layout.account_dir(server)),
            ["account.json", "private_key.pem"]
        );
        // The old key does not come back through `put_account`: no link leads to it.
        assert!(store.put_account(&account(&old, record())).is_err());
        assert_eq!(store.account(server).unwrap().unwrap().key_pem, new_pem);
    }

    /// With a link (a fleet node), the link is kept beside the key, and another dir holding
    /// the old key takes the new one through it.
    #[test]
    fn a_local_rollover_with_a_link_keeps_it_for_holders_of_the_old_key() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (mine, theirs) = (
            Local::new(&Layout::new(a.path())),
            Local::new(&Layout::new(b.path())),
        );
        let server = "https://ca.test/dir";
        let (old, new) = (new_key(), new_key());
        for s in [&mine, &theirs] {
            s.put_account(&Account {
                record: record(),
                key_pem: old.to_pem().unwrap(),
                written: 0,
                chain: Vec::new(),
            })
            .unwrap();
        }
        let link = super::super::key_chain::link(&old, &new, server, &record().url).unwrap();
        let new_pem = new.to_pem().unwrap();
        assert!(
            mine.switch_account_key(&record(), &new_pem, Some(&link))
                .unwrap()
                .is_none()
        );
        let rolled = mine.account(server).unwrap().unwrap();
        assert_eq!(rolled.chain, [link]);
        theirs.put_account(&rolled).unwrap();
        assert_eq!(theirs.account(server).unwrap().unwrap().key_pem, new_pem);
    }

    #[test]
    fn a_local_switch_of_an_account_the_dir_does_not_hold_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let old_pem = new_key().to_pem().unwrap();
        let new_pem = new_key().to_pem().unwrap();
        assert!(
            store.switch_account_key(&record(), &new_pem, None).is_err(),
            "no account at all"
        );
        store
            .put_account(&Account {
                record: record(),
                key_pem: old_pem.clone(),
                written: 0,
                chain: Vec::new(),
            })
            .unwrap();
        let mut other = record();
        other.url = "https://ca.test/acct/2".into();
        let err = store
            .switch_account_key(&other, &new_pem, None)
            .unwrap_err();
        assert!(format!("{err:#}").contains("holds no account"), "{err:#}");
        let kept = store.account("https://ca.test/dir").unwrap().unwrap();
        assert_eq!(kept.key_pem, old_pem);
    }

    #[test]
    fn debug_output_shows_no_private_key() {
        let v = version("1", true);
        let shown = format!("{v:?}");
        assert!(
            shown.contains("CERT 1") && !shown.contains("KEY 1"),
            "{shown}"
        );
        let a = Account {
            record: serde_json::from_str(
                r#"{"url":"u","server":"s","key_type":"k","created":"c"}"#,
            )
            .unwrap(),
            key_pem: b"-----BEGIN PRIVATE KEY----- secret".to_vec(),
            written: 0,
            chain: Vec::new(),
        };
        let shown = format!("{a:?}");
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn a_local_lock_is_not_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let store = Local::new(&Layout::new(dir.path()));
        let held = store.lock("lineage-a", Duration::ZERO).unwrap();
        assert!(held.is_some());
        assert!(store.lock("lineage-a", Duration::ZERO).unwrap().is_none());
        drop(held);
        assert!(store.lock("lineage-a", Duration::ZERO).unwrap().is_some());
        assert!(store.lock("../x", Duration::ZERO).is_err());
    }
}
