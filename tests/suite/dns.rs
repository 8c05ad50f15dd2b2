//! dns-01 end to end: hook scripts publishing through pebble-challtestsrv, RFC 2136 + TSIG
//! against a real BIND9 that Pebble validates against, manual mode through a pseudo-terminal.

use std::fs;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::common::*;

/// A hook script that publishes through challtestsrv's management API with curl, and logs
/// every call (with its environment) to `<dir>/hook.log`.
#[derive(Clone, Copy, PartialEq)]
enum HookMode {
    Works,
    /// `add` fails with a message on stderr.
    FailsToAdd,
    /// `add` publishes nothing (a hook writing to the wrong zone).
    PublishesNothing,
    /// `remove` leaves the records in place.
    ForgetsToRemove,
}

fn write_hook(dir: &Path, mgmt: &str, mode: HookMode) -> (PathBuf, PathBuf) {
    let log = dir.join("hook.log");
    let script = dir.join("hook.sh");
    let fail = match mode {
        HookMode::Works => "",
        HookMode::FailsToAdd => {
            "if [ \"$ACME_ACTION\" = add ]; then echo 'zone example.com is locked by the registrar' >&2; exit 3; fi\n"
        }
        HookMode::PublishesNothing => "[ \"$ACME_ACTION\" = add ] && exit 0\n",
        HookMode::ForgetsToRemove => "[ \"$ACME_ACTION\" = remove ] && exit 0\n",
    };
    let body = format!(
        "#!/bin/sh\nset -e\n\
         echo \"$ACME_ACTION|$ACME_DOMAIN|$ACME_TXT_NAME|$ACME_TXT_VALUE|$CERTBOT_DOMAIN|$CERTBOT_VALIDATION|$CERTBOT_REMAINING_CHALLENGES|$CERTBOT_ALL_DOMAINS|$ACME_CHALLENGE_NAME\" >> '{log}'\n\
         {fail}\
         case \"$ACME_ACTION\" in\n\
         add) curl -fsS --noproxy '*' -X POST -d \"{{\\\"host\\\":\\\"$ACME_TXT_NAME.\\\",\\\"value\\\":\\\"$ACME_TXT_VALUE\\\"}}\" '{mgmt}/set-txt' ;;\n\
         remove) curl -fsS --noproxy '*' -X POST -d \"{{\\\"host\\\":\\\"$ACME_TXT_NAME.\\\"}}\" '{mgmt}/clear-txt' ;;\n\
         *) echo \"bad action $ACME_ACTION\" >&2; exit 9 ;;\n\
         esac\n",
        log = log.display(),
    );
    fs::write(&script, body).unwrap();
    (script, log)
}

fn hook_calls(log: &Path) -> Vec<Vec<String>> {
    fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('|').map(String::from).collect())
        .collect()
}

fn san_names(cert_pem: &Path) -> Vec<String> {
    let cert = openssl::x509::X509::from_pem(&fs::read(cert_pem).unwrap()).unwrap();
    let mut names: Vec<String> = cert
        .subject_alt_names()
        .unwrap()
        .iter()
        .filter_map(|n| n.dnsname().map(String::from))
        .collect();
    names.sort();
    names
}

fn dns_addr(p: &Pebble) -> String {
    p.dns_addr.unwrap().to_string()
}

#[test]
fn hook_issues_for_a_single_name_and_records_the_method() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let (hook, log) = write_hook(
        tmp.path(),
        pebble.challtestsrv_mgmt.as_ref().unwrap(),
        HookMode::Works,
    );
    let hook_cmd = format!("sh {}", hook.display());
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "a.example.com",
        "--dns-hook",
        &hook_cmd,
        "--dns-resolver",
        &dns_addr(&pebble),
        "--dns-timeout",
        "30",
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!has_warning(&out.stderr), "{}", out.stderr);
    assert!(
        pebble.log().contains("/chalZ/"),
        "the CA was asked to validate"
    );
    assert_eq!(
        san_names(&cfg.join("live/a.example.com/cert.pem")),
        ["a.example.com"]
    );
    let calls = hook_calls(&log);
    assert_eq!(calls.len(), 2, "{calls:?}");
    let (add, remove) = (&calls[0], &calls[1]);
    assert_eq!(add[0], "add");
    assert_eq!(remove[0], "remove");
    for c in [add, remove] {
        assert_eq!(c[1], "a.example.com");
        assert_eq!(c[2], "_acme-challenge.a.example.com");
        assert_eq!(c[3].len(), 43, "base64url SHA-256: {c:?}");
        assert_eq!(c[4], "a.example.com");
        assert_eq!(c[5], c[3]);
    }
    // Cleanup really happened: challtestsrv no longer serves the value.
    let gone = acme::dns::txt_values(
        pebble.dns_addr.unwrap(),
        "_acme-challenge.a.example.com",
        true,
    )
    .unwrap();
    assert!(gone.is_empty(), "{gone:?}");

    let conf = fs::read_to_string(cfg.join("renewal/a.example.com.conf")).unwrap();
    assert!(conf.contains("method = dns-hook\n"), "{conf}");
    assert!(conf.contains(&format!("dns_hook = {hook_cmd}\n")), "{conf}");
    assert!(conf.contains("dns_timeout = 30\n"), "{conf}");
    assert!(
        conf.contains(&format!("dns_resolver = {}\n", dns_addr(&pebble))),
        "{conf}"
    );
}

