//! The stored ACME account for a server: `account.json` (URL, contacts, key type, status) and
//! `private_key.pem` (0600, in a 0700 directory).

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use super::Layout;
use super::fsutil::{PRIVATE_DIR, PUBLIC, SECRET, ensure_dir, write_atomic};
use acme::crypto::KeyPair;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountRecord {
    pub url: String,
    pub server: String,
    #[serde(default)]
    pub contact: Vec<String>,
    pub key_type: String,
    /// `valid`, or `deactivated` once the user deactivated it.
    #[serde(default = "valid")]
    pub status: String,
    pub created: String,
}

fn valid() -> String {
    "valid".into()
}

#[cfg(test)]
impl AccountRecord {
    /// A valid ECDSA P-256 account `url` at `server`, created 2026-01-01, for tests.
    pub fn for_test(server: &str, url: &str) -> AccountRecord {
        AccountRecord {
            url: url.into(),
            server: server.into(),
            contact: Vec::new(),
            key_type: "ecdsa-p256".into(),
            status: "valid".into(),
            created: "2026-01-01T00:00:00Z".into(),
        }
    }
}

pub struct StoredAccount {
    pub record: AccountRecord,
    pub key: KeyPair,
}

const RECORD: &str = "account.json";
const KEY: &str = "private_key.pem";
const CHAIN: &str = "key_chain.json";

/// Loads the account for `server`, or `None` if this config dir has none.
pub fn load(layout: &Layout, server: &str) -> Result<Option<StoredAccount>> {
    let dir = layout.account_dir(server);
    let record_path = dir.join(RECORD);
    if !record_path.exists() {
        return Ok(None);
    }
    let record: AccountRecord = serde_json::from_slice(
        &std::fs::read(&record_path)
            .with_context(|| format!("cannot read {}", record_path.display()))?,
    )
    .with_context(|| {
        format!(
            "{} is corrupt; move it away and run `acme register` again",
            record_path.display()
        )
    })?;
    let key_path = dir.join(KEY);
    let pem = super::fsutil::read_private(&key_path, "the account key")?;
    let key = KeyPair::from_pem(&pem)
        .with_context(|| format!("the account key {} is unusable", key_path.display()))?;
    Ok(Some(StoredAccount { record, key }))
}

/// Saves the key (first, 0600) and then the record; the record's presence means "complete".
pub fn save(layout: &Layout, account: &StoredAccount) -> Result<()> {
    let dir = layout.account_dir(&account.record.server);
    ensure_dir(&dir, PRIVATE_DIR)?;
    write_atomic(&dir.join(KEY), &account.key.to_pem()?, SECRET)?;
    save_record(layout, &account.record)
}

pub fn save_record(layout: &Layout, record: &AccountRecord) -> Result<()> {
    let dir = layout.account_dir(&record.server);
    ensure_dir(&dir, PRIVATE_DIR)?;
    let mut json = serde_json::to_vec_pretty(record)?;
    json.push(b'\n');
    write_atomic(&dir.join(RECORD), &json, PUBLIC)
}

const PENDING_KEY: &str = "private_key.pem.new";

/// Where a rollover keeps the new key until the CA has accepted it.
pub fn pending_key_path(layout: &Layout, server: &str) -> PathBuf {
    layout.account_dir(server).join(PENDING_KEY)
}

/// Keeps a new account key (0600) beside the current one before a key change is sent, so that a
/// crash between the CA accepting it and [`save`] cannot lose the only key the CA still knows.
pub fn save_pending_key(layout: &Layout, server: &str, key: &KeyPair) -> Result<PathBuf> {
    ensure_dir(&layout.account_dir(server), PRIVATE_DIR)?;
    let path = pending_key_path(layout, server);
    write_atomic(&path, &key.to_pem()?, SECRET)?;
    Ok(path)
}

/// Removes the pending key once it is either saved as the account key or refused by the CA.
pub fn discard_pending_key(layout: &Layout, server: &str) -> Result<()> {
    let path = pending_key_path(layout, server);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// A pending key left by a rollover that did not finish, if any.
pub fn load_pending_key(layout: &Layout, server: &str) -> Result<Option<KeyPair>> {
    let path = pending_key_path(layout, server);
    match std::fs::read(&path) {
        Ok(pem) => Ok(Some(KeyPair::from_pem(&pem).with_context(|| {
            format!("the pending account key {} is unusable", path.display())
        })?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The key rollovers of the account for `server` (see `key_chain`), oldest first; empty if
/// none were made here or taken from a fleet. An unreadable file counts as none: it only
/// ever lets another node take a newer key.
pub fn load_chain(layout: &Layout, server: &str) -> Vec<super::key_chain::KeyLink> {
    let path = layout.account_dir(server).join(CHAIN);
    std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice::<Vec<super::key_chain::KeyLink>>(&b).ok())
        .map(|mut v| {
            let drop = v.len().saturating_sub(super::key_chain::MAX_LINKS);
            v.drain(..drop);
            v
        })
        .unwrap_or_default()
}

/// Saves the account's key rollovers (public keys and signatures: readable, 0644).
pub fn save_chain(
    layout: &Layout,
    server: &str,
    links: &[super::key_chain::KeyLink],
) -> Result<()> {
    let dir = layout.account_dir(server);
    ensure_dir(&dir, PRIVATE_DIR)?;
    let mut json = serde_json::to_vec_pretty(links)?;
    json.push(b'\n');
    write_atomic(&dir.join(CHAIN), &json, PUBLIC)
}

/// Adds `link` (a rollover the CA accepted, see `key_chain`) to the account's rollovers, so
/// fleet nodes still holding its old key take the new one from the store.
pub fn add_link(layout: &Layout, server: &str, link: &super::key_chain::KeyLink) -> Result<()> {
    let links = super::key_chain::extended(&load_chain(layout, server), link.clone());
    save_chain(layout, server, &links)
}
