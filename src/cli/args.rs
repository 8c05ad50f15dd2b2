//! The command line: clap derive types only.
// Doc comments here are clap's help text, written for a terminal: `<name>` is a placeholder
// there, not an HTML tag.
#![allow(rustdoc::invalid_html_tags)]

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use acme::crypto::KeyType;

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

/// The default `--hook-timeout`, in seconds. Above systemd's default job timeout (90 s), so a slow
/// `systemctl reload` or `restart` (a stop and a start of up to 90 s each) reports its own
/// error first; short enough that a hung hook frees the lineage lock within one cron period.
/// DNS hooks that wait for propagation fit in it too (it was their limit before).
pub const HOOK_TIMEOUT_DEFAULT: u64 = 300;

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
        help_heading = "Global options",
        env = "ACME_SERVER",
        default_value = "letsencrypt",
        value_name = "URL|ALIAS",
        value_parser = ServerParser,
        hide_possible_values = true
    )]
    pub server: String,
    /// Use the CA's staging server (Let's Encrypt's unless --server names another CA); certbot's
    /// --test-cert
    #[arg(
        long,
        visible_alias = "test-cert",
        global = true,
        help_heading = "Global options"
    )]
    pub staging: bool,
    /// The directory --staging, --dry-run and `reconfigure`'s check use as the staging server
    /// [default: the known one of the CA: letsencrypt-staging for letsencrypt, google-staging for
    /// google, else the same server]
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACME_STAGING_SERVER",
        value_name = "URL|ALIAS"
    )]
    pub staging_server: Option<String>,
    /// Never ask (acme asks only on a terminal; without one, what needs a confirmation needs --yes)
    #[arg(
        short = 'n',
        long,
        visible_alias = "noninteractive",
        global = true,
        help_heading = "Global options"
    )]
    pub non_interactive: bool,
    /// Where accounts, certificates and renewal settings live
    /// [default: /etc/acme for root, else ~/.local/share/acme]
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACME_CONFIG_DIR",
        value_name = "DIR"
    )]
    pub config_dir: Option<PathBuf>,
    /// Extra trusted root certificates (PEM) for HTTPS to the CA; the system's roots still apply
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACME_CA_BUNDLE",
        value_name = "PEM"
    )]
    pub ca_bundle: Option<PathBuf>,
    /// Print nothing but errors
    #[arg(
        short,
        long,
        global = true,
        help_heading = "Global options",
        conflicts_with = "verbose"
    )]
    pub quiet: bool,
    /// Show each request to the CA and more detail
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub verbose: bool,
    /// Print the result as JSON on stdout
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,
    /// Rate-limit table to guard against [default: the server's own for Let's Encrypt
    /// production and staging, none for other CAs]
    #[arg(long, global = true, help_heading = "Global options", env = "ACME_RATE_LIMITS", value_name = "TABLE",
          value_parser = ["letsencrypt", "letsencrypt-staging", "none"])]
    pub rate_limits: Option<String>,
    /// Place the order even if this machine's ledger says the CA would refuse it
    #[arg(long, global = true, help_heading = "Global options")]
    pub ignore_limits: bool,
    /// Stop a hook (pre, post, deploy, DNS) still running after this many seconds
    #[arg(long, global = true, help_heading = "Global options", env = "ACME_HOOK_TIMEOUT",
          value_name = "SECONDS", default_value_t = HOOK_TIMEOUT_DEFAULT,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub hook_timeout: u64,
    /// Where the log of each run is kept (acme.log, rotated at 1 MiB, 5 kept)
    /// [default: log/ in the config dir]
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACME_LOG_DIR",
        value_name = "DIR"
    )]
    pub log_dir: Option<PathBuf>,
    /// The longest acme waits for the CA to validate the names, and again for it to issue the
    /// certificate after finalizing (some CAs issue asynchronously, over minutes)
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACME_MAX_WAIT",
        value_name = "SECONDS",
        default_value_t = 900,
        value_parser = clap::value_parser!(u64).range(0..=86400)
    )]
    pub max_wait: u64,
    /// Refuse a certificate whose chain leads to no root this machine trusts (the system's,
    /// or --ca-bundle); without it such a chain is installed with a warning. Given to issue or
    /// reconfigure, it is saved for the certificate's renewals
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "ACME_REQUIRE_TRUSTED_CHAIN"
    )]
    pub require_trusted_chain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create (or find) the ACME account for the server
    #[command(
        after_help = "Examples:\n  acme register --email me@example.com --agree-tos\n  \
        acme register --agree-tos --eab-kid KID --eab-hmac-key KEY --server zerossl"
    )]
    Register(RegisterArgs),
    /// Obtain a certificate and store it under live/<name>/ (safe to re-run: nothing is ordered
    /// while the certificate is not due)
    #[command(
        visible_alias = "certonly",
        after_help = "Examples:\n  acme issue -d example.com --webroot /var/www/html\n  \
        acme issue -w /srv/a -d a.example -d www.a.example -w /srv/b -d b.example\n  \
        acme issue -d example.com --webroot /var/www --key-type rsa2048 --cert-name site\n  \
        acme issue -d example.com --standalone\n  \
        acme issue -d example.com --tls-alpn --tls-port 8443   # with 443 forwarded to 8443\n  \
        acme issue -d example.com -d '*.example.com' --dns-hook /etc/acme/dns-hook.sh\n  \
        acme issue -d '*.example.com' --dns-rfc2136 192.0.2.53 --tsig-key /etc/acme/tsig.key"
    )]
    Issue(IssueArgs),
    /// Renew every certificate that is due (run it from cron or a systemd timer)
    #[command(
        after_help = "Examples:\n  acme renew -q                      # every hour from cron\n  \
        acme renew --cert-name example.com --force\n  \
        acme renew --dry-run               # the whole renewal against the staging CA, saving nothing\n\n\
        Hooks run with sh -c. deploy-hook: once per renewed certificate, with RENEWED_LINEAGE\n\
        (its live dir) and RENEWED_DOMAINS (its names). pre-hook: once before the first renewal,\n\
        with ACME_DUE. post-hook: once after all, with ACME_RENEWED and ACME_FAILED (lineage names,\n\
        space-separated). failure-hook: after each failed renewal and after the first success\n\
        following failures, with ACME_EVENT (failure|recovery), ACME_CERT_NAME, ACME_DOMAINS,\n\
        ACME_CONSECUTIVE_FAILURES, ACME_ERROR, ACME_PROBLEM_TYPE, ACME_PROBLEM_DETAIL,\n\
        ACME_PROBLEM_SUBPROBLEMS, ACME_ACTION_NEEDED. A failing hook makes the exit code 1.\n\n\
        A lineage that keeps failing waits between attempts (1 h, doubling, at most 24 h, less\n\
        near expiry); --force tries at once."
    )]
    Renew(RenewArgs),
    /// List the certificates, when each expires and when it will be renewed
    #[command(
        visible_alias = "certificates",
        after_help = "Examples:\n  acme list\n  acme list --cert-name example.com --json"
    )]
    List(ListArgs),
    /// Check every certificate for monitoring (Nagios/Icinga exit codes) and optionally write
    /// Prometheus metrics
    #[command(after_help = CHECK_HELP)]
    Check(CheckArgs),
    /// Revoke a certificate (with the account, or with the certificate's own key)
    #[command(after_help = REVOKE_HELP)]
    Revoke(RevokeArgs),
    /// Change a certificate's saved settings without issuing (checked by a dry run on staging)
    #[command(
        after_help = "Only the settings given change; the others are kept. The new settings are \
        first checked by a dry run\nagainst the CA's staging server when it has one (--staging-server \
        names one); --no-dry-run skips it.\n\nExamples:\n  \
        acme reconfigure --cert-name example.com --deploy-hook 'systemctl reload nginx'\n  \
        acme reconfigure --cert-name example.com --webroot /srv/www --key-type ecdsa-p384\n  \
        acme reconfigure --cert-name example.com --standalone --no-dry-run"
    )]
    Reconfigure(ReconfigureArgs),
    /// Delete a certificate's files and renewal settings (it is not revoked)
    #[command(
        after_help = "Removes live/<name> (with its version directories), archive/<name>/ and \
        renewal/<name>.conf.\nThe certificate stays valid at the CA; `acme revoke --cert-name NAME --delete` \
        revokes it first.\nOn a fleet node it is deleted from the fleet's store too, and every node removes it at \
        its next sync.\n\nExamples:\n  acme delete --cert-name old.example.com\n  \
        acme delete --cert-name old.example.com --yes   # from a script"
    )]
    Delete(DeleteArgs),
    /// Show or change the ACME account: contacts, key rollover, deactivation
    #[command(
        subcommand,
        after_help = "Examples:\n  acme account show\n  acme account update --email me@example.com\n  \
        acme account rollover\n  acme account deactivate --yes"
    )]
    Account(AccountCommand),
    /// Show the CA's rate limits and what this machine has used of them
    #[command(
        after_help = "Examples:\n  acme limits\n  acme limits --json --server letsencrypt-staging"
    )]
    Limits,
    /// List the certificate profiles the CA offers (name, description)
    #[command(
        after_help = "Examples:\n  acme profiles\n  acme profiles --server letsencrypt --json\n\n\
        Let's Encrypt offers classic (90 days, the default), tlsserver (45 days) and shortlived\n\
        (160 hours, also for IP addresses); tlsserver and shortlived allow at most 25 names."
    )]
    Profiles,
    /// Take over certbot's certificates, renewal settings and accounts (its tree is left unchanged)
    #[command(
        name = "import-certbot",
        after_help = "Examples:\n  acme import-certbot\n  acme import-certbot --from /srv/letsencrypt"
    )]
    ImportCertbot(ImportCertbotArgs),
    /// Share certificates, accounts, locks and http-01 answers with other nodes through etcd
    #[command(subcommand, after_help = FLEET_HELP)]
    Fleet(FleetCommand),
    /// Bring this node's certificates in step with its fleet (once, or following it with --watch)
    #[command(
        after_help = "Installs every version the fleet has and this node lacks (running this node's deploy\n\
        hooks for each), and shares what only this node has. With --watch it then follows the\n\
        fleet: new versions within moments, lineages deleted on another node removed, other nodes'\n\
        http-01 answers written into this node's web root (fleet.conf `webroot`) and their\n\
        tls-alpn-01 answers served on its address (fleet.conf `tls_alpn`) while they last.\n\nExamples:\n  \
        acme sync\n  acme sync --watch              # as a service on every node"
    )]
    Sync(SyncArgs),
}

