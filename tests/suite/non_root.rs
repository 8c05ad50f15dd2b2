//! acme run by a user other than root (issue #18): `list` and `renew` finding nothing say
//! where they looked and where root's certificates are; a web root this user cannot write is
//! refused before any order. The tests run as root and drop to `nobody` with util-linux setpriv.

use crate::common::*;

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

const NOBODY: u32 = 65534;

/// `acme` as nobody, with a clean ACME_* environment and HOME set to `home`.
fn as_nobody(home: &std::path::Path) -> Command {
    let mut c = Command::new("setpriv");
    c.args([
        &format!("--reuid={NOBODY}"),
        &format!("--regid={NOBODY}"),
        "--clear-groups",
        env!("CARGO_BIN_EXE_acme"),
    ]);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ACME_") {
            c.env_remove(key);
        }
    }
    c.env("HOME", home).env_remove("XDG_DATA_HOME");
    c
}

fn open_dir() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    t
}

#[test]
fn as_another_user_list_and_renew_name_the_dir_they_looked_in_and_mention_etc_acme() {
    let t = open_dir();
    let home = t.path().join("home");
    std::fs::create_dir(&home).unwrap();
    std::os::unix::fs::chown(&home, Some(NOBODY), Some(NOBODY)).unwrap();
    let looked = home.join(".local/share/acme/renewal");
    for args in [&["list"][..], &["renew", "--no-random-sleep"][..]] {
        let out = run(as_nobody(&home).args(args));
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(
            said.contains(&format!("no certificates found in {}", looked.display())),
            "{args:?}: {said}"
        );
        assert!(
            said.contains("/etc/acme") && said.contains("--config-dir"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_web_root_this_user_cannot_write_is_refused_before_any_order() {
    let p = Pebble::start();
    let t = open_dir();
    let cfg = t.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    std::os::unix::fs::chown(&cfg, Some(NOBODY), Some(NOBODY)).unwrap();
    let www = t.path().join("www"); // root's, 0755
    std::fs::create_dir(&www).unwrap();
    let bundle = t.path().join("ca.pem");
    std::fs::copy(&p.ca_bundle, &bundle).unwrap();
    std::fs::set_permissions(&bundle, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = p.request_count();
    let out = run(as_nobody(t.path())
        .env("ACME_SERVER", &p.directory_url)
        .env("ACME_CA_BUNDLE", &bundle)
        .env("ACME_CONFIG_DIR", &cfg)
        .args(["issue", "-d", "ro.example.com", "--agree-tos", "--webroot"])
        .arg(&www));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "cannot write the http-01 challenge files under {}",
            www.display()
        )) && out.stderr.contains("nothing was ordered"),
        "{}",
        out.stderr
    );
    assert_eq!(p.request_count(), before, "the CA was not contacted");
}
