//! Global settings resolved from the command line and environment: which CA, which config dir.

use anyhow::{Context, Result};
use std::path::PathBuf;

use crate::cli::GlobalOpts;
use crate::cli::error::usage;
use crate::cli::output::{Printer, Verbosity};
use crate::storage::Layout;
use acme::known_cas;
use acme::limits::Table;
use acme::protocol::Client;

pub struct Settings {
    pub server: String,
    /// Whether the user chose the server (`--server`, `ACME_SERVER`, `--staging`) rather than
    /// taking the default: an existing lineage otherwise keeps its own CA.
    pub server_given: bool,
    /// `--staging-server` / `ACME_STAGING_SERVER`: the staging server for every CA.
    pub staging_server: Option<String>,
    pub layout: Layout,
    pub ca_bundle: Option<PathBuf>,
    pub out: Printer,
    /// The rate-limit table guarding orders to `server` (`--rate-limits`, else the server's own).
    pub rate_limits: Option<&'static Table>,
    /// `--rate-limits` as given: the table for every server, or `none`.
    pub rate_limits_choice: Option<String>,
    /// `--ignore-limits`: place orders the ledger says the CA would refuse.
    pub ignore_limits: bool,
    /// `--max-wait`: how long to wait for validation, and again for issuance.
    pub max_wait: std::time::Duration,
    /// `--require-trusted-chain`: refuse a chain to no trusted root instead of warning.
    pub require_trusted_chain: bool,
}

impl Settings {
    pub fn from_opts(g: &GlobalOpts) -> Result<Settings> {
        let verbosity = if g.quiet {
            Verbosity::Quiet
        } else if g.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        let root = match &g.config_dir {
            Some(dir) => dir.clone(),
            None => default_config_dir()?,
        };
        if let Some(bundle) = &g.ca_bundle
            && !bundle.is_file()
        {
            return Err(usage(format!(
                "the CA bundle {} does not exist",
                bundle.display()
            )));
        }
        crate::storage::trust::check_config_dir(&root)?;
        crate::hooks::set_limit(std::time::Duration::from_secs(g.hook_timeout));
        let staging_server = g
            .staging_server
            .as_deref()
            .map(resolve_server)
            .transpose()?;
        let mut server = resolve_server(&g.server)?;
        if g.staging {
            let staging = staging_of(staging_server.as_deref(), &server);
            if staging == server && staging_server.is_none() && known_staging(&server).is_none() {
                return Err(usage(format!(
                    "--staging: no staging server is known for {server}; name it with --staging-server URL"
                )));
            }
            server = staging;
        }
        if g.non_interactive {
            crate::cli::prompt::never_ask();
        }
        let rate_limits = resolve_rate_limits(g.rate_limits.as_deref(), &server)?;
        Ok(Settings {
            server_given: g.staging,
            staging_server,
            rate_limits,
            rate_limits_choice: g.rate_limits.clone(),
            ignore_limits: g.ignore_limits,
            max_wait: std::time::Duration::from_secs(g.max_wait),
            require_trusted_chain: g.require_trusted_chain,
            server,
            layout: Layout::new(root),
            ca_bundle: g.ca_bundle.clone(),
            out: Printer::new(verbosity, g.json),
        })
    }

    /// Connects to the configured CA (fetches its directory).
    pub fn connect(&self) -> Result<Client> {
        self.connect_to(&self.server)
    }

    /// Where `--dry-run` and checks go for `server`: `--staging-server` when given, else the
    /// CA's known staging server, else the same server.
    pub fn staging_of(&self, server: &str) -> String {
        staging_of(self.staging_server.as_deref(), server)
    }

    /// Whether `server` is a staging server: the one `--staging-server` names, or a known CA's.
    pub fn is_staging(&self, server: &str) -> bool {
        self.staging_server.as_deref() == Some(server)
            || known_staging(server).as_deref() == Some(server)
    }

    /// The rate-limit table for orders to `server`: the one `--rate-limits` names, else the
    /// server's own (a known CA's), else none.
    pub fn rate_limits_for(&self, server: &str) -> Option<&'static Table> {
        // The choice was checked when the settings were made.
        resolve_rate_limits(self.rate_limits_choice.as_deref(), server).unwrap_or(None)
    }

    /// Where the commands keep lineages, confs, accounts, the ledger and their locks: the
    /// config dir (on a fleet node its working copy, kept in step with the shared store by
    /// `fleet`). Commands go through this, so another backend is chosen here alone.
    pub fn store(&self) -> Box<dyn crate::storage::store::Store> {
        Box::new(crate::storage::store::Local::new(&self.layout))
    }

    /// Connects to `server`: the extra roots of `--ca-bundle`, each request in the run log
    /// (and on stderr under `-v`), and every wait cut short by a signal.
    pub fn connect_to(&self, server: &str) -> Result<Client> {
        let mut builder = Client::builder().clock(std::sync::Arc::new(InterruptibleClock));
        if let Some(path) = &self.ca_bundle {
            let pem = std::fs::read(path)
                .with_context(|| format!("cannot read the CA bundle {}", path.display()))?;
            let roots = acme::protocol::transport::roots_from_pem(&pem).map_err(|_| {
                usage(format!(
                    "{} holds no PEM certificate; pass a PEM CA bundle",
                    path.display()
                ))
            })?;
            builder = builder.extra_roots(roots);
        }
        let trace = self.out.verbosity == Verbosity::Verbose;
        Ok(builder
            .observer(move |line| {
                crate::cli::runlog::line(line);
                if trace {
                    eprintln!("{line}");
                }
            })
            .connect(server)?)
    }
}

