//! Rate-limit ledger and guard: against Pebble with Let's Encrypt's table applied, and against
//! a small in-test HTTPS server where Pebble cannot play the part (it never sends rateLimited).

use crate::common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SET: [&str; 2] = ["a.example.com", "www.a.example.com"];

/// newOrder requests that reached Pebble (its log names the handler's path).
fn new_orders(pebble: &Pebble) -> usize {
    pebble
        .log()
        .lines()
        .filter(|l| l.contains("POST /order-plz") && l.ends_with(" -> calling handler()"))
        .count()
}

fn issue(pebble: &Pebble, cfg: &Path, www: &Path, extra: &[&str]) -> Output3 {
    let mut cmd = acme_cmd(pebble, cfg);
    cmd.env("ACME_RATE_LIMITS", "letsencrypt")
        .args([
            "issue",
            "-d",
            SET[0],
            "-d",
            SET[1],
            "--agree-tos",
            // Each run is a new certificate for the same set, as the limit counts them.
            "--force",
            "--webroot",
        ])
        .arg(www)
        .args(extra);
    run(&mut cmd)
}

#[test]
fn sixth_certificate_for_one_set_is_refused_locally_and_ignore_limits_overrides() {
    let site = Site::start();
    let (pebble, www, cfg) = (&site.pebble, &site.www, &site.cfg);

    for i in 1..=5 {
        let out = issue(pebble, cfg, www, &[]);
        assert_eq!(out.code, 0, "certificate {i}: {}", out.stderr);
    }
    let orders_before = new_orders(pebble);
    assert_eq!(orders_before, 5);

    let out = issue(pebble, cfg, www, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for want in [
        "certificates-per-exact-set",
        "a.example.com, www.a.example.com",
        "used 5 of 5",
        "allowed after",
        "--ignore-limits",
    ] {
        assert!(
            out.stderr.contains(want),
            "missing {want:?} in: {}",
            out.stderr
        );
    }
    assert_eq!(
        new_orders(pebble),
        orders_before,
        "no newOrder may reach the CA"
    );
    let archive = cfg.join("archive").join(SET[0]);
    assert!(archive.join("cert5.pem").exists());
    assert!(!archive.join("cert6.pem").exists());

    // `acme limits` lists the set's usage.
    let mut cmd = acme_cmd(pebble, cfg);
    let out = run(cmd.env("ACME_RATE_LIMITS", "letsencrypt").arg("limits"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("certificates-per-exact-set"),
        "{}",
        out.stdout
    );
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("a.example.com, www.a.example.com"))
        .unwrap_or_else(|| panic!("no line for the set in:\n{}", out.stdout));
    assert!(
        line.contains("5 of 5") && line.contains("next allowed after"),
        "{line}"
    );

    // --json shape.
    let mut cmd = acme_cmd(pebble, cfg);
    let out = run(cmd
        .env("ACME_RATE_LIMITS", "letsencrypt")
        .args(["limits", "--json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["table"], "letsencrypt");
    assert_eq!(v["server"], pebble.directory_url.as_str());
    assert!(v["retry_after"].is_null());
    let limits = v["limits"].as_array().unwrap();
    let names: Vec<&str> = limits.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "new-orders-per-account",
            "certificates-per-registered-domain",
            "certificates-per-exact-set",
            "failed-authorizations-per-identifier",
            "new-registrations-per-ip"
        ]
    );
    let exact = &limits[2];
    assert_eq!(exact["scope"], "exact_set");
    assert_eq!(exact["capacity"], 5);
    assert_eq!(exact["window_seconds"], 7 * 24 * 3600);
    let usage = exact["usage"].as_array().unwrap();
    assert_eq!(usage.len(), 1, "{usage:?}");
    assert_eq!(usage[0]["key"], "a.example.com, www.a.example.com");
    assert_eq!(usage[0]["used"], 5);
    assert_eq!(usage[0]["full"], true);
    // Renewals of the same set are exempt from the orders limit but still counted: one account.
    assert_eq!(limits[0]["usage"][0]["used"], 5);
    assert_eq!(limits[1]["usage"][0]["key"], "example.com");

    // Without the table (Pebble is not a CA we know), nothing is refused.
    let mut cmd = acme_cmd(pebble, cfg);
    let out = run(cmd.args(["limits", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v["table"].is_null());

    let out = issue(pebble, cfg, www, &["--ignore-limits"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(new_orders(pebble), orders_before + 1);
    assert!(archive.join("cert6.pem").exists());

    // The ledger is JSON lines with the documented fields.
    let ledger = std::fs::read_to_string(cfg.join("ledger.jsonl")).unwrap();
    let certs = ledger
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["event"] == "certificate")
        .inspect(|e| {
            assert!(e["t"].is_i64() && e["account"].is_string(), "{e}");
            assert_eq!(e["server"], pebble.directory_url.as_str());
        })
        .count();
    assert_eq!(certs, 6);
}

#[test]
fn five_failed_validations_for_a_name_refuse_the_sixth_order_for_an_hour() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let (www, cfg) = (tmp.path().join("www"), tmp.path().join("cfg"));
    std::fs::create_dir_all(&www).unwrap();
    // Nothing serves the web root: every http-01 validation fails.
    let attempt = || {
        let mut cmd = acme_cmd(&pebble, &cfg);
        cmd.env("ACME_RATE_LIMITS", "letsencrypt")
            .args([
                "issue",
                "-d",
                "broken.example.org",
                "--agree-tos",
                "--webroot",
            ])
            .arg(&www);
        run(&mut cmd)
    };
    for i in 1..=5 {
        let out = attempt();
        assert_eq!(
            out.code, 1,
            "attempt {i} should fail validation: {}",
            out.stderr
        );
        assert!(out.stderr.contains("validation failed"), "{}", out.stderr);
    }
    let orders = new_orders(&pebble);
    let out = attempt();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("failed-authorizations-per-identifier")
            && out.stderr.contains("broken.example.org")
            && out.stderr.contains("5 of 5"),
        "{}",
        out.stderr
    );
    assert_eq!(new_orders(&pebble), orders, "no newOrder may reach the CA");

    let mut cmd = acme_cmd(&pebble, &cfg);
    let out = run(cmd
        .env("ACME_RATE_LIMITS", "letsencrypt")
        .args(["limits", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let failed = &v["limits"][3];
    assert_eq!(failed["scope"], "identifier");
    assert_eq!(failed["usage"][0]["key"], "broken.example.org");
    assert_eq!(failed["usage"][0]["used"], 5);
    assert!(failed["usage"][0]["frees_at"].is_string());
    assert_eq!(
        v["limits"][0]["usage"][0]["used"], 5,
        "five orders were placed"
    );
}

/// A CA that answers every newOrder with 429 `rateLimited` and `Retry-After: 3600`.
pub(crate) struct RateLimitedCa {
    pub(crate) url: String,
    /// The CA of its HTTPS certificate.
    pub(crate) ca_pem_path: std::path::PathBuf,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    _dir: tempfile::TempDir,
}

impl Drop for RateLimitedCa {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn tls_identity() -> (
    String,
    openssl::pkey::PKey<openssl::pkey::Private>,
    openssl::x509::X509,
) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::{BigNum, MsbOption};
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
    use openssl::x509::{X509Builder, X509NameBuilder};
    let key = || {
        let g = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        PKey::from_ec_key(EcKey::generate(&g).unwrap()).unwrap()
    };
    let build = |cn: &str, k: &PKey<openssl::pkey::Private>| {
        let mut n = X509NameBuilder::new().unwrap();
        n.append_entry_by_nid(Nid::COMMONNAME, cn).unwrap();
        let n = n.build();
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        let mut serial = BigNum::new().unwrap();
        serial.rand(64, MsbOption::MAYBE_ZERO, false).unwrap();
        b.set_serial_number(&serial.to_asn1_integer().unwrap())
            .unwrap();
        b.set_subject_name(&n).unwrap();
        b.set_pubkey(k).unwrap();
        b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::days_from_now(2).unwrap())
            .unwrap();
        (b, n)
    };
    let ca_key = key();
    let (mut ca, ca_name) = build("limits test CA", &ca_key);
    ca.set_issuer_name(&ca_name).unwrap();
    ca.append_extension(BasicConstraints::new().critical().ca().build().unwrap())
        .unwrap();
    ca.sign(&ca_key, MessageDigest::sha256()).unwrap();
    let ca = ca.build();
    let leaf_key = key();
    let (mut leaf, _) = build("localhost", &leaf_key);
    leaf.set_issuer_name(ca.subject_name()).unwrap();
    let san = SubjectAlternativeName::new()
        .dns("localhost")
        .build(&leaf.x509v3_context(Some(&ca), None))
        .unwrap();
    leaf.append_extension(san).unwrap();
    leaf.sign(&ca_key, MessageDigest::sha256()).unwrap();
    let ca_pem = String::from_utf8(ca.to_pem().unwrap()).unwrap();
    (ca_pem, leaf_key, leaf.build())
}

impl RateLimitedCa {
    pub(crate) fn start() -> RateLimitedCa {
        use openssl::ssl::{SslAcceptor, SslMethod};
        let dir = tempfile::tempdir().unwrap();
        let (ca_pem, key, cert) = tls_identity();
        let ca_pem_path = dir.path().join("ca.pem");
        std::fs::write(&ca_pem_path, ca_pem).unwrap();
        let mut acceptor = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls()).unwrap();
        acceptor.set_private_key(&key).unwrap();
        acceptor.set_certificate(&cert).unwrap();
        let acceptor = Arc::new(acceptor.build());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!(
            "https://localhost:{}",
            listener.local_addr().unwrap().port()
        );
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (reqs, stopping, b) = (requests.clone(), stop.clone(), base.clone());
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + Duration::from_secs(120);
            while !stopping.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
                match listener.accept() {
                    Ok((tcp, _)) => {
                        tcp.set_nonblocking(false).unwrap();
                        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                        let (acc, reqs, b) = (acceptor.clone(), reqs.clone(), b.clone());
                        std::thread::spawn(move || {
                            if let Ok(tls) = acc.accept(tcp) {
                                serve_connection(tls, &b, &reqs);
                            }
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        RateLimitedCa {
            url: format!("{base}/dir"),
            ca_pem_path,
            requests,
            stop,
            _dir: dir,
        }
    }

    fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

/// Answers requests on one keep-alive connection until the client closes it (bounded).
fn serve_connection<S: Read + Write>(stream: S, base: &str, log: &Mutex<Vec<String>>) {
    let mut r = BufReader::new(stream);
    for _ in 0..50 {
        let mut request_line = String::new();
        if r.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut len = 0usize;
        loop {
            let mut h = String::new();
            if r.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; len];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        log.lock().unwrap().push(format!("{method} {path}"));
        let (status, extra, body): (&str, String, String) = match (method, path) {
            ("GET", "/dir") => (
                "200 OK",
                "Content-Type: application/json\r\n".into(),
                serde_json::json!({
                    "newNonce": format!("{base}/nonce"),
                    "newAccount": format!("{base}/account"),
                    "newOrder": format!("{base}/order"),
                })
                .to_string(),
            ),
            ("HEAD", "/nonce") => ("200 OK", String::new(), String::new()),
            ("POST", "/account") => (
                "201 Created",
                format!("Content-Type: application/json\r\nLocation: {base}/account/1\r\n"),
                r#"{"status":"valid"}"#.into(),
            ),
            ("POST", "/order") => (
                "429 Too Many Requests",
                "Content-Type: application/problem+json\r\nRetry-After: 3600\r\n".into(),
                r#"{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s","status":429}"#.into(),
            ),
            _ => ("404 Not Found", String::new(), String::new()),
        };
        let n = log.lock().unwrap().len();
        let head = format!(
            "HTTP/1.1 {status}\r\nReplay-Nonce: nonce{n}\r\nCache-Control: no-store\r\n{extra}Content-Length: {}\r\n\r\n",
            body.len()
        );
        let stream = r.get_mut();
        let payload = if method == "HEAD" { head } else { head + &body };
        if stream.write_all(payload.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}

fn acme_at(ca: &RateLimitedCa, cfg: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_acme"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ACME_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("ACME_SERVER", &ca.url)
        .env("ACME_CA_BUNDLE", &ca.ca_pem_path)
        .env("ACME_CONFIG_DIR", cfg)
        .env("TZ", "UTC")
        .stdin(Stdio::null());
    cmd
}

#[test]
fn rate_limited_retry_after_is_shown_and_remembered_in_test_server() {
    let ca = RateLimitedCa::start();
    let tmp = tempfile::tempdir().unwrap();
    let (www, cfg) = (tmp.path().join("www"), tmp.path().join("cfg"));
    std::fs::create_dir_all(&www).unwrap();
    let issue_args = ["issue", "-d", "a.example.com", "--agree-tos", "--webroot"];

    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let out = run(acme_at(&ca, &cfg).args(issue_args).arg(&www));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("rateLimited") || out.stderr.contains("too many certificates"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("retry after"), "{}", out.stderr);
    assert!(
        out.stderr.contains(" UTC"),
        "local time expected: {}",
        out.stderr
    );
    let orders = |ca: &RateLimitedCa| {
        ca.requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| *r == "POST /order")
            .count()
    };
    assert_eq!(orders(&ca), 1);

    // Remembered: the ledger holds the Retry-After, and the next run does not contact the CA.
    let ledger = std::fs::read_to_string(cfg.join("ledger.jsonl")).unwrap();
    let limited: serde_json::Value = ledger
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|e| e["event"] == "rate_limited")
        .unwrap_or_else(|| panic!("no rate_limited event in {ledger}"));
    let until = limited["retry_until"].as_i64().unwrap();
    assert!(
        (before + 3600..=before + 3600 + 60).contains(&until),
        "{limited}"
    );
    assert_eq!(limited["identifiers"], serde_json::json!(["a.example.com"]));

    let seen = ca.request_count();
    let out = run(acme_at(&ca, &cfg).args(issue_args).arg(&www));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("not to come back before"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("no order was sent to the CA"),
        "{}",
        out.stderr
    );
    assert_eq!(ca.request_count(), seen, "the CA must not be contacted");

    let out = run(acme_at(&ca, &cfg).args(["limits", "--json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v["retry_after"].is_string(), "{v}");
    let out = run(acme_at(&ca, &cfg).arg("limits"));
    assert!(out.stdout.contains("Retry-After"), "{}", out.stdout);

    // --ignore-limits goes to the CA again (and is refused again, by it).
    let out = run(acme_at(&ca, &cfg)
        .args(issue_args)
        .arg(&www)
        .arg("--ignore-limits"));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(orders(&ca), 2);
}
