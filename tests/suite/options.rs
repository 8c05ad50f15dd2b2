//! Issuance options against Pebble: key types, `--csr`, `--reuse-key`, `--preferred-chain`,
//! `--profile` (against an in-test directory, since Pebble 2.4 has no profiles) and IP certificates.

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
fn user_csr(dir: &Path, subj_cn: &str, sans: &str, der: bool) -> (PathBuf, PathBuf) {
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

/// An HTTPS server on loopback that serves Pebble's directory with `meta.profiles` added (Pebble
/// 2.4 has no profiles); every other URL in it still points at the real Pebble. It counts the
/// requests it answered and stops after a bounded number of connections.
struct ProfileDirectory {
    url: String,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

fn profile_directory(pebble: &Pebble, profiles: serde_json::Value) -> ProfileDirectory {
    use openssl::ssl::{SslAcceptor, SslFiletype, SslMethod};
    use std::io::{Read, Write};
    let mut resp = pebble.agent().get(&pebble.directory_url).call().unwrap();
    let mut dir: serde_json::Value =
        serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
    dir["meta"]["profiles"] = profiles;
    let body = dir.to_string();

    let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
    acceptor
        .set_private_key_file(pebble.dir.path().join("server.key"), SslFiletype::PEM)
        .unwrap();
    acceptor
        .set_certificate_chain_file(pebble.dir.path().join("server.pem"))
        .unwrap();
    let acceptor = acceptor.build();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let Ok(mut tls) = acceptor.accept(stream) else {
                continue;
            };
            let mut buf = [0u8; 4096];
            let mut req = Vec::new();
            while !req.windows(4).any(|w| w == b"\r\n\r\n") && req.len() < 65536 {
                match tls.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => req.extend_from_slice(&buf[..n]),
                }
            }
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(reply.as_bytes());
            let _ = tls.shutdown();
        }
    });
    ProfileDirectory {
        url: format!("https://localhost:{port}/dir"),
        hits,
    }
}

#[test]
fn profile_is_checked_against_the_directory_and_saved_in_test_server() {
    let s = Site::start();
    let dir = profile_directory(
        &s.pebble,
        serde_json::json!({"classic": "90 days", "shortlived": "160 hours"}),
    );
    let issue = |profile: &str, name: &str| {
        let mut cmd = acme_cmd(&s.pebble, &s.cfg);
        cmd.env("ACME_SERVER", &dir.url).args([
            "issue",
            "--webroot",
            s.www.to_str().unwrap(),
            "--agree-tos",
            "-d",
            name,
            "--profile",
            profile,
        ]);
        run(&mut cmd)
    };

    let before = s.pebble.request_count();
    let out = issue("tlsserver", "p.example.com");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("it offers: classic (90 days), shortlived (160 hours)"),
        "{}",
        out.stderr
    );
    assert!(dir.hits.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    assert_eq!(
        s.pebble.request_count(),
        before,
        "nothing (no account, no newOrder) reached the CA:\n{}",
        s.pebble.log()
    );
    assert!(!s.cfg.join("renewal").exists());

    // An offered profile is sent (Pebble ignores it) and saved for renewals.
    let out = issue("shortlived", "p.example.com");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(s.conf("p.example.com").contains("profile = shortlived"));

    // Real Pebble advertises no profiles: refused before any order.
    let before = s.pebble.request_count();
    let out = s.issue(&[], &["-d", "q.example.com", "--profile", "classic"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("offers no profiles"), "{}", out.stderr);
    assert_eq!(s.pebble.request_count(), before + 1, "only the directory");
}
