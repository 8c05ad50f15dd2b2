//! How output behaves on a real terminal versus a pipe: a spinner only on a terminal (drawn with
//! escape sequences), plain step lines otherwise, nothing but errors under -q, stdout clean.
//! The terminal is a real pseudo-terminal made by util-linux `script`.

use crate::common::*;

use std::process::Command;

fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs acme inside a pseudo-terminal; returns everything the terminal received.
fn in_pty(pebble: &Pebble, cfg: &std::path::Path, args: &[&str]) -> (i32, String) {
    let mut shell_cmd = format!("{} ", env!("CARGO_BIN_EXE_acme"));
    for a in args {
        shell_cmd.push_str(&format!("'{}' ", a.replace('\'', "'\\''")));
    }
    let cmd = acme_cmd(pebble, cfg);
    let mut script = Command::new("script");
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => script.env(k, v),
            None => script.env_remove(k),
        };
    }
    script
        .env("TERM", "xterm")
        .args(["-qec", &shell_cmd, "/dev/null"]);
    let out = run(&mut script);
    (out.code, out.stdout)
}

#[test]
fn spinner_on_a_terminal_plain_lines_in_a_pipe_and_silence_under_quiet() {
    if !have_script() {
        panic!("util-linux `script` is needed for the pseudo-terminal test");
    }
    let site = Site::start();
    let (pebble, www, cfg) = (&site.pebble, &site.www, &site.cfg);
    let w = www.to_str().unwrap();

    let (code, tty) = in_pty(
        pebble,
        cfg,
        &[
            "issue",
            "-d",
            "tty.example.com",
            "--webroot",
            w,
            "--agree-tos",
        ],
    );
    assert_eq!(code, 0, "{tty}");
    assert!(
        tty.contains("\u{1b}["),
        "a spinner is drawn with terminal escapes: {tty:?}"
    );
    assert!(
        tty.contains("Certificate issued for tty.example.com"),
        "{tty:?}"
    );

    let piped =
        run(acme_cmd(pebble, cfg).args(["issue", "-d", "pipe.example.com", "--webroot", w]));
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(
        !piped.stderr.contains('\u{1b}') && !piped.stdout.contains('\u{1b}'),
        "no escapes in a pipe"
    );
    assert!(
        piped
            .stderr
            .lines()
            .any(|l| l == "Ordering a certificate for pipe.example.com"),
        "{}",
        piped.stderr
    );
    assert!(
        piped
            .stdout
            .starts_with("Certificate issued for pipe.example.com"),
        "result on stdout"
    );

    let (code, quiet) = in_pty(
        pebble,
        cfg,
        &["issue", "-d", "quiet.example.com", "--webroot", w, "-q"],
    );
    assert_eq!(code, 0, "{quiet}");
    assert_eq!(
        quiet.trim(),
        "",
        "nothing at all under -q on success, even on a terminal"
    );

    let json = run(acme_cmd(pebble, cfg).args([
        "issue",
        "-d",
        "json.example.com",
        "--webroot",
        w,
        "--json",
    ]));
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value =
        serde_json::from_str(&json.stdout).expect("stdout is exactly one JSON document");
    assert_eq!(v["domains"][0], "json.example.com");
}
