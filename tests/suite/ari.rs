//! ARI (RFC 9773) against Pebble 2.10's own `renewalInfo`: windows moved with its management
//! API's `set-renewal-info` (as Let's Encrypt moved 3 million windows in its 2026-03 drill),
//! renewals that send `replaces`, `alreadyReplaced`, and the CA's `Retry-After` on the window.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::*;

fn cmd(site: &Site, cfg: &Path) -> Command {
    let mut c = acme_cmd(&site.pebble, cfg);
    c.env("ACME_NO_RANDOM_SLEEP", "1");
    c
}

fn renew(site: &Site, cfg: &Path, extra: &[&str]) -> Output3 {
    run(cmd(site, cfg)
        .args(["renew", "--no-random-sleep"])
        .args(extra))
}

/// A site with one certificate for `name`, whose serial Pebble can find again.
///
/// Pebble files each certificate under the hex of its serial's minimal bytes, but looks a
/// `replaces` CertID up by the hex of the bytes the client sends, which (RFC 9773 §4.1) are
/// the DER content of the serial: a leading zero byte when the top bit is set. For such a
/// serial (1 in 256 of Pebble's: 7 bytes with the top bit set) Pebble answers `replaces`
/// with a 500 and acme orders again without it, so the tests counting replacements start
/// over with another site.
fn issued(name: &str) -> Site {
    for _ in 0..8 {
        let site = Site::start();
        let out = site.issue(&[name], &[]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let pem = fs::read(site.live(name, "cert.pem")).unwrap();
        let serial = openssl::x509::X509::from_pem(&pem)
            .unwrap()
            .serial_number()
            .to_bn()
            .unwrap()
            .to_vec();
        if serial[0] < 0x80 {
            return site;
        }
    }
    panic!("eight certificates in a row had serials Pebble cannot look up");
}

fn conf(cfg: &Path, name: &str) -> String {
    fs::read_to_string(cfg.join(format!("renewal/{name}.conf"))).unwrap()
}

/// The remembered "ask the CA again" time of a lineage (Unix seconds).
fn next_check(cfg: &Path, name: &str) -> i64 {
    let conf = conf(cfg, name);
    let line = conf
        .lines()
        .find_map(|l| l.strip_prefix("ari_next_check = "))
        .unwrap_or_else(|| panic!("no ari_next_check in\n{conf}"));
    acme::time::parse_rfc3339(line.trim()).unwrap()
}

/// Stands in for waiting out the CA's `Retry-After` (6 h): the remembered re-check time is put
/// a second into the past, as it would be on the first timer run after it.
fn let_retry_after_pass(cfg: &Path, name: &str) {
    let path = cfg.join(format!("renewal/{name}.conf"));
    let past = acme::time::format_rfc3339(acme::time::now() - 1);
    let text: String = fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| match l.starts_with("ari_next_check = ") {
            true => format!("ari_next_check = {past}\n"),
            false => format!("{l}\n"),
        })
        .collect();
    fs::write(&path, text).unwrap();
}

/// Moves the CA's suggested window of `live/<name>/cert.pem` to an hour ago.
fn move_window_into_the_past(site: &Site, cfg: &Path, name: &str) {
    let pem = fs::read_to_string(cfg.join(format!("live/{name}/cert.pem"))).unwrap();
    let now = acme::time::now();
    let window = serde_json::json!({"suggestedWindow": {
        "start": acme::time::format_rfc3339(now - 7200),
        "end": acme::time::format_rfc3339(now - 3600),
    }});
    site.pebble.set_renewal_info(&pem, &window);
}

/// Pebble logs `ARI: order "<new>" is a replacement of "<old>"` for each newOrder whose
/// `replaces` it accepted.
fn replacements(site: &Site) -> usize {
    site.pebble
        .log()
        .lines()
        .filter(|l| l.contains("is a replacement of"))
        .count()
}

