//! Issuance options against Pebble: key types, `--csr`, `--reuse-key`, `--preferred-chain`,
//! `--profile` (against Pebble's own profiles) and IP certificates.

use crate::common::*;

use openssl::pkey::{Id, PKey, Private};
use openssl::x509::{X509, X509Req};
use std::fs;
use std::path::{Path, PathBuf};

impl Site {
    fn conf(&self, name: &str) -> String {
        fs::read_to_string(self.cfg.join("renewal").join(format!("{name}.conf"))).unwrap()
    }
}

fn cert(path: &Path) -> X509 {
    X509::from_pem(&fs::read(path).unwrap()).unwrap()
}

fn key(path: &Path) -> PKey<Private> {
    PKey::private_key_from_pem(&fs::read(path).unwrap()).unwrap()
}

fn spki_of_cert(c: &X509) -> Vec<u8> {
    c.public_key().unwrap().public_key_to_der().unwrap()
}

/// (algorithm, EC curve or RSA bits) of a private key.
fn describe(k: &PKey<Private>) -> String {
    match k.id() {
        Id::EC => format!(
            "ec-{}",
            k.ec_key()
                .unwrap()
                .group()
                .curve_name()
                .unwrap()
                .short_name()
                .unwrap()
        ),
        Id::RSA => format!("rsa-{}", k.bits()),
        other => format!("{other:?}"),
    }
}

