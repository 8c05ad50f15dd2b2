//! Renewals nobody has to watch (issue #20): failures remembered per lineage and shown by
//! `acme list`, back-off between attempts, `acme check`, the metrics file, the failure hook.
//! Back-off timing is shortened with the test knob `ACME_BACKOFF_BASE_SECS`.

use serde_json::Value;
use std::process::Command;
use std::time::Duration;

use crate::common::*;

/// `acme` against the site, without cron jitter, with back-off waits of `base` s, 2×, 4×…
fn cmd(t: &Site, base: u64) -> Command {
    let mut c = t.cmd();
    c.env("ACME_NO_RANDOM_SLEEP", "1")
        .env("ACME_BACKOFF_BASE_SECS", base.to_string());
    c
}

/// How long a back-off lasts when a check needs it to be still running: a wait is worked out
/// from the health record when asked, so a long base makes "backed off now" hold however slow
/// the machine is between the failure and the check.
const HOLDS: u64 = 600;

fn list_json(t: &Site, name: &str) -> Value {
    let out = run(cmd(t, HOLDS).args(["list", "--json", "--cert-name", name]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    v[0].clone()
}

/// Pebble's certificates live five years: `--days 3000` makes them due.
const DUE: [&str; 2] = ["--days", "3000"];

#[test]
fn failing_renewals_are_remembered_backed_off_and_cleared_by_a_success() {
    let mut t = Site::start();
    let out = t.issue(&["a.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Nothing answers http-01 any more: every renewal now fails validation at Pebble.
    t.stop_web();
    t.pebble.forget_validations(&t.cfg);

    let out = run(cmd(&t, 2).arg("renew").args(DUE));
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let row = list_json(&t, "a.example.com");
    let h = &row["health"];
    assert_eq!(h["consecutive_failures"], 1, "{row:#}");
    assert_eq!(h["last_outcome"], "failure", "{row:#}");
    assert_eq!(h["first_failure"], h["last_failure"], "{row:#}");
    assert_eq!(
        h["problem"]["type"], "urn:ietf:params:acme:error:connection",
        "the CA's problem document is kept: {row:#}"
    );
    assert!(h["last_success"].is_null(), "{row:#}");
    assert!(row["backed_off_until"].is_string(), "{row:#}");
    let text = run(cmd(&t, 2).arg("list"));
    assert!(
        text.stdout.contains("FAILED") && text.stdout.contains("1 consecutive failure since"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("error:connection"), "{}", text.stdout);

    // At once again: backed off, the CA is not asked, nothing counted.
    let out = run(cmd(&t, HOLDS).arg("renew").args(DUE));
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("not retried before")
            && out.stdout.contains("after 1 consecutive failure"),
        "{}",
        out.stdout
    );
    assert_eq!(
        list_json(&t, "a.example.com")["health"]["consecutive_failures"],
        1
    );

    // After the first wait (2 s) it is tried again, fails again, and waits twice as long.
    std::thread::sleep(Duration::from_millis(2300));
    let out = run(cmd(&t, 2).args(["renew", "--json"]).args(DUE));
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("\"failed\""), "{}", out.stdout);
    let row = list_json(&t, "a.example.com");
    assert_eq!(row["health"]["consecutive_failures"], 2, "{row:#}");
    assert_ne!(
        row["health"]["first_failure"],
        row["health"]["last_failure"]
    );
    let out = run(cmd(&t, HOLDS).args(["renew", "--json"]).args(DUE));
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "backed_off", "{v:#}");

    // Fixed; --force does not wait for the back-off, and a success clears the run of failures.
    t.start_web();
    let out = run(cmd(&t, 2).args(["renew", "--force"]));
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("renewed (version 2)"), "{}", out.stdout);
    let row = list_json(&t, "a.example.com");
    let h = &row["health"];
    assert_eq!(h["consecutive_failures"], 0, "{row:#}");
    assert_eq!(h["last_outcome"], "success", "{row:#}");
    assert!(
        h["problem"].is_null() && h["first_failure"].is_null(),
        "{row:#}"
    );
    assert!(
        h["last_success"].is_string() && h["last_failure"].is_string(),
        "{row:#}"
    );
    assert!(row["backed_off_until"].is_null(), "{row:#}");
}

/// `acme check` with extra arguments: (exit code, stdout).
fn check(t: &Site, extra: &[&str]) -> (i32, String) {
    let out = run(cmd(t, 600).arg("check").args(extra));
    assert!(
        out.stderr.is_empty() || !out.stderr.contains("error:"),
        "{}",
        out.stderr
    );
    (out.code, out.stdout)
}

#[test]
fn check_exit_codes_follow_nagios_for_each_state() {
    let mut t = Site::start();
    // Nothing to check yet: UNKNOWN.
    let (code, out) = check(&t, &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.starts_with("ACME UNKNOWN - no certificates"), "{out}");

    let out = t.issue(&["a.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (code, out) = check(&t, &[]);
    assert_eq!((code, out.lines().count()), (0, 1), "{out}");
    assert!(out.starts_with("ACME OK - 1 certificate(s)"), "{out}");

    // Pebble's certificates live five years.
    let (code, out) = check(&t, &["--warn-days", "3000"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\nWARNING a.example.com: expires "), "{out}");
    let (code, out) = check(&t, &["--warn-days", "3000", "--crit-days", "2000"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.starts_with("ACME CRITICAL"), "{out}");
    assert!(out.contains("\nCRITICAL a.example.com: expires "), "{out}");

    // A failed renewal: WARNING, with the CA's problem and the back-off on their own lines.
    t.stop_web();
    t.pebble.forget_validations(&t.cfg);
    let out = run(cmd(&t, 600).arg("renew").args(DUE));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let (code, out) = check(&t, &[]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[1].starts_with("WARNING a.example.com: last renewal failed")
            && lines[1].contains("(1 consecutive since")
            && lines[1].contains("urn:ietf:params:acme:error:connection"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("WARNING a.example.com: backed off: not retried before"),
        "{out}"
    );

    // A lineage whose conf cannot be read: UNKNOWN beats WARNING.
    std::fs::write(t.cfg.join("renewal/broken.conf"), "this is not a conf\n").unwrap();
    let (code, out) = check(&t, &["--json"]);
    assert_eq!(code, 3, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["status"].as_str(), v["exit_code"].as_i64()),
        (Some("UNKNOWN"), Some(3)),
        "{v:#}"
    );
    let kinds: Vec<(&str, &str)> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["cert_name"].as_str().unwrap(),
                p["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("a.example.com", "renewal_failed"),
            ("a.example.com", "backed_off"),
            ("broken", "unreadable")
        ],
        "{v:#}"
    );
    // And CRITICAL beats UNKNOWN.
    let (code, _) = check(&t, &["--crit-days", "3000"]);
    assert_eq!(code, 2);
}

/// Debian's `prometheus-node-exporter` with only the textfile collector, on a free loopback
/// port; killed on drop.
struct NodeExporter {
    child: std::process::Child,
    port: u16,
}

impl NodeExporter {
    fn start(textfile_dir: &std::path::Path) -> NodeExporter {
        let port = free_port();
        let child = Command::new("prometheus-node-exporter")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--collector.disable-defaults")
            .arg("--collector.textfile")
            .arg(format!(
                "--collector.textfile.directory={}",
                textfile_dir.display()
            ))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("prometheus-node-exporter (scripts/test-packages) must be installed");
        NodeExporter { child, port }
    }

    /// GET /metrics, retried for up to 10 s while the exporter starts.
    fn scrape(&self) -> String {
        use std::io::{Read, Write};
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let got = std::net::TcpStream::connect(("127.0.0.1", self.port)).and_then(|mut c| {
                c.set_read_timeout(Some(Duration::from_secs(5)))?;
                c.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
                let mut s = String::new();
                c.read_to_string(&mut s)?;
                Ok(s)
            });
            match got {
                Ok(s) if s.starts_with("HTTP/1.0 200") || s.starts_with("HTTP/1.1 200") => {
                    return s;
                }
                _ if std::time::Instant::now() > deadline => {
                    panic!("node exporter did not answer: {got:?}")
                }
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Drop for NodeExporter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of `metric{cert_name="name"}` in a scrape, if present.
fn sample(scrape: &str, metric: &str, name: &str) -> Option<f64> {
    let prefix = format!("{metric}{{cert_name=\"{name}\"}} ");
    scrape
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(|v| v.trim().parse().unwrap())
}

fn cert_not_after(t: &Site, name: &str) -> f64 {
    let pem = std::fs::read(t.live(name, "cert.pem")).unwrap();
    let cert = openssl::x509::X509::from_pem(&pem).unwrap();
    let epoch = openssl::asn1::Asn1Time::from_unix(0).unwrap();
    let d = epoch.diff(cert.not_after()).unwrap();
    (i64::from(d.days) * 86400 + i64::from(d.secs)) as f64
}

#[test]
fn metrics_file_is_scraped_by_the_real_node_exporter() {
    let mut t = Site::start();
    let textdir = t.root().join("textfile");
    std::fs::create_dir(&textdir).unwrap();
    let prom = textdir.join("acme.prom");
    let out = t.issue(&["a.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    t.stop_web();
    t.pebble.forget_validations(&t.cfg);
    let out = run(cmd(&t, 600)
        .args(["renew", "--metrics-file", prom.to_str().unwrap()])
        .args(DUE));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let exporter = NodeExporter::start(&textdir);
    let scrape = exporter.scrape();
    assert!(
        scrape.contains("node_textfile_scrape_error 0"),
        "the exporter accepted the file: {scrape}"
    );
    let m = |metric| sample(&scrape, metric, "a.example.com");
    assert_eq!(
        m("acme_certificate_expiry_timestamp_seconds"),
        Some(cert_not_after(&t, "a.example.com"))
    );
    assert_eq!(m("acme_certificate_consecutive_failures"), Some(1.0));
    assert_eq!(m("acme_certificate_backed_off"), Some(1.0));
    assert_eq!(m("acme_certificate_readable"), Some(1.0));
    assert_eq!(m("acme_certificate_last_success_timestamp_seconds"), None);
    let failed_at = m("acme_certificate_last_failure_timestamp_seconds").unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!((now - failed_at).abs() < 120.0, "{failed_at} vs {now}");

    // Fixed and renewed (the default metrics file is in the config dir), then `acme check`
    // rewrites the exporter's file: the next scrape sees the new certificate and no failures.
    t.start_web();
    let out = run(cmd(&t, 600).args(["renew", "--force"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(t.cfg.join("metrics.prom").exists());
    let out = run(cmd(&t, 600).args(["check", "--metrics-file", prom.to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}", out.stdout);
    let scrape = exporter.scrape();
    let m = |metric| sample(&scrape, metric, "a.example.com");
    assert_eq!(
        m("acme_certificate_expiry_timestamp_seconds"),
        Some(cert_not_after(&t, "a.example.com"))
    );
    assert_eq!(m("acme_certificate_consecutive_failures"), Some(0.0));
    assert_eq!(m("acme_certificate_backed_off"), Some(0.0));
    assert!(m("acme_certificate_last_success_timestamp_seconds").unwrap() >= failed_at);
    assert_eq!(
        m("acme_certificate_last_failure_timestamp_seconds"),
        Some(failed_at)
    );
}

#[test]
fn the_saved_failure_hook_hears_of_each_failure_and_of_the_recovery() {
    let mut t = Site::start();
    let out_dir = t.root().join("hook-out");
    std::fs::create_dir(&out_dir).unwrap();
    // One file per call, named after the event; the CA's words arrive as variables.
    let hook = r#"f="$HOOK_OUT/$ACME_EVENT-$ACME_CONSECUTIVE_FAILURES"; printf '%s\n' "name=$ACME_CERT_NAME" "domains=$ACME_DOMAINS" "type=$ACME_PROBLEM_TYPE" "first=$ACME_FIRST_FAILURE" "server=$ACME_SERVER" > "$f"; printf '%s' "$ACME_ERROR" > "$f.error""#;
    let out = t.issue(
        &["a.example.com", "www.a.example.com"],
        &["--failure-hook", hook],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let conf = std::fs::read_to_string(t.cfg.join("renewal/a.example.com.conf")).unwrap();
    assert!(conf.contains("failure_hook = "), "{conf}");

    t.stop_web();
    t.pebble.forget_validations(&t.cfg);
    let renew = |t: &Site, extra: &[&str]| {
        run(cmd(t, 1).env("HOOK_OUT", &out_dir).arg("renew").args(extra))
    };
    let out = renew(&t, &DUE);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let got = std::fs::read_to_string(out_dir.join("failure-1")).expect("hook ran on failure");
    assert!(got.contains("name=a.example.com\n"), "{got}");
    assert!(
        got.contains("domains=a.example.com www.a.example.com\n"),
        "{got}"
    );
    assert!(
        got.contains("type=urn:ietf:params:acme:error:connection\n"),
        "{got}"
    );
    assert!(
        got.contains(&format!("server={}\n", t.pebble.directory_url)),
        "{got}"
    );
    let error = std::fs::read_to_string(out_dir.join("failure-1.error")).unwrap();
    assert!(error.contains("validation failed"), "{error}");

    std::thread::sleep(Duration::from_millis(1200));
    let out = renew(&t, &DUE);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out_dir.join("failure-2").exists(),
        "told of the second failure too"
    );

    t.start_web();
    let out = renew(&t, &["--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got = std::fs::read_to_string(out_dir.join("recovery-0")).expect("hook ran on recovery");
    assert!(
        got.contains("type=\n") && !got.contains("first=\n"),
        "{got}"
    );
    std::fs::remove_file(out_dir.join("recovery-0")).unwrap();
    let out = renew(&t, &["--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out_dir.join("recovery-0").exists(),
        "a healthy renewal is not news"
    );
}
