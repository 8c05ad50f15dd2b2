//! What a node checks before a version from the store goes live here, and before it offers
//! one of its own to the store (review findings 3 and 4).
//!
//! The store is written by every node and by whoever else can write the prefix, so a version
//! from it gets the checks a CA download gets (`issuing::issuance::check_certificate`: only
//! certificates, the leaf's key is the version's, its names are the lineage's, each certificate
//! signed by the next, valid now, a trusted chain when the lineage requires one), and more:
//! `fullchain` is exactly `cert` + `chain`, the private key is there (unless the lineage is
//! issued from this node's CSR), and the version number is bounded. Versions are ordered by
//! their certificates, not their numbers: a node never replaces what it serves with a
//! certificate issued earlier (a stale node, a restore from backup, a hostile write).

use anyhow::{Context, Result, bail};

use crate::cli::output::Printer;
use crate::issuing::{issuance, obtain, options};
use crate::storage::Layout;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::store::Version;
use acme::x509::{self, CertInfo};

/// The highest version number taken from the store: a lineage renewed daily for thousands of
/// years stays below it, and `n + 1` can never overflow.
pub const MAX_VERSION: u32 = 1_000_000;

/// Refuses a version number no real lineage reaches.
pub fn check_number(name: &str, n: u32) -> Result<()> {
    if n == 0 || n > MAX_VERSION {
        bail!(
            "{name}: the store names version {n}, outside 1..={MAX_VERSION}; refusing it \
             (someone wrote lineages/{name}/latest by hand?)"
        );
    }
    Ok(())
}

/// Checks version `n` of `name` (from the store) against `conf`, the conf this node uses for
/// the lineage; returns its leaf. Nothing is written.
pub fn check_version(
    layout: &Layout,
    name: &str,
    n: u32,
    conf: &RenewalConf,
    v: &Version,
    out: &Printer,
) -> Result<CertInfo> {
    check_number(name, n)?;
    let what = format!("{name}: the fleet's version {n}");
    let text = |b: &[u8], part: &str| {
        String::from_utf8(b.to_vec()).with_context(|| format!("{what}: its {part} is not text"))
    };
    let (cert, chain, fullchain) = (
        text(&v.cert, "cert")?,
        text(&v.chain, "chain")?,
        text(&v.fullchain, "fullchain")?,
    );
    if x509::pem_certificates(&cert)
        .with_context(|| format!("{what}: its cert"))?
        .len()
        != 1
    {
        bail!("{what}: its cert.pem holds more than one certificate");
    }
    if fullchain != format!("{cert}{chain}") {
        bail!("{what}: its fullchain.pem is not its cert.pem followed by its chain.pem");
    }
    let spki = match &v.privkey {
        Some(pem) => acme::crypto::KeyPair::from_pem(pem)
            .with_context(|| format!("{what}: its private key is unusable"))?
            .public_key_der()?,
        None => {
            csr_key(layout, name, conf).with_context(|| format!("{what} has no private key"))?
        }
    };
    let ids = obtain::conf_identifiers(conf)?;
    let required = options::trusted_chain_required(false, conf);
    let source = format!("the fleet's store (version {n} of {name})");
    let mut certs =
        issuance::check_certificate(&fullchain, Some(&spki), &ids, &[], required, &source, out)?;
    Ok(certs.swap_remove(0))
}

/// The key of this node's own CSR for a lineage issued from one (`csr` is node-local): the
/// only case where a version rightly comes without a private key.
fn csr_key(layout: &Layout, name: &str, conf: &RenewalConf) -> Result<Vec<u8>> {
    let Some(value) = conf.options.csr() else {
        bail!(
            "and {name} is not issued from a CSR on this node: refusing it (live/ would lose privkey.pem)"
        );
    };
    let path = crate::storage::csr::resolve(layout, value);
    let bytes =
        std::fs::read(&path).with_context(|| format!("cannot read the CSR {}", path.display()))?;
    let csr = acme::csr::parse(&bytes)
        .map_err(|why| anyhow::anyhow!("the CSR {} is unusable: {why}", path.display()))?;
    Ok(csr.spki_der)
}

/// The leaf of the certificate `live/<name>` serves, if there is one to read.
pub fn live_leaf(layout: &Layout, name: &str) -> Option<CertInfo> {
    let pem = std::fs::read_to_string(layout.live(name).join("cert.pem")).ok()?;
    let first = x509::pem_certificates(&pem).ok()?.into_iter().next()?;
    x509::parse(&first).ok()
}

/// The leaf of a version (the first certificate of its `cert`).
pub fn leaf_of(v: &Version) -> Result<CertInfo> {
    let pem = std::str::from_utf8(&v.cert).context("its cert is not text")?;
    let first = x509::pem_certificates(pem)?
        .into_iter()
        .next()
        .context("its cert holds no certificate")?;
    x509::parse(&first)
}

/// Refuses `new` as a successor of `old` when it was issued earlier (an earlier notBefore, or
/// the same notBefore and an earlier notAfter): a higher version number does not make a
/// certificate newer. Pure.
pub fn check_not_older(what: &str, new: &CertInfo, old: &CertInfo) -> Result<()> {
    if (new.not_before, new.not_after) < (old.not_before, old.not_after) {
        bail!(
            "{what} was issued before the certificate it would replace (notBefore {} < {}, notAfter {}); \
             refusing to roll back",
            acme::time::format_rfc3339(new.not_before),
            acme::time::format_rfc3339(old.not_before),
            acme::time::format_rfc3339(new.not_after),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(not_before: i64, not_after: i64) -> CertInfo {
        CertInfo {
            der: Vec::new(),
            not_before,
            not_after,
            identifiers: Vec::new(),
            spki_der: Vec::new(),
            serial: Vec::new(),
            authority_key_id: None,
            subject: String::new(),
            issuer: String::new(),
            issuer_cn: None,
        }
    }

    #[test]
    fn a_certificate_issued_earlier_never_replaces_a_later_one() {
        let live = leaf(2_000, 9_000);
        assert!(check_not_older("v7", &leaf(1_000, 9_500), &live).is_err());
        assert!(check_not_older("v7", &leaf(2_000, 8_000), &live).is_err());
        check_not_older("v2", &leaf(2_000, 9_000), &live).unwrap();
        // A later, shorter-lived certificate (another profile) is newer.
        check_not_older("v2", &leaf(3_000, 4_000), &live).unwrap();
    }

    #[test]
    fn version_numbers_from_the_store_are_bounded() {
        for bad in [0, MAX_VERSION + 1, u32::MAX] {
            assert!(check_number("a", bad).is_err(), "{bad}");
        }
        check_number("a", 1).unwrap();
        check_number("a", MAX_VERSION).unwrap();
    }
}
