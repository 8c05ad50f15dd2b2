//! certbot's hook directories: `renewal-hooks/{pre,deploy,post}/` under the config dir. Every
//! executable file in one runs, in lexical order of its name, as certbot runs them: the pre and
//! post ones once per `acme renew` run that renews something, the deploy ones after each
//! renewed certificate (with `RENEWED_LINEAGE` and `RENEWED_DOMAINS`). Files that are not
//! executable are skipped (and said so), as certbot does.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::storage::Layout;

pub const KINDS: [&str; 3] = ["pre", "deploy", "post"];

/// `renewal-hooks/<kind>/`.
pub fn dir(layout: &Layout, kind: &str) -> PathBuf {
    layout.root.join("renewal-hooks").join(kind)
}

/// Whether `path` is a file that can be run.
pub fn is_executable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The files of a hook directory in lexical order: (runnable, not runnable).
pub fn scripts(dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    files
        .into_iter()
        .filter(|p| !p.is_dir())
        .partition(|p| is_executable(p))
}

/// A path as one `/bin/sh` word.
pub fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "'\\''"))
}

/// The commands to run for `kind` (quoted script paths), warning about skipped files.
pub fn commands(layout: &Layout, kind: &str, out: &crate::cli::output::Printer) -> Vec<String> {
    let (run, skipped) = scripts(&dir(layout, kind));
    for p in skipped {
        out.warn(&format!(
            "{} is not executable, so it is not run as a {kind} hook (chmod +x to run it)",
            p.display()
        ));
    }
    run.iter().map(|p| shell_quote(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executables_run_in_lexical_order_and_others_are_skipped() {
        let d = tempfile::tempdir().unwrap();
        for (name, mode) in [
            ("20-b", 0o755),
            ("10-a", 0o700),
            ("30-notes.txt", 0o644),
            ("05 it's", 0o755),
        ] {
            let p = d.path().join(name);
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        std::fs::create_dir(d.path().join("00-dir")).unwrap();
        let (run, skipped) = scripts(d.path());
        let names: Vec<String> = run
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["05 it's", "10-a", "20-b"]);
        assert_eq!(skipped.len(), 1);
        assert_eq!(
            shell_quote(&run[0]),
            format!("'{}/05 it'\\''s'", d.path().display())
        );
        assert!(scripts(&d.path().join("missing")).0.is_empty());
    }
}
