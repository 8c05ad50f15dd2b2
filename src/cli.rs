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
        acme issue -d example.com --webroot /var/www --key-type rsa2048 --cert-name site\n  \
        acme issue -d example.com -d '*.example.com' --dns-hook /etc/acme/dns-hook.sh\n  \
        acme issue -d '*.example.com' --dns-rfc2136 192.0.2.53 --tsig-key /etc/acme/tsig.key"
    )]
    Issue(IssueArgs),
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
    /// dns-01 by hand: print the TXT records to create and wait for Enter (needs a terminal)
    #[arg(long, help_heading = "dns-01")]
    pub dns_manual: bool,
    /// dns-01 through CMD, run by /bin/sh once per record with ACME_ACTION=add|remove,
    /// ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE (and CERTBOT_DOMAIN, CERTBOT_VALIDATION)
    #[arg(long, value_name = "CMD", help_heading = "dns-01")]
    pub dns_hook: Option<String>,
    /// dns-01 through RFC 2136 dynamic updates to this server, signed with --tsig-key
    #[arg(
        long,
        value_name = "SERVER[:PORT]",
        requires = "tsig_key",
        help_heading = "dns-01"
    )]
    pub dns_rfc2136: Option<String>,
    /// TSIG key file in BIND's format (as tsig-keygen writes it); only its path is saved
    #[arg(
        long,
        value_name = "FILE",
        requires = "dns_rfc2136",
        help_heading = "dns-01"
    )]
    pub tsig_key: Option<PathBuf>,
    /// Longest wait, in seconds, for the TXT records to show on every authoritative server
    /// [default: 120]
    #[arg(long, value_name = "SECS", help_heading = "dns-01")]
    pub dns_timeout: Option<u64>,
    /// Check propagation by asking this server only, instead of the zone's authoritative servers
    #[arg(long, value_name = "IP[:PORT]", help_heading = "dns-01")]
    pub dns_resolver: Option<String>,
    /// Lineage name under live/ and archive/ [default: the first name]
    #[arg(long, value_name = "NAME")]
    pub cert_name: Option<String>,
    /// Certificate key algorithm
    #[arg(long, default_value = "ecdsa-p256", value_name = "TYPE")]
    pub key_type: KeyType,
    #[command(flatten)]
    pub account: AccountCreation,
}
