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

/// The directory object: the one URL a client is configured with, naming every other endpoint
/// ([RFC 8555 §7.1.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.1)). Every request URL
/// comes from here; none is built by hand, because CAs choose their own paths.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Directory {
    /// `newNonce`: where a fresh anti-replay nonce is fetched with HEAD
    /// ([RFC 8555 §7.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.2)).
    pub new_nonce: String,
    /// `newAccount`: creates an account, or finds the one of a key
    /// ([RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3)).
    pub new_account: String,
    /// `newOrder`: where certificate orders are placed
    /// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)).
    pub new_order: String,
    /// `revokeCert` ([RFC 8555 §7.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.6)); optional
    /// here so that a CA without it can still issue.
    pub revoke_cert: Option<String>,
    /// `keyChange`: account key rollover
    /// ([RFC 8555 §7.3.5](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.5)); optional here, as
    /// for `revokeCert`.
    pub key_change: Option<String>,
    /// `renewalInfo`: ACME Renewal Information
    /// ([RFC 9773 §3](https://www.rfc-editor.org/rfc/rfc9773#section-3)); absent when the CA offers
    /// no ARI.
    pub renewal_info: Option<String>,
    /// `meta`: optional in the directory; empty when the CA sends none.
    #[serde(default)]
    pub meta: DirectoryMeta,
}

/// The directory's `meta` object
/// ([RFC 8555 §7.1.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.1)): what the user must
/// see or do before an account is created.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryMeta {
    /// `termsOfService`: the URL of the current terms, shown to the user before they agree
    /// (`termsOfServiceAgreed`,
    /// [RFC 8555 §7.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.3)).
    pub terms_of_service: Option<String>,
    /// `website`: a page about the CA, for humans.
    pub website: Option<String>,
    /// `externalAccountRequired`: newAccount must carry an External Account Binding
    /// ([RFC 8555 §7.3.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.4)).
    #[serde(default)]
    pub external_account_required: bool,
    /// draft-ietf-acme-profiles: name → description.
    #[serde(default)]
    pub profiles: BTreeMap<String, String>,
}

/// The `status` of an account, order, authorization or challenge
/// ([RFC 8555 §7.1.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.6)); a status this client
/// does not know is kept as text, not rejected.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for the client: an order with authorizations left, an authorization without a
    /// valid challenge, a challenge not yet answered.
    Pending,
    /// An order whose authorizations are all valid: it may be finalized now.
    Ready,
    /// The CA is at work: validating a challenge, or issuing after finalize.
    Processing,
    /// Done: a challenge passed, an authorization holds, an order's certificate is issued, an
    /// account is usable.
    Valid,
    /// Failed for good; the order's or challenge's `error` says why.
    Invalid,
    /// Given up by the client (an account,
    /// [RFC 8555 §7.3.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.3.6); an authorization,
    /// [RFC 8555 §7.5.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.5.2)). Pebble also
    /// reports orders as `deactivated`, outside the RFC.
    Deactivated,
    /// An authorization past its `expires` time.
    Expired,
    /// An authorization the CA withdrew.
    Revoked,
    /// A status this client does not know, as the CA spelled it, so that an error can name it.
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

/// An order object: one application for a certificate and how far it has got
/// ([RFC 8555 §7.1.3](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.3)).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// `status`: pending → ready → processing → valid, or invalid.
    pub status: Status,
    /// `identifiers`, kept raw so that one of a type this client does not know cannot make the
    /// whole order unreadable; [`Order::identifiers()`] gives the known ones.
    #[serde(default)]
    pub identifiers: Vec<Value>,
    /// `authorizations`: URLs of the authorizations to complete before finalizing (for a final
    /// order, the ones that were completed).
    #[serde(default)]
    pub authorizations: Vec<String>,
    /// `finalize`: where the CSR is POSTed once the order is `ready`
    /// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)).
    pub finalize: String,
    /// `certificate`: where the issued chain is fetched once the order is `valid`
    /// ([RFC 8555 §7.4.2](https://www.rfc-editor.org/rfc/rfc8555#section-7.4.2)).
    pub certificate: Option<String>,
    /// `error`: why the order failed, when it is `invalid`.
    pub error: Option<Problem>,
}

impl Order {
    /// The order's identifiers of the types this client knows (`dns`, `ip`), DNS names in
    /// lower case; others are left out.
    pub fn identifiers(&self) -> Vec<Identifier> {
        self.identifiers
            .iter()
            .filter_map(Identifier::from_json)
            .collect()
    }
}

