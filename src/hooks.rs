//! User hooks: shell commands run around renewals, certbot-compatible.
//!
//! - pre-hook: once, before the first renewal attempt. `ACME_DUE` = the due lineage names.
//! - deploy-hook: once per renewed lineage. `RENEWED_LINEAGE` = its live dir,
//!   `RENEWED_DOMAINS` = its names (space-separated), `ACME_CERT_NAME` = the lineage name.
//! - post-hook: once, after all attempts. `ACME_RENEWED` and `ACME_FAILED` = the lineage names
//!   that renewed and that failed (space-separated; empty when none).
//!
//! Hooks run with `sh -c`; their stdout goes to our stderr so `--json` output stays clean.

use anyhow::{Result, bail};
use std::process::{Command, Stdio};

/// Runs `cmd` with `sh -c` and the extra environment. A non-zero exit is an error naming the hook.
pub fn run(kind: &str, cmd: &str, env: &[(&str, String)]) -> Result<()> {
    let mut c = Command::new("sh");
    c.arg("-c").arg(cmd).stdin(Stdio::null());
    c.stdout(std::io::stderr());
    for (k, v) in env {
        c.env(k, v);
    }
    let status = c
        .status()
        .map_err(|e| anyhow::anyhow!("cannot run the {kind} {cmd:?}: {e}"))?;
    if !status.success() {
        bail!("the {kind} {cmd:?} failed ({status})");
    }
    Ok(())
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
        assert!(err.contains("post-hook") && err.contains("exit 3"), "{err}");
    }

    #[test]
    fn shared_hooks_run_once() {
        assert_eq!(distinct(["a", "b", "a", " ", "b"]), vec!["a", "b"]);
    }
}
