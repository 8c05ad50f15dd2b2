//! `acme revoke`: revoke a certificate (RFC 8555 §7.6), signed by the account or by the
//! certificate's own key, then mark (or delete) its lineage.
//!
//! An `alreadyRevoked` answer exits 0: the state the user asked for holds, so scripts that make
//! sure a compromised certificate is revoked can simply run again.

use anyhow::{Context, Result};
use serde_json::json;
use std::path::Path;

use crate::cli::RevokeArgs;
use crate::cli::error::usage;
use crate::cli::settings::Settings;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::store::Store;
use crate::storage::{self, access, account as stored};
use acme::crypto::KeyPair;
use acme::identifiers::Identifier;
use acme::protocol::Signer;
use acme::protocol::revoke::{self, Revocation};
use acme::x509::{self, CertInfo};

pub fn run(s: &Settings, args: &RevokeArgs) -> Result<()> {
    // Everything the user could have got wrong is checked before the CA is contacted.
    let reason = args
        .reason
        .as_deref()
        .map(revoke::parse_reason)
        .transpose()
        .map_err(usage)?;
    let store = s.store();
    let mut lock = None;
    // The certificate live when the user asked: a renewal holding the lock may put a newer one
    // live while we wait, and revoking *that* would leave a compromised one valid.
    let mut asked = None;
    let (cert_path, lineage) = match (&args.cert_name, &args.cert_path) {
        (Some(name), _) => {
            storage::check_cert_name(name).map_err(usage)?;
            let missing = || {
                usage(format!(
                    "there is no certificate named {name:?} (no {}); `acme list` shows them, or use --cert-path",
                    store.conf_location(name)
                ))
            };
            if !access::has_lineage(&*store, name)? {
                return Err(missing());
            }
            // What this machine serves: live/ is always the config dir's.
            asked = read_certificate(&s.layout.live(name).join("cert.pem")).ok();
            // Held until the end, so a renewal cannot swap the certificate under us.
            lock = Some(access::lock_lineage(&*store, name)?);
            let conf = access::conf(&*store, name)?.ok_or_else(missing)?;
            (s.layout.live(name).join("cert.pem"), Some((name, conf)))
        }
        (None, Some(path)) => (path.clone(), None),
        (None, None) => unreachable!("clap requires --cert-name or --cert-path"),
    };
    let live_now = read_certificate(&cert_path);
    let (cert, newer) = match (asked, live_now) {
        (Some(a), Ok(now)) if now.serial != a.serial => (a, Some(now)),
        (Some(a), _) => (a, None),
        (None, now) => (now?, None),
    };
    if let (Some(newer), Some(name)) = (&newer, &args.cert_name) {
        s.out.note(&format!(
            "a newer certificate for {name:?} (serial {}) went live while acme waited for the \
             lineage's lock; revoking the one that was live when you asked (serial {}). The new \
             one stays valid and its lineage unmarked: run `acme revoke --cert-name {name}` \
             again to revoke it too",
            newer.serial_hex(),
            cert.serial_hex()
        ));
    }
    let cert_key = match &args.key_path {
        Some(path) => Some(read_matching_key(path, &cert, &cert_path)?),
        None => None,
    };
    // A certificate is revoked at the CA that issued it: the one recorded beside its archived
    // version (a fallback CA's, perhaps). A --server that disagrees is never obeyed, nor
    // ignored in silence.
    let (server, why) = issuing_server(
        s,
        &*store,
        lineage.as_ref().map(|(n, c)| (n.as_str(), c)),
        &cert,
    );
    if let Some(why) = why {
        s.out.warn(&why);
    } else if server != s.server {
        s.out.detail(&format!(
            "using {server}, the CA that issued this certificate"
        ));
    }
    let account = match &cert_key {
        Some(_) => None,
        None => {
            let key_hint = lineage
                .as_ref()
                .map(|(name, _)| s.layout.live(name).join("privkey.pem"));
            Some(account_for(&*store, &server, key_hint.as_deref())?)
        }
    };
    if let (Some(code), Some(accepted)) = (reason, revoke::known_accepted_reasons(&server))
        && !accepted.contains(&code)
    {
        s.out.warn(&format!(
            "{server} is known to accept only the reasons {accepted:?}; it will probably refuse {} ({code})",
            revoke::reason_name(code)
        ));
    }
    let names: Vec<String> = cert.identifiers.iter().map(Identifier::value).collect();
    if args.delete
        && let Some((name, _)) = &lineage
    {
        // Before anything is revoked: on a fleet node the delete must be possible.
        crate::fleet::renewal::check_deletable(s, name)?;
        crate::cli::prompt::confirm(
            &format!(
                "Revoke the certificate for {} and then: {}",
                names.join(", "),
                super::delete::question(s, name)
            ),
            args.yes,
        )?;
    }

    let client = s.connect_to(&server)?;
    let signer = match (&cert_key, &account) {
        (Some(key), _) => Signer::Jwk(key),
        (None, Some(acct)) => Signer::Kid(&acct.key, &acct.record.url),
        (None, None) => unreachable!("an account or a certificate key was loaded"),
    };
    s.out.step(&format!(
        "Revoking the certificate for {} (serial {})",
        names.join(", "),
        cert.serial_hex()
    ));
    let outcome = revoke::revoke(&client, &signer, &cert.der, reason).map_err(|e| {
        match e.problem() {
            // Said plainly here: the generic `unauthorized` hint is about challenges.
            Some(p) if p.is("unauthorized") => anyhow::anyhow!(
                "the CA refused to revoke the certificate: {p}\n\
                 Only the account that ordered it (or one authorized for all its names) may revoke it; \
                 with its private key, --key-path works from anywhere."
            ),
            _ => e.into(),
        }
    })?;
    let already = match &outcome {
        Revocation::Revoked => false,
        Revocation::AlreadyRevoked(p) => {
            s.out
                .note(&format!("The CA says it was already revoked: {p}"));
            true
        }
    };

    let mut deleted = Vec::new();
    // A superseded certificate is revoked, but the lineage's live one is not: leave it be.
    if let Some((name, mut conf)) = lineage.filter(|_| newer.is_none()) {
        let reason_text = revoke::reason_name(reason.unwrap_or(0));
        // A repeated revoke keeps the reason the CA recorded the first time.
        let mark = &mut conf.revocation;
        let marked_before =
            mark.revoked && mark.serial.as_deref() == Some(cert.serial_hex().as_str());
        if !(already && marked_before) {
            mark.reason = Some(reason_text.to_string());
        }
        mark.revoked = true;
        mark.serial = Some(cert.serial_hex());
        // On a fleet node the lineage goes from the store first; if that fails it is marked
        // revoked instead (every node stops renewing it), and the failure reported.
        let deleted_shared = match args.delete {
            true => Some(crate::fleet::renewal::delete_shared(s, name)),
            false => None,
        };
        if let Some(Ok(())) = deleted_shared {
            deleted = super::delete::remove_locked(s, name)
                .context("the certificate is revoked, but deleting it failed")?;
        } else {
            access::save_conf(&*store, name, &conf)
                .context("the certificate is revoked, but marking its lineage failed")?;
            // Every node of a fleet stops renewing it.
            crate::fleet::renewal::share_conf(s, name)
                .context("the certificate is revoked and marked here")?;
            if let Some(Err(e)) = deleted_shared {
                return Err(e.context("the certificate is revoked and marked, not deleted"));
            }
        }
    }
    drop(lock);
    report(s, &cert, &names, reason, already, args, &deleted);
    Ok(())
}

