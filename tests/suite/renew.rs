//! `acme renew` and `acme list` against Pebble (ARI itself: ari.rs).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::*;

impl Site {
    /// `acme` against this site, without the random renewal delay.
    fn cmd_now(&self) -> Command {
        let mut c = acme_cmd(&self.pebble, &self.cfg);
        c.env("ACME_NO_RANDOM_SLEEP", "1");
        c
    }

    fn issue_ok(&self, name: &str, extra: &[&str]) {
        let out = run(self
            .cmd_now()
            .args(["issue", "-d", name, "--webroot", self.www.to_str().unwrap()])
            .args(["--agree-tos"])
            .args(extra));
        assert_eq!(out.code, 0, "{}", out.stderr);
    }

    fn renew(&self, extra: &[&str]) -> Output3 {
        run(self
            .cmd_now()
            .args(["renew", "--no-random-sleep"])
            .args(extra))
    }

    fn live_cert(&self, name: &str) -> String {
        fs::read_to_string(self.cfg.join("live").join(name).join("cert.pem")).unwrap()
    }

    fn archive(&self, name: &str, file: &str) -> PathBuf {
        self.cfg.join("archive").join(name).join(file)
    }
}

fn link_target(p: &Path) -> String {
    fs::read_link(p).unwrap().to_string_lossy().into_owned()
}

/// The public key of a PEM certificate and of a PEM private key, to check they pair.
fn cert_matches_key(cert: &Path, key: &Path) -> bool {
    let c = openssl::x509::X509::from_pem(&fs::read(cert).unwrap()).unwrap();
    let k = openssl::pkey::PKey::private_key_from_pem(&fs::read(key).unwrap()).unwrap();
    c.public_key().unwrap().public_eq(&k)
}

