//! Hostile or slow CAs (issue #15): Retry-After values that would overflow or lock acme out,
//! CAs that finalize asynchronously, foreign identifiers, cleartext URLs, bad chains and escape
//! sequences. Pebble plays the CA; the fault-injecting proxy in front of it plays the hostile
//! part, so every test name says "through_fault_proxy". Retry-After values the test controls
//! are scaled down against `--max-wait`, so nothing waits longer than it must.

use crate::common::*;
use crate::support::fault_proxy::{Fault, FaultProxy, Rule};
use std::process::Command;
use std::time::{Duration, Instant};

pub(crate) fn proxy(env: &Site, rules: Vec<Rule>) -> FaultProxy {
    let port: u16 = env
        .pebble
        .directory_url
        .trim_start_matches("https://localhost:")
        .trim_end_matches("/dir")
        .parse()
        .unwrap();
    FaultProxy::start(port, &env.pebble.ca_bundle, rules)
}

pub(crate) fn via(env: &Site, proxy: &FaultProxy) -> Command {
    let mut cmd = acme_cmd(&env.pebble, &env.cfg);
    cmd.env("ACME_SERVER", &proxy.directory_url)
        .env("ACME_CA_BUNDLE", &proxy.ca_bundle);
    cmd
}

/// `acme issue -d a.example.com` through `proxy`, with `extra` arguments; the outcome and how
/// long it took.
fn issue_via(env: &Site, proxy: &FaultProxy, extra: &[&str]) -> (Output3, Duration) {
    let www = env.www.to_str().unwrap();
    let mut cmd = via(env, proxy);
    cmd.args([
        "issue",
        "-d",
        "a.example.com",
        "--webroot",
        www,
        "--agree-tos",
    ])
    .args(extra);
    let started = Instant::now();
    let out = run(&mut cmd);
    let took = started.elapsed();
    eprintln!("exit {} after {took:?}\n{}", out.code, out.stderr);
    assert!(
        proxy.faults_applied() > 0,
        "the fault never fired; requests: {:?}",
        proxy.seen()
    );
    (out, took)
}

fn count(proxy: &FaultProxy, path: &str) -> usize {
    proxy
        .seen()
        .iter()
        .filter(|s| s.path.contains(path))
        .count()
}

fn assert_installed(env: &Site, out: &Output3) {
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(env.live("a.example.com", "cert.pem").exists());
}

/// An authorization poll answered `pending` with a Retry-After that overflows any clock
/// arithmetic: acme sleeps until its deadline, looks once more, and carries on.
fn huge_poll_retry_after(value: &str) {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![Rule::nth("/authZ/", 2, Fault::NotYet(value.into()))],
    );
    let (out, took) = issue_via(&env, &p, &["--max-wait", "2"]);
    assert_installed(&env, &out);
    assert!(took >= Duration::from_millis(1900), "took {took:?}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn huge_retry_after_on_a_poll_waits_to_the_deadline_through_fault_proxy() {
    huge_poll_retry_after("18446744073709551615");
}

#[test]
fn far_date_retry_after_on_a_poll_waits_to_the_deadline_through_fault_proxy() {
    huge_poll_retry_after("Fri, 31 Dec 9999 23:59:59 GMT");
}

/// An asynchronous CA (acme2certifier answers finalize with `processing` and `Retry-After:
/// 600`, scaled down here to 3 s against a 2 s limit): acme does not give up at once, it sleeps
/// to the deadline, polls there, and installs what the CA issued.
#[test]
fn processing_with_a_retry_after_beyond_the_limit_is_polled_at_the_deadline_through_fault_proxy() {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![Rule::nth("/finalize-order/", 1, Fault::NotYet("3".into()))],
    );
    let (out, took) = issue_via(&env, &p, &["--max-wait", "2"]);
    assert_installed(&env, &out);
    assert!(took >= Duration::from_millis(1900), "took {took:?}");
    assert!(took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(count(&p, "/my-order/"), 1, "one look, at the deadline");
}

/// A CA that is still processing at the deadline: the error says how long acme really waited
/// and names the order.
#[test]
fn still_processing_at_the_deadline_reports_the_wait_and_the_order_through_fault_proxy() {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![
            Rule::nth("/finalize-order/", 1, Fault::NotYet("600".into())),
            Rule::always("/my-order/", Fault::NotYet("600".into())),
        ],
    );
    let (out, took) = issue_via(&env, &p, &["--max-wait", "1"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("after waiting 1.") && out.stderr.contains("/my-order/"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--max-wait"), "{}", out.stderr);
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert_eq!(count(&p, "/my-order/"), 1, "one look, at the deadline");
}

/// A `503` or `rateLimited` with a ten-year (or year-9999) Retry-After: acme fails at once,
/// and remembers it for the documented cap (a day), not until 2036.
fn huge_refusal(code: u16, kind: &'static str, value: &str) {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![Rule::always(
            "/order-plz",
            Fault::ProblemWithRetryAfter(code, kind, value.into()),
        )],
    );
    let (out, took) = issue_via(&env, &p, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert!(!out.stderr.contains("panick"), "{}", out.stderr);
    let limits = run(via(&env, &p).args(["limits", "--json"]));
    assert_eq!(limits.code, 0, "{}", limits.stderr);
    let v: serde_json::Value = serde_json::from_str(&limits.stdout).unwrap();
    let until = v["retry_after"]
        .as_str()
        .and_then(acme::time::parse_rfc3339)
        .unwrap_or_else(|| panic!("no retry_after remembered: {v}"));
    let now = acme::time::now();
    assert!(until <= now + 86400, "locked out until {until}, now {now}");
    assert!(
        until > now + 86000,
        "the CA's wish was not remembered: {until}"
    );
}

