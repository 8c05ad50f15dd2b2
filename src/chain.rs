//! Verifying a downloaded chain before it is installed over a working one: each certificate
//! signed by the next, the leaf valid now and meant for TLS servers, intermediates that are
//! CAs — and whether the chain leads to a root this machine trusts. Nothing here talks to the
//! network; `now` is an argument.

use anyhow::{Context, Result, bail};
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509, X509StoreContext};
use x509_parser::prelude::{FromDer, X509Certificate};

/// How far in the future a leaf's notBefore may lie: clocks drift, and some CAs backdate or
/// postdate by minutes; a day means the CA (or this clock) is wrong.
pub const MAX_FUTURE_NOT_BEFORE: i64 = 86400;

/// Whether the chain leads to a root this machine trusts.
#[derive(Debug, PartialEq, Eq)]
pub enum Trust {
    /// OpenSSL verified the chain up to a trusted root.
    Trusted,
    /// Why not, as OpenSSL says it.
    Untrusted(String),
}

/// Checks what must hold of a chain (leaf first, DER) before it is installed; the error says
/// which certificate is wrong and how.
pub fn verify_structure(ders: &[Vec<u8>], now: i64) -> Result<()> {
    let certs: Vec<X509> = ders
        .iter()
        .map(|d| X509::from_der(d))
        .collect::<Result<_, _>>()
        .context("a certificate in the chain is not valid DER")?;
    for (i, pair) in certs.windows(2).enumerate() {
        let (cert, issuer) = (&pair[0], &pair[1]);
        let key = issuer.public_key()?;
        if !cert.verify(&key).unwrap_or(false) {
            bail!(
                "certificate {} of the chain ({}) is not signed by the next one ({})",
                i + 1,
                subject(cert),
                subject(issuer)
            );
        }
        if !is_ca(&ders[i + 1])? {
            bail!(
                "certificate {} of the chain ({}) is not a CA certificate, so it cannot issue",
                i + 2,
                subject(issuer)
            );
        }
    }
    let (_, leaf) = X509Certificate::from_der(&ders[0])
        .map_err(|e| anyhow::anyhow!("the leaf is not a valid X.509 certificate: {e}"))?;
    let (nb, na) = (
        leaf.validity().not_before.timestamp(),
        leaf.validity().not_after.timestamp(),
    );
    if na <= now {
        bail!(
            "the certificate expired on {}",
            crate::time::format_rfc3339(na)
        );
    }
    if nb > now.saturating_add(MAX_FUTURE_NOT_BEFORE) {
        bail!(
            "the certificate is not valid before {}, more than a day from now",
            crate::time::format_rfc3339(nb)
        );
    }
    if let Ok(Some(eku)) = leaf.extended_key_usage()
        && !(eku.value.server_auth || eku.value.any)
    {
        bail!("the certificate's extended key usage does not allow TLS server authentication");
    }
    Ok(())
}

/// Whether the chain verifies up to a root in the system store or in `extra` (`--ca-bundle`).
pub fn trust(ders: &[Vec<u8>], extra: &[X509]) -> Result<Trust> {
    let store = store(extra)?;
    let leaf = X509::from_der(&ders[0])?;
    let mut untrusted = openssl::stack::Stack::new()?;
    for d in &ders[1..] {
        untrusted.push(X509::from_der(d)?)?;
    }
    let mut ctx = X509StoreContext::new()?;
    let verdict = ctx.init(&store, &leaf, &untrusted, |c| {
        Ok(match c.verify_cert()? {
            true => Trust::Trusted,
            false => Trust::Untrusted(c.error().error_string().to_string()),
        })
    })?;
    Ok(verdict)
}

fn store(extra: &[X509]) -> Result<X509Store> {
    let mut b = X509StoreBuilder::new()?;
    b.set_default_paths()?;
    for c in extra {
        // A root already present from the system store is not an error worth failing on.
        let _ = b.add_cert(c.clone());
    }
    Ok(b.build())
}

fn is_ca(der: &[u8]) -> Result<bool> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| anyhow::anyhow!("not a valid X.509 certificate: {e}"))?;
    Ok(matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca))
}