#[test]
fn nothing_due_changes_nothing_and_a_second_run_asks_the_ca_nothing() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    let out = t.renew(&[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example.com: not due until")
            && out.stdout.contains("the CA's renewal window"),
        "{}",
        out.stdout
    );
    assert!(!t.archive("a.example.com", "cert2.pem").exists());
    let conf = fs::read_to_string(t.cfg.join("renewal/a.example.com.conf")).unwrap();
    let before = t.pebble.request_count();
    let out = t.renew(&["-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "", "-q prints nothing when nothing failed");
    assert_eq!(
        t.pebble.request_count(),
        before,
        "the remembered re-check time keeps cron runs off the CA"
    );
    assert_eq!(
        fs::read_to_string(t.cfg.join("renewal/a.example.com.conf")).unwrap(),
        conf
    );
}

#[test]
fn force_makes_version_2_keeps_version_1_and_runs_the_saved_deploy_hook() {
    let t = Site::start();
    let env_file = t.root().join("deploy.env");
    let hook = format!(
        "printf '%s|%s\\n' \"$RENEWED_LINEAGE\" \"$RENEWED_DOMAINS\" >> {}",
        env_file.display()
    );
    t.issue_ok(
        "a.example.com",
        &["-d", "www.a.example.com", "--deploy-hook", &hook],
    );
    // `issue` ran it once already; what follows is the renewal's run of the saved hook.
    fs::remove_file(&env_file).unwrap();
    let v1 = t.live_cert("a.example.com");
    let out = t.renew(&["--force"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example.com: renewed (version 2)"),
        "{}",
        out.stdout
    );
    let live = t.cfg.join("live/a.example.com");
    assert_eq!(
        link_target(&live.join("cert.pem")),
        "../../archive/a.example.com/cert2.pem"
    );
    assert_ne!(t.live_cert("a.example.com"), v1);
    assert_eq!(
        fs::read_to_string(t.archive("a.example.com", "cert1.pem")).unwrap(),
        v1
    );
    assert!(cert_matches_key(
        &live.join("cert.pem"),
        &live.join("privkey.pem")
    ));
    assert_eq!(
        fs::read_to_string(&env_file).unwrap(),
        format!("{}|a.example.com www.a.example.com\n", live.display())
    );
}

#[test]
fn days_larger_than_the_lifetime_make_it_due() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    let out = t.renew(&["--days", "3000", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["status"], "renewed", "{v}");
    assert_eq!(v[0]["version"], 2);
    assert!(t.archive("a.example.com", "cert2.pem").exists());
}

#[test]
fn a_failing_challenge_fails_one_lineage_leaves_it_live_and_renews_the_others_with_hooks() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    t.issue_ok("b.example.com", &[]);
    // b's web root is now a directory nobody serves: its http-01 challenge will fail.
    let unserved = t.root().join("unserved");
    fs::create_dir_all(&unserved).unwrap();
    let conf_path = t.cfg.join("renewal/b.example.com.conf");
    let conf = fs::read_to_string(&conf_path).unwrap().replace(
        &format!("webroot.b.example.com = {}", t.www.display()),
        &format!("webroot.b.example.com = {}", unserved.display()),
    );
    fs::write(&conf_path, conf).unwrap();
    let b_before = t.live_cert("b.example.com");
    t.pebble.forget_validations(&t.cfg);
    let log = t.root().join("hooks.log");
    let l = log.display();
    let out = t.renew(&[
        "--force",
        "--pre-hook",
        &format!("echo \"pre due=$ACME_DUE\" >> {l}"),
        "--deploy-hook",
        &format!("echo \"deploy $RENEWED_DOMAINS\" >> {l}"),
        "--post-hook",
        &format!("echo \"post renewed=$ACME_RENEWED failed=$ACME_FAILED\" >> {l}"),
    ]);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("a.example.com: renewed (version 2)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("b.example.com: failed:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("b.example.com"),
        "failures repeated on stderr: {}",
        out.stderr
    );
    assert_eq!(t.live_cert("b.example.com"), b_before, "b stays as it was");
    assert!(!t.archive("b.example.com", "cert2.pem").exists());
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        "pre due=a.example.com b.example.com\ndeploy a.example.com\n\
         post renewed=a.example.com failed=b.example.com\n"
    );
}

#[test]
fn a_failing_post_hook_is_reported_in_the_exit_code() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    // A saved post-hook that fails (given to `issue`, it would have failed the issue already).
    let conf = t.cfg.join("renewal/a.example.com.conf");
    let mut text = fs::read_to_string(&conf).unwrap();
    text.push_str("post_hook = exit 7\n");
    fs::write(&conf, text).unwrap();
    let out = t.renew(&["--force", "-q"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("post-hook"), "{}", out.stderr);
    assert!(t.archive("a.example.com", "cert2.pem").exists());
}

#[test]
fn two_concurrent_forced_renewals_leave_a_consistent_lineage() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    let mut a = t.cmd_now();
    let mut b = t.cmd_now();
    for c in [&mut a, &mut b] {
        c.args([
            "renew",
            "--no-random-sleep",
            "--force",
            "--cert-name",
            "a.example.com",
        ]);
    }
    let ha = std::thread::spawn(move || run(&mut a));
    let hb = std::thread::spawn(move || run(&mut b));
    let (oa, ob) = (ha.join().unwrap(), hb.join().unwrap());
    assert_eq!(oa.code, 0, "{}", oa.stderr);
    assert_eq!(ob.code, 0, "{}", ob.stderr);
    let both = format!("{}{}", oa.stdout, ob.stdout);
    assert!(both.contains("renewed (version 2)"), "{both}");
    let live = t.cfg.join("live/a.example.com");
    let target = link_target(&live.join("cert.pem"));
    let n: u32 = target
        .trim_start_matches("../../archive/a.example.com/cert")
        .trim_end_matches(".pem")
        .parse()
        .unwrap();
    assert!(n == 2 || n == 3, "{target}");
    for kind in ["cert", "chain", "fullchain", "privkey"] {
        assert_eq!(
            link_target(&live.join(format!("{kind}.pem"))),
            format!("../../archive/a.example.com/{kind}{n}.pem")
        );
        for v in 1..=n {
            assert!(
                t.archive("a.example.com", &format!("{kind}{v}.pem"))
                    .exists()
            );
        }
    }
    assert!(
        !t.archive("a.example.com", &format!("cert{}.pem", n + 1))
            .exists()
    );
    assert!(cert_matches_key(
        &live.join("cert.pem"),
        &live.join("privkey.pem")
    ));
}

