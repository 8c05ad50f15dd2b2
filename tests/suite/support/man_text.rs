//! The prose of the man pages that the command line cannot say: what each command does, the
//! files and environment it uses, and the renewal conf format (acme-renewal.conf(5)).
//! Paragraphs are separated by blank lines; `backticks` make bold text.

/// The date in every page's title line (pages are generated, so it is fixed, not today's).
pub const DATE: &str = "2026-12-01";

pub const RENEWAL_CONF_PAGE: &str = "acme-renewal.conf";

pub struct Page {
    pub description: &'static str,
    pub environment: &'static [(&'static str, &'static str)],
    pub files: &'static [(&'static str, &'static str)],
    pub exit_status: Option<&'static [(&'static str, &'static str)]>,
}

pub const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "The operation failed: the CA refused, a challenge was not validated, the network failed.",
    ),
    (
        "2",
        "A usage or configuration error, found before anything was sent to the CA: a bad option, an invalid name, a missing file, a malformed renewal conf.",
    ),
    (
        "130, 143, 129",
        "Interrupted by SIGINT, SIGTERM or SIGHUP (128 + the signal): this run's challenge files and TXT records were removed, a running hook got the signal too, and the post-hook ran; an order already finalized is picked up by the next run.",
    ),
];

pub const ENVIRONMENT_COMMON: &[(&str, &str)] = &[
    (
        "SSL_CERT_FILE, SSL_CERT_DIR",
        "Where the system's trusted roots for HTTPS to the CA are read from, as OpenSSL does.",
    ),
    (
        "HOME, XDG_DATA_HOME",
        "Locate the default config dir of a user other than root (`~/.local/share/acme`).",
    ),
];

pub const FILES_COMMON: &[(&str, &str)] = &[
    (
        "/etc/acme",
        "The config dir when run as root; for other users `~/.local/share/acme`. `--config-dir` or ACME_CONFIG_DIR choose another. Its layout is certbot's: the files below are relative to it.",
    ),
    (
        "accounts/SERVER/",
        "The ACME account for each CA: `account.json` and `private_key.pem` (mode 0600).",
    ),
    (
        "live/NAME/",
        "Links to the newest version of each certificate: `cert.pem`, `chain.pem`, `fullchain.pem` and `privkey.pem`. Point the web server here.",
    ),
    (
        "archive/NAME/",
        "Every version ever issued, numbered: `cert1.pem`, `privkey1.pem` and so on.",
    ),
    (
        "renewal/NAME.conf",
        "How the certificate was issued, so that `acme renew` can do it again unattended; see `acme-renewal.conf(5)`.",
    ),
    (
        "log/acme.log",
        "The log of every run: the command, each decision, each request to the CA and its answer, each hook, and how the run ended. It never holds a secret. At 1 MiB it is rotated to `acme.log.1`, and five old logs are kept. `--log-dir` or ACME_LOG_DIR put it elsewhere; an error message names it.",
    ),
];

const ISSUE: Page = Page {
    description: "Orders a certificate for the names given with `-d` from the CA, answers the CA's challenges, and stores the certificate, its chain and its private key under `live/NAME/` (with every version under `archive/NAME/`). The settings used are saved in `renewal/NAME.conf` so that `acme renew` renews it the same way.

Choose how the CA checks that you control each name: `--webroot` writes the http-01 challenge file under a directory your web server already serves; `--standalone` answers http-01 on port 80 itself; `--tls-alpn` answers tls-alpn-01 on port 443 itself; `--dns-hook`, `--dns-rfc2136` and `--dns-manual` publish dns-01 TXT records, the only way to get a wildcard name.

Everything that can be checked is checked before the order is placed: the names, the web roots, the hook commands, the CA's rate limits as recorded on this machine. A failed issuance leaves the previous certificate and its `live/` links as they were.

An account is created on first use (with `--agree-tos` and optionally `--email`) if `acme register` was not run.",
    environment: &[
        (
            "ACME_DUE",
            "Given to the pre-hook: the certificate's name.",
        ),
        (
            "RENEWED_LINEAGE, RENEWED_DOMAINS",
            "Given to the deploy-hook: the live dir of the new certificate and its names, space-separated (certbot's names).",
        ),
        (
            "ACME_ACTION, ACME_DOMAIN, ACME_TXT_NAME, ACME_TXT_VALUE",
            "Given to the `--dns-hook` command: `add` or `remove`, the name being validated, the TXT record's name and value. CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_ALL_DOMAINS and CERTBOT_REMAINING_CHALLENGES are set too.",
        ),
        (
            "CERTBOT_DOMAIN, CERTBOT_VALIDATION, CERTBOT_TOKEN, CERTBOT_REMAINING_CHALLENGES, CERTBOT_ALL_DOMAINS, CERTBOT_AUTH_OUTPUT",
            "Given to the `--manual-auth-hook` and `--manual-cleanup-hook` commands, as certbot gives them: the name (without `*.`), the value to serve or publish, the http-01 token, how many auth hook runs follow, every name (comma-separated), and for the cleanup hook what the auth hook printed.",
        ),
    ],
    files: &[],
    exit_status: None,
};

