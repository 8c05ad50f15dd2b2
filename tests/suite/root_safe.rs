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

/// The unprivileged user the attacks run as, created once per test process with `useradd`.
struct Attacker {
    uid: u32,
    gid: u32,
}

fn attacker() -> Option<&'static Attacker> {
    static USER: std::sync::OnceLock<Option<Attacker>> = std::sync::OnceLock::new();
    USER.get_or_init(|| {
        // SAFETY: geteuid cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("root_safe: not root, so no attacker user can be made; skipping");
            return None;
        }
        let name = "acme-attacker";
        let id = |flag: &str| -> Option<u32> {
            let out = std::process::Command::new("id")
                .args([flag, name])
                .output()
                .ok()?;
            String::from_utf8(out.stdout).ok()?.trim().parse().ok()
        };
        if id("-u").is_none() {
            let st = std::process::Command::new("useradd")
                .args([
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                ])
                .arg(name)
                .status()
                .expect("useradd");
            assert!(st.success() || id("-u").is_some(), "useradd {name} failed");
        }
        Some(Attacker {
            uid: id("-u").unwrap(),
            gid: id("-g").unwrap(),
        })
    })
    .as_ref()
}

impl Attacker {
    /// A command run as the attacker (`setpriv`, no supplementary groups).
    fn cmd(&self, program: &str) -> std::process::Command {
        let mut c = std::process::Command::new("setpriv");
        c.arg(format!("--reuid={}", self.uid))
            .arg(format!("--regid={}", self.gid))
            .arg("--clear-groups")
            .arg("--")
            .arg(program);
        c
    }

    /// `sh -c script` as the attacker; panics unless it succeeds.
    fn sh(&self, script: &str) {
        let out = self.cmd("/bin/sh").args(["-c", script]).output().unwrap();
        assert!(
            out.status.success(),
            "as the attacker: {script}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Hands `dir` to the attacker (the web root a site's user owns).
    fn own(&self, dir: &std::path::Path) {
        std::os::unix::fs::chown(dir, Some(self.uid), Some(self.gid)).unwrap();
    }
}

/// A site whose temp dir the attacker can reach (0755) and whose web root they own, plus a
/// root-only directory standing for `/etc/cron.d` or `/etc/shadow`'s directory.
fn hostile_site(a: &Attacker) -> (Site, std::path::PathBuf) {
    let s = Site::start();
    fs::set_permissions(s.root(), fs::Permissions::from_mode(0o755)).unwrap();
    a.own(&s.www);
    let precious = s.root().join("precious");
    fs::create_dir(&precious).unwrap();
    fs::set_permissions(&precious, fs::Permissions::from_mode(0o700)).unwrap();
    fs::write(precious.join("shadow"), "root:secret\n").unwrap();
    fs::set_permissions(precious.join("shadow"), fs::Permissions::from_mode(0o600)).unwrap();
    (s, precious)
}

/// The root-only directory is exactly as it was: same entries, same modes.
fn assert_untouched(precious: &std::path::Path) {
    let mode = |p: &std::path::Path| fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(precious), 0o700, "the root-only dir was chmod'ed");
    assert_eq!(
        mode(&precious.join("shadow")),
        0o600,
        "the root-only file was chmod'ed"
    );
    let names: Vec<String> = fs::read_dir(precious)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["shadow"],
        "something was created in the root-only dir"
    );
    assert_eq!(
        fs::read_to_string(precious.join("shadow")).unwrap(),
        "root:secret\n"
    );
}

