//! dns-persist-01 ([`DRAFT`]): one lasting TXT record at `_validation-persist.<name>` names the
//! CA (one of the challenge's `issuer-domain-names`) and the account, and authorizes issuance
//! from then on. It is published once — through the DNS hook or RFC 2136, or by the user from
//! the record acme prints — and later issuances only read it on the zone's authoritative servers
//! before answering the challenge: no DNS write at renewal, and nothing is removed.

use anyhow::{Result, bail};
use std::collections::BTreeSet;
use std::time::Duration;

use super::dns::{DnsRecord, Publisher, as_records};
use super::{Solver, Task};
use crate::challenges::propagation;
use crate::cli::output::Printer;

/// The draft this client follows. The record format has changed between drafts (draft-01 added
/// `accounturi`; a later one may hash it): this is the one place to change.
pub const DRAFT: &str = "draft-ietf-acme-dns-persist-01";
pub const CHALLENGE: &str = "dns-persist-01";
const LABEL: &str = "_validation-persist";

/// `_validation-persist.<name>`; a wildcard uses its base name.
pub fn record_name(identifier: &str) -> String {
    format!(
        "{LABEL}.{}",
        identifier.strip_prefix("*.").unwrap_or(identifier)
    )
}

/// `<issuer-domain-name>; accounturi=<account URL>`, plus `; policy=wildcard` for a wildcard
/// and `; persistUntil=<Unix seconds>` when the record is to expire.
pub fn record_value(issuer: &str, account_url: &str, wildcard: bool, until: Option<i64>) -> String {
    let policy = if wildcard { "; policy=wildcard" } else { "" };
    let until = until
        .map(|t| format!("; persistUntil={t}"))
        .unwrap_or_default();
    format!("{issuer}; accounturi={account_url}{policy}{until}")
}

/// `acme list` warns this long before persistUntil.
const UNTIL_WARNING: i64 = 30 * 86400;

/// A warning when the lasting record stops authorizing issuance soon (or before the next
/// renewal): after persistUntil the CA refuses it, and renewals fail until a new one exists.
pub fn until_warning(now: i64, until: i64, next_renewal: i64) -> Option<String> {
    let when = acme::time::format_rfc3339(until);
    if until <= now {
        Some(format!(
            "its {CHALLENGE} record stopped authorizing issuance at {when} (persistUntil): publish a new one, e.g. `acme issue --force --dns-persist --dns-persist-until …`"
        ))
    } else if until - now < UNTIL_WARNING || until < next_renewal {
        Some(format!(
            "its {CHALLENGE} record authorizes issuance only until {when} (persistUntil): publish a new one before then"
        ))
    } else {
        None
    }
}

/// The record a task needs, naming the CA's first issuer domain name.
pub fn record_for(task: &Task, until: Option<i64>) -> Result<DnsRecord> {
    let domain = task.identifier.value();
    let Some(p) = &task.persist else {
        bail!("{domain}: the CA sent no dns-persist-01 details");
    };
    let Some(issuer) = p.issuer_domain_names.first() else {
        bail!("{domain}: the CA's dns-persist-01 challenge names no issuer");
    };
    Ok(DnsRecord {
        txt_name: record_name(&domain),
        value: record_value(issuer, &p.account_url, domain.starts_with("*."), until),
        domain,
        alias: None,
    })
}

pub struct PersistSolver<'a> {
    pub publisher: Box<dyn Publisher>,
    /// The user creates the records (`--dns-persist` without a hook or RFC 2136).
    pub by_hand: bool,
    pub persist_until: Option<i64>,
    pub propagation: Result<propagation::Settings>,
    pub out: &'a Printer,
}

impl Solver for PersistSolver<'_> {
    fn challenge_type(&self) -> &'static str {
        CHALLENGE
    }

    fn present(&mut self, tasks: &[Task]) -> Result<()> {
        let settings = match &self.propagation {
            Ok(s) => s.clone(),
            Err(e) => return Err(anyhow::anyhow!("{e:#}")),
        };
        let mut seen = BTreeSet::new();
        let mut records = Vec::new();
        for t in tasks {
            let r = record_for(t, self.persist_until)?;
            if seen.insert((r.txt_name.clone(), r.value.clone())) {
                records.push(r);
            }
        }
        // Read-only first: one look at the authoritative servers (or --dns-resolver).
        let look = propagation::Settings {
            timeout: Duration::ZERO,
            ..settings.clone()
        };
        let missing: Vec<DnsRecord> = records
            .iter()
            .filter(|r| {
                propagation::wait_visible(&look, &as_records(std::slice::from_ref(r)), self.out)
                    .is_err()
            })
            .cloned()
            .collect();
        if missing.is_empty() {
            self.out.step(&format!(
                "The lasting {CHALLENGE} record(s) are in place: nothing to publish"
            ));
            return Ok(());
        }
        let lines: Vec<String> = missing.iter().map(DnsRecord::zone_line).collect();
        if self.by_hand && !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            bail!(
                "create these lasting TXT records once ({CHALLENGE}, {DRAFT}); later issuances and renewals only read them:\n  {}\nthen run the command again (or let acme publish them once with --dns-hook or --dns-rfc2136)",
                lines.join("\n  ")
            );
        }
        self.out.step(&format!(
            "Publishing {} lasting TXT record(s) once",
            missing.len()
        ));
        self.publisher.add(&missing, self.out)?;
        self.out.step("Waiting for the DNS records to propagate");
        propagation::wait_visible(&settings, &as_records(&missing), self.out)
    }

    fn describe(&self, task: &Task) -> String {
        match record_for(task, self.persist_until) {
            Ok(r) => format!("the TXT record {} (expected \"{}\")", r.txt_name, r.value),
            Err(e) => format!("{e:#}"),
        }
    }

    /// The records stay: they are what authorizes the next issuance.
    fn cleanup(&mut self) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_names_the_ca_and_the_account() {
        assert_eq!(
            record_name("*.example.com"),
            "_validation-persist.example.com"
        );
        assert_eq!(
            record_name("www.example.com"),
            "_validation-persist.www.example.com"
        );
        assert_eq!(
            record_value("letsencrypt.org", "https://ca/acct/1", false, None),
            "letsencrypt.org; accounturi=https://ca/acct/1"
        );
        assert_eq!(
            record_value(
                "letsencrypt.org",
                "https://ca/acct/1",
                true,
                Some(1800000000)
            ),
            "letsencrypt.org; accounturi=https://ca/acct/1; policy=wildcard; persistUntil=1800000000"
        );
    }

    #[test]
    fn list_warns_before_persist_until() {
        let day = 86400;
        assert_eq!(until_warning(0, 90 * day, 10 * day), None);
        let soon = until_warning(0, 20 * day, 10 * day).unwrap();
        assert!(soon.contains("only until"), "{soon}");
        let before_renewal = until_warning(0, 40 * day, 60 * day).unwrap();
        assert!(before_renewal.contains("only until"), "{before_renewal}");
        let past = until_warning(10 * day, 5 * day, 20 * day).unwrap();
        assert!(past.contains("stopped authorizing"), "{past}");
    }
}
