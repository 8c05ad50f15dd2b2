//! Bad input table: each case runs the real binary against a copy of a working config dir (an
//! account and one lineage) and must exit with its code, say its message, and leave the config
//! dir exactly as it was (every file's bytes and mode, every link's target). Cases that are
//! caught before the CA is contacted (`offline`) must also not send Pebble a single request.
//!
//! Elsewhere: a corrupt renewal conf that must not stop the other lineages from renewing is in
//! tests/renew.rs (it changes the other lineages, so it does not fit this table); bad-signature
//! CSRs are in tests/options.rs; wildcards with dns-01 in tests/dns.rs.

use crate::common::*;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Case {
    what: &'static str,
    args: Vec<String>,
    /// Extra environment (`None` removes the variable).
    env: Vec<(&'static str, Option<String>)>,
    /// Damage done to the config dir copy before the "before" snapshot.
    setup: Option<fn(&Path)>,
    code: i32,
    msg: &'static str,
    /// Refused before any request to the CA.
    offline: bool,
}

/// Every entry under `dir` (except `locks/`, whose lock files are bookkeeping made by the first
/// process to take a lineage lock) → its kind, mode and content hash or link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            // Locks and the run log (which records the refused run) are not state.
            if rel.starts_with("locks") || rel.starts_with("log") {
                continue;
            }
            let meta = fs::symlink_metadata(&p).unwrap();
            let mode = meta.permissions().mode() & 0o7777;
            let desc = if meta.file_type().is_symlink() {
                format!("link -> {}", fs::read_link(&p).unwrap().display())
            } else if meta.is_dir() {
                walk(root, &p, out);
                format!("dir {mode:o}")
            } else {
                let hash = acme::crypto::b64url(&acme::crypto::sha256(&fs::read(&p).unwrap()));
                format!("file {mode:o} {hash}")
            };
            out.insert(rel, desc);
        }
    }
    walk(dir, dir, &mut out);
    out
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// The one account's directory under accounts/.
fn account_dir(cfg: &Path) -> PathBuf {
    fs::read_dir(cfg.join("accounts"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path()
}

fn corrupt_account_record(cfg: &Path) {
    fs::write(account_dir(cfg).join("account.json"), b"{\"url\": ").unwrap();
}

fn corrupt_account_key(cfg: &Path) {
    fs::write(
        account_dir(cfg).join("private_key.pem"),
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n",
    )
    .unwrap();
}

const BASE: &str = "base.example.com";

#[test]
fn bad_input_table_leaves_the_config_dir_unchanged() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let (www, base) = (tmp.path().join("www"), tmp.path().join("base"));
    fs::create_dir_all(&www).unwrap();
    let _web = StaticServer::serve(&www, pebble.http_port);
    let w = www.to_str().unwrap().to_string();
    let out =
        run(acme_cmd(&pebble, &base).args(["issue", "-d", BASE, "--webroot", &w, "--agree-tos"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Which files the account consists of, so the corrupting cases hit real files.
    let acct = account_dir(&base);
    assert!(
        acct.join("account.json").is_file() && acct.join("private_key.pem").is_file(),
        "{:?}",
        fs::read_dir(&acct).unwrap().collect::<Vec<_>>()
    );

    let a_file = tmp.path().join("a-regular-file");
    fs::write(&a_file, "not a directory").unwrap();
    let file = a_file.to_str().unwrap().to_string();
    // A web root whose .well-known is a regular file: the challenge directory cannot be made
    // (even by root).
    let blocked = tmp.path().join("www-blocked");
    fs::create_dir_all(&blocked).unwrap();
    fs::write(blocked.join(".well-known"), "a file").unwrap();
    let blocked = blocked.to_str().unwrap().to_string();
    let issue = |names: &[&str]| {
        let mut v = s(&["issue"]);
        for n in names {
            v.push("-d".into());
            v.push(n.to_string());
        }
        v.extend(s(&["--webroot", &w, "--agree-tos"]));
        v
    };
    let long_label = format!("{}.example.com", "a".repeat(64));
    let long_name = format!("{}com", "abcdefghi.".repeat(26));
    let many: Vec<String> = (1..=101).map(|i| format!("n{i}.example.com")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let dead_port = free_port();

    let case = |what, args, code, msg| Case {
        what,
        args,
        env: vec![],
        setup: None,
        code,
        msg,
        offline: true,
    };
    let bad_name = |what, name: &str, msg| case(what, issue(&[name]), 2, msg);
    let mut cases = vec![
        // ---- names
        bad_name("empty name", "", "the name is empty"),
        bad_name("blank name", "  ", "the name is empty"),
        bad_name("label of 64 characters", &long_label, "at most 63"),
        bad_name("name of 263 characters", &long_name, "at most 253"),
        bad_name("underscore", "a_b.example.com", "'_' is not allowed"),
        bad_name("space", "exa mple.com", "' ' is not allowed"),
        bad_name("slash", "a/b.example.com", "'/' is not allowed"),
        bad_name("at sign", "ex@mple.com", "'@' is not allowed"),
        bad_name("port", "a.example.com:443", "':' is not allowed"),
        bad_name("URL", "http://a.example.com", "':' is not allowed"),
        bad_name("percent escape", "ex%61mple.com", "'%' is not allowed"),
        bad_name("empty label", "a..b.example.com", "empty label"),
        bad_name("leading dot", ".example.com", "empty label"),
        bad_name("two trailing dots", "example.com..", "empty label"),
        bad_name(
            "trailing hyphen",
            "a-.example.com",
            "starts or ends with '-'",
        ),
        case(
            "leading hyphen",
            s(&["issue", "--domain=-a.example.com", "--webroot", &w]),
            2,
            "starts or ends with '-'",
        ),
        bad_name(
            "bare xn-- label",
            "xn--.example.com",
            "starts or ends with '-'",
        ),
        bad_name("single label", "localhost", "not a fully qualified"),
        bad_name("TLD only", "com", "not a fully qualified"),
        bad_name("all-digit TLD", "256.1.1.1", "last label is all digits"),
        bad_name("wildcard not first", "a.*.example.com", "only stand alone"),
        bad_name("bare wildcard", "*", "only stand alone"),
        bad_name(
            "wildcard with http-01",
            "*.example.com",
            "wildcards can only be validated with dns-01",
        ),
        bad_name(
            "disallowed Unicode (⒈)",
            "a\u{2488}.example",
            "not a valid internationalised",
        ),
        bad_name(
            "bidi rule broken",
            "\u{627}a.example",
            "not a valid internationalised",
        ),
        bad_name(
            "leading combining mark",
            "\u{301}a.example",
            "not a valid internationalised",
        ),
        bad_name(
            "broken punycode A-label",
            "xn--a.example.com",
            "not a valid punycode",
        ),
        bad_name(
            "no-break space",
            "a\u{a0}b.example",
            "not a valid internationalised",
        ),
        case("101 names", issue(&many), 2, "at most 100"),
        // ---- flags
        case("no name", s(&["issue", "--webroot", &w]), 2, "--domain"),
        case(
            "missing method",
            s(&["issue", "-d", "a.example.com"]),
            2,
            "--webroot",
        ),
        case(
            "unknown key type",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--key-type",
                "rsa1024",
            ]),
            2,
            "invalid value 'rsa1024' for '--key-type <TYPE>'\n  [possible values: ecdsa-p256,",
        ),
        case(
            "unknown account key type",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--account-key-type",
                "dsa",
            ]),
            2,
            "invalid value 'dsa' for '--account-key-type <TYPE>'",
        ),
        case(
            "cert name with ..",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--cert-name",
                "../x",
            ]),
            2,
            "invalid certificate name",
        ),
        case(
            "cert name with /",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--cert-name",
                "a/b",
            ]),
            2,
            "invalid certificate name",
        ),
        case(
            "empty cert name",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--cert-name",
                "",
            ]),
            2,
            "1 to 200 characters",
        ),
        case(
            "quiet and verbose",
            s(&["-q", "-v", "issue", "-d", "a.example.com", "--webroot", &w]),
            2,
            "cannot be used with",
        ),
        case(
            "EAB kid without key",
            s(&["register", "--agree-tos", "--eab-kid", "x"]),
            2,
            "--eab-hmac-key",
        ),
        case(
            "EAB key not base64url",
            s(&[
                "register",
                "--agree-tos",
                "--eab-kid",
                "x",
                "--eab-hmac-key",
                "not base64!!",
            ]),
            2,
            "not base64url",
        ),
        case(
            "unknown subcommand",
            s(&["frobnicate"]),
            2,
            "unrecognized subcommand",
        ),
        // ---- files
        case(
            "missing webroot",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                "/nonexistent/www",
            ]),
            2,
            "does not exist or is not a directory",
        ),
        // Tests run as root, where permissions do not stop writes: a path under a regular
        // file is one that nobody can create.
        case(
            "webroot under a regular file",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &format!("{file}/www"),
            ]),
            2,
            "does not exist or is not a directory",
        ),
        case(
            "webroot whose .well-known is a file",
            s(&["issue", "-d", "a.example.com", "--webroot", &blocked]),
            2,
            "is not a directory, so the challenge file",
        ),
        case(
            "webroot is a regular file",
            s(&["issue", "-d", "a.example.com", "--webroot", &file]),
            2,
            "does not exist or is not a directory",
        ),
        case(
            "missing CA bundle",
            s(&[
                "--ca-bundle",
                "/nonexistent.pem",
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
            ]),
            2,
            "does not exist",
        ),
        case(
            "CA bundle without certificates",
            s(&[
                "--ca-bundle",
                &file,
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
            ]),
            2,
            "holds no PEM certificate",
        ),
        Case {
            setup: Some(corrupt_account_record),
            offline: false,
            ..case(
                "corrupt account record",
                issue(&["a.example.com"]),
                1,
                "is corrupt; move it away",
            )
        },
        Case {
            setup: Some(corrupt_account_key),
            offline: false,
            ..case(
                "corrupt account key",
                issue(&["a.example.com"]),
                1,
                "is unusable",
            )
        },
        // ---- environment
        case(
            "unknown server alias",
            s(&[
                "--server",
                "nosuchca",
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
            ]),
            2,
            "unknown server \"nosuchca\"",
        ),
        case(
            "plain-http server",
            s(&[
                "--server",
                "http://127.0.0.1:1/dir",
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
            ]),
            2,
            "give an https:// ACME directory URL",
        ),
        Case {
            env: vec![(
                "ACME_SERVER",
                Some(format!("https://localhost:{dead_port}/dir")),
            )],
            ..case(
                "unreachable server",
                issue(&["a.example.com"]),
                1,
                "cannot reach the ACME server",
            )
        },
        Case {
            env: vec![("ACME_CA_BUNDLE", None)],
            ..case(
                "TLS failure without --ca-bundle",
                issue(&["a.example.com"]),
                1,
                "--ca-bundle",
            )
        },
    ];
    // ---- methods, CSRs, revocation, renewal
    let other_key = tmp.path().join("other-key.pem");
    let key = openssl::ec::EcKey::generate(
        &openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::X9_62_PRIME256V1).unwrap(),
    )
    .unwrap();
    fs::write(&other_key, key.private_key_to_pem().unwrap()).unwrap();
    let other_key = other_key.to_str().unwrap().to_string();
    cases.extend([
        case(
            "IP address with dns-01",
            s(&["issue", "-d", "192.0.2.1", "--dns-hook", "/bin/true"]),
            2,
            "cannot be validated with dns-01",
        ),
        case(
            "webroot and a dns-01 hook",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--dns-hook",
                "/bin/true",
            ]),
            2,
            "not several",
        ),
        case(
            "webroot and standalone",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--standalone",
            ]),
            2,
            "cannot be used with",
        ),
        case(
            "--http-port without --standalone",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                &w,
                "--http-port",
                "81",
            ]),
            2,
            "only apply to --standalone",
        ),
        case(
            "missing TSIG key file",
            s(&[
                "issue",
                "-d",
                "a.example.com",
                "--dns-rfc2136",
                "127.0.0.1:53",
                "--tsig-key",
                "/nonexistent.key",
            ]),
            2,
            "cannot read the TSIG key file",
        ),
        case(
            "unparsable CSR",
            s(&["issue", "--csr", &file, "--webroot", &w]),
            2,
            "neither a PEM nor a DER CSR",
        ),
        case(
            "unknown revocation reason",
            s(&["revoke", "--cert-name", BASE, "--reason", "frobnicated"]),
            2,
            "unknown revocation reason",
        ),
        case(
            "revocation with a key that is not the certificate's",
            s(&["revoke", "--cert-name", BASE, "--key-path", &other_key]),
            2,
            "does not belong to the certificate",
        ),
        case(
            "revoking a file that is not a certificate",
            s(&["revoke", "--cert-path", &file]),
            2,
            "is not a PEM certificate",
        ),
        case(
            "renewing a certificate that does not exist",
            s(&[
                "renew",
                "--cert-name",
                "nosuch.example.com",
                "--no-random-sleep",
            ]),
            2,
            "no certificate named",
        ),
    ]);
    // The unreachable server is retried with back-off; bound how long that may take.
    let slow_limit = Duration::from_secs(15);

    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for (i, c) in cases.drain(..).enumerate() {
        let cfg = tmp.path().join(format!("case{i}"));
        let cp = Command::new("cp")
            .arg("-a")
            .arg(&base)
            .arg(&cfg)
            .status()
            .unwrap();
        assert!(cp.success());
        if let Some(setup) = c.setup {
            setup(&cfg);
        }
        let before = snapshot(&cfg);
        let requests = pebble.request_count();
        let mut cmd = acme_cmd(&pebble, &cfg);
        cmd.args(&c.args);
        for (k, v) in &c.env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let started = Instant::now();
        let out = run(&mut cmd);
        let took = started.elapsed();
        let mut problems = Vec::new();
        if out.code != c.code {
            problems.push(format!("exit {} (want {})", out.code, c.code));
        }
        if !out.stderr.contains(c.msg) {
            problems.push(format!("message lacks {:?}", c.msg));
        }
        if !out.stdout.is_empty() {
            problems.push(format!("stdout not empty: {:?}", out.stdout));
        }
        let after = snapshot(&cfg);
        if after != before {
            let changed: Vec<_> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            problems.push(format!("config dir changed: {changed:?}"));
        }
        if c.offline && pebble.request_count() != requests {
            problems.push("the CA was contacted".into());
        }
        if took > slow_limit {
            problems.push(format!("took {took:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{i} {}: {}\n  stderr: {}",
                c.what,
                problems.join("; "),
                out.stderr.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Inputs that look odd but are fine are accepted and normalised: a trailing dot, upper case,
/// duplicates, a valid IDN (stored as its A-label).
#[test]
fn odd_but_valid_names_are_accepted_and_normalised() {
    let site = Site::start();
    let (pebble, www, cfg) = (&site.pebble, &site.www, &site.cfg);
    let w = www.to_str().unwrap();
    let out = run(acme_cmd(pebble, cfg).args([
        "issue",
        "-d",
        "Dup.Example.com.",
        "-d",
        "dup.example.com",
        "-d",
        "bücher.example",
        "-d",
        "DUP.example.com",
        "--webroot",
        w,
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let conf = crate::support::conf::Conf::load(&cfg.join("renewal/dup.example.com.conf")).unwrap();
    assert_eq!(
        conf.list("domains"),
        ["dup.example.com", "xn--bcher-kva.example"]
    );
}

/// A damaged archive file of a lineage does not block issuing it again: the next version is
/// written beside it and goes live whole; the damaged file is left for the user to inspect.
/// (After merge: the same for `renew --force`, and renewal of the *other* lineages.)
#[test]
fn corrupt_archive_file_does_not_block_the_next_version() {
    let site = Site::start();
    let (pebble, www, cfg) = (&site.pebble, &site.www, &site.cfg);
    let w = www.to_str().unwrap();
    let args = ["issue", "-d", BASE, "--webroot", w, "--agree-tos"];
    let out = run(acme_cmd(pebble, cfg).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let archive = cfg.join("archive").join(BASE);
    let garbage = b"-----BEGIN CERTIFICATE-----\ntruncated";
    fs::write(archive.join("cert1.pem"), garbage).unwrap();
    let out = run(acme_cmd(pebble, cfg).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read(archive.join("cert1.pem")).unwrap(), garbage);
    let live_cert = fs::read(cfg.join("live").join(BASE).join("cert.pem")).unwrap();
    assert_eq!(live_cert, fs::read(archive.join("cert2.pem")).unwrap());
    openssl::x509::X509::from_pem(&live_cert).unwrap();
}