#[test]
fn huge_retry_after_on_a_503_is_remembered_for_a_day_at_most_through_fault_proxy() {
    huge_refusal(503, "serverInternal", "315360000");
}

#[test]
fn far_date_retry_after_on_rate_limited_is_remembered_for_a_day_at_most_through_fault_proxy() {
    huge_refusal(429, "rateLimited", "Fri, 31 Dec 9999 23:59:59 GMT");
}

/// No challenge file was written in the web root.
fn assert_no_challenge_files(env: &Site) {
    let dir = env.www.join(".well-known/acme-challenge");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "challenge files were written: {files:?}");
}

/// A terminal would obey none of it: no ESC, BEL, CR or C1 byte reached stderr.
fn assert_no_control_characters(text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(
        bad.is_empty(),
        "control characters reached stderr: {bad:?}\n{text}"
    );
}

/// The CA names an identifier the order did not ask for (with an escape sequence and a
/// newline that would add an `update add` line to an nsupdate heredoc): the order fails before
/// any challenge is set up, and the name is shown escaped.
#[test]
fn foreign_identifier_in_an_authorization_is_refused_before_any_solver_through_fault_proxy() {
    let env = Site::start();
    let evil = "evil.example.net\u{1b}[2J\nupdate add x.example.net 60 TXT owned";
    let p = proxy(
        &env,
        vec![Rule::always(
            "/authZ/",
            Fault::ForeignIdentifier(evil.into()),
        )],
    );
    let (out, _) = issue_via(&env, &p, &["-v"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("did not ask for"), "{}", out.stderr);
    assert!(
        !out.stderr.lines().any(|l| l.starts_with("update add")),
        "{}",
        out.stderr
    );
    assert_no_control_characters(&out.stderr);
    assert_eq!(count(&p, "/chalZ/"), 0, "a challenge was triggered");
    assert_no_challenge_files(&env);
}

/// Every URL the CA hands out must be https: a directory entry, the account and order
/// `Location`, the order's authorizations/finalize/certificate and each challenge URL. Each
/// `http://` one fails the run before the request it names (and before any challenge).
#[test]
fn cleartext_urls_from_the_ca_are_refused_through_fault_proxy() {
    let cases: Vec<(Vec<Rule>, &str)> = vec![
        (
            vec![Rule::always("/dir", Fault::Cleartext("newNonce"))],
            "/nonce-plz",
        ),
        (
            vec![Rule::always("/dir", Fault::Cleartext("newOrder"))],
            "/order-plz",
        ),
        (
            vec![Rule::always("/sign-me-up", Fault::CleartextHeaders)],
            "/order-plz",
        ),
        (
            vec![Rule::always("/order-plz", Fault::CleartextHeaders)],
            "/authZ/",
        ),
        (
            vec![Rule::always(
                "/order-plz",
                Fault::Cleartext("authorizations"),
            )],
            "/authZ/",
        ),
        (
            vec![Rule::always("/order-plz", Fault::Cleartext("finalize"))],
            "/authZ/",
        ),
        (
            vec![Rule::always("/authZ/", Fault::Cleartext("challenges"))],
            "/chalZ/",
        ),
        (
            vec![
                Rule::always("/finalize-order/", Fault::Cleartext("certificate")),
                Rule::always("/my-order/", Fault::Cleartext("certificate")),
            ],
            "/certZ/",
        ),
    ];
    for (rules, never) in cases {
        let env = Site::start();
        let what = format!("{rules:?}");
        let p = proxy(&env, rules);
        let (out, _) = issue_via(&env, &p, &[]);
        assert_eq!(out.code, 1, "{what}: {}", out.stderr);
        assert!(out.stderr.contains("not https"), "{what}: {}", out.stderr);
        assert_eq!(count(&p, never), 0, "{what}: {never} was requested");
        if never != "/certZ/" {
            assert_no_challenge_files(&env);
        }
        assert!(!env.live("a.example.com", "cert.pem").exists(), "{what}");
    }
}

/// Escape sequences in a problem's detail (window title, clear screen, a fake success line)
/// reach the terminal escaped.
#[test]
fn escape_sequences_in_a_problem_detail_are_escaped_through_fault_proxy() {
    let env = Site::start();
    let detail = "no\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}1m\r\nCertificate issued: live/a.example.com";
    let p = proxy(
        &env,
        vec![Rule::always(
            "/order-plz",
            Fault::ProblemDetail(400, detail.into()),
        )],
    );
    let (out, _) = issue_via(&env, &p, &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_no_control_characters(&out.stderr);
    assert!(out.stderr.contains("\\u{1b}]0;owned"), "{}", out.stderr);
    assert!(
        !out.stderr
            .lines()
            .any(|l| l.starts_with("Certificate issued")),
        "{}",
        out.stderr
    );
}

/// The terms-of-service URL is shown escaped when acme asks for consent.
#[test]
fn escape_sequences_in_the_terms_of_service_url_are_escaped_through_fault_proxy() {
    let env = Site::start();
    let tos = "https://ca.example/tos\u{1b}[2J\u{1b}]0;owned\u{7}";
    let p = proxy(
        &env,
        vec![Rule::always(
            "/dir",
            Fault::SetJson("/meta/termsOfService", tos.into()),
        )],
    );
    let www = env.www.to_str().unwrap();
    let out = run(via(&env, &p).args(["issue", "-d", "a.example.com", "--webroot", www]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("https://ca.example/tos\\u{1b}[2J"),
        "{}",
        out.stderr
    );
    assert_no_control_characters(&out.stderr);
}

/// Each bad chain is refused before install, and the working certificate stays live: a leaf
/// not signed by the chain, a self-signed junk intermediate, an expired leaf, one valid only
/// from next week, and one for TLS clients only.
#[test]
fn bad_chains_are_refused_and_the_working_certificate_stays_through_fault_proxy() {
    let env = Site::start();
    let first = env.issue(&["a.example.com"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let working = std::fs::read(env.live("a.example.com", "cert.pem")).unwrap();
    let day = 86400;
    let cases = [
        (Fault::LeafNotSignedByChain, "not signed by the next"),
        (Fault::JunkIntermediate, "not signed by the next"),
        (
            Fault::ForgedLeaf {
                not_before: -90 * day,
                not_after: -60,
                server_auth: true,
            },
            "expired",
        ),
        (
            Fault::ForgedLeaf {
                not_before: 7 * day,
                not_after: 90 * day,
                server_auth: true,
            },
            "not valid before",
        ),
        (
            Fault::ForgedLeaf {
                not_before: -60,
                not_after: 90 * day,
                server_auth: false,
            },
            "server authentication",
        ),
    ];
    for (fault, why) in cases {
        let what = format!("{fault:?}");
        let p = proxy(&env, vec![Rule::always("/certZ/", fault)]);
        let (out, _) = issue_via(&env, &p, &["--force"]);
        assert_eq!(out.code, 1, "{what}: {}", out.stderr);
        assert!(
            out.stderr.contains(why),
            "{what}: expected {why:?} in {}",
            out.stderr
        );
        assert_eq!(
            std::fs::read(env.live("a.example.com", "cert.pem")).unwrap(),
            working,
            "{what}: the working certificate was replaced"
        );
    }
}

/// Pebble's roots are throwaway: a chain to no root this machine trusts is installed with a
/// warning, and refused under --require-trusted-chain.
#[test]
fn a_chain_to_no_trusted_root_warns_or_is_refused_on_request() {
    let env = Site::start();
    let out = env.issue(&["a.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("warning: the certificate chain from")
            && out.stderr.contains("leads to no root this machine trusts"),
        "{}",
        out.stderr
    );
    let out = env.issue(&["b.example.com"], &["--require-trusted-chain"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("--require-trusted-chain"),
        "{}",
        out.stderr
    );
    assert!(!env.live("b.example.com", "cert.pem").exists());
}

/// Lines of Pebble's log for a newOrder request.
fn new_orders_in_pebble_log(env: &Site) -> usize {
    env.pebble
        .log()
        .lines()
        .filter(|l| l.contains("/order-plz"))
        .count()
}

/// `acme` killed with SIGKILL after finalize, while the certificate download is in flight:
/// the next run collects the CA's certificate from that order and places no second one.
#[test]
fn sigkill_between_finalize_and_download_loses_no_certificate_through_fault_proxy() {
    use std::os::unix::process::ExitStatusExt;
    let env = Site::start();
    // The first download is held (the CA has issued; acme is waiting for the bytes).
    let p = proxy(&env, vec![Rule::nth("/certZ/", 1, Fault::Delay(60_000))]);
    let www = env.www.to_str().unwrap();
    let args = [
        "issue",
        "-d",
        "a.example.com",
        "--webroot",
        www,
        "--agree-tos",
    ];
    let mut child = via(&env, &p)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(&p, "/certZ/") == 0 {
        assert!(
            Instant::now() < deadline,
            "no download seen: {:?}",
            p.seen()
        );
        assert!(child.try_wait().unwrap().is_none(), "acme ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    assert_eq!(child.wait().unwrap().signal(), Some(9));
    assert!(!env.live("a.example.com", "cert.pem").exists());
    assert!(env.cfg.join("pending/a.example.com.json").exists());
    let first_download = p
        .seen()
        .into_iter()
        .find(|s| s.path.contains("/certZ/"))
        .unwrap()
        .path;

    let out = run(via(&env, &p).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("Picking up the order"),
        "{}",
        out.stderr
    );
    assert!(env.live("a.example.com", "cert.pem").exists());
    assert!(!env.cfg.join("pending/a.example.com.json").exists());
    assert_eq!(count(&p, "/order-plz"), 1, "a second order was placed");
    assert_eq!(new_orders_in_pebble_log(&env), 1, "{}", env.pebble.log());
    let downloads: Vec<String> = p
        .seen()
        .into_iter()
        .filter(|s| s.path.contains("/certZ/"))
        .map(|s| s.path)
        .collect();
    assert_eq!(
        downloads,
        [first_download.clone(), first_download],
        "the same certificate"
    );
}

/// The CA still processing at the deadline (acme2certifier's asynchronous finalize, scaled
/// down): the run fails saying the order is remembered, and the next run installs the
/// certificate the CA issued meanwhile without ordering again.
#[test]
fn an_order_still_processing_at_the_deadline_is_collected_by_the_next_run_through_fault_proxy() {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![
            Rule::nth("/finalize-order/", 1, Fault::NotYet("600".into())),
            Rule::nth("/my-order/", 1, Fault::NotYet("600".into())),
        ],
    );
    let (out, _) = issue_via(&env, &p, &["--max-wait", "1"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("acme remembers it"), "{}", out.stderr);
    let (out, _) = issue_via(&env, &p, &[]);
    assert_installed(&env, &out);
    assert_eq!(count(&p, "/order-plz"), 1, "a second order was placed");
    assert!(!env.cfg.join("pending/a.example.com.json").exists());
}

/// A TCP connection to 127.0.0.1:`port` from the source address `src` (std cannot bind before
/// connecting).
fn connect_from(src: [u8; 4], port: u16) -> Option<std::net::TcpStream> {
    use std::os::fd::FromRawFd;
    let addr = |ip: [u8; 4], port: u16| libc::sockaddr_in {
        sin_family: libc::AF_INET as libc::sa_family_t,
        sin_port: port.to_be(),
        sin_addr: libc::in_addr {
            s_addr: u32::from_ne_bytes(ip),
        },
        sin_zero: [0; 8],
    };
    let len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: plain socket calls on an fd this function owns, with correctly sized addresses;
    // the fd is closed on failure and owned by the TcpStream on success.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if fd < 0 {
            return None;
        }
        let (from, to) = (addr(src, 0), addr([127, 0, 0, 1], port));
        if libc::bind(fd, (&from as *const libc::sockaddr_in).cast(), len) != 0
            || libc::connect(fd, (&to as *const libc::sockaddr_in).cast(), len) != 0
        {
            libc::close(fd);
            return None;
        }
        Some(std::net::TcpStream::from_raw_fd(fd))
    }
}

/// Keeps `n` idle connections open from 127.0.0.2 to `port` (reopening those the server
/// closes) until dropped; bounded to two minutes.
struct IdleFlood {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<usize>>,
}

impl IdleFlood {
    fn start(port: u16, n: usize) -> IdleFlood {
        use std::sync::atomic::Ordering;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut open: Vec<std::net::TcpStream> = Vec::new();
            let mut opened = 0;
            while !flag.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(120) {
                // Drop the ones the server closed (peek sees end of stream).
                open.retain(|s| {
                    let mut b = [0u8; 1];
                    let _ = s.set_nonblocking(true);
                    match s.peek(&mut b) {
                        Ok(0) => false,
                        Ok(_) => true,
                        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
                    }
                });
                // All at once: the flood must be in place before the CA connects.
                while open.len() < n {
                    match connect_from([127, 0, 0, 2], port) {
                        Some(s) => {
                            open.push(s);
                            opened += 1;
                        }
                        None => break,
                    }
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            opened
        });
        IdleFlood {
            stop,
            thread: Some(thread),
        }
    }

    /// Stops; how many connections it opened in all.
    fn finish(mut self) -> usize {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for IdleFlood {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// 100 idle connections from 127.0.0.2 to the built-in responder while Pebble (from
/// 127.0.0.1) validates: the responder's per-source limit and first-byte timeout keep them from
/// starving the CA, for `--standalone` and `--tls-alpn`.
#[test]
fn idle_connections_from_one_address_do_not_keep_the_ca_out() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let cases = [
        (
            "f.example.com",
            "--standalone",
            "--http-port",
            "--http-address",
            pebble.http_port,
        ),
        (
            "g.example.com",
            "--tls-alpn",
            "--tls-port",
            "--tls-address",
            pebble.tls_port,
        ),
    ];
    for (name, method, port_flag, addr_flag, port) in cases {
        let flood = IdleFlood::start(port, 100);
        let port_text = port.to_string();
        let mut args = vec![
            "issue",
            "-d",
            name,
            method,
            port_flag,
            &port_text,
            addr_flag,
            "127.0.0.1",
            "--agree-tos",
        ];
        if method == "--standalone" {
            args.push("--no-self-check");
        }
        let started = Instant::now();
        let out = run(acme_cmd(&pebble, &cfg).args(&args));
        let took = started.elapsed();
        let opened = flood.finish();
        eprintln!(
            "{method}: exit {} after {took:?}, {opened} idle connections opened",
            out.code
        );
        assert_eq!(out.code, 0, "{method}: {}", out.stderr);
        assert!(
            opened >= 100,
            "{method}: the flood never got going ({opened})"
        );
        assert!(cfg.join(format!("live/{name}/cert.pem")).exists());
        assert!(took < Duration::from_secs(30), "{method}: took {took:?}");
    }
}

/// Pebble's status of the certificate in `pem_path` ("Valid", "Revoked").
fn cert_status(env: &Site, pem: &[u8]) -> String {
    let cert = openssl::x509::X509::from_pem(pem).unwrap();
    let serial = cert.serial_number().to_bn().unwrap().to_hex_str().unwrap();
    let (code, body) = env
        .pebble
        .get_mgmt(&format!("/cert-status-by-serial/{}", serial.to_lowercase()));
    assert_eq!(code, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["Status"].as_str().unwrap().to_string()
}

/// `revoke --cert-name X --reason keyCompromise` started while a renewal holds the lineage's
/// lock (its finalize held up by the proxy): it revokes the certificate that was live when the
/// user asked, not the one the renewal puts live meanwhile, and says so.
#[test]
fn revoke_during_a_held_renewal_revokes_the_certificate_live_when_asked_through_fault_proxy() {
    let env = Site::start();
    let p = proxy(
        &env,
        vec![Rule::nth("/finalize-order/", 2, Fault::Delay(3000))],
    );
    let www = env.www.to_str().unwrap();
    let out = run(via(&env, &p).args([
        "issue",
        "-d",
        "a.example.com",
        "--webroot",
        www,
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let old = std::fs::read(env.live("a.example.com", "cert.pem")).unwrap();

    let mut renewal = via(&env, &p)
        .args([
            "renew",
            "--force",
            "--cert-name",
            "a.example.com",
            "--no-random-sleep",
        ])
        .env("ACME_NO_RANDOM_SLEEP", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&p, "/finalize-order/") < 2 {
        assert!(Instant::now() < deadline, "the renewal never finalized");
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = run(via(&env, &p).args([
        "revoke",
        "--cert-name",
        "a.example.com",
        "--reason",
        "keyCompromise",
    ]));
    assert!(renewal.wait().unwrap().success(), "the renewal failed");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("went live while acme waited"),
        "{}",
        out.stderr
    );
    let new = std::fs::read(env.live("a.example.com", "cert.pem")).unwrap();
    assert_ne!(new, old, "the renewal installed a new certificate");
    assert_eq!(cert_status(&env, &old), "Revoked", "the compromised one");
    assert_eq!(cert_status(&env, &new), "Valid", "the new one");
}

/// SIGINT, SIGTERM and SIGHUP while acme waits for the CA to validate (the authorization held
/// `pending` by the proxy): acme stops at once, removes its challenge file, runs the
/// post-hook, says "interrupted" and exits 130 / 143 / 129.
#[test]
fn sigint_and_sigterm_while_validating_clean_up_and_run_the_post_hook_through_fault_proxy() {
    for (sig, code) in [
        (libc::SIGINT, 130),
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
    ] {
        let env = Site::start();
        let p = proxy(
            &env,
            vec![Rule::always("/authZ/", Fault::NotYet("30".into()))],
        );
        let www = env.www.to_str().unwrap();
        let log = env.root().join("post.log");
        let post = format!("echo post >> {}", log.display());
        let (out_file, err_file) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
        let mut child = via(&env, &p)
            .args([
                "issue",
                "-d",
                "a.example.com",
                "--webroot",
                www,
                "--agree-tos",
            ])
            .args(["--max-wait", "60", "--post-hook", &post])
            .stdout(out_file)
            .stderr(err_file.try_clone().unwrap())
            .spawn()
            .unwrap();
        let challenges = env.www.join(".well-known/acme-challenge");
        let deadline = Instant::now() + Duration::from_secs(30);
        // Signalled once the challenge is triggered and acme is waiting on the CA.
        while count(&p, "/chalZ/") == 0 {
            assert!(Instant::now() < deadline, "no challenge triggered");
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(300));
        interrupt_and_check(&mut child, sig, code, err_file, "");
        let left: Vec<_> = std::fs::read_dir(&challenges)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "challenge files left: {left:?}");
        assert_eq!(
            std::fs::read_to_string(&log).unwrap_or_default(),
            "post\n",
            "the post-hook ran once"
        );
    }
}

/// SIGINT and SIGTERM during dns-01, at two stages: while acme waits for its TXT record to
/// show on the DNS (the hook published nothing, so the wait would last its whole timeout), and
/// while the CA validates (the authorization held `pending` by the proxy). Either way acme
/// stops at once, its hook is asked to remove the record it added, the post-hook runs, and it
/// exits 130 / 143.
#[test]
fn sigterm_during_dns_01_removes_the_txt_records_and_runs_the_post_hook_through_fault_proxy() {
    let cases = [false, true]
        .into_iter()
        .flat_map(|p| [(p, libc::SIGINT, 130), (p, libc::SIGTERM, 143)]);
    for (publishes, sig, code) in cases {
        let env = Site::start();
        let p = proxy(
            &env,
            vec![Rule::always("/authZ/", Fault::NotYet("30".into()))],
        );
        let log = env.root().join("hook.log");
        let mgmt = env.pebble.challtestsrv_mgmt.clone().unwrap();
        let publish = if publishes {
            format!(
                "curl -fsS --noproxy '*' -X POST -d \"{{\\\"host\\\":\\\"$ACME_TXT_NAME.\\\",\\\"value\\\":\\\"$ACME_TXT_VALUE\\\"}}\" '{mgmt}/set-txt'"
            )
        } else {
            "true".to_string()
        };
        let hook = env.root().join("hook.sh");
        std::fs::write(
            &hook,
            format!(
                "#!/bin/sh\necho \"$ACME_ACTION $ACME_TXT_NAME\" >> '{}'\n\
                 if [ \"$ACME_ACTION\" = add ]; then {publish}; else \
                 curl -fsS --noproxy '*' -X POST -d \"{{\\\"host\\\":\\\"$ACME_TXT_NAME.\\\"}}\" '{mgmt}/clear-txt'; fi\n",
                log.display()
            ),
        )
        .unwrap();
        let hook_cmd = format!("sh {}", hook.display());
        let post_log = env.root().join("post.log");
        let post = format!("echo post >> {}", post_log.display());
        let err_file = tempfile::tempfile().unwrap();
        let mut child = via(&env, &p)
            .args(["issue", "-d", "a.example.com", "--dns-hook", &hook_cmd])
            .args(["--dns-resolver", &env.pebble.dns_addr.unwrap().to_string()])
            .args(["--dns-timeout", "60", "--max-wait", "60", "--agree-tos"])
            .args(["--post-hook", &post])
            .stdout(std::process::Stdio::null())
            .stderr(err_file.try_clone().unwrap())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        // The stage: the record is added (and, when it is published, the CA asked to look).
        loop {
            let added = std::fs::read_to_string(&log)
                .unwrap_or_default()
                .contains("add ");
            if added && (!publishes || count(&p, "/chalZ/") > 0) {
                break;
            }
            assert!(Instant::now() < deadline, "the stage was never reached");
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(300));
        interrupt_and_check(
            &mut child,
            sig,
            code,
            err_file,
            &format!("publishes={publishes} signal {sig}"),
        );
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "add _acme-challenge.a.example.com\nremove _acme-challenge.a.example.com\n",
            "publishes={publishes}: the record added was removed"
        );
        assert_eq!(
            std::fs::read_to_string(&post_log).unwrap_or_default(),
            "post\n",
            "the post-hook ran once"
        );
        assert_eq!(count(&p, "/finalize"), 0, "nothing finalized");
    }
}

/// Sends `sig` to `child` and checks what every interrupted run must do: exit with `code`,
/// say "interrupted" on stderr (written to `err_file`), and stop within 5 s.
fn interrupt_and_check(
    child: &mut std::process::Child,
    sig: libc::c_int,
    code: i32,
    err_file: std::fs::File,
    what: &str,
) {
    use std::io::{Read, Seek};
    let sent = Instant::now();
    // SAFETY: signalling our own child by its pid.
    unsafe { libc::kill(child.id() as libc::pid_t, sig) };
    let status = child.wait().unwrap();
    let took = sent.elapsed();
    let mut err = String::new();
    let mut f = err_file;
    f.seek(std::io::SeekFrom::Start(0)).unwrap();
    f.read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(code), "{what}: {err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(took < Duration::from_secs(5), "took {took:?} to stop");
}

/// Whether process `pid` still runs (a zombie waiting to be reaped counts as gone).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// Waits (at most 30 s) until `file` holds `text`.
fn wait_for_text(file: &std::path::Path, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(file)
        .unwrap_or_default()
        .contains(text)
    {
        assert!(
            Instant::now() < deadline,
            "{text:?} never showed in {file:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A pre-hook that says it started, then waits on a background sleep (which a shell leaves
/// deaf to SIGINT), and the post-hook that records it ran: (pre, post, log, sleep's pid file).
fn slow_pre_hook(env: &Site) -> (String, String, std::path::PathBuf, std::path::PathBuf) {
    let log = env.root().join("hooks.log");
    let pid = env.root().join("sleep.pid");
    let pre = format!(
        "echo pre >> {log}; sleep 30 & echo $! > {pid}; wait",
        log = log.display(),
        pid = pid.display()
    );
    let post = format!("echo \"post $ACME_FAILED\" >> {}", log.display());
    (pre, post, log, pid)
}

/// SIGINT and SIGTERM while the pre-hook runs (e.g. a slow `systemctl stop`): the hook's
/// process group gets the signal too (background jobs included), nothing is ordered, the
/// post-hook runs (told the lineage failed), and acme says "interrupted" and exits 130 / 143.
#[test]
fn sigint_and_sigterm_during_the_pre_hook_stop_it_order_nothing_and_run_the_post_hook() {
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let env = Site::start();
        let (pre, post, log, pid) = slow_pre_hook(&env);
        let www = env.www.to_str().unwrap();
        let err_file = tempfile::tempfile().unwrap();
        let mut child = env
            .cmd()
            .args(["issue", "-d", "a.example.com", "--webroot", www])
            .args(["--agree-tos", "--pre-hook", &pre, "--post-hook", &post])
            .stdout(std::process::Stdio::null())
            .stderr(err_file.try_clone().unwrap())
            .spawn()
            .unwrap();
        wait_for_text(&log, "pre");
        wait_for_text(&pid, "\n");
        std::thread::sleep(Duration::from_millis(300));
        interrupt_and_check(&mut child, sig, code, err_file, &format!("signal {sig}"));
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "pre\npost a.example.com\n",
            "the post-hook ran once, after the pre-hook"
        );
        let sleeper = std::fs::read_to_string(&pid).unwrap();
        assert!(
            !alive(&sleeper),
            "the pre-hook's sleep {sleeper} still runs"
        );
        assert_eq!(new_orders_in_pebble_log(&env), 0, "{}", env.pebble.log());
        assert_no_challenge_files(&env);
        assert!(!env.live("a.example.com", "cert.pem").exists());
    }
}

/// The same during `renew` from cron (`--json`): the pre-hook is stopped, no lineage is
/// renewed or ordered, the post-hook runs, the JSON document says the pre-hook was interrupted
/// and the lineage failed with exit code 143, the old certificate stays live, and the
/// interruption is not counted as a renewal failure (no back-off for the next run).
#[test]
fn sigterm_during_a_renewal_pre_hook_renews_nothing_and_runs_the_post_hook() {
    let env = Site::start();
    let first = env.issue(&["a.example.com"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old = std::fs::read(env.live("a.example.com", "cert.pem")).unwrap();
    let (pre, post, log, pid) = slow_pre_hook(&env);
    let (out_file, err_file) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    let mut child = env
        .cmd()
        .args(["--json", "renew", "--force", "--no-random-sleep"])
        .args(["--pre-hook", &pre, "--post-hook", &post])
        .stdout(out_file.try_clone().unwrap())
        .stderr(err_file.try_clone().unwrap())
        .spawn()
        .unwrap();
    wait_for_text(&log, "pre");
    wait_for_text(&pid, "\n");
    std::thread::sleep(Duration::from_millis(300));
    interrupt_and_check(&mut child, libc::SIGTERM, 143, err_file, "renew");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "pre\npost a.example.com\n"
    );
    assert!(!alive(&std::fs::read_to_string(&pid).unwrap()));
    assert_eq!(new_orders_in_pebble_log(&env), 1, "{}", env.pebble.log());
    assert_eq!(
        std::fs::read(env.live("a.example.com", "cert.pem")).unwrap(),
        old
    );
    let stdout = {
        use std::io::{Read, Seek};
        let mut f = out_file;
        let mut s = String::new();
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.read_to_string(&mut s).unwrap();
        s
    };
    let v: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let item = &v[0];
    assert_eq!(item["status"], "failed", "{v:#}");
    assert_eq!(item["error"]["exit_code"], 143, "{v:#}");
    assert_eq!(item["hook_failures"][0]["hook"], "pre-hook", "{v:#}");
    assert_eq!(item["hook_failures"][0]["command"], pre.as_str(), "{v:#}");
    assert_eq!(item["hook_failures"][0]["error"]["exit_code"], 143, "{v:#}");
    assert!(
        item["hook_failures"][0]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("interrupted")),
        "{v:#}"
    );
    // Not a failure of the CA's: the next cron run is not held back.
    let list = env.acme(&["--json", "list"]);
    let l: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert!(l[0]["backed_off_until"].is_null(), "{l:#}");
    assert_eq!(l[0]["health"]["consecutive_failures"], 0, "{l:#}");
}

/// SIGINT and SIGTERM while the order is `processing` after finalize (the CA issues
/// asynchronously; its answer held by the proxy): acme stops at once, runs the post-hook,
/// leaves the web root clean and remembers the order; the next run installs the certificate
/// the CA issued from that order, placing no second one.
#[test]
fn sigint_and_sigterm_while_the_order_is_processing_keep_it_for_the_next_run_through_fault_proxy() {
    for (sig, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let env = Site::start();
        let p = proxy(
            &env,
            vec![Rule::nth("/finalize-order/", 1, Fault::NotYet("30".into()))],
        );
        let www = env.www.to_str().unwrap();
        let log = env.root().join("post.log");
        let post = format!("echo \"post $ACME_FAILED\" >> {}", log.display());
        let args = [
            "issue",
            "-d",
            "a.example.com",
            "--webroot",
            www,
            "--agree-tos",
        ];
        let err_file = tempfile::tempfile().unwrap();
        let mut child = via(&env, &p)
            .args(args)
            .args(["--max-wait", "60", "--post-hook", &post])
            .stdout(std::process::Stdio::null())
            .stderr(err_file.try_clone().unwrap())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while count(&p, "/finalize-order/") == 0 {
            assert!(Instant::now() < deadline, "never finalized: {:?}", p.seen());
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(300));
        let what = format!("signal {sig}");
        interrupt_and_check(&mut child, sig, code, err_file, &what);
        assert_eq!(
            std::fs::read_to_string(&log).unwrap_or_default(),
            "post a.example.com\n",
            "{what}: the post-hook ran once"
        );
        assert_no_challenge_files(&env);
        assert!(!env.live("a.example.com", "cert.pem").exists());
        assert!(
            env.cfg.join("pending/a.example.com.json").exists(),
            "{what}: the order is remembered"
        );
        assert_eq!(count(&p, "/certZ/"), 0, "{what}: nothing downloaded yet");

        let out = run(via(&env, &p).args(args));
        assert_eq!(out.code, 0, "{what}: {}", out.stderr);
        assert!(
            out.stderr.contains("Picking up the order"),
            "{what}: {}",
            out.stderr
        );
        assert!(env.live("a.example.com", "cert.pem").exists());
        assert!(!env.cfg.join("pending/a.example.com.json").exists());
        assert_eq!(
            count(&p, "/order-plz"),
            1,
            "{what}: a second order was placed"
        );
        assert_eq!(new_orders_in_pebble_log(&env), 1, "{}", env.pebble.log());
    }
}

/// `--require-trusted-chain` given to `issue` is saved for the lineage and obeyed by its
/// renewals, which get no such flag. Issued while Pebble's root is trusted (`--ca-bundle`
/// holding it); renewed without it, the chain leads to no trusted root: the renewal is refused
/// and the old certificate stays live. The same renewal with the root trusted again installs
/// the certificate of the order the refused run left (no order is lost or placed twice), and
/// `reconfigure --no-require-trusted-chain` drops the setting.
#[test]
fn require_trusted_chain_is_saved_for_the_lineage_and_refuses_its_renewals() {
    let env = Site::start();
    let trusting = env.root().join("trusting.pem");
    let mut bundle = std::fs::read_to_string(&env.pebble.ca_bundle).unwrap();
    bundle.push_str(&env.pebble.root_pem());
    std::fs::write(&trusting, bundle).unwrap();
    let www = env.www.to_str().unwrap();
    let out = run(env
        .cmd()
        .env("ACME_CA_BUNDLE", &trusting)
        .args(["issue", "-d", "a.example.com", "--webroot", www])
        .args(["--agree-tos", "--require-trusted-chain"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("leads to no root"), "{}", out.stderr);
    let conf_path = env.cfg.join("renewal/a.example.com.conf");
    let conf = std::fs::read_to_string(&conf_path).unwrap();
    assert!(conf.contains("\nrequire_trusted_chain = true\n"), "{conf}");
    let list = env.acme(&["list"]);
    assert!(list.stdout.contains("trust:"), "{}", list.stdout);
    let list = env.acme(&["--json", "list"]);
    let v: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(v[0]["require_trusted_chain"], true, "{v:#}");
    let old = std::fs::read(env.live("a.example.com", "cert.pem")).unwrap();

    let renew = ["renew", "--force", "--no-random-sleep"];
    let out = env.acme(&renew);
    eprintln!("the refused renewal:\n{}", out.stderr);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("leads to no root this machine trusts")
            && out
                .stderr
                .contains("require_trusted_chain = true in its renewal conf")
            && out.stderr.contains("--no-require-trusted-chain"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(env.live("a.example.com", "cert.pem")).unwrap(),
        old,
        "the refused certificate was installed"
    );

    let out = run(env.cmd().env("ACME_CA_BUNDLE", &trusting).args(renew));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let renewed = std::fs::read(env.live("a.example.com", "cert.pem")).unwrap();
    assert_ne!(renewed, old);
    assert_eq!(new_orders_in_pebble_log(&env), 2, "{}", env.pebble.log());

    let out = env.acme(&[
        "reconfigure",
        "--cert-name",
        "a.example.com",
        "--no-require-trusted-chain",
        "--no-dry-run",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let conf = std::fs::read_to_string(&conf_path).unwrap();
    assert!(!conf.contains("require_trusted_chain"), "{conf}");
    let out = env.acme(&renew);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("installing it anyway"),
        "{}",
        out.stderr
    );
    assert_ne!(
        std::fs::read(env.live("a.example.com", "cert.pem")).unwrap(),
        renewed
    );
}

/// SIGTERM while the deploy hook runs (the certificate just went live): the hook's group gets
/// it, the certificate stays installed, the post-hook runs (told it was issued), the JSON
/// result names the interrupted deploy hook, and acme exits 143.
#[test]
fn sigterm_during_the_deploy_hook_stops_it_keeps_the_certificate_and_runs_the_post_hook() {
    let env = Site::start();
    let log = env.root().join("hooks.log");
    let pid = env.root().join("sleep.pid");
    let deploy = format!(
        "echo deploy >> {log}; sleep 30 & echo $! > {pid}; wait",
        log = log.display(),
        pid = pid.display()
    );
    let post = format!("echo \"post $ACME_RENEWED\" >> {}", log.display());
    let www = env.www.to_str().unwrap();
    let (out_file, err_file) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    let mut child = env
        .cmd()
        .args(["--json", "issue", "-d", "a.example.com", "--webroot", www])
        .args([
            "--agree-tos",
            "--deploy-hook",
            &deploy,
            "--post-hook",
            &post,
        ])
        .stdout(out_file.try_clone().unwrap())
        .stderr(err_file.try_clone().unwrap())
        .spawn()
        .unwrap();
    wait_for_text(&log, "deploy");
    wait_for_text(&pid, "\n");
    std::thread::sleep(Duration::from_millis(300));
    interrupt_and_check(&mut child, libc::SIGTERM, 143, err_file, "deploy");
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "deploy\npost a.example.com\n"
    );
    assert!(!alive(&std::fs::read_to_string(&pid).unwrap()));
    assert!(env.live("a.example.com", "cert.pem").exists());
    let stdout = {
        use std::io::{Read, Seek};
        let mut f = out_file;
        let mut s = String::new();
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.read_to_string(&mut s).unwrap();
        s
    };
    let v: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(v["status"], "issued", "{v:#}");
    assert_eq!(v["hook_failures"][0]["hook"], "deploy-hook", "{v:#}");
    assert_eq!(v["hook_failures"][0]["error"]["exit_code"], 143, "{v:#}");
}

/// SIGINT while `issue` waits for the lineage's lock (held by another run, here the test):
/// the wait ends at once with "interrupted" and 130, nothing is ordered, no hook runs.
#[test]
fn sigint_while_waiting_for_the_lineage_lock_stops_the_wait() {
    use std::os::fd::AsRawFd;
    let env = Site::start();
    let first = env.issue(&["a.example.com"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(env.cfg.join("locks/lineage-a.example.com.lock"))
        .unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(
        unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
        0
    );
    let log = env.root().join("hooks.log");
    let pre = format!("echo pre >> {}", log.display());
    let www = env.www.to_str().unwrap();
    let err_file = tempfile::tempfile().unwrap();
    let mut child = env
        .cmd()
        .args(["issue", "-d", "a.example.com", "--webroot", www, "--force"])
        .args(["--pre-hook", &pre])
        .stdout(std::process::Stdio::null())
        .stderr(err_file.try_clone().unwrap())
        .spawn()
        .unwrap();
    // The lock file is its first write; give it time to be waiting on it.
    std::thread::sleep(Duration::from_millis(1000));
    assert!(child.try_wait().unwrap().is_none(), "acme did not wait");
    interrupt_and_check(&mut child, libc::SIGINT, 130, err_file, "lock");
    assert!(!log.exists(), "a hook ran");
    assert_eq!(new_orders_in_pebble_log(&env), 1, "{}", env.pebble.log());
    drop(lock);
}

/// SIGTERM while a cron-style `renew` sleeps its random delay before contacting the CA
/// (systemd stopping the unit): it stops at once, sends the CA nothing, runs the post-hook
/// after the pre-hook it ran, and exits 143. The delay is random (0–480 s); a draw too short
/// to signal within is drawn again, a bounded number of times.
#[test]
fn sigterm_during_the_cron_jitter_contacts_no_ca_and_runs_the_post_hook() {
    let env = Site::start();
    let first = env.issue(&["a.example.com"], &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let log = env.root().join("hooks.log");
    let pre = format!("echo pre >> {}", log.display());
    let post = format!("echo \"post $ACME_FAILED\" >> {}", log.display());
    for attempt in 0..5 {
        let _ = std::fs::remove_file(&log);
        let before = env.pebble.request_count();
        let err_path = env.root().join(format!("renew-{attempt}.err"));
        let err_file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&err_path)
            .unwrap();
        // As cron runs it: no terminal, no ACME_NO_RANDOM_SLEEP.
        let mut child = env
            .cmd()
            .args(["renew", "--force", "--pre-hook", &pre, "--post-hook", &post])
            .stdout(std::process::Stdio::null())
            .stderr(err_file.try_clone().unwrap())
            .spawn()
            .unwrap();
        wait_for_text(&err_path, " s before contacting the CA");
        let said = std::fs::read_to_string(&err_path).unwrap();
        let secs: u64 = said
            .split("sleeping ")
            .nth(1)
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{said}"));
        if secs < 3 {
            let _ = child.kill();
            let _ = child.wait();
            continue;
        }
        std::thread::sleep(Duration::from_millis(300));
        interrupt_and_check(&mut child, libc::SIGTERM, 143, err_file, "jitter");
        assert_eq!(
            env.pebble.request_count(),
            before,
            "the CA was contacted: {}",
            env.pebble.log()
        );
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "pre\npost a.example.com\n"
        );
        return;
    }
    panic!("five draws of the random delay were all under 3 s");
}