#[derive(Debug, Args)]
pub struct ImportCertbotArgs {
    /// certbot's config dir
    #[arg(long, value_name = "DIR", default_value = "/etc/letsencrypt")]
    pub from: PathBuf,
}

const REVOKE_HELP: &str = "\
Reasons (RFC 5280): unspecified (0), keyCompromise (1), cACompromise (2), affiliationChanged (3),
superseded (4), cessationOfOperation (5), certificateHold (6), removeFromCRL (8),
privilegeWithdrawn (9), aACompromise (10). Let's Encrypt accepts only 0, 1, 4 and 5.

A certificate that is already revoked is reported and counts as success (exit 0).

Examples:
  acme revoke --cert-name example.com --reason superseded
  acme revoke --cert-path cert.pem --key-path privkey.pem --reason keyCompromise
  acme revoke --cert-name old.example.com --delete --yes";

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
    #[arg(long, default_value = "ecdsa-p256", value_name = "TYPE", value_parser = key_type())]
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
        visible_alias = "domains",
        value_name = "NAME[,NAME...]",
        value_delimiter = ',',
        required_unless_present_any = ["csr", "cert_name"]
    )]
    pub domains: Vec<String>,
    /// http-01 through this web root; `-w A -d x -w B -d y` serves each name from the web root
    /// given before it (certbot's `--webroot -w DIR` works too)
    #[arg(short = 'w', long, visible_alias = "webroot-path", value_name = "DIR", num_args = 0..=1,
          default_missing_value = "",
          value_parser = clap::builder::TypedValueParser::map(clap::builder::OsStringValueParser::new(), PathBuf::from))]
    pub webroot: Vec<PathBuf>,
    /// http-01 answered by acme itself on port 80 (nothing may listen there meanwhile)
    #[arg(long, conflicts_with_all = ["webroot", "tls_alpn"])]
    pub standalone: bool,
    /// Port for --standalone (the CA always connects to port 80; use another only behind a
    /// port forward) [default: 80]
    #[arg(long, value_name = "PORT")]
    pub http_port: Option<u16>,
    /// Address for --standalone to listen on [default: all]
    #[arg(long, value_name = "IP")]
    pub http_address: Option<std::net::IpAddr>,
    /// tls-alpn-01 (RFC 8737) answered by acme itself on port 443 (nothing may listen there
    /// meanwhile)
    #[arg(long, conflicts_with_all = ["webroot", "standalone"])]
    pub tls_alpn: bool,
    /// Port for --tls-alpn (the CA always connects to port 443; use another only behind a
    /// port forward) [default: 443]
    #[arg(long, value_name = "PORT")]
    pub tls_port: Option<u16>,
    /// Address for --tls-alpn to listen on [default: all]
    #[arg(long, value_name = "IP")]
    pub tls_address: Option<std::net::IpAddr>,
    /// For http-01, fetch each challenge from this address (with the name as Host) instead of
    /// resolving the name, before the CA is asked
    #[arg(long, value_name = "IP:PORT", conflicts_with_all = ["no_self_check", "tls_alpn"])]
    pub self_check_via: Option<std::net::SocketAddr>,
    /// Do not fetch http-01 challenges from this host before the CA is asked (e.g. hairpin NAT)
    #[arg(long)]
    pub no_self_check: bool,
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
    /// dns-persist-01: one lasting TXT record at _validation-persist.<name> naming the CA and
    /// the account; published once with --dns-hook/--dns-rfc2136 (else printed for you to
    /// create), then only read: renewals write nothing to DNS
    #[arg(long, help_heading = "dns-01")]
    pub dns_persist: bool,
    /// With --dns-persist: the record authorizes issuance until this time (its persistUntil,
    /// RFC 3339, e.g. 2027-06-01T00:00:00Z); `acme list` warns 30 days before
    #[arg(
        long,
        value_name = "TIME",
        requires = "dns_persist",
        help_heading = "dns-01"
    )]
    pub dns_persist_until: Option<String>,
    /// Longest wait, in seconds, for the TXT records to show on every authoritative server
    /// [default: 120]
    #[arg(long, value_name = "SECS", help_heading = "dns-01")]
    pub dns_timeout: Option<u64>,
    /// Check propagation by asking this server only, instead of the zone's authoritative servers
    #[arg(long, value_name = "IP[:PORT]", help_heading = "dns-01")]
    pub dns_resolver: Option<String>,
    /// certbot's manual mode: prove control with --manual-auth-hook (accepted for certbot's
    /// command lines; the hook is what selects it)
    #[arg(
        long,
        requires = "manual_auth_hook",
        help_heading = "certbot manual hooks"
    )]
    pub manual: bool,
    /// Run CMD (by /bin/sh) once per challenge before the CA checks it, with certbot's
    /// CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN (http-01), CERTBOT_REMAINING_CHALLENGES
    /// and CERTBOT_ALL_DOMAINS; saved for renewal
    #[arg(long, value_name = "CMD", help_heading = "certbot manual hooks")]
    pub manual_auth_hook: Option<String>,
    /// Run CMD once per challenge afterwards, whatever happened, with the same variables and
    /// CERTBOT_AUTH_OUTPUT (what the auth hook printed)
    #[arg(
        long,
        value_name = "CMD",
        requires = "manual_auth_hook",
        help_heading = "certbot manual hooks"
    )]
    pub manual_cleanup_hook: Option<String>,
    /// The challenge the manual hooks answer: http-01 (the default) or dns-01 (certbot's
    /// spellings http and dns too; the first of a comma-separated list counts)
    #[arg(long, value_name = "TYPE", value_delimiter = ',', requires = "manual_auth_hook",
          value_parser = ["http-01", "dns-01", "http", "dns"], help_heading = "certbot manual hooks")]
    pub preferred_challenges: Vec<String>,
    /// Lineage name under live/ and archive/ [default: the lineage with exactly these names, else
    /// the first name]; an existing lineage gets exactly the requested names (-d may be left out)
    #[arg(long, value_name = "NAME")]
    pub cert_name: Option<String>,
    /// Issue even if the lineage is not due for renewal
    #[arg(long, visible_alias = "force-renewal", help_heading = "Re-running")]
    pub force: bool,
    /// Keep the certificate while it is not due (the default; certbot's spelling, also --keep)
    #[arg(
        long,
        visible_alias = "keep",
        conflicts_with = "force",
        help_heading = "Re-running"
    )]
    pub keep_until_expiring: bool,
    /// Add the requested names to the lineage whose names they include
    #[arg(long, conflicts_with = "duplicate", help_heading = "Re-running")]
    pub expand: bool,
    /// Make a separate lineage even though the names overlap an existing one
    #[arg(long, help_heading = "Re-running")]
    pub duplicate: bool,
    /// Let --staging/--test-cert move an existing production lineage to the staging server,
    /// replacing its certificate by an untrusted one (certbot's spelling)
    #[arg(long, help_heading = "Re-running")]
    pub break_my_certs: bool,
    /// Do the whole issuance against the CA's staging server (see --staging-server), saving
    /// nothing; pre- and post-hooks run, the deploy hook does not
    #[arg(long)]
    pub dry_run: bool,
    /// Certificate key algorithm
    #[arg(long, default_value = "ecdsa-p256", value_name = "TYPE", value_parser = key_type())]
    pub key_type: KeyType,
    /// Issue for your own CSR (PEM or DER): the names come from it and no private key is written;
    /// renewals reuse a copy of it
    #[arg(long, value_name = "FILE", conflicts_with_all = ["key_type", "reuse_key"])]
    pub csr: Option<PathBuf>,
    /// Keep the lineage's current private key on renewal (the default is a fresh key each time)
    #[arg(long)]
    pub reuse_key: bool,
    /// A fresh key on each renewal again (undoes a saved --reuse-key)
    #[arg(long, conflicts_with = "reuse_key")]
    pub no_reuse_key: bool,
    /// Install a chain that leads to no trusted root with a warning again (undoes a
    /// --require-trusted-chain saved for this certificate)
    #[arg(long, conflicts_with = "require_trusted_chain")]
    pub no_require_trusted_chain: bool,
    /// Prefer the chain whose top certificate is issued by this common name
    #[arg(long, value_name = "ISSUER_CN")]
    pub preferred_chain: Option<String>,
    /// ACME profile to request, as offered by the CA's directory (e.g. tlsserver, shortlived)
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// A CA to try when the lineage's own cannot issue for reasons on its side (server errors,
    /// unreachable, a long rate limit), never for a failed validation; repeat for several, tried
    /// in order. Each needs an account here first (`acme register --server URL`, with EAB if
    /// the CA asks for it). Replaces the saved list
    #[arg(long, value_name = "URL|ALIAS", value_parser = ServerParser, hide_possible_values = true,
          help_heading = "Fallback CAs")]
    pub fallback_server: Vec<String>,
    /// Forget the saved fallback CAs
    #[arg(
        long,
        conflicts_with = "fallback_server",
        help_heading = "Fallback CAs"
    )]
    pub no_fallback_server: bool,
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
    /// Run when a renewal fails, and when one works again after failures (ACME_EVENT=failure
    /// or recovery; details in ACME_* variables), e.g. to send mail
    #[arg(long, value_name = "CMD")]
    pub failure_hook: Option<String>,
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
    #[arg(long, visible_alias = "force-renewal")]
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
    /// Write Prometheus metrics of every lineage here after the run, e.g. into node_exporter's
    /// textfile directory [default: <config-dir>/metrics.prom]
    #[arg(long, value_name = "PATH", env = "ACME_METRICS_FILE")]
    pub metrics_file: Option<PathBuf>,
}