const RENEW: Page = Page {
    description: "Renews every certificate in the config dir that is due, or only those named with `--cert-name`. A certificate is due when a third of its lifetime is left (or `--days`, or `renew_before_days` in its renewal conf), or earlier when the CA's renewal information (ARI, RFC 9773) says so. Certificates that are not due cost one file read each: run `acme renew` twice a day from cron or a systemd timer.

Each certificate is renewed with the settings in its renewal conf, under a lock so that two runs never renew the same certificate at once. One certificate's failure does not stop the others; the run fails (exit status 1) if any failed.

When not run from a terminal, `acme renew` first sleeps a random time of up to 8 minutes, so that machines started by cron at the same minute do not reach the CA at the same second (`--no-random-sleep` skips it).",
    environment: &[
        (
            "ACME_NO_RANDOM_SLEEP",
            "Set to 1: do not sleep before contacting the CA, as `--no-random-sleep`.",
        ),
        (
            "ACME_DUE",
            "Given to the pre-hook: the names of the certificates about to be renewed, space-separated.",
        ),
        (
            "RENEWED_LINEAGE, RENEWED_DOMAINS, ACME_CERT_NAME",
            "Given to the deploy-hook: the renewed certificate's live dir, its names (space-separated) and its name.",
        ),
        (
            "ACME_RENEWED, ACME_FAILED",
            "Given to the post-hook: the names of the certificates that were renewed and that failed, space-separated.",
        ),
    ],
    files: &[
        (
            "locks/",
            "One lock per certificate, held while it is being renewed.",
        ),
        (
            "renewal-hooks/pre/, renewal-hooks/deploy/, renewal-hooks/post/",
            "certbot's hook directories: every executable file in them runs, in lexical order of its name; the pre and post ones once per run that renews something, the deploy ones after each renewed certificate (with RENEWED_LINEAGE and RENEWED_DOMAINS).",
        ),
    ],
    exit_status: Some(&[
        (
            "0",
            "Every due certificate was renewed, or none was due.",
        ),
        ("1", "A certificate failed to renew, or a hook failed."),
        (
            "2",
            "A usage or configuration error, such as a `--cert-name` that does not exist.",
        ),
    ]),
};

const LIST: Page = Page {
    description: "Lists the certificates in the config dir: their names, key type, expiry date, when each will be renewed and why, and where its files are. It reads only the disk and never contacts the CA.",
    environment: &[],
    files: &[],
    exit_status: None,
};

const REGISTER: Page = Page {
    description: "Creates the ACME account for the server (or finds the existing one for the stored key) and stores it under `accounts/`. A CA's terms of service must be agreed to with `--agree-tos`; without it the terms' address is shown. CAs that require External Account Binding (ZeroSSL, Google, most private CAs) need `--eab-kid` and `--eab-hmac-key` from their web console.

Running it again for the same server changes nothing and reports the stored account.",
    environment: &[],
    files: &[],
    exit_status: None,
};

const REVOKE: Page = Page {
    description: "Asks the CA to revoke a certificate: the live certificate of a stored lineage (`--cert-name`) or any certificate file (`--cert-path`). The request is signed with the account, or with the certificate's own private key (`--key-path`), which works without an account and is what to do when the key was compromised. A revoked lineage is marked so that `acme renew` leaves it alone; `--delete` removes its files afterwards.",
    environment: &[],
    files: &[],
    exit_status: Some(&[
        (
            "0",
            "The certificate is revoked, including when the CA says it already was.",
        ),
        ("1", "The CA refused, or could not be reached."),
        ("2", "A usage error: no such lineage, an unknown reason."),
    ]),
};

const ACCOUNT: Page = Page {
    description: "Shows and manages the ACME account stored for the server: what the CA knows of it, its contact addresses, its key (replaced with an RFC 8555 key change) and, for good, its deactivation.",
    environment: &[],
    files: &[],
    exit_status: None,
};

