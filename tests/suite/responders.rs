//! Built-in responders (`--standalone`, `--tls-alpn`) and the http-01 self-check, against Pebble
//! with its httpPort/tlsPort set to free loopback ports (challtestsrv's own responders are off).

use crate::common::*;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

fn nothing_listens(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err()
}

fn challenge_posts(pebble: &Pebble) -> usize {
    pebble
        .log()
        .lines()
        .filter(|l| l.contains("/chalZ/") && l.ends_with(" -> calling handler()"))
        .count()
}

fn order_posts(pebble: &Pebble) -> usize {
    pebble
        .log()
        .lines()
        .filter(|l| l.contains("/order-plz") && l.ends_with(" -> calling handler()"))
        .count()
}

fn conf(cfg: &Path, name: &str) -> String {
    std::fs::read_to_string(cfg.join(format!("renewal/{name}.conf"))).unwrap()
}

fn san_text(cfg: &Path, name: &str) -> String {
    let pem = std::fs::read(cfg.join(format!("live/{name}/cert.pem"))).unwrap();
    let cert = openssl::x509::X509::from_pem(&pem).unwrap();
    format!("{:?}", cert.subject_alt_names().unwrap())
}

#[test]
fn standalone_issues_self_checks_and_stops_listening() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let port = pebble.http_port.to_string();
    let via = format!("127.0.0.1:{port}");
    let out = run(acme_cmd(&pebble, &cfg).args([
        "-v",
        "issue",
        "-d",
        "s.example.com",
        "--standalone",
        "--http-port",
        &port,
        "--http-address",
        "127.0.0.1",
        "--self-check-via",
        &via,
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "from {via}: it answers with the key authorization"
        )),
        "the self-check ran through --self-check-via: {}",
        out.stderr
    );
    assert!(cfg.join("live/s.example.com/fullchain.pem").exists());
    assert!(san_text(&cfg, "s.example.com").contains("s.example.com"));
    let c = conf(&cfg, "s.example.com");
    for line in [
        "method = standalone",
        &format!("http_port = {port}"),
        "http_address = 127.0.0.1",
        &format!("self_check_via = {via}"),
    ] {
        assert!(c.contains(line), "{line:?} missing from\n{c}");
    }
    assert!(nothing_listens(pebble.http_port), "the listener is gone");
}

#[test]
fn tls_alpn_issues_for_a_dns_name_and_an_ip_address() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let port = pebble.tls_port.to_string();
    for name in ["t.example.com", "127.0.0.1"] {
        let out = run(acme_cmd(&pebble, &cfg).args([
            "issue",
            "-d",
            name,
            "--tls-alpn",
            "--tls-port",
            &port,
            "--tls-address",
            "127.0.0.1",
            "--agree-tos",
        ]));
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        let sans = san_text(&cfg, name);
        assert!(sans.contains(name), "{name}: {sans}");
        let c = conf(&cfg, name);
        assert!(c.contains("method = tls-alpn"), "{c}");
        assert!(c.contains(&format!("tls_port = {port}")), "{c}");
        assert!(!c.contains("self_check"), "http-01 only: {c}");
        assert!(nothing_listens(pebble.tls_port), "the listener is gone");
    }
    // The IP went to the CA as an `ip` identifier (validated with the reverse-DNS SNI), so the
    // certificate names it as an iPAddress, not a dNSName.
    let pem = std::fs::read(cfg.join("live/127.0.0.1/cert.pem")).unwrap();
    let cert = openssl::x509::X509::from_pem(&pem).unwrap();
    let sans = cert.subject_alt_names().unwrap();
    assert_eq!(sans.len(), 1);
    assert_eq!(sans[0].ipaddress(), Some(&[127u8, 0, 0, 1][..]));
    assert_eq!(sans[0].dnsname(), None);
}