/// The library's clock with the command's interrupts: a signal ends any wait of the client.
struct InterruptibleClock;

impl acme::protocol::Clock for InterruptibleClock {
    fn now(&self) -> std::time::Instant {
        std::time::Instant::now()
    }

    fn sleep(&self, d: std::time::Duration) -> Result<()> {
        crate::cli::interrupt::sleep(d)
    }
}

/// The staging server for `server`: the one given, else the known one, else `server` itself.
pub fn staging_of(given: Option<&str>, server: &str) -> String {
    match given {
        Some(g) => g.to_string(),
        None => known_staging(server).unwrap_or_else(|| server.to_string()),
    }
}

/// The staging server of a known CA; a staging server is its own.
pub fn known_staging(server: &str) -> Option<String> {
    known_cas::by_directory(server)?
        .staging_directory()
        .map(str::to_string)
}

/// An alias or an `https://` directory URL.
pub fn resolve_server(s: &str) -> Result<String> {
    if let Some(ca) = known_cas::by_alias(s) {
        return Ok(ca.directory.to_string());
    }
    if s.starts_with("https://") && s.len() > "https://".len() {
        return Ok(s.to_string());
    }
    let names: Vec<&str> = known_cas::aliases().collect();
    Err(usage(format!(
        "unknown server {s:?}: give an https:// ACME directory URL or one of: {}",
        names.join(", ")
    )))
}

/// The table in force: the one named by `--rate-limits` (`none` for none), else the server's
/// own (Let's Encrypt production or staging), else none.
pub fn resolve_rate_limits(choice: Option<&str>, server: &str) -> Result<Option<&'static Table>> {
    match choice {
        None => Ok(known_cas::by_directory(server).and_then(|c| c.rate_limits)),
        Some("none") => Ok(None),
        Some(name) => known_cas::rate_limits_by_name(name).map(Some).ok_or_else(|| {
            usage(format!(
                "unknown rate-limit table {name:?}: use letsencrypt, letsencrypt-staging or none"
            ))
        }),
    }
}

/// `/etc/acme` for root, the user's data directory otherwise (`~/.local/share/acme` on Linux).
fn default_config_dir() -> Result<PathBuf> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        return Ok(PathBuf::from("/etc/acme"));
    }
    match dirs::data_dir() {
        Some(d) => Ok(d.join("acme")),
        None => Err(usage(
            "cannot find a home directory for the config dir; pass --config-dir",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use acme::known_cas::KNOWN_CAS;

    #[test]
    fn aliases_and_urls() {
        assert_eq!(
            resolve_server("letsencrypt-staging").unwrap(),
            KNOWN_CAS[1].directory
        );
        assert_eq!(
            resolve_server("https://localhost:14000/dir").unwrap(),
            "https://localhost:14000/dir"
        );
        let err = resolve_server("http://insecure.example/dir").unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&err), 2);
        assert!(
            err.to_string()
                .contains("letsencrypt, letsencrypt-staging, zerossl, google, google-staging")
        );
    }

    #[test]
    fn dry_runs_go_to_staging_when_the_ca_has_one() {
        let staging = |s: &str| staging_of(None, s);
        assert_eq!(staging(KNOWN_CAS[0].directory), KNOWN_CAS[1].directory);
        assert_eq!(staging(KNOWN_CAS[1].directory), KNOWN_CAS[1].directory);
        assert_eq!(staging(KNOWN_CAS[3].directory), KNOWN_CAS[4].directory);
        assert_eq!(staging(KNOWN_CAS[2].directory), KNOWN_CAS[2].directory);
        assert_eq!(known_staging(KNOWN_CAS[2].directory), None);
        let local = "https://localhost:14000/dir";
        assert_eq!(staging(local), local);
        assert_eq!(staging_of(Some("https://b/dir"), local), "https://b/dir");
    }

    #[test]
    fn the_rate_limit_table_follows_the_server_unless_chosen() {
        let prod = resolve_server("letsencrypt").unwrap();
        let staging = resolve_server("letsencrypt-staging").unwrap();
        let other = "https://localhost:14000/dir";
        let name = |t: Option<&Table>| t.map(|t| t.name);
        assert_eq!(
            name(resolve_rate_limits(None, &prod).unwrap()),
            Some("letsencrypt")
        );
        assert_eq!(
            name(resolve_rate_limits(None, &staging).unwrap()),
            Some("letsencrypt-staging")
        );
        assert_eq!(name(resolve_rate_limits(None, other).unwrap()), None);
        assert_eq!(
            name(resolve_rate_limits(Some("letsencrypt"), other).unwrap()),
            Some("letsencrypt")
        );
        assert_eq!(
            name(resolve_rate_limits(Some("none"), &prod).unwrap()),
            None
        );
        let err = resolve_rate_limits(Some("zerossl"), other).unwrap_err();
        assert_eq!(crate::cli::error::exit_code(&err), 2);
    }
}
