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

fn list_json(t: &Site, name: &str) -> Value {
    let out = run(cmd(t, 1).args(["list", "--json", "--cert-name", name]));
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
    let out = run(cmd(&t, 2).arg("renew").args(DUE));
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
    let out = run(cmd(&t, 2).args(["renew", "--json"]).args(DUE));
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
