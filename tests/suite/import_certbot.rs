//! `acme import-certbot`: take over a tree made by the real certbot (Debian's) against Pebble.

use crate::common::*;
use crate::support::conf::Conf;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs certbot certonly --webroot against Pebble into `root` (config, work and logs dirs).
pub(crate) fn certbot(pebble: &Pebble, root: &Path, www: &Path, domains: &[&str], extra: &[&str]) {
    let mut cmd = Command::new("certbot");
    cmd.env("REQUESTS_CA_BUNDLE", &pebble.ca_bundle)
        .args([
            "certonly",
            "--non-interactive",
            "--agree-tos",
            "-m",
            "a@b.example",
        ])
        .args(["--server", &pebble.directory_url])
        .arg("--config-dir")
        .arg(root.join("etc"))
        .arg("--work-dir")
        .arg(root.join("work"))
        .arg("--logs-dir")
        .arg(root.join("logs"))
        .args(["--webroot", "-w", www.to_str().unwrap()]);
    for d in domains {
        cmd.args(["-d", d]);
    }
    cmd.args(extra);
    let out = cmd.output().expect("run certbot");
    assert!(
        out.status.success(),
        "certbot failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file's contents and mode, every symlink's target, every directory's mode: what
/// "unchanged" means for the source tree.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        let meta = fs::symlink_metadata(&p).unwrap();
        let rel = p.strip_prefix(root).unwrap().to_path_buf();
        let mode = meta.mode();
        let what = if meta.file_type().is_symlink() {
            format!("link {}", fs::read_link(&p).unwrap().display())
        } else if meta.is_dir() {
            for e in fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
            format!("dir {mode:o}")
        } else {
            let sum = openssl::sha::sha256(&fs::read(&p).unwrap());
            format!(
                "file {mode:o} {}",
                sum.iter().map(|b| format!("{b:02x}")).collect::<String>()
            )
        };
        out.insert(rel, what);
    }
    out
}

#[test]
fn a_real_certbot_tree_is_imported_unchanged_and_idempotently() {
    let site = Site::start();
    let (pebble, tmp, www, cfg) = (&site.pebble, &site.tmp, &site.www, &site.cfg);
    // Two versions of one lineage, and an RSA lineage with a deploy hook.
    let a = ["a.example.com", "www.a.example.com"];
    certbot(pebble, tmp.path(), www, &a, &[]);
    certbot(pebble, tmp.path(), www, &a, &["--force-renewal"]);
    certbot(
        pebble,
        tmp.path(),
        www,
        &["b.example.com"],
        &[
            "--key-type",
            "rsa",
            "--rsa-key-size",
            "3072",
            "--deploy-hook",
            "touch /dev/null",
        ],
    );
    let src = tmp.path().join("etc");
    let before = snapshot(&src);

    let out = run(acme_cmd(pebble, cfg).args(["import-certbot", "--from", src.to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("imported  certificate a.example.com"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("imported  certificate b.example.com"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("imported  account"), "{}", out.stdout);
    assert_eq!(snapshot(&src), before, "the certbot tree was not modified");

    // Every archived version came over, byte for byte; live shows certbot's live version.
    for n in 1..=2 {
        for kind in ["cert", "chain", "fullchain", "privkey"] {
            let f = format!("{kind}{n}.pem");
            assert_eq!(
                fs::read(cfg.join("archive/a.example.com").join(&f)).unwrap(),
                fs::read(src.join("archive/a.example.com").join(&f)).unwrap(),
                "{f}"
            );
        }
    }
    assert_eq!(
        fs::read(cfg.join("live/a.example.com/cert.pem")).unwrap(),
        fs::read(src.join("live/a.example.com/cert.pem")).unwrap()
    );
    let key_mode = fs::metadata(cfg.join("archive/a.example.com/privkey2.pem"))
        .unwrap()
        .mode();
    assert_eq!(key_mode & 0o777, 0o600);

    // The renewal confs parse and say what renewal needs.
    let a_conf = Conf::load(&cfg.join("renewal/a.example.com.conf")).unwrap();
    assert_eq!(
        a_conf.list("domains"),
        vec!["a.example.com", "www.a.example.com"]
    );
    assert_eq!(a_conf.get("server"), Some(pebble.directory_url.as_str()));
    assert_eq!(a_conf.get("key_type"), Some("ecdsa-p256"));
    assert_eq!(a_conf.get("method"), Some("webroot"));
    for name in ["a.example.com", "www.a.example.com"] {
        let root = a_conf.get(&format!("webroot.{name}"));
        assert_eq!(root, www.to_str(), "web root of {name}");
    }
    let b_conf = Conf::load(&cfg.join("renewal/b.example.com.conf")).unwrap();
    assert_eq!(b_conf.get("key_type"), Some("rsa3072"));
    assert_eq!(b_conf.get("deploy_hook"), Some("touch /dev/null"));

    // The account is certbot's (same URL), so no new account is made at the CA.
    let record: serde_json::Value = serde_json::from_slice(
        &fs::read(
            fs::read_dir(cfg.join("accounts"))
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path()
                .join("account.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(a_conf.get("account"), record["url"].as_str());

    // Idempotent: a second run imports nothing and says so.
    let out = run(acme_cmd(pebble, cfg).args(["import-certbot", "--from", src.to_str().unwrap()]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Nothing new to import"),
        "{}",
        out.stdout
    );
    assert_eq!(snapshot(&src), before);

    // Carrying on where certbot stopped: `acme renew --force` makes a new version of the
    // imported lineage from its imported settings, ordered with the imported account (no
    // newAccount at the CA).
    let new_accounts = |log: &str| log.lines().filter(|l| l.contains("/sign-me-up")).count();
    let accounts_before = new_accounts(&pebble.log());
    assert_eq!(
        accounts_before,
        1,
        "certbot registered once:\n{}",
        pebble.log()
    );
    let out = run(acme_cmd(pebble, cfg).args([
        "renew",
        "--cert-name",
        "a.example.com",
        "--force",
        "--no-random-sleep",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("a.example.com: renewed"),
        "{}",
        out.stdout
    );
    assert_eq!(
        new_accounts(&pebble.log()),
        accounts_before,
        "the imported account was used"
    );
    assert!(cfg.join("archive/a.example.com/cert3.pem").exists());
    assert_eq!(
        fs::read(cfg.join("live/a.example.com/cert.pem")).unwrap(),
        fs::read(cfg.join("archive/a.example.com/cert3.pem")).unwrap()
    );
    assert_eq!(snapshot(&src), before);
}

#[test]
fn a_missing_certbot_tree_exits_2() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let out = run(acme_cmd(&pebble, &tmp.path().join("cfg")).args([
        "import-certbot",
        "--from",
        tmp.path().join("nope").to_str().unwrap(),
    ]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("not a certbot directory"),
        "{}",
        out.stderr
    );
    assert!(!tmp.path().join("cfg").exists());
}
