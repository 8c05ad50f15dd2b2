//! Certificate lineages: numbered versions under `archive/<name>/` and the `live/<name>/` view.
//!
//! `live/<name>` is itself a symlink to a per-version directory `live/.<name>.vN/` holding the four
//! links (`cert.pem -> ../../archive/<name>/certN.pem`, exactly certbot's relative targets). One
//! rename switches all four at once, so a web server reloading mid-renewal never pairs a new
//! certificate with an old key, which certbot's one-link-at-a-time swap can.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

use super::Layout;
use super::fsutil::{self, PRIVATE_DIR, PUBLIC, SECRET, ensure_dir, symlink_atomic, write_atomic};

/// The four files of a version, in certbot's names.
pub const KINDS: [&str; 4] = ["cert", "chain", "fullchain", "privkey"];

/// A complete new version, checked by the caller before it gets here.
pub struct NewVersion<'a> {
    pub cert_pem: &'a str,
    pub chain_pem: &'a str,
    /// `None` for a certificate issued from a user's own CSR: we never hold its key.
    pub privkey_pem: Option<&'a [u8]>,
    /// The CA and account that issued it (a lineage may fall back to another CA).
    pub issuer: &'a Issuer,
}

/// Which CA issued a version, kept beside it as `archive/<name>/caN.json`: ARI and revocation
/// of that version go to this CA, whichever the lineage names today.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issuer {
    /// The CA's ACME directory URL.
    pub server: String,
    /// The account that ordered it.
    pub account: String,
}

fn issuer_file(n: u32) -> String {
    format!("ca{n}.json")
}

/// The issuer record as written: the same bytes for the same issuer, so that a version pulled
/// from another node compares equal to the one installed here.
fn encode_issuer(i: &Issuer) -> Vec<u8> {
    serde_json::to_vec_pretty(i).expect("two strings always encode")
}

/// The recorded issuer of version `n`; `None` for a version from before the record was kept
/// (or imported), or one whose record is unreadable — the caller then assumes the lineage's CA.
pub fn issuer(layout: &Layout, name: &str, n: u32) -> Option<Issuer> {
    let bytes = fs::read(layout.archive(name).join(issuer_file(n))).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The recorded issuer of the archived version whose certificate is `cert_der` (the newest
/// such version), if any.
pub fn issuer_of(layout: &Layout, name: &str, cert_der: &[u8]) -> Option<Issuer> {
    let archive = layout.archive(name);
    let mut numbers: Vec<u32> = fs::read_dir(&archive)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| cert_number(e.file_name().to_str()?))
        .collect();
    numbers.sort_unstable_by(|a, b| b.cmp(a));
    numbers.into_iter().find_map(|n| {
        let pem = fs::read_to_string(archive.join(format!("cert{n}.pem"))).ok()?;
        let first = acme::x509::pem_certificates(&pem)
            .ok()?
            .into_iter()
            .next()?;
        (first == cert_der)
            .then(|| issuer(layout, name, n))
            .flatten()
    })
}

/// Writes version N+1 into the archive, then switches `live/<name>` to it. Returns N+1. Until
/// the final rename nothing under `live/` changes; a crash before it leaves the old version live.
pub fn install(layout: &Layout, name: &str, v: &NewVersion) -> Result<u32> {
    let archive = layout.archive(name);
    ensure_dir(&archive, PRIVATE_DIR)?;
    ensure_dir(&layout.live_dir(), PRIVATE_DIR)?;
    let n = match latest_archived(&archive)? {
        None => 1,
        Some(n) => n.checked_add(1).with_context(|| {
            format!("{name}: the archive's version {n} is the last number there is; move it aside")
        })?,
    };
    let fullchain = format!("{}{}", v.cert_pem, v.chain_pem);
    // The key first: a version whose cert exists is complete once `cert` is written last.
    if let Some(key) = v.privkey_pem {
        write_atomic(&archive.join(format!("privkey{n}.pem")), key, SECRET)?;
    }
    write_atomic(
        &archive.join(issuer_file(n)),
        &encode_issuer(v.issuer),
        PUBLIC,
    )?;
    write_atomic(
        &archive.join(format!("chain{n}.pem")),
        v.chain_pem.as_bytes(),
        PUBLIC,
    )?;
    write_atomic(
        &archive.join(format!("fullchain{n}.pem")),
        fullchain.as_bytes(),
        PUBLIC,
    )?;
    write_atomic(
        &archive.join(format!("cert{n}.pem")),
        v.cert_pem.as_bytes(),
        PUBLIC,
    )?;

    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| *k != "privkey" || v.privkey_pem.is_some())
        .collect();
    let live = layout.live(name);
    if live.is_dir() && !live.is_symlink() {
        convert_plain_live(layout, name, n, &kinds)?;
        return Ok(n);
    }
    switch_live(layout, name, n, &kinds)?;
    Ok(n)
}