fn report(
    s: &Settings,
    cert: &CertInfo,
    names: &[String],
    reason: Option<u8>,
    already: bool,
    args: &RevokeArgs,
    deleted: &[std::path::PathBuf],
) {
    let verb = if already {
        "Already revoked"
    } else {
        "Revoked"
    };
    let mut human = format!(
        "{verb}: the certificate for {} (serial {})",
        names.join(", "),
        cert.serial_hex()
    );
    if let Some(code) = reason.filter(|_| !already) {
        human.push_str(&format!(
            "\n  reason: {} ({code})",
            revoke::reason_name(code)
        ));
    }
    if let Some(name) = &args.cert_name {
        if args.delete {
            human.push_str(&format!("\n  deleted the certificate {name:?}"));
        } else {
            human.push_str(&format!(
                "\n  `acme renew` will skip {name:?}; issue a new certificate with `acme issue`"
            ));
        }
    }
    s.out.result(
        &human,
        &json!({
            "serial": cert.serial_hex(),
            "domains": names,
            "cert_name": args.cert_name,
            "reason": reason,
            "already_revoked": already,
            "deleted": deleted,
        }),
    );
}

/// The CA that issued `cert`: as recorded in its lineage's archive (for `--cert-path`, any
/// lineage's that holds it); see [`revocation_server`].
fn issuing_server(
    s: &Settings,
    store: &dyn Store,
    lineage: Option<(&str, &RenewalConf)>,
    cert: &CertInfo,
) -> (String, Option<String>) {
    let recorded = match lineage {
        Some((name, _)) => store.issuer_of(name, &cert.der),
        None => store
            .lineages()
            .unwrap_or_default()
            .iter()
            .find_map(|name| store.issuer_of(name, &cert.der)),
    };
    revocation_server(
        recorded.as_ref().map(|i| i.server.as_str()),
        lineage.map(|(_, c)| c.server.as_str()),
        s.server_given.then_some(s.server.as_str()),
        &s.server,
    )
}

