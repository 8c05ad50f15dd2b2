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
//! certificate issued earlier (a stale node, a restore from backup, a hostile write). A
//! version's issuer record, which decides where revocation and ARI go, is kept only when it is
//! sealed with the fleet key or names a CA this node's own conf already uses for the lineage.

use anyhow::{Context, Result, bail};

use crate::cli::output::Printer;
use crate::issuing::{issuance, obtain, options};
use crate::storage::Layout;
use crate::storage::lineage::Issuer;
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

/// The issuer record of the store's version `n` of `name` that this node keeps beside it, and
/// a warning when it keeps none of the one offered. Revocation and ARI of the version go to
/// that CA, overruling `--server`, so a record the store does not vouch for (not sealed with
/// the fleet key: written before records were sealed, or by whoever writes the prefix) is
/// kept only when it names a CA this node already uses for the lineage — the server or a
/// fallback server of `own`, its conf as it was before this sync took anything from the
/// store. Otherwise the lineage's own CA stands for it, as for a version without a record.
/// Pure.
pub fn issuer_to_take(
    name: &str,
    n: u32,
    v: &Version,
    own: Option<&RenewalConf>,
) -> (Option<Issuer>, Option<String>) {
    let Some(issuer) = v.issuer.clone() else {
        return (None, None);
    };
    if !v.issuer_unsealed {
        return (Some(issuer), None);
    }
    let known = own.is_some_and(|c| {
        std::iter::once(&c.server)
            .chain(&c.fallback_servers)
            .any(|s| *s == issuer.server)
    });
    if known {
        return (Some(issuer), None);
    }
    let why = format!(
        "{name}: the fleet's version {n} names {} as the CA that issued it, in a record not \
         sealed with the fleet key, and this node's conf of {name} names no such CA; ignoring \
         the record (revocation and ARI go to the lineage's own CA)",
        acme::escape::escape(&issuer.server)
    );
    (None, Some(why))
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

    /// Second review, finding 5: a sealed record is taken; one in the clear only when it names
    /// the lineage's server or a fallback server in this node's own conf, else dropped with a
    /// warning (a node new to the lineage has no conf of its own: dropped too).
    #[test]
    fn an_unsealed_issuer_is_taken_only_when_this_nodes_conf_names_its_ca() {
        let own = RenewalConf::parse(
            "domains = a.example\nserver = https://ca.test/dir\n\
             fallback_servers = https://fallback.test/dir\n",
        )
        .unwrap();
        let version = |server: &str, unsealed: bool| Version {
            cert: Vec::new(),
            chain: Vec::new(),
            fullchain: Vec::new(),
            privkey: None,
            issuer: Some(Issuer {
                server: server.into(),
                account: "https://acct.test/1".into(),
            }),
            issuer_unsealed: unsealed,
        };
        let take = |server: &str, unsealed: bool, own: Option<&RenewalConf>| {
            issuer_to_take("a.example", 3, &version(server, unsealed), own)
        };
        let attacker = "https://attacker.example/dir";
        for server in ["https://ca.test/dir", "https://fallback.test/dir", attacker] {
            let (got, why) = take(server, false, None);
            assert_eq!(got.map(|i| i.server), Some(server.to_string()), "sealed");
            assert!(why.is_none());
        }
        for server in ["https://ca.test/dir", "https://fallback.test/dir"] {
            let (got, why) = take(server, true, Some(&own));
            assert_eq!(got.map(|i| i.server), Some(server.to_string()));
            assert!(why.is_none());
        }
        for own in [Some(&own), None] {
            let (got, why) = take(attacker, true, own);
            assert_eq!(got, None);
            let why = why.expect("said aloud");
            assert!(
                why.contains(attacker) && why.contains("not sealed"),
                "{why}"
            );
        }
        // A near miss is no match.
        assert_eq!(take("https://ca.test/dir/", true, Some(&own)).0, None);
        let none = Version {
            issuer: None,
            ..version(attacker, true)
        };
        assert_eq!(
            issuer_to_take("a.example", 3, &none, Some(&own)),
            (None, None)
        );
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