#[test]
fn hook_issues_a_name_and_its_wildcard_with_two_values_at_once_then_again() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let (hook, log) = write_hook(
        tmp.path(),
        pebble.challtestsrv_mgmt.as_ref().unwrap(),
        HookMode::Works,
    );
    let hook_cmd = format!("sh {}", hook.display());
    let issue = || {
        run(acme_cmd(&pebble, &cfg).args([
            "issue",
            "-d",
            "example.com",
            "-d",
            "*.example.com",
            "--dns-hook",
            &hook_cmd,
            "--dns-resolver",
            &dns_addr(&pebble),
            "--agree-tos",
            // The second run is not due: force it.
            "--force",
        ]))
    };
    let out = issue();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        san_names(&cfg.join("live/example.com/cert.pem")),
        ["*.example.com", "example.com"]
    );
    let calls = hook_calls(&log);
    assert_eq!(calls.len(), 4, "{calls:?}");
    // Both values are added before anything is removed, on one TXT name.
    assert_eq!(
        calls.iter().map(|c| c[0].as_str()).collect::<Vec<_>>(),
        ["add", "add", "remove", "remove"]
    );
    assert!(calls.iter().all(|c| c[2] == "_acme-challenge.example.com"));
    assert_ne!(calls[0][3], calls[1][3], "two different values");
    let mut domains: Vec<&str> = calls[..2].iter().map(|c| c[1].as_str()).collect();
    domains.sort();
    assert_eq!(domains, ["*.example.com", "example.com"]);
    // certbot hooks get the base name for a wildcard, and can wait once, after the last add.
    assert!(calls.iter().all(|c| c[4] == "example.com"));
    assert_eq!((calls[0][6].as_str(), calls[1][6].as_str()), ("1", "0"));
    assert_eq!(calls[0][7].split(',').count(), 2, "{calls:?}");

    // Renewal-like: the saved method serves a second issuance of the same lineage.
    let conf = fs::read_to_string(cfg.join("renewal/example.com.conf")).unwrap();
    assert!(conf.contains("method = dns-hook\n"), "{conf}");
    pebble.forget_validations(&cfg);
    let out = issue();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(cfg.join("archive/example.com/cert2.pem").exists());
    assert_eq!(hook_calls(&log).len(), 8);
}

#[test]
fn failing_hook_exits_1_with_its_stderr_and_leaves_no_lineage() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let (hook, log) = write_hook(
        tmp.path(),
        pebble.challtestsrv_mgmt.as_ref().unwrap(),
        HookMode::FailsToAdd,
    );
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "a.example.com",
        "--dns-hook",
        &format!("sh {}", hook.display()),
        "--dns-resolver",
        &dns_addr(&pebble),
        "--agree-tos",
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("exited with 3"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("zone example.com is locked by the registrar"),
        "{}",
        out.stderr
    );
    assert!(!cfg.join("live/a.example.com").exists());
    assert!(!cfg.join("renewal/a.example.com.conf").exists());
    // Removal runs on failure too.
    let actions: Vec<String> = hook_calls(&log).into_iter().map(|c| c[0].clone()).collect();
    assert_eq!(actions, ["add", "remove"]);
}

