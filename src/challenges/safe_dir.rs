//! Working in directories that someone other than us may write (web roots above all), through
//! directory file descriptors, so that nobody can swap a path under us between a check and a use.
//!
//! A path is opened one component at a time with `openat(O_DIRECTORY | O_NOFOLLOW)`. A symbolic
//! link on the way is followed only when the link *and* the directory holding it belong to root
//! or to our effective user, and no one else can write that directory (unless it is sticky and
//! the link is root's or the directory owner's) — the rule of the kernel's `protected_symlinks`, so
//! `/var/www/html -> /srv/site` made by root keeps working, while a link a web user planted
//! (`.well-known -> /etc/cron.d`) is refused with a [`usage`] error (exit 2) naming the link and
//! the fix. Everything after that is relative to the opened fds: `mkdirat`, `openat(O_EXCL |
//! O_NOFOLLOW)`, `fchmod`, `renameat`, and removal only of the inode we created
//! ([`Dir::remove_if_same`]).

use anyhow::{Context, Result, bail};
use std::ffi::{CStr, CString, OsStr, OsString};
use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Component, Path, PathBuf};

use crate::cli::error::usage;

/// How many symbolic links one path may go through (the kernel's limit is 40).
const MAX_LINKS: u32 = 40;

/// A file's identity: the same (device, inode) is the same file, wherever it has been moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    fn of(st: &libc::stat) -> FileId {
        FileId {
            dev: st.st_dev,
            ino: st.st_ino,
        }
    }
}

/// An open directory, and the path it was reached by (for messages).
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    path: PathBuf,
}

/// What [`Dir::remove_if_same`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Removal {
    Removed,
    /// Nothing of that name is there any more.
    Gone,
    /// Something else has that name now (ours was moved or replaced): left alone.
    Replaced,
    /// A directory that is not empty: what else is in it is not ours.
    NotEmpty,
}

fn c_name(name: &OsStr) -> Result<CString> {
    CString::new(name.as_bytes()).with_context(|| format!("{name:?} holds a NUL byte"))
}

fn last_error() -> std::io::Error {
    std::io::Error::last_os_error()
}

fn fstat(fd: libc::c_int) -> std::io::Result<libc::stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat writes a whole `stat` on success, which is when we read it.
    if unsafe { libc::fstat(fd, st.as_mut_ptr()) } != 0 {
        return Err(last_error());
    }
    Ok(unsafe { st.assume_init() })
}