/// A plain certbot-style `live/<name>/` directory (moved over by hand) is converted to the
/// one-rename scheme as it is switched: the new version directory is built aside, then one
/// `renameat2(RENAME_EXCHANGE)` swaps the plain directory for a link to it. Before the exchange
/// the old pair is live, after it the new one, so a crash at any point leaves a matching
/// certificate and key; the old directory, now under a hidden name, is removed afterwards (or
/// by the next switch, after a crash). Switching its links one by one, as certbot does, would
/// leave `cert` and `privkey` of different versions after a crash in between.
fn convert_plain_live(layout: &Layout, name: &str, n: u32, kinds: &[&str]) -> Result<()> {
    let live = layout.live(name);
    build_version_dir(layout, name, n, kinds)?;
    let aside = layout.live_dir().join(plain_aside_name(name));
    remove_any(&aside)?;
    std::os::unix::fs::symlink(version_dir_name(name, n), &aside)
        .with_context(|| format!("cannot create {}", aside.display()))?;
    fsutil::sync_parent(&live)?;
    let c = |p: &Path| {
        std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()))
            .context("a path holds a NUL byte")
    };
    let (a, b) = (c(&aside)?, c(&live)?);
    // SAFETY: two valid C strings; renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc != 0 {
        let e = std::io::Error::last_os_error();
        let _ = fs::remove_file(&aside);
        return Err(e).with_context(|| {
            format!(
                "cannot switch the plain directory {} for a link to version {n} in one step \
                 (the filesystem must support renameat2 RENAME_EXCHANGE); it is unchanged",
                live.display()
            )
        });
    }
    fsutil::sync_parent(&live)?;
    remove_stale_version_dirs(layout, name, n);
    Ok(())
}

/// Where a converted plain `live/<name>/` waits to be removed.
fn plain_aside_name(name: &str) -> String {
    format!(".{name}.plain")
}

/// Removes a file, link or directory tree at `path`, if there is one.
fn remove_any(path: &Path) -> Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
    };
    result.with_context(|| format!("cannot remove {}", path.display()))
}

/// Points `live/<name>` at version `n` with one rename: builds `live/.<name>.vN/` holding a link
/// for each of `kinds`, then swaps the `live/<name>` symlink to it and drops older version dirs.
fn switch_live(layout: &Layout, name: &str, n: u32, kinds: &[&str]) -> Result<()> {
    build_version_dir(layout, name, n, kinds)?;
    symlink_atomic(Path::new(&version_dir_name(name, n)), &layout.live(name))?;
    remove_stale_version_dirs(layout, name, n);
    Ok(())
}

/// `live/.<name>.vN/` holding a link for each of `kinds`, made afresh and synced.
fn build_version_dir(layout: &Layout, name: &str, n: u32, kinds: &[&str]) -> Result<()> {
    let version_dir = layout.live_dir().join(version_dir_name(name, n));
    if version_dir.exists() {
        fs::remove_dir_all(&version_dir)
            .with_context(|| format!("cannot clear {}", version_dir.display()))?;
    }
    ensure_dir(&version_dir, PRIVATE_DIR)?;
    for kind in kinds {
        std::os::unix::fs::symlink(
            archive_target(name, kind, n),
            version_dir.join(format!("{kind}.pem")),
        )
        .with_context(|| format!("cannot create links in {}", version_dir.display()))?;
    }
    fs::File::open(&version_dir)?.sync_all()?;
    Ok(())
}

