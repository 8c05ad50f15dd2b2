//! What each lineage looks like now, read from disk alone: its renewal conf, its live
//! certificate, the remembered ARI state, and whether it is due. Shared by `renew` and `list`;
//! never contacts the CA.

use anyhow::{Context, Result};

use crate::storage::Layout;
use crate::storage::renewal_conf::RenewalConf;
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

/// Reads one lineage: its conf, then the first certificate of `live/<name>/cert.pem`.
pub fn load(layout: &Layout, name: &str) -> Result<Lineage> {
    // Read once: the text parsed is the text searched for keys without effect.
    let (conf, text) = RenewalConf::load_with_text(&layout.renewal_conf(name))?;
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
    let issuer = crate::storage::lineage::live_version(layout, name)
        .ok()
        .and_then(|n| crate::storage::lineage::issuer(layout, name, n));
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