fn fstatat_nofollow(dir: libc::c_int, name: &CString) -> std::io::Result<libc::stat> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: as for fstat; `name` is a valid C string.
    let rc = unsafe {
        libc::fstatat(
            dir,
            name.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    if rc != 0 {
        return Err(last_error());
    }
    Ok(unsafe { st.assume_init() })
}

fn openat(
    dir: libc::c_int,
    name: &CStr,
    flags: libc::c_int,
    mode: u32,
) -> std::io::Result<OwnedFd> {
    // SAFETY: a valid C string; the returned fd is owned by us alone.
    let fd = unsafe { libc::openat(dir, name.as_ptr(), flags | libc::O_CLOEXEC, mode) };
    if fd < 0 {
        return Err(last_error());
    }
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Whether a file owned by `uid` is as trusted as we are: root's or our own.
pub fn trusted_owner(uid: u32) -> bool {
    // SAFETY: geteuid cannot fail.
    uid == 0 || uid == unsafe { libc::geteuid() }
}

fn is_dir(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFDIR
}

fn is_link(st: &libc::stat) -> bool {
    st.st_mode & libc::S_IFMT == libc::S_IFLNK
}

/// Whether a link owned by `link_uid` in the directory `parent` could have been put there by
/// someone else than root or the directory's owner: the directory is writable by group or
/// others (a root-owned `/var/www` of mode 2775 lets the group rename one of root's links onto
/// another name), unless it is sticky and the link is root's or the directory owner's (the
/// kernel's protected_symlinks rule: nobody else may rename such a link there).
fn link_parent_open_to_others(parent: &libc::stat, link_uid: u32) -> bool {
    let writable = parent.st_mode & 0o022 != 0;
    let sticky = parent.st_mode & libc::S_ISVTX != 0;
    writable && !(sticky && (link_uid == parent.st_uid || link_uid == 0))
}

/// `path` made absolute from the current directory (not resolved: the walk does that).
fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    Ok(std::env::current_dir()
        .context("cannot find the current directory")?
        .join(path))
}

impl Dir {
    /// Opens the directory `path` (relative paths from the current directory), following only
    /// trusted links. A missing component is an error saying which.
    pub fn open(path: &Path) -> Result<Dir> {
        let abs = absolute(path)?;
        let mut stack = vec![open_root()?];
        let mut budget = MAX_LINKS;
        if let Some(missing) = walk(&mut stack, &abs, &mut budget)? {
            return Err(usage(format!("{} does not exist", missing.display())));
        }
        Ok(stack.pop().expect("the root stays"))
    }

    /// Every directory from `/` down to `path` (or to its deepest existing ancestor, when the
    /// rest is still to be made), as really reached through trusted links, with its owner and
    /// mode: what a StrictModes check looks at.
    pub fn ancestry(path: &Path) -> Result<Vec<(PathBuf, u32, u32)>> {
        let abs = absolute(path)?;
        let root = Dir::open(Path::new("/"))?;
        let mut stack = vec![root];
        let mut budget = MAX_LINKS;
        walk(&mut stack, &abs, &mut budget)?;
        stack
            .iter()
            .map(|d| {
                let st = fstat(d.fd.as_raw_fd())
                    .with_context(|| format!("cannot stat {}", d.path.display()))?;
                Ok((d.path.clone(), st.st_uid, st.st_mode & 0o7777))
            })
            .collect()
    }

    /// The path this directory was reached by.
    pub fn path(&self) -> &Path {
        &self.path
    }

    #[cfg(test)]
    pub fn id(&self) -> Result<FileId> {
        let st = fstat(self.fd.as_raw_fd())
            .with_context(|| format!("cannot stat {}", self.path.display()))?;
        Ok(FileId::of(&st))
    }

    /// Opens the directory `name` inside this one, following a trusted link; `None` when there
    /// is nothing of that name.
    pub fn child(&self, name: &OsStr) -> Result<Option<Dir>> {
        let mut stack = vec![self.try_clone()?];
        let mut budget = MAX_LINKS;
        match step(&mut stack, name, &mut budget) {
            Ok(true) => Ok(stack.pop()),
            Ok(false) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Opens the directory `name` inside this one, creating it with exactly `mode` if missing.
    /// Returns the directory and, when this call created it, its identity (for cleanup).
    pub fn child_or_create(&self, name: &OsStr, mode: u32) -> Result<(Dir, Option<FileId>)> {
        let cname = c_name(name)?;
        let shown = self.path.join(name);
        // SAFETY: a valid C string.
        let made = unsafe { libc::mkdirat(self.fd.as_raw_fd(), cname.as_ptr(), mode) } == 0;
        if !made {
            let e = last_error();
            if e.raw_os_error() != Some(libc::EEXIST) {
                return Err(e).with_context(|| format!("cannot create {}", shown.display()));
            }
            let dir = self.child(name)?.with_context(|| {
                format!("{} vanished while acme was opening it", shown.display())
            })?;
            return Ok((dir, None));
        }
        // Ours a moment ago; opened without following anything, so a link swapped in is refused.
        let fd = match openat(
            self.fd.as_raw_fd(),
            &cname,
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW,
            0,
        ) {
            Ok(fd) => fd,
            Err(e) => {
                return Err(usage(format!(
                    "{} was replaced right after acme created it ({e}): someone who can write {} \
                     is racing acme. Nothing was written there; make sure only trusted users can \
                     write that directory",
                    shown.display(),
                    self.path.display()
                )));
            }
        };
        let st = fstat(fd.as_raw_fd())?;
        let dir = Dir { fd, path: shown };
        // Swapped for someone else's directory: theirs to keep, not ours to chmod or remove.
        if !trusted_owner(st.st_uid) {
            return Ok((dir, None));
        }
        // Exactly `mode`, whatever the umask (the web server must be able to read it).
        // SAFETY: fchmod on an fd we own.
        if unsafe { libc::fchmod(dir.fd.as_raw_fd(), mode as libc::mode_t) } != 0 {
            return Err(last_error())
                .with_context(|| format!("cannot set the mode of {}", dir.path.display()));
        }
        Ok((dir, Some(FileId::of(&st))))
    }

    /// Writes `name` in this directory atomically (a new temp file, then a rename over `name`;
    /// never following a link), with exactly `mode`. Returns the identity of the file written.
    pub fn write_file(&self, name: &OsStr, data: &[u8], mode: u32) -> Result<FileId> {
        let shown = self.path.join(name);
        let mut tmp_name = OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".tmp.{}.{}", std::process::id(), nanos()));
        let tmp = c_name(&tmp_name)?;
        let target = c_name(name)?;
        let fd = openat(
            self.fd.as_raw_fd(),
            &tmp,
            libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW,
            mode,
        )
        .with_context(|| format!("cannot create a temporary file next to {}", shown.display()))?;
        let result = (|| -> Result<FileId> {
            // SAFETY: fchmod on an fd we own.
            if unsafe { libc::fchmod(fd.as_raw_fd(), mode as libc::mode_t) } != 0 {
                return Err(last_error().into());
            }
            let mut file = std::fs::File::from(fd.try_clone()?);
            file.write_all(data)?;
            file.sync_all()?;
            let id = FileId::of(&fstat(fd.as_raw_fd())?);
            // SAFETY: valid C strings, both relative to our directory fd.
            let rc = unsafe {
                libc::renameat(
                    self.fd.as_raw_fd(),
                    tmp.as_ptr(),
                    self.fd.as_raw_fd(),
                    target.as_ptr(),
                )
            };
            if rc != 0 {
                return Err(last_error().into());
            }
            Ok(id)
        })();
        if result.is_err() {
            // SAFETY: valid C string relative to our fd.
            unsafe { libc::unlinkat(self.fd.as_raw_fd(), tmp.as_ptr(), 0) };
        }
        result.with_context(|| format!("cannot write {}", shown.display()))
    }

    /// Reads the regular file `name` in this directory, at most `max` bytes; `None` when there
    /// is none, or it is anything but a regular file. Opened with O_NOFOLLOW (a link is not
    /// followed) and O_NONBLOCK (a FIFO planted there cannot hang the caller).
    pub fn read_regular(&self, name: &OsStr, max: u64) -> Result<Option<Vec<u8>>> {
        use std::io::Read;
        let cname = c_name(name)?;
        let flags = libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY;
        let fd = match openat(self.fd.as_raw_fd(), &cname, flags, 0) {
            Ok(fd) => fd,
            Err(e) if matches!(e.raw_os_error(), Some(libc::ENOENT) | Some(libc::ELOOP)) => {
                return Ok(None);
            }
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot open {}", self.path.join(name).display()));
            }
        };
        let st = fstat(fd.as_raw_fd())?;
        if st.st_mode & libc::S_IFMT != libc::S_IFREG {
            return Ok(None);
        }
        let mut data = Vec::new();
        std::fs::File::from(fd)
            .take(max)
            .read_to_end(&mut data)
            .with_context(|| format!("cannot read {}", self.path.join(name).display()))?;
        Ok(Some(data))
    }

    /// Removes `name` from this directory if it is still the file (or empty directory) `id`.
    pub fn remove_if_same(&self, name: &OsStr, id: FileId) -> Result<Removal> {
        let cname = c_name(name)?;
        let shown = self.path.join(name);
        let st = match fstatat_nofollow(self.fd.as_raw_fd(), &cname) {
            Ok(st) => st,
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(Removal::Gone),
            Err(e) => return Err(e).with_context(|| format!("cannot stat {}", shown.display())),
        };
        if FileId::of(&st) != id {
            return Ok(Removal::Replaced);
        }
        let flags = if is_dir(&st) { libc::AT_REMOVEDIR } else { 0 };
        // SAFETY: a valid C string relative to our fd.
        if unsafe { libc::unlinkat(self.fd.as_raw_fd(), cname.as_ptr(), flags) } != 0 {
            let e = last_error();
            return match e.raw_os_error() {
                Some(libc::ENOTEMPTY) | Some(libc::EEXIST) => Ok(Removal::NotEmpty),
                Some(libc::ENOENT) => Ok(Removal::Gone),
                _ => Err(e).with_context(|| format!("cannot remove {}", shown.display())),
            };
        }
        Ok(Removal::Removed)
    }

    /// Another handle on the same directory.
    pub fn try_clone(&self) -> Result<Dir> {
        Ok(Dir {
            fd: self.fd.try_clone()?,
            path: self.path.clone(),
        })
    }
}

