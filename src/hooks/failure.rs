//! The failure hook (`--failure-hook`, saved as `failure_hook`): a command run through the one
//! hook runner ([`crate::hooks::run`]) when a renewal of a lineage fails, and once when it
//! works again after failures, so that a mail or chat alert is one line of shell. certbot has
//! none; cron mail only reaches someone when cron's mail does.
//!
//! Environment (besides the runner's scrubbed one):
//!
//! | variable | value |
//! | --- | --- |
//! | `ACME_EVENT` | `failure` or `recovery` |
//! | `ACME_CERT_NAME`, `ACME_DOMAINS` | the lineage and its names (space-separated) |
//! | `ACME_SERVER` | the CA's directory URL |
//! | `ACME_CONSECUTIVE_FAILURES` | failures in a row (0 on recovery) |
//! | `ACME_FIRST_FAILURE`, `ACME_LAST_FAILURE` | RFC 3339 times of this run of failures |
//! | `ACME_ERROR` | what failed, as acme says it |
//! | `ACME_PROBLEM_TYPE`, `ACME_PROBLEM_DETAIL` | the CA's problem document, when it sent one |
//! | `ACME_PROBLEM_SUBPROBLEMS` | one line per subproblem: `identifier type: detail` |
//! | `ACME_ACTION_NEEDED` | what a person must do (new terms, unpause link), when the CA says so |
//! | `ACME_NOT_AFTER` | when the live certificate expires |
//!
//! The CA's words are untrusted text: they reach the hook only as variable values (never in
//! the command line), and NUL bytes, which no environment can hold, are dropped.

use anyhow::Result;

use crate::renewing::backoff;
use crate::storage::health::Health;
use acme::time;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Failure,
    Recovery,
}

/// What the hook is told about one lineage.
pub struct Details<'a> {
    pub event: Event,
    pub name: &'a str,
    pub domains: &'a [String],
    pub server: &'a str,
    pub not_after: i64,
    /// The record after this attempt; for a recovery, the one before it (the failures that ended).
    pub health: &'a Health,
}

/// The hook's environment, pure so it can be tested without a shell.
pub fn environment(d: &Details) -> Vec<(&'static str, String)> {
    let h = d.health;
    let at = |t: Option<i64>| t.map(time::format_rfc3339).unwrap_or_default();
    let clean = |s: &str| s.replace('\0', "");
    let problem = h.problem.as_ref();
    let mut env = vec![
        (
            "ACME_EVENT",
            match d.event {
                Event::Failure => "failure",
                Event::Recovery => "recovery",
            }
            .to_string(),
        ),
        ("ACME_CERT_NAME", d.name.to_string()),
        ("ACME_DOMAINS", d.domains.join(" ")),
        ("ACME_SERVER", d.server.to_string()),
        ("ACME_NOT_AFTER", time::format_rfc3339(d.not_after)),
        ("ACME_FIRST_FAILURE", at(h.first_failure)),
        ("ACME_LAST_FAILURE", at(h.last_failure)),
    ];
    let (failures, error) = match d.event {
        Event::Failure => (h.consecutive_failures, h.error.as_deref().unwrap_or("")),
        Event::Recovery => (0, ""),
    };
    env.push(("ACME_CONSECUTIVE_FAILURES", failures.to_string()));
    env.push(("ACME_ERROR", clean(error)));
    let (kind, detail, subs, action) = match (d.event, problem) {
        (Event::Failure, Some(p)) => (
            clean(&p.kind),
            clean(&p.detail),
            p.subproblems
                .iter()
                .map(|s| {
                    clean(&format!(
                        "{} {}: {}",
                        s.identifier.as_deref().unwrap_or("?"),
                        s.kind,
                        s.detail.replace('\n', " ")
                    ))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            backoff::action_needed(p, d.name).unwrap_or_default(),
        ),
        _ => Default::default(),
    };
    env.push(("ACME_PROBLEM_TYPE", kind));
    env.push(("ACME_PROBLEM_DETAIL", detail));
    env.push(("ACME_PROBLEM_SUBPROBLEMS", subs));
    env.push(("ACME_ACTION_NEEDED", clean(&action)));
    env
}

/// Runs the hook; its failure is returned for the caller to report with the lineage.
pub fn run(cmd: &str, d: &Details) -> Result<()> {
    let env = environment(d);
    let env: Vec<(&str, String)> = env.into_iter().collect();
    crate::hooks::run("failure-hook", cmd, &env)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::health::{ProblemRecord, SubproblemRecord};

    #[test]
    fn the_environment_carries_the_problem_and_recovery_clears_it() {
        let mut h = Health::default();
        h.failed(1000, "validation failed".into(), None);
        h.problem = Some(ProblemRecord {
            kind: "urn:ietf:params:acme:error:rejectedIdentifier".into(),
            detail: "no\0 way".into(),
            subproblems: vec![SubproblemRecord {
                kind: "urn:ietf:params:acme:error:caa".into(),
                detail: "CAA forbids".into(),
                identifier: Some("dns:b.example".into()),
            }],
            ..ProblemRecord::default()
        });
        let domains = ["a.example".to_string(), "b.example".to_string()];
        let mut d = Details {
            event: Event::Failure,
            name: "a.example",
            domains: &domains,
            server: "https://ca/dir",
            not_after: 0,
            health: &h,
        };
        let get =
            |env: &[(&str, String)], k: &str| env.iter().find(|(n, _)| *n == k).unwrap().1.clone();
        let env = environment(&d);
        assert_eq!(get(&env, "ACME_EVENT"), "failure");
        assert_eq!(get(&env, "ACME_DOMAINS"), "a.example b.example");
        assert_eq!(get(&env, "ACME_CONSECUTIVE_FAILURES"), "1");
        assert_eq!(get(&env, "ACME_PROBLEM_DETAIL"), "no way");
        assert_eq!(
            get(&env, "ACME_PROBLEM_SUBPROBLEMS"),
            "dns:b.example urn:ietf:params:acme:error:caa: CAA forbids"
        );
        d.event = Event::Recovery;
        let env = environment(&d);
        assert_eq!(get(&env, "ACME_EVENT"), "recovery");
        assert_eq!(get(&env, "ACME_CONSECUTIVE_FAILURES"), "0");
        assert_eq!(get(&env, "ACME_PROBLEM_TYPE"), "");
        assert_eq!(get(&env, "ACME_FIRST_FAILURE"), "1970-01-01T00:16:40Z");
    }
}