/// Runs `acme issue -d a.example.com` with a hook in `mode` and the given --dns-timeout.
fn issue_with_hook(mode: HookMode, timeout: &str) -> (Pebble, tempfile::TempDir, Output3) {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let (hook, _) = write_hook(tmp.path(), pebble.challtestsrv_mgmt.as_ref().unwrap(), mode);
    let out = run(acme_cmd(&pebble, &tmp.path().join("cfg")).args([
        "issue",
        "-d",
        "a.example.com",
        "--dns-hook",
        &format!("sh {}", hook.display()),
        "--dns-resolver",
        &dns_addr(&pebble),
        "--dns-timeout",
        timeout,
        "--agree-tos",
    ]));
    (pebble, tmp, out)
}

#[test]
fn records_that_never_appear_fail_after_the_timeout_without_asking_the_ca() {
    let started = Instant::now();
    let (pebble, tmp, out) = issue_with_hook(HookMode::PublishesNothing, "3");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("did not become visible within 3 s"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--dns-timeout"), "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(60));
    // No challenge was triggered: no failed validation counts against the account.
    assert!(!pebble.log().contains("/chalZ/"), "{}", pebble.log());
    assert!(!tmp.path().join("cfg/live/a.example.com").exists());
}

#[test]
fn records_left_after_cleanup_are_warned_about() {
    let (pebble, _tmp, out) = issue_with_hook(HookMode::ForgetsToRemove, "2");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("warning: the challenge TXT records are still published"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("_acme-challenge.a.example.com"),
        "{}",
        out.stderr
    );
    drop(pebble);
}

#[test]
fn ip_addresses_and_conflicting_methods_are_refused_before_any_request() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let www = tmp.path().join("www");
    fs::create_dir_all(&www).unwrap();
    let before = pebble.request_count();
    for (args, want) in [
        (vec!["-d", "192.0.2.7", "--dns-hook", "true"], "IP address"),
        (
            vec![
                "-d",
                "a.example",
                "--dns-hook",
                "true",
                "--webroot",
                www.to_str().unwrap(),
            ],
            "not several",
        ),
        (
            vec!["-d", "*.example.com", "--webroot", www.to_str().unwrap()],
            "wildcard",
        ),
        (
            vec![
                "-d",
                "a.example",
                "--dns-rfc2136",
                "127.0.0.1",
                "--tsig-key",
                "/nonexistent/key",
            ],
            "--tsig-key",
        ),
        (
            vec![
                "-d",
                "a.example",
                "--webroot",
                www.to_str().unwrap(),
                "--dns-timeout",
                "5",
            ],
            "--dns-timeout",
        ),
    ] {
        let out = run(acme_cmd(&pebble, &cfg)
            .arg("issue")
            .args(&args)
            .arg("--agree-tos"));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(want), "{args:?}: {}", out.stderr);
    }
    assert_eq!(pebble.request_count(), before);
    assert!(!cfg.exists() || fs::read_dir(&cfg).unwrap().next().is_none());
}

#[test]
fn manual_mode_without_a_terminal_fails_fast_pointing_to_the_hook() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let before = pebble.request_count();
    let started = Instant::now();
    // acme_cmd's stdin is /dev/null: not a terminal.
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "a.example.com",
        "--dns-manual",
        "--agree-tos",
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--dns-hook"), "{}", out.stderr);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(pebble.request_count(), before, "no order was placed");
}

