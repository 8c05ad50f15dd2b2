//! Obtaining a certificate for a lineage as its settings say, and installing it: the part that
//! `issue` and `renew` share.

use anyhow::{Context, Result};

use crate::crypto::{KeyPair, KeyType};
use crate::identifiers::{self, Identifier};
use crate::issuance::{self, AccountRef, KeySource, Request};
use crate::method::Method;
use crate::protocol::Client;
use crate::protocol::order::OrderOptions;
use crate::settings::Settings;
use crate::storage::account::StoredAccount;
use crate::storage::lineage::{self, NewVersion};
use crate::storage::renewal_conf::RenewalConf;
use crate::x509::CertInfo;

/// What `obtain` may add to the order beyond the lineage's settings.
#[derive(Default)]
pub struct ObtainOptions<'a> {
    /// ARI: the CertID of the certificate being replaced (RFC 9773 §5).
    pub replaces: Option<&'a str>,
}

pub struct Obtained {
    pub version: u32,
    pub leaf: CertInfo,
    pub requests: usize,
}

/// The lineage's identifiers, as its conf lists them.
pub fn conf_identifiers(conf: &RenewalConf) -> Result<Vec<Identifier>> {
    identifiers::normalize(&conf.domains).map_err(anyhow::Error::msg)
}

/// Issues a certificate as `conf` describes, installs it as the next version of `name`, and saves
/// `conf` (only after the new version is live).
pub fn obtain(
    s: &Settings,
    client: &Client,
    account: &StoredAccount,
    name: &str,
    conf: &RenewalConf,
    opts: &ObtainOptions,
) -> Result<Obtained> {
    let ids = conf_identifiers(conf)?;
    let method = Method::from_conf(conf)?;
    method.check(&ids)?;
    let mut solver = method.solver();
    let key_type = conf.key_type.unwrap_or(KeyType::EcdsaP256);
    let issued = issuance::issue(
        client,
        &AccountRef {
            key: &account.key,
            url: &account.record.url,
        },
        Request {
            identifiers: &ids,
            key: KeySource::Generate(key_type),
            order: OrderOptions {
                replaces: opts.replaces,
                profile: None,
            },
            preferred_chain: None,
        },
        solver.as_mut(),
        &s.out,
    )?;
    let key_pem = issued.key.as_ref().map(KeyPair::to_pem).transpose()?;
    // A first issuance saves its conf before going live: a crash between the two must never
    // leave a live certificate that `renew` does not know about (it would quietly expire).
    let conf_path = s.layout.renewal_conf(name);
    if !conf_path.exists() {
        conf.save(&conf_path, name)?;
    }
    let version = lineage::install(
        &s.layout,
        name,
        &NewVersion {
            cert_pem: &issued.cert_pem,
            chain_pem: &issued.chain_pem,
            privkey_pem: key_pem.as_deref(),
        },
    )
    .with_context(|| {
        format!("installing the new certificate for {name:?} failed; the previous one stays live")
    })?;
    conf.save(&s.layout.renewal_conf(name), name)?;
    Ok(Obtained {
        version,
        leaf: issued.leaf,
        requests: client.request_count(),
    })
}
