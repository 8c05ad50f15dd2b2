//! http-01 through an existing web server: write the key authorization to
//! `<webroot>/.well-known/acme-challenge/<token>` (RFC 8555 §8.3).
//!
//! The web root usually belongs to a site's user or `www-data`, who can rename and plant links
//! in it while root writes there. So everything goes through directory fds ([`crate::challenges::safe_dir`]): the
//! web root is opened following only trusted links, `.well-known` and `acme-challenge` are
//! created or opened without following links, the challenge file is written inside the opened
//! directory, and cleanup removes exactly the inodes this run created.

use anyhow::{Result, bail};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use super::{Solver, Task, http01_url};
use crate::challenges::safe_dir::{Dir, FileId, Removal};
use acme::identifiers::Identifier;

const WELL_KNOWN: &str = ".well-known";
const CHALLENGE: &str = "acme-challenge";

pub struct Webroot {
    /// Which webroot serves which name.
    map: Vec<(Identifier, PathBuf)>,
    /// What `present` created, oldest first: the directory holding it, its name, its identity.
    created: Vec<(Dir, OsString, FileId)>,
}

/// Checks, before anything is ordered, that the challenge directory under `root` can be used
/// safely: the web root reached through trusted links only, and `.well-known/acme-challenge`
/// (where they exist) real directories or trusted links. Refusals are usage errors (exit 2).
pub fn check(root: &Path) -> Result<()> {
    let root = Dir::open(root)?;
    if let Some(wk) = root.child(OsStr::new(WELL_KNOWN))? {
        wk.child(OsStr::new(CHALLENGE))?;
    }
    Ok(())
}

impl Webroot {
    pub fn new(map: Vec<(Identifier, PathBuf)>) -> Webroot {
        Webroot {
            map,
            created: Vec::new(),
        }
    }

    fn root_for(&self, id: &Identifier) -> Result<&Path> {
        match self.map.iter().find(|(i, _)| i == id) {
            Some((_, root)) => Ok(root),
            None => bail!("no webroot was given for {id}"),
        }
    }

    /// Opens `<root>/.well-known/acme-challenge`, creating what is missing (0755: the web server
    /// must read it) and remembering what was new so cleanup removes exactly that.
    fn challenge_dir(&mut self, root: &Path) -> Result<Dir> {
        let mut dir = Dir::open(root)?;
        for name in [WELL_KNOWN, CHALLENGE] {
            let (sub, made) = dir.child_or_create(OsStr::new(name), 0o755)?;
            if let Some(id) = made {
                self.created.push((dir, name.into(), id));
            }
            dir = sub;
        }
        Ok(dir)
    }
}

impl Solver for Webroot {
    fn challenge_type(&self) -> &'static str {
        "http-01"
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        for task in tasks {
            let root = self.root_for(&task.identifier)?.to_path_buf();
            let dir = self.challenge_dir(&root)?;
            // The token was checked against the base64url alphabet: one plain file name.
            let name = OsString::from(&task.token);
            let id = dir.write_file(&name, task.key_authorization.as_bytes(), 0o644)?;
            self.created.push((dir, name, id));
        }
        Ok(())
    }

    fn describe(&self, task: &Task) -> String {
        http01_url(&task.identifier, &task.token)
    }

    fn cleanup(&mut self) -> Result<()> {
        let mut problems = Vec::new();
        for (dir, name, id) in self.created.drain(..).rev() {
            let shown = dir.path().join(&name);
            match dir.remove_if_same(&name, id) {
                // Not empty: what else is in it is not ours.
                Ok(Removal::Removed) | Ok(Removal::NotEmpty) => {}
                Ok(Removal::Gone) => problems.push(format!(
                    "{} is no longer there (someone moved or removed it)",
                    shown.display()
                )),
                Ok(Removal::Replaced) => problems.push(format!(
                    "{} is no longer what acme created (someone moved or replaced it); left it alone",
                    shown.display()
                )),
                Err(e) => problems.push(format!("{e:#}")),
            }
        }
        if !problems.is_empty() {
            bail!("cleaning up the web root: {}", problems.join("; "));
        }
        Ok(())
    }
}