/// Shell-quotes one word for `script -c`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[test]
fn manual_mode_through_a_pseudo_terminal_waits_for_enter() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    // `script` gives acme a pseudo-terminal; we type into it through script's stdin. It gets
    // acme_cmd's environment (server, CA bundle, config dir, no stray ACME_*).
    let base = acme_cmd(&pebble, &cfg);
    let inner: Vec<String> = [
        env!("CARGO_BIN_EXE_acme"),
        "issue",
        "-d",
        "m.example.com",
        "-d",
        "*.m.example.com",
        "--dns-manual",
        "--dns-resolver",
        &dns_addr(&pebble),
        "--agree-tos",
    ]
    .iter()
    .map(|s| sh_quote(s))
    .collect();
    let mut script = Command::new("script");
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => script.env(k, v),
            None => script.env_remove(k),
        };
    }
    let mut child: Child = script
        .env("SHELL", "/bin/sh")
        .args(["-qefc", &inner.join(" "), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn script(1)");
    let buf = Arc::new(Mutex::new(String::new()));
    let mut stdout = child.stdout.take().unwrap();
    let reader = {
        let buf = buf.clone();
        thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !buf.lock().unwrap().contains("Press Enter") {
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no prompt:\n{}", buf.lock().unwrap());
        }
        thread::sleep(Duration::from_millis(50));
    }
    // Acting as the user: publish every record shown, then press Enter.
    let shown: Vec<(String, String)> = buf
        .lock()
        .unwrap()
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let (name, rest) = l.split_once(". 300 IN TXT \"")?;
            Some((name.to_string(), rest.trim_end_matches('"').to_string()))
        })
        .collect();
    assert_eq!(shown.len(), 2, "{}", buf.lock().unwrap());
    assert!(
        shown
            .iter()
            .all(|(n, _)| n == "_acme-challenge.m.example.com")
    );
    for (name, value) in &shown {
        pebble.set_txt(name, value);
    }
    // Records visible, yet nothing moves until Enter.
    thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none());
    assert!(
        !buf.lock().unwrap().contains("Waiting for the CA"),
        "{}",
        buf.lock().unwrap()
    );
    child.stdin.as_mut().unwrap().write_all(b"\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("manual issuance hung:\n{}", buf.lock().unwrap());
        }
        thread::sleep(Duration::from_millis(50));
    };
    drop(child.stdin.take());
    reader.join().unwrap();
    let text = buf.lock().unwrap().clone();
    assert!(status.success(), "{status}\n{text}");
    assert!(text.contains("You can now delete"), "{text}");
    assert_eq!(
        san_names(&cfg.join("live/m.example.com/cert.pem")),
        ["*.m.example.com", "m.example.com"]
    );
}

// ---- RFC 2136 against a real BIND9 ----

const TSIG_SECRET: &str = "dGVzdC1vbmx5LXRzaWctc2VjcmV0LWZvci1hY21lLXRlc3Rz";

/// `named` serving `example.test` on a loopback port, accepting TXT updates signed with
/// `acme-key`; killed on drop.
struct Bind {
    addr: SocketAddr,
    child: Child,
    dir: tempfile::TempDir,
}

impl Bind {
    fn start() -> Bind {
        Bind::start_with(false)
    }

    /// `resolver`: also answer recursive queries, following CNAMEs from one of its zones into
    /// another, as a site's resolver would. It is primary for a local root zone, so recursion
    /// never leaves loopback.
    fn start_with(resolver: bool) -> Bind {
        for _ in 0..3 {
            if let Some(b) = Bind::try_start(resolver) {
                return b;
            }
        }
        panic!("named could not start on a free port three times");
    }

    fn try_start(resolver: bool) -> Option<Bind> {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let port = free_port();
        fs::write(
            dir.path().join("example.test.zone"),
            "$TTL 60\n@ IN SOA ns.example.test. admin.example.test. 1 60 60 600 60\n\
             @ IN NS ns.example.test.\nns IN A 127.0.0.1\n* IN A 127.0.0.1\n\
             _acme-challenge.alias IN CNAME alias.example.test.delegated.test.\n\
             _acme-challenge.chain IN CNAME hop.example.test.\n\
             hop IN CNAME chain.example.test.delegated.test.\n",
        )
        .unwrap();
        // The zone `_acme-challenge` names are delegated to, as a site keeps one for automation.
        fs::write(
            dir.path().join("delegated.test.zone"),
            "$TTL 60\n@ IN SOA ns.example.test. admin.example.test. 1 60 60 600 60\n\
             @ IN NS ns.example.test.\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("root.zone"),
            "$TTL 60\n@ IN SOA ns.example.test. admin.example.test. 1 60 60 600 60\n\
             @ IN NS ns.example.test.\n",
        )
        .unwrap();
        let (recursion, root) = match resolver {
            true => (
                "yes",
                format!("zone \".\" {{ type primary; file \"{d}/root.zone\"; }};\n"),
            ),
            false => ("no", String::new()),
        };
        fs::write(
            dir.path().join("named.conf"),
            format!(
                "options {{ directory \"{d}\"; listen-on port {port} {{ 127.0.0.1; }}; \
                 listen-on-v6 {{ none; }}; pid-file \"{d}/named.pid\"; recursion {recursion}; \
                 allow-recursion {{ 127.0.0.1; }}; \
                 dnssec-validation no; session-keyfile \"{d}/session.key\"; \
                 managed-keys-directory \"{d}\"; }};\n\
                 controls {{ }};\n\
                 key \"acme-key\" {{ algorithm hmac-sha256; secret \"{TSIG_SECRET}\"; }};\n\
                 zone \"example.test\" {{ type primary; file \"{d}/example.test.zone\"; \
                 update-policy {{ grant acme-key zonesub TXT; }}; }};\n\
                 zone \"delegated.test\" {{ type primary; file \"{d}/delegated.test.zone\"; \
                 update-policy {{ grant acme-key zonesub TXT; }}; }};\n{root}"
            ),
        )
        .unwrap();
        let log = fs::File::create(dir.path().join("named.log")).unwrap();
        // -g: foreground, log to stderr, no user switch (we may be root; the files are ours).
        let child = Command::new("/usr/sbin/named")
            .args(["-g", "-n", "1", "-c"])
            .arg(dir.path().join("named.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("spawn /usr/sbin/named (Debian package bind9)");
        let mut bind = Bind {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            child,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if bind.child.try_wait().unwrap().is_some() {
                if bind.log().contains("address in use") {
                    return None;
                }
                panic!("named exited:\n{}", bind.log());
            }
            if acme::dns::find_zone(bind.addr, "example.test", false).is_ok() {
                return Some(bind);
            }
            thread::sleep(Duration::from_millis(50));
        }
        panic!("named not ready:\n{}", bind.log());
    }

    fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("named.log")).unwrap_or_default()
    }
}

