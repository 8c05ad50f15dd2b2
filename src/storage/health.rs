//! `health/<name>.json`: what the last renewal attempts of a lineage did — when, whether they
//! worked, the CA's problem document, how many failed in a row and since when.
//!
//! One small file per lineage, apart from the renewal conf: the conf is the user's (they edit
//! it, and a failure must never rewrite their settings), this is the machine's. Written
//! atomically after every attempt; a missing file means "never failed".

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::Layout;
use super::fsutil::{PRIVATE_DIR, PUBLIC, ensure_dir, write_atomic};
use acme::protocol::Problem;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// Unix seconds of the last renewal attempt (success or failure).
    pub last_attempt: Option<i64>,
    pub last_outcome: Option<Outcome>,
    pub last_success: Option<i64>,
    pub last_failure: Option<i64>,
    /// Failures since the last success; 0 when the last attempt worked.
    #[serde(default)]
    pub consecutive_failures: u32,
    /// When the current run of failures began.
    pub first_failure: Option<i64>,
    /// What went wrong last time, as said to the user.
    pub error: Option<String>,
    /// The CA's problem document of the last failure, when it sent one.
    pub problem: Option<ProblemRecord>,
    /// The CA asked not to retry before this (a long `Retry-After`).
    pub retry_after: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Success,
    Failure,
}

/// A problem document as remembered: only what a person or a monitor needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProblemRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub detail: String,
    pub status: Option<u16>,
    pub instance: Option<String>,
    #[serde(default)]
    pub subproblems: Vec<SubproblemRecord>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SubproblemRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub detail: String,
    /// `type:value` of the identifier it is about, e.g. `dns:www.example.com`.
    pub identifier: Option<String>,
}

impl ProblemRecord {
    pub fn from_problem(p: &Problem) -> ProblemRecord {
        ProblemRecord {
            kind: p.kind.clone(),
            detail: p.detail.clone(),
            status: p.status,
            instance: p.instance.clone(),
            subproblems: p
                .subproblems
                .iter()
                .map(|s| SubproblemRecord {
                    kind: s.kind.clone(),
                    detail: s.detail.clone(),
                    identifier: s.identifier.as_ref().map(|i| {
                        let field = |k: &str| i.get(k).and_then(|v| v.as_str()).unwrap_or("");
                        format!("{}:{}", field("type"), field("value"))
                    }),
                })
                .collect(),
        }
    }

    /// The ACME error name without its URN prefix.
    pub fn short_kind(&self) -> &str {
        self.kind
            .strip_prefix("urn:ietf:params:acme:error:")
            .unwrap_or(&self.kind)
    }
}

impl Health {
    /// Records a successful renewal: the run of failures ends.
    pub fn succeeded(&mut self, now: i64) {
        self.last_attempt = Some(now);
        self.last_outcome = Some(Outcome::Success);
        self.last_success = Some(now);
        self.consecutive_failures = 0;
        self.first_failure = None;
        self.error = None;
        self.problem = None;
        self.retry_after = None;
    }

    /// Records a failed renewal with what was said and the CA's problem, if any.
    pub fn failed(&mut self, now: i64, error: String, problem: Option<&Problem>) {
        self.last_attempt = Some(now);
        self.last_outcome = Some(Outcome::Failure);
        self.last_failure = Some(now);
        if self.consecutive_failures == 0 {
            self.first_failure = Some(now);
        }
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        self.error = Some(error);
        self.problem = problem.map(ProblemRecord::from_problem);
        self.retry_after = problem
            .and_then(|p| p.retry_after)
            .map(|d| now.saturating_add(d.as_secs().min(i64::MAX as u64) as i64));
    }

    pub fn is_failing(&self) -> bool {
        self.consecutive_failures > 0
    }
}

/// The lineage's health; `Default` when it has none yet. A damaged file is an error (shown by
/// `list` and `check`), never silently reset.
pub fn load(layout: &Layout, name: &str) -> Result<Health> {
    let path = layout.health(name);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is not a health record; delete it to start afresh",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Health::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

pub fn save(layout: &Layout, name: &str, h: &Health) -> Result<()> {
    let path = layout.health(name);
    if let Some(dir) = path.parent() {
        ensure_dir(dir, PRIVATE_DIR)?;
    }
    let mut text = serde_json::to_string_pretty(h)?;
    text.push('\n');
    write_atomic(&path, text.as_bytes(), PUBLIC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn failures_count_up_and_a_success_resets_them() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        assert_eq!(load(&layout, "a").unwrap(), Health::default());
        let problem = Problem {
            kind: "urn:ietf:params:acme:error:rateLimited".into(),
            detail: "too many".into(),
            status: Some(429),
            retry_after: Some(Duration::from_secs(3600)),
            ..Problem::default()
        };
        let mut h = Health::default();
        h.failed(100, "one".into(), None);
        h.failed(200, "two".into(), Some(&problem));
        save(&layout, "a", &h).unwrap();
        let h = load(&layout, "a").unwrap();
        assert_eq!(h.consecutive_failures, 2);
        assert_eq!(h.first_failure, Some(100));
        assert_eq!(h.last_failure, Some(200));
        assert_eq!(h.retry_after, Some(3800));
        assert_eq!(h.problem.as_ref().unwrap().short_kind(), "rateLimited");
        let mut h = h;
        h.succeeded(300);
        assert_eq!(h.consecutive_failures, 0);
        assert_eq!((h.first_failure, h.problem.clone()), (None, None));
        assert_eq!(h.last_failure, Some(200), "the last failure stays known");
    }

    #[test]
    fn a_damaged_record_is_an_error_not_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        std::fs::create_dir_all(layout.health_dir()).unwrap();
        std::fs::write(layout.health("a"), "{not json").unwrap();
        let err = format!("{:#}", load(&layout, "a").unwrap_err());
        assert!(err.contains("health/a.json"), "{err}");
    }
}