const CHECK_HELP: &str = "\
Prints one status line, then one line per problem: expiring or expired, last renewal failed,
backed off after failures, the CA needs you to act, a lineage that cannot be read, an order
finalized over a day ago whose certificate is not collected yet (see `acme list`).

Exit codes (Nagios/Icinga plugin): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (a lineage cannot
be read, or there are no certificates). The worst applies: CRITICAL, then UNKNOWN, then WARNING.

Examples:
  acme check
  acme check --warn-days 21 --crit-days 7
  acme check --metrics-file /var/lib/prometheus/node-exporter/acme.prom";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// WARNING when a certificate expires within N days [default: 14, or a fifth of its
    /// lifetime if shorter]
    #[arg(long, value_name = "N")]
    pub warn_days: Option<u32>,
    /// CRITICAL when a certificate expires within N days [default: 7, or a tenth of its
    /// lifetime if shorter]
    #[arg(long, value_name = "N")]
    pub crit_days: Option<u32>,
    /// Also write Prometheus metrics of every lineage to PATH (atomically)
    #[arg(long, value_name = "PATH")]
    pub metrics_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this lineage (repeat for several) [default: all]
    #[arg(long, value_name = "NAME")]
    pub cert_name: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["cert_name", "cert_path"]))]
pub struct RevokeArgs {
    /// The lineage whose live certificate to revoke (it is then marked revoked for `renew`)
    #[arg(long, value_name = "NAME")]
    pub cert_name: Option<String>,
    /// A certificate file (PEM; the first certificate in it is revoked)
    #[arg(long, value_name = "FILE")]
    pub cert_path: Option<PathBuf>,
    /// Why: a reason name or number (see below); Let's Encrypt accepts only 0, 1, 4, 5
    #[arg(long, value_name = "REASON", value_parser = ReasonParser, hide_possible_values = true)]
    pub reason: Option<String>,
    /// Sign with the certificate's private key instead of the account (works without an account)
    #[arg(long, value_name = "KEY")]
    pub key_path: Option<PathBuf>,
    /// Afterwards delete the lineage's live/, archive/ and renewal conf (asks first)
    #[arg(long, conflicts_with = "cert_path")]
    pub delete: bool,
    /// Do not ask before deleting
    #[arg(long, short = 'y', requires = "delete")]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ReconfigureArgs {
    /// Save without checking the new settings by a dry run against the staging server
    #[arg(long)]
    pub no_dry_run: bool,
    /// The settings, as `acme issue` takes them (--cert-name is required; -d, --csr, --expand,
    /// --duplicate, --force and --dry-run are not for reconfigure)
    #[command(flatten)]
    pub settings: IssueArgs,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The lineage to delete
    #[arg(long, value_name = "NAME")]
    pub cert_name: String,
    /// Do not ask for confirmation (needed without a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Show the account as the CA sees it: URL, status, contacts, key type, server
    #[command(
        after_help = "Examples:\n  acme account show\n  acme account show --json --server letsencrypt-staging"
    )]
    Show,
    /// Replace the account's contact addresses
    #[command(
        after_help = "Examples:\n  acme account update --email ops@example.com --email me@example.com"
    )]
    Update(AccountUpdateArgs),
    /// Replace the account key with a new one (RFC 8555 key change)
    #[command(
        after_help = "Examples:\n  acme account rollover\n  acme account rollover --key-type ecdsa-p384"
    )]
    Rollover(AccountRolloverArgs),
    /// Deactivate the account for good (asks first)
    #[command(
        after_help = "Examples:\n  acme account deactivate\n  acme account deactivate --yes   # from a script"
    )]
    Deactivate(AccountDeactivateArgs),
}