#[test]
fn planted_links_for_well_known_and_acme_challenge_are_refused_before_the_ca_is_asked() {
    let Some(a) = attacker() else { return };
    let (s, precious) = hostile_site(a);
    let www = s.www.display().to_string();
    let p = precious.display();
    for (case, plant) in [
        (".well-known", format!("ln -s {p} {www}/.well-known")),
        (
            ".well-known/acme-challenge",
            format!(
                "rm -f {www}/.well-known; mkdir {www}/.well-known && ln -s {p} {www}/.well-known/acme-challenge"
            ),
        ),
    ] {
        a.sh(&plant);
        let before = s.pebble.request_count();
        let out = s.issue(&["planted.example.com"], &[]);
        assert_eq!(out.code, 2, "{case}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "{www}/{case} is a symbolic link owned by uid {}",
                a.uid
            )) && out.stderr.contains("Name the real directory"),
            "{case}: {}",
            out.stderr
        );
        assert_eq!(
            s.pebble.request_count(),
            before,
            "{case}: the CA was contacted"
        );
        assert_untouched(&precious);
    }

    // A link the attacker owns on the way to the web root is refused as well.
    let home = s.root().join("home");
    fs::create_dir(&home).unwrap();
    a.own(&home);
    a.sh(&format!("ln -s {p} {}/public_html", home.display()));
    let out = s.acme(&[
        "issue",
        "--agree-tos",
        "-d",
        "planted.example.com",
        "--webroot",
        &format!("{}/public_html", home.display()),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("public_html is a symbolic link"),
        "{}",
        out.stderr
    );
    assert_untouched(&precious);

    // Root's own link to a web root keeps working, and cleanup leaves the web root as it was.
    a.sh(&format!("rm -rf {www}/.well-known"));
    let by_root = s.root().join("site");
    std::os::unix::fs::symlink(&s.www, &by_root).unwrap();
    let out = s.acme(&[
        "issue",
        "--agree-tos",
        "-d",
        "planted.example.com",
        "--webroot",
        by_root.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !s.www.join(".well-known").exists(),
        "cleanup left what it created"
    );
    assert_untouched(&precious);
}

/// As the attacker, from the suite binary itself (see [`inotify_racer_helper`]): watch
/// `RACE_DIR` and, the moment `RACE_NAME` is created in it, exchange it (one atomic
/// `renameat2(RENAME_EXCHANGE)`) with a link to `RACE_TARGET`. Bounded by `RACE_SECONDS`.
fn start_racer(
    a: &Attacker,
    dir: &std::path::Path,
    name: &str,
    target: &std::path::Path,
) -> std::process::Child {
    let exe = std::env::current_exe().unwrap();
    let ready = dir.join(format!(".racer-ready-{name}"));
    let child = a
        .cmd(exe.to_str().unwrap())
        .args([
            "--exact",
            "root_safe::inotify_racer_helper",
            "--ignored",
            "--nocapture",
        ])
        .env("RACE_DIR", dir)
        .env("RACE_NAME", name)
        .env("RACE_TARGET", target)
        .env("RACE_READY", &ready)
        .env("RACE_SECONDS", "60")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(20);
    while !ready.exists() {
        assert!(Instant::now() < until, "the racer did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
#[ignore = "run by inotify_racer_swaps_the_challenge_dir_for_a_link as the attacker"]
fn inotify_racer_helper() {
    let Some(dir) = std::env::var_os("RACE_DIR") else {
        return;
    };
    let name = std::env::var("RACE_NAME").unwrap();
    let target = std::env::var_os("RACE_TARGET").unwrap();
    let secs: u64 = std::env::var("RACE_SECONDS").unwrap().parse().unwrap();
    let dir = std::path::PathBuf::from(dir);
    // SAFETY: plain inotify calls on buffers we own.
    let fd = unsafe { libc::inotify_init1(libc::IN_CLOEXEC | libc::IN_NONBLOCK) };
    assert!(fd >= 0);
    let cdir = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).unwrap();
    let wd = unsafe { libc::inotify_add_watch(fd, cdir.as_ptr(), libc::IN_CREATE) };
    assert!(wd >= 0, "{}", std::io::Error::last_os_error());
    fs::write(std::env::var_os("RACE_READY").unwrap(), "").unwrap();
    let until = Instant::now() + Duration::from_secs(secs);
    let mut buf = [0u8; 4096];
    let mut swaps = 0;
    while Instant::now() < until && swaps < 20 {
        let mut pfd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        if unsafe { libc::poll(&mut pfd, 1, 100) } <= 0 {
            continue;
        }
        let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            continue;
        }
        let mut off = 0usize;
        while off + std::mem::size_of::<libc::inotify_event>() <= n as usize {
            let ev = unsafe { &*(buf.as_ptr().add(off) as *const libc::inotify_event) };
            let name_bytes =
                &buf[off + std::mem::size_of::<libc::inotify_event>()..][..ev.len as usize];
            let created = String::from_utf8_lossy(name_bytes)
                .trim_end_matches('\0')
                .to_string();
            if created == name {
                // One atomic exchange with a link made beforehand: no moment without either.
                let bait = dir.join(format!("moved-{swaps}"));
                let _ = std::os::unix::fs::symlink(&target, &bait);
                let (a, b) = (
                    std::ffi::CString::new(dir.join(&name).into_os_string().into_encoded_bytes())
                        .unwrap(),
                    std::ffi::CString::new(bait.into_os_string().into_encoded_bytes()).unwrap(),
                );
                unsafe {
                    libc::renameat2(
                        libc::AT_FDCWD,
                        a.as_ptr(),
                        libc::AT_FDCWD,
                        b.as_ptr(),
                        libc::RENAME_EXCHANGE,
                    )
                };
                swaps += 1;
            }
            off += std::mem::size_of::<libc::inotify_event>() + ev.len as usize;
        }
    }
}

#[test]
fn inotify_racer_swaps_the_challenge_dir_for_a_link_and_root_does_nothing_for_it() {
    let Some(a) = attacker() else { return };
    let (s, precious) = hostile_site(a);
    let well_known = s.www.join(".well-known");
    for round in 0..3 {
        // The web user's own .well-known, watched for acme-challenge being made in it.
        a.sh(&format!("rm -rf {0}; mkdir {0}", well_known.display()));
        let mut racer = start_racer(a, &well_known, "acme-challenge", &precious);
        let out = s.issue(&[&format!("race{round}.example.com")], &[]);
        let _ = racer.kill();
        let _ = racer.wait();
        eprintln!(
            "round {round}: exit {}: {}",
            out.code,
            out.stderr.trim_end()
        );
        assert_untouched(&precious);
        // Either acme won (its file was served), or it saw the swap and refused, or the swap
        // came after acme opened its directory and the CA found nothing where the web user
        // had moved it (a failure the web user caused themselves).
        match out.code {
            0 => {}
            1 => assert!(
                out.stderr.contains("validation failed"),
                "round {round}: {}",
                out.stderr
            ),
            2 => assert!(
                out.stderr
                    .contains("acme-challenge was replaced right after acme created it")
                    || out
                        .stderr
                        .contains("acme-challenge is a symbolic link owned by uid"),
                "round {round}: {}",
                out.stderr
            ),
            c => panic!("round {round}: exit {c}: {}", out.stderr),
        }
        // The racer did swap, so the test raced.
        assert!(
            well_known.join("moved-0").exists(),
            "round {round}: the racer never swapped"
        );
    }
}

#[test]
fn a_config_dir_others_can_write_or_own_is_refused_with_the_fix() {
    let Some(a) = attacker() else { return };
    let (s, precious) = hostile_site(a);
    let parent = s.root().join("shared");
    fs::create_dir(&parent).unwrap();
    let cfg = parent.join("cfg");
    let issue = |cfg: &std::path::Path| {
        run(acme_cmd(&s.pebble, cfg)
            .args([
                "issue",
                "--agree-tos",
                "-d",
                "strict.example.com",
                "--webroot",
            ])
            .arg(&s.www))
    };
    let before = s.pebble.request_count();

    // A world-writable parent.
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o777)).unwrap();
    let out = issue(&cfg);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let p = parent.display();
    assert!(
        out.stderr
            .contains(&format!("{p} is writable by group and others"))
            && out.stderr.contains(&format!("fix: chmod go-w {p}")),
        "{}",
        out.stderr
    );

    // A parent the web user owns, and a config dir they made first in a sticky directory.
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    a.own(&parent);
    let out = issue(&cfg);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("fix: chown root {p}")),
        "{}",
        out.stderr
    );
    let sticky = s.root().join("sticky");
    fs::create_dir(&sticky).unwrap();
    fs::set_permissions(&sticky, fs::Permissions::from_mode(0o1777)).unwrap();
    a.sh(&format!(
        "mkdir -m 700 {0}/cfg && echo 'pre_hook = touch {1}/pwned' > {0}/cfg/x",
        sticky.display(),
        precious.display()
    ));
    let out = issue(&sticky.join("cfg"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "{}/cfg belongs to uid {}",
            sticky.display(),
            a.uid
        )),
        "{}",
        out.stderr
    );
    assert_eq!(s.pebble.request_count(), before, "the CA was contacted");
    assert!(
        !cfg.exists(),
        "a config dir was made under an untrusted parent"
    );

    // Root's own directory inside root's sticky one is fine (the suite's /tmp case).
    let out = issue(&sticky.join("root-cfg"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_untouched(&precious);
}

#[test]
fn lock_and_ledger_files_that_are_links_are_refused_and_their_targets_untouched() {
    let Some(a) = attacker() else { return };
    let (s, precious) = hostile_site(a);
    fs::create_dir_all(s.cfg.join("locks")).unwrap();
    for (file, shown) in [
        (
            "locks/lineage-links.example.com.lock",
            "lineage-links.example.com.lock",
        ),
        ("locks/ledger.lock", "ledger.lock"),
        ("ledger.jsonl", "ledger.jsonl"),
    ] {
        let link = s.cfg.join(file);
        // One dangling (root would create the target), one onto an existing root-only file.
        for target in ["created", "shadow"] {
            std::os::unix::fs::symlink(precious.join(target), &link).unwrap();
            let out = s.issue(&["links.example.com"], &[]);
            assert!(
                out.stderr.contains(&format!("{shown} is a symbolic link"))
                    && out.stderr.contains(&format!("fix: rm {}", link.display())),
                "{file}: {}",
                out.stderr
            );
            // The ledger's lock is taken only to record what was spent, after the order: its
            // refusal is a warning on a safe success. Everything else is refused up front.
            if file == "locks/ledger.lock" {
                assert_eq!(out.code, 0, "{file}: {}", out.stderr);
                fs::remove_dir_all(s.cfg.join("live")).unwrap();
                fs::remove_dir_all(s.cfg.join("archive")).unwrap();
                fs::remove_dir_all(s.cfg.join("renewal")).unwrap();
            } else {
                assert_eq!(out.code, 2, "{file}: {}", out.stderr);
            }
            fs::remove_file(&link).unwrap();
            assert_untouched(&precious);
        }
    }
    let out = s.issue(&["links.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn key_and_tsig_files_open_to_group_or_others_are_refused_with_chmod_600() {
    let s = Site::start();
    let tsig = s.root().join("tsig.key");
    fs::write(
        &tsig,
        "key \"k\" {\n\talgorithm hmac-sha256;\n\tsecret \"c2VjcmV0c2VjcmV0c2VjcmV0\";\n};\n",
    )
    .unwrap();
    fs::set_permissions(&tsig, fs::Permissions::from_mode(0o640)).unwrap();
    let before = s.pebble.request_count();
    let out = s.acme(&[
        "issue",
        "--agree-tos",
        "-d",
        "tsig.example.com",
        "--dns-rfc2136",
        "127.0.0.1:53",
        "--tsig-key",
        tsig.to_str().unwrap(),
    ]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("mode 640")
            && out
                .stderr
                .contains(&format!("chmod 600 {}", tsig.display())),
        "{}",
        out.stderr
    );
    assert_eq!(s.pebble.request_count(), before, "the CA was contacted");

    // The account key, loosened by hand after registration.
    let out = s.acme(&["register", "--agree-tos"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let key = walk_for(&s.cfg.join("accounts"), "private_key.pem").expect("an account key");
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let out = s.issue(&["key.example.com"], &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("chmod 600 {}", key.display())),
        "{}",
        out.stderr
    );
    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    let out = s.issue(&["key.example.com"], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// The first file called `name` under `dir`.
fn walk_for(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
    for e in fs::read_dir(dir).ok()? {
        let p = e.ok()?.path();
        if p.file_name().is_some_and(|n| n == name) {
            return Some(p);
        }
        if p.is_dir()
            && let Some(found) = walk_for(&p, name)
        {
            return Some(found);
        }
    }
    None
}

/// The live view's cert and key are one pair, and fullchain starts with that cert.
fn assert_matching_pair(live: &std::path::Path, when: &str) {
    use openssl::pkey::PKey;
    use openssl::x509::X509;
    let cert_pem = fs::read(live.join("cert.pem")).unwrap();
    let cert = X509::from_pem(&cert_pem).unwrap();
    let key = PKey::private_key_from_pem(&fs::read(live.join("privkey.pem")).unwrap()).unwrap();
    assert!(
        cert.public_key().unwrap().public_eq(&key),
        "{when}: live cert.pem and privkey.pem are of different versions"
    );
    let full = fs::read(live.join("fullchain.pem")).unwrap();
    assert!(
        full.starts_with(&cert_pem),
        "{when}: fullchain.pem is of another version"
    );
}

#[test]
fn sigkill_at_every_rename_while_a_plain_live_dir_is_switched_leaves_a_matching_pair() {
    let s = Site::start();
    let name = "plain.example.com";
    let out = s.issue(&[name], &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Hand-migrated, certbot style: live/<name>/ a plain directory of links to version 1.
    let live_dir = s.cfg.join("live");
    let live = live_dir.join(name);
    let version_dir = live_dir.join(fs::read_link(&live).unwrap());
    fs::remove_file(&live).unwrap();
    fs::remove_dir_all(version_dir).unwrap();
    fs::create_dir(&live).unwrap();
    for kind in ["cert", "chain", "fullchain", "privkey"] {
        std::os::unix::fs::symlink(
            format!("../../archive/{name}/{kind}1.pem"),
            live.join(format!("{kind}.pem")),
        )
        .unwrap();
    }
    assert_matching_pair(&live, "before");

    // Kill acme just before its k-th rename, for every k until a run gets through.
    let mut killed_while_plain = 0;
    let mut finished = false;
    for k in 1..=80 {
        let inner = acme_cmd(&s.pebble, &s.cfg);
        let mut c = std::process::Command::new("strace");
        c.args(["-f", "-qq", "-o", "/dev/null"])
            .args(["-e", "trace=rename,renameat,renameat2"])
            .arg("-e")
            .arg(format!(
                "inject=rename,renameat,renameat2:signal=SIGKILL:when={k}"
            ))
            .arg("--")
            .arg(inner.get_program());
        for (key, v) in inner.get_envs() {
            match v {
                Some(v) => c.env(key, v),
                None => c.env_remove(key),
            };
        }
        c.env("ACME_NO_RANDOM_SLEEP", "1")
            .args(["renew", "--force", "--cert-name", name])
            .stdin(std::process::Stdio::null());
        let out = run(&mut c);
        let when = format!("killed at rename {k}");
        assert_matching_pair(&live, &when);
        match out.code {
            137 => {
                if !live.is_symlink() {
                    killed_while_plain += 1;
                }
            }
            0 => {
                finished = true;
                break;
            }
            code => panic!("{when}: exit {code}: {}", out.stderr),
        }
    }
    assert!(finished, "no run got through 80 renames");
    assert!(killed_while_plain > 0, "no kill landed before the switch");
    // Converted: live/<name> is now acme's link, the plain directory gone.
    assert!(live.is_symlink(), "live/{name} was not converted");
    let leftovers: Vec<String> = fs::read_dir(&live_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".plain") || f.starts_with(&format!(".{name}.v1")))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_matching_pair(&live, "after");
}

#[test]
fn a_newline_in_a_web_root_path_or_a_hook_adds_no_key_and_renewal_repeats_them_exactly() {
    let s = Site::start();
    let marker = s.root().join("pwned");
    // Names as a web user would choose them (`-w .` inside their directory), here as root's own
    // links to the served web root so the CA can still validate.
    // The hook it would smuggle in touches `pwned` in acme's working directory, s.root().
    let evil = s.root().join("x\npre_hook = touch pwned\n");
    let spaced = s.root().join("trailing ");
    std::os::unix::fs::symlink(&s.www, &evil).unwrap();
    std::os::unix::fs::symlink(&s.www, &spaced).unwrap();
    let log = s.root().join("deploy.log");
    let hook = format!("echo one >> {0}\necho two >> {0}", log.display());
    let out = run(s
        .cmd()
        .current_dir(s.root())
        .args(["issue", "--agree-tos", "--webroot"])
        .arg(&evil)
        .args(["-d", "nl.example.com", "--webroot"])
        .arg(&spaced)
        .args(["-d", "sp.example.com", "--deploy-hook", &hook]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    let conf = fs::read_to_string(s.cfg.join("renewal/nl.example.com.conf")).unwrap();
    assert!(
        !conf.lines().any(|l| l.trim_start().starts_with("pre_hook")),
        "{conf}"
    );

    let out = run(s.cmd().env("ACME_NO_RANDOM_SLEEP", "1").args([
        "renew",
        "--force",
        "--cert-name",
        "nl.example.com",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\none\ntwo\n");
    assert!(
        !marker.exists(),
        "a pre_hook smuggled in through a path ran"
    );
}

#[test]
fn a_root_made_well_known_link_to_a_shared_dir_is_followed_from_the_real_root_not_the_web_root() {
    let s = Site::start();
    // The shared-challenge setup: `<webroot>/.well-known -> <shared>/.well-known`, made by root.
    let shared = s.root().join("shared/.well-known");
    fs::create_dir_all(&shared).unwrap();
    // A decoy at `<webroot>/<the same absolute path>` (in a user's web root, theirs to make).
    let decoy = s.www.join(shared.strip_prefix("/").unwrap());
    fs::create_dir_all(&decoy).unwrap();
    let absolute = shared.to_str().unwrap().to_string();
    for (case, target) in [
        ("absolute", absolute.as_str()),
        ("..", "../shared/.well-known"),
    ] {
        let link = s.www.join(".well-known");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(target, &link).unwrap();
        let out = s.issue(&["shared.example.com"], &[]);
        // Pebble fetched the token through the link, so it was written in the shared dir.
        assert_eq!(out.code, 0, "{case}: {}", out.stderr);
        let left: Vec<_> = fs::read_dir(&shared).unwrap().collect();
        assert!(left.is_empty(), "{case}: cleanup left {left:?}");
        let touched: Vec<_> = fs::read_dir(&decoy).unwrap().collect();
        assert!(
            touched.is_empty(),
            "{case}: the decoy was used: {touched:?}"
        );
    }
}
