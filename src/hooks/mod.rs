//! User hooks: shell commands run around renewals, certbot-compatible — and the one runner that
//! every hook goes through (pre/post/deploy here, the DNS hook in `challenges::dns_hook`).
//!
//! - pre-hook: once, before the first renewal attempt. `ACME_DUE` = the due lineage names.
//! - deploy-hook: once per renewed lineage. `RENEWED_LINEAGE` = its live dir,
//!   `RENEWED_DOMAINS` = its names (space-separated), `ACME_CERT_NAME` = the lineage name.
//! - post-hook: once, after all attempts. `ACME_RENEWED` and `ACME_FAILED` = the lineage names
//!   that renewed and that failed (space-separated; empty when none).
//!
//! The runner ([`execute`]) runs `/bin/sh -c CMD` — never a `sh` found through `PATH`, which
//! whoever controls the environment could choose — with stdin closed, stdout and stderr
//! captured, and the secrets acme knows ([`SECRET_ENV`]) removed from the child's environment.
//! A hook that outlives its time limit ([`limit`], `--hook-timeout`) is stopped: SIGTERM to its
//! whole process group, SIGKILL 5 s later, so a hung deploy hook cannot hold a lineage's lock
//! for ever. A signal that interrupts acme while a hook runs is passed on to the hook's group
//! the same way (see [`crate::cli::interrupt`]), and the hook's run ends in `Interrupted`.

pub mod check;
pub mod dirs;
pub mod failure;

use anyhow::{Result, bail};
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// Environment variables acme reads secrets from. Hooks are the user's code, often copied from
/// the web: they get what they need in their own variables, never acme's credentials.
pub const SECRET_ENV: &[&str] = &["ACME_EAB_HMAC_KEY", "ACME_EAB_KID", "ACME_TSIG_SECRET"];

/// How long after SIGTERM a stopped hook gets before SIGKILL.
const KILL_GRACE: Duration = Duration::from_secs(5);

/// How much of each output stream is kept; the rest is read and dropped.
const OUTPUT_CAP: usize = 1 << 20;

/// How long to wait for the output pipes after the shell exited: a hook may start a daemon
/// that keeps them open, and that must not hang the run.
const PIPE_GRACE: Duration = Duration::from_secs(2);

static LIMIT_SECS: AtomicU64 = AtomicU64::new(crate::cli::HOOK_TIMEOUT_DEFAULT);

/// Sets the time limit for every hook of this process (from `--hook-timeout`).
pub fn set_limit(limit: Duration) {
    LIMIT_SECS.store(limit.as_secs().max(1), Ordering::Relaxed);
}

/// The time limit for hooks in this process.
pub fn limit() -> Duration {
    Duration::from_secs(LIMIT_SECS.load(Ordering::Relaxed))
}

/// What a hook did: how it exited and what it printed (lossy UTF-8, at most 1 MiB each).
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// "exited with 3" / "was killed by signal 9", for messages.
    pub fn describe(&self) -> String {
        use std::os::unix::process::ExitStatusExt;
        match (self.status.code(), self.status.signal()) {
            (Some(c), _) => format!("exited with {c}"),
            (None, Some(s)) => format!("was killed by signal {s}"),
            _ => format!("ended ({})", self.status),
        }
    }
}