fn version_dir_name(name: &str, n: u32) -> String {
    format!(".{name}.v{n}")
}

/// certbot's relative link target, seen from `live/<name>/`.
fn archive_target(name: &str, kind: &str, n: u32) -> PathBuf {
    PathBuf::from(format!("../../archive/{name}/{kind}{n}.pem"))
}

/// The highest N for which `certN.pem` exists in the archive.
pub fn latest_archived(archive: &Path) -> Result<Option<u32>> {
    let entries = match fs::read_dir(archive) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", archive.display())),
    };
    Ok(entries
        .filter_map(|e| e.ok())
        .filter_map(|e| cert_number(e.file_name().to_str()?))
        .max())
}

/// N for an archived `certN.pem` file name; `None` for any other name.
pub fn cert_number(file: &str) -> Option<u32> {
    file.strip_prefix("cert")?
        .strip_suffix(".pem")?
        .parse()
        .ok()
}

/// The version `live/<name>` shows now, read from where `cert.pem` leads.
pub fn live_version(layout: &Layout, name: &str) -> Result<u32> {
    let cert = layout.live(name).join("cert.pem");
    let target = fs::read_link(&cert)
        .with_context(|| format!("{} is not a link into the archive", cert.display()))?;
    let file = target.file_name().and_then(|f| f.to_str()).unwrap_or("");
    match cert_number(file) {
        Some(n) => Ok(n),
        None => bail!(
            "{} points at {}, not at an archived certN.pem",
            cert.display(),
            target.display()
        ),
    }
}

/// Lineage names: every `renewal/<name>.conf`, sorted.
pub fn names(layout: &Layout) -> Result<Vec<String>> {
    let dir = layout.renewal_dir();
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".conf")
                .map(str::to_string)
        })
        .filter(|n| super::check_cert_name(n).is_ok())
        .collect();
    out.sort();
    Ok(out)
}

/// One archived version taken over from another client (certbot) or another node's store:
/// the four files as they were, and the CA that issued it when that is known.
pub struct ImportedVersion {
    pub n: u32,
    pub cert: Vec<u8>,
    pub chain: Vec<u8>,
    pub fullchain: Vec<u8>,
    pub privkey: Option<Vec<u8>>,
    pub issuer: Option<Issuer>,
}

/// Copies every version into `archive/<name>/` under its own number and points `live/<name>` at
/// version `live`. A file already there must be byte-identical (a resumed import); anything else
/// is refused before a byte is written, so an existing lineage is never overwritten.
pub fn import(layout: &Layout, name: &str, versions: &[ImportedVersion], live: u32) -> Result<()> {
    let archive = layout.archive(name);
    let files = |v: &'_ ImportedVersion| {
        let mut f = vec![
            (format!("cert{}.pem", v.n), v.cert.clone(), PUBLIC),
            (format!("chain{}.pem", v.n), v.chain.clone(), PUBLIC),
            (format!("fullchain{}.pem", v.n), v.fullchain.clone(), PUBLIC),
        ];
        if let Some(i) = &v.issuer {
            f.insert(0, (issuer_file(v.n), encode_issuer(i), PUBLIC));
        }
        if let Some(k) = &v.privkey {
            f.insert(0, (format!("privkey{}.pem", v.n), k.clone(), SECRET));
        }
        f
    };
    for v in versions {
        for (file, data, _) in files(v) {
            let path = archive.join(&file);
            if let Ok(existing) = fs::read(&path)
                && existing != data
            {
                bail!(
                    "{} already exists with different contents; not overwriting it",
                    path.display()
                );
            }
        }
    }
    let live_version = versions
        .iter()
        .find(|v| v.n == live)
        .with_context(|| format!("version {live} is not among the imported ones"))?;
    ensure_dir(&archive, PRIVATE_DIR)?;
    ensure_dir(&layout.live_dir(), PRIVATE_DIR)?;
    for v in versions {
        for (file, data, mode) in files(v) {
            // The key first and the cert last, as `install` writes them.
            write_atomic(&archive.join(file), &data, mode)?;
        }
    }
    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| *k != "privkey" || live_version.privkey.is_some())
        .collect();
    switch_live(layout, name, live, &kinds)
}

