//! Whether the config dir can be trusted: OpenSSH's StrictModes, applied to the directory that
//! holds acme's account keys and the renewal confs whose hooks `renew` runs as root.
//!
//! The config dir and every directory above it must belong to root or to the user running acme,
//! and must not be writable by group or others: whoever can write one of them can replace a
//! renewal conf (and so run commands as root) or plant links for acme to write through. The one
//! exception is a directory owned by root with the sticky bit (`/tmp`): the kernel then lets
//! others add entries but not rename or remove ours, and an entry they add on the way to the
//! config dir fails this same check. Where OpenSSH refuses even that, acme accepts it, so a
//! config dir made under `/tmp` (by `mktemp -d`, or a test) works.

use anyhow::Result;
use std::path::Path;

use crate::challenges::safe_dir::Dir;
use crate::cli::error::usage;

/// What is wrong with a directory owned by `uid` with `mode`, for a process running as `euid`,
/// and the command that fixes it; `None` when it can be trusted.
pub fn verdict(path: &Path, uid: u32, mode: u32, euid: u32) -> Option<String> {
    let p = path.display();
    if uid != 0 && uid != euid {
        let who = if euid == 0 {
            "root".to_string()
        } else {
            euid.to_string()
        };
        return Some(format!(
            "{p} belongs to uid {uid}, not to root or to the user running acme, who could then \
             replace what acme keeps there; fix: chown {who} {p}"
        ));
    }
    let sticky_root = uid == 0 && mode & libc::S_ISVTX != 0;
    if mode & 0o022 != 0 && !sticky_root {
        let by = match (mode & 0o020 != 0, mode & 0o002 != 0) {
            (true, true) => "group and others",
            (true, false) => "its group",
            _ => "others",
        };
        return Some(format!(
            "{p} is writable by {by} (mode {mode:o}), who could then replace what acme keeps \
             there; fix: chmod go-w {p}"
        ));
    }
    None
}

/// Refuses (exit 2) a config dir that it, or a directory above it, makes untrustworthy.
pub fn check_config_dir(root: &Path) -> Result<()> {
    // SAFETY: geteuid cannot fail.
    let euid = unsafe { libc::geteuid() };
    for (path, uid, mode) in Dir::ancestry(root)? {
        if let Some(problem) = verdict(&path, uid, mode, euid) {
            return Err(usage(format!(
                "refusing the config dir {}: {problem}",
                root.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_modes_with_roots_sticky_directories_allowed() {
        let p = Path::new("/x");
        let ok = |uid, mode, euid| verdict(p, uid, mode, euid).is_none();
        assert!(ok(0, 0o755, 0));
        assert!(ok(0, 0o700, 0));
        assert!(ok(1000, 0o755, 1000));
        assert!(ok(0, 0o1777, 0), "root's sticky /tmp");
        assert!(ok(0, 0o755, 1000), "root's /home for a user");
        assert!(!ok(1000, 0o1777, 0), "someone else's sticky dir");
        assert!(!ok(1000, 0o755, 0));
        assert!(!ok(0, 0o775, 0));
        assert!(!ok(0, 0o757, 0));
        let why = verdict(p, 0, 0o777, 0).unwrap();
        assert!(
            why.contains("group and others") && why.ends_with("chmod go-w /x"),
            "{why}"
        );
        let why = verdict(p, 1000, 0o755, 0).unwrap();
        assert!(why.ends_with("chown root /x"), "{why}");
    }
}