impl Drop for Bind {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn key_file(dir: &Path, secret: &str) -> PathBuf {
    let path = dir.join("tsig.key");
    fs::write(
        &path,
        format!("key \"acme-key\" {{\n\talgorithm hmac-sha256;\n\tsecret \"{secret}\";\n}};\n"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    path
}

#[test]
fn rfc2136_with_tsig_issues_through_bind_and_removes_the_records() {
    let bind = Bind::start();
    let pebble = Pebble::start_with(PebbleOpts {
        dns: DnsMode::External(bind.addr),
        ..PebbleOpts::default()
    });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let key = key_file(tmp.path(), TSIG_SECRET);
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "example.test",
        "-d",
        "*.example.test",
        "--dns-rfc2136",
        &bind.addr.to_string(),
        "--tsig-key",
        key.to_str().unwrap(),
        "--dns-resolver",
        &bind.addr.to_string(),
        "--agree-tos",
        "-v",
    ]));
    assert_eq!(out.code, 0, "{}\n--- named ---\n{}", out.stderr, bind.log());
    assert_eq!(
        san_names(&cfg.join("live/example.test/cert.pem")),
        ["*.example.test", "example.test"]
    );
    // BIND applied signed updates, and no longer serves any challenge value.
    assert!(bind.log().contains("acme-key"), "{}", bind.log());
    for name in [
        "_acme-challenge.www.example.test",
        "_acme-challenge.example.test",
    ] {
        let left = acme::dns::txt_values(bind.addr, name, false).unwrap();
        assert!(left.is_empty(), "{name}: {left:?}");
    }
    assert!(!has_warning(&out.stderr), "{}", out.stderr);
    assert!(
        !out.stderr.contains(TSIG_SECRET),
        "secret leaked to the log"
    );
    let conf = fs::read_to_string(cfg.join("renewal/example.test.conf")).unwrap();
    assert!(conf.contains("method = dns-rfc2136\n"), "{conf}");
    assert!(
        conf.contains(&format!("tsig_key = {}\n", key.display())),
        "{conf}"
    );
    assert!(!conf.contains(TSIG_SECRET), "{conf}");
}

#[test]
fn rfc2136_with_a_wrong_tsig_secret_fails_without_a_lineage() {
    let bind = Bind::start();
    let pebble = Pebble::start_with(PebbleOpts {
        dns: DnsMode::External(bind.addr),
        ..PebbleOpts::default()
    });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    // (A key file others can read is refused up front: root_safe::key_and_tsig_files_…)
    let key = key_file(tmp.path(), "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZw==");
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "www.example.test",
        "--dns-rfc2136",
        &bind.addr.to_string(),
        "--tsig-key",
        key.to_str().unwrap(),
        "--dns-resolver",
        &bind.addr.to_string(),
        "--agree-tos",
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("NOTAUTH"), "{}", out.stderr);
    assert!(!cfg.join("live/www.example.test").exists());
    assert!(!cfg.join("renewal/www.example.test.conf").exists());
}

