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
    /// Take over certbot's certificates, renewal settings and accounts (its tree is left unchanged)
    #[command(
        name = "import-certbot",
        after_help = "Examples:\n  acme import-certbot\n  acme import-certbot --from /srv/letsencrypt"
    )]
    ImportCertbot(ImportCertbotArgs),
}

#[derive(Debug, Args)]
pub struct ImportCertbotArgs {
    /// certbot's config dir
    #[arg(long, value_name = "DIR", default_value = "/etc/letsencrypt")]
    pub from: PathBuf,
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
    #[arg(
        short = 'd',
        long = "domain",
        value_name = "NAME",
        required_unless_present = "csr"
    )]
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
    /// Issue for your own CSR (PEM or DER): the names come from it and no private key is written;
    /// renewals reuse a copy of it
    #[arg(long, value_name = "FILE", conflicts_with_all = ["key_type", "reuse_key"])]
    pub csr: Option<PathBuf>,
    /// Keep the lineage's current private key on renewal (the default is a fresh key each time)
    #[arg(long)]
    pub reuse_key: bool,
    /// Prefer the chain whose top certificate is issued by this common name
    #[arg(long, value_name = "ISSUER_CN")]
    pub preferred_chain: Option<String>,
    /// ACME profile to request, as offered by the CA's directory (e.g. tlsserver, shortlived)
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    #[command(flatten)]
    pub account: AccountCreation,
}
