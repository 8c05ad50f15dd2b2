//! An order that was finalized but whose certificate is not installed yet, remembered per
//! lineage in `pending/<name>.json` so that no issued certificate is lost: a timeout, a crash,
//! SIGKILL or a lost network between finalize and install leaves it here, and the next `issue`
//! or `renew` of the lineage picks the certificate up before placing a new order.
//!
//! The file is written (0600, atomically) *before* the finalize request is sent, because it may
//! hold the certificate's new private key, without which the certificate is useless.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::Layout;
use super::fsutil::{self, PRIVATE_DIR, SECRET};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

pub fn save(layout: &Layout, name: &str, p: &PendingOrder) -> Result<()> {
    fsutil::ensure_dir(&layout.pending_dir(), PRIVATE_DIR)?;
    let json = serde_json::to_vec_pretty(p).expect("a pending order serialises");
    fsutil::write_atomic(&layout.pending_order(name), &json, SECRET)
}

/// The lineage's pending order, if any. A file that does not parse is an error naming it: it
/// may hold the only copy of an issued certificate's key, so it is never silently dropped.
pub fn load(layout: &Layout, name: &str) -> Result<Option<PendingOrder>> {
    let path = layout.pending_order(name);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).with_context(|| {
            format!(
                "{} (an order finalized earlier) is unreadable; move it away to place a new order",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

pub fn remove(layout: &Layout, name: &str) -> Result<()> {
    let path = layout.pending_order(name);
    match std::fs::remove_file(&path) {
        Ok(()) => fsutil::sync_parent(&path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn saved_0600_loaded_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        assert_eq!(load(&layout, "a").unwrap(), None);
        let p = PendingOrder {
            server: "https://ca/dir".into(),
            account: "https://ca/acct/1".into(),
            order_url: "https://ca/order/1".into(),
            identifiers: vec!["a.example".into()],
            key_pem: Some("-----BEGIN PRIVATE KEY-----\n".into()),
            finalized_at: 5,
        };
        save(&layout, "a", &p).unwrap();
        let path = layout.pending_order("a");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(load(&layout, "a").unwrap(), Some(p));
        remove(&layout, "a").unwrap();
        remove(&layout, "a").unwrap();
        assert_eq!(load(&layout, "a").unwrap(), None);
        std::fs::write(&path, "{").unwrap();
        assert!(load(&layout, "a").is_err());
    }
}
