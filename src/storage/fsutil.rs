//! Crash-safe file operations. Readers see either the old file or the new one, never a part:
//! write a temp file in the same directory, fsync, rename over, fsync the directory. Secret files
//! get their mode when they are created, so they are never readable by others, not even briefly.

use anyhow::{Context, Result};
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const SECRET: u32 = 0o600;
pub const PUBLIC: u32 = 0o644;
pub const PRIVATE_DIR: u32 = 0o700;

/// Creates `dir` and missing parents with `mode` (existing directories keep theirs).
pub fn ensure_dir(dir: &Path, mode: u32) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(mode)
        .create(dir)
        .and_then(|()| exact_mode(dir, mode))
        .with_context(|| format!("cannot create the directory {}", dir.display()))
}

/// The umask can only take permissions away; a restrictive one (cron's 077, say) must not make a
/// certificate or challenge file unreadable to the web server, so the mode is set exactly. For
/// secrets this never widens anything: they are created 0600 or tighter and set to 0600.
fn exact_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

fn temp_sibling(path: &Path, tag: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{tag}.{}.{n}", std::process::id()))
}

/// Writes `data` to `path` atomically, the file created with exactly `mode`.
pub fn write_atomic(path: &Path, data: &[u8], mode: u32) -> Result<()> {
    let tmp = temp_sibling(path, "tmp");
    let result = (|| -> Result<()> {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&tmp)?;
        f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
        f.write_all(data)?;
        f.sync_all()?;
        fs::rename(&tmp, path)?;
        sync_parent(path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// Points `link` at `target` atomically (a new link renamed over the old one).
pub fn symlink_atomic(target: &Path, link: &Path) -> Result<()> {
    let tmp = temp_sibling(link, "link");
    let result = (|| -> Result<()> {
        std::os::unix::fs::symlink(target, &tmp)?;
        fs::rename(&tmp, link)?;
        sync_parent(link)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot point {} at {}", link.display(), target.display()))
}

/// fsync the directory holding `path`, so a rename survives a power cut.
pub fn sync_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// Reads a file holding a secret (a key, a TSIG secret), refusing it (exit 2, with the
/// `chmod 600` that fixes it) when group or others may read or write it, as ssh does for its
/// keys: a secret others can read is no longer one, and one they can write is theirs.
/// The mode is checked on the opened file, so what is checked is what is read.
pub fn read_private(path: &Path, what: &str) -> Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::PermissionsExt;
    let mut f =
        File::open(path).with_context(|| format!("cannot read {what} {}", path.display()))?;
    let mode = f.metadata()?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(crate::cli::error::usage(format!(
            "{what} {} is open to group or others (mode {mode:03o}); it must be private to its \
             owner: chmod 600 {}",
            path.display(),
            path.display()
        )));
    }
    let mut data = Vec::new();
    f.read_to_end(&mut data)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    Ok(data)
}

/// Files in the config dir are opened with O_NOFOLLOW: a link there (planted while the dir was
/// someone else's, or by mistake) would have root create or append to whatever it points at.
/// This turns the ELOOP into a refusal (exit 2) naming the link and the fix.
pub fn refuse_link(path: &Path, e: std::io::Error) -> anyhow::Error {
    if e.raw_os_error() == Some(libc::ELOOP) {
        crate::cli::error::usage(format!(
            "{} is a symbolic link, and acme opens nothing in its config dir through a link; fix: rm {}",
            path.display(),
            path.display()
        ))
    } else {
        e.into()
    }
}

/// An exclusive advisory lock (flock) held until dropped; the kernel drops it if we crash.
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Tries for up to `wait` to take the lock at `path`; `Ok(None)` if someone else holds it.
    pub fn acquire(path: &Path, wait: Duration) -> Result<Option<Lock>> {
        if let Some(parent) = path.parent() {
            ensure_dir(parent, PRIVATE_DIR)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(SECRET)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)
            .map_err(|e| refuse_link(path, e))
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        let start = Instant::now();
        let signals = crate::cli::interrupt::count();
        loop {
            use std::os::fd::AsRawFd;
            // SAFETY: flock on a descriptor we own; no memory is shared with the call.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return Ok(Some(Lock { _file: file }));
            }
            if start.elapsed() >= wait {
                return Ok(None);
            }
            // Ctrl-C while another run holds it stops the wait (not a run already stopping).
            crate::cli::interrupt::check_since(signals)?;
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn atomic_write_replaces_and_sets_mode_at_creation() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k.pem");
        write_atomic(&p, b"one", SECRET).unwrap();
        write_atomic(&p, b"two", SECRET).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }

    #[test]
    fn symlink_swap_replaces_an_existing_link() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("cur");
        symlink_atomic(Path::new("a"), &link).unwrap();
        symlink_atomic(Path::new("b"), &link).unwrap();
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("b"));
    }

    #[test]
    fn a_held_lock_is_not_taken_twice() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("locks/x.lock");
        let first = Lock::acquire(&p, Duration::ZERO).unwrap();
        assert!(first.is_some());
        assert!(
            Lock::acquire(&p, Duration::from_millis(100))
                .unwrap()
                .is_none()
        );
        drop(first);
        assert!(Lock::acquire(&p, Duration::ZERO).unwrap().is_some());
    }
}
