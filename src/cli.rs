//! The command line: clap derive types only.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use crate::crypto::KeyType;

const ABOUT: &str =
    "Get and renew TLS certificates from Let's Encrypt and other ACME (RFC 8555) CAs";

const EXAMPLES: &str = "\
Examples:
  acme register --email me@example.com --agree-tos
  acme issue -d example.com -d www.example.com --webroot /var/www/html
  acme renew -q                      # from cron or a systemd timer
  acme list

Exit codes: 0 success (including nothing to renew), 1 the operation failed,
2 usage or configuration error.";

#[derive(Debug, Parser)]
#[command(name = "acme", version, about = ABOUT, after_help = EXAMPLES, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalOpts {
    /// ACME directory URL, or one of: letsencrypt, letsencrypt-staging, zerossl, google, google-staging
    #[arg(
        long,
        global = true,
        env = "ACME_SERVER",
        default_value = "letsencrypt",
        value_name = "URL|ALIAS"
    )]
    pub server: String,
    /// Where accounts, certificates and renewal settings live
    /// [default: /etc/acme for root, else ~/.local/share/acme]
    #[arg(long, global = true, env = "ACME_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// Extra trusted root certificates (PEM) for HTTPS to the CA; the system's roots still apply
    #[arg(long, global = true, env = "ACME_CA_BUNDLE", value_name = "PEM")]
    pub ca_bundle: Option<PathBuf>,
    /// Print nothing but errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Show each request to the CA and more detail
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Print the result as JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or find) the ACME account for the server
    #[command(
        after_help = "Examples:\n  acme register --email me@example.com --agree-tos\n  \
        acme register --agree-tos --eab-kid KID --eab-hmac-key KEY --server zerossl"
    )]
    Register(RegisterArgs),
    /// Obtain a certificate and store it under live/<name>/
    #[command(
        after_help = "Examples:\n  acme issue -d example.com --webroot /var/www/html\n  \
        acme issue -w /srv/a -d a.example -d www.a.example -w /srv/b -d b.example\n  \
        acme issue -d example.com --webroot /var/www --key-type rsa2048 --cert-name site"
    )]
    Issue(IssueArgs),
    /// Renew every certificate that is due (run it from cron or a systemd timer)
    #[command(
        after_help = "Examples:\n  acme renew -q                      # twice a day from cron\n  \
        acme renew --cert-name example.com --force\n  \
        acme renew --dry-run               # the whole renewal against the staging CA, saving nothing\n\n\
        Hooks run with sh -c. deploy-hook: once per renewed certificate, with RENEWED_LINEAGE\n\
        (its live dir) and RENEWED_DOMAINS (its names). pre-hook: once before the first renewal,\n\
        with ACME_DUE. post-hook: once after all, with ACME_RENEWED and ACME_FAILED (lineage names,\n\
        space-separated). A failing hook makes the exit code 1."
    )]
    Renew(RenewArgs),
    /// List the certificates, when each expires and when it will be renewed
    #[command(visible_alias = "certificates")]
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct AccountCreation {
    /// Contact email for the account (optional)
    #[arg(long, short = 'm', value_name = "ADDR")]
    pub email: Vec<String>,
    /// Agree to the CA's terms of service (shown by `acme register` without this flag)
    #[arg(long)]
    pub agree_tos: bool,
    /// External Account Binding key identifier, from the CA (ZeroSSL, Google, private CAs)
    #[arg(long, requires = "eab_hmac_key", value_name = "ID")]
    pub eab_kid: Option<String>,
    /// External Account Binding HMAC key (base64url), from the CA
    #[arg(
        long,
        requires = "eab_kid",
        value_name = "KEY",
        env = "ACME_EAB_HMAC_KEY",
        hide_env_values = true
    )]
    pub eab_hmac_key: Option<String>,
    /// Account key algorithm
    #[arg(long, default_value = "ecdsa-p256", value_name = "TYPE")]
    pub account_key_type: KeyType,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[command(flatten)]
    pub account: AccountCreation,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// A name for the certificate (repeat for several); IDNs and IP addresses are accepted
    #[arg(short = 'd', long = "domain", value_name = "NAME", required = true)]
    pub domains: Vec<String>,
    /// http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root
    /// given before it
    #[arg(short = 'w', long, value_name = "DIR")]
    pub webroot: Vec<PathBuf>,
    /// Lineage name under live/ and archive/ [default: the first name]
    #[arg(long, value_name = "NAME")]
    pub cert_name: Option<String>,
    /// Certificate key algorithm
    #[arg(long, default_value = "ecdsa-p256", value_name = "TYPE")]
    pub key_type: KeyType,
    #[command(flatten)]
    pub account: AccountCreation,
    #[command(flatten)]
    pub hooks: HookArgs,
}

/// Hook commands; given to `issue`, they are saved and used by every renewal.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// Run once before renewals start (e.g. stop a server holding port 80)
    #[arg(long, value_name = "CMD")]
    pub pre_hook: Option<String>,
    /// Run once after all renewal attempts (e.g. start it again)
    #[arg(long, value_name = "CMD")]
    pub post_hook: Option<String>,
    /// Run once per renewed certificate (e.g. `systemctl reload nginx`)
    #[arg(long, value_name = "CMD")]
    pub deploy_hook: Option<String>,
}

#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Renew when the certificate expires within N days (overrides the default of a third of
    /// its lifetime left, and `renew_before_days` in its renewal conf)
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    /// Only this lineage (repeat for several) [default: all]
    #[arg(long, value_name = "NAME")]
    pub cert_name: Vec<String>,
    /// Renew even if not due
    #[arg(long)]
    pub force: bool,
    /// Do the whole renewal against the CA's staging server (or the same server when it has
    /// none), saving nothing; pre- and post-hooks run, deploy hooks do not
    #[arg(long)]
    pub dry_run: bool,
    /// Renew up to N certificates at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub jobs: u32,
    #[command(flatten)]
    pub hooks: HookArgs,
    /// Do not sleep a random time before contacting the CA (done only when not on a terminal,
    /// so that cron runs everywhere do not hit the CA at the same second); also ACME_NO_RANDOM_SLEEP=1
    #[arg(long)]
    pub no_random_sleep: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this lineage (repeat for several) [default: all]
    #[arg(long, value_name = "NAME")]
    pub cert_name: Vec<String>,
}
