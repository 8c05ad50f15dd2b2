//! `acme account show|update|rollover|deactivate` against Pebble.

use crate::common::*;

use acme::crypto::KeyPair;
use acme::protocol::account;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn acme(p: &Pebble, cfg: &Path, args: &[&str]) -> Output3 {
    run(acme_cmd(p, cfg).args(args))
}

fn register(p: &Pebble, cfg: &Path) {
    let out = acme(
        p,
        cfg,
        &["register", "--agree-tos", "--email", "one@example.com"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// `accounts/<server>/`: the one account dir of the config dir.
fn account_dir(cfg: &Path) -> PathBuf {
    let mut dirs: Vec<_> = std::fs::read_dir(cfg.join("accounts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.remove(0)
}

fn record(cfg: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(account_dir(cfg).join("account.json")).unwrap()).unwrap()
}

fn show_json(p: &Pebble, cfg: &Path) -> serde_json::Value {
    let out = acme(p, cfg, &["--json", "account", "show"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn show_reports_the_account_and_update_replaces_its_contacts() {
    let p = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");

    let out = acme(&p, &cfg, &["account", "show"]);
    assert_eq!(out.code, 2, "no account yet: {}", out.stderr);
    assert!(out.stderr.contains("acme register"), "{}", out.stderr);

    register(&p, &cfg);
    let v = show_json(&p, &cfg);
    assert_eq!(v["account"], record(&cfg)["url"], "{v}");
    assert_eq!(v["status"], "valid");
    assert_eq!(v["contact"], serde_json::json!(["mailto:one@example.com"]));
    assert_eq!(v["key_type"], "ecdsa-p256");
    assert_eq!(v["server"], p.directory_url);

    let before = p.request_count();
    let out = acme(
        &p,
        &cfg,
        &["account", "update", "--email", "not an address"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(p.request_count(), before, "bad input never reaches the CA");

    let out = acme(
        &p,
        &cfg,
        &[
            "account",
            "update",
            "-m",
            "two@example.com",
            "-m",
            "three@example.com",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let want = serde_json::json!(["mailto:two@example.com", "mailto:three@example.com"]);
    // The CA's view, not only ours.
    assert_eq!(show_json(&p, &cfg)["contact"], want);
    assert_eq!(record(&cfg)["contact"], want);
}

#[test]
fn rollover_switches_the_account_to_a_new_key_and_the_old_one_is_refused() {
    let site = Site::start();
    let (p, www, cfg) = (&site.pebble, &site.www, &site.cfg);
    register(p, cfg);
    let key_path = account_dir(cfg).join("private_key.pem");
    let old_pem = std::fs::read(&key_path).unwrap();
    let url = record(cfg)["url"].as_str().unwrap().to_string();

    // Same key type first, so the CA can only tell the keys apart by their signatures.
    let out = acme(p, cfg, &["account", "rollover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mid_pem = std::fs::read(&key_path).unwrap();
    assert_ne!(mid_pem, old_pem);
    assert_eq!(record(cfg)["key_type"], "ecdsa-p256");
    let client = p.client();
    let old_key = KeyPair::from_pem(&old_pem).unwrap();
    let err = account::fetch_account(&client, &old_key, &url).unwrap_err();
    assert!(err.problem().is_some(), "refused by the CA: {err}");
    // Nor does the old key find an account of its own.
    let err = account::find_account(&client, &old_key)
        .err()
        .expect("the old key has no account any more");
    assert!(
        err.problem().is_some_and(|p| p.is("accountDoesNotExist")),
        "{err}"
    );
    let mid_key = KeyPair::from_pem(&mid_pem).unwrap();
    assert_eq!(
        account::fetch_account(&client, &mid_key, &url)
            .unwrap()
            .status,
        Some(acme::protocol::types::Status::Valid)
    );

    // Then to another key type.
    let out = acme(p, cfg, &["account", "rollover", "--key-type", "ecdsa-p384"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let new_pem = std::fs::read(&key_path).unwrap();
    assert_ne!(new_pem, mid_pem);
    assert_eq!(
        std::fs::metadata(&key_path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(record(cfg)["url"], url, "same account, new key");
    assert_eq!(record(cfg)["key_type"], "ecdsa-p384");
    let left: Vec<_> = std::fs::read_dir(account_dir(cfg))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left.len(),
        2,
        "only account.json and private_key.pem: {left:?}"
    );

    // A new order with the new key.
    let out = acme(
        p,
        cfg,
        &[
            "issue",
            "-d",
            "r.example.com",
            "--webroot",
            www.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(cfg.join("live/r.example.com/cert.pem").exists());

    let new_key = KeyPair::from_pem(&new_pem).unwrap();
    assert_eq!(
        account::fetch_account(&client, &new_key, &url)
            .unwrap()
            .status,
        Some(acme::protocol::types::Status::Valid)
    );
    assert!(account::fetch_account(&client, &mid_key, &url).is_err());
}

#[test]
fn deactivate_asks_first_and_afterwards_issue_refuses_clearly() {
    let p = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let (www, cfg) = (tmp.path().join("www"), tmp.path().join("cfg"));
    std::fs::create_dir_all(&www).unwrap();
    register(&p, &cfg);
    let url = record(&cfg)["url"].as_str().unwrap().to_string();

    let before = p.request_count();
    let out = acme(&p, &cfg, &["account", "deactivate"]);
    assert_eq!(out.code, 2, "no terminal and no --yes: {}", out.stderr);
    assert!(out.stderr.contains("--yes"), "{}", out.stderr);
    assert_eq!(p.request_count(), before);
    assert_eq!(record(&cfg)["status"], "valid");

    let out = acme(&p, &cfg, &["account", "deactivate", "--yes"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(record(&cfg)["status"], "deactivated");

    // The CA refuses the key now.
    let client = p.client();
    let key = KeyPair::from_pem(&std::fs::read(account_dir(&cfg).join("private_key.pem")).unwrap())
        .unwrap();
    let err = account::fetch_account(&client, &key, &url).unwrap_err();
    assert!(err.problem().is_some_and(|p| p.is("unauthorized")), "{err}");

    let out = acme(
        &p,
        &cfg,
        &[
            "issue",
            "-d",
            "x.example.com",
            "--webroot",
            www.to_str().unwrap(),
            "--agree-tos",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("deactivated"), "{}", out.stderr);
    assert!(!cfg.join("live").exists(), "nothing was issued");

    // show still works, from the local record.
    assert_eq!(show_json(&p, &cfg)["status"], "deactivated");
}

/// A rollover that the CA accepted but that died before saving leaves its new key in
/// `private_key.pem.new`; the next rollover finds the CA knows it and keeps it. A pending key the
/// CA does not know is simply dropped.
#[test]
fn rollover_recovers_the_key_of_an_interrupted_rollover() {
    use acme::crypto::KeyType;
    use std::os::unix::fs::OpenOptionsExt;
    let p = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("cfg");
    register(&p, &cfg);
    let dir = account_dir(&cfg);
    let url = record(&cfg)["url"].as_str().unwrap().to_string();
    let old = KeyPair::from_pem(&std::fs::read(dir.join("private_key.pem")).unwrap()).unwrap();
    let write_pending = |key: &KeyPair| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(dir.join("private_key.pem.new"))
            .unwrap();
        std::io::Write::write_all(&mut f, &key.to_pem().unwrap()).unwrap();
    };

    // A stray pending key the CA never saw.
    write_pending(&KeyPair::generate(KeyType::EcdsaP256).unwrap());
    let out = acme(&p, &cfg, &["account", "rollover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!dir.join("private_key.pem.new").exists());

    // The interrupted rollover: the CA switched to `lost`, the process died before saving it.
    let current = KeyPair::from_pem(&std::fs::read(dir.join("private_key.pem")).unwrap()).unwrap();
    assert_ne!(current.to_pem().unwrap(), old.to_pem().unwrap());
    let client = p.client();
    let lost = KeyPair::generate(KeyType::EcdsaP384).unwrap();
    account::key_change(&client, &current, &url, &lost).unwrap();
    write_pending(&lost);

    let out = acme(&p, &cfg, &["account", "rollover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("earlier rollover went through"),
        "{}",
        out.stderr
    );
    assert!(!dir.join("private_key.pem.new").exists());
    assert_eq!(
        record(&cfg)["key_type"],
        "ecdsa-p384",
        "rolled from the recovered key"
    );
    let now = KeyPair::from_pem(&std::fs::read(dir.join("private_key.pem")).unwrap()).unwrap();
    assert_eq!(
        account::fetch_account(&client, &now, &url).unwrap().status,
        Some(acme::protocol::types::Status::Valid)
    );
    assert!(account::fetch_account(&client, &lost, &url).is_err());
}