#[test]
fn rfc2136_removal_takes_only_its_own_value_from_a_shared_name() {
    let bind = Bind::start();
    let key = acme::dns::tsig_key::parse(&format!(
        "key \"acme-key\" {{ algorithm hmac-sha256; secret \"{TSIG_SECRET}\"; }};"
    ))
    .unwrap();
    let name = "_acme-challenge.shared.example.test";
    let update = |value: &str, add: bool| {
        acme::dns::update_txt(bind.addr, "example.test.", name, value, add, &key).unwrap()
    };
    update("value-for-the-name", true);
    update("value-for-the-wildcard", true);
    let mut both = acme::dns::txt_values(bind.addr, name, false).unwrap();
    both.sort();
    assert_eq!(both, ["value-for-the-name", "value-for-the-wildcard"]);
    update("value-for-the-name", false);
    assert_eq!(
        acme::dns::txt_values(bind.addr, name, false).unwrap(),
        ["value-for-the-wildcard"]
    );
}

/// The propagation check's default path, minus the final port-53 queries: the zone comes from
/// the SOA in the authority section, its servers from NS + A lookups.
#[test]
fn zone_and_authoritative_servers_are_found_by_soa_and_ns_at_bind() {
    let bind = Bind::start();
    let zone =
        acme::dns::find_zone(bind.addr, "_acme-challenge.deep.www.example.test", true).unwrap();
    assert_eq!(zone, "example.test.");
    let servers = acme::dns::authoritative_servers(bind.addr, &zone).unwrap();
    assert_eq!(servers, [SocketAddr::from(([127, 0, 0, 1], 53))]);
    let err = acme::dns::find_zone(bind.addr, "_acme-challenge.example.org", true).unwrap_err();
    assert!(format!("{err:#}").contains("Refused"), "{err:#}");
}

// ---- CNAME delegation: `_acme-challenge.<name>` pointing into another zone ----

/// `_acme-challenge.alias.example.test` is a CNAME into `delegated.test`, and
/// `_acme-challenge.chain.example.test` reaches it through a second hop: the RFC 2136 updates go
/// to the target's zone, the propagation check follows the chain, and Pebble (resolving through
/// the same BIND) validates both names.
#[test]
fn cname_delegated_names_are_published_and_checked_at_the_target_zone_through_bind() {
    let bind = Bind::start_with(true);
    let pebble = Pebble::start_with(PebbleOpts {
        dns: DnsMode::External(bind.addr),
        ..PebbleOpts::default()
    });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let key = key_file(tmp.path(), TSIG_SECRET);
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "alias.example.test",
        "-d",
        "chain.example.test",
        "--dns-rfc2136",
        &bind.addr.to_string(),
        "--tsig-key",
        key.to_str().unwrap(),
        "--dns-resolver",
        &bind.addr.to_string(),
        "--agree-tos",
        "-v",
    ]));
    assert_eq!(out.code, 0, "{}\n--- named ---\n{}", out.stderr, bind.log());
    assert_eq!(
        san_names(&cfg.join("live/alias.example.test/cert.pem")),
        ["alias.example.test", "chain.example.test"]
    );
    for target in [
        "alias.example.test.delegated.test",
        "chain.example.test.delegated.test",
    ] {
        assert!(
            out.stderr
                .contains(&format!("RFC 2136: adding {target} TXT"))
                && out.stderr.contains("in zone delegated.test."),
            "{}",
            out.stderr
        );
    }
    assert!(
        out.stderr.contains(
            "_acme-challenge.chain.example.test -> hop.example.test -> chain.example.test.delegated.test"
        ),
        "{}",
        out.stderr
    );
    // Cleanup removed the values at the targets.
    for name in [
        "alias.example.test.delegated.test",
        "chain.example.test.delegated.test",
    ] {
        let left = acme::dns::txt_values(bind.addr, name, false).unwrap();
        assert!(left.is_empty(), "{name}: {left:?}");
    }
    assert!(!has_warning(&out.stderr), "{}", out.stderr);
}