#[test]
fn each_key_type_gives_a_key_of_that_type() {
    let s = Site::start();
    let cases = [
        ("ecdsa-p256", "ec-prime256v1"),
        ("ecdsa-p384", "ec-secp384r1"),
        ("rsa2048", "rsa-2048"),
        ("rsa3072", "rsa-3072"),
        ("rsa4096", "rsa-4096"),
    ];
    for (kt, want) in cases {
        let name = format!("{kt}.example.com");
        let out = s.issue(&[], &["-d", &name, "--key-type", kt]);
        assert_eq!(out.code, 0, "{kt}: {}", out.stderr);
        let k = key(&s.live(&name, "privkey.pem"));
        assert_eq!(describe(&k), want, "{kt}");
        assert_eq!(
            spki_of_cert(&cert(&s.live(&name, "cert.pem"))),
            k.public_key_to_der().unwrap(),
            "{kt}: the certificate carries the key"
        );
        assert!(s.conf(&name).contains(&format!("key_type = {kt}")));
    }
    let out = s.issue(&[], &["-d", "bad.example.com", "--key-type", "ed25519"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("rsa4096"), "{}", out.stderr);
}

#[test]
fn account_key_type_is_used_for_the_account() {
    let s = Site::start();
    let out = run(acme_cmd(&s.pebble, &s.cfg).args([
        "register",
        "--agree-tos",
        "--account-key-type",
        "rsa3072",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let keys: Vec<PathBuf> = fs::read_dir(s.cfg.join("accounts"))
        .unwrap()
        .map(|e| e.unwrap().path().join("private_key.pem"))
        .collect();
    assert_eq!(keys.len(), 1);
    assert_eq!(describe(&key(&keys[0])), "rsa-3072");
    // The RSA account can order (RS256 signatures accepted).
    let out = s.issue(&[], &["-d", "rsa-account.example.com"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = run(acme_cmd(&s.pebble, &s.tmp_cfg("other")).args([
        "register",
        "--agree-tos",
        "--account-key-type",
        "dsa",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
}

impl Site {
    fn tmp_cfg(&self, name: &str) -> PathBuf {
        self.cfg.with_file_name(name)
    }
}

/// A CSR made by the openssl command line tool, as a user would, with its key kept apart.
pub(crate) fn user_csr(dir: &Path, subj_cn: &str, sans: &str, der: bool) -> (PathBuf, PathBuf) {
    let key = dir.join("user.key");
    let csr = dir.join(if der { "user.csr.der" } else { "user.csr" });
    let mut cmd = std::process::Command::new("openssl");
    cmd.args([
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ])
    .arg("-keyout")
    .arg(&key)
    .arg("-out")
    .arg(&csr)
    .args(["-subj", &format!("/CN={subj_cn}")]);
    if !sans.is_empty() {
        cmd.args(["-addext", &format!("subjectAltName={sans}")]);
    }
    if der {
        cmd.args(["-outform", "DER"]);
    }
    let st = cmd.output().unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    (csr, key)
}

#[test]
fn csr_issues_for_its_names_and_key_without_writing_a_private_key() {
    let s = Site::start();
    let dir = s.cfg.with_file_name("user");
    fs::create_dir_all(&dir).unwrap();
    let (csr, user_key) = user_csr(
        &dir,
        "csr.example.com",
        "DNS:csr.example.com,DNS:www.csr.example.com",
        false,
    );
    let out = s.issue(&[], &["--csr", csr.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = cert(&s.live("csr.example.com", "cert.pem"));
    assert_eq!(
        spki_of_cert(&c),
        key(&user_key).public_key_to_der().unwrap(),
        "the certificate carries the CSR's key"
    );
    let sans: Vec<String> = c
        .subject_alt_names()
        .unwrap()
        .iter()
        .filter_map(|n| n.dnsname().map(str::to_string))
        .collect();
    assert_eq!(sans.len(), 2, "{sans:?}");
    assert!(!s.live("csr.example.com", "privkey.pem").exists());
    let archive = s.cfg.join("archive/csr.example.com");
    assert!(!archive.join("privkey1.pem").exists());
    // Renewal reuses a copy that survives the user moving their file.
    let conf = s.conf("csr.example.com");
    assert!(
        conf.contains("csr = archive/csr.example.com/csr.pem"),
        "{conf}"
    );
    let copy = X509Req::from_pem(&fs::read(archive.join("csr.pem")).unwrap()).unwrap();
    assert_eq!(
        copy.to_der().unwrap(),
        X509Req::from_pem(&fs::read(&csr).unwrap())
            .unwrap()
            .to_der()
            .unwrap()
    );
    assert!(!conf.contains("key_type"), "{conf}");

    // DER, and -d that names the same (differently spelt) is accepted. (A CN-only CSR is valid
    // per RFC 8555 §7.4 and parsed, but Pebble refuses CSRs without SANs.)
    let dir2 = s.cfg.with_file_name("user2");
    fs::create_dir_all(&dir2).unwrap();
    let (der, der_key) = user_csr(
        &dir2,
        "cn-only.example.com",
        "DNS:cn-only.example.com",
        true,
    );
    let out = s.issue(
        &[],
        &["--csr", der.to_str().unwrap(), "-d", "CN-only.example.com"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        spki_of_cert(&cert(&s.live("cn-only.example.com", "cert.pem"))),
        key(&der_key).public_key_to_der().unwrap()
    );
}

#[test]
fn bad_csr_exits_2_before_contacting_the_ca() {
    let s = Site::start();
    let dir = s.cfg.with_file_name("user");
    fs::create_dir_all(&dir).unwrap();
    let (csr, _) = user_csr(&dir, "a.example.com", "DNS:a.example.com", true);
    let before = s.pebble.request_count();

    let garbage = dir.join("garbage.csr");
    fs::write(&garbage, b"not a csr").unwrap();
    // The same CSR with a byte of the signed part changed: parses, does not verify.
    let mut der = fs::read(&csr).unwrap();
    let at = der
        .windows(13)
        .position(|w| w == b"a.example.com")
        .expect("name in CSR");
    der[at] = b'b';
    let tampered = dir.join("tampered.csr");
    fs::write(&tampered, &der).unwrap();

    for (file, why) in [
        (&garbage, "neither a PEM nor a DER"),
        (&tampered, "signature"),
    ] {
        let out = s.issue(&[], &["--csr", file.to_str().unwrap()]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains(why), "{}", out.stderr);
    }
    let out = s.issue(
        &[],
        &["--csr", csr.to_str().unwrap(), "-d", "other.example.com"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("the CSR"), "{}", out.stderr);
    assert_eq!(s.pebble.request_count(), before, "nothing reached the CA");
    assert!(!s.cfg.exists(), "the config dir was not created");
}

#[test]
fn reuse_key_keeps_the_key_across_issues() {
    let s = Site::start();
    let args = ["-d", "reuse.example.com", "--reuse-key"];
    let out = s.issue(&[], &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(s.conf("reuse.example.com").contains("reuse_key = true"));
    let first = fs::read(s.live("reuse.example.com", "privkey.pem")).unwrap();
    let out = s.issue(&[], &[&args[..], &["--force"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let second = fs::read(s.live("reuse.example.com", "privkey.pem")).unwrap();
    assert_eq!(first, second, "the key stayed");
    let archive = s.cfg.join("archive/reuse.example.com");
    assert!(archive.join("cert2.pem").exists());
    assert_ne!(
        fs::read(archive.join("cert1.pem")).unwrap(),
        fs::read(archive.join("cert2.pem")).unwrap()
    );

    // Another key type replaces the reused key (once), then that one is reused.
    let rsa = [
        "-d",
        "reuse.example.com",
        "--reuse-key",
        "--key-type",
        "rsa2048",
    ];
    let out = s.issue(&[], &rsa);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let third = fs::read(s.live("reuse.example.com", "privkey.pem")).unwrap();
    assert_eq!(
        describe(&PKey::private_key_from_pem(&third).unwrap()),
        "rsa-2048"
    );
    let out = s.issue(&[], &[&rsa[..], &["--force"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        third,
        fs::read(s.live("reuse.example.com", "privkey.pem")).unwrap()
    );

    // Without --reuse-key a second issue makes a fresh key.
    let out = s.issue(&[], &["-d", "fresh.example.com"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let a = fs::read(s.live("fresh.example.com", "privkey.pem")).unwrap();
    let out = s.issue(&[], &["-d", "fresh.example.com", "--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_ne!(
        a,
        fs::read(s.live("fresh.example.com", "privkey.pem")).unwrap()
    );
}

fn subject_cn(c: &X509) -> String {
    c.subject_name()
        .entries_by_nid(openssl::nid::Nid::COMMONNAME)
        .next()
        .unwrap()
        .data()
        .to_string()
        .unwrap()
}

fn issuer_cn(c: &X509) -> String {
    c.issuer_name()
        .entries_by_nid(openssl::nid::Nid::COMMONNAME)
        .next()
        .unwrap()
        .data()
        .to_string()
        .unwrap()
}

#[test]
fn preferred_chain_ends_under_the_named_root() {
    let s = Site::start_with(PebbleOpts {
        env: vec![
            ("PEBBLE_ALTERNATE_ROOTS".into(), "2".into()),
            ("PEBBLE_CHAIN_LENGTH".into(), "2".into()),
        ],
        ..Default::default()
    });
    let roots: Vec<String> = (0..3)
        .map(|i| {
            let (status, pem) = s.pebble.get_mgmt(&format!("/roots/{i}"));
            assert_eq!(status, 200, "/roots/{i}: {pem}");
            subject_cn(&X509::from_pem(pem.as_bytes()).unwrap())
        })
        .collect();
    let top_issuer = |name: &str| {
        let chain = X509::stack_from_pem(&fs::read(s.live(name, "chain.pem")).unwrap()).unwrap();
        issuer_cn(chain.last().unwrap())
    };
    // Default chain first, to know which root is not the default.
    let out = s.issue(&[], &["-d", "default.example.com"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let default_root = top_issuer("default.example.com");
    assert!(roots.contains(&default_root), "{default_root} in {roots:?}");
    let want = roots.iter().find(|r| **r != default_root).unwrap().clone();

    let out = s.issue(&[], &["-d", "pref.example.com", "--preferred-chain", &want]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(top_issuer("pref.example.com"), want);
    assert!(
        s.conf("pref.example.com")
            .contains(&format!("preferred_chain = {want}"))
    );

    // An unknown name falls back to the default chain with a note.
    let out = s.issue(
        &[],
        &[
            "-d",
            "nope.example.com",
            "--preferred-chain",
            "No Such Root",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("No Such Root"), "{}", out.stderr);
    assert!(roots.contains(&top_issuer("nope.example.com")));
}

#[test]
fn ip_certificate_for_127_0_0_1() {
    let s = Site::start();
    let out = s.issue(&[], &["-d", "127.0.0.1"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c = cert(&s.live("127.0.0.1", "cert.pem"));
    let ips: Vec<Vec<u8>> = c
        .subject_alt_names()
        .unwrap()
        .iter()
        .filter_map(|n| n.ipaddress().map(<[u8]>::to_vec))
        .collect();
    assert_eq!(ips, vec![vec![127, 0, 0, 1]]);
    assert!(s.conf("127.0.0.1").contains("domains = 127.0.0.1"));
}

/// Pebble 2.10 with Let's Encrypt-like profiles: `classic` 90 days, `shortlived` 160 hours.
fn profile_site() -> Site {
    Site::start_with(PebbleOpts {
        profiles: vec![
            ("classic".into(), "90 days".into(), 90 * 86400),
            ("shortlived".into(), "160 hours".into(), 160 * 3600),
        ],
        ..PebbleOpts::default()
    })
}

#[test]
fn acme_profiles_lists_what_the_ca_offers() {
    let s = profile_site();
    let out = s.acme(&["profiles"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("classic     90 days\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("shortlived  160 hours (at most 25 names)"),
        "{}",
        out.stdout
    );
    let out = s.acme(&["profiles", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {"name": "classic", "description": "90 days", "max_names": null},
            {"name": "shortlived", "description": "160 hours", "max_names": 25},
        ])
    );
    // Pebble without a profiles config offers its one "default" profile.
    let plain = Site::start();
    let out = plain.acme(&["profiles"]);
    assert!(
        out.stdout.contains("default  The default profile"),
        "{}",
        out.stdout
    );
}

#[test]
fn shortlived_allows_25_names_checked_before_ordering() {
    let s = profile_site();
    let names: Vec<String> = (0..26).map(|i| format!("n{i}.example.com")).collect();
    let mut args = vec!["--profile", "shortlived"];
    for n in &names {
        args.extend(["-d", n]);
    }
    let before = s.pebble.request_count();
    let out = s.issue(&[], &args);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the shortlived profile allows at most 25"),
        "{}",
        out.stderr
    );
    assert_eq!(s.pebble.request_count(), before + 1, "only the directory");
    assert!(!s.cfg.join("renewal").exists());
}

/// A 160-hour certificate renews at half its life (80 h in), not "30 days before expiry" — and
/// a certbot-style `renew_before_days = 30` on it is flagged by `acme list`.
#[test]
fn shortlived_certificates_renew_at_half_their_life_and_list_flags_a_coarse_schedule() {
    let s = profile_site();
    let out = s.issue(&["half.example.com"], &["--profile", "shortlived"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = s.acme(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let row = &v[0];
    assert_eq!(row["due"], false, "{row}");
    assert!(
        row["why"]
            .as_str()
            .unwrap()
            .contains("half of its lifetime"),
        "{row}"
    );
    let cert = X509::from_pem(&fs::read(s.live("half.example.com", "cert.pem")).unwrap()).unwrap();
    let epoch = openssl::asn1::Asn1Time::from_unix(0).unwrap();
    let unix = |t: &openssl::asn1::Asn1TimeRef| {
        let d = epoch.diff(t).unwrap();
        i64::from(d.days) * 86400 + i64::from(d.secs)
    };
    let (nb, na) = (unix(cert.not_before()), unix(cert.not_after()));
    let next = acme::time::parse_rfc3339(row["next_renewal"].as_str().unwrap()).unwrap();
    assert!(
        (next - (nb + (na - nb) / 2)).abs() <= 1,
        "renews at {next}, life {nb}..{na}"
    );
    assert_eq!(row["warnings"], serde_json::json!([]), "{row}");

    let conf_path = s.cfg.join("renewal/half.example.com.conf");
    let conf = fs::read_to_string(&conf_path).unwrap();
    fs::write(&conf_path, format!("{conf}renew_before_days = 30\n")).unwrap();
    let out = s.acme(&["list"]);
    assert!(
        out.stdout.contains(
            "warning:    renew_before_days = 30 is not shorter than this certificate's 160 hours lifetime"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn profile_is_checked_against_the_directory_and_saved() {
    let s = profile_site();
    let issue = |profile: &str, name: &str| s.issue(&[], &["-d", name, "--profile", profile]);

    let before = s.pebble.request_count();
    let out = issue("tlsserver", "p.example.com");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("it offers: classic (90 days), shortlived (160 hours)"),
        "{}",
        out.stderr
    );
    assert_eq!(
        s.pebble.request_count(),
        before + 1,
        "only the directory (no account, no newOrder) reached the CA:\n{}",
        s.pebble.log()
    );
    assert!(!s.cfg.join("renewal").exists());

    // An offered profile is sent, honoured by Pebble and saved for renewals.
    let out = issue("shortlived", "p.example.com");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(s.conf("p.example.com").contains("profile = shortlived"));
    let cert =
        openssl::x509::X509::from_pem(&fs::read(s.live("p.example.com", "cert.pem")).unwrap())
            .unwrap();
    let life = cert.not_before().diff(cert.not_after()).unwrap();
    let hours = life.days * 24 + life.secs / 3600;
    assert!(
        (159..=160).contains(&hours),
        "shortlived lifetime {hours} h"
    );
}