#[test]
fn revoked_and_corrupt_lineages_are_reported_and_do_not_stop_the_others() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    t.issue_ok("r.example.com", &[]);
    t.issue_ok("z.example.com", &[]);
    let r = t.cfg.join("renewal/r.example.com.conf");
    let mut text = fs::read_to_string(&r).unwrap();
    text.push_str("revoked = true\n");
    fs::write(&r, text).unwrap();
    fs::write(t.cfg.join("renewal/a.example.com.conf"), "garbage\n").unwrap();
    let out = t.renew(&["--force"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example.com: failed:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("r.example.com: revoked: not renewed"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("z.example.com: renewed (version 2)"),
        "{}",
        out.stdout
    );
    assert!(!t.archive("r.example.com", "cert2.pem").exists());
}

#[test]
fn dry_run_saves_nothing() {
    let t = Site::start();
    let marker = t.root().join("deployed");
    let hook = format!("touch {}", marker.display());
    t.issue_ok("a.example.com", &["--deploy-hook", &hook]);
    assert!(marker.exists(), "issue ran its deploy hook");
    fs::remove_file(&marker).unwrap();
    let conf = fs::read_to_string(t.cfg.join("renewal/a.example.com.conf")).unwrap();
    let out = t.renew(&["--dry-run"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("dry run succeeded"), "{}", out.stdout);
    assert!(!t.archive("a.example.com", "cert2.pem").exists());
    assert!(!t.archive("a.example.com", "privkey2.pem").exists());
    assert_eq!(
        fs::read_to_string(t.cfg.join("renewal/a.example.com.conf")).unwrap(),
        conf
    );
    assert!(!marker.exists(), "no deploy hook on a dry run");
}

#[test]
fn list_json_shape() {
    let t = Site::start();
    t.issue_ok("a.example.com", &["-d", "www.a.example.com"]);
    let out = run(t.cmd_now().args(["certificates", "--json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let row = &v[0];
    assert_eq!(row["cert_name"], "a.example.com");
    assert_eq!(
        row["domains"],
        serde_json::json!(["a.example.com", "www.a.example.com"])
    );
    assert_eq!(row["key_type"], "ecdsa-p256");
    assert_eq!(row["due"], false);
    // Pebble 2.10's default profile issues 90-day certificates.
    assert!(
        (88..=90).contains(&row["days_left"].as_i64().unwrap()),
        "{row}"
    );
    assert_eq!(row["server"], t.pebble.directory_url.as_str());
    for key in ["not_after", "next_renewal", "why", "live_dir", "serial"] {
        assert!(row[key].is_string(), "{key}: {row}");
    }
    let out = run(t.cmd_now().args(["list"]));
    assert!(out.stdout.contains("renews "), "{}", out.stdout);
}

// ARI (windows, `replaces`, alreadyReplaced) is tested against Pebble's own renewalInfo in ari.rs.

#[test]
fn a_lineage_locked_by_another_process_is_skipped_with_a_clear_message() {
    let t = Site::start();
    t.issue_ok("a.example.com", &[]);
    t.issue_ok("b.example.com", &[]);
    // Another process's lock, as acme takes it: flock(2) on the lineage's lock file.
    let lock = std::fs::File::open(t.cfg.join("locks/lineage-a.example.com.lock")).unwrap();
    // SAFETY: flock on a descriptor this test owns.
    let held = unsafe {
        libc::flock(
            std::os::fd::AsRawFd::as_raw_fd(&lock),
            libc::LOCK_EX | libc::LOCK_NB,
        )
    };
    assert_eq!(held, 0, "the lock was free");
    let started = std::time::Instant::now();
    let out = t.renew(&["--force"]);
    drop(lock);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("a.example.com: skipped: another acme process is working on it"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("b.example.com: renewed (version 2)"),
        "{}",
        out.stdout
    );
    assert!(!t.archive("a.example.com", "cert2.pem").exists());
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "waits briefly, not forever"
    );
}
