//! dns-01 through RFC 2136 dynamic updates signed with TSIG (RFC 8945), e.g. to BIND, Knot or
//! PowerDNS. Each value is added and removed on its own, so other values of the name survive.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;

use super::dns::{DnsRecord, Publisher};
use crate::dns::{self, tsig_key::TsigKey};
use crate::output::Printer;

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
        Ok((addr, TsigKey::load(&self.key_file)?))
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