/// A fresh handle on `/`.
fn open_root() -> Result<Dir> {
    let fd = openat(libc::AT_FDCWD, c"/", libc::O_RDONLY | libc::O_DIRECTORY, 0)
        .context("cannot open /")?;
    Ok(Dir {
        fd,
        path: PathBuf::from("/"),
    })
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Walks `path` from the top of `stack` (from a fresh `/` when absolute). `..` goes to the
/// parent of the directory reached (through a link: of its target, as the kernel does).
/// `Some(path)`: that component does not exist.
///
/// The stack may start below `/` ([`Dir::child`] starts at the web root), so an absolute link
/// target must not go back to the stack's bottom, nor `..` stop there: a root-made
/// `.well-known -> /var/lib/acme/.well-known` would otherwise be looked for inside the web root.
fn walk(stack: &mut Vec<Dir>, path: &Path, budget: &mut u32) -> Result<Option<PathBuf>> {
    for comp in path.components() {
        match comp {
            Component::RootDir => *stack = vec![open_root()?],
            Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => {
                if stack.len() > 1 {
                    stack.pop();
                } else {
                    let bottom = &stack[0];
                    let fd = openat(
                        bottom.fd.as_raw_fd(),
                        c"..",
                        libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW,
                        0,
                    )
                    .with_context(|| format!("cannot open {}/..", bottom.path.display()))?;
                    let path = bottom.path.parent().unwrap_or(&bottom.path).to_path_buf();
                    stack[0] = Dir { fd, path };
                }
            }
            Component::Normal(name) => {
                if !step(stack, name, budget)? {
                    let top = stack.last().expect("the root stays");
                    return Ok(Some(top.path.join(name)));
                }
            }
        }
    }
    Ok(None)
}

/// Enters the directory `name` under the top of `stack`; `false` when it does not exist.
fn step(stack: &mut Vec<Dir>, name: &OsStr, budget: &mut u32) -> Result<bool> {
    let top = stack.last().expect("the root stays");
    let shown = top.path.join(name);
    let cname = c_name(name)?;
    let dirfd = top.fd.as_raw_fd();
    let err = match openat(
        dirfd,
        &cname,
        libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW,
        0,
    ) {
        Ok(fd) => {
            stack.push(Dir { fd, path: shown });
            return Ok(true);
        }
        Err(e) => e,
    };
    match err.raw_os_error() {
        Some(libc::ENOENT) => return Ok(false),
        Some(libc::ELOOP) | Some(libc::ENOTDIR) => {}
        _ => return Err(err).with_context(|| format!("cannot open {}", shown.display())),
    }
    // A link, or not a directory. Look at the thing itself, through an fd, so what is checked is
    // what is read.
    let lfd = match openat(dirfd, &cname, libc::O_PATH | libc::O_NOFOLLOW, 0) {
        Ok(fd) => fd,
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("cannot open {}", shown.display())),
    };
    let st = fstat(lfd.as_raw_fd())?;
    if !is_link(&st) {
        bail!(usage(format!(
            "{} is not a directory, so the challenge file cannot be written under it; move it away",
            shown.display()
        )));
    }
    let parent = fstat(dirfd)?;
    if link_parent_open_to_others(&parent, st.st_uid) {
        bail!(usage(format!(
            "{} is a symbolic link in {}, which group or others can write (mode {:o}): anyone \
             who can write there can rename another link onto this name, so acme does not follow \
             it. Remove group and other write access (chmod go-w), or name the real directory \
             instead",
            shown.display(),
            top.path.display(),
            parent.st_mode & 0o7777
        )));
    }
    if !trusted_owner(st.st_uid) || !trusted_owner(parent.st_uid) {
        bail!(usage(format!(
            "{} is a symbolic link owned by uid {} in a directory owned by uid {}: acme follows a \
             link only when the link and its directory belong to root or to the user running \
             acme (the kernel's protected_symlinks rule), so another user cannot point it \
             elsewhere. Name the real directory instead, or have root replace the link",
            shown.display(),
            st.st_uid,
            parent.st_uid
        )));
    }
    if *budget == 0 {
        bail!(usage(format!(
            "{} goes through too many symbolic links",
            shown.display()
        )));
    }
    *budget -= 1;
    let mut buf = vec![0u8; libc::PATH_MAX as usize];
    // SAFETY: readlinkat on an O_PATH fd with an empty name reads that link; buf is big enough.
    let n = unsafe {
        libc::readlinkat(
            lfd.as_raw_fd(),
            c"".as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    if n < 0 {
        return Err(last_error())
            .with_context(|| format!("cannot read the link {}", shown.display()));
    }
    buf.truncate(n as usize);
    let target = PathBuf::from(OsString::from_vec(buf));
    // A dangling trusted link is a missing directory.
    Ok(walk(stack, &target, budget)?.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_path_is_opened_through_trusted_links_and_relative_parts() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("real/www")).unwrap();
        symlink(t.path().join("real"), t.path().join("link")).unwrap();
        symlink("www", t.path().join("real/rel")).unwrap();
        let d = Dir::open(&t.path().join("link/rel")).unwrap();
        let want = Dir::open(&t.path().join("real/www")).unwrap();
        assert_eq!(d.id().unwrap(), want.id().unwrap());
        let err = Dir::open(&t.path().join("link/missing")).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let err = match Dir::open(&t.path().join("real"))
            .unwrap()
            .child(OsStr::new("nope"))
        {
            Ok(None) => "none".to_string(),
            _ => "some".to_string(),
        };
        assert_eq!(err, "none");
    }

    #[test]
    fn a_childs_link_with_an_absolute_or_dotdot_target_leaves_the_starting_dir() {
        let t = tempfile::tempdir().unwrap();
        let shared = t.path().join("shared/wk");
        std::fs::create_dir_all(&shared).unwrap();
        std::fs::create_dir_all(t.path().join("www/shared/wk")).unwrap();
        let www = Dir::open(&t.path().join("www")).unwrap();
        let want = Dir::open(&shared).unwrap().id().unwrap();
        symlink(&shared, t.path().join("www/abs")).unwrap();
        symlink("../shared/wk", t.path().join("www/rel")).unwrap();
        for name in ["abs", "rel"] {
            let got = www.child(OsStr::new(name)).unwrap().unwrap();
            assert_eq!(got.id().unwrap(), want, "{name}");
        }
    }

    #[test]
    fn a_link_in_a_dir_others_can_write_is_followed_only_when_sticky() {
        use std::os::unix::fs::PermissionsExt;
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("real")).unwrap();
        let d = t.path().join("d");
        std::fs::create_dir(&d).unwrap();
        symlink(t.path().join("real"), d.join("link")).unwrap();
        for (mode, ok) in [
            (0o755, true),
            (0o2775, false),
            (0o757, false),
            (0o1777, true),
        ] {
            std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode)).unwrap();
            let got = Dir::open(&d.join("link"));
            assert_eq!(got.is_ok(), ok, "mode {mode:o}: {got:?}");
            if let Err(e) = got {
                assert!(e.to_string().contains("chmod go-w"), "{e}");
            }
        }
    }

    #[test]
    fn a_file_written_is_removed_only_while_it_is_the_same() {
        let t = tempfile::tempdir().unwrap();
        let d = Dir::open(t.path()).unwrap();
        let id = d.write_file(OsStr::new("tok"), b"x", 0o644).unwrap();
        assert_eq!(std::fs::read(t.path().join("tok")).unwrap(), b"x");
        std::fs::rename(t.path().join("tok"), t.path().join("moved")).unwrap();
        std::fs::write(t.path().join("tok"), "other").unwrap();
        assert_eq!(
            d.remove_if_same(OsStr::new("tok"), id).unwrap(),
            Removal::Replaced
        );
        assert!(t.path().join("tok").exists());
        std::fs::remove_file(t.path().join("tok")).unwrap();
        assert_eq!(
            d.remove_if_same(OsStr::new("tok"), id).unwrap(),
            Removal::Gone
        );
        std::fs::rename(t.path().join("moved"), t.path().join("tok")).unwrap();
        assert_eq!(
            d.remove_if_same(OsStr::new("tok"), id).unwrap(),
            Removal::Removed
        );
        let (sub, made) = d.child_or_create(OsStr::new("sub"), 0o755).unwrap();
        let made = made.unwrap();
        sub.write_file(OsStr::new("f"), b"", 0o644).unwrap();
        assert_eq!(
            d.remove_if_same(OsStr::new("sub"), made).unwrap(),
            Removal::NotEmpty
        );
    }
}