/// The hook is told both names: where to write (`ACME_TXT_NAME`, the CNAME's target) and what
/// the CA asks for (`ACME_CHALLENGE_NAME`).
#[test]
fn a_dns_hook_gets_the_cname_target_and_the_challenge_name() {
    let pebble = Pebble::start();
    pebble.set_cname(
        "_acme-challenge.hooked.example.com",
        "hooked.example.com.acme.example.net",
    );
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let (hook, log) = write_hook(
        tmp.path(),
        pebble.challtestsrv_mgmt.as_ref().unwrap(),
        HookMode::Works,
    );
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "hooked.example.com",
        "--dns-hook",
        &format!("sh {}", hook.display()),
        "--dns-resolver",
        &dns_addr(&pebble),
        "--dns-timeout",
        "30",
        "--agree-tos",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let calls = hook_calls(&log);
    assert_eq!(calls.len(), 2, "{calls:?}");
    for c in &calls {
        assert_eq!(c[2], "hooked.example.com.acme.example.net", "{c:?}");
        assert_eq!(c[8], "_acme-challenge.hooked.example.com", "{c:?}");
    }
    assert!(cfg.join("live/hooked.example.com/cert.pem").exists());
}

// ---- dns-persist-01: one lasting record, no DNS write at renewal ----

/// `--dns-persist` with RFC 2136: the lasting `_validation-persist` record is written once,
/// stays after issuance, and the renewal only reads it. Without a publisher, the record to
/// create is printed.
#[test]
fn dns_persist_publishes_once_through_bind_and_renewals_write_nothing() {
    let bind = Bind::start();
    let pebble = Pebble::start_with(PebbleOpts {
        dns: DnsMode::External(bind.addr),
        ..PebbleOpts::default()
    });
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    let key = key_file(tmp.path(), TSIG_SECRET);
    let server = bind.addr.to_string();
    let until = acme::time::now() + 20 * 86400;
    let until_text = acme::time::format_rfc3339(until);
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "persist.example.test",
        "--dns-persist",
        "--dns-persist-until",
        &until_text,
        "--dns-rfc2136",
        &server,
        "--tsig-key",
        key.to_str().unwrap(),
        "--dns-resolver",
        &server,
        "--agree-tos",
        "-v",
    ]));
    assert_eq!(out.code, 0, "{}\n--- named ---\n{}", out.stderr, bind.log());
    assert!(
        out.stderr
            .contains("Publishing 1 lasting TXT record(s) once"),
        "{}",
        out.stderr
    );
    let values =
        acme::dns::txt_values(bind.addr, "_validation-persist.persist.example.test", false)
            .unwrap();
    assert_eq!(values.len(), 1, "{values:?}");
    assert!(
        values[0].starts_with("pebble.letsencrypt.org; accounturi=https://localhost:"),
        "{values:?}"
    );
    assert!(
        values[0].ends_with(&format!("; persistUntil={until}")),
        "{values:?}"
    );
    // persistUntil is 20 days away: `acme list` says so.
    let out = run(acme_cmd(&pebble, &cfg).args(["list"]));
    assert!(
        out.stdout.contains(&format!(
            "warning:    its dns-persist-01 record authorizes issuance only until {until_text}"
        )),
        "{}",
        out.stdout
    );
    let conf = fs::read_to_string(cfg.join("renewal/persist.example.test.conf")).unwrap();
    assert!(conf.contains("dns_persist = true\n"), "{conf}");

    pebble.forget_validations(&cfg);
    let out = run(acme_cmd(&pebble, &cfg)
        .env("ACME_NO_RANDOM_SLEEP", "1")
        .args(["renew", "--force", "-v"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("renewed (version 2)"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert!(out.stderr.contains("nothing to publish"), "{}", out.stderr);
    assert!(!out.stderr.contains("RFC 2136: adding"), "{}", out.stderr);
    assert_eq!(
        acme::dns::txt_values(bind.addr, "_validation-persist.persist.example.test", false)
            .unwrap(),
        values,
        "the record is left as it was"
    );

    // No publisher: the record to create is printed, and nothing is issued.
    let out = run(acme_cmd(&pebble, &cfg).args([
        "issue",
        "-d",
        "printed.example.test",
        "--dns-persist",
        "--dns-resolver",
        &server,
        "--dns-timeout",
        "5",
    ]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "_validation-persist.printed.example.test. 300 IN TXT \"pebble.letsencrypt.org; accounturi=https://localhost:"
        ),
        "{}",
        out.stderr
    );
    assert!(!cfg.join("live/printed.example.test").exists());
}

/// A warning other than the one every Pebble chain earns (its roots are throwaway).
fn has_warning(stderr: &str) -> bool {
    stderr
        .lines()
        .any(|l| l.contains("warning") && !l.contains("leads to no root this machine trusts"))
}
