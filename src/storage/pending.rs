//! Orders that were finalized but whose certificates are not installed yet, remembered per
//! lineage in `pending/<name>.json` so that no issued certificate is lost: a timeout, a crash,
//! SIGKILL or a lost network between finalize and install leaves one here, and the next `issue`
//! or `renew` of the lineage picks the certificate up before placing a new order.
//!
//! Each order remembers the CA (directory and account) that holds it, and a lineage may have
//! several: when its own CA finalizes but cannot deliver and a fallback CA issues instead, the
//! own CA's order and key stay here until that CA delivers or says the order is dead
//! (`issuing::pickup`).
//!
//! The file is written (0600, atomically) *before* the finalize request is sent, because it may
//! hold the certificate's new private key, without which the certificate is useless.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::Layout;
use super::fsutil::{self, PRIVATE_DIR, SECRET};

/// `Debug` is written by hand: it never shows the key (review finding 12c).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingOrder {
    /// The ACME directory URL and account URL the order belongs to.
    pub server: String,
    pub account: String,
    pub order_url: String,
    /// The identifiers ordered, as values (`a.example`, `*.a.example`, `192.0.2.1`).
    pub identifiers: Vec<String>,
    /// The certificate's private key (PEM), unless the user's own CSR was used.
    pub key_pem: Option<String>,
    /// When finalize was sent (Unix seconds).
    pub finalized_at: i64,
}

impl std::fmt::Debug for PendingOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingOrder")
            .field("server", &self.server)
            .field("account", &self.account)
            .field("order_url", &self.order_url)
            .field("identifiers", &self.identifiers)
            .field("key_pem", &self.key_pem.as_ref().map(|_| "<private key>"))
            .field("finalized_at", &self.finalized_at)
            .finish()
    }
}

/// Adds `p` to the lineage's remembered orders (replacing a record of the same order URL):
/// orders at other CAs stay, each with its key.
pub fn add(layout: &Layout, name: &str, p: &PendingOrder) -> Result<()> {
    let mut all = load_all(layout, name)?;
    all.retain(|o| o.order_url != p.order_url);
    all.push(p.clone());
    write_all(layout, name, &all)
}

/// Every order of the lineage finalized but not collected yet, oldest first. A file that does
/// not parse is an error naming it: it may hold the only copy of an issued certificate's key,
/// so it is never silently dropped. A file of the earlier single-order form is read too.
pub fn load_all(layout: &Layout, name: &str) -> Result<Vec<PendingOrder>> {
    let path = layout.pending_order(name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let parsed = serde_json::from_slice::<Vec<PendingOrder>>(&bytes)
        .or_else(|_| serde_json::from_slice::<PendingOrder>(&bytes).map(|p| vec![p]));
    let mut all = parsed.with_context(|| {
        format!(
            "{} (orders finalized earlier) is unreadable; move it away to place a new order",
            path.display()
        )
    })?;
    all.sort_by_key(|p| p.finalized_at);
    Ok(all)
}

/// Forgets the order `order_url` of the lineage (the file goes with the last one).
pub fn remove(layout: &Layout, name: &str, order_url: &str) -> Result<()> {
    let mut all = load_all(layout, name)?;
    let before = all.len();
    all.retain(|o| o.order_url != order_url);
    match all.len() == before {
        true => Ok(()),
        false => write_all(layout, name, &all),
    }
}

fn write_all(layout: &Layout, name: &str, all: &[PendingOrder]) -> Result<()> {
    let path = layout.pending_order(name);
    if all.is_empty() {
        return match std::fs::remove_file(&path) {
            Ok(()) => fsutil::sync_parent(&path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
        };
    }
    fsutil::ensure_dir(&layout.pending_dir(), PRIVATE_DIR)?;
    let json = serde_json::to_vec_pretty(all).expect("pending orders serialise");
    fsutil::write_atomic(&path, &json, SECRET)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn order(server: &str, n: u32, at: i64) -> PendingOrder {
        PendingOrder {
            server: server.into(),
            account: format!("{server}/acct/1"),
            order_url: format!("{server}/order/{n}"),
            identifiers: vec!["a.example".into()],
            key_pem: Some(format!("-----BEGIN PRIVATE KEY-----\n{n}\n")),
            finalized_at: at,
        }
    }

    #[test]
    fn orders_at_several_cas_are_kept_0600_each_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        assert_eq!(load_all(&layout, "a").unwrap(), vec![]);
        let (a, b) = (order("https://a", 1, 7), order("https://b", 2, 5));
        add(&layout, "a", &a).unwrap();
        add(&layout, "a", &b).unwrap();
        add(&layout, "a", &a).unwrap();
        let path = layout.pending_order("a");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(load_all(&layout, "a").unwrap(), vec![b.clone(), a.clone()]);
        remove(&layout, "a", &a.order_url).unwrap();
        assert_eq!(load_all(&layout, "a").unwrap(), vec![b.clone()]);
        remove(&layout, "a", &a.order_url).unwrap();
        remove(&layout, "a", &b.order_url).unwrap();
        assert!(!path.exists());
        assert_eq!(load_all(&layout, "a").unwrap(), vec![]);
    }

    /// A file written by an earlier version (one order, not a list) is still read; one that
    /// does not parse is an error, never an empty list.
    #[test]
    fn the_single_order_form_is_read_and_junk_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let a = order("https://a", 1, 7);
        std::fs::create_dir_all(layout.pending_dir()).unwrap();
        let path = layout.pending_order("a");
        std::fs::write(&path, serde_json::to_vec(&a).unwrap()).unwrap();
        assert_eq!(load_all(&layout, "a").unwrap(), vec![a]);
        std::fs::write(&path, "{").unwrap();
        assert!(load_all(&layout, "a").is_err());
        assert!(remove(&layout, "a", "x").is_err());
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let text = format!("{:?}", order("https://a", 1, 7));
        assert!(
            !text.contains("BEGIN") && text.contains("<private key>"),
            "{text}"
        );
    }
}
