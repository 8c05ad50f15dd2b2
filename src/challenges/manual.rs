//! certbot's manual hooks (`--manual-auth-hook`, `--manual-cleanup-hook`), with certbot's
//! environment, so that scripts written for certbot run unchanged: the auth hook once per
//! challenge before the CA is asked, the cleanup hook once per challenge afterwards, whatever
//! happened.
//!
//! Environment (certbot's names): `CERTBOT_DOMAIN` (the name, without a wildcard's `*.`),
//! `CERTBOT_VALIDATION` (http-01: the key authorization to serve; dns-01: the TXT value),
//! `CERTBOT_TOKEN` (http-01 only: the file name under `/.well-known/acme-challenge/`),
//! `CERTBOT_REMAINING_CHALLENGES` (how many auth hook runs follow this one),
//! `CERTBOT_ALL_DOMAINS` (every name being validated, comma-separated), and for the cleanup
//! hook `CERTBOT_AUTH_OUTPUT` (what the auth hook printed on stdout for this challenge).
//!
//! The hooks go through the one hook runner ([`hooks::execute`]): `/bin/sh -c`, time limit,
//! acme's secrets removed from the environment.

use anyhow::{Result, bail};

use super::dns::{DnsRecord, Publisher};
use super::{Solver, Task};
use crate::cli::output::Printer;
use crate::hooks;

/// The two commands.
#[derive(Clone, Debug, PartialEq)]
pub struct ManualHooks {
    pub auth: String,
    pub cleanup: Option<String>,
}

/// One challenge as the hooks see it.
#[derive(Clone, Debug)]
struct Item {
    domain: String,
    validation: String,
    token: Option<String>,
}

/// Runs the hooks over a batch of challenges and remembers each auth hook's output.
struct Runner {
    hooks: ManualHooks,
    /// Challenges whose auth hook ran (or was started), with what it printed.
    done: Vec<(Item, String)>,
}

impl Runner {
    fn env(item: &Item, all: &[Item], remaining: usize) -> Vec<(&'static str, String)> {
        let mut env = vec![
            (
                "CERTBOT_DOMAIN",
                item.domain
                    .strip_prefix("*.")
                    .unwrap_or(&item.domain)
                    .to_string(),
            ),
            ("CERTBOT_VALIDATION", item.validation.clone()),
            (
                "CERTBOT_ALL_DOMAINS",
                all.iter()
                    .map(|i| i.domain.strip_prefix("*.").unwrap_or(&i.domain))
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            ("CERTBOT_REMAINING_CHALLENGES", remaining.to_string()),
        ];
        if let Some(t) = &item.token {
            env.push(("CERTBOT_TOKEN", t.clone()));
        }
        env
    }

    fn auth(&mut self, items: &[Item], out: &Printer) -> Result<()> {
        for (i, item) in items.iter().enumerate() {
            let env = Self::env(item, items, items.len() - 1 - i);
            let kind = format!("manual-auth-hook (for {})", item.domain);
            out.step(&format!("running the manual auth hook for {}", item.domain));
            let done = hooks::execute(&kind, &self.hooks.auth, &env, hooks::limit())?;
            // Counted before the status: a hook that failed half-way may have done something.
            self.done.push((item.clone(), done.stdout.clone()));
            if !done.stderr.trim().is_empty() {
                out.detail(done.stderr.trim_end());
            }
            if !done.status.success() {
                bail!(
                    "the manual auth hook {:?} {} for {}{}",
                    self.hooks.auth,
                    done.describe(),
                    item.domain,
                    stderr_tail(&done.stderr)
                );
            }
        }
        Ok(())
    }

    fn cleanup(&mut self, out: &Printer) -> Result<()> {
        let done = std::mem::take(&mut self.done);
        let Some(cmd) = self.hooks.cleanup.clone() else {
            return Ok(());
        };
        let items: Vec<Item> = done.iter().map(|(i, _)| i.clone()).collect();
        let mut failed = Vec::new();
        for (i, (item, output)) in done.iter().enumerate() {
            let mut env = Self::env(item, &items, items.len() - 1 - i);
            env.push((
                "CERTBOT_AUTH_OUTPUT",
                output.trim_end_matches('\n').to_string(),
            ));
            let kind = format!("manual-cleanup-hook (for {})", item.domain);
            out.detail(&format!(
                "running the manual cleanup hook for {}",
                item.domain
            ));
            match hooks::execute(&kind, &cmd, &env, hooks::limit()) {
                Ok(d) if d.status.success() => {}
                Ok(d) => failed.push(format!(
                    "the manual cleanup hook {cmd:?} {} for {}{}",
                    d.describe(),
                    item.domain,
                    stderr_tail(&d.stderr)
                )),
                Err(e) => failed.push(format!("{e:#}")),
            }
        }
        if !failed.is_empty() {
            bail!("{}", failed.join("\n"));
        }
        Ok(())
    }
}

fn stderr_tail(stderr: &str) -> String {
    let s = stderr.trim_end();
    if s.is_empty() {
        String::new()
    } else {
        format!("; its stderr:\n  {}", s.replace('\n', "\n  "))
    }
}

/// http-01 through the hooks: the auth hook serves `CERTBOT_VALIDATION` at
/// `/.well-known/acme-challenge/$CERTBOT_TOKEN`.
pub struct ManualHttp<'a> {
    runner: Runner,
    out: &'a Printer,
}

