//! Certificate revocation ([RFC 8555 §7.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.6)) and
//! the CRL reason codes it carries
//! ([RFC 5280 §5.3.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1)).

use crate::error::{Context, Result};
use serde_json::json;

use super::{Client, Problem, Signer};
use crate::crypto::b64url;

/// [RFC 5280 §5.3.1](https://www.rfc-editor.org/rfc/rfc5280#section-5.3.1) CRLReason names and
/// codes (7 is unused).
pub const REASONS: [(&str, u8); 10] = [
    ("unspecified", 0),
    ("keyCompromise", 1),
    ("cACompromise", 2),
    ("affiliationChanged", 3),
    ("superseded", 4),
    ("cessationOfOperation", 5),
    ("certificateHold", 6),
    ("removeFromCRL", 8),
    ("privilegeWithdrawn", 9),
    ("aACompromise", 10),
];

/// A reason given by name (any case) or number → its code, or a message listing the valid ones.
pub fn parse_reason(s: &str) -> std::result::Result<u8, String> {
    let s = s.trim();
    let found = match s.parse::<u8>() {
        Ok(n) => REASONS.iter().find(|(_, code)| *code == n),
        Err(_) => REASONS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s)),
    };
    found.map(|(_, code)| *code).ok_or_else(|| {
        let valid: Vec<String> = REASONS
            .iter()
            .map(|(name, code)| format!("{name} ({code})"))
            .collect();
        format!(
            "unknown revocation reason {s:?}; use one of: {}",
            valid.join(", ")
        )
    })
}

/// The RFC 5280 name of a reason code.
pub fn reason_name(code: u8) -> &'static str {
    REASONS
        .iter()
        .find(|(_, c)| *c == code)
        .map_or("unknown", |(name, _)| name)
}

/// The reasons a CA is known to accept, when it accepts fewer than RFC 5280 lists.
pub fn known_accepted_reasons(directory_url: &str) -> Option<&'static [u8]> {
    crate::known_cas::by_directory(directory_url)?.revocation_reasons
}

/// How a revocation request ended, short of an error.
#[derive(Debug)]
pub enum Revocation {
    /// The CA revoked the certificate in answer to this request.
    Revoked,
    /// [RFC 8555 §7.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.6): `alreadyRevoked` — the
    /// goal is reached, by an earlier request.
    AlreadyRevoked(Problem),
}

/// revokeCert ([RFC 8555 §7.6](https://www.rfc-editor.org/rfc/rfc8555#section-7.6)):
/// `{"certificate": base64url(DER), "reason": n}`, signed by the account (`kid`) or by the
/// certificate's own key (`jwk`). `reason` is left out when not given (the CA then records 0,
/// unspecified).
pub fn revoke(
    client: &Client,
    signer: &Signer,
    cert_der: &[u8],
    reason: Option<u8>,
) -> Result<Revocation> {
    let url = client.directory.revoke_cert.as_deref().context(
        "this CA's directory has no revokeCert URL: it does not support revocation over ACME",
    )?;
    let mut payload = json!({ "certificate": b64url(cert_der) });
    if let Some(r) = reason {
        payload["reason"] = json!(r);
    }
    match client.post(url, &payload, signer) {
        Ok(_) => Ok(Revocation::Revoked),
        Err(e) => match e.problem() {
            Some(p) if p.is("alreadyRevoked") => Ok(Revocation::AlreadyRevoked(p.clone())),
            _ => Err(e.context("revoking the certificate failed")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_by_name_or_number() {
        let cases: [(&str, Result<u8, ()>); 14] = [
            ("unspecified", Ok(0)),
            ("keyCompromise", Ok(1)),
            ("keycompromise", Ok(1)),
            ("cACompromise", Ok(2)),
            ("affiliationChanged", Ok(3)),
            ("superseded", Ok(4)),
            ("cessationOfOperation", Ok(5)),
            ("10", Ok(10)),
            (" 4 ", Ok(4)),
            ("7", Err(())),
            ("11", Err(())),
            ("-1", Err(())),
            ("stolen", Err(())),
            ("", Err(())),
        ];
        for (input, want) in cases {
            assert_eq!(parse_reason(input).map_err(|_| ()), want, "{input:?}");
        }
        let msg = parse_reason("stolen").unwrap_err();
        assert!(
            msg.contains("keyCompromise (1)") && msg.contains("aACompromise (10)"),
            "{msg}"
        );
        assert_eq!(reason_name(5), "cessationOfOperation");
    }

    #[test]
    fn lets_encrypt_is_known_to_accept_fewer_reasons() {
        for (url, limited) in [
            ("https://acme-v02.api.letsencrypt.org/directory", true),
            (
                "https://acme-staging-v02.api.letsencrypt.org/directory",
                true,
            ),
            ("https://localhost:14000/dir", false),
            ("https://letsencrypt.org.evil.example/dir", false),
        ] {
            assert_eq!(known_accepted_reasons(url).is_some(), limited, "{url}");
        }
    }
}
