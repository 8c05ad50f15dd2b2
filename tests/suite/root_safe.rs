//! Issue #14: acme runs as root on hosts where others own the web root or a parent of the config
//! dir. These tests play that other user (created with `useradd`, acting through `setpriv`) or
//! the hostile input they control, and check that root does nothing for them: no file outside
//! the web root created, changed, chmod'ed or removed, no hook of theirs run, and either a clear
//! refusal (exit 2, naming the path and the fix) or a safe success.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::common::*;

#[test]
fn hooks_run_with_bin_sh_without_acme_secrets_and_are_stopped_at_the_time_limit() {
    let mac = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    let s = Site::start_with(PebbleOpts {
        eab_keys: vec![("kid-1".into(), mac.into())],
        ..PebbleOpts::default()
    });
    // A `sh` earlier in PATH must not be the one that runs hooks.
    let fake = s.root().join("fakebin");
    fs::create_dir_all(&fake).unwrap();
    let marker = s.root().join("fake-sh-ran");
    fs::write(
        fake.join("sh"),
        format!(
            "#!/bin/sh\ntouch {}\nexec /bin/sh \"$@\"\n",
            marker.display()
        ),
    )
    .unwrap();
    fs::set_permissions(fake.join("sh"), fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", fake.display(), std::env::var("PATH").unwrap());
    let env_dump = s.root().join("hook-env");
    let deploy = format!("env > {}", env_dump.display());
    let out = run(s
        .cmd()
        .env("PATH", &path)
        .env("ACME_EAB_HMAC_KEY", mac)
        .args([
            "issue",
            "--agree-tos",
            "--eab-kid",
            "kid-1",
            "-d",
            "hooks.example.com",
            "--webroot",
        ])
        .arg(&s.www)
        .args(["--deploy-hook", &deploy]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let seen = fs::read_to_string(&env_dump).unwrap();
    assert!(seen.contains("RENEWED_LINEAGE="), "{seen}");
    assert!(!seen.contains(mac), "{seen}");
    assert!(!marker.exists(), "the hook ran through PATH's sh");

    // A hung post-hook is stopped at --hook-timeout, with what it started, and named.
    let started = Instant::now();
    let pid_file = s.root().join("sleeper.pid");
    let post = format!("sleep 60 & echo $! > {}; wait", pid_file.display());
    let out = s.acme(&[
        "issue",
        "-d",
        "slow.example.com",
        "--webroot",
        s.www.to_str().unwrap(),
        "--hook-timeout",
        "2",
        "--post-hook",
        &post,
    ]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("did not finish within 2 s") && out.stderr.contains("--hook-timeout"),
        "{}",
        out.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(40));
    let pid = fs::read_to_string(&pid_file).unwrap();
    let stat = format!("/proc/{}/stat", pid.trim());
    let running = fs::read_to_string(&stat)
        .is_ok_and(|s| !s.rsplit(')').next().unwrap().trim_start().starts_with('Z'));
    assert!(!running, "the hook's child {} still runs", pid.trim());
}
