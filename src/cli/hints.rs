//! What to try next, for the errors users meet most. The CA's own words are always printed too;
//! a hint only adds the likely cause and the fix.

use acme::protocol::find_problem;
use acme::time;

/// What `list` and `renew` say when the config dir holds no certificate: where they looked, and
/// for a user other than root, where root's certificates are (the most common mix-up).
pub fn nothing_found(layout: &crate::storage::Layout) -> String {
    let mut text = format!(
        "no certificates found in {}",
        layout.renewal_dir().display()
    );
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if !root && layout.root != std::path::Path::new("/etc/acme") {
        text.push_str(
            "\nacme run as root keeps its certificates in /etc/acme: run it as root (sudo acme ...) or pass --config-dir /etc/acme",
        );
    }
    text
}

/// Whether the error came from a newAccount request (its context says so, first in the
/// library's error).
fn in_account_creation(err: &anyhow::Error) -> bool {
    const CONTEXT: &str = "creating the account failed";
    err.chain().any(|e| {
        let text = e.to_string();
        text == CONTEXT || text.starts_with(&format!("{CONTEXT}: "))
    })
}

/// A one-paragraph hint for an error chain, if one is known.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    let validation = err
        .chain()
        .find_map(|e| e.downcast_ref::<crate::issuing::issuance::ValidationFailed>());
    if let Some(p) = find_problem(err).or(validation.and_then(|v| v.first_problem.as_ref())) {
        let retry = p.retry_after.map(|d| {
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            time::format_local(time::now().saturating_add(secs))
        });
        let h = match p.short_kind() {
            "connection" => "the CA could not connect to your server: check that port 80 (http-01) or 443 (tls-alpn-01) is open to the internet, the name's A/AAAA records point at this server, and the web root is the one actually served".into(),
            "dns" => "the CA could not look the name up in DNS: check the name's A/AAAA (or _acme-challenge TXT) records and its nameservers".into(),
            "unauthorized" | "malformed" if in_account_creation(err) => "the CA refused to create the account: check --eab-kid and --eab-hmac-key (copy them exactly from your CA's account page; each pair may be usable only once)".into(),
            "unauthorized" | "incorrectResponse" => "the CA fetched something other than the expected key authorization: check the web root (is it the directory served for this name?), redirects, and whether another server answers for the name".into(),
            "caa" => format!(
                "a CAA record on the name (or a parent) forbids this CA from issuing: add the CA's domain to it, e.g. `0 issue \"{}\"`",
                acme::known_cas::DEFAULT.caa_identity
            ),
            "rateLimited" => match retry {
                Some(t) => format!("the CA's rate limit is reached; retry after {t} (`acme limits` shows what this machine has used)"),
                None => "the CA's rate limit is reached; wait before retrying (`acme limits` shows what this machine has used)".into(),
            },
            "userActionRequired" => format!(
                "the CA needs you to do something first (often: accept new terms of service){}",
                p.instance.as_deref().map(|u| format!(": visit {u}")).unwrap_or_default()
            ),
            "badCSR" => "the CA refused the certificate request: the key type may not be accepted, or the account key was reused as the certificate key".into(),
            "rejectedIdentifier" => "the CA will not issue for one of the names (blocked, reserved, or not a public domain)".into(),
            "externalAccountRequired" => "this CA needs External Account Binding: pass --eab-kid and --eab-hmac-key from your CA account page".into(),
            "accountDoesNotExist" => "the stored account is not known to this CA: run `acme register --agree-tos`".into(),
            "invalidProfile" => "the CA does not offer that profile: run `acme limits` or see the CA's directory for the offered ones".into(),
            "serverInternal" => "the CA had an internal error: try again later".into(),
            _ => return None,
        };
        return Some(h);
    }
    let text = format!("{err:#}");
    // The issued chain, not the CA's HTTPS (checked in `chain::trust`, refused on request).
    if text.contains("leads to no root this machine trusts") {
        return Some(
            "if you trust this CA, add its root to --ca-bundle (or the system's store); to \
             install such chains with a warning instead, drop --require-trusted-chain \
             (`acme reconfigure --cert-name NAME --no-require-trusted-chain` for a saved one)"
                .into(),
        );
    }
    if text.contains("certificate verify failed")
        || text.contains("unable to get local issuer certificate")
    {
        return Some("the CA's HTTPS certificate is not trusted: for a private or test CA pass its root with --ca-bundle".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use acme::protocol::Problem;
    use std::time::Duration;

    fn problem(kind: &str) -> anyhow::Error {
        anyhow::Error::new(Problem {
            kind: format!("urn:ietf:params:acme:error:{kind}"),
            detail: "the CA's words".into(),
            instance: Some("https://ca.example/terms/v2".into()),
            retry_after: Some(Duration::from_secs(3600)),
            ..Problem::default()
        })
        .context("placing the order failed")
    }

    /// Pins the advice for each problem type users meet most (issue: error hints).
    #[test]
    fn each_common_problem_gets_its_hint() {
        let cases = [
            ("connection", "port 80"),
            ("dns", "A/AAAA"),
            ("unauthorized", "web root"),
            ("incorrectResponse", "redirects"),
            ("caa", "CAA record"),
            ("rateLimited", "retry after"),
            ("userActionRequired", "visit https://ca.example/terms/v2"),
            ("badCSR", "key type"),
            ("rejectedIdentifier", "will not issue"),
            ("externalAccountRequired", "--eab-kid"),
        ];
        for (kind, want) in cases {
            let h = hint(&problem(kind)).unwrap_or_else(|| panic!("no hint for {kind}"));
            assert!(h.contains(want), "{kind}: {h}");
        }
        assert!(hint(&problem("somethingNew")).is_none());
    }

    #[test]
    fn a_refused_account_points_at_the_eab_credentials_not_the_web_root() {
        let err = anyhow::Error::new(Problem {
            kind: "urn:ietf:params:acme:error:unauthorized".into(),
            ..Problem::default()
        })
        .context("creating the account failed");
        let h = hint(&err).unwrap();
        assert!(
            h.contains("--eab-hmac-key") && !h.contains("web root"),
            "{h}"
        );
    }

    #[test]
    fn an_untrusted_issued_chain_points_at_ca_bundle_and_the_setting() {
        let err = anyhow::anyhow!(
            "the certificate chain from https://ca/cert/1 leads to no root this machine trusts \
             (unable to get local issuer certificate); refusing it (--require-trusted-chain)"
        );
        let h = hint(&err).unwrap();
        assert!(
            h.contains("--ca-bundle") && h.contains("--no-require-trusted-chain"),
            "{h}"
        );
        assert!(!h.contains("HTTPS"), "{h}");
    }

    #[test]
    fn tls_trust_failures_point_at_ca_bundle() {
        let err = anyhow::anyhow!(
            "TLS handshake with localhost failed: certificate verify failed (unable to get local issuer certificate)"
        );
        assert!(hint(&err).unwrap().contains("--ca-bundle"));
    }

    #[test]
    fn a_failed_validation_is_hinted_from_its_first_challenge_error() {
        let err = anyhow::Error::new(crate::issuing::issuance::ValidationFailed {
            text: "validation failed".into(),
            first_problem: Some(Problem {
                kind: "urn:ietf:params:acme:error:connection".into(),
                ..Problem::default()
            }),
        });
        assert!(hint(&err).unwrap().contains("port 80"));
    }
}
