//! RFC 8555 wire objects: the directory, orders, authorizations, challenges and problem documents.
//! Unknown fields are ignored (CAs add their own) and unknown statuses are kept, not rejected, so
//! that the caller can say what the CA answered.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use crate::escape::escape;
use crate::identifiers::Identifier;

/// RFC 8555 §7.1.1.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Directory {
    pub new_nonce: String,
    pub new_account: String,
    pub new_order: String,
    pub revoke_cert: Option<String>,
    pub key_change: Option<String>,
    /// RFC 9773 (ARI).
    pub renewal_info: Option<String>,
    #[serde(default)]
    pub meta: DirectoryMeta,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryMeta {
    pub terms_of_service: Option<String>,
    pub website: Option<String>,
    #[serde(default)]
    pub external_account_required: bool,
    /// draft-ietf-acme-profiles: name → description.
    #[serde(default)]
    pub profiles: BTreeMap<String, String>,
}

/// The statuses of RFC 8555 §7.1.6 that matter to a client; anything else is kept as text.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Ready,
    Processing,
    Valid,
    Invalid,
    Deactivated,
    Expired,
    Revoked,
    #[serde(untagged)]
    Other(String),
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Status::Pending => "pending",
            Status::Ready => "ready",
            Status::Processing => "processing",
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Deactivated => "deactivated",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Other(s) => return f.write_str(&escape(s)),
        };
        f.write_str(s)
    }
}

/// RFC 8555 §7.1.3.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub status: Status,
    #[serde(default)]
    pub identifiers: Vec<Value>,
    #[serde(default)]
    pub authorizations: Vec<String>,
    pub finalize: String,
    pub certificate: Option<String>,
    pub error: Option<Problem>,
}

impl Order {
    pub fn identifiers(&self) -> Vec<Identifier> {
        self.identifiers
            .iter()
            .filter_map(Identifier::from_json)
            .collect()
    }
}

/// RFC 8555 §7.1.4.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    pub identifier: Value,
    pub status: Status,
    #[serde(default)]
    pub challenges: Vec<Challenge>,
    #[serde(default)]
    pub wildcard: bool,
}

impl Authorization {
    /// The name this authorization proves control of, as the certificate will carry it
    /// (`*.` restored for wildcard authorizations, RFC 8555 §7.1.4).
    pub fn name(&self) -> String {
        let base = self
            .identifier
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_ascii_lowercase();
        if self.wildcard {
            format!("*.{base}")
        } else {
            base
        }
    }

    pub fn challenge(&self, kind: &str) -> Option<&Challenge> {
        self.challenges.iter().find(|c| c.kind == kind)
    }
}

/// RFC 8555 §8.
#[derive(Clone, Debug, Deserialize)]
pub struct Challenge {
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
    pub token: Option<String>,
    pub status: Status,
    pub error: Option<Problem>,
    /// dns-persist-01: the names the CA accepts in the record, as in its CAA `issue` values.
    #[serde(rename = "issuer-domain-names", default)]
    pub issuer_domain_names: Vec<String>,
}

/// An RFC 7807 problem document as ACME uses it (RFC 8555 §6.7).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Problem {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub detail: String,
    pub status: Option<u16>,
    pub instance: Option<String>,
    #[serde(default)]
    pub subproblems: Vec<Subproblem>,
    /// Set by the transport from the reply's `Retry-After`.
    #[serde(skip)]
    pub retry_after: Option<Duration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Subproblem {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub detail: String,
    pub identifier: Option<Value>,
}

const ACME_ERROR_PREFIX: &str = "urn:ietf:params:acme:error:";

impl Problem {
    /// The ACME error name without its URN prefix (`badNonce`, `rateLimited`, …).
    pub fn short_kind(&self) -> &str {
        self.kind
            .strip_prefix(ACME_ERROR_PREFIX)
            .unwrap_or(&self.kind)
    }

