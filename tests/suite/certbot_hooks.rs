//! certbot's manual hooks, run unchanged (issue #18): the same auth and cleanup scripts work
//! under the real certbot (Debian's) and under acme, for http-01 and dns-01; they are saved
//! for renewal; a certbot `manual` lineage is imported and renewed with them.

use crate::common::*;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pebble reuses valid authorizations at random; then no challenge (and no hook) would run.
/// Even at 0 it does so one time in a hundred: the renewals below forget the validations
/// first (see `Pebble::forget_validations`).
fn no_reuse() -> PebbleOpts {
    PebbleOpts {
        env: vec![("PEBBLE_AUTHZREUSE".into(), "0".into())],
        ..PebbleOpts::default()
    }
}

fn script(path: &Path, body: &str) -> PathBuf {
    fs::write(path, format!("#!/bin/sh\nset -e\n{body}")).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// An http-01 pair as certbot's documentation writes them: the auth hook puts
/// CERTBOT_VALIDATION at the token's path in the web root and prints something, which the
/// cleanup hook gets as CERTBOT_AUTH_OUTPUT. Each call is logged to `trail`.
fn http_pair(dir: &Path, www: &Path, trail: &Path) -> (PathBuf, PathBuf) {
    let (w, t) = (www.display(), trail.display());
    let auth = script(
        &dir.join("auth.sh"),
        &format!(
            "mkdir -p {w}/.well-known/acme-challenge\n\
             echo $CERTBOT_VALIDATION > {w}/.well-known/acme-challenge/$CERTBOT_TOKEN\n\
             echo \"auth|$CERTBOT_DOMAIN|$CERTBOT_TOKEN|$CERTBOT_REMAINING_CHALLENGES|$CERTBOT_ALL_DOMAINS|${{#CERTBOT_VALIDATION}}\" >> {t}\n\
             echo \"made-$CERTBOT_TOKEN\"\n"
        ),
    );
    let cleanup = script(
        &dir.join("cleanup.sh"),
        &format!(
            "rm -f {w}/.well-known/acme-challenge/$CERTBOT_TOKEN\n\
             echo \"cleanup|$CERTBOT_DOMAIN|$CERTBOT_TOKEN|$CERTBOT_AUTH_OUTPUT\" >> {t}\n"
        ),
    );
    (auth, cleanup)
}

fn calls(trail: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(trail)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('|').map(String::from).collect())
        .collect()
}

/// Checks one issuance's worth of calls: an auth per name (remaining counting down), then a
/// cleanup per name with the auth hook's output.
fn assert_pair_ran(calls: &[Vec<String>], names: &[&str], with_token: bool) {
    assert_eq!(calls.len(), 2 * names.len(), "{calls:?}");
    let (auths, cleanups) = calls.split_at(names.len());
    let mut seen: Vec<&str> = Vec::new();
    for (i, a) in auths.iter().enumerate() {
        assert_eq!(a[0], "auth", "{calls:?}");
        seen.push(&a[1]);
        assert_eq!(a[2].is_empty(), !with_token, "CERTBOT_TOKEN: {calls:?}");
        assert_eq!(
            a[3],
            (names.len() - 1 - i).to_string(),
            "remaining: {calls:?}"
        );
        let mut all: Vec<&str> = a[4].split(',').collect();
        all.sort();
        let mut want = names.to_vec();
        want.sort();
        assert_eq!(all, want, "CERTBOT_ALL_DOMAINS: {calls:?}");
        let len: usize = a[5].parse().unwrap();
        assert!(len >= 43, "CERTBOT_VALIDATION: {calls:?}");
    }
    seen.sort();
    let mut want = names.to_vec();
    want.sort();
    assert_eq!(seen, want);
    for c in cleanups {
        assert_eq!(c[0], "cleanup", "{calls:?}");
        let auth = auths.iter().find(|a| a[1] == c[1]).unwrap();
        assert_eq!(c[2], auth[2], "same token");
        let expect = if with_token {
            format!("made-{}", c[2])
        } else {
            format!("made-{}", c[1])
        };
        assert_eq!(c[3], expect, "CERTBOT_AUTH_OUTPUT: {calls:?}");
    }
}

