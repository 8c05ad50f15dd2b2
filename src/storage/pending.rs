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
//!
//! It is read as a secret is: `pending/` must be a real directory open to its owner alone
//! (0700) and the file a regular file open to its owner alone (0600), both opened without
//! following a link (`O_NOFOLLOW`, the file relative to the opened directory). Anything else
//! is refused with the fix, never read: acme runs as root in a config dir others may have
//! touched, and a planted link or a swapped file would hand it another key.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};

use super::Layout;
use super::fsutil::{self, PRIVATE_DIR, SECRET};
use crate::cli::error::usage;

/// The most a pending file may hold: a few orders with their keys take a few KiB.
const MAX_BYTES: u64 = 1 << 20;

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
    let Some(bytes) = read_private(layout, name)? else {
        return Ok(Vec::new());
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

/// The names of every lineage with a record of orders in `pending/` (sorted), whether or not
/// the lineage has a certificate yet: a first `issue` that timed out after finalize leaves
/// one before there is any renewal conf. Files that are not `<name>.json` are passed over.
pub fn names(layout: &Layout) -> Result<Vec<String>> {
    if open_dir(layout)?.is_none() {
        return Ok(Vec::new());
    }
    let dir = layout.pending_dir();
    let entries =
        std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(str::to_string)
        })
        .filter(|n| super::check_cert_name(n).is_ok())
        .collect();
    out.sort();
    Ok(out)
}

/// The bytes of `pending/<name>.json`, `None` when there is none; read only from a private
/// directory and file reached without a link (see the module's notes).
fn read_private(layout: &Layout, name: &str) -> Result<Option<Vec<u8>>> {
    super::check_cert_name(name).map_err(anyhow::Error::msg)?;
    let Some(dir) = open_dir(layout)? else {
        return Ok(None);
    };
    let path = layout.pending_order(name);
    let file_name = std::ffi::CString::new(format!("{name}.json"))
        .map_err(|_| anyhow::anyhow!("invalid certificate name {name:?}"))?;
    use std::os::fd::{AsRawFd, FromRawFd};
    let flags =
        libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
    // SAFETY: openat on a directory fd we own with a NUL-terminated name; a returned fd is
    // owned by the File from here on.
    let fd = unsafe { libc::openat(dir.as_raw_fd(), file_name.as_ptr(), flags) };
    if fd < 0 {
        let e = std::io::Error::last_os_error();
        return match e.kind() {
            std::io::ErrorKind::NotFound => Ok(None),
            _ => Err(fsutil::refuse_link(&path, e))
                .with_context(|| format!("cannot read {}", path.display())),
        };
    }
    // SAFETY: `fd` was just opened and nothing else owns it.
    let mut f = unsafe { File::from_raw_fd(fd) };
    let meta = f
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.file_type().is_file() {
        bail!(
            "{} is not a regular file; acme keeps finalized orders only in regular files \
             (move it away to place a new order)",
            path.display()
        );
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(usage(format!(
            "{} (orders finalized earlier, with their keys) is open to group or others \
             (mode {mode:03o}); it must be private to its owner: chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    if meta.len() > MAX_BYTES {
        bail!(
            "{} is {} bytes, more than finalized orders ever take ({MAX_BYTES}); move it away \
             to place a new order",
            path.display(),
            meta.len()
        );
    }
    let mut bytes = Vec::new();
    (&mut f)
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Some(bytes))
}

/// `pending/`, opened without following a link and checked to be private; `None` if absent.
fn open_dir(layout: &Layout) -> Result<Option<File>> {
    let dir = layout.pending_dir();
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(&dir);
    let f = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENOTDIR)) => {
            return Err(usage(format!(
                "{} is not a directory (a symbolic link?), and acme reads finalized orders \
                 only from a real one; fix: move it away and, if it led to order files, \
                 move those into a new directory there (mkdir -m 700 {})",
                dir.display(),
                dir.display()
            )));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot open {}", dir.display())),
    };
    let mode = f
        .metadata()
        .with_context(|| format!("cannot read {}", dir.display()))?
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(usage(format!(
            "{} (orders finalized earlier, with their keys) is open to group or others \
             (mode {mode:03o}); it must be private to its owner: chmod 700 {}",
            dir.display(),
            dir.display()
        )));
    }
    Ok(Some(f))
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
        fsutil::ensure_dir(&layout.pending_dir(), PRIVATE_DIR).unwrap();
        let path = layout.pending_order("a");
        fsutil::write_atomic(&path, &serde_json::to_vec(&a).unwrap(), SECRET).unwrap();
        assert_eq!(load_all(&layout, "a").unwrap(), vec![a]);
        fsutil::write_atomic(&path, b"{", SECRET).unwrap();
        assert!(load_all(&layout, "a").is_err());
        assert!(remove(&layout, "a", "x").is_err());
    }

    /// Review rule: the file holds keys, so nothing is read through a link (the file or
    /// `pending/` itself), nor from a file or directory others may open; each refusal names
    /// the fix and leaves the file where it is.
    #[test]
    fn links_and_open_modes_are_refused_not_read() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().join("cfg"));
        let a = order("https://a", 1, 7);
        add(&layout, "a", &a).unwrap();
        let pending = layout.pending_dir();
        assert_eq!(
            std::fs::metadata(&pending).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let path = layout.pending_order("a");
        let err = |layout: &Layout| format!("{:#}", load_all(layout, "a").unwrap_err());

        // A link in place of the file, to a good file elsewhere.
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::rename(&path, &elsewhere).unwrap();
        symlink(&elsewhere, &path).unwrap();
        let e = err(&layout);
        assert!(e.contains("symbolic link") && e.contains("rm "), "{e}");
        std::fs::remove_file(&path).unwrap();
        std::fs::rename(&elsewhere, &path).unwrap();
        assert_eq!(load_all(&layout, "a").unwrap(), vec![a.clone()]);

        // The file open to others.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = err(&layout);
        assert!(e.contains("chmod 600") && e.contains("644"), "{e}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();

        // pending/ open to others.
        std::fs::set_permissions(&pending, std::fs::Permissions::from_mode(0o755)).unwrap();
        let e = err(&layout);
        assert!(e.contains("chmod 700"), "{e}");
        assert!(add(&layout, "a", &order("https://b", 2, 8)).is_err());
        std::fs::set_permissions(&pending, std::fs::Permissions::from_mode(0o700)).unwrap();

        // pending/ a link to a directory holding the same file.
        let moved = dir.path().join("moved");
        std::fs::rename(&pending, &moved).unwrap();
        symlink(&moved, &pending).unwrap();
        let e = err(&layout);
        assert!(e.contains("not a directory (a symbolic link?)"), "{e}");
        assert!(add(&layout, "a", &order("https://b", 2, 8)).is_err());
        assert!(remove(&layout, "a", &a.order_url).is_err());
        assert!(moved.join("a.json").exists(), "nothing removed through it");

        // A name that would leave the directory is not read.
        assert!(load_all(&layout, "../a").is_err());
        assert!(names(&layout).is_err(), "not listed through a link either");
        std::fs::remove_file(&pending).unwrap();
        std::fs::rename(&moved, &pending).unwrap();
        std::fs::write(pending.join(".a.json.tmp.1.2"), "").unwrap();
        add(&layout, "b.example", &order("https://b", 2, 8)).unwrap();
        assert_eq!(names(&layout).unwrap(), ["a", "b.example"]);
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
