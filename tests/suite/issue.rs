//! The spine end to end: `acme register` and `acme issue --webroot` against a real Pebble, with the
//! web root served by an independent web server (python's http.server).

use crate::common::*;

use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::{X509, X509StoreContext};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn pems(path: &Path) -> Vec<X509> {
    X509::stack_from_pem(&fs::read(path).unwrap()).unwrap()
}

/// Checks a live lineage the way a TLS client would: the chain verifies up to Pebble's root, the
/// names are exactly `names`, and the private key belongs to the certificate.
fn assert_verified_lineage(site: &Site, name: &str, names: &[&str]) {
    let live = site.cfg.join("live").join(name);
    let cert = pems(&live.join("cert.pem")).remove(0);
    let chain = pems(&live.join("chain.pem"));
    assert!(!chain.is_empty(), "chain.pem holds the intermediates");
    let full = pems(&live.join("fullchain.pem"));
    assert_eq!(full.len(), chain.len() + 1);
    assert_eq!(
        full[0].to_der().unwrap(),
        cert.to_der().unwrap(),
        "fullchain starts with the leaf"
    );

    let root = X509::from_pem(site.pebble.root_pem().as_bytes()).unwrap();
    let mut store = X509StoreBuilder::new().unwrap();
    store.add_cert(root).unwrap();
    let store = store.build();
    let mut intermediates = Stack::new().unwrap();
    for c in chain {
        intermediates.push(c).unwrap();
    }
    let mut ctx = X509StoreContext::new().unwrap();
    let ok = ctx
        .init(&store, &cert, &intermediates, |c| c.verify_cert())
        .unwrap();
    assert!(
        ok,
        "chain does not verify against Pebble's root: {}",
        ctx.error()
    );

    let mut sans: Vec<String> = cert
        .subject_alt_names()
        .unwrap()
        .iter()
        .map(|n| n.dnsname().unwrap().to_string())
        .collect();
    sans.sort();
    let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(sans, want);

    let key =
        openssl::pkey::PKey::private_key_from_pem(&fs::read(live.join("privkey.pem")).unwrap())
            .unwrap();
    assert!(
        cert.public_key().unwrap().public_eq(&key),
        "privkey.pem does not match cert.pem"
    );
}