#[derive(Debug, Args)]
pub struct AccountUpdateArgs {
    /// Contact email (repeat for several); replaces the current ones
    #[arg(long, short = 'm', value_name = "ADDR", required = true)]
    pub email: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AccountRolloverArgs {
    /// Algorithm of the new account key [default: the current key's]
    #[arg(long, value_name = "TYPE", value_parser = key_type())]
    pub key_type: Option<KeyType>,
}

#[derive(Debug, Args)]
pub struct AccountDeactivateArgs {
    /// Do not ask for confirmation
    #[arg(long, short = 'y')]
    pub yes: bool,
}

// Value parsers that also tell help and shell completion the values an option takes.

/// Key types complete and parse by their names (`ecdsa-p256`, `rsa2048`, ...).
fn key_type() -> impl clap::builder::TypedValueParser<Value = KeyType> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(KeyType::ALL.map(KeyType::as_str))
        .map(|name| name.parse::<KeyType>().expect("a listed key type parses"))
}

/// `--server`: any URL is accepted (checked later, with a hint); completion offers the aliases.
#[derive(Clone)]
struct ServerParser;

impl clap::builder::TypedValueParser for ServerParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::NonEmptyStringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            acme::known_cas::aliases().map(clap::builder::PossibleValue::new),
        ))
    }
}