    pub fn is(&self, short: &str) -> bool {
        self.short_kind() == short
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = if self.detail.is_empty() {
            "(no detail given)"
        } else {
            &self.detail
        };
        write!(f, "{} [{}", escape(detail), escape(self.short_kind()))?;
        if let Some(status) = self.status {
            write!(f, ", HTTP {status}")?;
        }
        f.write_str("]")?;
        for sub in &self.subproblems {
            let who = sub
                .identifier
                .as_ref()
                .and_then(|i| i.get("value"))
                .and_then(Value::as_str)
                .unwrap_or("?");
            let kind = sub
                .kind
                .strip_prefix(ACME_ERROR_PREFIX)
                .unwrap_or(&sub.kind);
            write!(
                f,
                "\n  - {}: {} [{}]",
                escape(who),
                escape(&sub.detail),
                escape(kind)
            )?;
        }
        if let Some(instance) = &self.instance {
            write!(f, "\n  see {}", escape(instance))?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8555 §6.7.1's example, with per-identifier subproblems.
    #[test]
    fn problem_with_subproblems_is_parsed_and_shown_whole() {
        let body = r#"{
            "type": "urn:ietf:params:acme:error:malformed",
            "detail": "Some of the identifiers requested were rejected",
            "subproblems": [
                {"type": "urn:ietf:params:acme:error:malformed",
                 "detail": "Invalid underscore in DNS name \"_example.org\"",
                 "identifier": {"type": "dns", "value": "_example.org"}},
                {"type": "urn:ietf:params:acme:error:rejectedIdentifier",
                 "detail": "This CA will not issue for \"example.net\"",
                 "identifier": {"type": "dns", "value": "example.net"}}
            ]}"#;
        let p: Problem = serde_json::from_str(body).unwrap();
        assert!(p.is("malformed"));
        assert_eq!(p.subproblems.len(), 2);
        let shown = p.to_string();
        assert!(
            shown.contains("Some of the identifiers requested were rejected [malformed]"),
            "{shown}"
        );
        assert!(shown.contains(
            "example.net: This CA will not issue for \"example.net\" [rejectedIdentifier]"
        ));
    }

    /// A CA's escape sequences and newlines in a problem are shown, not obeyed.
    #[test]
    fn problem_text_from_the_ca_is_escaped() {
        let p: Problem = serde_json::from_str(
            r#"{"type":"urn:ietf:params:acme:error:x\u001b[2J","detail":"no\nCertificate issued\u001b]0;t\u0007",
                "subproblems":[{"type":"y","detail":"\u009b1m","identifier":{"value":"a\rb"}}],
                "instance":"https://ca/\u001b[8m"}"#,
        )
        .unwrap();
        let shown = p.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert_eq!(shown.lines().count(), 3, "{shown}");
        assert!(
            shown.contains("no\\u{a}Certificate issued\\u{1b}]0;t\\u{7}"),
            "{shown}"
        );
    }

    #[test]
    fn unknown_statuses_and_fields_are_tolerated() {
        let body = r#"{"status":"deactivated","finalize":"https://ca/f","identifiers":[{"type":"dns","value":"A.example"}],
                       "authorizations":[],"zzRandomKey":1}"#;
        let o: Order = serde_json::from_str(body).unwrap();
        assert_eq!(o.status, Status::Deactivated);
        assert_eq!(o.identifiers(), vec![Identifier::Dns("a.example".into())]);
        let weird: Status = serde_json::from_str("\"sleeping\"").unwrap();
        assert_eq!(weird, Status::Other("sleeping".into()));
    }

    #[test]
    fn directory_with_optional_parts_missing_parses() {
        let d: Directory = serde_json::from_str(
            r#"{"newNonce":"https://ca/n","newAccount":"https://ca/a","newOrder":"https://ca/o","k8sRandom":"x"}"#,
        )
        .unwrap();
        assert!(d.meta.terms_of_service.is_none() && d.renewal_info.is_none());
    }
}
