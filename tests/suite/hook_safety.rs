//! Hooks that cannot run are found before anything is ordered, and a post-hook always runs once
//! a pre-hook has run, whatever failed (issue #18: "a typo in a hook is found only after the
//! certificate was issued; when a pre-hook fails the post-hook does not run").

use crate::common::*;

use std::fs;

#[test]
fn a_mistyped_hook_is_refused_before_the_ca_is_asked_for_anything() {
    let s = Site::start();
    assert_eq!(s.acme(&["register", "--agree-tos"]).code, 0);
    let before = s.pebble.request_count();
    let out = s.issue(
        &["typo.example.com"],
        &["--deploy-hook", "sytemctl reload nginx"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("deploy-hook") && out.stderr.contains("\"sytemctl\""),
        "names the hook and the program: {}",
        out.stderr
    );
    assert_eq!(
        s.pebble.request_count(),
        before,
        "nothing was sent to the CA"
    );
    assert!(!s.cfg.join("live/typo.example.com").exists());

    // A script that is not executable, given as a path.
    let script = s.root().join("reload.sh");
    fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
    let out = s.issue(
        &["typo.example.com"],
        &["--post-hook", script.to_str().unwrap()],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("chmod +x"), "{}", out.stderr);
    assert_eq!(s.pebble.request_count(), before);

    // On renew: a command-line hook is refused at once; a saved one fails its lineage before
    // its order, and the others go on.
    assert_eq!(s.issue(&["good.example.com"], &[]).code, 0);
    assert_eq!(s.issue(&["bad.example.com"], &[]).code, 0);
    let out = s.acme(&[
        "renew",
        "--force",
        "--no-random-sleep",
        "--post-hook",
        "sytemctl start nginx",
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(!s.cfg.join("archive/good.example.com/cert2.pem").exists());
    let conf = s.cfg.join("renewal/bad.example.com.conf");
    let text = fs::read_to_string(&conf).unwrap();
    fs::write(&conf, text + "deploy_hook = sytemctl reload nginx\n").unwrap();
    let out = s.acme(&["renew", "--force", "--no-random-sleep"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("bad.example.com") && out.stderr.contains("sytemctl"),
        "{}",
        out.stderr
    );
    assert!(s.cfg.join("archive/good.example.com/cert2.pem").exists());
    assert!(
        !s.cfg.join("archive/bad.example.com/cert2.pem").exists(),
        "not ordered"
    );
}

#[test]
fn a_failing_pre_hook_is_followed_by_the_post_hook_on_issue_and_on_renew() {
    let s = Site::start();
    let trail = s.root().join("trail");
    let t = trail.to_str().unwrap();
    let pre = format!("echo pre >> {t}; exit 3");
    let post = format!("echo \"post failed=$ACME_FAILED\" >> {t}");
    let out = s.issue(
        &["pre.example.com"],
        &["--pre-hook", &pre, "--post-hook", &post],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("pre-hook") && out.stderr.contains("nothing was ordered"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(&trail).unwrap(),
        "pre\npost failed=pre.example.com\n",
        "the post-hook ran after the failed pre-hook"
    );
    assert!(!s.cfg.join("live/pre.example.com").exists());

    assert_eq!(s.issue(&["pre.example.com"], &[]).code, 0);
    fs::remove_file(&trail).unwrap();
    let out = s.acme(&[
        "renew",
        "--force",
        "--no-random-sleep",
        "--pre-hook",
        &pre,
        "--post-hook",
        &post,
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = fs::read_to_string(&trail).unwrap();
    assert!(text.starts_with("pre\npost"), "{text}");
}
