//! http-01 through an existing web server: write the key authorization to
//! `<webroot>/.well-known/acme-challenge/<token>` (RFC 8555 §8.3).

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

use super::{Solver, Task, http01_url};
use crate::identifiers::Identifier;
use crate::storage::fsutil::{PUBLIC, write_atomic};

pub struct Webroot {
    /// Which webroot serves which name.
    map: Vec<(Identifier, PathBuf)>,
    written: Vec<PathBuf>,
    created_dirs: Vec<PathBuf>,
}

impl Webroot {
    pub fn new(map: Vec<(Identifier, PathBuf)>) -> Webroot {
        Webroot {
            map,
            written: Vec::new(),
            created_dirs: Vec::new(),
        }
    }

    fn root_for(&self, id: &Identifier) -> Result<&Path> {
        match self.map.iter().find(|(i, _)| i == id) {
            Some((_, root)) => Ok(root),
            None => bail!("no webroot was given for {id}"),
        }
    }

    /// Creates `dir` and its missing parents (world-readable, as web servers need), remembering
    /// which ones were new so cleanup removes exactly those.
    fn make_dirs(&mut self, dir: &Path) -> Result<()> {
        let mut missing = Vec::new();
        let mut cur = Some(dir);
        while let Some(d) = cur {
            if d.exists() {
                break;
            }
            missing.push(d.to_path_buf());
            cur = d.parent();
        }
        for d in missing.into_iter().rev() {
            use std::os::unix::fs::DirBuilderExt;
            match fs::DirBuilder::new().mode(0o755).create(&d) {
                Ok(()) => {
                    // Exactly 0755 whatever the umask: the web server must be able to read it.
                    use std::os::unix::fs::PermissionsExt;
                    fs::set_permissions(&d, fs::Permissions::from_mode(0o755))
                        .with_context(|| format!("cannot set the mode of {}", d.display()))?;
                    self.created_dirs.push(d);
                }
                // Another acme run (another lineage) made it meanwhile: it is theirs to remove.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", d.display()));
                }
            }
        }
        Ok(())
    }
}

impl Solver for Webroot {
    fn challenge_type(&self) -> &'static str {
        "http-01"
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        for task in tasks {
            let dir = self
                .root_for(&task.identifier)?
                .join(".well-known/acme-challenge");
            self.make_dirs(&dir)?;
            let file = dir.join(&task.token);
            // The token was checked against the base64url alphabet, so `file` stays in `dir`.
            write_atomic(&file, task.key_authorization.as_bytes(), PUBLIC).with_context(|| {
                format!("cannot write the challenge file for {}", task.identifier)
            })?;
            self.written.push(file);
        }
        Ok(())
    }

    fn describe(&self, task: &Task) -> String {
        http01_url(&task.identifier, &task.token)
    }

    fn cleanup(&mut self) -> Result<()> {
        let mut failed = Vec::new();
        for file in self.written.drain(..) {
            if let Err(e) = fs::remove_file(&file)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                failed.push(format!("{}: {e}", file.display()));
            }
        }
        for dir in self.created_dirs.drain(..).rev() {
            let _ = fs::remove_dir(&dir); // only if empty: other files there are not ours
        }
        if !failed.is_empty() {
            bail!("could not remove challenge files: {}", failed.join("; "));
        }
        Ok(())
    }
}