/// Best effort: version directories other than the live one are leftovers of earlier swaps.
fn remove_stale_version_dirs(layout: &Layout, name: &str, keep: u32) {
    let prefix = format!(".{name}.v");
    let Ok(entries) = fs::read_dir(layout.live_dir()) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let file = e.file_name();
        let Some(n) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if n != keep {
            let _ = fs::remove_dir_all(e.path());
        }
    }
    // A plain directory converted by `convert_plain_live`, left by a crash before its removal.
    let _ = remove_any(&layout.live_dir().join(plain_aside_name(name)));
    let _ = fsutil::sync_parent(&layout.live(name));
}

/// [`super::store::fingerprint`]s of every certificate this node holds for `name` (its archive
/// and what `live/` shows, for a plain certbot directory), to tell whether a lineage deleted
/// elsewhere is this one. Unreadable files are skipped.
pub fn fingerprints(layout: &Layout, name: &str) -> Vec<String> {
    let mut files: Vec<PathBuf> = fs::read_dir(layout.archive(name))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_str().and_then(cert_number).is_some())
        .map(|e| e.path())
        .collect();
    files.push(layout.live(name).join("cert.pem"));
    let mut out: Vec<String> = files
        .iter()
        .filter_map(|f| super::store::fingerprint(&fs::read(f).ok()?))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Removes the lineage `name` and nothing else: its renewal conf first (so nothing renews it
/// half-deleted), its health record and pending order, then `live/<name>`, its `live/.<name>.vN/` version directories, and
/// `archive/<name>/`. Missing pieces are skipped. Returns the paths removed.
pub fn delete(layout: &Layout, name: &str) -> Result<Vec<PathBuf>> {
    super::check_cert_name(name).map_err(anyhow::Error::msg)?;
    let mut removed = Vec::new();
    let mut remove = |path: PathBuf, dir: bool| -> Result<()> {
        let result = if dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        match result {
            Ok(()) => {
                removed.push(path);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    };
    remove(layout.renewal_conf(name), false)?;
    remove(layout.health(name), false)?;
    // An order finalized but never collected belongs to the lineage too: left behind, a new
    // lineage of the same name would install its certificate.
    remove(layout.pending_order(name), false)?;
    let live = layout.live(name);
    // A link (our layout) is removed as a link; a plain directory is an imported certbot lineage.
    let live_is_dir = live.is_dir() && !live.is_symlink();
    remove(live, live_is_dir)?;
    let prefix = format!(".{name}.v");
    if let Ok(entries) = fs::read_dir(layout.live_dir()) {
        for e in entries.filter_map(|e| e.ok()) {
            let file = e.file_name();
            let is_version = file
                .to_str()
                .and_then(|f| f.strip_prefix(&prefix))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if is_version {
                remove(e.path(), true)?;
            }
        }
    }
    remove(layout.archive(name), true)?;
    let _ = fsutil::sync_parent(&layout.live(name));
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    static ISSUER: std::sync::LazyLock<Issuer> = std::sync::LazyLock::new(|| Issuer {
        server: "https://ca.test/dir".into(),
        account: "https://ca.test/acct/1".into(),
    });

    /// Each version keeps the CA that issued it, read back by number; a version without a
    /// record (from before, or imported) has none.
    #[test]
    fn each_version_remembers_its_issuer() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let other = Issuer {
            server: "https://fallback.test/dir".into(),
            account: "https://fallback.test/acct/9".into(),
        };
        let v = |issuer| NewVersion {
            cert_pem: "C\n",
            chain_pem: "I\n",
            privkey_pem: Some(b"K"),
            issuer,
        };
        install(&layout, "a", &v(&ISSUER)).unwrap();
        install(&layout, "a", &v(&other)).unwrap();
        assert_eq!(issuer(&layout, "a", 1).as_ref(), Some(&*ISSUER));
        assert_eq!(issuer(&layout, "a", 2), Some(other));
        assert_eq!(issuer(&layout, "a", 3), None);
        fs::write(layout.archive("a").join("ca1.json"), "not json").unwrap();
        assert_eq!(issuer(&layout, "a", 1), None);
    }

    #[test]
    fn cert_number_reads_only_archived_cert_names() {
        for (file, want) in [
            ("cert1.pem", Some(1)),
            ("cert12.pem", Some(12)),
            ("chain1.pem", None),
            ("fullchain1.pem", None),
            ("cert.pem", None),
            ("certx.pem", None),
            ("cert1.pem.bak", None),
            ("cert-1.pem", None),
        ] {
            assert_eq!(cert_number(file), want, "{file}");
        }
    }

    #[test]
    fn versions_are_numbered_and_live_follows_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let v = |c: &'static str| NewVersion {
            cert_pem: c,
            chain_pem: "CHAIN\n",
            privkey_pem: Some(b"KEY"),
            issuer: &ISSUER,
        };
        assert_eq!(install(&layout, "example.com", &v("ONE\n")).unwrap(), 1);
        assert_eq!(install(&layout, "example.com", &v("TWO\n")).unwrap(), 2);
        let live = layout.live("example.com");
        assert_eq!(fs::read_to_string(live.join("cert.pem")).unwrap(), "TWO\n");
        assert_eq!(
            fs::read_to_string(live.join("fullchain.pem")).unwrap(),
            "TWO\nCHAIN\n"
        );
        assert_eq!(
            fs::read_link(live.join("privkey.pem")).unwrap(),
            Path::new("../../archive/example.com/privkey2.pem")
        );
        assert_eq!(live_version(&layout, "example.com").unwrap(), 2);
        assert!(
            layout.archive("example.com").join("cert1.pem").exists(),
            "old versions stay"
        );
        let key_mode = fs::metadata(layout.archive("example.com").join("privkey2.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(key_mode & 0o777, 0o600);
        let hidden: Vec<_> = fs::read_dir(layout.live_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            hidden.len(),
            2,
            "only live/<name> and its current version dir: {hidden:?}"
        );
    }

    #[test]
    fn csr_lineages_have_no_private_key() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        install(
            &layout,
            "x.example",
            &NewVersion {
                cert_pem: "C\n",
                chain_pem: "I\n",
                privkey_pem: None,
                issuer: &ISSUER,
            },
        )
        .unwrap();
        assert!(!layout.live("x.example").join("privkey.pem").exists());
        assert!(!layout.archive("x.example").join("privkey1.pem").exists());
    }

    #[test]
    fn delete_removes_exactly_one_lineage() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let v = NewVersion {
            cert_pem: "C\n",
            chain_pem: "I\n",
            privkey_pem: Some(b"K"),
            issuer: &ISSUER,
        };
        // Names chosen so that a careless prefix match would take the neighbours too.
        for name in ["a", "a.v1", "ab"] {
            install(&layout, name, &v).unwrap();
            install(&layout, name, &v).unwrap();
            fs::create_dir_all(layout.renewal_dir()).unwrap();
            fs::write(layout.renewal_conf(name), "x").unwrap();
        }
        // A stale version dir left by a crash belongs to the lineage too, and so does an
        // order finalized but never collected.
        fs::create_dir(layout.live_dir().join(".a.v1")).unwrap();
        fs::create_dir_all(layout.pending_dir()).unwrap();
        for name in ["a", "ab"] {
            fs::write(layout.pending_order(name), "{}").unwrap();
        }
        let removed = delete(&layout, "a").unwrap();
        assert_eq!(removed.len(), 6, "{removed:?}");
        assert!(!layout.pending_order("a").exists());
        assert!(layout.pending_order("ab").exists());
        let mut left: Vec<String> = fs::read_dir(layout.live_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left, [".a.v1.v2", ".ab.v2", "a.v1", "ab"]);
        assert!(!layout.archive("a").exists());
        assert!(!layout.renewal_conf("a").exists());
        for name in ["a.v1", "ab"] {
            assert_eq!(
                fs::read_to_string(layout.live(name).join("cert.pem")).unwrap(),
                "C\n"
            );
            assert!(layout.renewal_conf(name).exists());
        }
        assert!(delete(&layout, "../x").is_err());
        assert!(
            delete(&layout, "a").unwrap().is_empty(),
            "a second delete is a no-op"
        );
    }
}