/// An authorization object: the CA's record of the account proving control of one identifier
/// ([RFC 8555 §7.1.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.4)).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorization {
    /// `identifier`: `{"type", "value"}`; for a wildcard, the base domain without `*.` (see
    /// [`Authorization::name`]).
    pub identifier: Value,
    /// `status`: valid once one challenge has passed.
    pub status: Status,
    /// `challenges`: the ways offered to prove control while pending (one suffices); the one
    /// that passed once valid.
    #[serde(default)]
    pub challenges: Vec<Challenge>,
    /// `wildcard`: the order asked for `*.` + this identifier; CAs then offer only dns-01.
    #[serde(default)]
    pub wildcard: bool,
}

impl Authorization {
    /// The name this authorization proves control of, as the certificate will carry it (`*.`
    /// restored for wildcard authorizations,
    /// [RFC 8555 §7.1.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.1.4)).
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

    /// The challenge of type `kind` (`http-01`, `dns-01`, `tls-alpn-01`, …), if the CA offers it.
    pub fn challenge(&self, kind: &str) -> Option<&Challenge> {
        self.challenges.iter().find(|c| c.kind == kind)
    }
}

/// A challenge object: one way the CA offers to validate an identifier
/// ([RFC 8555 §8](https://www.rfc-editor.org/rfc/rfc8555#section-8)).
#[derive(Clone, Debug, Deserialize)]
pub struct Challenge {
    /// `type`: `http-01` ([RFC 8555 §8.3](https://www.rfc-editor.org/rfc/rfc8555#section-8.3)),
    /// `dns-01` ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4)),
    /// `tls-alpn-01` ([RFC 8737 §3](https://www.rfc-editor.org/rfc/rfc8737#section-3)), or one this
    /// client does not know ([`ChallengeType::Other`](super::challenge::ChallengeType::Other)).
    #[serde(rename = "type")]
    pub kind: super::challenge::ChallengeType,
    /// `url`: POST `{}` here to ask the CA to validate
    /// ([RFC 8555 §7.5.1](https://www.rfc-editor.org/rfc/rfc8555#section-7.5.1)).
    pub url: String,
    /// `token`: the CA's random part of the key authorization
    /// ([RFC 8555 §8.1](https://www.rfc-editor.org/rfc/rfc8555#section-8.1)). Untrusted: it names a
    /// file for http-01, so check it with [`valid_token`](super::jws::valid_token) first.
    pub token: Option<String>,
    /// `status`: pending → processing → valid or invalid.
    pub status: Status,
    /// `error`: why validation failed, when `invalid`.
    pub error: Option<Problem>,
    /// dns-persist-01: the names the CA accepts in the record, as in its CAA `issue` values.
    #[serde(rename = "issuer-domain-names", default)]
    pub issuer_domain_names: Vec<String>,
}

/// A problem document (`application/problem+json`, RFC 7807) as ACME uses it for every error
/// ([RFC 8555 §6.7](https://www.rfc-editor.org/rfc/rfc8555#section-6.7)). Its text comes from the
/// CA: [`Display`](fmt::Display) escapes it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Problem {
    /// `type`: a URI; ACME's own are `urn:ietf:params:acme:error:…` (see
    /// [`Problem::short_kind`]).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// `detail`: the CA's explanation for humans.
    #[serde(default)]
    pub detail: String,
    /// `status`: the HTTP status code, when the CA repeats it here.
    pub status: Option<u16>,
    /// `instance`: a URL for the user to visit, e.g. new terms on `userActionRequired`.
    pub instance: Option<String>,
    /// `subproblems`: one error per identifier of a request about several
    /// ([RFC 8555 §6.7.1](https://www.rfc-editor.org/rfc/rfc8555#section-6.7.1)).
    #[serde(default)]
    pub subproblems: Vec<Subproblem>,
    /// Set by the transport from the reply's `Retry-After`.
    #[serde(skip)]
    pub retry_after: Option<Duration>,
}

/// The error about one identifier inside a [`Problem`]
/// ([RFC 8555 §6.7.1](https://www.rfc-editor.org/rfc/rfc8555#section-6.7.1)).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Subproblem {
    /// `type`, as in [`Problem::kind`].
    #[serde(rename = "type", default)]
    pub kind: String,
    /// `detail`: the CA's explanation for humans.
    #[serde(default)]
    pub detail: String,
    /// `identifier`: the `{"type", "value"}` this error is about.
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

    /// Whether this is the ACME error `short` (`is("badNonce")`). Branch on this, not on the
    /// HTTP status, where CAs differ (a deactivated account's `unauthorized` is 401 in the RFC,
    /// 403 at Pebble).
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
