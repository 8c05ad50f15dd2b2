//! dns-01 through RFC 2136 dynamic updates signed with TSIG (RFC 8945), e.g. to BIND, Knot or
//! PowerDNS. Each value is added and removed on its own, so other values of the name survive.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

use super::dns::{DnsRecord, Publisher};
use crate::cli::output::Printer;
use acme::dns::{self, tsig_key::TsigKey};

pub struct Rfc2136 {
    server: String,
    key_file: PathBuf,
    /// (zone, record) for each value sent, so removal goes to the same zone.
    added: Vec<(String, DnsRecord)>,
}

impl Rfc2136 {
    pub fn new(server: String, key_file: PathBuf) -> Rfc2136 {
        Rfc2136 {
            server,
            key_file,
            added: Vec::new(),
        }
    }

    fn target(&self) -> Result<(std::net::SocketAddr, TsigKey)> {
        let addr = dns::parse_server(&self.server, 53).map_err(anyhow::Error::msg)?;
        Ok((addr, load_tsig_key(&self.key_file)?))
    }
}

impl Publisher for Rfc2136 {
    fn add(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()> {
        let (addr, key) = self.target()?;
        for r in records {
            let zone = dns::find_zone(addr, &r.txt_name, false)
                .with_context(|| format!("cannot find the zone of {} at {addr}", r.txt_name))?;
            out.detail(&format!(
                "RFC 2136: adding {} TXT \"{}\" in zone {zone} at {addr} (key {:?})",
                r.txt_name, r.value, key.name
            ));
            self.added.push((zone.clone(), r.clone()));
            dns::update_txt(addr, &zone, &r.txt_name, &r.value, true, &key)?;
        }
        Ok(())
    }

    fn remove(&mut self, _records: &[DnsRecord], out: &Printer) -> Result<()> {
        let (addr, key) = self.target()?;
        let mut failed = Vec::new();
        for (zone, r) in std::mem::take(&mut self.added) {
            out.detail(&format!(
                "RFC 2136: removing {} TXT \"{}\"",
                r.txt_name, r.value
            ));
            if let Err(e) = dns::update_txt(addr, &zone, &r.txt_name, &r.value, false, &key) {
                failed.push(format!("{e:#}"));
            }
        }
        if !failed.is_empty() {
            bail!("{}", failed.join("\n"));
        }
        Ok(())
    }
}

/// Reads a TSIG key file: it must be private (0600, ours or root's), as a secret is.
pub fn load_tsig_key(path: &std::path::Path) -> Result<TsigKey> {
    let bytes = crate::storage::fsutil::read_private(path, "the TSIG key file")?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("the TSIG key file {} is not text", path.display()))?;
    acme::dns::tsig_key::parse(&text).with_context(|| {
        format!(
            "{} is not a TSIG key file like `key \"name\" {{ algorithm hmac-sha256; secret \"…\"; }};` (as tsig-keygen writes)",
            path.display()
        )
    })
}
