//! `acme import-certbot`: take over a tree made by the real certbot (Debian's) against Pebble.

mod common;
use common::*;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs certbot certonly --webroot against Pebble into `root` (config, work and logs dirs).
fn certbot(pebble: &Pebble, root: &Path, www: &Path, domains: &[&str], extra: &[&str]) {
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

#[test]
fn zz_show_tree() {
    let pebble = Pebble::start();
    let tmp = tempfile::tempdir().unwrap();
    let www = tmp.path().join("www");
    fs::create_dir_all(&www).unwrap();
    let _web = StaticServer::serve(&www, pebble.http_port);
    certbot(
        &pebble,
        tmp.path(),
        &www,
        &["a.example.com", "www.a.example.com"],
        &[],
    );
    certbot(
        &pebble,
        tmp.path(),
        &www,
        &["a.example.com", "www.a.example.com"],
        &["--force-renewal"],
    );
    let keep = tmp.keep();
    eprintln!("TREE {}", keep.display());
    let _ = PathBuf::new();
}