fn subject(c: &X509) -> String {
    let text: Vec<String> = c
        .subject_name()
        .entries()
        .filter_map(|e| e.data().to_string().ok())
        .collect();
    crate::escape::escape(&text.join(", ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::asn1::Asn1Time;
    use openssl::hash::MessageDigest;
    use openssl::pkey::{PKey, Private};
    use openssl::x509::extension::{BasicConstraints, ExtendedKeyUsage};
    use openssl::x509::{X509Builder, X509NameBuilder};

    fn key() -> PKey<Private> {
        crate::crypto::KeyPair::generate(crate::crypto::KeyType::EcdsaP256)
            .unwrap()
            .pkey()
            .clone()
    }

    struct Spec {
        ca: bool,
        nb: i64,
        na: i64,
        eku: Option<&'static str>,
    }

    fn cert(
        cn: &str,
        key: &PKey<Private>,
        issuer: Option<(&X509, &PKey<Private>)>,
        s: Spec,
    ) -> X509 {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", cn).unwrap();
        let name = name.build();
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_issuer_name(issuer.map_or(&name, |(c, _)| c.subject_name()))
            .unwrap();
        b.set_pubkey(key).unwrap();
        b.set_not_before(&Asn1Time::from_unix(s.nb).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::from_unix(s.na).unwrap())
            .unwrap();
        if s.ca {
            b.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
                .unwrap();
        }
        match s.eku {
            Some("client") => b
                .append_extension(ExtendedKeyUsage::new().client_auth().build().unwrap())
                .unwrap(),
            Some(_) => b
                .append_extension(ExtendedKeyUsage::new().server_auth().build().unwrap())
                .unwrap(),
            None => {}
        }
        b.sign(issuer.map_or(key, |(_, k)| k), MessageDigest::sha256())
            .unwrap();
        b.build()
    }

    fn der(certs: &[&X509]) -> Vec<Vec<u8>> {
        certs.iter().map(|c| c.to_der().unwrap()).collect()
    }

    const NOW: i64 = 1_800_000_000;
    const DAY: i64 = 86400;

    fn valid(ca: bool, eku: Option<&'static str>) -> Spec {
        Spec {
            ca,
            nb: NOW - DAY,
            na: NOW + 30 * DAY,
            eku,
        }
    }

    #[test]
    fn a_good_chain_passes_and_each_bad_one_says_why() {
        let (rk, ik, lk) = (key(), key(), key());
        let root = cert("root", &rk, None, valid(true, None));
        let inter = cert("inter", &ik, Some((&root, &rk)), valid(true, None));
        let leaf = cert(
            "leaf",
            &lk,
            Some((&inter, &ik)),
            valid(false, Some("server")),
        );
        verify_structure(&der(&[&leaf, &inter]), NOW).unwrap();
        verify_structure(&der(&[&leaf, &inter, &root]), NOW).unwrap();

        // A leaf not signed by the chain after it.
        let err = verify_structure(&der(&[&leaf, &root]), NOW).unwrap_err();
        assert!(err.to_string().contains("not signed by the next"), "{err}");
        // A self-signed junk "intermediate".
        let junk = cert("junk", &key(), None, valid(true, None));
        assert!(verify_structure(&der(&[&leaf, &junk]), NOW).is_err());
        // An issuer that is no CA.
        let not_ca = cert("not-ca", &ik, Some((&root, &rk)), valid(false, None));
        let err = verify_structure(&der(&[&leaf, &not_ca]), NOW).unwrap_err();
        assert!(err.to_string().contains("not a CA"), "{err}");
        // Expired, and far in the future.
        let old = cert(
            "old",
            &lk,
            Some((&inter, &ik)),
            Spec {
                ca: false,
                nb: NOW - 90 * DAY,
                na: NOW - 1,
                eku: None,
            },
        );
        let err = verify_structure(&der(&[&old, &inter]), NOW).unwrap_err();
        assert!(err.to_string().contains("expired"), "{err}");
        let future = cert(
            "future",
            &lk,
            Some((&inter, &ik)),
            Spec {
                ca: false,
                nb: NOW + 2 * DAY,
                na: NOW + 90 * DAY,
                eku: None,
            },
        );
        let err = verify_structure(&der(&[&future, &inter]), NOW).unwrap_err();
        assert!(err.to_string().contains("not valid before"), "{err}");
        let soon = cert(
            "soon",
            &lk,
            Some((&inter, &ik)),
            Spec {
                ca: false,
                nb: NOW + 600,
                na: NOW + 90 * DAY,
                eku: None,
            },
        );
        verify_structure(&der(&[&soon, &inter]), NOW).unwrap();
        // Client-auth only.
        let client = cert(
            "client",
            &lk,
            Some((&inter, &ik)),
            valid(false, Some("client")),
        );
        let err = verify_structure(&der(&[&client, &inter]), NOW).unwrap_err();
        assert!(err.to_string().contains("server authentication"), "{err}");
    }

    #[test]
    fn trust_needs_a_known_root() {
        let (rk, lk) = (key(), key());
        let now = crate::time::now();
        let spec = |ca, eku| Spec {
            ca,
            nb: now - DAY,
            na: now + 30 * DAY,
            eku,
        };
        let root = cert("throwaway root", &rk, None, spec(true, None));
        let leaf = cert("leaf", &lk, Some((&root, &rk)), spec(false, Some("server")));
        let chain = der(&[&leaf]);
        assert!(matches!(trust(&chain, &[]).unwrap(), Trust::Untrusted(_)));
        assert_eq!(trust(&chain, &[root]).unwrap(), Trust::Trusted);
    }
}
