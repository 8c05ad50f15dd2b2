//! Everything on disk, under one config dir, in certbot's layout:
//!
//! ```text
//! accounts/<server>/account.json, private_key.pem   the ACME account per CA
//! accounts/<server>/key_chain.json                   its key rollovers (storage::key_chain)
//! archive/<name>/{cert,chain,fullchain,privkey}N.pem  every version ever issued
//! live/<name>/{cert,chain,fullchain,privkey}.pem      links to the newest version
//! renewal/<name>.conf                                 how to renew the lineage
//! pending/<name>.json                                 an order finalized, not yet installed
//! health/<name>.json                                  its renewal attempts (storage::health)
//! locks/                                              advisory locks
//! ledger.jsonl                                        rate-limit spending (storage::ledger)
//! ```
//!
//! This module never opens a socket. Every path is built here and nowhere else.

pub mod access;
pub mod account;
pub mod certbot;
pub mod csr;
pub mod fsutil;
pub mod health;
pub mod key_chain;
pub mod ledger;
pub mod lineage;
pub mod pending;
pub mod renewal_conf;
pub mod seal;
pub mod store;
pub mod trust;

use std::path::PathBuf;

pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    pub fn new(root: impl Into<PathBuf>) -> Layout {
        Layout { root: root.into() }
    }

    /// `accounts/<host[_port]>/<path>`: one directory per ACME directory URL, as certbot does.
    pub fn account_dir(&self, server_url: &str) -> PathBuf {
        self.root.join("accounts").join(server_dir_name(server_url))
    }

    pub fn live_dir(&self) -> PathBuf {
        self.root.join("live")
    }

    pub fn live(&self, name: &str) -> PathBuf {
        self.live_dir().join(name)
    }

    pub fn archive(&self, name: &str) -> PathBuf {
        self.root.join("archive").join(name)
    }

    pub fn renewal_dir(&self) -> PathBuf {
        self.root.join("renewal")
    }

    pub fn renewal_conf(&self, name: &str) -> PathBuf {
        self.renewal_dir().join(format!("{name}.conf"))
    }

    pub fn pending_dir(&self) -> PathBuf {
        self.root.join("pending")
    }

    /// `pending/<name>.json`: an order of the lineage finalized but not yet installed.
    pub fn pending_order(&self, name: &str) -> PathBuf {
        self.pending_dir().join(format!("{name}.json"))
    }

    /// `log/`: the log of each run (`runlog`), unless `--log-dir` says otherwise.
    pub fn log_dir(&self) -> PathBuf {
        self.root.join("log")
    }

    pub fn health_dir(&self) -> PathBuf {
        self.root.join("health")
    }

    pub fn health(&self, name: &str) -> PathBuf {
        self.health_dir().join(format!("{name}.json"))
    }

    /// Where `renew` writes its Prometheus metrics when not told otherwise.
    pub fn metrics_file(&self) -> PathBuf {
        self.root.join("metrics.prom")
    }

    pub fn locks_dir(&self) -> PathBuf {
        self.root.join("locks")
    }

    pub fn lock_file(&self, what: &str) -> PathBuf {
        self.locks_dir().join(format!("{what}.lock"))
    }
}

/// `https://acme-v02.api.letsencrypt.org/directory` → `acme-v02.api.letsencrypt.org/directory`
/// flattened to one safe path component: `acme-v02.api.letsencrypt.org_directory`.
pub fn server_dir_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let cleaned: String = rest
        .trim_end_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    cleaned.trim_start_matches('.').to_string()
}

/// A lineage name becomes a file name: letters, digits, '.', '-', '_' only, not starting with '.'.
pub fn check_cert_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 200 {
        return Err("a certificate name must be 1 to 200 characters long".into());
    }
    if name.starts_with('.')
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(format!(
            "invalid certificate name {name:?}: use letters, digits, '.', '-' and '_', not starting with '.'"
        ));
    }
    Ok(())
}

/// The default lineage name: the first name, without a wildcard's `*.` (certbot's habit).
pub fn default_cert_name(first: &str) -> String {
    first.strip_prefix("*.").unwrap_or(first).replace(':', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_become_one_safe_component() {
        assert_eq!(
            server_dir_name("https://acme-v02.api.letsencrypt.org/directory"),
            "acme-v02.api.letsencrypt.org_directory"
        );
        assert_eq!(
            server_dir_name("https://localhost:14000/dir"),
            "localhost_14000_dir"
        );
        assert_eq!(server_dir_name("https://../../x/"), "_.._x");
    }

    #[test]
    fn cert_names_cannot_escape_their_directory() {
        for bad in ["", "../x", "a/b", ".hidden", "x y", "*.example.com"] {
            assert!(check_cert_name(bad).is_err(), "{bad:?}");
        }
        for good in ["example.com", "my_cert-2", "xn--bcher-kva.example"] {
            assert!(check_cert_name(good).is_ok(), "{good:?}");
        }
        assert_eq!(default_cert_name("*.example.com"), "example.com");
        assert_eq!(default_cert_name("2001:db8::1"), "2001_db8__1");
    }
}
