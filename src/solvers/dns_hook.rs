//! dns-01 through the user's script: run it once per record to add, and once per record to
//! remove, with the record in the environment (certbot's `CERTBOT_*` names too, so existing
//! certbot hooks work).

use anyhow::{Context, Result, bail};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::dns::{DnsRecord, Publisher};
use crate::output::Printer;

/// A hook that hangs must not hang a cron job forever.
const HOOK_LIMIT: Duration = Duration::from_secs(300);

pub struct Hook {
    cmd: String,
    added: Vec<DnsRecord>,
}

impl Hook {
    pub fn new(cmd: String) -> Hook {
        Hook {
            cmd,
            added: Vec::new(),
        }
    }

    /// Runs the hook for one record; `batch` is every record of this run (for certbot's
    /// `CERTBOT_ALL_DOMAINS` and `CERTBOT_REMAINING_CHALLENGES`, which hooks use to wait once).
    fn run(&self, action: &str, r: &DnsRecord, batch: &[DnsRecord], out: &Printer) -> Result<()> {
        let all_domains: Vec<&str> = batch.iter().map(|b| b.domain.as_str()).collect();
        let remaining = batch.len() - 1 - batch.iter().position(|b| b == r).unwrap_or(0);
        out.detail(&format!(
            "running the DNS hook: {action} {} {}",
            r.txt_name, r.value
        ));
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(&self.cmd)
            .env("ACME_ACTION", action)
            .env("ACME_DOMAIN", &r.domain)
            .env("ACME_TXT_NAME", &r.txt_name)
            .env("ACME_TXT_VALUE", &r.value)
            .env(
                "CERTBOT_DOMAIN",
                r.domain.strip_prefix("*.").unwrap_or(&r.domain),
            )
            .env("CERTBOT_VALIDATION", &r.value)
            .env("CERTBOT_ALL_DOMAINS", all_domains.join(","))
            .env("CERTBOT_REMAINING_CHALLENGES", remaining.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot run the DNS hook {:?}", self.cmd))?;
        // Drain both pipes in threads so a chatty hook cannot block on a full pipe.
        let mut so = child.stdout.take().expect("piped");
        let mut se = child.stderr.take().expect("piped");
        let t_out = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = so.read_to_string(&mut s);
            s
        });
        let t_err = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = se.read_to_string(&mut s);
            s
        });
        let deadline = Instant::now() + HOOK_LIMIT;
        let status = loop {
            if let Some(st) = child.try_wait()? {
                break st;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "the DNS hook ({action} {}) did not finish within {} s and was stopped",
                    r.txt_name,
                    HOOK_LIMIT.as_secs()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = t_out.join().unwrap_or_default();
        let stderr = t_err.join().unwrap_or_default();
        if !stdout.trim().is_empty() {
            out.detail(stdout.trim_end());
        }
        if !status.success() {
            let code = status.code().map_or_else(
                || "was killed by a signal".to_string(),
                |c| format!("exited with {c}"),
            );
            let stderr = stderr.trim_end();
            bail!(
                "the DNS hook {code} when asked to {action} the TXT record {} for {}{}",
                r.txt_name,
                r.domain,
                if stderr.is_empty() {
                    " (it printed nothing on stderr)".to_string()
                } else {
                    format!("; its stderr:\n  {}", stderr.replace('\n', "\n  "))
                }
            );
        }
        Ok(())
    }
}

impl Publisher for Hook {
    fn add(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()> {
        for r in records {
            // Counted before running: a hook that fails half-way may have added it anyway.
            self.added.push(r.clone());
            self.run("add", r, records, out)?;
        }
        Ok(())
    }

    fn remove(&mut self, _records: &[DnsRecord], out: &Printer) -> Result<()> {
        let mut failed = Vec::new();
        let added = std::mem::take(&mut self.added);
        for r in &added {
            if let Err(e) = self.run("remove", r, &added, out) {
                failed.push(format!("{e:#}"));
            }
        }
        if !failed.is_empty() {
            bail!("{}", failed.join("\n"));
        }
        Ok(())
    }
}