#[test]
fn register_without_consent_shows_the_terms_and_stores_nothing() {
    let s = Site::start();
    let out = s.acme(&["register", "--email", "me@example.com"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("terms of service"), "{}", out.stderr);
    assert!(
        out.stderr.contains("data:text/plain"),
        "Pebble's terms URL is shown: {}",
        out.stderr
    );
    assert!(!s.cfg.exists(), "nothing stored without consent");
}

#[test]
fn register_creates_one_account_and_reuses_it() {
    let s = Site::start();
    let out = s.acme(&[
        "register",
        "--email",
        "me@example.com",
        "--agree-tos",
        "--json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(first["new"], true);
    let url = first["account"].as_str().unwrap().to_string();
    assert!(url.starts_with("https://localhost:"), "{url}");

    let accounts = s.cfg.join("accounts");
    let dir = fs::read_dir(&accounts)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(mode(&dir.join("private_key.pem")), 0o600);
    assert_eq!(mode(&dir), 0o700);

    let out = s.acme(&["register", "--agree-tos", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let second: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        second["account"],
        url.as_str(),
        "the same account, not a duplicate"
    );
    assert_eq!(second["new"], false);
}

#[test]
fn register_with_an_unknown_key_type_is_a_usage_error() {
    let s = Site::start();
    let out = s.acme(&["register", "--agree-tos", "--account-key-type", "ed25519"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("ecdsa-p256, ecdsa-p384, rsa2048, rsa3072, rsa4096"),
        "{}",
        out.stderr
    );
}

#[test]
fn eab_is_required_by_the_ca_and_works_when_supplied() {
    // A 32-byte MAC key, base64url as CAs hand it out.
    let mac = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    let s = Site::start_with(PebbleOpts {
        eab_keys: vec![("kid-1".into(), mac.into())],
        ..PebbleOpts::default()
    });
    let out = s.acme(&["register", "--agree-tos"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--eab-kid"), "{}", out.stderr);
    assert!(!s.cfg.exists());

    let out = s.acme(&[
        "register",
        "--agree-tos",
        "--eab-kid",
        "kid-1",
        "--eab-hmac-key",
        "bm90LXRoZS1rZXk",
    ]);
    assert_eq!(
        out.code, 1,
        "a wrong MAC key is refused by the CA: {}",
        out.stderr
    );
    assert!(
        !s.cfg.join("accounts").exists()
            || fs::read_dir(s.cfg.join("accounts")).unwrap().count() == 0
    );

    let out = s.acme(&[
        "register",
        "--agree-tos",
        "--eab-kid",
        "kid-1",
        "--eab-hmac-key",
        mac,
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = s.issue(&["eab.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn issue_one_name_yields_a_verified_lineage_with_safe_modes() {
    let s = Site::start();
    let out = s.issue(
        &["Single.Example.com"],
        &["--email", "me@example.com", "--json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let result: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(result["cert_name"], "single.example.com");
    assert_eq!(result["version"], 1);
    assert_verified_lineage(&s, "single.example.com", &["single.example.com"]);

    let live = s.cfg.join("live/single.example.com");
    for kind in ["cert", "chain", "fullchain", "privkey"] {
        assert_eq!(
            fs::read_link(live.join(format!("{kind}.pem"))).unwrap(),
            PathBuf::from(format!("../../archive/single.example.com/{kind}1.pem")),
            "certbot's relative link targets"
        );
    }
    let archive = s.cfg.join("archive/single.example.com");
    assert_eq!(mode(&archive.join("privkey1.pem")), 0o600);
    assert_eq!(mode(&archive), 0o700);
    assert_eq!(mode(&s.cfg.join("live")), 0o700);
    assert_eq!(mode(&archive.join("cert1.pem")), 0o644);

    let conf = fs::read_to_string(s.cfg.join("renewal/single.example.com.conf")).unwrap();
    assert!(conf.contains("domains = single.example.com\n"), "{conf}");
    assert!(conf.contains("method = webroot\n"), "{conf}");
    assert!(
        conf.contains(&format!(
            "webroot.single.example.com = {}\n",
            s.www.display()
        )),
        "{conf}"
    );
    assert!(conf.contains("key_type = ecdsa-p256\n"), "{conf}");
    assert!(
        conf.contains(&format!("server = {}\n", s.pebble.directory_url)),
        "{conf}"
    );

    assert!(
        !s.www.join(".well-known").exists(),
        "challenge files and the directories made for them are gone"
    );
}

#[test]
fn issue_several_names_each_from_its_own_webroot() {
    let s = Site::start();
    // Both web roots must be served at the one port Pebble checks, so B lives inside A's tree and
    // the web server serves A; the second name's file must land under B to be found.
    let a = s.www.clone();
    let b = s.www.join("b");
    fs::create_dir_all(&b).unwrap();
    let out = s.acme(&[
        "issue",
        "--agree-tos",
        "-w",
        a.to_str().unwrap(),
        "-d",
        "one.example.com",
        "-d",
        "two.example.com",
        "-w",
        b.to_str().unwrap(),
        "-d",
        "three.example.com",
        "--cert-name",
        "multi",
        "--key-type",
        "rsa2048",
    ]);
    // three.example.com's file was written under b/, which the CA cannot see at the server root.
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("three.example.com"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("one.example.com:"),
        "only the wrongly served name fails: {}",
        out.stderr
    );
    assert!(!s.cfg.join("live/multi").exists());

    let out = s.acme(&[
        "issue",
        "--agree-tos",
        "-w",
        a.to_str().unwrap(),
        "-d",
        "one.example.com",
        "-d",
        "two.example.com",
        "-d",
        "three.example.com",
        "--cert-name",
        "multi",
        "--key-type",
        "rsa2048",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_verified_lineage(
        &s,
        "multi",
        &["one.example.com", "two.example.com", "three.example.com"],
    );
    let key = openssl::pkey::PKey::private_key_from_pem(
        &fs::read(s.cfg.join("live/multi/privkey.pem")).unwrap(),
    )
    .unwrap();
    assert_eq!(key.rsa().unwrap().size() * 8, 2048);
}

#[test]
fn twenty_issuances_in_a_row_succeed_while_half_the_nonces_are_rejected() {
    let s = Site::start_with(PebbleOpts {
        env: vec![("PEBBLE_WFE_NONCEREJECT".into(), "50".into())],
        ..PebbleOpts::default()
    });
    let mut rejected = 0;
    for i in 0..20 {
        let out = s.issue(&["nonce.example.com"], &["-v", "--force"]);
        assert_eq!(out.code, 0, "issuance {i}: {}", out.stderr);
        // -v traces every reply; a rejected nonce is a 400 that the client retried.
        rejected += out.stderr.matches("< 400 https://").count();
    }
    assert!(s.cfg.join("archive/nonce.example.com/cert20.pem").exists());
    assert!(
        rejected >= 20,
        "Pebble rejected only {rejected} nonces in 20 issuances"
    );
    assert_verified_lineage(&s, "nonce.example.com", &["nonce.example.com"]);
}

/// Pebble 2.10 at its strictest: 60 % of good nonces rejected, half the authorizations reused,
/// `Retry-After` on order and authorization polls (seconds or HTTP date, at random), and the
/// dns-account-01/dns-persist-01 challenges offered beside http-01. A count-bounded badNonce
/// retry failed about one issuance in 35 here; the time-bounded one must not fail any.
#[test]
fn ten_issuances_succeed_at_60_percent_nonce_rejection_with_retry_after_on_polls() {
    let s = Site::start_with(PebbleOpts {
        env: vec![
            ("PEBBLE_WFE_NONCEREJECT".into(), "60".into()),
            ("PEBBLE_AUTHZREUSE".into(), "50".into()),
        ],
        retry_after: Some((1, 2)),
        ..PebbleOpts::default()
    });
    let mut rejected = 0;
    for i in 1..=10 {
        let started = std::time::Instant::now();
        let out = s.issue(
            &["strict.example.com", "www.strict.example.com"],
            &["-v", "--force"],
        );
        assert_eq!(out.code, 0, "issuance {i}: {}", out.stderr);
        rejected += out.stderr.matches("< 400 https://").count();
        // Finalize answers `processing` with Retry-After 2 s (an HTTP date rounds it down to
        // at least 1 s): a client that obeys waits that long before it looks again.
        assert!(
            started.elapsed() >= std::time::Duration::from_secs(1),
            "issuance {i} did not wait for the order's Retry-After: {:?}\n{}",
            started.elapsed(),
            out.stderr
        );
    }
    assert!(s.cfg.join("archive/strict.example.com/cert10.pem").exists());
    assert!(
        rejected >= 30,
        "Pebble rejected only {rejected} nonces in 10 issuances"
    );
    assert_verified_lineage(
        &s,
        "strict.example.com",
        &["strict.example.com", "www.strict.example.com"],
    );
}

#[test]
fn authorizations_are_reused_when_the_ca_offers_them() {
    let s = Site::start_with(PebbleOpts {
        env: vec![("PEBBLE_AUTHZREUSE".into(), "100".into())],
        ..PebbleOpts::default()
    });
    assert_eq!(s.issue(&["reuse.example.com"], &[]).code, 0);
    // The web root is no longer served: only a reused, already valid authorization can succeed.
    let unserved = s.root().join("unserved");
    fs::create_dir_all(&unserved).unwrap();
    let out = s.acme(&[
        "issue",
        "-d",
        "reuse.example.com",
        "--webroot",
        unserved.to_str().unwrap(),
        "-v",
        "--force",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("already authorized"), "{}", out.stderr);
    assert_verified_lineage(&s, "reuse.example.com", &["reuse.example.com"]);
}

/// Without reuse (Pebble still re-uses one time in a hundred at 0, hence the deactivation:
/// see `Pebble::forget_validations`) a second order is validated again.
#[test]
fn without_authorization_reuse_every_order_is_validated() {
    let s = Site::start_with(PebbleOpts {
        env: vec![("PEBBLE_AUTHZREUSE".into(), "0".into())],
        ..PebbleOpts::default()
    });
    assert_eq!(s.issue(&["fresh.example.com"], &[]).code, 0);
    assert_eq!(s.pebble.forget_validations(&s.cfg), 1);
    let out = s.issue(&["fresh.example.com"], &["-v", "--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("already authorized"), "{}", out.stderr);
    assert!(s.cfg.join("archive/fresh.example.com/cert2.pem").exists());
}

#[test]
fn a_webroot_the_ca_cannot_reach_fails_and_leaves_live_as_it_was() {
    let s = Site::start();
    assert_eq!(s.issue(&["keep.example.com"], &[]).code, 0);
    let live_cert = fs::read(s.cfg.join("live/keep.example.com/cert.pem")).unwrap();
    let before = snapshot(&s.cfg.join("archive"));

    let unserved = s.root().join("unserved");
    fs::create_dir_all(&unserved).unwrap();
    s.pebble.forget_validations(&s.cfg);
    let out = s.acme(&[
        "issue",
        "-d",
        "keep.example.com",
        "--webroot",
        unserved.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("keep.example.com"),
        "names the domain: {}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("http://keep.example.com/.well-known/acme-challenge/"),
        "names the URL: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("404"),
        "shows the CA's own words: {}",
        out.stderr
    );
    assert!(out.stderr.contains("hint:"), "{}", out.stderr);

    assert_eq!(
        fs::read(s.cfg.join("live/keep.example.com/cert.pem")).unwrap(),
        live_cert
    );
    assert_eq!(
        snapshot(&s.cfg.join("archive")),
        before,
        "no new or stray archive files"
    );
    assert_eq!(
        fs::read_dir(&unserved).unwrap().count(),
        0,
        "challenge files removed on failure too"
    );
}

#[test]
fn invalid_names_are_refused_before_any_request() {
    let s = Site::start();
    let before = s.pebble.request_count();
    for bad in [
        "exa mple.com",
        "-bad.example.com",
        "localhost",
        "a..example.com",
        "*.example.com",
    ] {
        let out = s.issue(&[bad], &[]);
        assert_eq!(out.code, 2, "{bad}: {}", out.stderr);
        assert!(out.stderr.contains("error:"), "{}", out.stderr);
    }
    let out = s.acme(&[
        "issue",
        "-d",
        "ok.example.com",
        "--webroot",
        "/nonexistent/www",
        "--agree-tos",
    ]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("/nonexistent/www"), "{}", out.stderr);
    let out = s.acme(&["issue", "-d", "ok.example.com", "--agree-tos"]);
    assert_eq!(out.code, 2, "no method given");
    assert_eq!(s.pebble.request_count(), before, "the CA saw nothing");
    assert!(!s.cfg.exists(), "the config dir is untouched");
}

#[test]
fn issue_without_an_account_or_consent_says_what_to_do() {
    let s = Site::start();
    let out = s.acme(&[
        "issue",
        "-d",
        "x.example.com",
        "--webroot",
        s.www.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--agree-tos"), "{}", out.stderr);
    assert!(!s.cfg.join("live").exists());
}

/// Every file below `dir` with its contents (or link target), for before/after comparisons.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p);
            } else if meta.file_type().is_symlink() {
                out.push((
                    p.clone(),
                    fs::read_link(&p)
                        .unwrap()
                        .into_os_string()
                        .into_encoded_bytes(),
                ));
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_restrictive_umask_does_not_hide_certificates_or_challenges_from_the_web_server() {
    let mut s = Site::start();
    // The web server runs as `nobody`, like a real one, so it can read only world-readable files.
    let nobody_www = s.root().join("nobody-www");
    fs::create_dir_all(&nobody_www).unwrap();
    fs::set_permissions(s.root(), fs::Permissions::from_mode(0o755)).unwrap();
    s.stop_web();
    let mut web = std::process::Command::new("setpriv")
        .args([
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            "/usr/bin/python3",
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
        ])
        .arg(s.pebble.http_port.to_string())
        .arg("--directory")
        .arg(&nobody_www)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("setpriv (util-linux) runs the web server as nobody");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", s.pebble.http_port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "web server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let cmd = format!(
        "umask 077; exec {} issue -d umask.example.com --webroot {} --agree-tos",
        env!("CARGO_BIN_EXE_acme"),
        nobody_www.display()
    );
    let acme = acme_cmd(&s.pebble, &s.cfg);
    let mut sh = std::process::Command::new("sh");
    for (k, v) in acme.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    let out = run(sh.args(["-c", &cmd]));
    let _ = web.kill();
    let _ = web.wait();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let archive = s.cfg.join("archive/umask.example.com");
    assert_eq!(mode(&archive.join("cert1.pem")), 0o644);
    assert_eq!(mode(&archive.join("fullchain1.pem")), 0o644);
    assert_eq!(mode(&archive.join("privkey1.pem")), 0o600);
}

#[test]
fn issue_runs_pre_deploy_and_post_hooks_in_order_and_saves_them_for_renew() {
    let s = Site::start();
    let log = s.root().join("hooks.log");
    let l = log.display();
    let pre = format!("echo \"pre $ACME_DUE\" >> {l}");
    let deploy = format!("echo \"deploy $RENEWED_LINEAGE $RENEWED_DOMAINS\" >> {l}");
    let post = format!("echo \"post renewed=$ACME_RENEWED failed=$ACME_FAILED\" >> {l}");
    let out = s.issue(
        &["hooks.example.com", "www.hooks.example.com"],
        &[
            "--pre-hook",
            &pre,
            "--deploy-hook",
            &deploy,
            "--post-hook",
            &post,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let live = s.cfg.join("live/hooks.example.com");
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        format!(
            "pre hooks.example.com\ndeploy {} hooks.example.com www.hooks.example.com\npost renewed=hooks.example.com failed=\n",
            live.display()
        )
    );
    let conf = fs::read_to_string(s.cfg.join("renewal/hooks.example.com.conf")).unwrap();
    assert!(
        conf.contains(&format!("deploy_hook = {deploy}\n")),
        "{conf}"
    );

    // A failed issuance runs the post-hook (told it failed) but no deploy hook.
    fs::remove_file(&log).unwrap();
    let unserved = s.root().join("unserved");
    fs::create_dir_all(&unserved).unwrap();
    s.pebble.forget_validations(&s.cfg);
    let out = s.acme(&[
        "issue",
        "-d",
        "hooks.example.com",
        "-d",
        "www.hooks.example.com",
        "--webroot",
        unserved.to_str().unwrap(),
        "--pre-hook",
        &pre,
        "--deploy-hook",
        &deploy,
        "--post-hook",
        &post,
        "--force",
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        "pre hooks.example.com\npost renewed= failed=hooks.example.com\n"
    );
}

/// Issue #18: the first certificate of a config dir says how it will be renewed. This test
/// machine runs neither systemd nor the cron entry, so it is told it is not scheduled and the
/// one command that schedules it; a second certificate is not told again.
#[test]
fn the_first_issuance_says_whether_renewal_is_scheduled_and_how_to_schedule_it() {
    assert!(
        !std::path::Path::new("/etc/cron.d/acme").exists()
            && !std::path::Path::new("/run/systemd/system").exists(),
        "this test expects a machine without systemd and without {}",
        "/etc/cron.d/acme"
    );
    let s = Site::start();
    let out = s.issue(&["first.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("Renewal is NOT scheduled yet")
            && out.stderr.contains("cp contrib/acme.cron /etc/cron.d/acme"),
        "{}",
        out.stderr
    );
    let out = s.issue(&["second.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("scheduled"), "{}", out.stderr);
    let out = s.issue(&["third.example.com"], &["-q"]);
    assert_eq!(out.stderr, "", "quiet");
}