#[test]
fn a_window_moved_into_the_past_is_acted_on_when_retry_after_passes_with_replaces() {
    let site = issued("a.example.com");
    let cfg = site.cfg.clone();

    // Pebble's own window (around two thirds of the lifetime) is weeks away.
    let out = renew(&site, &cfg, &["--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "not_due", "{v}");
    let list = run(cmd(&site, &cfg).args(["list", "--json"]));
    let l: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(l[0]["next_renewal"], v[0]["due_at"], "list and renew agree");
    assert!(l[0]["ari_window"]["chosen"].is_string(), "{l}");
    // Pebble sends `Retry-After: 21600` with every window: the next look is 6 h away.
    let wait = next_check(&cfg, "a.example.com") - acme::time::now();
    assert!((21500..=21600).contains(&wait), "re-check in {wait} s");

    // The CA moves the window. Until its Retry-After has passed, runs leave the CA alone.
    move_window_into_the_past(&site, &cfg, "a.example.com");
    let before = site.pebble.request_count();
    let out = renew(&site, &cfg, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("not due until"), "{}", out.stdout);
    assert_eq!(site.pebble.request_count(), before, "nobody contacted");

    // The first run after it asks again, sees the moved window and renews, saying `replaces`.
    let_retry_after_pass(&cfg, "a.example.com");
    let started = Instant::now();
    let out = renew(&site, &cfg, &[]);
    let took = started.elapsed();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example.com: renewed (version 2)"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(replacements(&site), 1, "{}", site.pebble.log());
    // The measurement the README quotes: from the run that sees the moved window to a renewed
    // certificate installed in live/.
    eprintln!("ARI: moved window seen -> renewed certificate in {took:?}");
    assert!(took < Duration::from_secs(30), "{took:?}");

    // The new certificate has its own, future window: the next run has nothing to do.
    let out = renew(&site, &cfg, &["--json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "not_due", "{v}");
}

/// Two machines restored from one backup share the account and the certificate: the second to
/// renew is told `alreadyReplaced` and orders again without `replaces`.
#[test]
fn already_replaced_is_retried_without_replaces() {
    let site = issued("a.example.com");
    let cfg = site.cfg.clone();
    let twin = site.root().join("twin");
    let copied = Command::new("cp").arg("-a").arg(&cfg).arg(&twin).status();
    assert!(copied.unwrap().success());
    move_window_into_the_past(&site, &cfg, "a.example.com");

    let out = renew(&site, &cfg, &[]);
    assert!(
        out.stdout.contains("a.example.com: renewed (version 2)"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert_eq!(replacements(&site), 1);

    let out = renew(&site, &twin, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example.com: renewed (version 2)"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    // The client's note on Pebble's alreadyReplaced (Pebble does not log the problems it sends).
    assert!(out.stderr.contains("already replaced"), "{}", out.stderr);
    assert_eq!(replacements(&site), 1, "the retry did not say replaces");
}

/// The shipped schedule is hourly because a run with nothing due is nearly free: it reads the
/// lineages, contacts nobody (not even for ARI, until its Retry-After) and sleeps no jitter.
/// This checks both the files and the claim, running exactly what cron runs.
#[test]
fn the_shipped_timer_and_cron_run_hourly_and_a_run_with_nothing_due_contacts_nobody() {
    let contrib = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib");
    let timer = fs::read_to_string(contrib.join("acme-renew.timer")).unwrap();
    assert!(timer.lines().any(|l| l == "OnCalendar=hourly"), "{timer}");
    assert!(timer.contains("RandomizedDelaySec="), "{timer}");
    let service = fs::read_to_string(contrib.join("acme-renew.service")).unwrap();
    let exec = service
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=/usr/local/bin/acme "))
        .expect("ExecStart");
    let cron = fs::read_to_string(contrib.join("acme.cron")).unwrap();
    let entry = cron
        .lines()
        .find(|l| !l.starts_with('#') && l.contains(" root acme "))
        .expect("a cron entry");
    let fields: Vec<&str> = entry.split_whitespace().collect();
    assert!(
        fields[0].parse::<u8>().is_ok() && fields[1..5] == ["*", "*", "*", "*"],
        "hourly: {entry}"
    );
    let cron_args: Vec<&str> = fields[7..].to_vec();

    let site = issued("a.example.com");
    // The first run asks for the window and remembers the CA's Retry-After.
    let out = renew(&site, &site.cfg, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for args in [cron_args, exec.split_whitespace().collect()] {
        let before = site.pebble.request_count();
        let started = Instant::now();
        // As cron runs it: no terminal, no ACME_NO_RANDOM_SLEEP, so jitter would be on.
        let out = run(acme_cmd(&site.pebble, &site.cfg).args(&args));
        let took = started.elapsed();
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?} prints nothing");
        assert_eq!(
            site.pebble.request_count(),
            before,
            "{args:?} contacted the CA"
        );
        eprintln!("no-op run {args:?}: {took:?}");
        assert!(took < Duration::from_secs(2), "{args:?} took {took:?}");
    }
}

/// A CA window that opens only after the certificate expires (broken or hostile; RFC 9773
/// leaves the client the duty to renew in time): the renewal is planned before notAfter.
#[test]
fn a_window_after_expiry_is_clamped_before_not_after() {
    let site = issued("a.example.com");
    let cfg = site.cfg.clone();
    let pem = fs::read_to_string(cfg.join("live/a.example.com/cert.pem")).unwrap();
    let cert = openssl::x509::X509::from_pem(pem.as_bytes()).unwrap();
    let epoch = openssl::asn1::Asn1Time::from_unix(0).unwrap();
    let d = epoch.diff(cert.not_after()).unwrap();
    let not_after = i64::from(d.days) * 86400 + i64::from(d.secs);
    let window = serde_json::json!({"suggestedWindow": {
        "start": acme::time::format_rfc3339(not_after + 86400),
        "end": acme::time::format_rfc3339(not_after + 2 * 86400),
    }});
    site.pebble.set_renewal_info(&pem, &window);
    let out = renew(&site, &cfg, &["--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "not_due", "{v}");
    let due = v[0]["due_at"]
        .as_str()
        .and_then(acme::time::parse_rfc3339)
        .unwrap_or_else(|| panic!("no due_at: {v}"));
    assert!(
        due < not_after,
        "renewal planned at {due}, after notAfter {not_after}: {v}"
    );
    assert!(due > acme::time::now(), "{v}");
}
