//! What each lineage looks like now, read from disk alone: its renewal conf, its live
//! certificate, the remembered ARI state, and whether it is due. Shared by `renew` and `list`;
//! never contacts the CA.

use anyhow::{Context, Result};

use crate::storage::Layout;
use crate::storage::renewal_conf::RenewalConf;
use crate::storage::store::{Local, Store};
use acme::renewal::{self, AriState, Decision, Policy, Validity};
use acme::x509::{self, CertInfo};

pub struct Lineage {
    pub name: String,
    pub conf: RenewalConf,
    pub cert: CertInfo,
    /// RFC 9773 CertID of the live certificate (needs an AKI).
    pub cert_id: Option<String>,
    /// Remembered ARI answer for this very certificate.
    pub ari: Option<AriState>,
    /// Keys of the conf this version does not know (kept, but without effect).
    pub unknown_keys: Vec<crate::storage::renewal_conf::unknown::UnknownKey>,
    /// The CA that issued the live certificate, as recorded beside it (none for a version from
    /// before the record was kept: see [`Lineage::issuing_server`]).
    pub issuer: Option<crate::storage::lineage::Issuer>,
}

/// Reads one lineage of the config dir: see [`load_from`].
pub fn load(layout: &Layout, name: &str) -> Result<Lineage> {
    load_from(&Local::new(layout), layout, name)
}

/// Reads one lineage: its conf and the issuer of its certificate from `store`, the
/// certificate itself from `live/<name>/cert.pem` (what this machine serves).
pub fn load_from(store: &dyn Store, layout: &Layout, name: &str) -> Result<Lineage> {
    let place = || store.conf_location(name);
    // Read once: the text parsed is the text searched for keys without effect.
    let text = store
        .conf(name)?
        .with_context(|| format!("cannot read {}: there is no such file", place()))?;
    let conf = RenewalConf::parse(&text)
        .with_context(|| format!("{} is not a valid renewal configuration", place()))?;
    let unknown_keys = crate::storage::renewal_conf::unknown::unknown_keys(&text);
    let path = layout.live(name).join("cert.pem");
    let pem = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let der = x509::pem_certificates(&pem)
        .with_context(|| format!("{} is not a PEM certificate", path.display()))?;
    let cert = x509::parse(&der[0]).with_context(|| format!("cannot parse {}", path.display()))?;
    let cert_id = cert.ari_cert_id();
    // The remembered state, if it is about this certificate.
    let ari = conf
        .ari
        .clone()
        .filter(|a| cert_id.as_deref() == Some(a.cert_id.as_str()));
    let issuer = store.issuer_of(name, &der[0]);
    Ok(Lineage {
        name: name.to_string(),
        conf,
        cert,
        cert_id,
        ari,
        unknown_keys,
        issuer,
    })
}

impl Lineage {
    /// One warning per unknown conf key, naming the file and line.
    pub fn unknown_key_warnings(&self, layout: &Layout) -> Vec<String> {
        let path = layout.renewal_conf(&self.name);
        self.unknown_keys
            .iter()
            .map(|u| format!("{}: {}", path.display(), u.describe()))
            .collect()
    }

    /// The CA that issued the live certificate: the recorded one, else the lineage's own. ARI
    /// for it is asked there.
    pub fn issuing_server(&self) -> &str {
        self.issuer
            .as_ref()
            .map_or(self.conf.server.as_str(), |i| i.server.as_str())
    }

    /// Every CA a renewal may try, in order: the lineage's own, then its fallbacks.
    pub fn servers(&self) -> Vec<String> {
        std::iter::once(&self.conf.server)
            .chain(&self.conf.fallback_servers)
            .cloned()
            .collect()
    }

    pub fn revoked(&self) -> bool {
        self.conf.revocation.revoked
    }

    /// The decision with the remembered ARI window; `days` from the command line beats the
    /// conf's `renew_before_days`.
    pub fn decide(&self, now: i64, days: Option<u32>, force: bool) -> Decision {
        renewal::decide(
            now,
            Validity {
                not_before: self.cert.not_before,
                not_after: self.cert.not_after,
            },
            self.ari.as_ref().and_then(|a| a.window),
            Policy {
                days: days.or(self.conf.renew_before_days),
                force,
            },
        )
    }

    /// Why the renewal schedule (the shipped hourly runs, the conf's `renew_before_days`) does
    /// not fit this certificate's lifetime, if it does not.
    pub fn schedule_warning(&self) -> Option<String> {
        let cert = Validity {
            not_before: self.cert.not_before,
            not_after: self.cert.not_after,
        };
        renewal::schedule_warning(
            cert,
            self.conf.renew_before_days,
            renewal::SCHEDULE_INTERVAL,
        )
    }

    /// Whether the CA should be asked for ARI now (never asked before for this certificate, or
    /// its Retry-After has passed).
    pub fn ari_check_due(&self, now: i64) -> bool {
        self.cert_id.is_some() && self.ari.as_ref().is_none_or(|a| now >= a.next_check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::lineage::Issuer;
    use crate::storage::store::Version;
    use acme::crypto::{KeyPair, KeyType};
    use acme::identifiers::Identifier;

    /// The conf and the issuer come from the store, the certificate from what live/ serves;
    /// a conf that does not parse is named by where the store keeps it.
    #[test]
    fn a_lineage_is_read_through_its_store() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path());
        let store = Local::new(&layout);
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let id = Identifier::Dns("a.example".into());
        let pem = acme::protocol::challenge::tls_alpn01_certificate(&id, "ka", key.pkey())
            .unwrap()
            .to_pem()
            .unwrap();
        let issuer = Issuer {
            server: "https://fallback.test/dir".into(),
            account: "https://fallback.test/acct/1".into(),
        };
        let v = Version {
            cert: pem.clone(),
            chain: Vec::new(),
            fullchain: pem,
            privkey: Some(key.to_pem().unwrap()),
            issuer: Some(issuer.clone()),
            issuer_unsealed: false,
        };
        store.add_version("a.example", 1, &v).unwrap();
        let text = "domains = a.example\nserver = https://ca.test/dir\naccount = https://ca.test/acct/1\nmethod = webroot\nwebroot.a.example = /srv/www\n";
        store.put_conf("a.example", text).unwrap();

        let l = load_from(&store, &layout, "a.example").unwrap();
        assert_eq!(l.conf.domains, ["a.example"]);
        assert_eq!(l.cert.identifiers, [id]);
        assert_eq!(l.issuer, Some(issuer));
        assert_eq!(l.issuing_server(), "https://fallback.test/dir");

        std::fs::write(layout.renewal_conf("a.example"), "domains = a.example\n").unwrap();
        let err = load_from(&store, &layout, "a.example")
            .err()
            .expect("refused");
        assert!(
            format!("{err:#}").starts_with(&format!(
                "{} is not a valid renewal configuration",
                layout.renewal_conf("a.example").display()
            )),
            "{err:#}"
        );
    }
}