impl<'a> ManualHttp<'a> {
    pub fn new(hooks: ManualHooks, out: &'a Printer) -> ManualHttp<'a> {
        ManualHttp {
            runner: Runner {
                hooks,
                done: Vec::new(),
            },
            out,
        }
    }
}

impl Solver for ManualHttp<'_> {
    fn challenge_type(&self) -> &'static str {
        "http-01"
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        let items: Vec<Item> = tasks
            .iter()
            .map(|t| Item {
                domain: t.identifier.value(),
                validation: t.key_authorization.clone(),
                token: Some(t.token.clone()),
            })
            .collect();
        self.runner.auth(&items, self.out)
    }

    fn describe(&self, task: &Task) -> String {
        super::http01_url(&task.identifier, &task.token)
    }

    fn cleanup(&mut self) -> Result<()> {
        self.runner.cleanup(self.out)
    }
}

/// dns-01 through the hooks: the auth hook creates the TXT record `_acme-challenge.$CERTBOT_DOMAIN`
/// with `CERTBOT_VALIDATION`; acme then waits for it to propagate, as for every dns-01 method.
pub struct ManualDns {
    runner: Runner,
}

impl ManualDns {
    pub fn new(hooks: ManualHooks) -> ManualDns {
        ManualDns {
            runner: Runner {
                hooks,
                done: Vec::new(),
            },
        }
    }
}

impl Publisher for ManualDns {
    fn add(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()> {
        let items: Vec<Item> = records
            .iter()
            .map(|r| Item {
                domain: r.domain.clone(),
                validation: r.value.clone(),
                token: None,
            })
            .collect();
        self.runner.auth(&items, out)
    }

    fn remove(&mut self, _records: &[DnsRecord], out: &Printer) -> Result<()> {
        self.runner.cleanup(out)
    }

    fn removes(&self) -> bool {
        self.runner.hooks.cleanup.is_some()
    }
}

/// certbot's `--preferred-challenges` spellings (`http`, `http-01`, `dns`, `dns-01`), first
/// one wins → the challenge type the manual hooks answer.
pub fn preferred(list: &[String]) -> Result<&'static str, String> {
    match list
        .first()
        .map(|s| s.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("http") | Some("http-01") => Ok("http-01"),
        Some("dns") | Some("dns-01") => Ok("dns-01"),
        Some(other) => Err(format!(
            "--preferred-challenges {other}: the manual hooks answer http-01 or dns-01"
        )),
    }
}

/// The challenge type a `method = manual` conf answers: its `preferred_challenges`, else
/// http-01 (certbot's default for manual).
pub fn preferred_in_conf(conf: &crate::storage::renewal_conf::RenewalConf) -> &'static str {
    let list: Vec<String> = conf
        .manual
        .preferred_challenges
        .as_ref()
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    preferred(&list).unwrap_or("http-01")
}
