//! dns-01 by hand: show every record at once, wait for Enter, and remind the user to delete them.

use anyhow::{Context, Result, bail};
use std::io::BufRead;

use super::dns::{DnsRecord, Publisher};
use crate::cli::output::Printer;

pub struct Manual;

impl Publisher for Manual {
    fn add(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()> {
        let lines: Vec<String> = records.iter().map(DnsRecord::zone_line).collect();
        out.prompt(&format!(
            "Create these DNS TXT records (a name may need several values at once; keep them all):\n\n  {}\n\nPress Enter when they are published; acme then checks that the DNS servers show them.",
            lines.join("\n  ")
        ));
        let mut line = String::new();
        let n = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read from the terminal")?;
        if n == 0 {
            bail!("stdin closed before the records were confirmed; nothing was validated");
        }
        Ok(())
    }

    fn remove(&mut self, records: &[DnsRecord], out: &Printer) -> Result<()> {
        let lines: Vec<String> = records.iter().map(DnsRecord::zone_line).collect();
        out.note(&format!(
            "You can now delete these TXT records:\n  {}",
            lines.join("\n  ")
        ));
        Ok(())
    }

    fn removes(&self) -> bool {
        false
    }
}