const LIMITS: Page = Page {
    description: "Shows the CA's rate limits (for Let's Encrypt, its published table) and how much of each this machine has used, from the ledger of orders it keeps. `acme issue` and `acme renew` consult the same ledger before each order and refuse one that the CA would refuse, unless `--ignore-limits` is given.",
    environment: &[],
    files: &[(
        "ledger.jsonl",
        "The orders, certificates and failures counted against the CA's limits.",
    )],
    exit_status: None,
};

const IMPORT_CERTBOT: Page = Page {
    description: "Takes over the certificates, renewal settings and accounts of a certbot installation, so that `acme renew` renews them from now on. Every archived version is copied; certbot's own tree is read and never written, so certbot keeps working until it is removed. Running it again imports only what is new. What cannot be carried over is reported per certificate.

Disable certbot's own timer or cron job afterwards, so that only one of them renews.",
    environment: &[],
    files: &[(
        "/etc/letsencrypt",
        "certbot's config dir, read by default (`--from` names another).",
    )],
    exit_status: None,
};

const ACME: Page = Page {
    description: "`acme` gets TLS certificates from Let's Encrypt and other ACME (RFC 8555) certificate authorities and keeps them renewed. Its files are laid out as certbot lays them out, so web server configurations written for certbot work unchanged, and `acme import-certbot` takes over an existing certbot installation.

Obtain a certificate once with `acme issue`, then run `acme renew` from cron or a systemd timer (the `contrib/` directory has both); it renews each certificate when it is due, with the settings it was issued with.

Output is for people on stderr and for scripts on stdout: under `--json` the result, or the error, is one JSON document on stdout.",
    environment: &[],
    files: &[],
    exit_status: None,
};

/// The prose for a page (`acme-issue`), if it has any beyond its `--help`.
pub fn page(name: &str) -> Option<&'static Page> {
    Some(match name {
        "acme" => &ACME,
        "acme-issue" => &ISSUE,
        "acme-renew" => &RENEW,
        "acme-list" => &LIST,
        "acme-register" => &REGISTER,
        "acme-revoke" => &REVOKE,
        "acme-account" => &ACCOUNT,
        "acme-limits" => &LIMITS,
        "acme-import-certbot" => &IMPORT_CERTBOT,
        _ => return None,
    })
}

/// The keys of a renewal conf: (key, meaning).
const RENEWAL_KEYS: &[(&str, &str)] = &[
    (
        "domains",
        "The names on the certificate, comma-separated. Required.",
    ),
    ("server", "The ACME directory URL of the CA. Required."),
    (
        "fallback_servers",
        "ACME directory URLs of CAs to try, in order and comma-separated, when the CA cannot issue for reasons on its side (server errors, unreachable, a rate limit of an hour or more); never after a failed validation. Each needs an account in the config dir. The CA that issued each version is kept in archive/NAME/caN.json.",
    ),
    (
        "account",
        "The URL of the account that ordered the certificate.",
    ),
    (
        "key_type",
        "The certificate key's algorithm: ecdsa-p256, ecdsa-p384, rsa2048, rsa3072 or rsa4096.",
    ),
    (
        "method",
        "How the CA's challenges are answered: webroot, standalone, tls-alpn, dns-hook, dns-rfc2136, dns-manual or manual.",
    ),
    (
        "webroot.NAME",
        "For method webroot: the web root that serves NAME, one line per name.",
    ),
    (
        "http_port, http_address",
        "For method standalone: the port and address to listen on.",
    ),
    (
        "tls_port, tls_address",
        "For method tls-alpn: the port and address to listen on.",
    ),
    (
        "self_check, self_check_via",
        "Whether http-01 challenges are fetched from this host before the CA is asked (true or false), and the IP:PORT to fetch them from.",
    ),
    (
        "dns_hook",
        "For method dns-hook: the command that adds and removes TXT records.",
    ),
    (
        "manual_auth_hook, manual_cleanup_hook, preferred_challenges",
        "For method manual (certbot's manual hooks): the commands run before and after each challenge, and the challenge they answer, http-01 or dns-01.",
    ),
    (
        "dns_rfc2136, tsig_key",
        "For method dns-rfc2136: the DNS server and the path of the TSIG key file (the key itself is never stored here).",
    ),
    (
        "dns_timeout, dns_resolver",
        "For dns-01: the longest wait for the TXT records, in seconds, and the one server to ask instead of the authoritative ones.",
    ),
    (
        "pre_hook",
        "A command run once before a renewal run renews anything.",
    ),
    (
        "deploy_hook",
        "A command run after this certificate is renewed.",
    ),
    ("post_hook", "A command run once after a renewal run."),
    (
        "failure_hook",
        "A command run when a renewal of this certificate fails, and when it works again after failures (see acme-renew(1)).",
    ),
    (
        "renew_before_days",
        "Renew when the certificate expires within this many days, instead of when a third of its lifetime is left.",
    ),
    (
        "reuse_key",
        "true: renewals keep the current private key instead of making a new one.",
    ),
    (
        "csr",
        "The path of a copy of the user's CSR the certificate is issued from.",
    ),
    (
        "preferred_chain",
        "The common name of the issuer at the top of the chain to prefer.",
    ),
    ("profile", "The ACME profile to request."),
    (
        "require_trusted_chain",
        "true: renewals refuse a certificate whose chain leads to no root this machine trusts, and the current one stays live (set by --require-trusted-chain, dropped by --no-require-trusted-chain).",
    ),
    (
        "revoked, revoked_serial, revoked_reason",
        "Written by `acme revoke`: the certificate was revoked and is not renewed.",
    ),
    (
        "ari_cert, ari_window, ari_chosen, ari_next_check",
        "Written by `acme renew`: the renewal window the CA suggested (ARI) and when to ask again. Do not edit.",
    ),
    (
        "imported_from",
        "Written by `acme import-certbot`: the certbot renewal conf the certificate came from.",
    ),
];