/// The one hook runner: `/bin/sh -c cmd` with `env` added and [`SECRET_ENV`] removed, stopped
/// after `limit`. `kind` names the hook in errors ("deploy-hook", "DNS hook"). Any exit status
/// is `Ok` (the caller decides what a failure means); not starting, or running over the limit,
/// is an error.
pub fn execute(kind: &str, cmd: &str, env: &[(&str, String)], limit: Duration) -> Result<Finished> {
    let mut c = Command::new("/bin/sh");
    c.arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a time-out stops what the shell started too.
        .process_group(0);
    for k in SECRET_ENV {
        c.env_remove(k);
    }
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot run the {kind} {cmd:?} with /bin/sh: {e}"))?;
    let (tx, rx) = mpsc::channel();
    let kept: [Arc<Mutex<Vec<u8>>>; 2] = Default::default();
    let pipes: [Box<dyn Read + Send>; 2] = [
        Box::new(child.stdout.take().expect("piped")),
        Box::new(child.stderr.take().expect("piped")),
    ];
    for (mut pipe, kept) in pipes.into_iter().zip(kept.iter().cloned()) {
        let tx = tx.clone();
        // Drained in threads so a chatty hook cannot block on a full pipe.
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut kept = kept.lock().expect("not poisoned");
                let room = OUTPUT_CAP.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
            let _ = tx.send(());
        });
    }
    drop(tx);
    let pgid = child.id() as libc::pid_t;
    let deadline = Instant::now() + limit;
    let signals = crate::cli::interrupt::count();
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break st;
        }
        // SIGINT/SIGTERM/SIGHUP to acme while the hook runs: the hook's group gets it too, as
        // it would had it shared acme's group, and acme stops (the post-hook still runs).
        if let Err(e) = crate::cli::interrupt::check_since(signals) {
            let signal = crate::cli::interrupt::received().unwrap_or(libc::SIGTERM);
            stop_group(pgid, &mut child, signal);
            return Err(e.context(format!("the {kind} {cmd:?} was stopped")));
        }
        if Instant::now() >= deadline {
            stop_group(pgid, &mut child, libc::SIGTERM);
            bail!(
                "the {kind} {cmd:?} did not finish within {} s and was stopped \
                 (allow it longer with --hook-timeout SECONDS)",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let until = Instant::now() + PIPE_GRACE;
    for _ in 0..2 {
        let left = until.saturating_duration_since(Instant::now());
        if rx.recv_timeout(left).is_err() {
            break;
        }
    }
    let [stdout, stderr] =
        kept.map(|k| String::from_utf8_lossy(&k.lock().expect("not poisoned")).into_owned());
    Ok(Finished {
        status,
        stdout,
        stderr,
    })
}

/// `signal` (SIGTERM, or the one acme was interrupted by) to the hook's process group, then
/// SIGKILL if it is still there after the grace.
fn stop_group(pgid: libc::pid_t, child: &mut std::process::Child, signal: libc::c_int) {
    // SAFETY: kill(2) with a negative pid signals the group we created for this child.
    unsafe { libc::kill(-pgid, signal) };
    let until = Instant::now() + KILL_GRACE;
    while Instant::now() < until {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Whatever the shell left behind in its group goes too.
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
    let _ = child.wait();
}

/// Runs a pre/post/deploy hook under the process's [`limit`]; what it printed goes to our
/// stderr (so `--json` output stays clean). A non-zero exit is an error naming the hook.
pub fn run(kind: &str, cmd: &str, env: &[(&str, String)]) -> Result<()> {
    crate::cli::runlog::line(&format!("running the {kind}: {cmd}"));
    let done = execute(kind, cmd, env, limit())?;
    crate::cli::runlog::line(&format!("the {kind} finished: {}", done.describe()));
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(done.stdout.as_bytes());
    let _ = err.write_all(done.stderr.as_bytes());
    if !done.status.success() {
        bail!("the {kind} {cmd:?} failed ({})", done.describe());
    }
    Ok(())
}

/// A pre/post/deploy/failure hook that failed, as `--json` documents show it
/// (`hook_failures`, see docs/json.md): which hook, its command, and the error object.
#[derive(Clone, Debug)]
pub struct Failure {
    /// "pre-hook", "post-hook", "deploy-hook" or "failure-hook".
    pub hook: &'static str,
    pub command: String,
    /// The error as printed (`{:#}`).
    pub message: String,
    /// The error as `report::error` shows it to scripts.
    pub error: serde_json::Value,
}

impl Failure {
    pub fn new(hook: &'static str, command: &str, err: &anyhow::Error) -> Failure {
        Failure {
            hook,
            command: command.to_string(),
            message: format!("{err:#}"),
            error: crate::cli::report::error(err),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "hook": self.hook,
            "command": self.command,
            "error": self.error,
        })
    }
}

/// Failures as a JSON array.
pub fn failures_json(failures: &[Failure]) -> serde_json::Value {
    serde_json::Value::Array(failures.iter().map(Failure::to_json).collect())
}

/// Runs a deploy hook for the lineage `name`, live in `live`, naming `domains`.
pub fn deploy(cmd: &str, live: &std::path::Path, domains: &[String], name: &str) -> Result<()> {
    let env = [
        ("RENEWED_LINEAGE", live.to_string_lossy().into_owned()),
        ("RENEWED_DOMAINS", domains.join(" ")),
        ("ACME_CERT_NAME", name.to_string()),
    ];
    run("deploy-hook", cmd, &env)
}

/// Distinct hook commands in first-seen order: several lineages sharing one reload command run
/// it once.
pub fn distinct<'a>(cmds: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for c in cmds {
        if !c.trim().is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_see_their_environment_and_failures_are_errors() {
        run("test hook", "test \"$X\" = yes", &[("X", "yes".into())]).unwrap();
        let err = run("post-hook", "exit 3", &[]).unwrap_err().to_string();
        assert!(
            err.contains("post-hook") && err.contains("exited with 3"),
            "{err}"
        );
    }

    #[test]
    fn output_is_captured_and_a_multi_line_command_runs_whole() {
        let done = execute(
            "test hook",
            "echo one\necho two >&2\nexit 4",
            &[],
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(done.stdout, "one\n");
        assert_eq!(done.stderr, "two\n");
        assert_eq!(done.status.code(), Some(4));
    }

    #[test]
    fn a_hook_over_its_limit_is_stopped_with_what_it_started() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let t = Instant::now();
        let err = execute(
            "deploy-hook",
            &format!("sleep 30 & echo $! > {}; wait", pid_file.display()),
            &[],
            Duration::from_millis(500),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("did not finish") && err.contains("--hook-timeout"),
            "{err}"
        );
        assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
        let pid = std::fs::read_to_string(&pid_file).unwrap();
        let proc = std::path::PathBuf::from(format!("/proc/{}", pid.trim()));
        // Gone, or a zombie waiting for init to reap it.
        let alive = || {
            std::fs::read_to_string(proc.join("stat")).is_ok_and(|s| {
                !s.rsplit(')')
                    .next()
                    .unwrap_or("")
                    .trim_start()
                    .starts_with('Z')
            })
        };
        for _ in 0..100 {
            if !alive() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the hook's background sleep {} still runs", pid.trim());
    }

    #[test]
    fn a_daemon_holding_the_pipes_does_not_hang_the_run() {
        let t = Instant::now();
        let done = execute(
            "deploy-hook",
            "sleep 20 & echo started",
            &[],
            Duration::from_secs(10),
        )
        .unwrap();
        assert!(done.status.success());
        assert_eq!(done.stdout, "started\n");
        assert!(t.elapsed() < Duration::from_secs(8), "{:?}", t.elapsed());
    }

    #[test]
    fn shared_hooks_run_once() {
        assert_eq!(distinct(["a", "b", "a", " ", "b"]), vec!["a", "b"]);
    }
}
