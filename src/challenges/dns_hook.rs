//! dns-01 through the user's script: run it once per record to add, and once per record to
//! remove, with the record in the environment (certbot's `CERTBOT_*` names too, so existing
//! certbot hooks work). It runs through [`hooks::execute`], so under the same `/bin/sh`, time
//! limit and scrubbed environment as every other hook.

use anyhow::{Result, bail};

use super::dns::{DnsRecord, Publisher};
use crate::cli::output::Printer;
use crate::hooks;

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
        let env = [
            ("ACME_ACTION", action.to_string()),
            ("ACME_DOMAIN", r.domain.clone()),
            ("ACME_TXT_NAME", r.txt_name.clone()),
            // The name the CA asks for; differs from ACME_TXT_NAME when it is a CNAME to it.
            ("ACME_CHALLENGE_NAME", r.challenge_name().to_string()),
            ("ACME_TXT_VALUE", r.value.clone()),
            (
                "CERTBOT_DOMAIN",
                r.domain.strip_prefix("*.").unwrap_or(&r.domain).to_string(),
            ),
            ("CERTBOT_VALIDATION", r.value.clone()),
            ("CERTBOT_ALL_DOMAINS", all_domains.join(",")),
            ("CERTBOT_REMAINING_CHALLENGES", remaining.to_string()),
        ];
        let kind = format!("DNS hook ({action} {})", r.txt_name);
        let done = hooks::execute(&kind, &self.cmd, &env, hooks::limit())?;
        let (stdout, stderr) = (done.stdout.as_str(), done.stderr.as_str());
        if !stdout.trim().is_empty() {
            out.detail(stdout.trim_end());
        }
        if !done.status.success() {
            let code = done.describe();
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
