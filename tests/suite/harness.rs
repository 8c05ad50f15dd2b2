//! Smoke tests for the integration-test harness itself (tests/common).

use std::net::UdpSocket;
use std::process::Command;
use std::time::Duration;

use crate::common::{DnsMode, Pebble, PebbleOpts, StaticServer, acme_cmd, free_port, run};

fn directory(p: &Pebble) -> serde_json::Value {
    let mut resp = p
        .agent()
        .get(&p.directory_url)
        .call()
        .expect("GET directory");
    assert_eq!(resp.status(), 200);
    serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).expect("directory JSON")
}

#[test]
fn pebble_serves_directory_and_counts_requests() {
    let p = Pebble::start();
    let before = p.request_count();
    let dir = directory(&p);
    let origin = p.directory_url.trim_end_matches("/dir");
    for key in ["newNonce", "newAccount", "newOrder"] {
        let url = dir[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key} missing: {dir}"));
        assert!(url.starts_with(origin), "{key} = {url} not under {origin}");
    }
    assert_eq!(dir["meta"]["externalAccountRequired"], false);
    assert_eq!(p.request_count(), before + 1, "log:\n{}", p.log());
    // Management requests are not logged, so they must not count.
    p.root_pem();
    assert_eq!(p.request_count(), before + 1);
    // The harness defaults reached pebble.
    let log = p.log();
    assert!(log.contains("Disabling random VA sleeps"), "{log}");
    assert!(log.contains("reject 0% of good nonces"), "{log}");
    assert!(
        log.contains("authz reuse for each identifier 0% of the time"),
        "{log}"
    );
}

#[test]
fn roots_and_ca_bundle_are_certificates() {
    let p = Pebble::start();
    let root = openssl::x509::X509::from_pem(p.root_pem().as_bytes()).expect("root PEM");
    let cn = |c: &openssl::x509::X509| format!("{:?}", c.subject_name());
    assert!(cn(&root).contains("Pebble Root CA"), "{}", cn(&root));
    let bundle =
        openssl::x509::X509::from_pem(&std::fs::read(&p.ca_bundle).unwrap()).expect("CA bundle");
    assert_ne!(root.to_der().unwrap(), bundle.to_der().unwrap());
    let (status, _) = p.get_mgmt("/no-such-endpoint");
    assert_eq!(status, 404);
}

#[test]
fn options_reach_pebble() {
    let p = Pebble::start_with(PebbleOpts {
        env: vec![("PEBBLE_WFE_NONCEREJECT".into(), "50".into())],
        eab_keys: vec![(
            "kid-1".into(),
            "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W".into(),
        )],
        ..PebbleOpts::default()
    });
    assert_eq!(directory(&p)["meta"]["externalAccountRequired"], true);
    let log = p.log();
    assert!(log.contains("reject 50% of good nonces"), "{log}");
    assert!(
        log.contains("Disabling random VA sleeps"),
        "other defaults stay: {log}"
    );
}

#[test]
fn external_dns_starts_no_challtestsrv() {
    let dns = std::net::SocketAddr::from(([127, 0, 0, 1], free_port()));
    let p = Pebble::start_with(PebbleOpts {
        dns: DnsMode::External(dns),
        ..PebbleOpts::default()
    });
    assert!(p.challtestsrv_mgmt.is_none() && p.dns_addr.is_none());
    assert!(
        p.log()
            .contains(&format!("DNS resolver for ACME challenges: {dns}")),
        "{}",
        p.log()
    );
}

#[test]
fn two_pebbles_run_at_once() {
    let (a, b) = (Pebble::start(), Pebble::start());
    assert_ne!(a.directory_url, b.directory_url);
    assert_ne!(a.dns_addr, b.dns_addr);
    assert!(directory(&a)["newOrder"].is_string() && directory(&b)["newOrder"].is_string());
    assert_ne!(a.root_pem(), b.root_pem(), "each pebble has its own root");
}

const TXT: u8 = 16;
const A: u8 = 1;
const AAAA: u8 = 28;

/// Minimal DNS lookup over UDP (no DNS crate available): returns the answer
/// count and the raw response, which is enough to look for a record's bytes.
fn query(server: std::net::SocketAddr, name: &str, qtype: u8) -> (u16, Vec<u8>) {
    let mut q = vec![0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]; // id, RD, 1 question
    for label in name.trim_end_matches('.').split('.') {
        q.push(label.len() as u8);
        q.extend_from_slice(label.as_bytes());
    }
    q.extend_from_slice(&[0, 0, qtype, 0, 1]); // root label, QTYPE, QCLASS IN
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    sock.send_to(&q, server).unwrap();
    let mut buf = [0; 1500];
    let n = sock.recv(&mut buf).expect("DNS answer");
    assert_eq!(&buf[..2], &[0x12, 0x34], "answer id");
    (u16::from_be_bytes([buf[6], buf[7]]), buf[..n].to_vec())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn set_txt_is_served_by_dns() {
    let p = Pebble::start();
    let dns = p.dns_addr.unwrap();
    let name = "_acme-challenge.example.com";
    p.set_txt("_acme-challenge.Example.COM", "token-value");
    let (count, answer) = query(dns, name, TXT);
    assert_eq!(count, 1, "{answer:?}");
    assert!(contains(&answer, b"\x0btoken-value"), "{answer:?}");
    p.clear_txt("_acme-challenge.example.com.");
    assert!(!contains(&query(dns, name, TXT).1, b"token-value"));
}

#[test]
fn dns_answers_ipv4_loopback_only() {
    // Pebble must dial 127.0.0.1, where the tests' challenge servers listen.
    let p = Pebble::start();
    let (count, answer) = query(p.dns_addr.unwrap(), "example.com", A);
    // RDLENGTH 4, then the address.
    assert!(
        count == 1 && contains(&answer, &[0, 4, 127, 0, 0, 1]),
        "{answer:?}"
    );
    assert_eq!(query(p.dns_addr.unwrap(), "example.com", AAAA).0, 0);
}

#[test]
fn static_server_serves_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "hi there").unwrap();
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hello.txt");
    let agent = ureq::Agent::new_with_defaults();
    {
        let _server = StaticServer::serve(dir.path(), port);
        assert_eq!(
            agent
                .get(&url)
                .call()
                .unwrap()
                .body_mut()
                .read_to_string()
                .unwrap(),
            "hi there"
        );
    }
    assert!(
        agent.get(&url).call().is_err(),
        "server must be gone after drop"
    );
}

#[test]
fn run_captures_output_and_exit_code() {
    let out = run(Command::new("sh").args(["-c", "echo out; echo err >&2; exit 3"]));
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (3, "out\n", "err\n")
    );
    let out = run(Command::new("sh").args(["-c", "kill -TERM $$"]));
    assert_eq!(out.code, 128 + 15);
}

#[test]
fn acme_cmd_points_at_pebble() {
    let p = Pebble::start();
    let cfg = tempfile::tempdir().unwrap();
    let cmd = acme_cmd(&p, cfg.path());
    let env: Vec<_> = cmd
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_str()?, v?.to_str()?)))
        .collect();
    assert!(
        env.contains(&("ACME_SERVER", p.directory_url.as_str())),
        "{env:?}"
    );
    assert!(
        env.contains(&("ACME_CA_BUNDLE", p.ca_bundle.to_str().unwrap())),
        "{env:?}"
    );
    assert!(
        env.contains(&("ACME_CONFIG_DIR", cfg.path().to_str().unwrap())),
        "{env:?}"
    );
    assert!(std::path::Path::new(cmd.get_program()).exists());
}
