//! The log of every run: `log/acme.log` under the config dir (or `--log-dir`), so that a
//! `renew -q` from cron leaves a trace of what it decided, asked the CA and got, and why it
//! failed. Bounded: at the start of a run a log over [`MAX_BYTES`] is rotated to `acme.log.1`
//! (and so on up to [`KEEP`] old files, the oldest dropped), and one run writes at most
//! [`MAX_BYTES`] itself.
//!
//! Never a secret: the command line is logged with the values of secret options hidden
//! ([`scrub_args`]); requests are logged by method, URL and status, never their bodies; hooks by
//! command and exit status, not their output. Lines are escaped like the terminal output, so a
//! CA's reply cannot forge log lines.
//!
//! One log per process, global (like the hook time limit): the transport, the hook runner and
//! the Printer all write to it without being handed a handle.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A log file larger than this is rotated when a run starts; a run writes at most this much.
pub const MAX_BYTES: u64 = 1 << 20;
/// How many rotated logs are kept (`acme.log.1` … `acme.log.5`).
pub const KEEP: u32 = 5;

pub const FILE_NAME: &str = "acme.log";

/// Options whose value is a secret: logged as `<hidden>`.
const SECRET_OPTIONS: &[&str] = &["--eab-hmac-key"];

struct RunLog {
    dir: PathBuf,
    /// The dir is created only once its parent exists (the config dir), so that a read-only
    /// command on a config dir that does not exist does not create one for its log.
    create_parent: bool,
    file: Option<File>,
    /// Lines written before the file could be opened.
    pending: Vec<String>,
    written: u64,
    pid: u32,
}

static LOG: Mutex<Option<RunLog>> = Mutex::new(None);

/// Starts this process's log in `dir`; `explicit` (from `--log-dir`) creates the dir and its
/// parents, otherwise the dir is created only inside an existing config dir.
pub fn start(dir: PathBuf, explicit: bool, args: &[String]) {
    let mut guard = LOG.lock().unwrap_or_else(|e| e.into_inner());
    *guard = Some(RunLog {
        dir,
        create_parent: explicit,
        file: None,
        pending: Vec::new(),
        written: 0,
        pid: std::process::id(),
    });
    drop(guard);
    line(&format!(
        "start: acme {} {}",
        env!("CARGO_PKG_VERSION"),
        scrub_args(args).join(" ")
    ));
}

/// The log file of this process, if one was started.
pub fn path() -> Option<PathBuf> {
    let guard = LOG.lock().unwrap_or_else(|e| e.into_inner());
    guard.as_ref().map(|l| l.dir.join(FILE_NAME))
}

/// Whether the log file exists (errors point to it only then).
pub fn written_path() -> Option<PathBuf> {
    path().filter(|p| p.exists())
}

/// Appends one entry (a multi-line message is indented under its first line).
pub fn line(msg: &str) {
    let mut guard = LOG.lock().unwrap_or_else(|e| e.into_inner());
    let Some(log) = guard.as_mut() else { return };
    let text = acme::escape::escape_lines(msg).replace('\n', "\n    ");
    let entry = format!(
        "{} [{}] {text}\n",
        acme::time::format_rfc3339(acme::time::now()),
        log.pid
    );
    log.pending.push(entry);
    log.flush();
}

/// The last entry of a run: how it ended.
pub fn finish(exit_code: u8, error: Option<&str>) {
    if let Some(e) = error {
        line(&format!("error: {e}"))
    }
    line(&format!("exit: {exit_code}"));
}

impl RunLog {
    fn flush(&mut self) {
        if self.file.is_none() {
            self.file = self.open();
        }
        let Some(file) = self.file.as_mut() else {
            // Keep a run's worth at most while waiting for the config dir to exist.
            if self.pending.len() > 10_000 {
                self.pending.clear();
            }
            return;
        };
        for entry in self.pending.drain(..) {
            if self.written >= MAX_BYTES {
                break;
            }
            let entry = if self.written + entry.len() as u64 >= MAX_BYTES {
                "... (this run wrote more than the log's limit; the rest is not logged)\n".into()
            } else {
                entry
            };
            self.written += entry.len() as u64;
            // A full disk must not fail the renewal: the log is best effort.
            let _ = file.write_all(entry.as_bytes());
        }
    }

    fn open(&self) -> Option<File> {
        if !self.dir.is_dir() {
            let parent_ok = self.dir.parent().is_some_and(Path::is_dir);
            if !(self.create_parent || parent_ok) {
                return None;
            }
            crate::storage::fsutil::ensure_dir(&self.dir, crate::storage::fsutil::PRIVATE_DIR)
                .ok()?;
        }
        let path = self.dir.join(FILE_NAME);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() >= MAX_BYTES) {
            rotate(&self.dir);
        }
        OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&path)
            .ok()
    }
}

/// `acme.log` → `acme.log.1` → … → `acme.log.KEEP`, the oldest dropped.
fn rotate(dir: &Path) {
    let name = |n: u32| match n {
        0 => dir.join(FILE_NAME),
        n => dir.join(format!("{FILE_NAME}.{n}")),
    };
    let _ = std::fs::remove_file(name(KEEP));
    for n in (0..KEEP).rev() {
        let _ = std::fs::rename(name(n), name(n + 1));
    }
}

/// The command line with the values of secret options replaced.
pub fn scrub_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push("<hidden>".to_string());
            hide_next = false;
            continue;
        }
        match SECRET_OPTIONS
            .iter()
            .find(|o| a == *o || a.starts_with(&format!("{o}=")))
        {
            Some(o) if a == o => {
                hide_next = true;
                out.push(a.clone());
            }
            Some(o) => out.push(format!("{o}=<hidden>")),
            None => out.push(a.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_option_values_are_hidden_in_both_spellings() {
        let args: Vec<String> = [
            "register",
            "--eab-hmac-key",
            "s3cret",
            "--eab-hmac-key=s3cret",
            "-m",
            "a@b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let out = scrub_args(&args).join(" ");
        assert!(!out.contains("s3cret"), "{out}");
        assert_eq!(
            out,
            "register --eab-hmac-key <hidden> --eab-hmac-key=<hidden> -m a@b"
        );
    }

    #[test]
    fn rotation_keeps_at_most_keep_old_logs() {
        let dir = tempfile::tempdir().unwrap();
        for round in 0..(KEEP + 3) {
            std::fs::write(dir.path().join(FILE_NAME), format!("round {round}")).unwrap();
            rotate(dir.path());
        }
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), KEEP as usize, "{names:?}");
        let newest = std::fs::read_to_string(dir.path().join(format!("{FILE_NAME}.1"))).unwrap();
        assert_eq!(newest, format!("round {}", KEEP + 2));
    }
}