/// `--reason`: a name (any case) or number, checked at parse time; completion offers the names.
#[derive(Clone)]
struct ReasonParser;

impl clap::builder::TypedValueParser for ReasonParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let text = value.to_string_lossy();
        acme::protocol::revoke::parse_reason(&text).map_err(|msg| {
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{msg}\n")).with_cmd(cmd)
        })?;
        Ok(text.into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            acme::protocol::revoke::REASONS
                .iter()
                .map(|(name, _)| clap::builder::PossibleValue::new(*name)),
        ))
    }
}

const FLEET_HELP: &str = "\
A fleet is a set of nodes (web servers behind one load balancer) that share their lineages,
accounts, rate-limit ledger, renewal locks and challenge answers in etcd: one node renews each
certificate, every node serves it. Each node keeps its own config dir (live/, archive/, its
deploy hooks); private keys are sealed in etcd with the fleet key file every node holds.

Examples:
  acme fleet new-key /etc/acme/fleet.key         # once; copy it (0600) to every node
  acme fleet join etcds://10.0.0.1:2379,10.0.0.2:2379/acme --node web1 \\
      --key-file /etc/acme/fleet.key --webroot /var/www/html --etcd-ca /etc/acme/etcd-ca.pem
  acme fleet status";

#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    /// Make a new fleet key file (32 random bytes, 0600)
    NewKey(FleetNewKeyArgs),
    /// Make this config dir a node of the fleet at URL
    Join(Box<FleetJoinArgs>),
    /// Show, per certificate, the fleet's newest version and which version each node serves
    Status,
}