#[test]
fn a_busy_port_fails_before_the_ca_is_contacted() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let squatter = TcpListener::bind(("127.0.0.1", pebble.http_port)).unwrap();
    let port = pebble.http_port.to_string();
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "busy.example.com",
        "--standalone",
        "--http-port",
        &port,
        "--http-address",
        "127.0.0.1",
        "--agree-tos",
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("127.0.0.1:{port}")) && out.stderr.contains("in use"),
        "{}",
        out.stderr
    );
    // Only the harness's own readiness probe (GET /dir): no nonce, account or order.
    assert!(pebble.request_count() <= 1, "{}", pebble.log());
    assert_eq!(order_posts(&pebble), 0, "{}", pebble.log());
    assert!(!cfg.join("live").exists());
    drop(squatter);
}

/// A web server that answers at the self-check's address, but not from the given webroot.
fn unserved_webroot_run(extra: &[&str]) -> (Pebble, Output3, String) {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let (www, served, cfg) = (
        tmp.path().join("www"),
        tmp.path().join("other"),
        tmp.path().join("cfg"),
    );
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&served).unwrap();
    let _web = StaticServer::serve(&served, pebble.http_port);
    let via = format!("127.0.0.1:{}", pebble.http_port);
    let mut args = vec![
        "issue",
        "-d",
        "w.example.com",
        "--webroot",
        www.to_str().unwrap(),
        "--agree-tos",
    ];
    args.extend_from_slice(extra);
    let args: Vec<String> = args.into_iter().map(|a| a.replace("VIA", &via)).collect();
    let out = run(acme_cmd(&pebble, &cfg).args(&args));
    assert!(!cfg.join("live").exists());
    (pebble, out, via)
}

#[test]
fn a_webroot_not_served_where_the_self_check_looks_stops_before_any_challenge() {
    let (pebble, out, via) = unserved_webroot_run(&["--self-check-via", "VIA"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let err = &out.stderr;
    for want in [
        "http://w.example.com/.well-known/acme-challenge/",
        &format!("from {via}"),
        "HTTP 404",
        "expected HTTP 200",
        "--no-self-check",
    ] {
        assert!(err.contains(want), "{want:?} missing from:\n{err}");
    }
    assert_eq!(
        order_posts(&pebble),
        1,
        "the order was placed:\n{}",
        pebble.log()
    );
    assert_eq!(
        challenge_posts(&pebble),
        0,
        "no challenge was triggered:\n{}",
        pebble.log()
    );
}

#[test]
fn no_self_check_lets_the_ca_try_and_fail() {
    let (pebble, out, _) = unserved_webroot_run(&["--no-self-check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("validation failed"), "{}", out.stderr);
    assert!(challenge_posts(&pebble) >= 1, "{}", pebble.log());
}

#[test]
fn an_unreachable_self_check_only_warns() {
    let site = Site::start();
    let (pebble, www, cfg) = (&site.pebble, &site.www, &site.cfg);
    let closed = free_port();
    let via = format!("127.0.0.1:{closed}");
    let out = run(acme_cmd(pebble, cfg).args([
        "issue",
        "-d",
        "u.example.com",
        "--webroot",
        www.to_str().unwrap(),
        "--self-check-via",
        &via,
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("warning: self-check: could not fetch"),
        "{}",
        out.stderr
    );
}

#[test]
fn listen_options_without_their_method_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let www = tmp.path().to_str().unwrap().to_string();
    let cases: [&[&str]; 4] = [
        &["--webroot", &www, "--http-port", "8080"],
        &["--standalone", "--tls-address", "127.0.0.1"],
        &["--tls-alpn", "--self-check-via", "127.0.0.1:80"],
        &["--standalone", "--webroot", &www],
    ];
    for extra in cases {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_acme"));
        cmd.env("ACME_CONFIG_DIR", &cfg)
            // Never reached: the arguments are refused first.
            .env("ACME_SERVER", "https://127.0.0.1:9/dir")
            .args(["issue", "-d", "a.example.com"])
            .args(extra);
        let out = run(&mut cmd);
        assert_eq!(out.code, 2, "{extra:?}: {}", out.stderr);
        assert!(!cfg.exists(), "{extra:?} touched the config dir");
    }
}