/// Where a revocation goes, and what to tell the user when that is not what they named: the CA
/// recorded as the certificate's issuer, whatever `--server` (`given`) says (another CA would
/// refuse it, and a key-compromise revocation would fail); without a record, `--server` wins
/// over the lineage's own CA (the certificate may come from a fallback on another node, or
/// from before issuers were recorded); the default server last.
fn revocation_server(
    recorded: Option<&str>,
    lineage: Option<&str>,
    given: Option<&str>,
    default: &str,
) -> (String, Option<String>) {
    match (recorded, given, lineage) {
        (Some(r), Some(g), _) if r != g => (
            r.to_string(),
            Some(format!(
                "not revoking at --server {g}: the certificate was issued by {r} (as recorded \
                 beside it), and only that CA can revoke it; sending the revocation there"
            )),
        ),
        (Some(r), _, _) => (r.to_string(), None),
        (None, Some(g), Some(l)) if l != g => (
            g.to_string(),
            Some(format!(
                "no issuing CA is recorded for this certificate: revoking at --server {g}, not \
                 at the certificate's own CA {l}"
            )),
        ),
        (None, Some(g), _) => (g.to_string(), None),
        (None, None, l) => (l.unwrap_or(default).to_string(), None),
    }
}

/// The leaf (first certificate) of a PEM file.
fn read_certificate(path: &Path) -> Result<CertInfo> {
    let pem = std::fs::read_to_string(path).map_err(|e| {
        usage(format!(
            "cannot read the certificate {}: {e}",
            path.display()
        ))
    })?;
    let ders = x509::pem_certificates(&pem).map_err(|e| {
        usage(format!(
            "{} is not a PEM certificate: {e:#}",
            path.display()
        ))
    })?;
    x509::parse(&ders[0]).map_err(|e| usage(format!("{}: {e:#}", path.display())))
}

/// The certificate's private key; a key for anything else is refused before a request is signed.
fn read_matching_key(path: &Path, cert: &CertInfo, cert_path: &Path) -> Result<KeyPair> {
    let pem = std::fs::read(path)
        .map_err(|e| usage(format!("cannot read the key {}: {e}", path.display())))?;
    let key = KeyPair::from_pem(&pem).map_err(|e| {
        usage(format!(
            "{} is not a usable private key: {e:#}",
            path.display()
        ))
    })?;
    if key.public_key_der()? != cert.spki_der {
        return Err(usage(format!(
            "the key {} does not belong to the certificate {}; nothing was sent to the CA",
            path.display(),
            cert_path.display()
        )));
    }
    Ok(key)
}

/// The account to sign with; without a usable one, the error says how to use the certificate's
/// key instead (`key_hint`: the lineage's key file, when known).
fn account_for(
    store: &dyn Store,
    server: &str,
    key_hint: Option<&Path>,
) -> Result<stored::StoredAccount> {
    let instead = match key_hint {
        Some(p) => format!(
            "pass --key-path {} to sign with the certificate's key",
            p.display()
        ),
        None => "pass --key-path with the certificate's private key".to_string(),
    };
    let Some(acct) = access::account(store, server)? else {
        return Err(usage(format!(
            "there is no account for {server} in {}; {instead}",
            store.describe()
        )));
    };
    if acct.record.status == "deactivated" {
        return Err(usage(format!(
            "the account {} is deactivated; {instead}",
            acct.record.url
        )));
    }
    Ok(acct)
}

#[cfg(test)]
mod tests {
    use super::revocation_server;

    /// Review finding 10: the recorded issuer wins, and a --server naming another CA is said
    /// to be overruled; without a record an explicit --server beats the lineage's own CA,
    /// saying so.
    #[test]
    fn a_revocation_goes_to_the_recorded_issuer_or_to_what_the_user_named() {
        let (a, b, d) = ("https://a/dir", "https://b/dir", "https://default/dir");
        let go = |r, l, g| revocation_server(r, l, g, d);
        assert_eq!(go(Some(b), Some(a), None), (b.into(), None), "the fallback");
        assert_eq!(go(Some(b), Some(a), Some(b)), (b.into(), None));
        assert_eq!(go(Some(b), None, None), (b.into(), None), "--cert-path");
        let (to, why) = go(Some(b), Some(a), Some(a));
        assert_eq!(to, b, "never the CA that did not issue it");
        let why = why.expect("said aloud");
        assert!(
            why.contains(&format!("not revoking at --server {a}")),
            "{why}"
        );
        let (to, why) = go(None, Some(a), Some(b));
        assert_eq!(to, b, "no record: --server wins");
        assert!(why.expect("said aloud").contains(a));
        assert_eq!(go(None, Some(a), Some(a)), (a.into(), None));
        assert_eq!(go(None, Some(a), None), (a.into(), None));
        assert_eq!(go(None, None, None), (d.into(), None));
        assert_eq!(go(None, None, Some(b)), (b.into(), None));
    }
}