#[derive(Debug, Args)]
pub struct FleetNewKeyArgs {
    /// Where to write the key (refuses to overwrite)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct FleetJoinArgs {
    /// etcds://HOST:PORT,HOST:PORT/PREFIX (TLS), or etcd://127.0.0.1:PORT/PREFIX (plain HTTP, loopback only)
    #[arg(value_name = "URL")]
    pub url: String,
    /// This node's name in the fleet (default: the host name)
    #[arg(long, value_name = "NAME")]
    pub node: Option<String>,
    /// The fleet key file (0600), the same on every node
    #[arg(long, value_name = "FILE")]
    pub key_file: PathBuf,
    /// Where this node serves http-01 answers (its web server's document root)
    #[arg(long, value_name = "DIR")]
    pub webroot: Option<PathBuf>,
    /// Where `acme sync --watch` answers tls-alpn-01 for the fleet: IP:PORT, [IPv6]:PORT or PORT
    #[arg(long, value_name = "ADDR")]
    pub tls_alpn_listen: Option<String>,
    /// Seconds a dead node's renewal lock outlives it
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub lock_ttl: u64,
    /// CA bundle (PEM) for etcds://: the only roots trusted for etcd when given
    #[arg(long, value_name = "FILE")]
    pub etcd_ca: Option<PathBuf>,
    /// Client certificate chain (PEM) for etcd
    #[arg(long, value_name = "FILE", requires = "etcd_key")]
    pub etcd_cert: Option<PathBuf>,
    /// Client key (PEM) for etcd
    #[arg(long, value_name = "FILE", requires = "etcd_cert")]
    pub etcd_key: Option<PathBuf>,
    /// etcd user name
    #[arg(long, value_name = "USER", requires = "etcd_password_file")]
    pub etcd_user: Option<String>,
    /// File holding the etcd user's password (0600)
    #[arg(long, value_name = "FILE", requires = "etcd_user")]
    pub etcd_password_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Keep following the fleet after the first sync
    #[arg(long)]
    pub watch: bool,
    /// With --watch: stop after this many seconds (default: until stopped)
    #[arg(long = "for", value_name = "SECS", requires = "watch")]
    pub duration: Option<u64>,
}

#[cfg(test)]
mod tests {
    /// The help texts that name the table's entries (static doc comments) list them all.
    #[test]
    fn the_command_line_help_names_every_known_ca() {
        use clap::CommandFactory;
        let cmd = crate::cli::Cli::command();
        let arg = |id: &str| {
            cmd.get_arguments()
                .find(|a| a.get_id() == id)
                .unwrap_or_else(|| panic!("no --{id}"))
                .clone()
        };
        let help = arg("server").get_help().unwrap().to_string();
        for alias in acme::known_cas::aliases() {
            assert!(help.contains(alias), "--server help misses {alias}: {help}");
        }
        let mut tables: Vec<String> = arg("rate_limits")
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_string())
            .collect();
        tables.sort();
        let mut want: Vec<String> = acme::known_cas::KNOWN_CAS
            .iter()
            .filter_map(|c| c.rate_limits.map(|t| t.name.to_string()))
            .chain(["none".to_string()])
            .collect();
        want.sort();
        assert_eq!(tables, want);
    }
}
