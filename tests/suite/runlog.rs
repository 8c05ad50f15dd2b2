//! The log of every run (`log/acme.log` under the config dir, or `--log-dir`): after a cron-style
//! `renew -q` it says what was decided, asked and answered, and how the run ended; errors point
//! to it; it holds no secret; it is bounded in size and count.

use crate::common::*;

use std::fs;

fn cron_renew(s: &Site, extra: &[&str]) -> Output3 {
    // As cron runs it: no terminal, -q, and (only to keep the test fast) no random sleep.
    let mut cmd = s.cmd();
    cmd.env("ACME_NO_RANDOM_SLEEP", "1")
        .args(["renew", "-q"])
        .args(extra);
    run(&mut cmd)
}

/// Issue #18: "a `renew -q` run from cron leaves no trace" — now it does.
#[test]
fn a_cron_style_renew_leaves_decisions_requests_and_outcome_in_the_log() {
    // No authorization reuse: the failing renewal below must really be validated.
    let s = Site::start_with(PebbleOpts {
        env: vec![("PEBBLE_AUTHZREUSE".into(), "0".into())],
        ..PebbleOpts::default()
    });
    let out = s.issue(&["log.example.com"], &["--deploy-hook", "true"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log = s.cfg.join("log/acme.log");
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(&s.cfg.join("log")), 0o700);
    fs::remove_file(&log).unwrap();

    // Not due: the decision and its reason.
    let out = cron_renew(&s, &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "", "quiet for cron");
    let text = fs::read_to_string(&log).unwrap();
    let starts: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("] start: acme "))
        .collect();
    assert_eq!(starts.len(), 1, "{text}");
    assert!(starts[0].ends_with("renew -q"), "{text}");
    assert!(
        text.contains("log.example.com: not due"),
        "the decision: {text}"
    );
    assert!(
        text.lines().last().unwrap().ends_with("] exit: 0"),
        "{text}"
    );

    // Due (renewal window widened): the requests to the CA, the hook and the outcome.
    let out = cron_renew(&s, &["--days", "3000"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = fs::read_to_string(&log).unwrap();
    let run2 = text.split("] start: acme ").nth(2).expect("a second run");
    assert!(run2.contains("log.example.com: due"), "{run2}");
    assert!(run2.contains("> POST https://"), "requests: {run2}");
    assert!(run2.contains("< 201 https://"), "answers: {run2}");
    assert!(run2.contains("running the deploy-hook: true"), "{run2}");
    assert!(
        run2.contains("log.example.com: renewed (version 2)"),
        "outcome: {run2}"
    );
    assert!(run2.trim_end().ends_with("] exit: 0"), "{run2}");
    for secret in ["PRIVATE KEY", "\"protected\"", "\"signature\""] {
        assert!(!text.contains(secret), "{secret} in the log: {text}");
    }

    // A failing run: the error is in the log, and the error on stderr points to it.
    let conf = s.cfg.join("renewal/log.example.com.conf");
    let unserved = s.root().join("unserved");
    fs::create_dir_all(&unserved).unwrap();
    let text = fs::read_to_string(&conf)
        .unwrap()
        .replace(s.www.to_str().unwrap(), unserved.to_str().unwrap());
    fs::write(&conf, text + "self_check = false\n").unwrap();
    s.pebble.forget_validations(&s.cfg);
    let out = cron_renew(&s, &["--force"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("The log of this run: {}", log.display())),
        "{}",
        out.stderr
    );
    let text = fs::read_to_string(&log).unwrap();
    let run3 = text.split("] start: acme ").nth(3).expect("a third run");
    assert!(run3.contains("] error: renewal failed"), "{run3}");
    assert!(run3.trim_end().ends_with("] exit: 1"), "{run3}");
    if std::env::var_os("SHOW_LOG").is_some() {
        eprintln!("{text}");
    }
}

#[test]
fn secrets_on_the_command_line_never_reach_the_log_and_log_dir_moves_it() {
    let s = Site::start();
    let dir = s.root().join("elsewhere/logs");
    let out = s.acme(&[
        "--log-dir",
        dir.to_str().unwrap(),
        "register",
        "--agree-tos",
        "--eab-kid",
        "kid-1",
        "--eab-hmac-key",
        "c2VjcmV0LWhtYWMta2V5LXZhbHVl",
    ]);
    let text = fs::read_to_string(dir.join("acme.log")).expect("the log in --log-dir");
    assert!(
        text.contains("--eab-hmac-key <hidden>"),
        "{text}\n{}",
        out.stderr
    );
    assert!(!text.contains("c2VjcmV0"), "{text}");
    assert!(!s.cfg.join("log/acme.log").exists());
}

#[test]
fn the_log_is_rotated_and_old_logs_are_bounded_in_number() {
    let s = Site::start();
    let dir = s.cfg.join("log");
    fs::create_dir_all(&dir).unwrap();
    let big = "x".repeat(1 << 20) + "\n";
    for n in 0..7 {
        fs::write(dir.join("acme.log"), format!("old {n}\n{big}")).unwrap();
        assert_eq!(s.acme(&["list"]).code, 0);
    }
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "acme.log",
            "acme.log.1",
            "acme.log.2",
            "acme.log.3",
            "acme.log.4",
            "acme.log.5"
        ]
    );
    let current = fs::read_to_string(dir.join("acme.log")).unwrap();
    assert!(
        current.len() < 10_000 && current.contains("start: acme"),
        "{current}"
    );
    assert!(
        fs::read_to_string(dir.join("acme.log.1"))
            .unwrap()
            .starts_with("old 6\n")
    );
    let total: u64 = names
        .iter()
        .map(|n| fs::metadata(dir.join(n)).unwrap().len())
        .sum();
    assert!(total < 7 << 20, "bounded: {total} bytes");
}

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}