#[test]
fn certbot_manual_http01_hooks_run_unchanged_and_are_saved_for_renewal() {
    let s = Site::start_with(no_reuse());
    let trail = s.root().join("trail");
    let (auth, cleanup) = http_pair(s.root(), &s.www, &trail);
    let names = ["m.example.com", "www.m.example.com"];
    let out = s.acme(&[
        "issue",
        "-d",
        names[0],
        "-d",
        names[1],
        "--manual",
        "--preferred-challenges",
        "http",
        "--manual-auth-hook",
        auth.to_str().unwrap(),
        "--manual-cleanup-hook",
        cleanup.to_str().unwrap(),
        "--agree-tos",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_pair_ran(&calls(&trail), &names, true);
    let dir = s.www.join(".well-known/acme-challenge");
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        0,
        "the cleanup hook removed the files"
    );
    let conf = fs::read_to_string(s.cfg.join("renewal/m.example.com.conf")).unwrap();
    for line in [
        "method = manual".to_string(),
        format!("manual_auth_hook = {}", auth.display()),
        format!("manual_cleanup_hook = {}", cleanup.display()),
        "preferred_challenges = http-01".to_string(),
    ] {
        assert!(conf.contains(&format!("{line}\n")), "{line}: {conf}");
    }

    fs::remove_file(&trail).unwrap();
    s.pebble.forget_validations(&s.cfg);
    let out = s.acme(&["renew", "--force", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_pair_ran(&calls(&trail), &names, true);
    assert!(s.cfg.join("archive/m.example.com/cert2.pem").exists());

    // The very same scripts under the real certbot.
    fs::remove_file(&trail).unwrap();
    let out = Command::new("certbot")
        .env("REQUESTS_CA_BUNDLE", &s.pebble.ca_bundle)
        .args([
            "certonly",
            "--non-interactive",
            "--agree-tos",
            "-m",
            "a@b.example",
        ])
        .args(["--server", &s.pebble.directory_url])
        .arg("--config-dir")
        .arg(s.root().join("le/etc"))
        .arg("--work-dir")
        .arg(s.root().join("le/work"))
        .arg("--logs-dir")
        .arg(s.root().join("le/logs"))
        .args(["--manual", "--preferred-challenges", "http"])
        .arg("--manual-auth-hook")
        .arg(&auth)
        .arg("--manual-cleanup-hook")
        .arg(&cleanup)
        .args(["-d", names[0], "-d", names[1]])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "certbot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_pair_ran(&calls(&trail), &names, true);
}

#[test]
fn certbot_manual_dns01_hooks_run_unchanged_with_a_wildcard() {
    let pebble = Pebble::start_with(no_reuse());
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let trail = tmp.path().join("trail");
    let mgmt = pebble.challtestsrv_mgmt.clone().unwrap();
    let t = trail.display();
    let auth = script(
        &tmp.path().join("dns-auth.sh"),
        &format!(
            "curl -fsS --noproxy '*' -X POST -d \"{{\\\"host\\\":\\\"_acme-challenge.$CERTBOT_DOMAIN.\\\",\\\"value\\\":\\\"$CERTBOT_VALIDATION\\\"}}\" '{mgmt}/set-txt'\n\
             echo \"auth|$CERTBOT_DOMAIN|${{CERTBOT_TOKEN:-}}|$CERTBOT_REMAINING_CHALLENGES|$CERTBOT_ALL_DOMAINS|${{#CERTBOT_VALIDATION}}\" >> {t}\n\
             echo \"made-$CERTBOT_DOMAIN\"\n"
        ),
    );
    let cleanup = script(
        &tmp.path().join("dns-cleanup.sh"),
        &format!(
            "curl -fsS --noproxy '*' -X POST -d \"{{\\\"host\\\":\\\"_acme-challenge.$CERTBOT_DOMAIN.\\\"}}\" '{mgmt}/clear-txt'\n\
             echo \"cleanup|$CERTBOT_DOMAIN|${{CERTBOT_TOKEN:-}}|$CERTBOT_AUTH_OUTPUT\" >> {t}\n"
        ),
    );
    let dns = pebble.dns_addr.unwrap().to_string();
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "*.w.example.com",
        "-d",
        "x.example.com",
        "--preferred-challenges",
        "dns-01",
        "--manual-auth-hook",
        auth.to_str().unwrap(),
        "--manual-cleanup-hook",
        cleanup.to_str().unwrap(),
        "--dns-resolver",
        &dns,
        "--dns-timeout",
        "30",
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // certbot strips the wildcard from CERTBOT_DOMAIN; there is no token for dns-01.
    assert_pair_ran(&calls(&trail), &["w.example.com", "x.example.com"], false);
    let conf = fs::read_to_string(cfg.join("renewal/w.example.com.conf")).unwrap();
    assert!(
        conf.contains("method = manual\n") && conf.contains("preferred_challenges = dns-01\n"),
        "{conf}"
    );

    fs::remove_file(&trail).unwrap();
    pebble.forget_validations(&cfg);
    let out = run(acme_cmd(&pebble, &cfg).args(["renew", "--force", "--no-random-sleep"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_pair_ran(&calls(&trail), &["w.example.com", "x.example.com"], false);
}

/// issue #18: "certbot `manual` lineages import as unknown method and renew fails" — a real
/// certbot manual lineage is imported and renewed by acme with its hooks.
#[test]
fn a_certbot_manual_lineage_is_imported_and_renewed_with_its_hooks() {
    let s = Site::start_with(no_reuse());
    let trail = s.root().join("trail");
    let (auth, cleanup) = http_pair(s.root(), &s.www, &trail);
    let le = s.root().join("le");
    let out = Command::new("certbot")
        .env("REQUESTS_CA_BUNDLE", &s.pebble.ca_bundle)
        .args([
            "certonly",
            "--non-interactive",
            "--agree-tos",
            "-m",
            "a@b.example",
        ])
        .args(["--server", &s.pebble.directory_url])
        .arg("--config-dir")
        .arg(le.join("etc"))
        .arg("--work-dir")
        .arg(le.join("work"))
        .arg("--logs-dir")
        .arg(le.join("logs"))
        .args(["--manual", "--preferred-challenges", "http"])
        .arg("--manual-auth-hook")
        .arg(&auth)
        .arg("--manual-cleanup-hook")
        .arg(&cleanup)
        .args(["-d", "imp.example.com"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "certbot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // certbot's hook directories: two deploy scripts (run in lexical order), a pre and a
    // post script, and a file that is not executable (certbot skips it; so does acme, saying so).
    let order = s.root().join("order");
    let o = order.display();
    let hooks = le.join("etc/renewal-hooks");
    for (kind, name, body) in [
        ("pre", "10-stop", format!("echo pre >> {o}\n")),
        (
            "deploy",
            "20-reload",
            format!("echo \"deploy-20 $RENEWED_LINEAGE\" >> {o}\n"),
        ),
        (
            "deploy",
            "10-copy",
            format!("echo \"deploy-10 $RENEWED_DOMAINS\" >> {o}\n"),
        ),
        ("post", "10-start", format!("echo post >> {o}\n")),
    ] {
        fs::create_dir_all(hooks.join(kind)).unwrap();
        script(&hooks.join(kind).join(name), &body);
    }
    fs::write(hooks.join("deploy/README"), "not a hook\n").unwrap();
    let out = s.acme(&["import-certbot", "--from", le.join("etc").to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for h in [
        "renewal-hooks/pre/10-stop",
        "renewal-hooks/deploy/10-copy",
        "renewal-hooks/deploy/20-reload",
        "renewal-hooks/post/10-start",
    ] {
        assert!(
            out.stdout.contains(&format!("imported  hook {h}")),
            "{h}: {}",
            out.stdout
        );
        assert!(s.cfg.join(h).exists());
    }
    assert!(
        out.stderr.contains("README is not executable") && out.stderr.contains("not copied"),
        "says what it left: {}",
        out.stderr
    );
    let conf = fs::read_to_string(s.cfg.join("renewal/imp.example.com.conf")).unwrap();
    assert!(
        conf.contains("method = manual\n") && conf.contains("preferred_challenges = http-01\n"),
        "{conf}"
    );
    let list = s.acme(&["list"]);
    assert!(!list.stdout.contains("error"), "{}", list.stdout);

    fs::remove_file(&trail).unwrap();
    s.pebble.forget_validations(&s.cfg);
    let out = s.acme(&["renew", "--force", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_pair_ran(&calls(&trail), &["imp.example.com"], true);
    assert!(s.cfg.join("archive/imp.example.com/cert2.pem").exists());
    assert_eq!(
        fs::read_to_string(&order).unwrap(),
        format!(
            "pre\ndeploy-10 imp.example.com\ndeploy-20 {}\npost\n",
            s.cfg.join("live/imp.example.com").display()
        ),
        "pre and post once, deploy in lexical order"
    );
    // A run that renews nothing runs no hook.
    fs::remove_file(&order).unwrap();
    let out = s.acme(&["renew", "--no-random-sleep"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!order.exists());
}