/// acme-renewal.conf(5).
pub fn renewal_conf_page(version: &str) -> String {
    use super::{paragraphs, prose, roff};
    let mut out = format!(
        ".TH ACME\\-RENEWAL.CONF 5 {DATE} \"acme {version}\" \"acme manual\"\n.nh\n.SH NAME\nacme\\-renewal.conf \\- how acme renews a certificate\n.SH SYNOPSIS\n\\fI/etc/acme/renewal/NAME.conf\\fR\n.SH DESCRIPTION\n"
    );
    paragraphs(
        "`acme issue` writes one renewal conf per certificate, named after the certificate, and `acme renew` reads it to issue again unattended with the same settings. `acme import-certbot` writes them from certbot's.

Each line is `key = value`; spaces around the key and the value are ignored. Lines that are empty or start with `#` are comments. A value runs to the end of the line, so a hook command may contain `#` and `=`. A value that would not read back exactly as written bare (one holding a line break or another control character, with spaces at either end, or starting with `\"`) is written in double quotes with the escapes `\\\\`, `\\\"`, `\\n`, `\\r`, `\\t` and `\\xHH`, so no value, whatever a path or a hook holds, can add a line; a quoted value is read back the same way. Keys this version of acme does not know are kept as they are when acme rewrites the file, so that settings of a newer version survive an older one.

A renewal conf never holds a secret: keys and passwords stay in their own files (mode 0600), and the conf names their paths. Edit it with care: a malformed conf makes `acme renew` skip the certificate with an error naming the line (exit status 2).",
        &mut out,
    );
    out.push_str(".SH KEYS\n");
    for (key, what) in RENEWAL_KEYS {
        out.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff(key), prose(what)));
    }
    out.push_str(".SH FILES\n");
    out.push_str(&format!(
        ".TP\n\\fI{}\\fR\n{}\n",
        roff("/etc/acme/renewal/NAME.conf"),
        prose("The renewal conf of the certificate NAME, when run as root; `~/.local/share/acme/renewal/` for other users, or under `--config-dir`.")
    ));
    out.push_str(".SH EXAMPLES\n.nf\n");
    for line in [
        "# Renewal settings for the certificate \"example.com\".",
        "domains = example.com, www.example.com",
        "server = https://acme-v02.api.letsencrypt.org/directory",
        "account = https://acme-v02.api.letsencrypt.org/acme/acct/123456",
        "key_type = ecdsa-p256",
        "method = webroot",
        "webroot.example.com = /var/www/html",
        "webroot.www.example.com = /var/www/html",
        "deploy_hook = systemctl reload nginx",
    ] {
        out.push_str(&roff(line));
        out.push('\n');
    }
    out.push_str(".fi\n.SH SEE ALSO\n\\fBacme\\fR(1), \\fBacme\\-issue\\fR(1), \\fBacme\\-renew\\fR(1), \\fBacme\\-import\\-certbot\\fR(1)\n");
    out
}
